package board

import (
	"testing"
)

// edits are one of each kind of edit operation on the order sample.
var edits = []struct {
	name string
	do   func(b *Board) error
}{
	{"add context", func(b *Board) error { _, err := b.AddContext("Billing"); return err }},
	{"add aggregate", func(b *Board) error { _, err := b.AddAggregate("Ordering", "Cart"); return err }},
	{"add command", func(b *Board) error { _, err := b.AddCommand(orderAgg, "Ship Order"); return err }},
	{"add event", func(b *Board) error { _, err := b.AddEvent(orderAgg, "Order Shipped"); return err }},
	{"add policy", func(b *Board) error { _, err := b.AddPolicy("Ordering", "Ship when paid"); return err }},
	{"add read model", func(b *Board) error { _, err := b.AddReadModel("Ordering", "Open Orders"); return err }},
	{"add external system", func(b *Board) error { _, err := b.AddExternalSystem("Ordering", "Bank"); return err }},
	{"add type", func(b *Board) error { _, err := b.AddType("Ordering", "Address"); return err }},
	{"add hotspot", func(b *Board) error { _, err := b.AddHotspot("Ordering", "why?", "Place Order"); return err }},
	{"rename event", func(b *Board) error {
		_, err := b.Rename(Key{Event, "Ordering", "Order Placed"}, "Order Submitted")
		return err
	}},
	{"rename context", func(b *Board) error { _, err := b.Rename(Key{Context, "Ordering", "Ordering"}, "Sales"); return err }},
	{"rename actor", func(b *Board) error { _, err := b.Rename(Key{Actor, "Ordering", "Customer"}, "Shopper"); return err }},
	{"delete event", func(b *Board) error { return b.Delete(Key{Event, "Ordering", "Order Cancelled"}) }},
	{"delete aggregate", func(b *Board) error { return b.Delete(orderAgg) }},
	{"delete context", func(b *Board) error { return b.Delete(Key{Context, "Ordering", "Ordering"}) }},
	{"delete actor", func(b *Board) error { return b.Delete(Key{Actor, "Ordering", "Customer"}) }},
	{"link emits", func(b *Board) error {
		_, err := b.ToggleEmits(Key{Command, "Ordering", "Cancel Order"}, "Order Placed")
		return err
	}},
	{"link uses", func(b *Board) error {
		_, err := b.ToggleUses(Key{Command, "Ordering", "Cancel Order"}, "Bank")
		return err
	}},
	{"link from", func(b *Board) error {
		_, err := b.ToggleFrom(Key{ReadModel, "Order History", "Order History"}, "Ordering.Order Placed")
		return err
	}},
	{"set actor", func(b *Board) error { return b.SetActor(Key{Command, "Ordering", "Cancel Order"}, "Clerk") }},
	{"set creates", func(b *Board) error { return b.SetCreates(Key{Command, "Ordering", "Cancel Order"}, true) }},
	{"set read model key", func(b *Board) error {
		return b.SetReadModelKey(Key{ReadModel, "Order History", "Order History"}, "customerId")
	}},
	{"set field", func(b *Board) error { return b.SetField(orderAgg, "", "note", "optional string") }},
	{"retype field", func(b *Board) error { return b.SetField(orderAgg, "amount", "total", "int") }},
	{"remove field", func(b *Board) error { return b.RemoveField(orderAgg, "reason") }},
	{"set scenario", func(b *Board) error {
		_, err := b.SetScenario(orderAgg, "{ name: x, when: Place Order, then: [Order Placed] }")
		return err
	}},
	{"remove scenario", func(b *Board) error { return b.RemoveScenario(orderAgg, "an order can be placed") }},
}

// TestUndoRedoEveryEdit checks that every kind of edit is taken back by
// Undo and made again, to the byte, by Redo, any number of times.
func TestUndoRedoEveryEdit(t *testing.T) {
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			b := openSample(t)
			before := string(b.Bytes())
			must(t, e.do(b))
			after := string(b.Bytes())
			if after == before {
				t.Fatal("the edit changed nothing")
			}
			for range 2 {
				if !b.Undo() || string(b.Bytes()) != before {
					t.Fatalf("undo did not restore the model:\n%s", b.Bytes())
				}
				if b.Dirty() || b.CanUndo() || !b.CanRedo() {
					t.Errorf("after undo: dirty %v, can undo %v, can redo %v", b.Dirty(), b.CanUndo(), b.CanRedo())
				}
				if !b.Redo() || string(b.Bytes()) != after {
					t.Fatalf("redo did not make the edit again:\n%s", b.Bytes())
				}
				if b.CanRedo() || !b.CanUndo() {
					t.Error("after redo the stacks are wrong")
				}
			}
			if b.Redo() {
				t.Error("redo with nothing undone")
			}
		})
	}
}

// TestNewEditClearsRedo checks that an edit after an undo drops what was
// undone, and that several undos are redone in order.
func TestNewEditClearsRedo(t *testing.T) {
	b := openSample(t)
	k := mustKey(t)
	k(b.AddEvent(orderAgg, "Order Shipped"))
	one := string(b.Bytes())
	k(b.AddEvent(orderAgg, "Order Lost"))
	two := string(b.Bytes())
	b.Undo()
	b.Undo()
	if !b.Redo() || string(b.Bytes()) != one || !b.Redo() || string(b.Bytes()) != two {
		t.Fatal("redos did not come back in order")
	}
	b.Undo()
	k(b.AddPolicy("Ordering", "Tell the customer"))
	if b.CanRedo() || b.Redo() {
		t.Error("a new edit left the undone one to redo")
	}
	if b.Find(Key{Event, "Ordering", "Order Lost"}) != nil {
		t.Error("the undone event came back")
	}
}
