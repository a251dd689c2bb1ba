package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"eventstorm/model"
	"eventstorm/samples"
	"eventstorm/schema"
)

const modeline = "# yaml-language-server: $schema=.eventstorm/eventstorm.schema.json"

// checkInitialized checks what init leaves in dir: the model of the named
// sample, pointing at the schema written beside it, and valid.
func checkInitialized(t *testing.T, dir, sampleName string) {
	t.Helper()
	file := filepath.Join(dir, ModelFile)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("init wrote no model: %v", err)
	}
	first, rest, _ := strings.Cut(string(data), "\n")
	if first != modeline {
		t.Errorf("first line of the model is %q, want %q", first, modeline)
	}
	if n := strings.Count(string(data), "# yaml-language-server:"); n != 1 {
		t.Errorf("the model has %d yaml-language-server modelines, want 1", n)
	}
	sample, err := samples.Get(sampleName)
	if err != nil {
		t.Fatal(err)
	}
	// The rest is the sample as bundled, less its own modeline if it had one.
	want := string(sample.Data)
	if strings.HasPrefix(want, "# yaml-language-server:") {
		_, want, _ = strings.Cut(want, "\n")
	}
	if rest != want {
		t.Errorf("the model is not the %q sample under the modeline", sampleName)
	}

	// The modeline's schema path is relative to the model.
	schemaFile := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(first, "# yaml-language-server: $schema=")))
	got, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatalf("the schema the modeline points at is missing: %v", err)
	}
	if !bytes.Equal(got, schema.JSON) {
		t.Errorf("%s is not the bundled schema", schemaFile)
	}

	if _, diags := model.Read(file); diags.HasErrors() {
		t.Errorf("the model init wrote does not validate:\n%v", diags)
	}
}

func TestInitDefaultDirWritesOrderSample(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	r := run(t, "init") // stdin fails the test if read
	r.want(t, 0)
	for _, s := range []string{"No --sample given", `"order"`, ModelFile, "eventstorm validate"} {
		if !strings.Contains(r.out, s) {
			t.Errorf("stdout does not mention %q:\n%s", s, r.out)
		}
	}
	if r.err != "" {
		t.Errorf("stderr should be empty:\n%s", r.err)
	}
	checkInitialized(t, dir, samples.Default)
	if samples.Default != "order" {
		t.Errorf("the default sample is %q, want order", samples.Default)
	}

	// What init wrote passes 'eventstorm validate' with no arguments.
	v := run(t, "validate")
	v.want(t, 0)
	if !strings.HasPrefix(v.out, "eventstorm.yaml: valid: ") {
		t.Errorf("validate after init:\n%s", v)
	}
}

// blockingReader blocks every Read until the test ends.
type blockingReader struct{ done chan struct{} }

func (b blockingReader) Read([]byte) (int, error) {
	<-b.done
	return 0, os.ErrClosed
}

// TestInitDoesNotWaitForInput runs init with a stdin that never answers:
// without a terminal it must not prompt for a sample.
func TestInitDoesNotWaitForInput(t *testing.T) {
	dir := t.TempDir()
	in := blockingReader{done: make(chan struct{})}
	defer close(in.done)
	done := make(chan result, 1)
	go func() { done <- runWithInput(t, in, "init", dir) }()
	select {
	case r := <-done:
		r.want(t, 0)
		if !strings.Contains(r.out, "No --sample given") {
			t.Errorf("init does not say it chose the starter sample:\n%s", r.out)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("init without a terminal is waiting for input")
	}
	checkInitialized(t, dir, samples.Default)
}

func TestInitCreatesDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b", "shop")
	r := run(t, "init", dir, "--sample", "order")
	r.want(t, 0)
	if !strings.Contains(r.out, `Wrote the "order" sample`) || !strings.Contains(r.out, filepath.Join(dir, ModelFile)) {
		t.Errorf("stdout does not say what was written where:\n%s", r.out)
	}
	if strings.Contains(r.out, "No --sample given") {
		t.Errorf("init says no sample was given although --sample was:\n%s", r.out)
	}
	checkInitialized(t, dir, "order")
}

func TestInitEverySample(t *testing.T) {
	all := samples.All()
	if len(all) == 0 {
		t.Fatal("no bundled samples")
	}
	for _, s := range all {
		t.Run(s.Name, func(t *testing.T) {
			dir := t.TempDir()
			r := run(t, "init", "-s", s.Name, dir)
			r.want(t, 0)
			checkInitialized(t, dir, s.Name)
		})
	}
}

func TestInitRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, ModelFile)
	const mine = "eventstorm: 1\nsystem: Mine\n"
	if err := os.WriteFile(file, []byte(mine), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "init", dir)
	r.want(t, 1)
	if !strings.Contains(r.err, file) || !strings.Contains(r.err, "--force") {
		t.Errorf("stderr does not name the file and --force:\n%s", r.err)
	}
	if got, _ := os.ReadFile(file); string(got) != mine {
		t.Errorf("the existing model was changed:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(dir, ".eventstorm")); err == nil {
		t.Errorf("a refused init still wrote .eventstorm/")
	}
}

func TestInitForceOverwrites(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, ModelFile)
	if err := os.WriteFile(file, []byte("eventstorm: 1\nsystem: Mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A stale schema is replaced too.
	if err := os.MkdirAll(filepath.Join(dir, ".eventstorm"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".eventstorm", schema.FileName), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, force := range []string{"--force", "-f"} {
		r := run(t, "init", dir, force)
		r.want(t, 0)
		checkInitialized(t, dir, samples.Default)
	}
}

func TestInitUnknownSample(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shop")
	r := run(t, "init", dir, "--sample", "nope")
	r.want(t, 2)
	if !strings.Contains(r.err, `"nope"`) {
		t.Errorf("stderr does not name the unknown sample:\n%s", r.err)
	}
	for _, name := range samples.Names() {
		if !strings.Contains(r.err, name) {
			t.Errorf("stderr does not list the sample %q:\n%s", name, r.err)
		}
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("init with an unknown sample created %s", dir)
	}
}

func TestInitUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"init", "a", "b"},
		{"init", "--bogus"},
		{"init", "--sample"},
	} {
		r := run(t, args...)
		r.want(t, 2)
		if !strings.Contains(r.err, "eventstorm init --help") {
			t.Errorf("%v: stderr does not point to help:\n%s", args, r.err)
		}
	}
}

func TestInitDirIsAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "shop")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "init", file)
	r.want(t, 1)
	if !strings.Contains(r.err, file+" is a file, not a directory") {
		t.Errorf("stderr does not say the path is not a directory:\n%s", r.err)
	}
}

func TestWithSchemaLine(t *testing.T) {
	const p = ".eventstorm/eventstorm.schema.json"
	for _, tc := range []struct{ in, want string }{
		{"eventstorm: 1\n", modeline + "\neventstorm: 1\n"},
		{"# yaml-language-server: $schema=../x.json\neventstorm: 1\n", modeline + "\neventstorm: 1\n"},
		{"# a comment\neventstorm: 1\n", modeline + "\n# a comment\neventstorm: 1\n"},
		{"", modeline + "\n"},
	} {
		if got := string(withSchemaLine([]byte(tc.in), p)); got != tc.want {
			t.Errorf("withSchemaLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
