package board

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"eventstorm/model"
)

func timeline(b *Board) string {
	var out []string
	for _, k := range b.TimelineEvents() {
		out = append(out, k.Name)
	}
	return strings.Join(out, ", ")
}

// validFile saves the board to a temporary file and checks that the model
// read back from it has no errors.
func validFile(t *testing.T, b *Board) {
	t.Helper()
	noErrors(t, b)
	path := filepath.Join(t.TempDir(), "eventstorm.yaml")
	must(t, os.WriteFile(path, b.Bytes(), 0o644))
	if _, diags := model.Read(path); diags.HasErrors() {
		t.Fatalf("the saved model has errors: %v\n%s", diags, b.Bytes())
	}
}

// TestBigPicture types events onto the timeline, reorders them, marks one
// pivotal and groups them into an aggregate, the file valid at each step.
func TestBigPicture(t *testing.T) {
	b, err := New("eventstorm.yaml", "Shop")
	must(t, err)
	k := mustKey(t)
	k(b.AddContext("Ordering"))
	for _, e := range []string{"Order Placed", "Order Shipped"} {
		undoable(t, b, func() error { _, err := b.AddTimelineEvent("Ordering", e, Key{}); return err })
		validFile(t, b)
	}
	yamlHas(t, b, "      - name: Timeline\n        events:\n", "      - text: "+timelineHotspot+"\n        on: Timeline\n")
	undoable(t, b, func() error {
		_, err := b.AddTimelineEvent("Ordering", "Order Paid", Key{Event, "Ordering", "Order Placed"})
		return err
	})
	if got := timeline(b); got != "Order Placed, Order Paid, Order Shipped" {
		t.Errorf("timeline %s", got)
	}
	if _, err := b.AddTimelineEvent("Ordering", "order paid", Key{}); err == nil {
		t.Error("a second Order Paid was accepted")
	}
	undoable(t, b, func() error { return b.MoveEvent(Key{Event, "Ordering", "Order Shipped"}, -1) })
	if got := timeline(b); got != "Order Placed, Order Shipped, Order Paid" {
		t.Errorf("timeline after a move %s", got)
	}
	if err := b.MoveEvent(Key{Event, "Ordering", "Order Placed"}, -1); err == nil {
		t.Error("moved the first event earlier")
	}
	placed := Key{Event, "Ordering", "Order Placed"}
	undoable(t, b, func() error { return b.SetPivotal(placed, true) })
	yamlHas(t, b, "- name: Order Placed # pivotal\n")
	if !b.Pivotal(placed) || b.Pivotal(Key{Event, "Ordering", "Order Paid"}) {
		t.Error("Pivotal does not read the mark")
	}
	validFile(t, b)
	for _, e := range []string{"Order Placed", "Order Shipped"} {
		undoable(t, b, func() error { _, err := b.GroupEvent(Key{Event, "Ordering", e}, "Order"); return err })
		validFile(t, b)
	}
	yamlHas(t, b, "name: Timeline")
	undoable(t, b, func() error { _, err := b.GroupEvent(Key{Event, "Ordering", "Order Paid"}, "Order"); return err })
	yamlLacks(t, b, "Timeline", "hotspots")
	yamlHas(t, b, "      - name: Order\n        events:\n          - name: Order Placed # pivotal\n          - name: Order Shipped\n          - name: Order Paid\n")
	validFile(t, b)
}

// TestGroupEventDropsEmits checks that an event moved out of an aggregate
// is no longer emitted by its commands.
func TestGroupEventDropsEmits(t *testing.T) {
	b := openSample(t)
	undoable(t, b, func() error {
		_, err := b.GroupEvent(Key{Event, "Ordering", "Order Cancelled"}, "Cancellation")
		return err
	})
	yamlHas(t, b, "emits: []", "      - name: Cancellation\n        events:\n          - name: Order Cancelled\n")
	if _, err := b.GroupEvent(Key{Event, "Ordering", "Order Placed"}, "Place Order"); err == nil {
		t.Error("grouped into an aggregate named like a command")
	}
}

