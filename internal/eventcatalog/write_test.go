package eventcatalog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteRegenerates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "catalog")
	files := build(t, "order")
	if err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	// The team adds a page of its own and a file beside a generated page.
	own := filepath.Join(dir, "teams", "orders", "index.mdx")
	beside := filepath.Join(dir, "services", "Ordering", "notes.md")
	for _, p := range []string{own, beside} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("ours\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A page edited by hand is put back; a page the model no longer
	// produces is removed.
	edited := filepath.Join(dir, "domains", "Shop", "index.mdx")
	if err := os.WriteFile(edited, []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	fewer := files[:0:0]
	for _, f := range files {
		if !strings.HasPrefix(f.Path, "events/shop.ordering.order-cancelled/") {
			fewer = append(fewer, f)
		}
	}
	if err := Write(dir, fewer); err != nil {
		t.Fatal(err)
	}
	if readFile(t, own) != "ours\n" || readFile(t, beside) != "ours\n" {
		t.Error("the team's files were changed")
	}
	if !strings.HasPrefix(readFile(t, edited), "---\nid: Shop\n") {
		t.Error("a generated page edited by hand was not rewritten")
	}
	if _, err := os.Stat(filepath.Join(dir, "events", "shop.ordering.order-cancelled")); !os.IsNotExist(err) {
		t.Errorf("the page the model no longer produces is still there: %v", err)
	}
	marker := readFile(t, filepath.Join(dir, Marker))
	if strings.Contains(marker, "order-cancelled") || !strings.Contains(marker, "events/shop.ordering.order-placed/index.mdx\n") {
		t.Errorf("the marker does not list what the last export wrote:\n%s", marker)
	}
}

func TestWriteRefusesForeignFolder(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "eventcatalog.config.js")
	if err := os.WriteFile(foreign, []byte("module.exports = {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(dir, build(t, "order"))
	if err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("Write into a folder it did not write: %v, want a refusal", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the refused folder holds %d entries, want only the foreign file", len(entries))
	}
}

func TestWriteEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, build(t, "library")); err != nil {
		t.Fatalf("Write into an empty folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, Marker)); err != nil {
		t.Error(err)
	}
}
