package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExportEventCatalogWritesAndRewrites(t *testing.T) {
	dir := t.TempDir()
	file := writeNamedSample(t, dir, "order")
	out := filepath.Join(dir, "catalog")
	r := run(t, "export", "eventcatalog", file, "-o", out)
	r.want(t, exitOK)
	if !strings.Contains(r.out, "files of the EventCatalog of Shop") {
		t.Errorf("stdout: %q", r.out)
	}
	page := filepath.Join(out, "services", "Ordering", "index.mdx")
	first, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	run(t, "export", "eventcatalog", file, "-o", out).want(t, exitOK)
	second, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if string(first) != string(second) {
		t.Error("a second export changed a page of an unchanged model")
	}
}

func TestExportEventCatalogRefusals(t *testing.T) {
	dir := t.TempDir()
	file := writeNamedSample(t, dir, "order")
	run(t, "export", "eventcatalog", file).want(t, exitUsage)
	// The model's own folder is not empty and was not written by export.
	r := run(t, "export", "eventcatalog", file, "-o", dir)
	r.want(t, exitFail)
	if !strings.Contains(r.err, "not empty") {
		t.Errorf("stderr: %q", r.err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("eventstorm: 1\nsystem: X\ncontexts: [ { name: A, aggregates: [ { name: B, commands: [ { name: C, emits: [Nope] } ] } ] } ]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, "export", "eventcatalog", bad, "-o", filepath.Join(dir, "out"))
	r.want(t, exitFail)
	if _, err := os.Stat(filepath.Join(dir, "out")); !os.IsNotExist(err) {
		t.Error("an invalid model left an output folder")
	}
}
