package cmd

import (
	"strings"
	"testing"

	"eventstorm/samples"
)

func TestSamples(t *testing.T) {
	r := run(t, "samples")
	r.want(t, 0)
	lines := strings.Split(strings.TrimSuffix(r.out, "\n"), "\n")
	all := samples.All()
	if len(lines) != len(all) {
		t.Fatalf("want one line per sample (%d), got:\n%s", len(all), r.out)
	}
	sawOrder := false
	for i, s := range all {
		name, desc, _ := strings.Cut(lines[i], " ")
		if name != s.Name {
			t.Errorf("line %d names %q, want %q", i+1, name, s.Name)
		}
		if strings.TrimSpace(desc) != s.Description {
			t.Errorf("line %d describes %q as %q, want %q", i+1, s.Name, strings.TrimSpace(desc), s.Description)
		}
		if s.Description == "" {
			t.Errorf("sample %q has no description", s.Name)
		}
		sawOrder = sawOrder || name == "order"
	}
	if !sawOrder {
		t.Errorf("the order sample is not listed:\n%s", r.out)
	}
	if r.err != "" {
		t.Errorf("stderr should be empty:\n%s", r.err)
	}
}

func TestSamplesRejectsArgs(t *testing.T) {
	r := run(t, "samples", "order")
	r.want(t, 2)
	if !strings.Contains(r.err, "takes no arguments") {
		t.Errorf("stderr:\n%s", r.err)
	}
}
