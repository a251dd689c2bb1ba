package board

import "testing"

func TestEarlierVersions(t *testing.T) {
	b := openSample(t)
	placed := Key{Event, "Ordering", "Order Placed"}
	must(t, b.SetText(placed, "version", "2"))
	must(t, b.SetField(placed, "", "currency", "string"))
	undoable(t, b, func() error { return b.SetEarlier(placed, "{ version: 1, fields: { customerId: string } }") })
	yamlHas(t, b, "            earlier:\n              - version: 1\n                fields: {customerId: string}\n")
	noErrors(t, b)
	undoable(t, b, func() error {
		return b.SetEarlier(placed, "{ version: 1, fields: { customerId: string, amount: decimal } }")
	})
	if got := b.Earlier(placed); len(got) != 1 || got[0] != "{version: 1, fields: {customerId: string, amount: decimal}}" {
		t.Errorf("earlier %q", got)
	}
	for _, bad := range []string{"[1]", "{ fields: {} }", "{ version: ["} {
		if err := b.SetEarlier(placed, bad); err == nil {
			t.Errorf("SetEarlier(%q) accepted", bad)
		}
	}
	undoable(t, b, func() error { return b.RemoveEarlier(placed, "1") })
	yamlLacks(t, b, "earlier:")
	if err := b.RemoveEarlier(placed, "1"); err == nil {
		t.Error("removed a missing version")
	}
}
