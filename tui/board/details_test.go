package board

import (
	"strings"
	"testing"
)

var (
	placeOrder = Key{Command, "Ordering", "Place Order"}
	history    = Key{ReadModel, "Order History", "Order History"}
)

// undoable runs an edit and checks that Undo takes the model back to what
// it was and Redo brings the edit back.
func undoable(t *testing.T, b *Board, edit func() error) {
	t.Helper()
	before := string(b.Bytes())
	must(t, edit())
	after := string(b.Bytes())
	if !b.Undo() || string(b.Bytes()) != before {
		t.Errorf("undo did not take the edit back:\n%s", b.Bytes())
	}
	if !b.Redo() || string(b.Bytes()) != after {
		t.Errorf("redo did not bring the edit back")
	}
}

func noErrors(t *testing.T, b *Board) {
	t.Helper()
	if errs := errorsOf(b); len(errs) > 0 {
		t.Fatalf("errors:\n%s\n%s", strings.Join(errs, "\n"), b.Bytes())
	}
}

func TestSetTextDetails(t *testing.T) {
	b := openSample(t)
	undoable(t, b, func() error { return b.SetDescription(orderAgg, "An order a customer places.") })
	undoable(t, b, func() error { return b.SetText(orderAgg, "id", "orderNo") })
	undoable(t, b, func() error { return b.SetText(orderAgg, "idType", "string") })
	undoable(t, b, func() error { return b.SetText(orderAgg, "store", "events") })
	undoable(t, b, func() error { return b.SetDescription(Key{Context, "Ordering", "Ordering"}, "Takes orders.") })
	undoable(t, b, func() error { return b.SetSystemText("module", "example.com/shop") })
	yamlHas(t, b, "      - name: Order\n        description: An order a customer places.\n        id: orderNo\n        idType: string\n        store: events\n",
		"    description: Takes orders.\n", "module: example.com/shop\n")
	noErrors(t, b)
	if b.Text(orderAgg, "id") != "orderNo" || b.SystemText("module") != "example.com/shop" {
		t.Error("Text does not read what was set")
	}
	undoable(t, b, func() error { return b.SetDescription(Key{Context, "Ordering", "Ordering"}, "") })
	yamlLacks(t, b, "Takes orders.", "Takes and tracks")
	if err := b.SetText(Key{Event, "Ordering", "Order Placed"}, "target", "x"); err == nil {
		t.Error("an event took a target")
	}
	if err := b.SetSystemText("system", "x"); err == nil {
		t.Error("SetSystemText set the system's name")
	}
}

// TestSetCodeFollowsReferences checks that references written with an
// element's code follow a new code, and its name when the code goes.
func TestSetCodeFollowsReferences(t *testing.T) {
	b := openSample(t)
	placed := Key{Event, "Ordering", "Order Placed"}
	undoable(t, b, func() error { return b.SetCode(placed, "OrderReceived") })
	yamlHas(t, b, "          - name: Order Placed\n            code: OrderReceived\n")
	// Write a reference by the code, then change the code.
	_, err := b.ToggleEmits(Key{Command, "Ordering", "Cancel Order"}, "Order Placed")
	must(t, err)
	b.setScalar(b.ContextNamed("Ordering").Aggregates[0].Commands[1].Emits[1].Pos, "OrderReceived")
	must(t, b.load(b.Model.Doc))
	yamlHas(t, b, "emits: [Order Cancelled, OrderReceived]")
	undoable(t, b, func() error { return b.SetCode(placed, "OrderTaken") })
	yamlHas(t, b, "emits: [Order Cancelled, OrderTaken]", "code: OrderTaken")
	undoable(t, b, func() error { return b.SetCode(placed, "") })
	yamlHas(t, b, "emits: [Order Cancelled, Order Placed]")
	yamlLacks(t, b, "code:")
	noErrors(t, b)
}

