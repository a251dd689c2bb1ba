package cmd

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"eventstorm/model"
)

// TestDiagramRoundTrip draws each bundled sample as an Excalidraw and a
// draw.io board, imports the board, and compares the imported model's
// structure with the sample's: contexts, aggregates, commands with their
// actor, events and external systems, events, policies with when and
// then, read models with their events, external systems. Fields are not on
// the board, so they are not compared. The samples' hotspots must come
// back too (the import may add its own).
func TestDiagramRoundTrip(t *testing.T) {
	models := []string{"order", "library", "printshop"}
	awkward, _ := filepath.Glob("../generator/testdata/models/*.yaml")
	models = append(models, append(awkward, "../diagram/testdata/tricky.yaml")...)
	for _, name := range models {
		for _, format := range []string{"excalidraw", "drawio"} {
			t.Run(filepath.Base(name)+"."+format, func(t *testing.T) {
				dir := t.TempDir()
				file := name
				if !strings.HasSuffix(name, ".yaml") {
					file = writeNamedSample(t, dir, name)
				}
				board := filepath.Join(dir, "board."+format)
				run(t, "diagram", file, "--format", format, "-o", board).want(t, exitOK)
				imported := filepath.Join(dir, "imported.yaml")
				run(t, "import", board, "-o", imported).want(t, exitOK)
				want, wantHot := structure(t, file)
				got, gotHot := structure(t, imported)
				if diff := lineDiff(want, got); diff != "" {
					t.Errorf("the imported model differs from %s (- sample, + imported):\n%s", name, diff)
				}
				for _, h := range wantHot {
					if !slices.Contains(gotHot, h) {
						t.Errorf("hotspot %q was not imported; imported hotspots: %q", h, gotHot)
					}
				}
			})
		}
	}
}

// structure lists a model's board structure as sorted lines, and its
// hotspots' texts.
func structure(t *testing.T, file string) (lines, hotspots []string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := model.Load(file, data)
	if m == nil {
		t.Fatalf("%s does not load", file)
	}
	model.Validate(m) // resolves references; fields may be missing on an import
	add := func(parts ...string) { lines = append(lines, strings.Join(parts, " ")) }
	for _, c := range m.Contexts {
		add("context", c.Name)
		for _, a := range c.Aggregates {
			add("aggregate", c.Name, "/", a.Name)
			for _, cmd := range a.Commands {
				add("command", c.Name, "/", a.Name, "/", cmd.Name, "actor:", cmd.Actor,
					"emits:", elementNames(cmd.EmittedEvents()), "uses:", elementNames(cmd.UsedSystems()))
			}
			for _, e := range a.Events {
				add("event", c.Name, "/", a.Name, "/", e.Name)
			}
		}
		for _, p := range c.Policies {
			add("policy", c.Name, "/", p.Name, "when:", qualified(p.Event()), "then:", elementNames([]*model.Command{p.Command()}))
		}
		for _, r := range c.ReadModels {
			var from []string
			for _, pr := range r.From {
				from = append(from, qualified(pr.SourceEvent()))
			}
			// The board shows which events feed a read model, not in which
			// order the model lists them: the import lists them along the
			// timeline.
			slices.Sort(from)
			add("readmodel", c.Name, "/", r.Name, "from:", strings.Join(from, ", "))
		}
		for _, x := range c.ExternalSystems {
			add("external", c.Name, "/", x.Name)
		}
		for _, h := range c.Hotspots {
			hotspots = append(hotspots, c.Name+": "+h.Text)
		}
	}
	slices.Sort(lines)
	return lines, hotspots
}

// elementNames joins the names of resolved elements; an unresolved one is "?".
func elementNames[E interface{ comparable }](els []E) string {
	var out []string
	var zero E
	for _, e := range els {
		if e == zero {
			out = append(out, "?")
			continue
		}
		switch v := any(e).(type) {
		case *model.Event:
			out = append(out, v.Name)
		case *model.Command:
			out = append(out, v.Name)
		case *model.ExternalSystem:
			out = append(out, v.Name)
		}
	}
	return strings.Join(out, ", ")
}

// qualified names an event as Context.Event, "?" when unresolved.
func qualified(e *model.Event) string {
	if e == nil || e.Aggregate == nil || e.Aggregate.Context == nil {
		return "?"
	}
	return e.Aggregate.Context.Name + "." + e.Name
}

// lineDiff lists the lines only in want (-) and only in got (+).
func lineDiff(want, got []string) string {
	var b strings.Builder
	for _, l := range want {
		if !slices.Contains(got, l) {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range got {
		if !slices.Contains(want, l) {
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}
