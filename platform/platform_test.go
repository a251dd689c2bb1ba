package platform

import (
	"bytes"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"

	"eventstorm/generator/genfile"
)

// TestFiles checks the copy of the runtime a generated module gets: no
// tests, the generated header, the imports rewritten, and the same bytes
// every time.
func TestFiles(t *testing.T) {
	files := Files("x/internal/platform", "example.com/shop/internal/platform")
	again := Files("x/internal/platform", "example.com/shop/internal/platform")
	if len(files) < 10 || len(files) != len(again) {
		t.Fatalf("%d files, then %d", len(files), len(again))
	}
	seen := map[string]bool{}
	for i, f := range files {
		if f.Path != again[i].Path || !bytes.Equal(f.Bytes, again[i].Bytes) {
			t.Errorf("%s differs between two calls", f.Path)
		}
		if !strings.HasPrefix(f.Path, "x/internal/platform/") || strings.HasSuffix(f.Path, "_test.go") {
			t.Errorf("file %s", f.Path)
		}
		if f.Owner != genfile.Generated || !bytes.HasPrefix(f.Bytes, []byte(genfile.GeneratedHeader+"\n\n")) {
			t.Errorf("%s is not marked generated", f.Path)
		}
		if bytes.Contains(f.Bytes, []byte(`"eventstorm/`)) {
			t.Errorf("%s still imports eventstorm/...", f.Path)
		}
		ast, err := parser.ParseFile(token.NewFileSet(), f.Path, f.Bytes, parser.ImportsOnly|parser.ParseComments)
		if err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		if ast.Doc != nil && strings.Contains(ast.Doc.Text(), "DO NOT EDIT") {
			t.Errorf("%s: the generated header became the package's doc comment", f.Path)
		}
		seen[strings.Split(strings.TrimPrefix(f.Path, "x/internal/platform/"), "/")[0]] = true
	}
	for _, pkg := range []string{"config", "database", "env", "fault", "httpx", "inbox", "kafka", "memdb", "message", "outbox", "runner"} {
		if !seen[pkg] {
			t.Errorf("package %s is not copied", pkg)
		}
	}
	if !slices.IsSortedFunc(files, func(a, b genfile.File) int { return strings.Compare(a.Path, b.Path) }) {
		t.Error("files are not sorted by path")
	}
	kafka := string(find(t, files, "x/internal/platform/kafka/client.go"))
	if !strings.Contains(kafka, `"example.com/shop/internal/platform/message"`) {
		t.Error("kafka/client.go does not import the module's copy of message")
	}
}

func find(t *testing.T, files []genfile.File, path string) []byte {
	t.Helper()
	for _, f := range files {
		if f.Path == path {
			return f.Bytes
		}
	}
	t.Fatalf("no %s", path)
	return nil
}
