package model

import "testing"

// TestTypeRefFills is the one rule of copies by name: T fills T and
// optional T; optional T fills only optional T; nothing converts.
func TestTypeRefFills(t *testing.T) {
	ordering := &Context{Element: Element{Name: "Ordering"}}
	billing := &Context{Element: Element{Name: "Billing"}}
	status := &Type{Element: Element{Name: "Status"}, Context: ordering, Enum: []*EnumValue{{Value: "open"}}}
	address := &Type{Element: Element{Name: "Address"}, Context: ordering, Fields: []*Field{{Name: "street", Type: &TypeRef{Kind: Scalar, Scalar: String}}}}
	billingAddress := &Type{Element: Element{Name: "Address"}, Context: billing, Fields: address.Fields}
	billingStatus := &Type{Element: Element{Name: "Order Status"}, Context: billing, Enum: status.Enum}
	coded := &Type{Element: Element{Name: "Status of an order", Code: "OrderStatus"}, Context: ordering, Enum: status.Enum}
	types := map[string]*Type{"Status": status, "Address": address, "Billing.Address": billingAddress,
		"Order Status": billingStatus, "Status of an order": coded}
	parse := func(s string) *TypeRef {
		t.Helper()
		ref, err := ParseType(s)
		if err != nil {
			t.Fatal(err)
		}
		if b := ref.Base(); b.Kind == Named {
			b.Type = types[b.Name]
			if b.Type == nil {
				t.Fatalf("no type %q in the test", b.Name)
			}
		}
		return ref
	}
	for _, tc := range []struct {
		from, to string
		fills    bool
	}{
		{"string", "string", true},
		{"string", "optional string", true},
		{"optional string", "optional string", true},
		{"optional string", "string", false},
		{"int", "decimal", false},
		{"int", "float", false},
		{"uuid", "string", false},
		{"string", "list of string", false},
		{"list of string", "list of string", true},
		{"list of string", "optional list of string", true},
		{"optional list of string", "list of string", false},
		{"list of string", "list of optional string", false},
		{"list of optional string", "list of string", false},
		{"list of int", "list of decimal", false},
		{"Status", "Status", true},
		{"Status", "optional Status", true},
		{"optional Status", "Status", false},
		{"Status", "string", false},
		{"string", "Status", false},
		{"Address", "Address", true},
		{"Address", "Address?", true},
		{"Address?", "Address", false},
		{"list of Address", "optional list of Address", true},
		{"Address", "Status", false},
		// Each context keeps its own copy of a type: they match by identifier.
		{"Billing.Address", "Address", true},
		{"Billing.Address", "optional Address", true},
		{"optional Billing.Address", "Address", false},
		{"Order Status", "Status", false},
		{"Order Status", "Status of an order", true},
	} {
		if got := parse(tc.from).Fills(parse(tc.to)); got != tc.fills {
			t.Errorf("%s fills %s: got %v, want %v", tc.from, tc.to, got, tc.fills)
		}
	}
	var none *TypeRef
	if none.Fills(parse("string")) || parse("string").Fills(nil) {
		t.Error("a nil type fills nothing and is filled by nothing")
	}
}

