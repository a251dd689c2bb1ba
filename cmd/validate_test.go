package cmd

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"eventstorm/model"
	"eventstorm/samples"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ with the current output")

const validateDir = "testdata/validate"

// golden compares got with the golden file, or rewrites it with -update.
func golden(t *testing.T, file, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run 'go test ./cmd -run %s -update' to create it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run with -update to accept it)\n--- got:\n%s--- want:\n%s", file, got, want)
	}
}

// decodeJSON decodes a --format json report, checking that every entry has
// exactly the documented keys with values of the right types.
func decodeJSON(t *testing.T, out string) model.Diagnostics {
	t.Helper()
	var raw []map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("--format json printed invalid JSON: %v\n%s", err, out)
	}
	if raw == nil {
		t.Fatalf("--format json printed %q, want a JSON array", strings.TrimSpace(out))
	}
	wantKeys := []string{"column", "file", "line", "message", "severity"}
	for i, entry := range raw {
		var keys []string
		for k := range entry {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if !reflect.DeepEqual(keys, wantKeys) {
			t.Errorf("entry %d has keys %v, want %v", i, keys, wantKeys)
		}
		for _, k := range []string{"file", "severity", "message"} {
			if _, ok := entry[k].(string); !ok {
				t.Errorf("entry %d: %s is %T, want a string", i, k, entry[k])
			}
		}
		for _, k := range []string{"line", "column"} {
			if _, ok := entry[k].(float64); !ok {
				t.Errorf("entry %d: %s is %T, want a number", i, k, entry[k])
			}
		}
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	var diags model.Diagnostics
	if err := dec.Decode(&diags); err != nil {
		t.Fatal(err)
	}
	return diags
}

// checkDiagnostic checks what every diagnostic about file must be.
func checkDiagnostic(t *testing.T, file string, d model.Diagnostic) {
	t.Helper()
	if d.File != file {
		t.Errorf("%v: file is %q, want %q", d, d.File, file)
	}
	if d.Line < 1 || d.Col < 1 {
		t.Errorf("%v: position %d:%d is not in the file", d, d.Line, d.Col)
	}
	switch d.Severity {
	case model.Error, model.Warning, model.HotspotNote:
	default:
		t.Errorf("%v: unknown severity %q", d, d.Severity)
	}
	if strings.TrimSpace(d.Message) == "" {
		t.Errorf("%v: empty message", d)
	}
	if strings.Contains(d.Message, "\n") {
		t.Errorf("%v: a message is one line", d)
	}
}

// TestValidateGolden checks the text and JSON reports of the broken models
// in testdata/validate against their golden files, and that the two
// formats and the exit status agree.
func TestValidateGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join(validateDir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) < 6 {
		t.Fatalf("want the test models in %s, found %v", validateDir, inputs)
	}
	for _, input := range inputs {
		base := strings.TrimSuffix(filepath.Base(input), ".yaml")
		file := validateDir + "/" + base + ".yaml" // as the user would type it
		t.Run(base, func(t *testing.T) {
			text := run(t, "validate", file)
			js := run(t, "validate", file, "--format", "json")
			golden(t, filepath.Join(validateDir, base+".golden"), text.out)
			golden(t, filepath.Join(validateDir, base+".json.golden"), js.out)

			diags := decodeJSON(t, js.out)
			if len(diags) == 0 {
				t.Errorf("%s is meant to show diagnostics, but has none", file)
			}
			wantCode := 0
			if diags.HasErrors() {
				wantCode = 1
			}
			text.want(t, wantCode)
			js.want(t, wantCode)
			if text.err != "" || js.err != "" {
				t.Errorf("a report goes to stdout only; stderr:\n%s%s", text.err, js.err)
			}

			lines := strings.Split(strings.TrimSuffix(text.out, "\n"), "\n")
			if len(lines) != len(diags)+1 {
				t.Fatalf("the text report has %d lines for %d diagnostics:\n%s", len(lines), len(diags), text.out)
			}
			for i, d := range diags {
				checkDiagnostic(t, file, d)
				if lines[i] != d.String() {
					t.Errorf("text line %d is %q, JSON entry %d is %q", i+1, lines[i], i, d)
				}
				if i > 0 && (d.Line < diags[i-1].Line || d.Line == diags[i-1].Line && d.Col < diags[i-1].Col) {
					t.Errorf("diagnostics are not sorted by position: %v after %v", d, diags[i-1])
				}
			}
			verdict := file + ": valid: "
			if wantCode == 1 {
				verdict = file + ": invalid: "
			}
			if last := lines[len(lines)-1]; !strings.HasPrefix(last, verdict) {
				t.Errorf("summary line is %q, want it to start with %q", last, verdict)
			}
		})
	}

	// Every golden file belongs to an input.
	goldens, _ := filepath.Glob(filepath.Join(validateDir, "*.golden"))
	for _, g := range goldens {
		base := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(g), ".golden"), ".json")
		if _, err := os.Stat(filepath.Join(validateDir, base+".yaml")); err != nil {
			t.Errorf("%s has no input %s.yaml", g, base)
		}
	}
}

