package model

import (
	"testing"
)

// A minimal valid model gives no diagnostic at all.
func TestMinimalModelIsValid(t *testing.T) {
	check(t, tcase{name: "minimal", yaml: ordering("")})
}

func TestValidateNames(t *testing.T) {
	runCases(t, []tcase{
		{name: "Hangul names need code", yaml: doc(`
			- name: 주문
			  aggregates:
			    - name: 주문서
			      commands:
			        - name: 주문 접수
			          creates: true
			          emits: [주문 접수됨]
			      events:
			        - name: 주문 접수됨
			`), want: []want{
			E("4:11", "context name \"주문\" gives no Go identifier (it has no Latin letter); add `code:` with one, e.g. code: Ordering"),         // "주문"
			E("6:15", "aggregate name \"주문서\" gives no Go identifier (it has no Latin letter); add `code:` with one, e.g. code: Order"),         // "주문서"
			E("8:19", "command name \"주문 접수\" gives no Go identifier (it has no Latin letter); add `code:` with one, e.g. code: PlaceOrder"),    // "주문 접수"
			E("12:19", "event name \"주문 접수됨\" gives no Go identifier (it has no Latin letter); add `code:` with one, e.g. code: OrderReceived"), // "주문 접수됨"
		}},
		{name: "Hangul names with code", yaml: doc(`
			- name: 주문
			  code: Ordering
			  aggregates:
			    - name: 주문서
			      code: Order
			      fields: { amount: decimal }
			      commands:
			        - name: 주문 접수
			          code: Place Order
			          creates: true
			          fields: { amount: decimal }
			          emits: [주문 접수됨]
			        - name: 주문 취소
			          code: CancelOrder
			          emits: [OrderCancelled]
			      events:
			        - name: 주문 접수됨
			          code: OrderReceived
			          fields: { amount: decimal }
			        - name: 주문 취소됨
			          code: OrderCancelled
			  policies:
			    - name: 자동 취소
			      code: AutoCancel
			      when: 주문 접수됨
			      then: 주문 취소
			  readModels:
			    - name: 주문 내역
			      code: Order History
			      from: [OrderReceived, 주문 취소됨]
			`), want: nil},
		{name: "code without Latin letters", yaml: doc(`
			- name: 주문
			  code: 주문
			  readModels:
			    - name: Orders
			      from: [Nowhere.Order Placed]
			`), want: []want{
			E("5:11", "the code \"주문\" of context \"주문\" has no Latin letter to make an identifier from; use e.g. code: Ordering"),            // "주문"
			E("8:16", "read model \"Orders\": event \"Nowhere.Order Placed\" is not an event of this model; there is no context \"Nowhere\""), // "Nowhere.Order Placed]"
		}},
		{name: "Hangul system needs code", yaml: "eventstorm: 1\nsystem: 상점\ncontexts:\n  - name: Ordering\n", want: []want{
			E("2:9", "system name \"상점\" gives no identifier for topics and the Go module (it has no Latin letter); add `code:` at the top level, e.g. code: Shop"), // "상점"
			W("4:5", "context \"Ordering\" is empty; it will generate a service with nothing in it"),                                                                // "name: Ordering"
		}},
		{name: "Hangul system with code", yaml: "eventstorm: 1\nsystem: 상점\ncode: Shop\ncontexts:\n  - name: Ordering\n", want: []want{
			W("5:5", "context \"Ordering\" is empty; it will generate a service with nothing in it"), // "name: Ordering"
		}},
		{name: "mixed names are fine", yaml: doc(`
			- name: 주문 Ordering
			  aggregates:
			    - name: 주문 Order
			      commands:
			        - name: 주문 Place Order
			          creates: true
			          emits: [주문 Order Placed]
			      events:
			        - name: 주문 Order Placed
			`), want: nil},
		{name: "Go keywords and predeclared names are valid", yaml: doc(`
			- name: type
			  types:
			    - name: func
			      enum: [range, select, go, nil]
			    - name: error
			      fields: { string: string, len: int, type: func }
			  aggregates:
			    - name: range
			      fields: { type: string, func: string, select: bool, map: int, chan: string, nil: int }
			      commands:
			        - name: select
			          creates: true
			          fields: { type: string, error: error }
			          emits: [go]
			        - name: return
			          fields: { func: string }
			          emits: [break]
			      events:
			        - name: go
			          fields: { type: string, error: error, select: bool, map: int, chan: string, nil: int }
			        - name: break
			          fields: { func: string }
			  policies:
			    - name: default
			      when: go
			      then: return
			  readModels:
			    - name: interface
			      fields: { rangeId: uuid, type: string }
			      from: [go]
			`), want: nil},
		{name: "names starting with digits are valid", yaml: doc(`
			- name: 3D Printing
			  aggregates:
			    - name: 3D Print Job
			      fields: { 2fa: bool, 24h window: int }
			      commands:
			        - name: 2FA Enable
			          creates: true
			          fields: { 2fa: bool }
			          emits: [2FA Enabled]
			        - name: 404
			          emits: [24h Window Closed]
			      events:
			        - name: 2FA Enabled
			          fields: { 2fa: bool }
			        - name: 24h Window Closed
			          fields: { 24h window: int }
			  policies:
			    - name: 1st reminder
			      when: 2FA Enabled
			      then: 404
			`), want: nil},
		{name: "colliding identifiers in one context", yaml: orderingWith(`
			- name: Order
			  commands:
			    - name: Place Order
			      creates: true
			      emits: [Order Placed]
			  events:
			    - name: Order Placed
			    - name: order-placed
			`, ""), want: []want{
			E("13:13", "event \"order-placed\" collides with event \"Order Placed\" at line 12:13: both become the identifier OrderPlaced; rename one or give it a `code:`"), // "name: order-placed"
			W("13:13", "event \"order-placed\" is not emitted by any command; add it to a command's `emits:`"),                                                               // "name: order-placed"
		}},
		{name: "a name taken as another's code still names its own element", yaml: orderingWith(`
			- name: Order
			  commands:
			    - name: Place Order
			      code: CancelOrder
			      creates: true
			      emits: [Order Placed]
			    - name: Cancel Order
			      emits: [Order Cancelled]
			  events:
			    - name: Order Placed
			    - name: Order Cancelled
			  scenarios:
			    - name: a placed order can be cancelled
			      given: [Order Placed]
			      when: Cancel Order
			      then: [Order Cancelled]
			`, ""), want: []want{
			E("12:13", "command \"Cancel Order\" collides with command \"Place Order\" at line 8:13: both become the identifier CancelOrder; rename one or give it a `code:`"), // "name: Cancel Order"
		}},
		{name: "colliding identifiers across kinds", yaml: ordering(`
			readModels:
			  - name: order placed
			    from: [Order Placed]
			externalSystems:
			  - name: Place-Order
			`), want: []want{
			E("14:9", "read model \"order placed\" collides with event \"Order Placed\" at line 12:13: both become the identifier OrderPlaced; rename one or give it a `code:`"),    // "name: order placed"
			E("17:9", "external system \"Place-Order\" collides with command \"Place Order\" at line 8:13: both become the identifier PlaceOrder; rename one or give it a `code:`"), // "name: Place-Order"
		}},
		{name: "code colliding with a name", yaml: ordering(`
			readModels:
			  - name: Order Book
			    code: PlaceOrder
			    from: [Order Placed]
			`), want: []want{
			E("14:9", "read model \"Order Book\" collides with command \"Place Order\" at line 8:13: both become the identifier PlaceOrder; rename one or give it a `code:`"), // "name: Order Book"
		}},
		{name: "same name across kinds", yaml: ordering(`
			readModels:
			  - name: Order
			    from: [Order Placed]
			`), want: []want{
			E("14:9", "read model \"Order\" has the same name as aggregate \"Order\" at line 6:9; names are unique within a context"), // "name: Order"
		}},
		{name: "same name across aggregates", yaml: orderingWith(dedent(orderAggregate)+dedent(`
			- name: Cart
			  commands:
			    - name: Place Order
			      creates: true
			      emits: [Cart Placed]
			  events:
			    - name: Cart Placed
			`), ""), want: []want{
			E("15:13", "command \"Place Order\" has the same name as command \"Place Order\" at line 8:13; names are unique within a context"), // "name: Place Order"
		}},
		{name: "same names across contexts are allowed", yaml: doc("- name: Ordering\n  aggregates:\n" + indent(dedent(orderAggregate), 4) +
			"- name: Billing\n  aggregates:\n" + indent(dedent(orderAggregate), 4)), want: nil},
		{name: "colliding contexts", yaml: doc(`
			- name: Order History
			- name: order-history
			- name: Order History
			`), want: []want{
			W("4:5", "context \"Order History\" is empty; it will generate a service with nothing in it"),                                                                       // "name: Order History"
			E("5:5", "context \"order-history\" collides with context \"Order History\" at line 4:5: both become the identifier OrderHistory; rename one or give it a `code:`"), // "name: order-history"
			W("5:5", "context \"order-history\" is empty; it will generate a service with nothing in it"),                                                                       // "name: order-history"
			E("6:5", "context \"Order History\" has the same name as context \"Order History\" at line 4:5; names are unique within the model"),                                 // "name: Order History"
			W("6:5", "context \"Order History\" is empty; it will generate a service with nothing in it"),                                                                       // "name: Order History"
		}},
		{name: "colliding fields", yaml: orderingWith(`
			- name: Order
			  fields: { customerId: string, customer_id: string, customer id: uuid }
			  commands:
			    - name: Place Order
			      creates: true
			      emits: [Order Placed]
			  events:
			    - name: Order Placed
			      fields: { 주문: string, customerId: string }
			`, ""), want: []want{
			E("7:39", "field \"customer_id\" of aggregate \"Order\" collides with field \"customerId\" at line 7:19: both become CustomerID"), // "customer_id: string, customer id: uuid }"
			E("7:60", "field \"customer id\" of aggregate \"Order\" collides with field \"customerId\" at line 7:19: both become CustomerID"), // "customer id: uuid }"
			E("14:23", "field \"주문\" of event \"Order Placed\" gives no identifier (it has no Latin letter); name it in Latin letters"),       // "주문: string }"
		}},
		{name: "external system calls", yaml: ordering(`
			externalSystems:
			  - name: Payment Gateway
			    calls: [Charge Card, charge-card, 환불]
			`), want: []want{
			E("15:30", "call \"charge-card\" of \"Payment Gateway\" collides with \"Charge Card\" at line 15:17: both become the method ChargeCard"), // "charge-card, 환불]"
			E("15:43", "call \"환불\" of \"Payment Gateway\" gives no Go method name (it has no Latin letter)"),                                        // "환불]"
		}},
	})
}

