package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exists reports whether a file of the generated system is on disk.
func exists(dir, rel string) bool {
	_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel)))
	return err == nil
}

func TestGenerateUnknownLayout(t *testing.T) {
	dir := t.TempDir()
	run(t, "init", dir, "--sample", "order").want(t, exitOK)
	r := run(t, "generate", "--layout", "microservices", filepath.Join(dir, ModelFile))
	r.want(t, exitUsage)
	if !strings.Contains(r.err, `"microservices"`) || !strings.Contains(r.err, "services, polyrepo, monolith") {
		t.Errorf("the error does not name the layout and the choices:\n%s", r)
	}
	if exists(dir, "go.mod") {
		t.Error("a usage error generated files")
	}
}

// TestGenerateChangesLayout generates the order sample in the default
// layout, edits a scaffolded file, and generates it again as a monolith:
// the services' generated files go, the edited file stays where it was,
// and generate says where it goes now and which imports to change. The
// monolith is then up to date for --check in its layout, and stale for
// --check in the default one.
func TestGenerateChangesLayout(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, ModelFile)
	run(t, "init", dir, "--sample", "order").want(t, exitOK)
	run(t, "generate", model).want(t, exitOK)
	const hook = "services/ordering/internal/domain/order/place_order.go"
	mine := []byte("// mine\n")
	if err := os.WriteFile(filepath.Join(dir, hook), mine, 0o644); err != nil {
		t.Fatal(err)
	}

	dry := run(t, "generate", "--layout", "polyrepo", "--dry-run", model)
	dry.want(t, exitOK)
	if exists(dir, "ordering/go.mod") || !exists(dir, "services/ordering/cmd/ordering/main.go") {
		t.Fatalf("--dry-run changed the tree:\n%s", dry)
	}
	if !strings.Contains(dry.out, "would delete the services layout's generated files") {
		t.Errorf("--dry-run does not say what a change of layout would do:\n%s", dry)
	}

	r := run(t, "generate", "--layout", "monolith", model)
	r.want(t, exitOK)
	for _, want := range []string{
		"The output was in the services layout; for the monolith layout, generate deleted",
		hook + " -> internal/ordering/internal/domain/order/place_order.go",
		"shop/services/ordering/ -> shop/internal/ordering/",
		"go run ./cmd/shop",
	} {
		if !strings.Contains(r.out, want) {
			t.Errorf("the output does not say %q:\n%s", want, r)
		}
	}
	if exists(dir, "services/ordering/cmd/ordering/main.go") || !exists(dir, "cmd/shop/main.go") {
		t.Error("the services' generated files were not replaced by the monolith's")
	}
	if got, err := os.ReadFile(filepath.Join(dir, hook)); err != nil || string(got) != string(mine) {
		t.Errorf("the edited scaffolded file was not kept: %q, %v", got, err)
	}

	check := run(t, "generate", "--check", "--layout", "monolith", model)
	check.want(t, exitOK)
	stale := run(t, "generate", "--check", model)
	stale.want(t, exitFail)
	if !strings.Contains(stale.out, "The output was in the monolith layout") {
		t.Errorf("--check in another layout does not say the layout differs:\n%s", stale)
	}
}

// TestGenerateRefusesWideFolders checks that generate will not spread a
// system over a filesystem root or the user's home folder unless forced.
func TestGenerateRefusesWideFolders(t *testing.T) {
	src := t.TempDir()
	run(t, "init", src, "--sample", "order").want(t, exitOK)
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, dir := range []string{string(filepath.Separator), home} {
		r := run(t, "generate", "-o", dir, filepath.Join(src, ModelFile))
		r.want(t, exitUsage)
		if !strings.Contains(r.err, "refusing to generate into "+dir) || !strings.Contains(r.err, "--force") {
			t.Errorf("generate -o %s: the error does not say why or how to go on:\n%s", dir, r)
		}
	}
	if exists(home, "go.mod") {
		t.Error("a refused generate wrote files")
	}
	run(t, "generate", "-o", home, "--force", filepath.Join(src, ModelFile)).want(t, exitOK)
	if !exists(home, "go.mod") {
		t.Error("generate --force into the home folder wrote nothing")
	}
}

// TestGenerateCopiesSchemaWithModel checks that the model's copy in an
// output elsewhere points its modeline at a schema that exists there.
func TestGenerateCopiesSchemaWithModel(t *testing.T) {
	src, out := t.TempDir(), t.TempDir()
	run(t, "init", src, "--sample", "order").want(t, exitOK)
	run(t, "generate", "-o", out, filepath.Join(src, ModelFile)).want(t, exitOK)
	data, err := os.ReadFile(filepath.Join(out, ModelFile))
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(data), "\n")
	target, ok := strings.CutPrefix(first, "# yaml-language-server: $schema=")
	if !ok {
		t.Fatalf("the copy does not start with a modeline: %q", first)
	}
	if !exists(out, target) {
		t.Errorf("the copy's modeline points at %s, which is not in %s", target, out)
	}
}

// TestGenerateReportsKeptFilesThatNoLongerBuild changes the model under a
// rule written by hand: generate names the file, the line and the name the
// model no longer has, before the team runs a build.
func TestGenerateReportsKeptFilesThatNoLongerBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated package; skipped with -short")
	}
	dir := t.TempDir()
	run(t, "init", dir, "--sample", "order").want(t, exitOK)
	modelPath := filepath.Join(dir, ModelFile)
	run(t, "generate", modelPath).want(t, exitOK)
	hook := filepath.Join(dir, "services", "ordering", "internal", "domain", "order", "place_order.go")
	src, err := os.ReadFile(hook)
	if err != nil {
		t.Fatal(err)
	}
	const anchor = "\treturn []Event{orderPlaced}, nil\n"
	rule := "\tif !cmd.Amount.IsPositive() {\n\t\treturn nil, ErrAmountMustBePositive\n\t}\n"
	if err := os.WriteFile(hook, []byte(strings.Replace(string(src), anchor, rule+anchor, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(modelPath)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(data), "fields: { customerId: string, amount: decimal }\n            emits: [Order Placed]", "fields: { customerId: string, total: decimal }\n            emits: [Order Placed]", 1)
	changed = strings.ReplaceAll(changed, "Place Order: { customerId: c1, amount:", "Place Order: { customerId: c1, total:")
	if changed == string(data) {
		t.Fatal("the order sample changed; cannot rename amount")
	}
	if err := os.WriteFile(modelPath, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "generate", modelPath)
	r.want(t, exitOK)
	if !strings.Contains(r.out, "services/ordering/internal/domain/order/place_order.go:") || !strings.Contains(r.out, "cmd.Amount undefined") {
		t.Errorf("generate does not name the kept file and the name it lost:\n%s", r)
	}
	// Once the hook and the command's example are adapted, nothing is
	// reported.
	fixed := strings.Replace(string(src), anchor, strings.ReplaceAll(rule, "cmd.Amount", "cmd.Total")+anchor, 1)
	if err := os.WriteFile(hook, []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	example := filepath.Join(dir, "services", "ordering", "internal", "domain", "order", "ordertest", "place_order.go")
	exampleSrc, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(example, []byte(strings.Replace(string(exampleSrc), "Amount:", "Total:", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(modelPath, []byte(strings.Replace(changed, "total: decimal }\n            emits", "total: decimal, note: optional string }\n            emits", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, "generate", modelPath)
	r.want(t, exitOK)
	if strings.Contains(r.out, "no longer has") {
		t.Errorf("generate reports a kept file that builds:\n%s", r)
	}
}