// TestValidateGoldenCoverage pins what the golden inputs are for, so that
// an update that loses a case is noticed.
func TestValidateGoldenCoverage(t *testing.T) {
	for base, want := range map[string]string{
		"syntax":       ": error: YAML syntax: ",
		"shorthand":    `: error: type string[] is unquoted inside a { } flow mapping`,
		"unknown_refs": `which is not an event of "Order"; did you mean "Order Placed"?`,
		"collisions":   "both become the identifier OrderPlaced",
		"warnings":     ": warning: ",
		"hotspots":     ": hotspot: What happens when a customer cancels after shipping? (on Cancel Order)",
		"shape":        `unknown key "sytem" in the model; did you mean "system"?`,
		"flow":         ": warning: policies form a cycle",
	} {
		file := validateDir + "/" + base + ".yaml"
		if out := run(t, "validate", file).out; !strings.Contains(out, want) {
			t.Errorf("%s: the report does not contain %q:\n%s", file, want, out)
		}
	}
}

func TestValidateHotspotsInJSON(t *testing.T) {
	r := run(t, "validate", validateDir+"/hotspots.yaml", "--format=json")
	r.want(t, 0)
	n := 0
	for _, d := range decodeJSON(t, r.out) {
		if d.Severity == "hotspot" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("want 2 entries of severity \"hotspot\", got %d:\n%s", n, r.out)
	}
}

// writeSample writes the default sample as dir/eventstorm.yaml.
func writeSample(t *testing.T, dir string) string {
	t.Helper()
	s, err := samples.Get(samples.Default)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, ModelFile)
	if err := os.WriteFile(file, s.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestValidateDefaultFile(t *testing.T) {
	dir := t.TempDir()
	writeSample(t, dir)
	t.Chdir(dir)
	r := run(t, "validate")
	r.want(t, 0)
	m, diags := model.Read(ModelFile)
	if m == nil || diags.HasErrors() {
		t.Fatalf("the %s sample does not load cleanly: %v", samples.Default, diags)
	}
	lines := strings.Split(strings.TrimSuffix(r.out, "\n"), "\n")
	if summary := "eventstorm.yaml: valid: " + model.Describe(m); !strings.HasPrefix(lines[len(lines)-1], summary) {
		t.Errorf("the report does not end with %q:\n%s", summary, r.out)
	}
	if !strings.Contains(r.out, "2 contexts, 1 aggregate") {
		t.Errorf("the summary does not count the elements:\n%s", r.out)
	}
	if r.err != "" {
		t.Errorf("stderr should be empty:\n%s", r.err)
	}

	r = run(t, "validate", "--format", "json")
	r.want(t, 0)
	if len(diags) == 0 && r.out != "[]\n" {
		t.Errorf("a clean model's JSON report is %q, want []", r.out)
	}
	if got := decodeJSON(t, r.out); len(got) != len(diags) {
		t.Errorf("want %d diagnostics, got %v", len(diags), got)
	}
}

func TestValidateEverySample(t *testing.T) {
	for _, s := range samples.All() {
		t.Run(s.Name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), s.Name+".yaml")
			if err := os.WriteFile(file, s.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			r := run(t, "validate", file)
			r.want(t, 0)
			if !strings.Contains(r.out, file+": valid: ") {
				t.Errorf("unexpected report:\n%s", r.out)
			}
		})
	}
}

func TestValidateMissingDefaultFile(t *testing.T) {
	t.Chdir(t.TempDir())
	r := run(t, "validate")
	r.want(t, 1)
	want := "eventstorm.yaml:1:1: error: cannot read the model: no such file or directory\neventstorm.yaml: invalid: 1 error\n"
	if r.out != want {
		t.Errorf("got:\n%s\nwant:\n%s", r.out, want)
	}
}

func TestValidateMissingFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "nope.yaml")
	r := run(t, "validate", file)
	r.want(t, 1)
	if !strings.HasPrefix(r.out, file+":1:1: error: cannot read the model: ") {
		t.Errorf("the report does not say the file cannot be read:\n%s", r.out)
	}

	r = run(t, "validate", file, "--format", "json")
	r.want(t, 1)
	diags := decodeJSON(t, r.out)
	if len(diags) != 1 || diags[0].Severity != model.Error || diags[0].File != file {
		t.Errorf("want one error about %s, got %v", file, diags)
	}
}

func TestValidateDirectory(t *testing.T) {
	dir := t.TempDir()
	r := run(t, "validate", dir)
	r.want(t, 1)
	if !strings.Contains(r.out, "is a directory") || !strings.Contains(r.out, filepath.Join(dir, ModelFile)) {
		t.Errorf("the report does not say to give the model file:\n%s", r.out)
	}
}

func TestValidateInvalidExitsOne(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(file, []byte("eventstorm: 1\nsystem: Shop\ncontexts: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json"} {
		r := run(t, "validate", "--format", format, file)
		r.want(t, 1)
		if !strings.Contains(r.out, "no contexts") {
			t.Errorf("%s report does not explain the error:\n%s", format, r.out)
		}
		if r.err != "" {
			t.Errorf("stderr should be empty; the report says it all:\n%s", r.err)
		}
	}
}

func TestValidateUsageErrors(t *testing.T) {
	file := validateDir + "/hotspots.yaml"
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"validate", "--bogus"}, "unknown flag: --bogus"},
		{[]string{"validate", file, file}, "at most 1 argument"},
		{[]string{"validate", "--format", "xml", file}, `--format must be text or json, not "xml"`},
		{[]string{"validate", "--format=", file}, `--format must be text or json, not ""`},
		{[]string{"validate", "--format"}, "flag needs an argument"},
	} {
		r := run(t, tc.args...)
		r.want(t, 2)
		if !strings.Contains(r.err, tc.msg) {
			t.Errorf("%v: stderr does not say %q:\n%s", tc.args, tc.msg, r.err)
		}
		if r.out != "" {
			t.Errorf("%v: a usage error validates nothing, but stdout is:\n%s", tc.args, r.out)
		}
	}
}

// TestValidateOutputIsDeterministic runs validate twice on every test model;
// the reports must be byte-for-byte the same.
func TestValidateOutputIsDeterministic(t *testing.T) {
	inputs, _ := filepath.Glob(filepath.Join(validateDir, "*.yaml"))
	for _, input := range inputs {
		a := run(t, "validate", input, "--format", "json")
		for i := 0; i < 5; i++ {
			if b := run(t, "validate", input, "--format", "json"); !bytes.Equal([]byte(a.out), []byte(b.out)) {
				t.Fatalf("%s: two runs differ:\n%s\n%s", input, a.out, b.out)
			}
		}
	}
}

// TestValidateContextOrderDoesNotMatter validates one model with its
// contexts in both orders: a read model or policy on another context's
// event must see that event's implicit aggregate id whichever context comes
// first in the file.
func TestValidateContextOrderDoesNotMatter(t *testing.T) {
	history := `  - name: Order History
    readModels:
      - name: Order History
        key: orderId
        fields: { orderId: uuid, amount: decimal }
        from:
          - event: Ordering.Order Placed
    policies:
      - name: Audit
        when: Ordering.Order Placed
        then: Record Audit
    aggregates:
      - name: Order Audit
        id: orderId
        commands:
          - name: Record Audit
            emits: [Audit Recorded]
        events:
          - name: Audit Recorded
`
	ordering := `  - name: Ordering
    aggregates:
      - name: Order
        fields: { amount: decimal }
        commands:
          - name: Place Order
            creates: true
            fields: { amount: decimal }
            emits: [Order Placed]
        events:
          - name: Order Placed
            fields: { amount: decimal }
`
	head := "eventstorm: 1\nsystem: Shop\ncontexts:\n"
	dir := t.TempDir()
	for name, data := range map[string]string{
		"ordering-first.yaml": head + ordering + history,
		"history-first.yaml":  head + history + ordering,
	} {
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		r := run(t, "validate", file)
		if r.code != 0 {
			t.Errorf("%s:\n%s", name, r)
		}
	}
}