func TestValidateTypes(t *testing.T) {
	runCases(t, []tcase{
		{name: "every field type", yaml: orderingWith(`
			- name: Order
			  fields: &all
			    a: string
			    b: int
			    c: float
			    d: decimal
			    e: bool
			    f: time
			    g: date
			    h: uuid
			    i: list of string
			    j: optional time
			    k: optional list of string
			    l: string[]
			    m: time?
			    n: Order Status
			    o: Address
			    p: list of Address
			    q: Address?
			    r: "Order Status[]"
			    s: order status
			    t: List of int
			    u: list   of   date
			  commands:
			    - name: Place Order
			      creates: true
			      emits: [Order Placed]
			  events:
			    - { name: Order Placed, fields: *all }
			`, `
			types:
			  - name: Order Status
			    enum: [placed, paid, shipped, cancelled]
			  - name: Address
			    fields: { street: string, city: string, zip: string, tags: "string[]", due: "time?" }
			`), want: nil},
		{name: "unknown types", yaml: orderingWith(`
			- name: Order
			  fields:
			    a: String
			    b: UUID
			    c: strng
			    d: Order Stat
			    e: list of Adress
			    f: Money
			    g: Place Order
			    h: optional Integer
			  commands:
			    - name: Place Order
			      creates: true
			      emits: [Order Placed]
			  events:
			    - name: Order Placed
			`, `
			types:
			  - name: Order Status
			    enum: [placed]
			  - name: Address
			    fields: { street: string }
			`), want: []want{
			E("8:14", "field \"a\": unknown type \"String\"; did you mean \"string\"? (scalar types are lower case)"),                                          // "String"
			E("9:14", "field \"b\": unknown type \"UUID\"; did you mean \"uuid\"? (scalar types are lower case)"),                                              // "UUID"
			E("10:14", "field \"c\": unknown type \"strng\"; did you mean \"string\"?"),                                                                        // "strng"
			E("11:14", "field \"d\": unknown type \"Order Stat\"; did you mean \"Order Status\"?"),                                                             // "Order Stat"
			E("12:14", "field \"e\": unknown type \"Adress\"; did you mean \"Address\"?"),                                                                      // "list of Adress"
			E("13:14", "field \"f\": unknown type \"Money\"; did you mean \"decimal\"?"),                                                                       // "Money"
			E("14:14", "field \"g\": \"Place Order\" is a command, not a type; a field's type is a scalar, a list, an optional or one of the context's types"), // "Place Order"
			E("15:14", "field \"h\": unknown type \"Integer\"; did you mean \"int\"?"),                                                                         // "optional Integer"
		}},
		{name: "a type of another context", yaml: doc(`
			- name: Shipping
			  types:
			    - name: Address
			      fields: { street: string }
			- name: Ordering
			  types:
			    - name: Customer
			      fields: { address: Address, home: Shipping.Address }
			`), want: []want{
			E("11:28", "field \"address\": \"Address\" is a type of context \"Shipping\"; each context declares the types it uses, so declare it under this context's `types:` too"),       // "Address, home: Shipping.Address }"
			E("11:43", "field \"home\": \"Shipping.Address\" is a type of context \"Shipping\"; each context declares the types it uses, so declare it under this context's `types:` too"), // "Shipping.Address }"
		}},
		{name: "types named like built-in types", yaml: ordering(`
			types:
			  - name: string
			    enum: [a]
			  - name: list of things
			    fields: { a: string }
			  - name: date
			    code: Day
			    enum: [monday]
			`), want: []want{
			E("14:15", "type \"string\" is named like a built-in field type, so a field written `x: string` could never refer to it; rename it, or give it a `code:` to refer to it by"),                 // "string"
			E("16:15", "type \"list of things\" is named like a built-in field type, so a field written `x: list of things` could never refer to it; rename it, or give it a `code:` to refer to it by"), // "list of things"
		}},
		{name: "value object containing itself", yaml: ordering(`
			types:
			  - name: Node
			    fields: { value: string, next: Node }
			  - name: Tree
			    fields: { children: list of Tree, parent: optional Tree, label: string }
			`), want: []want{
			E("14:9", "value object \"Node\" contains itself (Node → Node), so no value of it could ever be written; make one of the fields optional or a list"), // "name: Node"
		}},
		{name: "value objects containing each other", yaml: ordering(`
			types:
			  - name: Start
			    fields: { a: A }
			  - name: A
			    fields: { b: B }
			  - name: B
			    fields: { a: A }
			`), want: []want{
			E("16:9", "value object \"A\" contains itself (A → B → A), so no value of it could ever be written; make one of the fields optional or a list"), // "name: A"
		}},
		{name: "enum values", yaml: ordering(`
			types:
			  - name: Order Status
			    enum: [placed, paid, placed, Paid, on-hold, on hold, 주문, "", 1st, 2nd]
			`), want: []want{
			E("15:30", "enum \"Order Status\" lists \"placed\" twice (first at line 15:16)"),                                                      // "placed, Paid, on-hold, on hold, 주문, \"\", 1st, 2nd]"
			E("15:38", "enum value \"Paid\" of \"Order Status\" collides with \"paid\" at line 15:24: both become OrderStatusPaid"),               // "Paid, on-hold, on hold, 주문, \"\", 1st, 2nd]"
			E("15:53", "enum value \"on hold\" of \"Order Status\" collides with \"on-hold\" at line 15:44: both become OrderStatusOnHold"),       // "on hold, 주문, \"\", 1st, 2nd]"
			E("15:62", "enum value \"주문\" of \"Order Status\" gives no Go identifier (it has no Latin letter); write the value in Latin letters"), // "주문, \"\", 1st, 2nd]"
			E("15:66", "enum \"Order Status\" has a blank value"),                                                                                 // "\"\", 1st, 2nd]"
		}},
	})
}

