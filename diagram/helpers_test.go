package diagram

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"eventstorm/model"
	"eventstorm/samples"
)

// input is a model the tests draw: a bundled sample or a file.
type input struct {
	name string // the golden files' base name
	load func(t *testing.T) *model.Model
}

func sample(name string) input {
	return input{name: name, load: func(t *testing.T) *model.Model {
		t.Helper()
		s, err := samples.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		return valid(t, name+".yaml", s.Data)
	}}
}

func file(path string) input {
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return input{name: name, load: func(t *testing.T) *model.Model {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return valid(t, path, data)
	}}
}

// goldenInputs are drawn and compared with testdata/golden.
var goldenInputs = []input{sample("order"), sample("library"), sample("printshop"), file("testdata/tricky.yaml")}

// allInputs adds the generator's models of awkward names, which are
// checked for well-formed output but have no golden files here.
func allInputs(t *testing.T) []input {
	t.Helper()
	more, err := filepath.Glob("../generator/testdata/models/*.yaml")
	if err != nil || len(more) == 0 {
		t.Fatalf("no models in ../generator/testdata/models: %v", err)
	}
	out := append([]input{}, goldenInputs...)
	for _, p := range more {
		out = append(out, file(p))
	}
	return out
}

func valid(t *testing.T, file string, data []byte) *model.Model {
	t.Helper()
	m, diags := model.Load(file, data)
	if m != nil {
		diags = append(diags, model.Validate(m)...)
	}
	if diags.HasErrors() {
		t.Fatalf("%s is invalid:\n%v", file, diags.Errors())
	}
	return m
}

// stickyNames lists the text of every sticky a model puts on the board.
func stickyNames(m *model.Model) []string {
	var out []string
	for _, c := range m.Contexts {
		out = append(out, c.Name)
		for _, a := range c.Aggregates {
			out = append(out, a.Name)
			for _, cmd := range a.Commands {
				out = append(out, cmd.Name)
				if cmd.Actor != "" {
					out = append(out, cmd.Actor)
				}
			}
			for _, e := range a.Events {
				out = append(out, e.Name)
			}
		}
		for _, p := range c.Policies {
			out = append(out, p.Name)
		}
		for _, r := range c.ReadModels {
			out = append(out, r.Name)
		}
		for _, x := range c.ExternalSystems {
			out = append(out, x.Name)
		}
		for _, h := range c.Hotspots {
			out = append(out, h.Text)
		}
	}
	return out
}

// oneLine is text as the diagrams write it: runs of white space as one
// space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
