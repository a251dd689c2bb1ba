package diagram

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden with the current drawings")

// TestDiagramGolden compares the Mermaid and DOT drawings of the samples
// and of the model of awkward names with testdata/golden; refresh them
// with `go test ./diagram -run DiagramGolden -update` and review the diff.
func TestDiagramGolden(t *testing.T) {
	for _, in := range goldenInputs {
		t.Run(in.name, func(t *testing.T) {
			m := in.load(t)
			for ext, got := range map[string]string{".mmd": Mermaid(m), ".dot": DOT(m)} {
				path := filepath.Join("testdata", "golden", in.name+ext)
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if got != string(want) {
					t.Errorf("%s differs from %s (run with -update to accept it):\n%s", in.name+ext, path, got)
				}
			}
		})
	}
}

// TestDiagramDeterministic draws every model twice, from two loads, in
// every format: the bytes must not change.
func TestDiagramDeterministic(t *testing.T) {
	for _, in := range allInputs(t) {
		for _, format := range Formats {
			var a, b bytes.Buffer
			if err := Render(&a, in.load(t), format); err != nil {
				t.Fatal(err)
			}
			if err := Render(&b, in.load(t), format); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("%s: two %s drawings differ", in.name, format)
			}
			if a.Len() == 0 {
				t.Errorf("%s: empty %s drawing", in.name, format)
			}
		}
	}
}

func TestDiagramRenderUnknownFormat(t *testing.T) {
	err := Render(&bytes.Buffer{}, sample("order").load(t), "svg")
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte(`"svg"`)) {
		t.Errorf("Render with format svg: got %v, want an error naming it", err)
	}
}