func TestValidateAggregates(t *testing.T) {
	runCases(t, []tcase{
		{name: "emits", yaml: orderingWith(`
			- name: Order
			  commands:
			    - name: Place Order
			      creates: true
			      emits: [Order Placed, Order Plced, Nothing, Cart Emptied, Empty Cart, Order Placed]
			  events:
			    - name: Order Placed
			- name: Cart
			  commands:
			    - name: Empty Cart
			      creates: true
			      emits: Cart Emptied
			  events:
			    - name: Cart Emptied
			`, ""), want: []want{
			E("10:35", "command \"Place Order\" emits \"Order Plced\", which is not an event of \"Order\"; did you mean \"Order Placed\"?"),                       // "Order Plced, Nothing, Cart Emptied, Empty Cart, Order Placed]"
			E("10:48", "command \"Place Order\" emits \"Nothing\", which is not an event of \"Order\""),                                                           // "Nothing, Cart Emptied, Empty Cart, Order Placed]"
			E("10:57", "command \"Place Order\" emits \"Cart Emptied\", an event of aggregate \"Cart\"; a command emits events of its own aggregate (\"Order\")"), // "Cart Emptied, Empty Cart, Order Placed]"
			E("10:71", "command \"Place Order\" emits \"Empty Cart\", which is a command, not an event"),                                                          // "Empty Cart, Order Placed]"
			E("10:83", "command \"Place Order\" emits \"Order Placed\" twice (first at line 10:21); list each event once"),                                        // "Order Placed]"
		}},
		{name: "emits a single event without a list", yaml: orderingWith(`
			- name: Order
			  commands:
			    - name: Place Order
			      creates: true
			      emits: Order Placed
			  events:
			    - name: Order Placed
			`, ""), want: nil},
		{name: "emits an event of another context", yaml: doc("- name: Ordering\n  aggregates:\n" + indent(dedent(orderAggregate), 4) + dedent(`
			- name: Billing
			  aggregates:
			    - name: Invoice
			      commands:
			        - name: Raise Invoice
			          creates: true
			          emits: [Ordering.Order Placed, Order Placed]
			`)), want: []want{
			E("19:21", "command \"Raise Invoice\" emits \"Ordering.Order Placed\", an event of aggregate \"Order\"; a command emits events of its own aggregate (\"Invoice\")"), // "Ordering.Order Placed, Order Placed]"
			E("19:44", "command \"Raise Invoice\" emits \"Order Placed\", which is not an event of \"Invoice\""),                                                                // "Order Placed]"
		}},
		{name: "uses", yaml: orderingWith(`
			- name: Order
			  commands:
			    - name: Place Order
			      creates: true
			      emits: [Order Placed]
			      uses: [Payment Gateway, Paymnt Gateway, Order Placed, Payment Gateway, Mailer]
			  events:
			    - name: Order Placed
			`, `
			externalSystems:
			  - name: Payment Gateway
			    calls: [Charge Card]
			`), want: []want{
			E("11:37", "command \"Place Order\" uses \"Paymnt Gateway\", which is not an external system of context \"Ordering\"; did you mean \"Payment Gateway\"?"), // "Paymnt Gateway, Order Placed, Payment Gateway, Mailer]"
			E("11:53", "command \"Place Order\" uses \"Order Placed\", which is not an external system of context \"Ordering\""),                                      // "Order Placed, Payment Gateway, Mailer]"
			E("11:67", "command \"Place Order\" uses \"Payment Gateway\" twice (first at line 11:20); list each external system once"),                                // "Payment Gateway, Mailer]"
			E("11:84", "command \"Place Order\" uses \"Mailer\", which is not an external system of context \"Ordering\""),                                            // "Mailer]"
		}},
		{name: "uses an external system of another context", yaml: doc("- name: Ordering\n  aggregates:\n" + indent(dedent(`
			- name: Order
			  commands:
			    - name: Place Order
			      creates: true
			      emits: [Order Placed]
			      uses: [Billing.Payment Gateway]
			  events:
			    - name: Order Placed
			`), 4) + dedent(`
			- name: Billing
			  externalSystems:
			    - name: Payment Gateway
			`)), want: []want{
			E("11:20", "command \"Place Order\" uses \"Billing.Payment Gateway\", an external system of context \"Billing\"; a command uses the external systems of its own context, so declare it under \"Ordering\"'s `externalSystems:` too"), // "Billing.Payment Gateway]"
		}},
		{name: "rules", yaml: orderingWith(`
			- name: Order
			  commands:
			    - name: Place Order
			      creates: true
			      emits: [Order Placed]
			      rules:
			        - amount must be positive
			        - Amount must be positive!
			        - ""
			        - 금액은 양수
			        - 금액은 음수
			        - a customer may hold 3 open orders
			  events:
			    - name: Order Placed
			`, ""), want: []want{
			E("13:17", "rule \"Amount must be positive!\" of \"Place Order\" repeats \"amount must be positive\" at line 12:17"), // "Amount must be positive!"
			E("14:17", "command \"Place Order\" has a blank rule"),                                                               // "\"\""
		}},
		{name: "events not emitted", yaml: orderingWith(`
			- name: Order
			  commands:
			    - name: Place Order
			      creates: true
			      emits: [Order Placed]
			  events:
			    - name: Order Placed
			    - name: Order Lost
			    - name: Order Found
			`, ""), want: []want{
			W("13:13", "event \"Order Lost\" is not emitted by any command; add it to a command's `emits:`"),  // "name: Order Lost"
			W("14:13", "event \"Order Found\" is not emitted by any command; add it to a command's `emits:`"), // "name: Order Found"
		}},
		{name: "implicit fields with the same type are fine", yaml: orderingWith(`
			- name: Order
			  fields: { orderId: uuid, version: int, amount: decimal }
			  commands:
			    - name: Place Order
			      creates: true
			      fields: { orderId: uuid, amount: decimal }
			      emits: [Order Placed]
			  events:
			    - name: Order Placed
			      fields: { eventId: uuid, orderId: uuid, occurredAt: time, version: int, amount: decimal }
			`, ""), want: nil},
		{name: "implicit fields with another type", yaml: orderingWith(`
			- name: Order
			  fields: { order id: string, version: string }
			  commands:
			    - name: Place Order
			      creates: true
			      fields: { orderId: int }
			      emits: [Order Placed]
			  events:
			    - name: Order Placed
			      fields: { eventId: string, orderId: string, occurredAt: date, version: decimal }
			`, ""), want: []want{
			E("7:29", "field \"order id\" of aggregate \"Order\" is string, but every aggregate carries \"orderId\" as uuid; make it uuid or rename the field"),    // "string, version: string }"
			E("7:46", "field \"version\" of aggregate \"Order\" is string, but every aggregate carries \"version\" as int; make it int or rename the field"),       // "string }"
			E("11:32", "field \"orderId\" of command \"Place Order\" is int, but every command carries \"orderId\" as uuid; make it uuid or rename the field"),     // "int }"
			E("15:32", "field \"eventId\" of event \"Order Placed\" is string, but every event carries \"eventId\" as uuid; make it uuid or rename the field"),     // "string, orderId: string, occurredAt: date, version: decimal }"
			E("15:49", "field \"orderId\" of event \"Order Placed\" is string, but every event carries \"orderId\" as uuid; make it uuid or rename the field"),     // "string, occurredAt: date, version: decimal }"
			E("15:69", "field \"occurredAt\" of event \"Order Placed\" is date, but every event carries \"occurredAt\" as time; make it time or rename the field"), // "date, version: decimal }"
			E("15:84", "field \"version\" of event \"Order Placed\" is decimal, but every event carries \"version\" as int; make it int or rename the field"),      // "decimal }"
		}},
		{name: "explicit id and string id type", yaml: orderingWith(`
			- name: Order
			  id: orderNumber
			  idType: string
			  fields: { orderNumber: string }
			  commands:
			    - name: Place Order
			      creates: true
			      fields: { orderNumber: string }
			      emits: [Order Placed]
			  events:
			    - name: Order Placed
			      fields: { orderNumber: uuid }
			`, ""), want: []want{
			E("17:36", "field \"orderNumber\" of event \"Order Placed\" is uuid, but every event carries \"orderNumber\" as string; make it string or rename the field"), // "uuid }"
		}},
		{name: "id without Latin letters", yaml: orderingWith(`
			- name: Order
			  id: 번호
			  commands:
			    - name: Place Order
			      creates: true
			      emits: [Order Placed]
			  events:
			    - name: Order Placed
			`, ""), want: []want{
			E("7:13", "id \"번호\" of aggregate \"Order\" gives no identifier; name it in Latin letters, e.g. orderId"), // "번호"
		}},
	})
}

