package board

import "testing"

func TestFlows(t *testing.T) {
	b := openSample(t)
	name := "a placed order shows in the history"
	text := b.FlowText(name)
	if text == "" || b.FlowText("nope") != "" {
		t.Fatalf("flow text %q", text)
	}
	if replaced, err := b.SetFlow(text); err != nil || !replaced || b.Dirty() {
		t.Fatalf("setting a flow to its own text: %v %v\n%s", replaced, err, b.Bytes())
	}
	undoable(t, b, func() error {
		_, err := b.SetFlow("{ name: a cancel shows, when: Ordering.Cancel Order, then: [Ordering.Order Cancelled] }")
		return err
	})
	yamlHas(t, b, "  - name: a cancel shows\n    when: Ordering.Cancel Order\n    then: [Ordering.Order Cancelled]\n")
	noErrors(t, b)
	if got := b.FlowNames(); len(got) != 2 {
		t.Errorf("flows %v", got)
	}
	if _, err := b.SetFlow("{ name: x }"); err == nil {
		t.Error("a flow without when and then")
	}
	undoable(t, b, func() error { return b.RemoveFlow(name) })
	must(t, b.RemoveFlow("a cancel shows"))
	yamlLacks(t, b, "flows:")
	if err := b.RemoveFlow(name); err == nil {
		t.Error("removed a missing flow")
	}
}