func TestPolicyTarget(t *testing.T) {
	b := openSample(t)
	k := mustKey(t)
	pol := k(b.AddPolicy("Ordering", "Cancel when placed twice"))
	must(t, b.SetPolicyWhen(pol, "Order Placed"))
	must(t, b.SetPolicyThen(pol, "Cancel Order"))
	undoable(t, b, func() error { return b.SetPolicyTarget(pol, "orderId") })
	yamlHas(t, b, "    then: Cancel Order\n        target: orderId\n")
	noErrors(t, b)
	undoable(t, b, func() error { return b.SetPolicyTarget(pol, "noSuchField") })
	if len(errorsOf(b)) == 0 {
		t.Error("a target naming no field of the event is no error")
	}
}

func TestItems(t *testing.T) {
	b := openSample(t)
	undoable(t, b, func() error { return b.SetItem(placeOrder, "", "the customer must exist") })
	yamlHas(t, b, "            rules:\n              - amount must be positive\n              - the customer must exist\n")
	// A rule's new text follows into the scenario it rejects.
	undoable(t, b, func() error { return b.SetItem(placeOrder, "amount must be positive", "the amount is positive") })
	yamlHas(t, b, "              - the amount is positive\n", "then: {rejected: the amount is positive}")
	noErrors(t, b)
	if got := strings.Join(b.Items(placeOrder), "|"); got != "the amount is positive|the customer must exist" {
		t.Errorf("items %q", got)
	}
	if err := b.SetItem(placeOrder, "", "the amount is positive"); err == nil {
		t.Error("a duplicate rule was accepted")
	}
	undoable(t, b, func() error { return b.RemoveItem(placeOrder, "the customer must exist") })
	must(t, b.RemoveItem(Key{Command, "Ordering", "Cancel Order"}, "a cancelled order cannot be cancelled again"))
	yamlLacks(t, b, "a cancelled order cannot")
	if err := b.RemoveItem(placeOrder, "nothing"); err == nil {
		t.Error("removed a missing rule")
	}
	if err := b.SetItem(Key{Event, "Ordering", "Order Placed"}, "", "x"); err == nil {
		t.Error("an event took an item")
	}
}

func TestEnumsAndCalls(t *testing.T) {
	b := openSample(t)
	k := mustKey(t)
	st := k(b.AddEnum("Ordering", "Order Status", "placed"))
	undoable(t, b, func() error { return b.SetItem(st, "", "cancelled") })
	yamlHas(t, b, "      - name: Order Status\n        enum: [placed, cancelled]\n")
	must(t, b.SetField(orderAgg, "", "status", "Order Status"))
	noErrors(t, b)
	if err := b.SetField(st, "", "x", "string"); err == nil {
		t.Error("an enum took a field")
	}
	// A type added empty becomes an enum with its first value.
	vo := k(b.AddType("Ordering", "Priority"))
	undoable(t, b, func() error { return b.SetItem(vo, "", "high") })
	yamlHas(t, b, "      - name: Priority\n        enum: [high]\n")
	addr := k(b.AddType("Ordering", "Address"))
	must(t, b.SetField(addr, "", "street", "string"))
	if err := b.SetItem(addr, "", "x"); err == nil {
		t.Error("a value object with fields took an enum value")
	}
	bank := k(b.AddExternalSystem("Ordering", "Bank"))
	undoable(t, b, func() error { return b.SetItem(bank, "", "Charge Card") })
	undoable(t, b, func() error { return b.SetItem(bank, "", "Refund") })
	undoable(t, b, func() error { return b.SetItem(bank, "Refund", "Refund Payment") })
	yamlHas(t, b, "calls: [Charge Card, Refund Payment]")
	undoable(t, b, func() error { return b.RemoveItem(bank, "Charge Card") })
	yamlHas(t, b, "calls: [Refund Payment]")
	noErrors(t, b)
}

