package board

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"eventstorm/model"
)

func openSample(t *testing.T) *Board {
	t.Helper()
	data, err := os.ReadFile("../../samples/order.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open("order.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustKey(t *testing.T) func(Key, error) Key {
	return func(k Key, err error) Key {
		t.Helper()
		must(t, err)
		return k
	}
}

func errorsOf(b *Board) []string {
	var out []string
	for _, d := range b.Diags {
		if d.Severity == model.Error {
			out = append(out, d.String())
		}
	}
	return out
}

func yamlHas(t *testing.T, b *Board, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(string(b.Bytes()), w) {
			t.Errorf("saved YAML lacks %q:\n%s", w, b.Bytes())
		}
	}
}

func yamlLacks(t *testing.T, b *Board, nots ...string) {
	t.Helper()
	for _, w := range nots {
		if strings.Contains(string(b.Bytes()), w) {
			t.Errorf("saved YAML still has %q:\n%s", w, b.Bytes())
		}
	}
}

// BuildOrder builds the order sample from nothing with the board's
// operations, as the end-to-end test does through the keys.
func BuildOrder(t *testing.T, file string) *Board {
	t.Helper()
	k := mustKey(t)
	b, err := New(file, "Shop")
	must(t, err)
	k(b.AddContext("Ordering"))
	order := k(b.AddAggregate("Ordering", "Order"))
	must(t, b.SetField(order, "", "customerId", "string"))
	must(t, b.SetField(order, "", "amount", "decimal"))
	must(t, b.SetField(order, "", "reason", "string"))
	place := k(b.AddCommand(order, "Place Order"))
	must(t, b.SetActor(place, "Customer"))
	must(t, b.SetCreates(place, true))
	must(t, b.SetField(place, "", "customerId", "string"))
	must(t, b.SetField(place, "", "amount", "decimal"))
	placed := k(b.AddEvent(order, "Order Placed"))
	must(t, b.SetField(placed, "", "customerId", "string"))
	must(t, b.SetField(placed, "", "amount", "decimal"))
	if on, err := b.ToggleEmits(place, "Order Placed"); err != nil || !on {
		t.Fatal(on, err)
	}
	cancel := k(b.AddCommand(order, "Cancel Order"))
	must(t, b.SetActor(cancel, "Customer"))
	must(t, b.SetField(cancel, "", "reason", "string"))
	cancelled := k(b.AddEvent(order, "Order Cancelled"))
	must(t, b.SetField(cancelled, "", "reason", "string"))
	_, err = b.ToggleEmits(cancel, "Order Cancelled")
	must(t, err)

	k(b.AddContext("Order History"))
	rm := k(b.AddReadModel("Order History", "Order History"))
	must(t, b.SetReadModelKey(rm, "orderId"))
	for _, f := range [][2]string{{"orderId", "uuid"}, {"customerId", "string"}, {"amount", "decimal"}, {"status", "string"}, {"reason", "string"}} {
		must(t, b.SetField(rm, "", f[0], f[1]))
	}
	for _, e := range []string{"Ordering.Order Placed", "Ordering.Order Cancelled"} {
		if on, err := b.ToggleFrom(rm, e); err != nil || !on {
			t.Fatal(on, err)
		}
	}
	return b
}

func TestBuildOrderFromNothing(t *testing.T) {
	b := BuildOrder(t, "eventstorm.yaml")
	if errs := errorsOf(b); len(errs) > 0 {
		t.Fatalf("errors:\n%s\n%s", strings.Join(errs, "\n"), b.Bytes())
	}
	if got, want := model.Describe(b.Model), model.Describe(openSample(t).Model); got != want {
		t.Errorf("built %s, sample has %s", got, want)
	}
	if !b.Dirty() {
		t.Error("a new model is not dirty")
	}
	// The saved file reloads to the same model.
	path := filepath.Join(t.TempDir(), "eventstorm.yaml")
	b.File = path
	must(t, b.Save())
	if b.Dirty() {
		t.Error("dirty after save")
	}
	m, diags := model.Read(path)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if model.Describe(m) != model.Describe(b.Model) {
		t.Error("reloaded model differs")
	}
	data, _ := os.ReadFile(path)
	b2, err := Open(path, data)
	must(t, err)
	if string(b2.Bytes()) != string(data) {
		t.Errorf("saved YAML is not stable:\n%s\nvs\n%s", data, b2.Bytes())
	}
}

func TestOpenKeepsComments(t *testing.T) {
	b := openSample(t)
	if b.Dirty() {
		t.Fatal("dirty on open")
	}
	_, err := b.AddAggregate("Order History", "Audit")
	must(t, err)
	yamlHas(t, b, "# The order flow from the course", "yaml-language-server", "name: Audit",
		"  - name: Ordering\n    description: Takes and tracks customer orders.")
	if i, j := strings.Index(string(b.Bytes()), "name: Ordering"), strings.Index(string(b.Bytes()), "name: Order History"); i > j {
		t.Error("order of contexts changed")
	}
}

func TestAddRejectsDuplicateNames(t *testing.T) {
	b := openSample(t)
	if _, err := b.AddPolicy("Ordering", "order placed"); err == nil {
		t.Error("a policy named like an event was accepted")
	}
	if _, err := b.AddContext("Ordering"); err == nil {
		t.Error("a second Ordering context was accepted")
	}
	if _, err := b.AddEvent(Key{Aggregate, "Ordering", "Order"}, "  "); err == nil {
		t.Error("a blank name was accepted")
	}
	if b.Dirty() {
		t.Error("a rejected edit changed the model")
	}
}

func TestAddEveryKind(t *testing.T) {
	b := openSample(t)
	k := mustKey(t)
	order := Key{Aggregate, "Ordering", "Order"}
	k(b.AddEvent(order, "Order Shipped"))
	ship := k(b.AddCommand(order, "Ship Order"))
	_, err := b.ToggleEmits(ship, "Order Shipped")
	must(t, err)
	pg := k(b.AddExternalSystem("Ordering", "Payment Gateway"))
	_, err = b.ToggleUses(ship, pg.Name)
	must(t, err)
	pol := k(b.AddPolicy("Ordering", "Ship when placed"))
	must(t, b.SetPolicyWhen(pol, "Order Placed"))
	must(t, b.SetPolicyThen(pol, "Ship Order"))
	typ := k(b.AddType("Ordering", "Address"))
	must(t, b.SetField(typ, "", "street", "string"))
	must(t, b.SetField(ship, "", "to", "Address"))
	hs := k(b.AddHotspot("Ordering", "What if it is out of stock?", "Ship Order"))
	if errs := errorsOf(b); len(errs) > 0 {
		t.Fatal(strings.Join(errs, "\n"), "\n", string(b.Bytes()))
	}
	for _, key := range []Key{ship, pg, pol, typ, hs, {Event, "Ordering", "Order Shipped"}} {
		if b.Find(key) == nil {
			t.Errorf("%v not found after adding", key)
		}
	}
	yamlHas(t, b, "uses: [Payment Gateway]", "when: Order Placed", "then: Ship Order", "on: Ship Order", "to: Address")
}

func TestRenameEventUpdatesReferences(t *testing.T) {
	b := openSample(t)
	k, err := b.Rename(Key{Event, "Ordering", "Order Placed"}, "Order Submitted")
	must(t, err)
	if k.Name != "Order Submitted" || b.Find(k) == nil {
		t.Fatal("renamed event not found")
	}
	yamlHas(t, b, "emits: [Order Submitted]", "given: [Order Submitted]", "then: [{Order Submitted: {customerId: c1",
		"event: Ordering.Order Submitted", "- {Ordering.Order Submitted: {customerId: c1")
	yamlLacks(t, b, "Order Placed")
	if errs := errorsOf(b); len(errs) > 0 {
		t.Fatal(strings.Join(errs, "\n"))
	}
}

func TestRenameCommandUpdatesPolicyScenarioHotspot(t *testing.T) {
	b := openSample(t)
	pol, err := b.AddPolicy("Ordering", "Cancel on complaint")
	must(t, err)
	must(t, b.SetPolicyWhen(pol, "Order Placed"))
	must(t, b.SetPolicyThen(pol, "Cancel Order"))
	_, err = b.AddHotspot("Ordering", "after shipping?", "Cancel Order")
	must(t, err)
	_, err = b.Rename(Key{Command, "Ordering", "Cancel Order"}, "Revoke Order")
	must(t, err)
	yamlHas(t, b, "when: {Revoke Order: {reason: changed my mind}}", "then: Revoke Order", "on: Revoke Order", "name: Revoke Order")
	yamlLacks(t, b, "Cancel Order")
}

func TestRenameContextRequalifies(t *testing.T) {
	b := openSample(t)
	_, err := b.Rename(Key{Context, "Ordering", "Ordering"}, "Sales")
	must(t, err)
	yamlHas(t, b, "event: Sales.Order Placed", "event: Sales.Order Cancelled", "upstream: Sales", "  - name: Sales")
	yamlLacks(t, b, "Ordering.", "name: Ordering", "upstream: Ordering")
	if errs := errorsOf(b); len(errs) > 0 {
		t.Fatal(strings.Join(errs, "\n"))
	}
}

func TestRenameTypeActorExternalHotspot(t *testing.T) {
	b := openSample(t)
	k := mustKey(t)
	typ := k(b.AddType("Ordering", "Money"))
	must(t, b.SetField(typ, "", "cents", "int"))
	must(t, b.SetField(Key{Aggregate, "Ordering", "Order"}, "amount", "amount", "optional Money"))
	k(b.Rename(typ, "Amount"))
	yamlHas(t, b, "amount: optional Amount")
	k(b.Rename(Key{Actor, "Ordering", "Customer"}, "Shopper"))
	yamlHas(t, b, "actor: Shopper")
	yamlLacks(t, b, "Customer\n")
	x := k(b.AddExternalSystem("Ordering", "Bank"))
	_, err := b.ToggleUses(Key{Command, "Ordering", "Place Order"}, "Bank")
	must(t, err)
	k(b.Rename(x, "Card Bank"))
	yamlHas(t, b, "uses: [Card Bank]")
	hs := k(b.AddHotspot("Ordering", "why?", ""))
	k(b.Rename(hs, "why not?"))
	yamlHas(t, b, "text: why not?")
	if _, err := b.Rename(x, "Order"); err == nil {
		t.Error("rename onto a taken name was accepted")
	}
	if errs := errorsOf(b); len(errs) > 0 {
		t.Fatal(strings.Join(errs, "\n"))
	}
}

func TestDeleteEventDropsListReferences(t *testing.T) {
	b := openSample(t)
	must(t, b.Delete(Key{Event, "Ordering", "Order Cancelled"}))
	yamlLacks(t, b, "Order Cancelled")
	if b.Find(Key{Event, "Ordering", "Order Cancelled"}) != nil {
		t.Error("event still there")
	}
	// Cancel Order now emits nothing: validation says so.
	if len(errorsOf(b)) == 0 {
		t.Error("no error for a command that emits nothing")
	}
	if !b.Undo() || b.Find(Key{Event, "Ordering", "Order Cancelled"}) == nil {
		t.Error("undo did not bring the event back")
	}
	if b.Dirty() {
		t.Error("dirty after undoing every edit")
	}
}

func TestDeleteAggregateContextActorField(t *testing.T) {
	b := openSample(t)
	must(t, b.Delete(Key{Actor, "Ordering", "Customer"}))
	yamlLacks(t, b, "actor:")
	must(t, b.RemoveField(Key{Aggregate, "Ordering", "Order"}, "reason"))
	yamlHas(t, b, "fields: {customerId: string, amount: decimal}\n")
	must(t, b.Delete(Key{Aggregate, "Ordering", "Order"}))
	yamlLacks(t, b, "Place Order", "event: Ordering.Order Placed")
	must(t, b.Delete(Key{Context, "Ordering", "Ordering"}))
	yamlLacks(t, b, "relationships", "Ordering.", "name: Ordering")
	if err := b.Delete(Key{Policy, "Ordering", "Nope"}); err == nil {
		t.Error("deleting a missing element succeeded")
	}
}

func TestLinkToggles(t *testing.T) {
	b := openSample(t)
	cancel := Key{Command, "Ordering", "Cancel Order"}
	on, err := b.ToggleEmits(cancel, "Order Placed")
	must(t, err)
	if !on {
		t.Error("not linked")
	}
	yamlHas(t, b, "emits: [Order Cancelled, Order Placed]")
	on, err = b.ToggleEmits(cancel, "Order Placed")
	must(t, err)
	if on {
		t.Error("not unlinked")
	}
	if _, err := b.ToggleEmits(cancel, "Nothing"); err == nil {
		t.Error("linked an unknown event")
	}
	rm := Key{ReadModel, "Order History", "Order History"}
	on, err = b.ToggleFrom(rm, "Ordering.Order Placed")
	must(t, err)
	if on {
		t.Error("from entry not removed")
	}
	yamlLacks(t, b, "event: Ordering.Order Placed")
	must(t, b.SetCreates(cancel, true))
	yamlHas(t, b, "creates: true\n            fields: {reason: string}")
}

func TestSetFieldRejectsBadTypes(t *testing.T) {
	b := openSample(t)
	order := Key{Aggregate, "Ordering", "Order"}
	if err := b.SetField(order, "", "x", "list"); err == nil {
		t.Error("type `list` accepted")
	}
	if err := b.SetField(order, "", "amount", "int"); err == nil {
		t.Error("duplicate field accepted")
	}
	must(t, b.SetField(order, "reason", "note", "optional string"))
	yamlHas(t, b, "note: optional string")
	if got := b.KnownTypes("Ordering"); got[0] != "string" || !contains(got, "list of uuid") || !contains(got, "optional date") {
		t.Errorf("known types: %v", got)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestAtPlacesDiagnostics(t *testing.T) {
	b := openSample(t)
	_, err := b.AddCommand(Key{Aggregate, "Ordering", "Order"}, "Pay Order")
	must(t, err)
	found := false
	for _, d := range b.Diags {
		if d.Severity != model.Error {
			continue
		}
		if x := b.At(model.Pos{Line: d.Line, Col: d.Col}); KeyOf(x) == (Key{Command, "Ordering", "Pay Order"}) {
			found = true
		}
	}
	if !found {
		t.Errorf("no error placed on Pay Order: %v", b.Diags)
	}
}

func TestPreview(t *testing.T) {
	b := openSample(t)
	p := PreviewOf(b.ContextNamed("Ordering"))
	want := []string{"services/ordering/cmd/ordering/main.go", "services/ordering/internal/domain/order/...",
		"services/ordering/internal/domain/order/place_order.go  (yours)",
		"services/ordering/internal/app/command/place_order_gen.go",
		"services/ordering/internal/domain/order/cancel_order.go  (yours)",
		"services/ordering/internal/app/command/cancel_order_gen.go"}
	if strings.Join(p.Files, "\n") != strings.Join(want, "\n") {
		t.Errorf("files:\n%s", strings.Join(p.Files, "\n"))
	}
	wantRoutes := []string{"POST /order/place-order", "POST /order/{id}/cancel-order", "GET  /order/{id}"}
	if strings.Join(p.Routes, "\n") != strings.Join(wantRoutes, "\n") {
		t.Errorf("routes:\n%s", strings.Join(p.Routes, "\n"))
	}
	h := PreviewOf(b.ContextNamed("Order History"))
	if h.Files[1] != "services/order-history/internal/app/query/order_history_gen.go" || h.Routes[0] != "GET  /order-history/{key}" || h.Routes[1] != "GET  /order-history" {
		t.Errorf("history preview: %v %v", h.Files, h.Routes)
	}
}

// TestDeleteDropsFlowsAndSteps checks that deleting what a flow or a step
// with values names takes the step (or, for the flow's command, the flow)
// with it, leaving a valid model.
func TestDeleteDropsFlowsAndSteps(t *testing.T) {
	b := openSample(t)
	must(t, b.Delete(Key{ReadModel, "Order History", "Order History"}))
	yamlLacks(t, b, "Order History.Order History")
	yamlHas(t, b, "- {Ordering.Order Placed: {customerId: c1")
	must(t, b.Delete(Key{Command, "Ordering", "Place Order"}))
	yamlLacks(t, b, "flows:", "Ordering.Place Order")
	for range 2 {
		if !b.Undo() {
			t.Fatal("undo failed")
		}
	}
	yamlHas(t, b, "flows:", "Order History.Order History")
}

// TestRenameCarriesHotspotsOnActorAndContext renames an actor and a
// context that hotspots are on: the hotspots follow, with no warning.
func TestRenameCarriesHotspotsOnActorAndContext(t *testing.T) {
	b := openSample(t)
	k := mustKey(t)
	k(b.AddHotspot("Ordering", "who is the customer?", "Customer"))
	k(b.AddHotspot("Ordering", "too big?", "Ordering"))
	undoable(t, b, func() error { _, err := b.Rename(Key{Actor, "Ordering", "Customer"}, "Buyer"); return err })
	undoable(t, b, func() error { _, err := b.Rename(Key{Context, "Ordering", "Ordering"}, "Sales"); return err })
	yamlHas(t, b, "on: Buyer\n", "on: Sales\n")
	for _, d := range b.Diags {
		if d.Severity != model.HotspotNote && strings.Contains(d.Message, "hotspot") {
			t.Errorf("%s", d)
		}
	}
}