// TestAttachToEvents attaches a command, a policy and a read model to
// events of the timeline, one edit each.
func TestAttachToEvents(t *testing.T) {
	b := openSample(t)
	k := mustKey(t)
	k(b.AddEvent(orderAgg, "Order Shipped"))
	shipped := Key{Event, "Ordering", "Order Shipped"}
	undoable(t, b, func() error { _, err := b.AddCommandEmitting(shipped, "Ship Order", "Warehouse"); return err })
	yamlHas(t, b, "          - name: Ship Order\n            actor: Warehouse\n            emits: [Order Shipped]\n")
	undoable(t, b, func() error { _, err := b.AddPolicyOn(shipped, "Ordering", "", "Cancel Order"); return err })
	yamlHas(t, b, "      - name: Cancel Order when Order Shipped\n        when: Order Shipped\n        then: Cancel Order\n")
	if _, err := b.AddPolicyOn(shipped, "Order History", "Tell", "Cancel Order"); err == nil {
		t.Error("a policy issuing another context's command was added")
	}
	noErrors(t, b)
	undoable(t, b, func() error { _, err := b.AddReadModelFrom(shipped, "Ordering", "Shipments"); return err })
	yamlHas(t, b, "      - name: Shipments\n        from:\n          - event: Order Shipped\n")
	c, err := New("x.yaml", "Shop")
	must(t, err)
	k(c.AddContext("Ordering"))
	ev := k(c.AddTimelineEvent("Ordering", "Order Placed", Key{}))
	if _, err := c.AddCommandEmitting(ev, "Place Order", ""); err == nil {
		t.Error("a command was added to the placeholder")
	}
}

// TestDeleteLastTimelineEvent deletes the events left on the placeholder:
// the placeholder goes with its hotspot, so no "not yet grouped" note
// stays behind, and undo brings all of it back.
func TestDeleteLastTimelineEvent(t *testing.T) {
	b, err := New("eventstorm.yaml", "Clinic")
	must(t, err)
	k := mustKey(t)
	k(b.AddContext("Billing"))
	k(b.AddTimelineEvent("Billing", "Invoice Issued", Key{}))
	k(b.AddTimelineEvent("Billing", "Payment Received", Key{}))
	undoable(t, b, func() error { return b.Delete(Key{Event, "Billing", "Invoice Issued"}) })
	yamlHas(t, b, "      - name: Timeline\n", timelineHotspot)
	undoable(t, b, func() error { return b.Delete(Key{Event, "Billing", "Payment Received"}) })
	if s := string(b.Bytes()); strings.Contains(s, Timeline) || strings.Contains(s, "aggregates") || strings.Contains(s, "hotspots") {
		t.Errorf("the placeholder stayed after its last event went:\n%s", s)
	}
	validFile(t, b)
}

// TestGroupKeepsTheTimeline groups the timeline from its start, into a new
// aggregate and then another: the events stay in the order they were
// called out, since new aggregates go before the placeholder.
func TestGroupKeepsTheTimeline(t *testing.T) {
	b, err := New("eventstorm.yaml", "Clinic")
	must(t, err)
	k := mustKey(t)
	k(b.AddContext("Billing"))
	var after Key
	for _, e := range []string{"Invoice Issued", "Payment Received", "Refund Paid"} {
		after = k(b.AddTimelineEvent("Billing", e, after))
	}
	undoable(t, b, func() error { _, err := b.GroupEvent(Key{Event, "Billing", "Invoice Issued"}, "Invoice"); return err })
	undoable(t, b, func() error { _, err := b.GroupEvent(Key{Event, "Billing", "Payment Received"}, "Payment"); return err })
	if got := timeline(b); got != "Invoice Issued, Payment Received, Refund Paid" {
		t.Errorf("timeline after grouping %s", got)
	}
	validFile(t, b)
}
