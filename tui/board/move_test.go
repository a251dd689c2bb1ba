package board

import "testing"

// TestMoveAggregateKeepsReferences moves the Order aggregate to a new
// context, then into the context of its read model: the references follow,
// qualified where they are written in another context, plain in its own.
func TestMoveAggregateKeepsReferences(t *testing.T) {
	b := openSample(t)
	k := mustKey(t)
	k(b.AddContext("Sales"))
	var moved Key
	undoable(t, b, func() error { var err error; moved, err = b.MoveAggregate(orderAgg, "Sales"); return err })
	if moved != (Key{Aggregate, "Sales", "Order"}) || b.Find(moved) == nil {
		t.Fatalf("moved to %v", moved)
	}
	yamlHas(t, b, "event: Sales.Order Placed", "event: Sales.Order Cancelled", "when: {Sales.Place Order:",
		"- {Sales.Order Placed:", "emits: [Order Placed]", "given: [Order Placed]")
	yamlLacks(t, b, "Ordering.")
	noErrors(t, b)
	undoable(t, b, func() error { _, err := b.MoveAggregate(moved, "Order History"); return err })
	yamlHas(t, b, "          - event: Order Placed\n", "- {Order History.Order Placed:")
	noErrors(t, b)
	if _, err := b.MoveAggregate(Key{Aggregate, "Order History", "Order"}, "Nowhere"); err == nil {
		t.Error("moved to a missing context")
	}
	k(b.AddAggregate("Sales", "Cart"))
	k(b.AddEvent(Key{Aggregate, "Sales", "Cart"}, "Order Placed"))
	if _, err := b.MoveAggregate(Key{Aggregate, "Order History", "Order"}, "Sales"); err == nil {
		t.Error("moved onto a name taken in the context")
	}
}
