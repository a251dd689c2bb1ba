package generator_test

import (
	"bytes"
	"go/format"
	"regexp"
	"strings"
	"testing"

	"eventstorm/generator"
	"eventstorm/model"
	"eventstorm/samples"
)

// planLayout loads, validates and plans a sample in a layout.
func planLayout(t *testing.T, s samples.Sample, layout generator.Layout) (*model.Model, []generator.File, error) {
	t.Helper()
	m, diags := model.Load(s.Name+".yaml", s.Data)
	if diags.HasErrors() || m == nil || model.Validate(m).HasErrors() {
		t.Fatalf("sample %s does not load: %v", s.Name, diags)
	}
	files, err := generator.Plan(m, generator.Options{Source: s.Data, Layout: layout})
	return m, files, err
}

// byPath indexes planned files by path.
func byPath(files []generator.File) map[string]generator.File {
	out := map[string]generator.File{}
	for _, f := range files {
		out[f.Path] = f
	}
	return out
}

// layoutModels are the models every layout is checked with: the samples
// and the edge cases of testdata/models.
func layoutModels(t *testing.T) []samples.Sample {
	return append(samples.All(), testdataModels(t)...)
}

// TestLayoutsKeepContextInsides checks that a context's folder holds the
// same code in every layout: each scaffolded file at the same place inside
// it and with the same bytes but for the import paths of the context's
// module and the folder's own path, and every other file under internal/
// and api/ too, but for the
// monolith's composition root, internal/service. Moving a context between
// layouts is moving its folder.
func TestLayoutsKeepContextInsides(t *testing.T) {
	for _, s := range layoutModels(t) {
		t.Run(s.Name, func(t *testing.T) {
			m, services, err := planLayout(t, s, generator.LayoutServices)
			if err != nil {
				t.Fatal(err)
			}
			want := byPath(services)
			for _, layout := range []generator.Layout{generator.LayoutPolyrepo, generator.LayoutMonolith} {
				_, files, err := planLayout(t, s, layout)
				if err != nil {
					t.Fatalf("%s: %v", layout, err)
				}
				got := byPath(files)
				for _, c := range m.Contexts {
					from, to := generator.ContextDir(c, generator.LayoutServices)+"/", generator.ContextDir(c, layout)+"/"
					oldMod, newMod := generator.ContextModule(m, c, generator.LayoutServices)+"/", generator.ContextModule(m, c, layout)+"/"
					oldPlatform, newPlatform := generator.PlatformImport(m, c, generator.LayoutServices)+"/", generator.PlatformImport(m, c, layout)+"/"
					for p, f := range want {
						rel, ok := strings.CutPrefix(p, from)
						inside := strings.HasPrefix(rel, "internal/") || strings.HasPrefix(rel, "api/")
						if !ok || !inside && f.Owner != generator.Scaffolded {
							continue
						}
						g, ok := got[to+rel]
						switch {
						case !ok:
							t.Errorf("%s: %s has no %s", layout, p, to+rel)
						case g.Owner != f.Owner:
							t.Errorf("%s: %s is %v, %s is %v", layout, p, f.Owner, to+rel, g.Owner)
						case layout == generator.LayoutMonolith && strings.HasPrefix(rel, "internal/service/"):
						case !bytes.Equal(g.Bytes, moved(f.Bytes, oldMod, newMod, oldPlatform, newPlatform, from, to)):
							t.Errorf("%s: %s differs from %s but for the module path and the folder:\n%s", layout, to+rel, p,
								firstDiff(moved(f.Bytes, oldMod, newMod, oldPlatform, newPlatform, from, to), g.Bytes))
						}
					}
				}
				for p, g := range got {
					if g.Owner == generator.Scaffolded && !scaffoldedIn(m, layout, p, want) {
						t.Errorf("%s: %s is scaffolded only in this layout", layout, p)
					}
				}
			}
		})
	}
}

// moved is a file of a context's folder as it reads in another layout:
// with the import paths of the context's module and of the runtime, and
// the paths of its folder (in messages naming a file to edit), of that
// layout, its imports sorted again as gofmt sorts them.
func moved(b []byte, oldMod, newMod, oldPlatform, newPlatform, oldDir, newDir string) []byte {
	b = bytes.ReplaceAll(b, []byte(oldPlatform), []byte(newPlatform))
	b = bytes.ReplaceAll(b, []byte(oldMod), []byte(newMod))
	b = bytes.ReplaceAll(b, []byte(oldDir), []byte(newDir))
	if formatted, err := format.Source(b); err == nil {
		return formatted
	}
	return b
}

// scaffoldedIn reports whether a scaffolded file of a layout is scaffolded
// at the same place of its context's folder in the default layout.
func scaffoldedIn(m *model.Model, layout generator.Layout, p string, services map[string]generator.File) bool {
	for _, c := range m.Contexts {
		if rel, ok := strings.CutPrefix(p, generator.ContextDir(c, layout)+"/"); ok {
			f, ok := services[generator.ContextDir(c, generator.LayoutServices)+"/"+rel]
			return ok && f.Owner == generator.Scaffolded
		}
	}
	return false
}

