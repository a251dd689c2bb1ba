package diagram_test

import (
	"slices"
	"testing"

	"eventstorm/diagram"
	"eventstorm/internal/boardimport"
	"eventstorm/model"
	"eventstorm/samples"
)

// TestBoardReadBack reads the Excalidraw and draw.io boards of the samples
// with the import's own readers: a frame per context, a sticky per element
// with its name and colour, inside its context's frame, and every arrow
// joined at both ends to a sticky.
func TestBoardReadBack(t *testing.T) {
	for _, name := range []string{"order", "library", "printshop"} {
		s, err := samples.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		m, _ := model.Load(name+".yaml", s.Data)
		if m == nil {
			t.Fatalf("%s does not load", name)
		}
		model.Validate(m)
		at := map[string][2]float64{} // sticky id → position on the first board
		for _, format := range []string{"excalidraw", "drawio"} {
			data, err := map[string]func(*model.Model) ([]byte, error){"excalidraw": diagram.Excalidraw, "drawio": diagram.Drawio}[format](m)
			if err != nil {
				t.Fatal(err)
			}
			b, err := boardimport.Read("board", data, format)
			if err != nil {
				t.Fatalf("%s %s: %v", name, format, err)
			}
			checkReadBack(t, name+"."+format, m, b)
			// Both formats draw one wall: draw.io's positions, relative to
			// the swimlanes, read back to Excalidraw's absolute ones.
			for _, it := range b.Items {
				if it.Kind != boardimport.Sticky {
					continue
				}
				if p, ok := at[it.ID]; !ok {
					at[it.ID] = [2]float64{it.X, it.Y}
				} else if p != [2]float64{it.X, it.Y} {
					t.Errorf("%s: sticky %q at %v,%v, on the Excalidraw board at %v", name, it.Text, it.X, it.Y, p)
				}
			}
		}
	}
}

func checkReadBack(t *testing.T, what string, m *model.Model, b *boardimport.Board) {
	t.Helper()
	byID := map[string]boardimport.Item{}
	var frames, stickies []string
	for _, it := range b.Items {
		byID[it.ID] = it
		switch it.Kind {
		case boardimport.Frame:
			frames = append(frames, it.Text)
		case boardimport.Sticky:
			stickies = append(stickies, it.Text)
		}
	}
	var contexts []string
	for _, c := range m.Contexts {
		contexts = append(contexts, c.Name)
		for _, x := range c.ExternalSystems {
			if !slices.Contains(stickies, x.Name) {
				t.Errorf("%s: no sticky %q", what, x.Name)
			}
		}
		for _, a := range c.Aggregates {
			for _, e := range a.Events {
				if !slices.Contains(stickies, e.Name) {
					t.Errorf("%s: no sticky %q", what, e.Name)
				}
			}
		}
	}
	if !slices.Equal(frames, contexts) {
		t.Errorf("%s: frames %q, want the contexts %q", what, frames, contexts)
	}
	for _, it := range b.Items {
		switch it.Kind {
		case boardimport.Sticky:
			if p, ok := byID[it.Parent]; !ok || p.Kind != boardimport.Frame || it.Color == "" {
				t.Errorf("%s: sticky %q has parent %q, colour %q", what, it.Text, it.Parent, it.Color)
			}
		case boardimport.Connector:
			if byID[it.From].Kind != boardimport.Sticky || byID[it.To].Kind != boardimport.Sticky || it.From == "" || it.To == "" {
				t.Errorf("%s: arrow %s joins %q and %q, not two stickies", what, it.ID, it.From, it.To)
			}
		case boardimport.Text:
			t.Errorf("%s: stray text %q", what, it.Text)
		}
	}
}
