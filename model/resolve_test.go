package model

import (
	"strings"
	"testing"
)

// Validate fills in defaults and resolves every reference of a valid model.
func TestValidateResolves(t *testing.T) {
	m, diags := loadValidate(shop(`
		types:
		  - name: Status
		    enum: [placed, paid]
		externalSystems:
		  - name: Mailer
		    calls: [Send Mail]
		policies:
		  - name: Mark paid when payment is taken
		    when: Payments.Payment Taken
		    then: Mark Paid
		  - name: Cancel when payment fails
		    when: Payments.Payment Failed
		    then: Cancel Order
		    target: order
		  - name: Reorder when payment fails
		    when: Payments.Payment Failed
		    then: Place Order
		  - name: Pay when placed
		    when: Order Placed
		    then: Mark Paid
		readModels:
		  - name: Orders
		    fields: { amount: decimal, status: Status, reason: optional string }
		    from:
		      - event: Order Placed
		        set: { status: placed }
		      - Order Cancelled
		  - name: Payments Seen
		    key: paymentId
		    fields: { paymentId: string, orderId: uuid }
		    from: [Payments.Payment Taken]
		hotspots:
		  - text: Mail on every payment?
		    on: Mailer
		`) + "relationships:\n  - { upstream: Payments, downstream: Ordering }\n")
	if diags.HasErrors() {
		t.Fatalf("%v", diags)
	}
	if m.Module != "shop" {
		t.Errorf("module %q", m.Module)
	}
	payments, ordering := m.Contexts[0], m.Contexts[1]
	payment, order := payments.Aggregates[0], ordering.Aggregates[0]
	if order.ID != "orderId" || order.IDType != UUID || payment.ID != "paymentId" {
		t.Errorf("ids %q %q %q", order.ID, order.IDType, payment.ID)
	}
	if order.IDPos != order.Pos {
		t.Errorf("a defaulted id is at the aggregate, not %v", order.IDPos)
	}
	placeOrder := order.Commands[0]
	if got := placeOrder.EmittedEvents(); len(got) != 1 || got[0] != order.Events[0] {
		t.Errorf("Place Order emits %v", got)
	}
	p := ordering.Policies
	taken, failed := payment.Events[0], payment.Events[1]
	if p[0].Event() != taken || p[0].Command() != order.Commands[2] || p[0].TargetField == nil || p[0].TargetField.Name != "orderId" {
		t.Errorf("policy 0: %v %v %+v", p[0].Event(), p[0].Command(), p[0].TargetField)
	}
	if p[1].Event() != failed || p[1].TargetField == nil || p[1].TargetField.Name != "order" || p[1].TargetField.Type.String() != "uuid" {
		t.Errorf("policy 1 target %+v", p[1].TargetField)
	}
	if p[2].Command() != placeOrder || p[2].TargetField != nil {
		t.Errorf("policy 2 creates: target %+v", p[2].TargetField)
	}
	if p[3].TargetField == nil || p[3].TargetField.Name != "orderId" || p[3].TargetField.Type.String() != "uuid" {
		t.Errorf("policy 3 (same aggregate) target %+v", p[3].TargetField)
	}
	orders, seen := ordering.ReadModels[0], ordering.ReadModels[1]
	if orders.Key != "orderId" || orders.KeyField() == nil || orders.KeyField().Type.String() != "uuid" || orders.Fields[0].Name != "orderId" {
		t.Errorf("Orders key %q %+v, fields %v", orders.Key, orders.KeyField(), fieldNames(orders.Fields))
	}
	for _, pr := range orders.From {
		if pr.SourceEvent() == nil || pr.KeyField == nil || pr.KeyField.Name != "orderId" {
			t.Errorf("projection %q: %v %+v", pr.Event.Text, pr.SourceEvent(), pr.KeyField)
		}
	}
	if status := orders.Fields[2].Type; status.Kind != Named || status.Type != ordering.Types[0] {
		t.Errorf("status type %+v", status)
	}
	if seen.KeyField().Type.String() != "string" || seen.From[0].KeyField.Name != "paymentId" || seen.From[0].SourceEvent() != taken {
		t.Errorf("Payments Seen key %+v from %+v", seen.KeyField(), seen.From[0].KeyField)
	}
	if h := ordering.Hotspots[0]; h.On.Target != ordering.ExternalSystems[0] {
		t.Errorf("hotspot on %v", h.On.Target)
	}
	if r := m.Relationships[0]; r.Upstream.Target != payments || r.Downstream.Target != ordering {
		t.Errorf("relationship %v → %v", r.Upstream.Target, r.Downstream.Target)
	}
	// The event's fields, implicit ones first.
	var all []string
	for _, f := range taken.AllFields() {
		all = append(all, f.Name+" "+f.Type.String())
	}
	if got := strings.Join(all, ", "); got != "eventId uuid, paymentId uuid, occurredAt time, version int, orderId uuid, amount decimal" {
		t.Errorf("AllFields: %s", got)
	}
	if f := taken.Field("order id"); f == nil || f.Name != "orderId" {
		t.Errorf("Field(order id) = %+v", f)
	}
}