func TestValidateFills(t *testing.T) {
	runCases(t, []tcase{
		{name: "event to state", yaml: doc(`
			- name: Ordering
			  types:
			    - name: Address
			      fields: { street: string }
			  aggregates:
			    - name: Order
			      fields: { orderId: uuid, version: int, amount: decimal, note: string, tags: optional list of string, ship: optional Address, total: decimal, count: int }
			      commands:
			        - name: Place Order
			          creates: true
			          fields: { amount: decimal, note: optional string, tags: list of string, ship: Address }
			          emits: [Order Placed]
			        - name: Count Order
			          fields: { count: int }
			          emits: [Order Counted]
			      events:
			        - name: Order Placed
			          fields: { amount: decimal, note: optional string, tags: list of string, ship: Address, total: int }
			        - name: Order Counted
			          fields: { count: optional int }
			`), want: []want{
			E("10:65", "aggregate \"Order\": field \"note\" is string, but event \"Order Placed\" has it as optional string (line 21:40), which may be absent, so it is never copied; make it optional in aggregate \"Order\" (note: optional string) or required in event \"Order Placed\" (note: string)"), // "note: string, tags: optional list of string, ship: optional Address, total: decimal, count: int }"
			W("10:134", "aggregate \"Order\": field \"total\" is never filled: no event of \"Order\" has a field \"total\" of type decimal; add it to the events that change it, or set it by hand when an event is applied"),                                                                                // "total: decimal, count: int }"
			E("10:150", "aggregate \"Order\": field \"count\" is int, but event \"Order Counted\" has it as optional int (line 23:23), which may be absent, so it is never copied; make it optional in aggregate \"Order\" (count: optional int) or required in event \"Order Counted\" (count: int)"),       // "count: int }"
		}},
		{name: "state filled by one event of several", yaml: orderingWith(`
			- name: Order
			  fields: { status: string, note: optional string }
			  commands:
			    - name: Place Order
			      creates: true
			      emits: [Order Placed, Order Noted]
			  events:
			    - name: Order Placed
			      fields: { status: string, note: int }
			    - name: Order Noted
			      fields: { status: optional string, note: string }
			`, ""), want: []want{
			E("7:19", "aggregate \"Order\": field \"status\" is string, but event \"Order Noted\" has it as optional string (line 16:23), which may be absent, so it is never copied; make it optional in aggregate \"Order\" (status: optional string) or required in event \"Order Noted\" (status: string)"), // "status: string, note: optional string }"
		}},
		{name: "command to event", yaml: orderingWith(`
			- name: Order
			  fields: { note: string, label: optional string, code: optional string }
			  commands:
			    - name: Place Order
			      creates: true
			      fields: { note: optional string, label: optional string, count: int }
			      emits: [Order Placed]
			  events:
			    - name: Order Placed
			      fields: { note: string, label: optional string, code: string, count: optional int }
			`, ""), want: []want{
			E("15:23", "command \"Place Order\": field \"note\" of event \"Order Placed\" is string, but command \"Place Order\" has it as optional string (line 11:23), which may be absent, so it is never copied; make it optional in event \"Order Placed\" (note: optional string) or required in command \"Place Order\" (note: string)"), // "note: string, label: optional string, code: string, count: optional int }"
		}},
		{name: "event to command through a policy", yaml: doc(`
			- name: Payments
			  aggregates:
			    - name: Payment
			      commands:
			        - name: Take Payment
			          creates: true
			          fields: { orderId: uuid, note: optional string, amount: decimal }
			          emits: [Payment Taken]
			      events:
			        - name: Payment Taken
			          fields: { orderId: uuid, note: optional string, amount: decimal }
			- name: Shipping
			  aggregates:
			    - name: Parcel
			      commands:
			        - name: Send Parcel
			          creates: true
			          fields: { parcelId: uuid, paymentId: uuid, note: string, amount: optional decimal }
			          emits: [Parcel Sent]
			        - name: Hold Parcel
			          fields: { parcelId: uuid, note: optional string }
			          emits: [Parcel Held]
			      events:
			        - name: Parcel Sent
			        - name: Parcel Held
			  policies:
			    - name: Send when paid
			      when: Payments.Payment Taken
			      then: Send Parcel
			    - name: Hold when paid
			      when: Payments.Payment Taken
			      then: Hold Parcel
			      target: orderId
			`), want: []want{
			E("21:56", "policy \"Send when paid\": field \"note\" of command \"Send Parcel\" is string, but event \"Payments.Payment Taken\" has it as optional string (line 14:38), which may be absent, so it is never copied; make it optional in command \"Send Parcel\" (note: optional string) or required in event \"Payments.Payment Taken\" (note: string)"), // "note: string, amount: optional decimal }"
		}},
		{name: "event to read model", yaml: doc(`
			- name: Payments
			  aggregates:
			    - name: Payment
			      commands:
			        - name: Take Payment
			          creates: true
			          fields: { orderId: uuid, note: optional string, amount: decimal }
			          emits: [Payment Taken]
			        - name: Refund Payment
			          fields: { amount: optional decimal }
			          emits: [Payment Refunded]
			      events:
			        - name: Payment Taken
			          fields: { orderId: uuid, note: optional string, amount: decimal }
			        - name: Payment Refunded
			          fields: { amount: optional decimal }
			- name: Reporting
			  readModels:
			    - name: Payments
			      fields: { paymentId: uuid, orderId: uuid, note: string, amount: decimal, total: optional decimal, label: string }
			      from:
			        - event: Payments.Payment Taken
			        - event: Payments.Payment Refunded
			          set: { label: refunded }
			    - name: Notes
			      fields: { paymentId: uuid, note: string, amount: decimal }
			      from:
			        - event: Payments.Payment Refunded
			          delete: true
			`), want: []want{
			E("23:51", "read model \"Payments\": field \"note\" is string, but event \"Payments.Payment Taken\" has it as optional string (line 17:38), which may be absent, so it is never copied; make it optional in read model \"Payments\" (note: optional string) or required in event \"Payments.Payment Taken\" (note: string)"),                 // "note: string, amount: decimal, total: optional decimal, label: string }"
			E("23:65", "read model \"Payments\": field \"amount\" is decimal, but event \"Payments.Payment Refunded\" has it as optional decimal (line 19:23), which may be absent, so it is never copied; make it optional in read model \"Payments\" (amount: optional decimal) or required in event \"Payments.Payment Refunded\" (amount: decimal)"), // "amount: decimal, total: optional decimal, label: string }"
			W("23:82", "read model \"Payments\": field \"total\" is never filled: no event of `from` has a field \"total\" of type optional decimal, and no `set` gives it"),                                                                                                                                                                             // "total: optional decimal, label: string }"
			W("29:36", "read model \"Notes\": field \"note\" is never filled: no event of `from` has a field \"note\" of type string, and no `set` gives it"),                                                                                                                                                                                            // "note: string, amount: decimal }"
			W("29:50", "read model \"Notes\": field \"amount\" is never filled: no event of `from` has a field \"amount\" of type decimal, and no `set` gives it"),                                                                                                                                                                                       // "amount: decimal }"
		}},
	})
}