func TestValidateScenarios(t *testing.T) {
	agg := func(scenarios string) string {
		return orderingWith(dedent(`
			- name: Order
			  commands:
			    - name: Place Order
			      creates: true
			      emits: [Order Placed]
			    - name: Cancel Order
			      emits: [Order Cancelled]
			  events:
			    - name: Order Placed
			    - name: Order Cancelled
			  scenarios:
			`)+indent(dedent(scenarios), 4)+dedent(`
			- name: Cart
			  commands:
			    - name: Fill Cart
			      creates: true
			      emits: [Cart Filled]
			  events:
			    - name: Cart Filled
			`), "")
	}
	runCases(t, []tcase{
		{name: "valid scenarios", yaml: agg(`
			- name: an order can be placed
			  when: Place Order
			  then: [Order Placed]
			- name: a placed order can be cancelled
			  given: [Order Placed]
			  when: Cancel Order
			  then: Order Cancelled
			- name: a cancelled order cannot be cancelled again
			  given: [Order Placed, Order Cancelled]
			  when: Cancel Order
			  then: rejected
			`), want: nil},
		{name: "given of another aggregate", yaml: agg(`
			- name: s
			  given: [Cart Filled, Order Plcd]
			  when: Cancel Order
			  then: [Order Cancelled]
			`), want: []want{
			E("18:21", "scenario \"s\": given \"Cart Filled\" is not an event of \"Order\""),                                // "Cart Filled, Order Plcd]"
			E("18:34", "scenario \"s\": given \"Order Plcd\" is not an event of \"Order\"; did you mean \"Order Placed\"?"), // "Order Plcd]"
		}},
		{name: "when of another aggregate", yaml: agg(`
			- name: s
			  when: Fill Cart
			  then: [Order Placed]
			- name: t
			  when: Order Placed
			  then: [Order Placed]
			`), want: []want{
			E("18:19", "scenario \"s\": when \"Fill Cart\" is not a command of \"Order\""),                                 // "Fill Cart"
			E("21:19", "scenario \"t\": when \"Order Placed\" is an event, not a command; `when` names the command tried"), // "Order Placed"
		}},
		{name: "then not emitted by the command", yaml: agg(`
			- name: s
			  given: [Order Placed]
			  when: Cancel Order
			  then: [Order Placed]
			`), want: []want{
			E("20:20", "scenario \"s\": \"Cancel Order\" does not emit \"Order Placed\"; add it to the command's `emits:` or change the scenario"), // "Order Placed]"
		}},
		{name: "then spellings", yaml: agg(`
			- name: in a list
			  when: Cancel Order
			  then: [rejected]
			- name: capitalised
			  when: Cancel Order
			  then: Rejected
			- name: empty
			  when: Cancel Order
			  then: []
			`), want: []want{
			E("19:20", "scenario \"in a list\": write `then: rejected` on its own, not in a list"),                                                                        // "rejected]"
			E("22:19", "scenario \"capitalised\": \"Rejected\" is not an event of \"Order\"; to expect the command to be rejected, write `then: rejected` in lower case"), // "Rejected"
			E("25:19", "scenario \"empty\": then lists no events; write the events expected, or `rejected`"),                                                              // "[]"
		}},
		{name: "scenario names", yaml: agg(`
			- name: cancel twice
			  when: Cancel Order
			  then: rejected
			- name: Cancel Twice!
			  when: Cancel Order
			  then: rejected
			`), want: []want{
			E("20:13", "scenario \"Cancel Twice!\" of \"Order\" has the same test name as \"cancel twice\" at line 17:13"), // "name: Cancel Twice!"
		}},
	})
}

// shop is a model of two contexts for the flow rules: Payments (from line 4)
// with a Payment aggregate, and Ordering (from line 20) with Order and
// Shipment, followed by the extra Ordering keys given (from line 38).
func shop(extra string) string {
	return doc(`
		- name: Payments
		  aggregates:
		    - name: Payment
		      commands:
		        - name: Take Payment
		          creates: true
		          fields: { orderId: uuid, amount: decimal }
		          emits: [Payment Taken]
		        - name: Fail Payment
		          emits: [Payment Failed]
		      events:
		        - name: Payment Taken
		          fields: { orderId: uuid, amount: decimal }
		        - name: Payment Failed
		          fields: { order: uuid, reason: string, attempts: int }
		- name: Ordering
		  aggregates:
		    - name: Order
		      fields: { amount: decimal, reason: string }
		      commands:
		        - name: Place Order
		          creates: true
		          fields: { amount: decimal }
		          emits: [Order Placed]
		        - name: Cancel Order
		          fields: { reason: string }
		          emits: [Order Cancelled]
		        - name: Mark Paid
		          emits: [Order Paid]
		      events:
		        - name: Order Placed
		          fields: { amount: decimal }
		        - name: Order Cancelled
		          fields: { reason: string }
		        - name: Order Paid
		`) + indent(dedent(extra), 4)
}

