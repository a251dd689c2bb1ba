package boardimport

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func importFixture(t *testing.T, name, system string) *Draft {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Read(name, data, "")
	if err != nil {
		t.Fatal(err)
	}
	d, _ := Infer(b, DefaultLegend(), system)
	return d
}

// TestMergeSameBoardChangesNothing re-imports a wall into its own import:
// the file must come back byte for byte, with nothing added or gone.
func TestMergeSameBoardChangesNothing(t *testing.T) {
	for _, name := range []string{"miro-frames-arrows.all.json", "miro-row-noarrows.json"} {
		d := importFixture(t, name, "Shop")
		first := d.YAML()
		again, rep, err := Merge(first, d)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, again) {
			t.Errorf("%s: re-import changed the model:\n%s", name, again)
		}
		if rep.Added != 0 || rep.Updated != 0 || len(rep.Gone) != 0 {
			t.Errorf("%s: report %+v, want nothing changed", name, rep)
		}
	}
}

// TestMergeAddsNewStickiesWhereTheyBelong merges a wall with a new context
// frame into a model holding only the first one.
func TestMergeAddsNewStickiesWhereTheyBelong(t *testing.T) {
	d := importFixture(t, "miro-frames-arrows.all.json", "Shop")
	only := *d
	only.Contexts = d.Contexts[:1]
	ordering := *d.Contexts[0]
	ordering.ReadModels = nil
	only.Contexts = []*DraftContext{&ordering}
	merged, rep, err := Merge(only.YAML(), d)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"name: Shipping", "name: Open Orders", "then: Ship Order"} {
		if !strings.Contains(string(merged), want) {
			t.Errorf("the merge lacks %q:\n%s", want, merged)
		}
	}
	if rep.Added == 0 {
		t.Errorf("report %+v counts nothing added", rep)
	}
}

func TestMergeRefusesNonModels(t *testing.T) {
	d := importFixture(t, "miro-row-noarrows.json", "Library")
	for _, in := range []string{"port: 8080\n", "- a\n- b\n", "just text\n"} {
		if _, _, err := Merge([]byte(in), d); !errors.Is(err, ErrNotModel) {
			t.Errorf("%q: error %v, want ErrNotModel", in, err)
		}
	}
	if _, _, err := Merge([]byte("eventstorm: [\n"), d); err == nil || !strings.Contains(err.Error(), "cannot read the existing model") {
		t.Errorf("broken YAML: error %v", err)
	}
}

// TestMergeKeepsTheFileAsWritten merges a wall with a new frame into a
// model the team has reformatted (blank lines, spaced flow mappings): the
// merge adds the new context's lines and leaves every other line as the
// team wrote it.
func TestMergeKeepsTheFileAsWritten(t *testing.T) {
	d := importFixture(t, "miro-frames-arrows.all.json", "Shop")
	only := *d
	only.Contexts = d.Contexts[:1]
	written := strings.ReplaceAll(string(only.YAML()), "\n  - name:", "\n\n  - name:")
	written = strings.ReplaceAll(written, "{board: miro, id:", "{ board: miro, id:")
	merged, _, err := Merge([]byte(written), d)
	if err != nil {
		t.Fatal(err)
	}
	rest := strings.SplitAfter(string(merged), "\n")
	i := 0
	for _, l := range strings.SplitAfter(written, "\n") {
		for i < len(rest) && rest[i] != l {
			i++
		}
		if i == len(rest) {
			t.Fatalf("the merge rewrote the team's line %q:\n%s", l, merged)
		}
		i++
	}
	if !strings.Contains(string(merged), "name: Shipping") {
		t.Errorf("the merge lacks the new context:\n%s", merged)
	}
}
