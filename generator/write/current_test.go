package write

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"eventstorm/generator"
)

// TestCurrent checks that a tree written for an input is recognised as
// current for that input only, and not once any file it lists changed.
func TestCurrent(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	plan := []generator.File{
		gen("a/x_gen.go", "package a\n"),
		gen("b/y_gen.go", "package b\n"),
		scaf("a/hook.go", "package a // yours\n"),
	}
	cases := []struct {
		name   string
		input  string
		change func(dir string)
		want   bool
	}{
		{name: "same input", input: "in-1", want: true},
		{name: "other input", input: "in-2", want: false},
		{name: "no input", input: "", want: false},
		{name: "scaffolded file edited", input: "in-1", want: true, change: func(dir string) {
			writeFile(t, dir, "a/hook.go", "package a // edited\n")
		}},
		{name: "generated file edited", input: "in-1", want: false, change: func(dir string) {
			writeFile(t, dir, "b/y_gen.go", "package b // edited\n")
		}},
		{name: "generated file removed", input: "in-1", want: false, change: func(dir string) {
			os.Remove(filepath.Join(dir, "a/x_gen.go"))
		}},
		{name: "scaffolded file removed", input: "in-1", want: false, change: func(dir string) {
			os.Remove(filepath.Join(dir, "a/hook.go"))
		}},
		{name: "generated file replaced by a directory", input: "in-1", want: false, change: func(dir string) {
			os.Remove(filepath.Join(dir, "a/x_gen.go"))
			os.Mkdir(filepath.Join(dir, "a/x_gen.go"), 0o755)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			mustApply(t, dir, plan, Options{Input: "in-1"})
			if c.change != nil {
				c.change(dir)
			}
			res, ok := Current(dir, c.input)
			if ok != c.want {
				t.Fatalf("Current = %v, want %v", ok, c.want)
			}
			if ok {
				wantActions(t, res, map[string]Action{"a/x_gen.go": Unchanged, "b/y_gen.go": Unchanged, "a/hook.go": Skip})
			}
		})
	}
}

// TestCurrentNeedsACompleteApply checks that a dry run, a failed apply or
// an apply without input records no input, so that the next run plans.
func TestCurrentNeedsACompleteApply(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	plan := []generator.File{gen("a/x_gen.go", "package a\n")}
	dir := t.TempDir()
	mustApply(t, dir, plan, Options{Input: "in", DryRun: true})
	if _, ok := Current(dir, "in"); ok {
		t.Error("current after a dry run")
	}
	mustApply(t, dir, plan, Options{})
	if _, ok := Current(dir, "in"); ok {
		t.Error("current after an apply without input")
	}
	mustApply(t, dir, plan, Options{Input: "in"})
	if _, ok := Current(dir, "in"); !ok {
		t.Error("not current after an apply with the input")
	}
	// A conflict leaves the manifest as it was: still the old input.
	writeFile(t, dir, "a/x_gen.go", "package a // edited\n")
	if _, err := Apply(dir, []generator.File{gen("a/x_gen.go", "package a // new\n")}, Options{Input: "in-2"}); err == nil {
		t.Fatal("Apply over a hand edit succeeded")
	}
	if _, ok := Current(dir, "in-2"); ok {
		t.Error("current for the input of a refused apply")
	}
}

// TestCurrentRemembersStats checks that files found intact are remembered
// by size and time, and that a later edit of the same size is still seen.
func TestCurrentRemembersStats(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	dir := t.TempDir()
	plan := []generator.File{gen("a/x_gen.go", "package a // 1\n"), gen("b/y_gen.go", "package b\n")}
	mustApply(t, dir, plan, Options{Input: "in"})
	old := time.Now().Add(-time.Hour)
	for _, f := range plan {
		if err := os.Chtimes(filepath.Join(dir, f.Path), old, old); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := Current(dir, "in"); !ok {
		t.Fatal("not current")
	}
	if s := loadStats(dir, statsManifest(t, dir)); len(s.Files) != 2 {
		t.Fatalf("%d files remembered, want 2", len(s.Files))
	}
	if _, ok := Current(dir, "in"); !ok {
		t.Fatal("not current with the stats remembered")
	}
	writeFile(t, dir, "a/x_gen.go", "package a // 2\n") // same size, new time
	if _, ok := Current(dir, "in"); ok {
		t.Error("an edit of the same size went unseen")
	}
}

func statsManifest(t *testing.T, dir string) string {
	t.Helper()
	return sum(readManifestFile(t, dir))
}