func TestValidatePolicies(t *testing.T) {
	runCases(t, []tcase{
		{name: "base model is valid", yaml: shop(""), want: nil},
		{name: "target defaults to the event field named like the id", yaml: shop(`
			policies:
			  - name: Mark paid when payment is taken
			    when: Payments.Payment Taken
			    then: Mark Paid
			`), want: nil},
		{name: "target defaults to the event's own aggregate id", yaml: shop(`
			policies:
			  - name: Pay when placed
			    when: Order Placed
			    then: Mark Paid
			`), want: nil},
		{name: "explicit target", yaml: shop(`
			policies:
			  - name: Cancel order when payment fails
			    when: Payments.Payment Failed
			    then: Cancel Order
			    target: order
			`), want: nil},
		{name: "missing target", yaml: shop(`
			policies:
			  - name: Cancel order when payment fails
			    when: Payments.Payment Failed
			    then: Cancel Order
			`), want: []want{
			E("40:9", "policy \"Cancel order when payment fails\": cannot tell which Order \"Cancel Order\" acts on: event \"Payment Failed\" has no field \"orderId\"; add `target:` naming the event field that holds the Order id (fields: eventId, paymentId, occurredAt, version, order, reason, attempts)"), // "name: Cancel order when payment fails"
		}},
		{name: "target unknown", yaml: shop(`
			policies:
			  - name: Cancel order when payment fails
			    when: Payments.Payment Failed
			    then: Cancel Order
			    target: ordr
			`), want: []want{
			E("43:17", "policy \"Cancel order when payment fails\": target \"ordr\" is not a field of event \"Payment Failed\"; did you mean \"order\"?"), // "ordr"
		}},
		{name: "target of the wrong type", yaml: shop(`
			policies:
			  - name: Cancel order when payment fails
			    when: Payments.Payment Failed
			    then: Cancel Order
			    target: attempts
			`), want: []want{
			E("43:17", "policy \"Cancel order when payment fails\": target \"attempts\" is int; it must hold the Order id (uuid or string)"), // "attempts"
		}},
		{name: "creating command needs no target", yaml: shop(`
			policies:
			  - name: Reorder when payment fails
			    when: Payments.Payment Failed
			    then: Place Order
			`), want: nil},
		{name: "target on a creating command is ignored", yaml: shop(`
			policies:
			  - name: Reorder when payment fails
			    when: Payments.Payment Failed
			    then: Place Order
			    target: order
			`), want: []want{
			W("43:17", "policy \"Reorder when payment fails\": target is ignored, since \"Place Order\" creates a new Order"), // "order"
		}},
		{name: "unknown when", yaml: shop(`
			policies:
			  - { name: a, when: Order Plcd, then: Mark Paid }
			  - { name: b, when: Payment Taken, then: Mark Paid }
			  - { name: c, when: Payment.Payment Taken, then: Mark Paid }
			  - { name: d, when: Paymnts.Payment Taken, then: Mark Paid }
			  - { name: e, when: Payments.Nothing, then: Mark Paid }
			  - { name: f, when: Nothing, then: Mark Paid }
			  - { name: g, when: Mark Paid, then: Mark Paid }
			`), want: []want{
			E("40:26", "policy \"a\": when \"Order Plcd\" is not an event of this model; did you mean \"Order Placed\"?"),                                                                     // "Order Plcd, then: Mark Paid }"
			E("41:26", "policy \"b\": when \"Payment Taken\" is not an event of this model; did you mean \"Payments.Payment Taken\"? (an event of another context is written Context.Event)"), // "Payment Taken, then: Mark Paid }"
			E("42:26", "policy \"c\": when \"Payment.Payment Taken\" is not an event of this model; there is no context \"Payment\"; did you mean \"Payments\"?"),                             // "Payment.Payment Taken, then: Mark Paid }"
			E("43:26", "policy \"d\": when \"Paymnts.Payment Taken\" is not an event of this model; there is no context \"Paymnts\"; did you mean \"Payments\"?"),                             // "Paymnts.Payment Taken, then: Mark Paid }"
			E("44:26", "policy \"e\": when \"Payments.Nothing\" is not an event of this model"),                                                                                               // "Payments.Nothing, then: Mark Paid }"
			E("45:26", "policy \"f\": when \"Nothing\" is not an event of this model; an event of another context is written Context.Event, e.g. Ordering.Order Placed"),                      // "Nothing, then: Mark Paid }"
			E("46:26", "policy \"g\": when \"Mark Paid\" is a command, not an event"),                                                                                                         // "Mark Paid, then: Mark Paid }"
		}},
		{name: "then in another context", yaml: shop(`
			policies:
			  - { name: a, when: Order Placed, then: Payments.Take Payment }
			  - { name: b, when: Order Placed, then: Take Payment }
			  - { name: c, when: Order Placed, then: Order Paid }
			  - { name: d, when: Order Placed, then: Mark Pad }
			`), want: []want{
			E("40:46", "policy \"a\": then \"Payments.Take Payment\" is a command of context \"Payments\"; a policy issues commands of its own context, so move the policy to \"Payments\""), // "Payments.Take Payment }"
			E("41:46", "policy \"b\": then \"Take Payment\" is a command of context \"Payments\"; a policy issues commands of its own context, so move the policy to \"Payments\""),          // "Take Payment }"
			E("42:46", "policy \"c\": then \"Order Paid\" is an event, not a command"),                                                                                                       // "Order Paid }"
			E("43:46", "policy \"d\": then \"Mark Pad\" is not a command of context \"Ordering\"; did you mean \"Mark Paid\"?"),                                                              // "Mark Pad }"
		}},
		{name: "context and element names with spaces and dots", yaml: doc(`
			- name: Order History
			  aggregates:
			    - name: History
			      commands:
			        - name: Open History
			          creates: true
			          emits: [v1.2 History Opened]
			      events:
			        - name: v1.2 History Opened
			- name: Reporting
			  policies:
			    - name: Report it
			      when: Order History.v1.2 History Opened
			      then: File Report
			    - name: Report again
			      when: order-history.v1.2 History Opened
			      then: File Report
			  aggregates:
			    - name: Report
			      code: Report Sheet
			      commands:
			        - name: File Report
			          creates: true
			          emits: [Report Filed]
			      events:
			        - name: Report Filed
			`), want: nil},
		{name: "policy cycle across contexts", yaml: doc(`
			- name: Ping
			  aggregates:
			    - name: Pinger
			      commands:
			        - { name: Ping, emits: [Pinged] }
			        - { name: Start, emits: [Started], creates: true }
			      events: [{ name: Pinged, fields: { pongerId: uuid } }, { name: Started }]
			  policies:
			    - { name: ping back, when: Pong.Ponged, then: Ping }
			- name: Pong
			  aggregates:
			    - name: Ponger
			      commands:
			        - { name: Pong, emits: [Ponged] }
			        - { name: Begin, emits: [Begun], creates: true }
			      events: [{ name: Ponged, fields: { pingerId: uuid } }, { name: Begun }]
			  policies:
			    - { name: pong back, when: Ping.Pinged, then: Pong }
			`), want: []want{
			W("12:9", "policies form a cycle: \"ping back\" → \"pong back\" → \"ping back\"; each run triggers the next forever unless a rule stops it"), // "{ name: ping back, when: Pong.Ponged, then: Ping }"
		}},
		{name: "policy self-loop", yaml: shop(`
			policies:
			  - name: Pay again
			    when: Order Paid
			    then: Mark Paid
			`), want: []want{
			W("40:9", "policies form a cycle: \"Pay again\" → \"Pay again\"; each run triggers the next forever unless a rule stops it"), // "name: Pay again"
		}},
	})
}

