package cmd

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"eventstorm/contractdiff"
	"eventstorm/samples"
)

// The order sample's Order Placed, read by Order History, and the same
// event without its amount or with a new optional field.
const (
	orderPlaced         = "          - name: Order Placed\n            fields: { customerId: string, amount: decimal }"
	orderPlacedNoAmount = "          - name: Order Placed\n            fields: { customerId: string }"
	orderPlacedWithNote = "          - name: Order Placed\n            fields: { customerId: string, amount: decimal, note: optional string }"
)

// orderSample returns the order sample with old replaced by new, which
// must occur once.
func orderSample(t *testing.T, old, new string) string {
	t.Helper()
	text, err := samples.Plain("order")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(text, old) != 1 {
		t.Fatalf("the order sample does not hold %q once", old)
	}
	return strings.Replace(text, old, new, 1)
}

func writeFile(t *testing.T, path, text string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// gitRepo makes dir a git repository on the branch main, isolated from
// the user's and the system's git configuration.
func gitRepo(t *testing.T, dir string) func(args ...string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Setenv("HOME", t.TempDir())
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	git := func(args ...string) {
		t.Helper()
		c := exec.Command("git", append([]string{"-c", "user.name=eventstorm", "-c", "user.email=eventstorm@example.com"}, args...)...)
		c.Dir = dir
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main")
	return git
}

// TestDiffGitRevision gates a change the way CI would: the model committed
// on main against the working copy.
func TestDiffGitRevision(t *testing.T) {
	dir := t.TempDir()
	git := gitRepo(t, dir)
	file := writeFile(t, filepath.Join(dir, ModelFile), orderSample(t, orderPlaced, orderPlaced))
	git("add", ModelFile)
	git("commit", "-q", "-m", "the order flow")
	t.Chdir(dir)

	writeFile(t, file, orderSample(t, orderPlaced, orderPlacedNoAmount))
	r := run(t, "diff", "main:eventstorm.yaml", "eventstorm.yaml")
	r.want(t, 1)
	want := "main:eventstorm.yaml:33:43: breaking: event Ordering.Order.Order Placed, field amount: removed (was decimal); affects Order History (read model Order History)\n" +
		"eventstorm.yaml: 1 breaking change, 0 compatible changes since main:eventstorm.yaml\n"
	if r.out != want {
		t.Errorf("got:\n%s\nwant:\n%s", r.out, want)
	}

	writeFile(t, file, orderSample(t, orderPlaced, orderPlacedWithNote))
	r = run(t, "diff", "main:eventstorm.yaml", "eventstorm.yaml")
	r.want(t, 0)
	if !strings.Contains(r.out, "eventstorm.yaml:33:60: compatible: event Ordering.Order.Order Placed, field note: added (optional string)\n") {
		t.Errorf("the additive change is not listed:\n%s", r.out)
	}

	// Both versions from git, one in a folder, the older by a relative revision.
	writeFile(t, filepath.Join(dir, "shop", ModelFile), orderSample(t, orderPlaced, orderPlaced))
	git("add", "shop")
	git("commit", "-q", "-m", "a shop")
	writeFile(t, filepath.Join(dir, "shop", ModelFile), orderSample(t, orderPlaced, orderPlacedNoAmount))
	git("commit", "-q", "-a", "-m", "no amount")
	r = run(t, "diff", "HEAD~1:shop/eventstorm.yaml", "HEAD:shop/eventstorm.yaml")
	r.want(t, 1)
	if !strings.Contains(r.out, "HEAD~1:shop/eventstorm.yaml:33:43: breaking: event Ordering.Order.Order Placed, field amount: removed") {
		t.Errorf("the removed field is not reported against the old revision:\n%s", r.out)
	}

	// From a folder, REV:./PATH is relative to it, as with git show.
	t.Chdir(filepath.Join(dir, "shop"))
	r = run(t, "diff", "HEAD~1:./eventstorm.yaml", "eventstorm.yaml")
	r.want(t, 1)
}

// TestDiffGitErrors checks that what git says reaches the user, with exit 2.
func TestDiffGitErrors(t *testing.T) {
	dir := t.TempDir()
	git := gitRepo(t, dir)
	writeFile(t, filepath.Join(dir, ModelFile), orderSample(t, orderPlaced, orderPlaced))
	git("add", ModelFile)
	git("commit", "-q", "-m", "the order flow")
	t.Chdir(dir)
	for _, tc := range []struct{ old, msg string }{
		{"mian:eventstorm.yaml", "cannot read mian:eventstorm.yaml: no such file, and git show mian:eventstorm.yaml failed: fatal: invalid object name 'mian'"},
		{"main:shop/eventstorm.yaml", "does not exist in 'main'"},
	} {
		r := run(t, "diff", tc.old, ModelFile)
		r.want(t, 2)
		if !strings.Contains(r.err, tc.msg) || r.out != "" {
			t.Errorf("diff %s: stderr does not say %q:\n%s", tc.old, tc.msg, r)
		}
	}

	t.Chdir(t.TempDir())
	r := run(t, "diff", "main:eventstorm.yaml", "main:eventstorm.yaml")
	r.want(t, 2)
	if !strings.Contains(r.err, "not a git repository") {
		t.Errorf("outside a repository, stderr does not say so:\n%s", r)
	}
}

// TestDiffFileWinsOverRevision reads an existing file named like REV:PATH
// as a file.
func TestDiffFileWinsOverRevision(t *testing.T) {
	dir := t.TempDir()
	gitRepo(t, dir)
	t.Chdir(dir)
	writeFile(t, "main:eventstorm.yaml", orderSample(t, orderPlaced, orderPlaced))
	writeFile(t, ModelFile, orderSample(t, orderPlaced, orderPlacedNoAmount))
	r := run(t, "diff", "main:eventstorm.yaml", ModelFile)
	r.want(t, 1)
	if !strings.Contains(r.out, "field amount: removed") {
		t.Errorf("unexpected report:\n%s", r.out)
	}
}

func TestDiffRevisionSyntax(t *testing.T) {
	for spec, want := range map[string]bool{
		"main:eventstorm.yaml":        true,
		"HEAD~1:shop/eventstorm.yaml": true,
		":eventstorm.yaml":            true, // the index
		"origin/main:./m.yaml":        true,
		"eventstorm.yaml":             false,
		`C:\models\eventstorm.yaml`:   false,
		"c:/models/eventstorm.yaml":   false,
		"-p:eventstorm.yaml":          false,
	} {
		if got := isRevision(spec); got != want {
			t.Errorf("isRevision(%q) = %v, want %v", spec, got, want)
		}
	}
}

// TestDiffFiles compares two files, in both formats: the exit status says
// whether anything breaks, and the JSON carries what the text does.
func TestDiffFiles(t *testing.T) {
	dir := t.TempDir()
	old := writeFile(t, filepath.Join(dir, "old.yaml"), orderSample(t, orderPlaced, orderPlaced))
	for _, tc := range []struct {
		name, new string
		code      int
		kinds     []contractdiff.Kind
	}{
		{"breaking", orderSample(t, orderPlaced, orderPlacedNoAmount), 1, []contractdiff.Kind{contractdiff.Breaking}},
		{"additive", orderSample(t, orderPlaced, orderPlacedWithNote), 0, []contractdiff.Kind{contractdiff.Compatible}},
		{"same", orderSample(t, orderPlaced, orderPlaced), 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			new := writeFile(t, filepath.Join(dir, tc.name+".yaml"), tc.new)
			text := run(t, "diff", old, new)
			text.want(t, tc.code)
			js := run(t, "diff", old, new, "--format", "json")
			js.want(t, tc.code)
			if text.err != "" || js.err != "" {
				t.Errorf("a report goes to stdout only:\n%s\n%s", text, js)
			}

			dec := json.NewDecoder(strings.NewReader(js.out))
			dec.DisallowUnknownFields()
			var changes contractdiff.Changes
			if err := dec.Decode(&changes); err != nil || changes == nil {
				t.Fatalf("--format json printed no array of changes (%v):\n%s", err, js.out)
			}
			var raw []map[string]any
			if err := json.Unmarshal([]byte(js.out), &raw); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(text.out, "\n"), "\n")
			if len(lines) != len(changes)+1 || len(changes) != len(tc.kinds) {
				t.Fatalf("want %d changes, got %d text lines and %d JSON entries:\n%s%s", len(tc.kinds), len(lines), len(changes), text.out, js.out)
			}
			for i, c := range changes {
				if c.Kind != tc.kinds[i] || lines[i] != c.String() {
					t.Errorf("change %d: text %q, JSON %q of kind %s, want kind %s", i, lines[i], c, c.Kind, tc.kinds[i])
				}
				if _, ok := raw[i]["affected"].([]any); !ok {
					t.Errorf("change %d: affected is %v, want an array", i, raw[i]["affected"])
				}
			}
			summary := new + ": no contract changes since " + old
			if len(changes) > 0 {
				summary = new + ": " + plural(changes.Breaking(), "breaking change") + ", "
			}
			if last := lines[len(lines)-1]; !strings.HasPrefix(last, summary) {
				t.Errorf("the summary line is %q, want it to start with %q", last, summary)
			}
		})
	}
}

