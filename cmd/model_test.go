package cmd

import (
	"os"
	"strings"
	"testing"
)

// TestModelNeedsTerminal runs the interactive board without a terminal: it
// must fail at once, without reading stdin or writing a model, and point to
// validate.
func TestModelNeedsTerminal(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, args := range [][]string{{"model"}, {"model", "shop.yaml"}} {
		r := run(t, args...) // stdin fails the test if read
		r.want(t, 1)
		if !strings.Contains(r.err, "needs a terminal") || !strings.Contains(r.err, "eventstorm validate") {
			t.Errorf("%v: stderr does not explain and point to validate:\n%s", args, r.err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("model without a terminal wrote %v", entries)
	}
}

func TestModelUsageErrors(t *testing.T) {
	run(t, "model", "a.yaml", "b.yaml").want(t, 2)
	run(t, "model", "--bogus").want(t, 2)
}

func TestModelHelp(t *testing.T) {
	r := run(t, "model", "--help")
	r.want(t, 0)
	if !strings.Contains(r.out, "eventstorm model [FILE]") {
		t.Errorf("help does not show the usage:\n%s", r.out)
	}
}
