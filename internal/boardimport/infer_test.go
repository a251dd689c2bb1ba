package boardimport

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"eventstorm/model"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestInferGolden imports each Miro fixture board and compares the model
// with its golden YAML; the model must load and validate without errors.
func TestInferGolden(t *testing.T) {
	for _, tc := range []struct {
		file, legend, system string
		hotspots             int
	}{
		{"miro-frames-arrows.all.json", "", "Shop", 0},
		{"miro-row-noarrows.json", "", "Library", 1},
		{"miro-odd-colours.json", "miro-odd-colours.legend.yaml", "Clinic", 1},
		{"miro-swimlanes.json", "", "Library", 1},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			b, err := Read(tc.file, data, "")
			if err != nil {
				t.Fatal(err)
			}
			legend := DefaultLegend()
			if tc.legend != "" {
				ld, err := os.ReadFile(filepath.Join("testdata", tc.legend))
				if err != nil {
					t.Fatal(err)
				}
				if legend, err = ParseLegend(tc.legend, ld); err != nil {
					t.Fatal(err)
				}
			}
			d, unplaced := Infer(b, legend, tc.system)
			if len(unplaced) != tc.hotspots {
				t.Errorf("unplaced %d stickies, want %d: %q", len(unplaced), tc.hotspots, unplaced)
			}
			got := d.YAML()
			again, _ := Infer(b, legend, tc.system)
			if !bytes.Equal(got, again.YAML()) {
				t.Error("two imports of the same board differ")
			}
			golden := filepath.Join("testdata", strings.TrimSuffix(tc.file, filepath.Ext(tc.file))+".golden.yaml")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("import differs from %s:\n%s", golden, got)
			}
			m, diags := model.Load("imported.yaml", got)
			if m != nil {
				diags = append(diags, model.Validate(m)...)
			}
			if diags.HasErrors() {
				t.Errorf("the imported model does not validate:\n%v", diags.Errors())
			}
		})
	}
}