func TestValidateReadModels(t *testing.T) {
	runCases(t, []tcase{
		{name: "key defaults to the aggregate id", yaml: shop(`
			readModels:
			  - name: Orders
			    fields: { orderId: uuid, amount: decimal, reason: optional string }
			    from: [Order Placed, Order Cancelled]
			`), want: nil},
		{name: "key inferred when not among the fields", yaml: shop(`
			readModels:
			  - name: Orders
			    key: orderId
			    fields: { amount: decimal }
			    from: [Order Placed]
			`), want: nil},
		{name: "key from another context", yaml: doc("- name: Ordering\n  aggregates:\n" + indent(dedent(orderAggregate), 4) + dedent(`
			- name: Order History
			  readModels:
			    - name: Order History
			      key: orderId
			      fields: { orderId: uuid, status: string, placedAt: time }
			      from:
			        - event: Ordering.Order Placed
			          set: { status: placed }
			`)), want: []want{
			W("17:50", "read model \"Order History\": field \"placedAt\" is never filled: no event of `from` has a field \"placedAt\" of type time, and no `set` gives it"), // "placedAt: time }"
		}},
		{name: "key type mismatch", yaml: shop(`
			readModels:
			  - name: Orders
			    key: orderId
			    fields: { orderId: int }
			    from: [Order Placed]
			  - name: Amounts
			    key: amount
			    fields: { amount: float }
			    from: [Order Placed]
			`), want: []want{
			E("43:16", "read model \"Orders\": the row key \"orderId\" is int, but event \"Order Placed\" gives uuid in \"orderId\"; make the types agree"), // "Order Placed]"
			E("46:27", "read model \"Amounts\": key \"amount\" is float; a key is a scalar such as uuid, string or int"),                                    // "float }"
		}},
		{name: "set values", yaml: shop(`
			types:
			  - name: Status
			    enum: [placed, cancelled]
			readModels:
			  - name: Orders
			    fields:
			      orderId: uuid
			      n: int
			      ok: bool
			      day: date
			      at: time
			      ref: uuid
			      status: Status
			      total: decimal
			      ratio: float
			      note: optional string
			      tags: list of string
			      label: string
			    from:
			      - event: Order Placed
			        set:
			          n: 1.5
			          ok: yes
			          day: 2026-13-45
			          at: tomorrow
			          ref: 123
			          status: shipped
			          total: 12,50
			          ratio: .nan
			          note: ~
			          tags: a
			          label: 42
			          nothing: x
			          statsu: placed
			      - event: Order Cancelled
			        set: { n: 2, ok: true, day: 2026-11-24, at: "2026-11-24T09:30:00Z", ref: 0b7c2f8e-8f6c-4c57-9d0e-3b1f2a6d9c41, status: cancelled, total: 12.50, ratio: 1e3, note: gone }
			`), want: []want{
			E("60:18", "read model \"Orders\": set n: \"1.5\" does not fit int; write a whole number"),                                              // "1.5"
			E("61:19", "read model \"Orders\": set ok: \"yes\" does not fit bool; write true or false"),                                             // "yes"
			E("62:20", "read model \"Orders\": set day: \"2026-13-45\" does not fit date; write a date such as 2026-11-24"),                         // "2026-13-45"
			E("63:19", "read model \"Orders\": set at: \"tomorrow\" does not fit time; write an RFC 3339 time such as 2026-11-24T09:30:00Z"),        // "tomorrow"
			E("64:20", "read model \"Orders\": set ref: \"123\" does not fit uuid; write a UUID such as 0b7c2f8e-8f6c-4c57-9d0e-3b1f2a6d9c41"),      // "123"
			E("65:23", "read model \"Orders\": set status: \"shipped\" does not fit Status; write one of placed, cancelled"),                        // "shipped"
			E("66:22", "read model \"Orders\": set total: \"12,50\" does not fit decimal; write a decimal number such as 12.50"),                    // "12,50"
			E("67:22", "read model \"Orders\": set ratio: \".nan\" does not fit float; write a number"),                                             // ".nan"
			E("69:21", "read model \"Orders\": set tags: \"a\" does not fit list of string; write a list, which `set` cannot fill with a constant"), // "a"
			E("71:15", "read model \"Orders\": set \"nothing\", which is not a field of the read model"),                                            // "nothing: x"
			E("72:15", "read model \"Orders\": set \"statsu\", which is not a field of the read model; did you mean \"status\"?"),                   // "statsu: placed"
		}},
		{name: "delete with set", yaml: shop(`
			readModels:
			  - name: Orders
			    fields: { orderId: uuid, status: string }
			    from:
			      - event: Order Placed
			        set: { status: placed }
			      - event: Order Cancelled
			        delete: true
			        set: { status: gone }
			`), want: []want{
			W("45:13", "read model \"Orders\": `set` has no effect on a `delete` entry"), // "event: Order Cancelled"
		}},
		{name: "fields never filled", yaml: shop(`
			readModels:
			  - name: Orders
			    fields: { orderId: uuid, amount: int, customer: string, reason: string }
			    from:
			      - event: Order Placed
			      - event: Order Cancelled
			        delete: true
			`), want: []want{
			W("41:34", "read model \"Orders\": field \"amount\" is never filled: no event of `from` has a field \"amount\" of type int, and no `set` gives it"),        // "amount: int, customer: string, reason: string }"
			W("41:47", "read model \"Orders\": field \"customer\" is never filled: no event of `from` has a field \"customer\" of type string, and no `set` gives it"), // "customer: string, reason: string }"
			W("41:65", "read model \"Orders\": field \"reason\" is never filled: no event of `from` has a field \"reason\" of type string, and no `set` gives it"),     // "reason: string }"
		}},
		{name: "event listed twice", yaml: shop(`
			readModels:
			  - name: Orders
			    fields: { orderId: uuid }
			    from: [Order Placed, Order Placed]
			`), want: []want{
			E("42:30", "read model \"Orders\": event \"Order Placed\" is listed twice in `from` (first at line 42:16); give each event one entry, with its `set` or `delete`"), // "Order Placed]"
		}},
		{name: "unknown and unqualified events", yaml: shop(`
			readModels:
			  - name: Payments Seen
			    from: [Payment Taken, Payments.Payment Takn, Order Plcd]
			`), want: []want{
			E("41:16", "read model \"Payments Seen\": event \"Payment Taken\" is not an event of this model; did you mean \"Payments.Payment Taken\"? (an event of another context is written Context.Event)"), // "Payment Taken, Payments.Payment Takn, Order Plcd]"
			E("41:31", "read model \"Payments Seen\": event \"Payments.Payment Takn\" is not an event of this model; did you mean \"Payments.Payment Taken\"?"),                                                // "Payments.Payment Takn, Order Plcd]"
			E("41:54", "read model \"Payments Seen\": event \"Order Plcd\" is not an event of this model; did you mean \"Order Placed\"?"),                                                                     // "Order Plcd]"
		}},
	})
}

func TestValidateHotspots(t *testing.T) {
	runCases(t, []tcase{
		{name: "hotspots", yaml: shop(`
			hotspots:
			  - text: What happens when a customer cancels after shipping?
			    on: Cancel Order
			  - Who owns refunds?
			  - text: Is this the right name?
			    on: Cancle Order
			  - text: Payments may time out
			    on: Payments.Take Payment
			  - text: "  "
			`), want: []want{
			H("40:9", "What happens when a customer cancels after shipping? (on Cancel Order)"), // "text: What happens when a customer cancels after shipping?"
			H("42:9", "Who owns refunds?"),                         // "Who owns refunds?"
			H("43:9", "Is this the right name? (on Cancle Order)"), // "text: Is this the right name?"
			W("44:13", "hotspot is on \"Cancle Order\", which is no element of context \"Ordering\"; did you mean \"Cancel Order\"?"), // "Cancle Order"
			H("45:9", "Payments may time out (on Payments.Take Payment)"),                                                             // "text: Payments may time out"
			E("47:9", "a hotspot has no text; write the question or problem noted, or remove it"),                                     // "text: \"  \""
		}},
		{name: "hotspots on an actor and on the context", yaml: orderingWith(`
			- name: Order
			  commands:
			    - name: Place Order
			      actor: Customer
			      creates: true
			      emits: [Order Placed]
			  events:
			    - name: Order Placed
			`, `
			hotspots:
			  - { text: Who is the customer, on: Customer }
			  - { text: Too big, on: Ordering }
			  - { text: Nobody issues anything, on: Clerk }
			  - { text: On nothing, on: "" }
			`), want: []want{
			H("15:9", "Who is the customer (on Customer)"),                                     // "{ text: Who is the customer, on: Customer }"
			H("16:9", "Too big (on Ordering)"),                                                 // "{ text: Too big, on: Ordering }"
			H("17:9", "Nobody issues anything (on Clerk)"),                                     // "{ text: Nobody issues anything, on: Clerk }"
			W("17:45", "hotspot is on \"Clerk\", which is no element of context \"Ordering\""), // "Clerk }"
			H("18:9", "On nothing (on )"),                                                      // "{ text: On nothing, on: \"\" }"
			W("18:33", "hotspot is on \"\", which is no element of context \"Ordering\""),      // "\"\" }"
		}},
	})
}

func TestValidateRelationships(t *testing.T) {
	runCases(t, []tcase{
		{name: "relationships", yaml: shop("") + dedent(`
			relationships:
			  - { upstream: Payments, downstream: Ordering, pattern: published-language }
			  - { upstream: Paymnts, downstream: Shipping, pattern: conformist }
			  - { upstream: Ordering, downstream: Payments, pattern: customer supplier }
			  - { upstream: Ordering, downstream: ordering }
			  - { upstream: payments, downstream: Ordering, pattern: anti-corruption-layer }
			  - { upstream: Ordering, downstream: Payments, pattern: acl }
			`), want: []want{
			E("42:17", "upstream \"Paymnts\" is not a context of this model; did you mean \"Payments\"?"), // "Paymnts, downstream: Shipping, pattern: conformist }"
			E("42:38", "downstream \"Shipping\" is not a context of this model"),                          // "Shipping, pattern: conformist }"
			E("43:58", "unknown relationship pattern \"customer supplier\"; use one of anti-corruption-layer, conformist, customer-supplier, open-host-service, partnership, published-language, shared-kernel; did you mean \"customer-supplier\"?"), // "customer supplier }"
			E("44:5", "context \"Ordering\" is both upstream and downstream; a relationship joins two contexts"),                                                                                                                                      // "{ upstream: Ordering, downstream: ordering }"
			W("45:5", "the relationship Payments → Ordering is declared twice (first at line 41:5)"),                                                                                                                                                  // "{ upstream: payments, downstream: Ordering, pattern: anti-corruption-layer }"
			W("46:5", "the relationship Ordering → Payments is declared twice (first at line 43:5)"),                                                                                                                                                  // "{ upstream: Ordering, downstream: Payments, pattern: acl }"
			E("46:58", "unknown relationship pattern \"acl\"; use one of anti-corruption-layer, conformist, customer-supplier, open-host-service, partnership, published-language, shared-kernel"),                                                    // "acl }"
		}},
		{name: "every pattern", yaml: shop("") + dedent(`
			relationships:
			  - { upstream: Payments, downstream: Ordering, pattern: anti-corruption-layer }
			  - { upstream: Ordering, downstream: Payments, pattern: conformist }
			`), want: nil},
	})
}