func TestProjectionSetAndDelete(t *testing.T) {
	b := openSample(t)
	undoable(t, b, func() error {
		return b.SetProjectionValue(history, "Ordering.Order Cancelled", "reason", "none given")
	})
	yamlHas(t, b, "set: {status: cancelled, reason: none given}")
	undoable(t, b, func() error { return b.SetProjectionValue(history, "Ordering.Order Placed", "status", "") })
	yamlHas(t, b, "          - event: Ordering.Order Placed\n          - event")
	undoable(t, b, func() error { return b.SetProjectionDelete(history, "Ordering.Order Cancelled", true) })
	yamlHas(t, b, "            delete: true\n")
	noErrors(t, b)
	// A value that does not fit the field is reported live.
	must(t, b.SetField(history, "", "count", "int"))
	undoable(t, b, func() error { return b.SetProjectionValue(history, "Ordering.Order Placed", "count", "1") })
	yamlHas(t, b, "set: {count: 1}")
	noErrors(t, b)
	must(t, b.SetProjectionValue(history, "Ordering.Order Placed", "count", "many"))
	if len(errorsOf(b)) == 0 {
		t.Error("a set value that does not fit is no error")
	}
	if err := b.SetProjectionValue(history, "Ordering.Nothing", "status", "x"); err == nil {
		t.Error("set on an event that does not feed the read model")
	}
	// An entry written as a bare name becomes a mapping.
	_, err := b.ToggleFrom(history, "Ordering.Order Placed")
	must(t, err)
	_, err = b.ToggleFrom(history, "Ordering.Order Placed")
	must(t, err)
	must(t, b.SetProjectionDelete(history, "Ordering.Order Placed", true))
	must(t, b.SetProjectionDelete(history, "Ordering.Order Placed", false))
}

func TestRelationships(t *testing.T) {
	b := openSample(t)
	k := mustKey(t)
	k(b.AddContext("Billing"))
	undoable(t, b, func() error { return b.SetRelationship("Ordering", "Billing", "customer-supplier") })
	yamlHas(t, b, "  - upstream: Ordering\n    downstream: Billing\n    pattern: customer-supplier\n")
	undoable(t, b, func() error { return b.SetRelationship("Ordering", "Order History", "conformist") })
	yamlHas(t, b, "downstream: Order History\n    pattern: conformist\n")
	if len(b.Relationships()) != 2 {
		t.Errorf("relationships: %v", b.Relationships())
	}
	for _, bad := range [][3]string{{"Ordering", "Nowhere", "conformist"}, {"Ordering", "Ordering", "conformist"}, {"Ordering", "Billing", "friends"}} {
		if err := b.SetRelationship(bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("SetRelationship%v accepted", bad)
		}
	}
	undoable(t, b, func() error { return b.RemoveRelationship("Ordering", "Billing") })
	must(t, b.RemoveRelationship("Ordering", "Order History"))
	yamlLacks(t, b, "relationships:")
	if err := b.RemoveRelationship("Ordering", "Billing"); err == nil {
		t.Error("removed a missing relationship")
	}
	noErrors(t, b)
}

func TestEventVersion(t *testing.T) {
	b := openSample(t)
	placed := Key{Event, "Ordering", "Order Placed"}
	undoable(t, b, func() error { return b.SetText(placed, "version", "2") })
	yamlHas(t, b, "          - name: Order Placed\n            version: 2\n            fields:")
	if b.Model.Contexts[0].Aggregates[0].Events[0].Version != 2 {
		t.Error("the model does not read version 2")
	}
	undoable(t, b, func() error { return b.SetText(placed, "version", "") })
	yamlLacks(t, b, "version:")
}

// TestRenameEnumValueFollows checks that a renamed enum value follows into
// the read models' set constants and the scenarios' values.
func TestRenameEnumValueFollows(t *testing.T) {
	b := openSample(t)
	k := mustKey(t)
	st := k(b.AddEnum("Order History", "Status", "placed", "cancelled"))
	must(t, b.SetField(history, "status", "status", "Status"))
	oe := k(b.AddEnum("Ordering", "Reason", "changed my mind", "too late"))
	must(t, b.SetField(Key{Command, "Ordering", "Cancel Order"}, "reason", "reason", "Reason"))
	must(t, b.SetField(Key{Event, "Ordering", "Order Cancelled"}, "reason", "reason", "Reason"))
	noErrors(t, b)
	undoable(t, b, func() error { return b.SetItem(st, "cancelled", "withdrawn") })
	yamlHas(t, b, "set: {status: withdrawn}", "enum: [placed, withdrawn]")
	undoable(t, b, func() error { return b.SetItem(oe, "changed my mind", "regret") })
	yamlHas(t, b, "when: {Cancel Order: {reason: regret}}", "then: [{Order Cancelled: {reason: regret}}]")
	noErrors(t, b)
}
