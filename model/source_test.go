package model

import (
	"strings"
	"testing"
)

const sourceModel = `eventstorm: 1
system: Shop
contexts:
  - name: Ordering
    source: { board: miro, id: "100" }
    aggregates:
      - name: Order
        source: { board: miro, id: "200" }
        commands:
          - name: Place Order
            source: { board: miro, id: "300" }
            emits: [Order Placd]
        events:
          - name: Order Placed
            source: { board: miro, id: "3458764517517819000" }
            fields: { amount: decmal }
`

func TestSourceDecodes(t *testing.T) {
	m, _ := loadValidate(sourceModel)
	if m == nil {
		t.Fatal("no model")
	}
	c := m.Contexts[0]
	ev := c.Aggregates[0].Events[0]
	for _, tc := range []struct {
		what      string
		src       *Source
		board, id string
		line      int
	}{
		{"context", c.Source, "miro", "100", 5},
		{"aggregate", c.Aggregates[0].Source, "miro", "200", 8},
		{"command", c.Aggregates[0].Commands[0].Source, "miro", "300", 11},
		{"event", ev.Source, "miro", "3458764517517819000", 15},
	} {
		if tc.src == nil {
			t.Errorf("%s: no source", tc.what)
			continue
		}
		if tc.src.Board != tc.board || tc.src.ID != tc.id || tc.src.Pos.Line != tc.line {
			t.Errorf("%s: source %+v, want %s %s at line %d", tc.what, *tc.src, tc.board, tc.id, tc.line)
		}
	}
}

func TestDiagnosticsNameSticky(t *testing.T) {
	_, diags := loadValidate(sourceModel)
	for _, tc := range []struct {
		line  int
		label string
	}{
		// The unknown event is referenced inside the command: its sticky.
		{12, `(miro sticky 300 "Place Order")`},
		// The bad field type is inside the event: the innermost sticky.
		{16, `(miro sticky 3458764517517819000 "Order Placed")`},
	} {
		found := false
		for _, d := range diags {
			if d.Line == tc.line {
				found = true
				if !strings.HasSuffix(d.Message, tc.label) {
					t.Errorf("line %d: %q does not end with %s", tc.line, d.Message, tc.label)
				}
			}
		}
		if !found {
			t.Errorf("no diagnostic on line %d; got %v", tc.line, diags)
		}
	}
}

func TestSourceErrors(t *testing.T) {
	for _, tc := range []struct {
		name, source, at, msg string
	}{
		{"unknown board", `{ board: mural, id: "1" }`, "5:22", `source board "mural" is not one eventstorm imports; write one of miro, excalidraw, drawio`},
		{"blank id", `{ board: miro, id: " " }`, "5:32", "source id is blank"},
		{"no id", `{ board: miro }`, "5:13", "a source has no `id:`"},
		{"not a mapping", `miro`, "5:13", "a source must be a mapping"},
		{"unknown key", `{ board: miro, id: "1", x: 2 }`, "5:", "x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "eventstorm: 1\nsystem: Shop\ncontexts:\n  - name: Ordering\n    source: " + tc.source + "\n"
			_, diags := loadValidate(src)
			for _, d := range diags {
				at := d.String()
				if d.Severity == Error && strings.Contains(at, ":"+tc.at) && strings.Contains(d.Message, tc.msg) {
					return
				}
			}
			t.Errorf("want an error at %s containing %q; got %v", tc.at, tc.msg, diags)
		})
	}
}