func TestValidateSystem(t *testing.T) {
	runCases(t, []tcase{
		{name: "empty context", yaml: doc("- name: Ordering\n- name: Shipping\n  hotspots:\n    - Who ships?\n"), want: []want{
			W("4:5", "context \"Ordering\" is empty; it will generate a service with nothing in it"), // "name: Ordering"
			W("5:5", "context \"Shipping\" is empty; it will generate a service with nothing in it"), // "name: Shipping"
			H("7:9", "Who ships?"), // "Who ships?"
		}},
		{name: "query-only context is not empty", yaml: shop("") + indent(dedent(`
			- name: Reporting
			  readModels:
			    - name: Daily Orders
			      fields: { orderId: uuid }
			      from: [Ordering.Order Placed]
			`), 2), want: nil},
		{name: "module paths", yaml: "eventstorm: 1\nsystem: Shop\nmodule: /shop/\ncontexts:\n  - name: Ordering\n", want: []want{
			E("3:9", "module \"/shop/\": a module path has no leading, trailing or doubled slash"),   // "/shop/"
			W("5:5", "context \"Ordering\" is empty; it will generate a service with nothing in it"), // "name: Ordering"
		}},
		{name: "module with a space", yaml: "eventstorm: 1\nsystem: Shop\nmodule: example.com/my shop\ncontexts:\n  - name: Ordering\n", want: []want{
			E("3:9", "module \"example.com/my shop\": ' ' is not allowed in a Go module path (letters, digits, - . _ ~ and / are)"), // "example.com/my shop"
			W("5:5", "context \"Ordering\" is empty; it will generate a service with nothing in it"),                                // "name: Ordering"
		}},
		{name: "module shadowing the standard library", yaml: "eventstorm: 1\nsystem: Shop\nmodule: fmt/shop\ncontexts:\n  - name: Ordering\n", want: []want{
			E("3:9", "module \"fmt/shop\": it starts with \"fmt\", a standard library package; use e.g. example.com/fmt/shop"), // "fmt/shop"
			W("5:5", "context \"Ordering\" is empty; it will generate a service with nothing in it"),                           // "name: Ordering"
		}},
		{name: "module path element with a dot", yaml: "eventstorm: 1\nsystem: Shop\nmodule: example.com/.shop\ncontexts:\n  - name: Ordering\n", want: []want{
			E("3:9", "module \"example.com/.shop\": a path element cannot start or end with a dot"),  // "example.com/.shop"
			W("5:5", "context \"Ordering\" is empty; it will generate a service with nothing in it"), // "name: Ordering"
		}},
	})
}

func TestValidateMore(t *testing.T) {
	runCases(t, []tcase{
		{name: "aggregate id named like an implicit event field", yaml: doc(`
			- name: Auditing
			  aggregates:
			    - name: Event
			      commands:
			        - { name: Record Event, creates: true, emits: [Event Recorded] }
			      events: [{ name: Event Recorded }]
			    - name: Log
			      id: version
			      commands:
			        - { name: Open Log, creates: true, emits: [Log Opened] }
			      events: [{ name: Log Opened }]
			`), want: []want{
			E("6:9", "aggregate \"Event\": its id field would be \"eventId\", the name every event already uses for its own id; set `id:` to another name, e.g. id: eventKey"),            // "name: Event"
			E("11:13", "aggregate \"Log\": its id field would be \"version\", the name every event already uses for the aggregate's version; set `id:` to another name, e.g. id: logKey"), // "version"
		}},
		{name: "contexts giving the same package", yaml: doc(`
			- name: Order History
			  hotspots: [x]
			- name: Orderhistory
			  hotspots: [y]
			`), want: []want{
			W("4:5", "context \"Order History\" is empty; it will generate a service with nothing in it"), // "name: Order History"
			H("5:16", "x"), // "x]"
			E("6:5", "context \"Orderhistory\" collides with context \"Order History\" at line 4:5: both become the Go package orderhistory; rename one or give it a `code:`"), // "name: Orderhistory"
			W("6:5", "context \"Orderhistory\" is empty; it will generate a service with nothing in it"),                                                                       // "name: Orderhistory"
			H("7:16", "y"), // "y]"
		}},
		{name: "then of another aggregate", yaml: orderingWith(dedent(orderAggregate)+dedent(`
			- name: Cart
			  commands:
			    - name: Fill Cart
			      creates: true
			      emits: [Cart Filled]
			  events:
			    - name: Cart Filled
			  scenarios:
			    - name: filling places an order
			      when: Fill Cart
			      then: [Cart Filled, Order Placed]
			`), ""), want: []want{
			E("23:33", "scenario \"filling places an order\": then \"Order Placed\" is not an event of \"Cart\""), // "Order Placed]"
		}},
		{name: "many policies in one cycle", yaml: shop(`
			policies:
			  - { name: p1, when: Order Paid, then: Mark Paid }
			  - { name: p2, when: Order Paid, then: Mark Paid }
			  - { name: p3, when: Order Paid, then: Mark Paid }
			  - { name: p4, when: Order Paid, then: Mark Paid }
			  - { name: p5, when: Order Paid, then: Mark Paid }
			  - { name: p6, when: Order Paid, then: Mark Paid }
			  - { name: p7, when: Order Paid, then: Mark Paid }
			`), want: []want{
			W("40:9", "policies form a cycle: \"p1\" → \"p2\" → \"p3\" → \"p4\" → \"p5\" → \"p6\" → … (7 policies in all); each run triggers the next forever unless a rule stops it"), // "{ name: p1, when: Order Paid, then: Mark Paid }"
		}},
		{name: "two separate cycles", yaml: shop(`
			policies:
			  - { name: again, when: Order Paid, then: Mark Paid }
			  - { name: cancel on cancel, when: Order Cancelled, then: Cancel Order }
			  - { name: no cycle, when: Order Placed, then: Mark Paid }
			`), want: []want{
			W("40:9", "policies form a cycle: \"again\" → \"again\"; each run triggers the next forever unless a rule stops it"),                       // "{ name: again, when: Order Paid, then: Mark Paid }"
			W("41:9", "policies form a cycle: \"cancel on cancel\" → \"cancel on cancel\"; each run triggers the next forever unless a rule stops it"), // "{ name: cancel on cancel, when: Order Cancelled, then: Cancel Order }"
		}},
	})
}