// TestPolyrepoPlan checks the polyrepo layout's files: every file but the
// root's few is in a context's folder, and each folder is a module of its
// own, named as documented, with a README, a Dockerfile, manifests and a
// CI workflow.
func TestPolyrepoPlan(t *testing.T) {
	root := map[string]bool{"README.md": true, "eventstorm.yaml": true, "eventstorm.schema.json": true, "docker-compose.yaml": true,
		"postgres-init.sql": true, ".github/workflows/ci.yaml": true}
	for _, s := range layoutModels(t) {
		t.Run(s.Name, func(t *testing.T) {
			m, files, err := planLayout(t, s, generator.LayoutPolyrepo)
			if err != nil {
				t.Fatal(err)
			}
			got := byPath(files)
			for _, f := range files {
				inContext := false
				for _, c := range m.Contexts {
					inContext = inContext || strings.HasPrefix(f.Path, generator.ContextDir(c, generator.LayoutPolyrepo)+"/")
				}
				if !inContext && !root[f.Path] {
					t.Errorf("%s is neither in a service's folder nor one of the root's files", f.Path)
				}
			}
			for _, c := range m.Contexts {
				dir := c.Kebab() + "/"
				for _, p := range []string{"go.mod", "go.sum", "README.md", "deploy/Dockerfile", "deploy/k8s/kustomization.yaml", ".github/workflows/ci.yaml", "cmd/" + c.Kebab() + "/main.go"} {
					if _, ok := got[dir+p]; !ok {
						t.Errorf("no %s%s", dir, p)
					}
				}
				if mod := regexp.MustCompile(`(?m)^module (\S+)$`).FindSubmatch(got[dir+"go.mod"].Bytes); mod == nil || string(mod[1]) != m.Module+"/"+c.Kebab() {
					t.Errorf("%sgo.mod declares %q, want %s/%s", dir, mod, m.Module, c.Kebab())
				}
				for p, f := range got {
					if strings.HasPrefix(p, dir) && strings.HasSuffix(p, ".go") && bytes.Contains(f.Bytes, []byte(`"`+m.Module+"/")) &&
						!bytes.Contains(f.Bytes, []byte(m.Module+"/"+c.Kebab()+"/")) {
						t.Errorf("%s imports from outside its module", p)
					}
				}
			}
		})
	}
}

// TestMonolithPlan checks the monolith layout's files: one module, one
// main under cmd/<system>, every context under internal/<context>/ with no
// main of its own and no import of another context.
func TestMonolithPlan(t *testing.T) {
	s, err := samples.Get("library")
	if err != nil {
		t.Fatal(err)
	}
	m, files, err := planLayout(t, s, generator.LayoutMonolith)
	if err != nil {
		t.Fatal(err)
	}
	got := byPath(files)
	for _, p := range []string{"go.mod", "go.sum", "cmd/riverside-library/main.go", "deploy/Dockerfile", "deploy/k8s/deployment.yaml", "Makefile", "docker-compose.yaml", ".github/workflows/ci.yaml"} {
		if _, ok := got[p]; !ok {
			t.Errorf("no %s", p)
		}
	}
	for _, f := range files {
		if strings.HasPrefix(f.Path, "services/") || strings.HasSuffix(f.Path, "/go.mod") {
			t.Errorf("%s: the monolith is one module with no services/ folder", f.Path)
		}
	}
	for _, c := range m.Contexts {
		dir := "internal/" + c.Kebab() + "/"
		if _, ok := got[dir+"module_gen.go"]; !ok {
			t.Errorf("no %smodule_gen.go, the context's public package", dir)
		}
		for p, f := range got {
			if !strings.HasPrefix(p, dir) {
				continue
			}
			if strings.HasPrefix(p, dir+"cmd/") {
				t.Errorf("%s: a context of the monolith has no main of its own", p)
			}
			for _, other := range m.Contexts {
				if other != c && bytes.Contains(f.Bytes, []byte(`"`+m.Module+"/internal/"+other.Kebab()+`/`)) ||
					other != c && bytes.Contains(f.Bytes, []byte(`"`+m.Module+"/internal/"+other.Kebab()+`"`)) {
					t.Errorf("%s imports the context %s", p, other.Name)
				}
			}
		}
	}
}

// TestMonolithRouteCollisions checks that the monolith refuses two
// contexts whose routes one server cannot tell apart, naming both and the
// route, while the other layouts, where each context has its own server,
// accept them.
func TestMonolithRouteCollisions(t *testing.T) {
	readModelBesideAggregate := `eventstorm: 1
system: Clash
contexts:
  - name: Sales
    aggregates:
      - name: Order
        commands:
          - { name: Place Order, creates: true, emits: [Order Placed] }
        events:
          - name: Order Placed
  - name: Reporting
    readModels:
      - name: Order
        key: orderId
        fields: { orderId: uuid }
        from:
          - event: Sales.Order Placed
`
	for _, tc := range []struct {
		name, yaml string
		want       []string
	}{
		{"same route", sharedPrefix, []string{`"Sales"`, `"Support"`, "GET /order/{id}"}},
		{"same path, other wildcard", readModelBesideAggregate, []string{`"Sales"`, `"Reporting"`, "GET /order/{key}", "GET /order/{id}"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := samples.Sample{Name: tc.name, Data: []byte(tc.yaml)}
			_, _, err := planLayout(t, s, generator.LayoutMonolith)
			if err == nil {
				t.Fatal("the monolith layout accepted colliding routes")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the error does not name %s: %v", w, err)
				}
			}
			for _, layout := range []generator.Layout{generator.LayoutServices, generator.LayoutPolyrepo} {
				if _, _, err := planLayout(t, s, layout); err != nil {
					t.Errorf("%s: %v", layout, err)
				}
			}
		})
	}
}

// TestUnknownLayout checks that a layout the generator does not know is
// an error, not the default.
func TestUnknownLayout(t *testing.T) {
	s, err := samples.Get("order")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := planLayout(t, s, "microservices"); err == nil || !strings.Contains(err.Error(), "microservices") {
		t.Errorf("got %v, want an error naming the layout", err)
	}
}