// TestDiffInvalidModel prints the model's errors as validate does, and
// exits 2: nothing could be compared.
func TestDiffInvalidModel(t *testing.T) {
	dir := t.TempDir()
	old := writeFile(t, filepath.Join(dir, "old.yaml"), orderSample(t, orderPlaced, orderPlaced))
	bad := writeFile(t, filepath.Join(dir, "bad.yaml"), orderSample(t, "emits: [Order Placed]", "emits: [Order Plcaed]"))
	for _, args := range [][]string{{old, bad}, {bad, old}, {bad, old, "--format", "json"}} {
		r := run(t, append([]string{"diff"}, args...)...)
		r.want(t, 2)
		if !strings.Contains(r.err, bad+":22:21: error: command \"Place Order\" emits \"Order Plcaed\"") || !strings.Contains(r.err, bad+": invalid: 2 errors; nothing was compared") {
			t.Errorf("diff %v: stderr does not show the error with its position:\n%s", args, r)
		}
		if r.out != "" {
			t.Errorf("diff %v: stdout should be empty:\n%s", args, r.out)
		}
	}
	missing := filepath.Join(dir, "missing.yaml")
	r := run(t, "diff", missing, old)
	r.want(t, 2)
	if !strings.Contains(r.err, missing+":1:1: error: cannot read the model: no such file or directory") {
		t.Errorf("a missing file is not reported:\n%s", r)
	}
}

func TestDiffUsageErrors(t *testing.T) {
	file := validateDir + "/hotspots.yaml"
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"diff"}, "takes 2 arguments, got 0"},
		{[]string{"diff", file}, "takes 2 arguments, got 1"},
		{[]string{"diff", file, file, file}, "takes 2 arguments, got 3"},
		{[]string{"diff", file, file, "--format", "xml"}, `--format must be text or json, not "xml"`},
		{[]string{"diff", "--bogus", file, file}, "unknown flag: --bogus"},
	} {
		r := run(t, tc.args...)
		r.want(t, 2)
		if !strings.Contains(r.err, tc.msg) {
			t.Errorf("%v: stderr does not say %q:\n%s", tc.args, tc.msg, r.err)
		}
		if r.out != "" {
			t.Errorf("%v: a usage error compares nothing, but stdout is:\n%s", tc.args, r.out)
		}
	}
}