// A policy may be named like the command it issues or the event it
// follows, as on real boards; every other pair of kinds still may not
// share a name or an identifier.
func TestValidatePolicyNames(t *testing.T) {
	runCases(t, []tcase{
		{name: "policies named like a command and an event", yaml: doc(`
			- name: Delivery
			  aggregates:
			    - name: Cargo
			      commands:
			        - { name: Book Cargo, creates: true, emits: [Cargo Booked] }
			        - { name: Start Delivery, emits: [Delivery Started] }
			        - { name: Reroute Cargo, emits: [Cargo Misdirected] }
			      events:
			        - name: Cargo Booked
			        - name: Delivery Started
			        - name: Cargo Misdirected
			  policies:
			    - name: Start Delivery
			      when: Cargo Booked
			      then: Start Delivery
			    - name: Cargo Misdirected
			      when: Cargo Misdirected
			      then: Reroute Cargo
			    - name: delivery-started
			      code: RerouteCargo
			      when: Delivery Started
			      then: Reroute Cargo
			  hotspots:
			    - { text: "Who starts it?", on: Start Delivery }
			`), want: []want{
			W("19:9", "policies form a cycle: \"Cargo Misdirected\" → \"Cargo Misdirected\"; each run triggers the next forever unless a rule stops it"), // "name: Cargo Misdirected"
			H("27:9", "Who starts it? (on Start Delivery)"), // "{ text: \"Who starts it?\", on: Start Delivery }"
		}},
		{name: "other kinds still may not share a name", yaml: shop(`
			types:
			  - { name: Order Status, enum: [a] }
			policies:
			  - { name: Order, when: Order Placed, then: Cancel Order }
			  - { name: Order Status, when: Order Placed, then: Cancel Order }
			  - { name: Orders, when: Order Placed, then: Cancel Order }
			  - { name: Gateway, when: Order Placed, then: Cancel Order }
			  - { name: Twice, when: Order Placed, then: Cancel Order }
			  - { name: twice, when: Order Placed, then: Cancel Order }
			readModels:
			  - { name: Orders, from: [Order Placed] }
			externalSystems:
			  - { name: Gateway }
			`), want: []want{
			E("42:9", "policy \"Order\" has the same name as aggregate \"Order\" at line 21:9; names are unique within a context"),                       // "{ name: Order, when: Order Placed, then: Cancel Order }"
			E("43:9", "policy \"Order Status\" has the same name as type \"Order Status\" at line 40:9; names are unique within a context"),              // "{ name: Order Status, when: Order Placed, then: Cancel Order }"
			E("47:9", "policy \"twice\" collides with policy \"Twice\" at line 46:9: both become the identifier Twice; rename one or give it a `code:`"), // "{ name: twice, when: Order Placed, then: Cancel Order }"
			E("49:9", "read model \"Orders\" has the same name as policy \"Orders\" at line 44:9; names are unique within a context"),                    // "{ name: Orders, from: [Order Placed] }"
			E("51:9", "external system \"Gateway\" has the same name as policy \"Gateway\" at line 45:9; names are unique within a context"),             // "{ name: Gateway }"
		}},
		{name: "a command and an event still may not share a name", yaml: orderingWith(`
			- name: Order
			  commands:
			    - { name: Place Order, creates: true, emits: [Order Placed] }
			    - { name: Order Placed, emits: [Order Placed] }
			  events:
			    - name: Order Placed
			`, ""), want: []want{
			E("8:57", "command \"Place Order\" emits \"Order Placed\", which is a command, not an event"),                                      // "Order Placed] }"
			E("9:43", "command \"Order Placed\" emits \"Order Placed\", which is a command, not an event"),                                     // "Order Placed] }"
			E("11:13", "event \"Order Placed\" has the same name as command \"Order Placed\" at line 9:13; names are unique within a context"), // "name: Order Placed"
			W("11:13", "event \"Order Placed\" is not emitted by any command; add it to a command's `emits:`"),                                 // "name: Order Placed"
		}},
	})
}

// Names holding control characters, */ or bidirectional marks, which YAML
// escapes let through, are refused with their positions; free text may
// hold tabs, line breaks and */.
func TestValidateNameCharacters(t *testing.T) {
	runCases(t, []tcase{
		{name: "names", yaml: "eventstorm: 1\nsystem: \"Sh\\rop\"\ncode: \"Shop\\x1b\"\ndescription: \"a\\u202Eb\"\ncontexts:\n" + indent(dedent(`
			- name: "Order\nTaking"
			  description: "Takes orders.\n\tAll of them. */"
			  types:
			    - { name: Status, enum: [open, "clo\x7Fsed"] }
			  aggregates:
			    - name: "Order */"
			      id: "order\tId"
			      fields: { "cust\u202Eomer": string }
			      commands:
			        - name: "Place\0Order"
			          code: PlaceOrder
			          actor: "Clerk\N"
			          creates: true
			          emits: [Order Placed]
			          uses: [Gateway]
			          rules: ["at most\t3 lines\nof text", "no \u202Ahidden text"]
			      events:
			        - name: Order Placed
			          code: "Order\u2066Placed\u2069"
			      scenarios:
			        - { name: "a\u061Cb", when: PlaceOrder, then: [Order Placed] }
			  readModels:
			    - name: Orders
			      key: "order\x9bId"
			      from: [Order Placed]
			  externalSystems:
			    - { name: Gateway, calls: ["Ch\u200Earge", "Re\u200Ffund"] }
			  hotspots:
			    - "Who \u2067checks?"
			`), 2), want: []want{
			E("2:9", "system name \"Sh\\rop\" contains a line break (U+000D), which a name cannot hold; remove it"),                                                                                                              // "\"Sh\\rop\""
			E("3:7", "the code \"Shop\\x1b\" of the system contains the control character U+001B, which text cannot hold; remove it"),                                                                                            // "\"Shop\\x1b\""
			E("4:14", "the description of the system contains the invisible bidirectional formatting mark U+202E, which can make generated code display otherwise than it reads; remove it"),                                     // "\"a\\u202Eb\""
			E("6:11", "context name \"Order\\nTaking\" contains a line break (U+000A), which a name cannot hold; remove it"),                                                                                                     // "\"Order\\nTaking\""
			E("9:38", "enum value \"clo\\x7fsed\" of \"Status\" contains the control character U+007F, which text cannot hold; remove it"),                                                                                       // "\"clo\\x7Fsed\"] }"
			E("11:15", "aggregate name \"Order */\" contains the sequence */, which would end a comment in generated code; remove it"),                                                                                           // "\"Order */\""
			E("12:13", "id \"order\\tId\" of aggregate \"Order */\" contains a tab (U+0009), which a name cannot hold; remove it"),                                                                                               // "\"order\\tId\""
			E("13:19", "field \"cust\\u202eomer\" of aggregate \"Order */\" contains the invisible bidirectional formatting mark U+202E, which can make generated code display otherwise than it reads; remove it"),              // "\"cust\\u202Eomer\": string }"
			E("15:13", "actor \"Clerk\\u0085\" of command \"Place\\x00Order\" contains a line break (U+0085), which a name cannot hold; remove it"),                                                                              // "name: \"Place\\0Order\""
			E("15:19", "command name \"Place\\x00Order\" contains a NUL character (U+0000), which text cannot hold; remove it"),                                                                                                  // "\"Place\\0Order\""
			E("21:50", "rule \"no \\u202ahidden text\" of \"Place\\x00Order\" contains the invisible bidirectional formatting mark U+202A, which can make generated code display otherwise than it reads; remove it"),            // "\"no \\u202Ahidden text\"]"
			E("24:19", "the code \"Order\\u2066Placed\\u2069\" of event \"Order Placed\" contains the invisible bidirectional formatting mark U+2066, which can make generated code display otherwise than it reads; remove it"), // "\"Order\\u2066Placed\\u2069\""
			E("26:13", "scenario \"a\\u061cb\" of \"Order */\" contains the invisible bidirectional formatting mark U+061C, which can make generated code display otherwise than it reads; remove it"),                           // "{ name: \"a\\u061Cb\", when: PlaceOrder, then: [Order Placed] }"
			E("29:14", "key \"order\\u009bId\" of read model \"Orders\" contains the control character U+009B, which text cannot hold; remove it"),                                                                               // "\"order\\x9bId\""
			E("32:34", "call \"Ch\\u200earge\" of \"Gateway\" contains the invisible bidirectional formatting mark U+200E, which can make generated code display otherwise than it reads; remove it"),                            // "\"Ch\\u200Earge\", \"Re\\u200Ffund\"] }"
			E("32:50", "call \"Re\\u200ffund\" of \"Gateway\" contains the invisible bidirectional formatting mark U+200F, which can make generated code display otherwise than it reads; remove it"),                            // "\"Re\\u200Ffund\"] }"
			E("34:9", "hotspot \"Who \\u2067checks?\" contains the invisible bidirectional formatting mark U+2067, which can make generated code display otherwise than it reads; remove it"),                                    // "\"Who \\u2067checks?\""
			H("34:9", "Who \u2067checks?"), // "\"Who \\u2067checks?\""
		}},
	})
}
