package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"eventstorm/diagram"
	"eventstorm/model"
	"eventstorm/samples"
)

// writeNamedSample writes a bundled sample as dir/eventstorm.yaml.
func writeNamedSample(t *testing.T, dir, name string) string {
	t.Helper()
	s, err := samples.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, ModelFile)
	if err := os.WriteFile(file, s.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// drawn is what the diagram package draws for the model file.
func drawn(t *testing.T, file, format string) string {
	t.Helper()
	m, diags := model.Read(file)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var b bytes.Buffer
	if err := diagram.Render(&b, m, format); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestDiagramEachFormatToStdout(t *testing.T) {
	file := writeNamedSample(t, t.TempDir(), "printshop")
	for format, start := range map[string]string{"mermaid": "flowchart LR\n", "dot": "digraph ", "html": "<!DOCTYPE html>"} {
		r := run(t, "diagram", file, "--format", format)
		r.want(t, exitOK)
		if !strings.HasPrefix(r.out, start) {
			t.Errorf("--format %s printed %.40q..., want it to start with %q", format, r.out, start)
		}
		if r.out != drawn(t, file, format) {
			t.Errorf("--format %s did not print the board the diagram package draws", format)
		}
		if r.err != "" {
			t.Errorf("--format %s: stderr:\n%s", format, r.err)
		}
	}
}

func TestDiagramDefaultsToTheModelHereAndMermaid(t *testing.T) {
	dir := t.TempDir()
	writeNamedSample(t, dir, "order")
	t.Chdir(dir)
	r := run(t, "diagram")
	r.want(t, exitOK)
	if r.out != drawn(t, ModelFile, "mermaid") {
		t.Errorf("diagram with no arguments did not print ./eventstorm.yaml as Mermaid:\n%s", r)
	}
}

func TestDiagramOutputFile(t *testing.T) {
	dir := t.TempDir()
	file := writeNamedSample(t, dir, "order")
	for _, tc := range []struct {
		args   []string
		format string
	}{
		{[]string{"-o", filepath.Join(dir, "board.html")}, "html"}, // the extension picks the format
		{[]string{"-o", filepath.Join(dir, "board.gv")}, "dot"},
		{[]string{"-o", filepath.Join(dir, "board.txt")}, "mermaid"},
		{[]string{"--output", filepath.Join(dir, "board.html"), "--format", "dot"}, "dot"}, // --format wins
	} {
		r := run(t, append([]string{"diagram", file}, tc.args...)...)
		r.want(t, exitOK)
		if r.out != "" || r.err != "" {
			t.Errorf("%v printed something:\n%s", tc.args, r)
		}
		got, err := os.ReadFile(tc.args[1])
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != drawn(t, file, tc.format) {
			t.Errorf("%v did not write the board as %s", tc.args, tc.format)
		}
	}
}

func TestDiagramInvalidModel(t *testing.T) {
	file := validateDir + "/unknown_refs.yaml"
	out := filepath.Join(t.TempDir(), "board.mmd")
	r := run(t, "diagram", file, "-o", out)
	r.want(t, exitFail)
	if r.out != "" {
		t.Errorf("an invalid model printed a board:\n%s", r.out)
	}
	diag := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(file) + `:\d+:\d+: error: .*did you mean "Order Placed"\?$`)
	if !diag.MatchString(r.err) {
		t.Errorf("stderr does not list the model's errors as FILE:LINE:COL diagnostics:\n%s", r.err)
	}
	if !strings.Contains(r.err, "eventstorm: "+file+" is invalid; no diagram was drawn") {
		t.Errorf("stderr does not say nothing was drawn:\n%s", r.err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("an invalid model wrote %s", out)
	}

	r = run(t, "diagram", filepath.Join(t.TempDir(), "missing.yaml"))
	r.want(t, exitFail)
	if !strings.Contains(r.err, "missing.yaml:1:1: error: cannot read the model") {
		t.Errorf("a missing model is not reported as such:\n%s", r.err)
	}
}

func TestDiagramUsageErrors(t *testing.T) {
	file := writeNamedSample(t, t.TempDir(), "order")
	for _, args := range [][]string{
		{"diagram", file, "--format", "svg"},
		{"diagram", file, "--format", "svg", "-o", "board.html"},
		{"diagram", file, file},
		{"diagram", file, "--colour"},
	} {
		r := run(t, args...)
		r.want(t, exitUsage)
		if r.out != "" {
			t.Errorf("%v printed to stdout:\n%s", args, r.out)
		}
	}
	if r := run(t, "diagram", file, "--format", "svg"); !strings.Contains(r.err, `--format must be one of mermaid, dot, html, excalidraw, drawio, not "svg"`) {
		t.Errorf("an unknown format is not named:\n%s", r.err)
	}
}

func TestDiagramIsListed(t *testing.T) {
	r := run(t, "--help")
	r.want(t, exitOK)
	if !strings.Contains(r.out, "diagram") {
		t.Errorf("help does not list diagram:\n%s", r.out)
	}
}
