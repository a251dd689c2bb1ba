package model

import (
	"fmt"
	"testing"
)

// dataModel is a model of two contexts whose scenarios and flows the tests
// below add to: Ordering (Order, with rules and a value object) and Order
// History (a read model of Ordering's events).
const dataModel = `eventstorm: 1
system: Shop
contexts:
  - name: Ordering
    types:
      - name: Address
        fields: { street: string, zip: optional string }
      - name: Priority
        enum: [low, high]
    aggregates:
      - name: Order
        fields: { amount: decimal, reason: string }
        commands:
          - name: Place Order
            creates: true
            fields: { amount: decimal, shipTo: optional Address, tags: list of string, priority: Priority, quantity: int }
            emits: [Order Placed]
            rules: [amount must be positive]
          - name: Cancel Order
            fields: { reason: string }
            emits: [Order Cancelled]
        events:
          - name: Order Placed
            fields: { amount: decimal, priority: Priority }
          - name: Order Cancelled
            fields: { reason: string }
        scenarios:
%s
  - name: Order History
    readModels:
      - name: Order History
        key: orderId
        fields: { orderId: uuid, amount: decimal, status: string }
        from:
          - event: Ordering.Order Placed
            set: { status: placed }
%s`

func dataCase(name, scenarios, flows string, want ...want) tcase {
	if scenarios == "" {
		scenarios = "          - { name: placed, when: Place Order, then: [Order Placed] }"
	}
	return tcase{name: name, yaml: fmt.Sprintf(dataModel, scenarios, flows), want: want}
}

func TestScenarioData(t *testing.T) {
	runCases(t, []tcase{
		dataCase("values of every kind", `          - name: placed
            when: { Place Order: { amount: "12.50", shipTo: { street: s }, tags: [a, b], priority: high, quantity: 2 } }
            then: [ { Order Placed: { amount: "12.50", priority: high } } ]
          - name: refused
            given: [ { Order Placed: { amount: "1" } }, Order Cancelled ]
            when: { Place Order: { amount: "-1", shipTo: null } }
            then: { rejected: Amount must  be positive }`, ""),
		dataCase("values that do not fit", `          - name: bad
            given: [ { Order Placed: { amount: abc, colour: red } } ]
            when: { Place Order: { shipTo: { zip: z }, tags: x, priority: urgent, quantity: [1] } }
            then: { rejected: amount must be postive }`, "",
			E("29:48", `scenario "bad": "Order Placed": amount: "abc" does not fit decimal; write a decimal number such as 12.50`),
			E("29:53", `scenario "bad": "Order Placed" has no field "colour"`),
			E("30:44", `scenario "bad": "Place Order": shipTo: the value object Address needs street too`),
			E("30:62", `scenario "bad": "Place Order": tags is list of string: write a list such as [ ... ]`),
			E("30:75", `scenario "bad": "Place Order": priority: "urgent" does not fit Priority; write one of low, high`),
			E("30:93", `scenario "bad": "Place Order": quantity is int: write a single value, not a list`),
			E("31:31", `scenario "bad": "amount must be postive" is not a rule of "Place Order"; did you mean "amount must be positive"?`),
		),
		dataCase("a step of two names", `          - name: two
            when: { Place Order: {}, Cancel Order: {} }
            then: [Order Placed]`, "",
			E("29:19", "when must be a name, or one name with its field values such as `{ Place Order: { amount: \"12.50\" } }`, not a mapping of 2 keys"),
		),
	})
}

func TestFlows(t *testing.T) {
	runCases(t, []tcase{
		dataCase("a flow across contexts", "", `flows:
  - name: placed shows in the history
    when: { Ordering.Place Order: { amount: "12.50", tags: [], priority: low, quantity: 1 } }
    then:
      - Ordering.Order Placed
      - { Order History.Order History: { status: placed, amount: "12.50" } }
`),
		dataCase("a flow without a required field", "", `flows:
  - name: short
    when: { Ordering.Place Order: { amount: "12.50" } }
    then: Ordering.Order Placed
`,
			W("39:13", `flow "short": when "Place Order" needs tags, priority, quantity too: the flow sends it through the HTTP API, which requires every field that is not optional, so eventstorm test would be answered 400`),
		),
		dataCase("flows that do not resolve", "", `flows:
  - name: bad
    when: Place Order
    then:
      - Ordering.Order Shipped
      - Order History.Order History
      - { Ordering.Order Placed: { amount: x } }
      - Ordering.Order
  - name: bad
    when: Ordering.Order Placed
    then: Ordering.Order Placed
`,
			E("39:11", `flow "bad": when "Place Order" is not a command of this model; write Context.Command; did you mean "Ordering.Place Order"?`),
			E("41:9", `flow "bad": then "Ordering.Order Shipped" is not an event or read model of this model; write Context.Event or Context.Read Model`),
			E("42:9", `flow "bad": read model "Order History" needs the values of the row expected, e.g. { Order History.Order History: { orderId: ... } }`),
			E("43:44", `flow "bad": "Order Placed": amount: "x" does not fit decimal; write a decimal number such as 12.50`),
			E("44:9", `flow "bad": then "Ordering.Order" is an aggregate; a flow expects events and read-model rows`),
			E("45:5", `flow "bad" is defined twice (first at line 38:5)`),
			E("46:11", `flow "bad": when "Ordering.Order Placed" is an event, not a command`),
		),
	})
}
