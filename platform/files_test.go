package platform

import (
	"bytes"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"eventstorm/generator/genfile"
)

// TestFilesMatchTheSource checks the copy against the source on disk, for
// two module layouts: every non-test file of every package but internal/ is
// copied, under dir, sorted, the same twice; each is the generated header,
// a blank line and the source byte for byte, but for its imports of the
// platform, each pointed at importBase and none left behind.
func TestFilesMatchTheSource(t *testing.T) {
	sources := map[string][]byte{} // by slash path relative to platform/
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != "." && (p == "internal" || strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return fs.SkipDir
		}
		// The files of this package (platform.go) are the copier, not
		// copied.
		if d.IsDir() || !strings.Contains(filepath.ToSlash(p), "/") || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		sources[filepath.ToSlash(p)] = src
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ dir, importBase string }{
		{"internal/platform", "example.com/shop/internal/platform"},
		{"services/billing/internal/platform", "github.com/acme/billing/internal/platform"},
	}
	for _, tt := range tests {
		t.Run(tt.importBase, func(t *testing.T) {
			files := Files(tt.dir, tt.importBase)
			again := Files(tt.dir, tt.importBase)
			if !slices.EqualFunc(files, again, func(a, b genfile.File) bool {
				return a.Path == b.Path && a.Owner == b.Owner && bytes.Equal(a.Bytes, b.Bytes)
			}) {
				t.Error("two calls differ")
			}
			if !slices.IsSortedFunc(files, func(a, b genfile.File) int { return strings.Compare(a.Path, b.Path) }) {
				t.Error("not sorted by path")
			}
			copied := map[string]bool{}
			for _, f := range files {
				rel, ok := strings.CutPrefix(f.Path, tt.dir+"/")
				if !ok || path.Clean(f.Path) != f.Path {
					t.Errorf("%s is not under %s", f.Path, tt.dir)
					continue
				}
				copied[rel] = true
				if strings.HasSuffix(rel, "_test.go") {
					t.Errorf("%s is a test", f.Path)
				}
				if f.Owner != genfile.Generated {
					t.Errorf("%s is owned %v, want generated", f.Path, f.Owner)
				}
				body, ok := bytes.CutPrefix(f.Bytes, []byte(genfile.GeneratedHeader+"\n\n"))
				if !ok {
					t.Errorf("%s does not start with the generated header and a blank line", f.Path)
					continue
				}
				src, ok := sources[rel]
				if !ok {
					t.Errorf("%s has no source in platform/%s", f.Path, rel)
					continue
				}
				want := bytes.ReplaceAll(src, []byte(`"eventstorm/platform/`), []byte(`"`+tt.importBase+`/`))
				if !bytes.Equal(body, want) {
					t.Errorf("%s is not platform/%s with its imports rewritten", f.Path, rel)
				}
				checkImports(t, f, src, tt.importBase)
			}
			for rel := range sources {
				if !copied[rel] {
					t.Errorf("platform/%s is not copied (missing from the go:embed list?)", rel)
				}
			}
		})
	}
}

// checkImports checks that a copied file imports what its source does,
// the platform's packages at importBase, and nothing of this repository.
func checkImports(t *testing.T, f genfile.File, src []byte, importBase string) {
	t.Helper()
	imports := func(name string, b []byte) []string {
		file, err := parser.ParseFile(token.NewFileSet(), name, b, parser.ImportsOnly)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var list []string
		for _, imp := range file.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			list = append(list, p)
		}
		return list
	}
	want := imports("source of "+f.Path, src)
	for i, p := range want {
		if rest, ok := strings.CutPrefix(p, "eventstorm/platform/"); ok {
			if strings.HasPrefix(rest, "internal/") {
				t.Errorf("%s imports %s, which is not copied", f.Path, p)
			}
			want[i] = importBase + "/" + rest
		} else if p == "eventstorm" || strings.HasPrefix(p, "eventstorm/") {
			t.Errorf("%s imports %s of the generator's repository", f.Path, p)
		}
	}
	if got := imports(f.Path, f.Bytes); !slices.Equal(got, want) {
		t.Errorf("%s imports %v, want %v", f.Path, got, want)
	}
}

// TestFilesCompile writes the copy into a module of its own, as the
// generator does, and builds it there: the rewritten imports resolve and
// nothing refers back to this repository. The module requires what this
// repository's go.mod does, at the same versions, so the module cache
// already holds them.
func TestFilesCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module: not in -short mode")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	gomod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	first, rest, ok := bytes.Cut(gomod, []byte("\n"))
	if !ok || string(first) != "module eventstorm" {
		t.Fatalf("go.mod starts with %q, want module eventstorm", first)
	}
	if bytes.Contains(rest, []byte("\nreplace")) {
		t.Skip("go.mod replaces modules: the copy would not build the same")
	}
	dir := t.TempDir()
	write := func(name string, b []byte) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", append([]byte("module example.com/x\n"), rest...))
	if sum, err := os.ReadFile("../go.sum"); err == nil {
		write("go.sum", sum)
	}
	files := Files(Dir, "example.com/x/"+Dir)
	for _, f := range files {
		write(f.Path, f.Bytes)
	}
	// -mod=mod lets go tidy the requirements the copy does not use;
	// the other flags and the proxy stay as the environment has them.
	var flags []string
	for _, f := range strings.Fields(os.Getenv("GOFLAGS")) {
		if !strings.HasPrefix(f, "-mod=") {
			flags = append(flags, f)
		}
	}
	env := append(os.Environ(), "GOFLAGS="+strings.Join(append(flags, "-mod=mod"), " "), "GOWORK=off")
	// go vet of the copy would repeat go vet of the source.
	cmd := exec.Command(goCmd, "build", "./...")
	cmd.Dir = dir
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build in the copy: %v\n%s", err, out)
	}
}
