package model_test

import (
	"strings"
	"testing"

	"eventstorm/model"
	"eventstorm/tui/board"
)

// versionedShop is a model using event versions and aggregate storage.
const versionedShop = `eventstorm: 1
system: Shop
contexts:
  - name: Ordering
    aggregates:
      - name: Order
        store: events
        commands:
          - name: Place Order
            creates: true
            emits: [Order Placed]
        events:
          - name: Order Placed
            version: 2
            fields: { customerId: string, amount: decimal, currency: string }
            earlier:
              - version: 1
                fields: { customerId: string, amount: decimal }
`

// TestBoardKeepsVersionsAndStore edits a versioned model on the TUI's board
// and checks that what it writes still has the event's versions and the
// aggregate's storage: the board works on the YAML text, so keys it does
// not edit stay as written.
func TestBoardKeepsVersionsAndStore(t *testing.T) {
	b, err := board.Open("eventstorm.yaml", []byte(versionedShop))
	if err != nil {
		t.Fatal(err)
	}
	event := board.Key{Kind: board.Event, Context: "Ordering", Name: "Order Placed"}
	if err := b.SetField(event, "", "note", "optional string"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.AddEvent(board.Key{Kind: board.Aggregate, Context: "Ordering", Name: "Order"}, "Order Noted"); err != nil {
		t.Fatal(err)
	}
	out := string(b.Bytes())
	for _, line := range []string{"        store: events\n", "            version: 2\n", "              - version: 1\n"} {
		if !strings.Contains(out, line) {
			t.Errorf("the board dropped %q:\n%s", line, out)
		}
	}
	m, diags := model.Load("eventstorm.yaml", b.Bytes())
	if m == nil || diags.HasErrors() {
		t.Fatalf("the board wrote a model that does not load: %v\n%s", diags, out)
	}
	a := m.Contexts[0].Aggregates[0]
	e := a.Events[0]
	if !a.EventSourced() || e.Version != 2 || len(e.Earlier) != 1 || len(e.Fields) != 4 || len(e.Earlier[0].Fields) != 2 {
		t.Errorf("after the edit: store %q, version %d, %d earlier, %d fields\n%s", a.Store, e.Version, len(e.Earlier), len(e.Fields), out)
	}
}
