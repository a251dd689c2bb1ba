package generator_test

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"eventstorm/generator"
	"eventstorm/platform"
	"eventstorm/samples"
	"eventstorm/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden from the current plans")

// goldenSuffix is appended to every golden file's name, so that Go tools
// and `gofmt -l $(git ls-files '*.go')` never take a golden file for source.
const goldenSuffix = ".golden"

// TestGolden compares every bundled sample's full plan, byte for byte,
// with testdata/golden/<sample>/<path>.golden: every planned file must have
// its golden file and every golden file its planned file. Refresh them
// with `go test ./generator -run Golden -update` and review the diff.
func TestGolden(t *testing.T) {
	for _, s := range samples.All() {
		t.Run(s.Name, func(t *testing.T) {
			root := filepath.Join("testdata", "golden", s.Name)
			// The runtime's copy is platform/'s source, tested there and by
			// platform.TestFiles, and the schema's copy is schema/'s: their
			// goldens would only repeat them.
			var files []generator.File
			for _, f := range planSample(t, s) {
				if !strings.HasPrefix(f.Path, platform.Dir+"/") && f.Path != schema.FileName {
					files = append(files, f)
				}
			}
			if *update {
				if err := os.RemoveAll(root); err != nil {
					t.Fatal(err)
				}
				for _, f := range files {
					p := filepath.Join(root, filepath.FromSlash(f.Path)+goldenSuffix)
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, f.Bytes, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			golden := map[string]bool{}
			err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, err := filepath.Rel(root, p)
				if err != nil {
					return err
				}
				golden[strings.TrimSuffix(filepath.ToSlash(rel), goldenSuffix)] = true
				return nil
			})
			if err != nil {
				t.Fatalf("%v (run with -update to create the golden files)", err)
			}
			for _, f := range files {
				if !golden[f.Path] {
					t.Errorf("%s is planned but has no golden file; run go test ./generator -run Golden -update", f.Path)
					continue
				}
				delete(golden, f.Path)
				want, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f.Path)+goldenSuffix))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(f.Bytes, want) {
					t.Errorf("%s differs from its golden file:\n%s", f.Path, firstDiff(want, f.Bytes))
				}
			}
			for p := range golden {
				t.Errorf("%s has a golden file but is no longer planned; run go test ./generator -run Golden -update", p)
			}
		})
	}
}

// firstDiff shows the first line where got differs from want.
func firstDiff(want, got []byte) string {
	w := strings.Split(string(want), "\n")
	g := strings.Split(string(got), "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  want: %s\n  got:  %s", i+1, wl, gl)
		}
	}
	return "(only the line endings differ)"
}
