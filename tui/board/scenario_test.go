package board

import (
	"strings"
	"testing"
)

var orderAgg = Key{Aggregate, "Ordering", "Order"}

func TestSetScenarioAddsAndReplaces(t *testing.T) {
	b := openSample(t)
	replaced, err := b.SetScenario(orderAgg, `{ name: cancel twice, given: [Order Placed, Order Cancelled], when: { Cancel Order: { reason: again } }, then: { rejected: a cancelled order cannot be cancelled again } }`)
	must(t, err)
	if replaced {
		t.Error("a new scenario reported as replaced")
	}
	if errs := errorsOf(b); len(errs) > 0 {
		t.Fatalf("errors after adding a valid scenario: %v", errs)
	}
	yamlHas(t, b, "- name: cancel twice\n")
	agg := b.Find(orderAgg)
	if agg == nil {
		t.Fatal("no aggregate")
	}
	n := len(b.ContextNamed("Ordering").Aggregates[0].Scenarios)
	replaced, err = b.SetScenario(orderAgg, "name: cancel twice\nwhen: { Cancel Order: { reason: other } }\nthen: [Order Cancelled]\n")
	must(t, err)
	if !replaced {
		t.Error("a scenario of an existing name was not replaced")
	}
	if got := len(b.ContextNamed("Ordering").Aggregates[0].Scenarios); got != n {
		t.Errorf("%d scenarios after a replace, want %d", got, n)
	}
	yamlHas(t, b, "reason: other")
	yamlLacks(t, b, "reason: again")
}

func TestSetScenarioReportsWhatItNames(t *testing.T) {
	b := openSample(t)
	_, err := b.SetScenario(orderAgg, `{ name: bad, when: { Ship Order: {} }, then: [Order Placed] }`)
	must(t, err)
	if errs := errorsOf(b); !strings.Contains(strings.Join(errs, "\n"), "Ship Order") {
		t.Errorf("a scenario naming an unknown command gave no error about it: %v", errs)
	}
}

func TestSetScenarioRejectsMalformed(t *testing.T) {
	b := openSample(t)
	before := string(b.Bytes())
	for _, text := range []string{"", "[a, b]", "{ when: x, then: y }", "{ name: x }", "{ name: ["} {
		if _, err := b.SetScenario(orderAgg, text); err == nil {
			t.Errorf("SetScenario(%q) succeeded", text)
		}
	}
	if _, err := b.SetScenario(Key{Aggregate, "Ordering", "Nope"}, "{ name: x, when: a, then: b }"); err == nil {
		t.Error("SetScenario on a missing aggregate succeeded")
	}
	if string(b.Bytes()) != before {
		t.Error("a rejected scenario changed the model")
	}
}

func TestRemoveScenario(t *testing.T) {
	b := openSample(t)
	must(t, b.RemoveScenario(orderAgg, "a negative amount is refused"))
	yamlLacks(t, b, "a negative amount is refused")
	yamlHas(t, b, "an order can be placed")
	if err := b.RemoveScenario(orderAgg, "a negative amount is refused"); err == nil {
		t.Error("removing a missing scenario succeeded")
	}
	for _, name := range []string{"an order can be placed", "a placed order can be cancelled"} {
		must(t, b.RemoveScenario(orderAgg, name))
	}
	yamlLacks(t, b, "scenarios:")
}

// TestScenarioTextRoundTrips checks that a scenario's one-line text, read
// back by SetScenario, changes nothing.
func TestScenarioTextRoundTrips(t *testing.T) {
	b := openSample(t)
	text := b.ScenarioText(orderAgg, "a placed order can be cancelled")
	if strings.Contains(text, "\n") || !strings.Contains(text, "given: [Order Placed]") {
		t.Fatalf("scenario text %q", text)
	}
	replaced, err := b.SetScenario(orderAgg, text)
	must(t, err)
	if !replaced || b.Dirty() {
		t.Errorf("setting a scenario to its own text changed the model:\n%s", b.Bytes())
	}
	if b.ScenarioText(orderAgg, "no such") != "" {
		t.Error("text of a missing scenario")
	}
}

// TestRefusingTakesBackNewErrors checks scenario steps, a flow and an
// earlier version typed as YAML against the model: what names nothing or
// gives a value its field cannot hold is taken back with validation's
// message, undo and redo as they were; what is right is kept.
func TestRefusingTakesBackNewErrors(t *testing.T) {
	b := openSample(t)
	must(t, b.SetText(Key{Event, "Ordering", "Order Placed"}, "version", "2"))
	must(t, b.SetDescription(orderAgg, "undone"))
	b.Undo() // something to redo, which a refused edit must not lose
	before := string(b.Bytes())
	for _, c := range []struct {
		edit func() error
		says string
	}{
		{func() error {
			_, err := b.SetScenario(orderAgg, `{ name: x, when: Ship Order, then: [Order Placed] }`)
			return err
		}, "Ship Order"},
		{func() error {
			_, err := b.SetScenario(orderAgg, `{ name: x, given: [Order Shipped], when: Cancel Order, then: [Order Cancelled] }`)
			return err
		}, "Order Shipped"},
		{func() error {
			_, err := b.SetScenario(orderAgg, `{ name: x, when: { Place Order: { amount: lots } }, then: [Order Placed] }`)
			return err
		}, "lots"},
		{func() error {
			_, err := b.SetScenario(orderAgg, `{ name: x, when: Place Order, then: { rejected: amount must be huge } }`)
			return err
		}, "amount must be huge"},
		{func() error {
			_, err := b.SetFlow(`{ name: x, when: Ordering.Ship Order, then: [Ordering.Order Placed] }`)
			return err
		}, "Ship Order"},
		{func() error {
			return b.SetEarlier(Key{Event, "Ordering", "Order Placed"}, `{ version: 1, fields: { amount: money } }`)
		}, "money"},
	} {
		err := b.Refusing(c.edit)
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("refused with %v, want a message naming %q", err, c.says)
		}
		if string(b.Bytes()) != before {
			t.Fatalf("a refused edit stayed:\n%s", b.Bytes())
		}
	}
	if !b.CanUndo() || !b.CanRedo() || !b.Undo() || b.CanUndo() {
		t.Error("a refused edit changed undo or redo")
	}
	must(t, b.Refusing(func() error {
		_, err := b.SetScenario(orderAgg, `{ name: x, when: { Place Order: { customerId: c1, amount: "2" } }, then: [Order Placed] }`)
		return err
	}))
	yamlHas(t, b, "- name: x\n")
}
