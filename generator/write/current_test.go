package write

import (
	"os"
	"path/filepath"
	"testing"

	"eventstorm/generator"
)

// TestCurrent checks that a tree written for an input is recognised as
// current for that input only, and not once any file it lists changed.
func TestCurrent(t *testing.T) {
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
