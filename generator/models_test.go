package generator_test

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"eventstorm/generator"
	"eventstorm/model"
	"eventstorm/samples"
)

// testdataModels returns the edge-case models of testdata/models as
// samples named models/<file>, sorted by name. Each must be valid.
func testdataModels(t *testing.T) []samples.Sample {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "models", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	var out []samples.Sample
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, samples.Sample{Name: "models/" + strings.TrimSuffix(filepath.Base(p), ".yaml"), Data: data})
	}
	if len(out) == 0 {
		t.Fatal("no models in testdata/models")
	}
	return out
}

// TestModelsValid checks that every edge-case model is valid: the
// generator's tests rely on each of them, so each must pass validate.
func TestModelsValid(t *testing.T) {
	for _, s := range testdataModels(t) {
		t.Run(s.Name, func(t *testing.T) {
			m, diags := model.Load(s.Name+".yaml", s.Data)
			if m == nil || diags.HasErrors() {
				t.Fatalf("does not load: %v", diags)
			}
			if diags := model.Validate(m); diags.HasErrors() {
				t.Fatalf("invalid: %v", diags)
			}
		})
	}
}

// TestPlanDeterministic plans every sample and edge-case model twice, each
// from a fresh Load, and checks the plans are the same files, in the same
// order, byte for byte.
func TestPlanDeterministic(t *testing.T) {
	for _, s := range append(samples.All(), testdataModels(t)...) {
		t.Run(s.Name, func(t *testing.T) {
			first := planSample(t, s)
			for run := 0; run < 3; run++ {
				again := planSample(t, s)
				if len(again) != len(first) {
					t.Fatalf("run %d planned %d files, the first %d", run+2, len(again), len(first))
				}
				for i := range first {
					if first[i].Path != again[i].Path || first[i].Owner != again[i].Owner {
						t.Fatalf("run %d: file %d is %s (%v), the first run's %s (%v)", run+2, i, again[i].Path, again[i].Owner, first[i].Path, first[i].Owner)
					}
					if !bytes.Equal(first[i].Bytes, again[i].Bytes) {
						t.Fatalf("run %d: %s differs from the first run's", run+2, first[i].Path)
					}
				}
			}
			for i := 1; i < len(first); i++ {
				if first[i-1].Path >= first[i].Path {
					t.Fatalf("plan not sorted by path, or a path repeats: %s before %s", first[i-1].Path, first[i].Path)
				}
			}
		})
	}
}

// TestPlanHeaders checks that every planned Go file carries the header of
// its owner, and that generated Go files, apart from main packages, end in
// _gen.go or _gen_test.go.
func TestPlanHeaders(t *testing.T) {
	for _, s := range append(samples.All(), testdataModels(t)...) {
		t.Run(s.Name, func(t *testing.T) {
			for _, f := range planSample(t, s) {
				if !strings.HasSuffix(f.Path, ".go") {
					continue
				}
				header := generator.GeneratedHeader
				if f.Owner == generator.Scaffolded {
					header = generator.ScaffoldedHeader
				}
				if !bytes.Contains(f.Bytes, []byte(header)) {
					t.Errorf("%s (%v) lacks its header %q", f.Path, f.Owner, header)
				}
				if f.Owner == generator.Scaffolded && strings.Contains(f.Path, "_gen") {
					t.Errorf("scaffolded %s is named like a generated file", f.Path)
				}
			}
		})
	}
}

// TestReservedRoutes checks that a read model listed at a path every
// service serves itself is refused with a positioned error.
func TestReservedRoutes(t *testing.T) {
	src := []byte(`eventstorm: 1
system: Shop
contexts:
  - name: Ops
    aggregates:
      - name: Probe
        commands: [{ name: Start Probe, creates: true, emits: [Probe Started] }]
        events: [{ name: Probe Started }]
    readModels:
      - name: Metrics
        from: [Probe Started]
`)
	m, diags := model.Load("ops.yaml", src)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	_, err := generator.Plan(m, generator.Options{})
	if err == nil || !strings.Contains(err.Error(), `ops.yaml:10:9: error: read model "Metrics" would be listed at GET /metrics`) {
		t.Fatalf("err = %v", err)
	}
}