func TestDefaultModule(t *testing.T) {
	for _, c := range []struct{ top, want string }{
		{"system: Shop\n", "shop"},
		{"system: Online Shop\n", "online-shop"},
		{"system: Time\n", "time-system"},
		{"system: Net\n", "net-system"},
		{"system: 상점\ncode: Corner Shop\n", "corner-shop"},
		{"system: 3D Print Shop\n", "3d-print-shop"},
		{"system: Shop\nmodule: example.com/shop\n", "example.com/shop"},
		{"system: Shop\nmodule: \" github.com/acme/shop/v2 \"\n", "github.com/acme/shop/v2"},
	} {
		m, diags := loadValidate("eventstorm: 1\n" + c.top + "contexts:\n  - name: Ordering\n    hotspots: [x]\n")
		if diags.HasErrors() || m.Module != c.want {
			t.Errorf("%q: module %q, want %q (%v)", c.top, m.Module, c.want, diags)
		}
	}
}

func TestParseType(t *testing.T) {
	for in, want := range map[string]string{
		"string":                   "string",
		"  uuid ":                  "uuid",
		"list of string":           "list of string",
		"List of int":              "list of int",
		"list   of   date":         "list of date",
		"optional time":            "optional time",
		"optional list of string":  "optional list of string",
		"list of optional string":  "list of optional string",
		"list of list of int":      "list of list of int",
		"string[]":                 "list of string",
		"time?":                    "optional time",
		"string[]?":                "optional list of string",
		"string?[]":                "list of optional string",
		"Order Status":             "Order Status",
		"Order Status[]":           "list of Order Status",
		"optional Address":         "optional Address",
		"":                         "error: the type is empty; write one of string, int, float, decimal, bool, time, date, uuid, `list of T`, `optional T` or a name from the context's types",
		"list":                     "error: `list` needs an element type, e.g. `list of string`",
		"list of":                  "error: `list` needs an element type, e.g. `list of string`",
		"optional":                 "error: `optional` needs a type, e.g. `optional string`",
		"optional optional string": "error: `optional` is written twice; one is enough",
		"time??":                   "error: `optional` is written twice; one is enough",
		"optional time?":           "error: `optional` is written twice; one is enough",
		"[]":                       "error: the type is empty; write one of string, int, float, decimal, bool, time, date, uuid, `list of T`, `optional T` or a name from the context's types",
		"map[string]int":           "error: \"map[string]int\" is not a type; write one of string, int, float, decimal, bool, time, date, uuid, `list of T`, `optional T` or a name from the context's types",
		"{a}":                      "error: \"{a}\" is not a type; write one of string, int, float, decimal, bool, time, date, uuid, `list of T`, `optional T` or a name from the context's types",
	} {
		got := ""
		ty, err := ParseType(in)
		if err != nil {
			got = "error: " + err.Error()
		} else {
			got = ty.String()
		}
		if got != want {
			t.Errorf("ParseType(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestTypeRefSame(t *testing.T) {
	parse := func(s string) *TypeRef {
		ty, err := ParseType(s)
		if err != nil {
			t.Fatal(err)
		}
		return ty
	}
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"string", "string", true},
		{"string[]", "list of string", true},
		{"time?", "optional time", true},
		{"string", "optional string", false},
		{"list of int", "list of float", false},
		{"Order Status", "order status", true},
		{"Order Status", "Address", false},
	} {
		if got := parse(c.a).Same(parse(c.b)); got != c.same {
			t.Errorf("%q same as %q = %v", c.a, c.b, got)
		}
	}
}

func TestDiagnostics(t *testing.T) {
	ds := Diagnostics{
		{File: "m.yaml", Line: 3, Col: 1, Severity: Warning, Message: "w"},
		{File: "m.yaml", Line: 1, Col: 5, Severity: HotspotNote, Message: "h"},
		{File: "m.yaml", Line: 1, Col: 5, Severity: Error, Message: "b"},
		{File: "m.yaml", Line: 1, Col: 5, Severity: Error, Message: "a"},
		{File: "m.yaml", Line: 3, Col: 1, Severity: Warning, Message: "w"},
	}
	sorted := ds.Sort()
	var got []string
	for _, d := range sorted {
		got = append(got, d.String())
	}
	want := "m.yaml:1:5: error: a|m.yaml:1:5: error: b|m.yaml:1:5: hotspot: h|m.yaml:3:1: warning: w"
	if strings.Join(got, "|") != want {
		t.Errorf("Sort: %s", strings.Join(got, "|"))
	}
	if !sorted.HasErrors() || len(sorted.Errors()) != 2 {
		t.Errorf("HasErrors/Errors")
	}
	if sorted.Error() != "m.yaml:1:5: error: a (and 1 more errors)" {
		t.Errorf("Error() = %q", sorted.Error())
	}
	if (Diagnostics{sorted[3]}).Error() != "no errors" || (Diagnostics{sorted[3]}).HasErrors() {
		t.Errorf("a warning is no error")
	}
}

func TestDescribe(t *testing.T) {
	m, _ := loadValidate(shop(""))
	if got := Describe(m); got != "2 contexts, 2 aggregates, 5 commands, 5 events" {
		t.Errorf("Describe = %q", got)
	}
	if Describe(nil) != "no model" {
		t.Errorf("Describe(nil)")
	}
}
