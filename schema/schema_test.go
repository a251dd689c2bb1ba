package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"eventstorm/model"
	"eventstorm/samples"
)

const (
	draft07 = "http://json-schema.org/draft-07/schema#"
	id      = "https://eventstorm.dev/schema/eventstorm-1.json"
)

// compile compiles the embedded schema as draft-07, which also checks it
// against the draft-07 meta-schema.
func compile(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSON))
	if err != nil {
		t.Fatalf("eventstorm.schema.json is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	if err := c.AddResource(id, doc); err != nil {
		t.Fatalf("add schema: %v", err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		t.Fatalf("the schema does not compile as draft-07: %v", err)
	}
	if sch.DraftVersion != 7 {
		t.Fatalf("the schema compiled as draft %d, want draft-07", sch.DraftVersion)
	}
	return sch
}

// raw is the schema as plain JSON, for checks on its content.
func raw(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(JSON, &doc); err != nil {
		t.Fatalf("eventstorm.schema.json is not a JSON object: %v", err)
	}
	return doc
}

// instance converts a YAML model to the JSON value the schema validates,
// as an editor sees it: mappings become objects with string keys.
func instance(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatalf("not YAML: %v", err)
	}
	b, err := json.Marshal(jsonValue(v))
	if err != nil {
		t.Fatalf("the YAML has no JSON form: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("re-read JSON: %v", err)
	}
	return inst
}

func jsonValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = jsonValue(x)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[fmt.Sprint(k)] = jsonValue(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = jsonValue(x)
		}
		return out
	case time.Time: // an unquoted date or timestamp is text to the model
		return v.Format(time.RFC3339Nano)
	default:
		return v
	}
}

// loaderErrors are the errors the real loader and validator report.
func loaderErrors(name string, data []byte) model.Diagnostics {
	m, diags := model.Load(name, data)
	if m != nil {
		diags = append(diags, model.Validate(m)...)
	}
	return diags.Errors()
}

func TestSchemaCompilesAsDraft07(t *testing.T) {
	doc := raw(t)
	if doc["$schema"] != draft07 {
		t.Errorf("$schema = %v, want %s", doc["$schema"], draft07)
	}
	if doc["$id"] != id {
		t.Errorf("$id = %v, want %s", doc["$id"], id)
	}
	if s, _ := doc["title"].(string); s == "" {
		t.Errorf("the schema has no title")
	}
	compile(t)
}

func TestSamplesMatchSchema(t *testing.T) {
	sch := compile(t)
	all := samples.All()
	if len(all) == 0 {
		t.Fatal("no samples")
	}
	for _, s := range all {
		t.Run(s.Name, func(t *testing.T) {
			if err := sch.Validate(instance(t, s.Data)); err != nil {
				t.Errorf("sample %s does not match the schema:\n%v", s.Name, err)
			}
		})
	}
}

// TestSamplesAgreeWithValidator checks every sample against both the schema
// and the real loader and validator, so that the two cannot drift apart
// unnoticed.
func TestSamplesAgreeWithValidator(t *testing.T) {
	sch := compile(t)
	for _, s := range samples.All() {
		t.Run(s.Name, func(t *testing.T) {
			if err := sch.Validate(instance(t, s.Data)); err != nil {
				t.Errorf("schema rejects sample %s:\n%v", s.Name, err)
			}
			if errs := loaderErrors(s.Name+".yaml", s.Data); len(errs) > 0 {
				t.Errorf("model.Validate rejects sample %s:\n%v", s.Name, errs)
			}
		})
	}
}

// base is a small valid model that the cases below vary.
const base = `eventstorm: 1
system: Shop
contexts:
  - name: Ordering
    aggregates:
      - name: Order
        commands:
          - name: Place Order
            creates: true
            emits: [Order Placed]
        events:
          - name: Order Placed
`

// withAggregate is a valid model with the given aggregate body (indented
// for an aggregate's keys) after its name.
func withAggregate(body string) string {
	return `eventstorm: 1
system: Shop
contexts:
  - name: Ordering
    aggregates:
      - name: Order
` + body
}

// withContext is a valid model with the given context body (indented for
// a context's keys) after the context's name.
func withContext(body string) string {
	return `eventstorm: 1
system: Shop
contexts:
  - name: Ordering
` + body
}

// rejected are models the schema must reject; want is part of the
// schema's error, to tell that it rejects them for the reason meant.
var rejected = []struct{ name, yaml, want string }{
	{"wrong format version", strings.Replace(base, "eventstorm: 1", "eventstorm: 2", 1), "value must be 1"},
	{"format version as text", strings.Replace(base, "eventstorm: 1", `eventstorm: "1"`, 1), "value must be 1"},
	{"missing format version", strings.Replace(base, "eventstorm: 1\n", "", 1), "missing property 'eventstorm'"},
	{"unknown top-level key", base + "owner: team-a\n", "additional properties 'owner' not allowed"},
	{"missing system", strings.Replace(base, "system: Shop\n", "", 1), "missing property 'system'"},
	{"missing contexts", "eventstorm: 1\nsystem: Shop\n", "missing property 'contexts'"},
	{"no contexts", "eventstorm: 1\nsystem: Shop\ncontexts: []\n", "minItems"},
	{"contexts not a list", "eventstorm: 1\nsystem: Shop\ncontexts: { name: Ordering }\n", "want array"},
	{"module with a space", strings.Replace(base, "system: Shop", "system: Shop\nmodule: example.com/my shop", 1), "at '/module'"},
	{"module with a trailing slash", strings.Replace(base, "system: Shop", "system: Shop\nmodule: example.com/shop/", 1), "at '/module'"},
	{"null description", strings.Replace(base, "system: Shop", "system: Shop\ndescription:", 1), "at '/description': got null"},
	{"unknown key in a context", withContext("    commands: []\n"), "additional properties 'commands' not allowed"},
	{"context without name", "eventstorm: 1\nsystem: Shop\ncontexts:\n  - description: no name\n", "missing property 'name'"},
	{"blank context name", "eventstorm: 1\nsystem: Shop\ncontexts:\n  - name: \"  \"\n", "at '/contexts/0/name'"},
	{"name without Latin letter and no code", "eventstorm: 1\nsystem: Shop\ncontexts:\n  - name: 주문\n", "missing property 'code'"},
	{"code without Latin letter", "eventstorm: 1\nsystem: Shop\ncontexts:\n  - name: 주문\n    code: 주문\n", "at '/contexts/0/code'"},
	{"unknown key in a command", strings.Replace(base, "creates: true", "creates: true\n            priority: high", 1), "additional properties 'priority' not allowed"},
	{"command without emits", strings.Replace(base, "            emits: [Order Placed]\n", "", 1), "missing property 'emits'"},
	{"command emits nothing", strings.Replace(base, "emits: [Order Placed]", "emits: []", 1), "minItems"},
	{"command emits null", strings.Replace(base, "emits: [Order Placed]", "emits:", 1), "at '/contexts/0/aggregates/0/commands/0/emits': got null"},
	{`creates: "yes"`, strings.Replace(base, "creates: true", `creates: "yes"`, 1), "at '/contexts/0/aggregates/0/commands/0/creates': got string, want boolean"},
	{"creates: yes (YAML 1.2 text)", strings.Replace(base, "creates: true", "creates: yes", 1), "at '/contexts/0/aggregates/0/commands/0/creates': got string, want boolean"},
	{"blank rule", strings.Replace(base, "creates: true", "creates: true\n            rules: [\" \"]", 1), "at '/contexts/0/aggregates/0/commands/0/rules/0'"},
	{"idType other than uuid or string", withAggregate("        idType: int\n        commands: []\n"), "at '/contexts/0/aggregates/0/idType'"},
	{"idType in upper case", withAggregate("        idType: UUID\n"), "at '/contexts/0/aggregates/0/idType'"},
	{"store other than state or events", withAggregate("        store: rows\n"), "at '/contexts/0/aggregates/0/store'"},
	{"event version zero", strings.Replace(base, "- name: Order Placed\n", "- name: Order Placed\n            version: 0\n", 1), "at '/contexts/0/aggregates/0/events/0/version'"},
	{"event version as text", strings.Replace(base, "- name: Order Placed\n", "- name: Order Placed\n            version: v2\n", 1), "at '/contexts/0/aggregates/0/events/0/version'"},
	{"event version not whole", strings.Replace(base, "- name: Order Placed\n", "- name: Order Placed\n            version: 1.5\n", 1), "at '/contexts/0/aggregates/0/events/0/version'"},
	{"earlier version without number", strings.Replace(base, "- name: Order Placed\n", "- name: Order Placed\n            version: 2\n            earlier: [{ fields: { amount: decimal } }]\n", 1), "missing property 'version'"},
	{"unknown key in an earlier version", strings.Replace(base, "- name: Order Placed\n", "- name: Order Placed\n            version: 2\n            earlier: [{ version: 1, field: {} }]\n", 1), "additional properties 'field' not allowed"},
	{"earlier not a list", strings.Replace(base, "- name: Order Placed\n", "- name: Order Placed\n            version: 2\n            earlier: { version: 1 }\n", 1), "at '/contexts/0/aggregates/0/events/0/earlier'"},
	{"unknown key in an aggregate", withAggregate("        state: { total: int }\n"), "additional properties 'state' not allowed"},
	{"field type given as a list", withAggregate("        fields: { tags: [string] }\n"), "got array, want string"},
	{"field type given as a mapping", withAggregate("        fields:\n          address: { street: string }\n"), "got object, want string"},
	{"field type null", withAggregate("        fields: { total: }\n"), "got null, want string"},
	{"field type a number", withAggregate("        fields: { total: 5 }\n"), "got number, want string"},
	{"field type empty", withAggregate("        fields: { total: \"\" }\n"), "at '/contexts/0/aggregates/0/fields/total'"},
	{"field type with a bracket", withAggregate("        fields: { tags: \"[string]\" }\n"), "at '/contexts/0/aggregates/0/fields/tags'"},
	{"field type with a stray ?", withAggregate("        fields: { note: \"string ? x\" }\n"), "at '/contexts/0/aggregates/0/fields/note'"},
	{"field type optional twice", withAggregate("        fields: { note: \"string??\" }\n"), "at '/contexts/0/aggregates/0/fields/note'"},
	{"field name without Latin letter", withAggregate("        fields: { 번호: string }\n"), "invalid propertyName '번호'"},
	{"fields null", withAggregate("        fields:\n"), "at '/contexts/0/aggregates/0/fields': got null, want object"},
	{"type with both enum and fields", withContext("    types:\n      - name: Status\n        enum: [open]\n        fields: { code: string }\n"), "subschemas 0, 1 matched"},
	{"type with neither enum nor fields", withContext("    types:\n      - name: Status\n"), "none matched"},
	{"enum without values", withContext("    types:\n      - name: Status\n        enum: []\n"), "minItems"},
	{"enum value without Latin letter", withContext("    types:\n      - name: Status\n        enum: [열림]\n"), "at '/contexts/0/types/0/enum/0'"},
	{"unknown key in an event", strings.Replace(base, "- name: Order Placed\n", "- name: Order Placed\n            revision: 2\n", 1), "additional properties 'revision' not allowed"},
	{"scenario without when", withAggregate(`        commands:
          - name: Place Order
            creates: true
            emits: [Order Placed]
        events:
          - name: Order Placed
        scenarios:
          - name: placing
            then: [Order Placed]
`), "missing property 'when'"},
	{"scenario then: [rejected]", withAggregate(`        commands:
          - name: Place Order
            creates: true
            emits: [Order Placed]
        events:
          - name: Order Placed
        scenarios:
          - name: placing
            when: Place Order
            then: [rejected]
`), "'not' failed"},
	{"scenario then: []", withAggregate(`        commands:
          - name: Place Order
            creates: true
            emits: [Order Placed]
        events:
          - name: Order Placed
        scenarios:
          - name: placing
            when: Place Order
            then: []
`), "minItems"},
	{"unknown key in a scenario", withAggregate(`        commands:
          - name: Place Order
            creates: true
            emits: [Order Placed]
        events:
          - name: Order Placed
        scenarios:
          - name: placing
            when: Place Order
            then: [Order Placed]
            expect: [Order Placed]
`), "additional properties 'expect' not allowed"},
	{"policy without then", base + "    policies:\n      - name: P\n        when: Order Placed\n", "missing property 'then'"},
	{"read model without from", base + "    readModels:\n      - name: Orders\n        key: orderId\n", "missing property 'from'"},
	{"read model with empty from", base + "    readModels:\n      - name: Orders\n        from: []\n", "minItems"},
	{"read model with null from", base + "    readModels:\n      - name: Orders\n        from:\n", "at '/contexts/0/readModels/0/from': got null, want array"},
	{"from entry without event", base + "    readModels:\n      - name: Orders\n        from:\n          - set: { status: placed }\n", "missing property 'event'"},
	{"from entry with unknown key", base + "    readModels:\n      - name: Orders\n        from:\n          - event: Order Placed\n            where: x\n", "additional properties 'where' not allowed"},
	{`delete: "yes"`, base + "    readModels:\n      - name: Orders\n        from:\n          - event: Order Placed\n            delete: \"yes\"\n", "at '/contexts/0/readModels/0/from/0/delete': got string, want boolean"},
	{"set value is a list", base + "    readModels:\n      - name: Orders\n        fields: { tags: list of string }\n        from:\n          - event: Order Placed\n            set: { tags: [a] }\n", "at '/contexts/0/readModels/0/from/0/set/tags': got array"},
	{"hotspot mapping without text", base + "    hotspots:\n      - on: Place Order\n", "missing property 'text'"},
	{"blank hotspot", base + "    hotspots:\n      - \" \"\n", "at '/contexts/0/hotspots/0'"},
	{"call without Latin letter", base + "    externalSystems:\n      - name: Bank\n        calls: [송금]\n", "at '/contexts/0/externalSystems/0/calls/0'"},
	{"unknown relationship pattern", base + "relationships:\n  - upstream: Ordering\n    downstream: Ordering\n    pattern: partners\n", "at '/relationships/0/pattern': value must be one of"},
	{"relationship without downstream", base + "relationships:\n  - upstream: Ordering\n", "missing property 'downstream'"},
	{"flow without then", base + "flows:\n  - name: f\n    when: Ordering.Place Order\n", "missing property 'then'"},
	{"flow step of two keys", base + "flows:\n  - name: f\n    when: { Ordering.Place Order: {}, Ordering.Cancel Order: {} }\n    then: Ordering.Order Placed\n", "at '/flows/0/when'"},
	{"unknown key in a relationship", base + "relationships:\n  - upstream: Ordering\n    downstream: Ordering\n    kind: conformist\n", "additional properties 'kind' not allowed"},
}

// TestSchemaRejects checks models that the schema must reject; each is also
// rejected by the real loader and validator, so the case is a real error.
func TestSchemaRejects(t *testing.T) {
	sch := compile(t)
	for _, c := range rejected {
		t.Run(c.name, func(t *testing.T) {
			err := sch.Validate(instance(t, []byte(c.yaml)))
			if err == nil {
				t.Errorf("the schema accepts:\n%s", c.yaml)
			} else if !strings.Contains(err.Error(), c.want) {
				t.Errorf("the schema rejects the case, but not with %q:\n%v", c.want, err)
			}
			if len(loaderErrors("case.yaml", []byte(c.yaml))) == 0 {
				t.Errorf("model.Validate accepts the case, so the schema should too:\n%s", c.yaml)
			}
		})
	}
}

// stricter are models the loader accepts today although format 1 does not
// mean them: the schema rejects them, so that an editor flags them.
var stricter = []struct{ name, yaml, want string }{
	{"blank system", strings.Replace(base, "system: Shop", `system: ""`, 1), "at '/system'"},
	{"blank relationship pattern", base + "  - name: Billing\nrelationships:\n  - upstream: Ordering\n    downstream: Billing\n    pattern: \"\"\n", "at '/relationships/0/pattern'"},
}

func TestSchemaStricterThanLoader(t *testing.T) {
	sch := compile(t)
	for _, c := range stricter {
		t.Run(c.name, func(t *testing.T) {
			err := sch.Validate(instance(t, []byte(c.yaml)))
			if err == nil {
				t.Errorf("the schema accepts:\n%s", c.yaml)
			} else if !strings.Contains(err.Error(), c.want) {
				t.Errorf("the schema rejects the case, but not with %q:\n%v", c.want, err)
			}
			if errs := loaderErrors("case.yaml", []byte(c.yaml)); len(errs) > 0 {
				t.Logf("the loader now rejects this case too; move it to the rejected table:\n%v", errs)
			}
		})
	}
}

// kitchenSink uses every key of format 1, and the short forms the loader
// accepts.
const kitchenSink = `eventstorm: 1
system: Shop
code: Shop
module: example.com/shop
description: Every key of format 1.
contexts:
  - name: Ordering
    code: Ordering
    source: { board: miro, id: "3458764517517819000" }
    description: Takes and tracks customer orders.
    types:
      - name: Order Status
        code: OrderStatus
        source: { board: excalidraw, id: t1 }
        description: Where an order is.
        enum: [placed, cancelled, 2nd try]
      - name: Address
        fields: { street: string, city: string }
      - name: Priority
        enum: high
    aggregates:
      - name: Order
        code: Order
        source: { board: drawio, id: 42 }
        description: A customer's order.
        id: orderId
        idType: uuid
        store: state
        fields:
          customerId: string
          amount: decimal
          status: Order Status
          shipTo: optional Address
          tags: string[]
          notes: list of optional string
          placedAt: time?
          dueOn: date
          weight: float
          count: int
          gift: bool
          ref: uuid
        commands:
          - name: Place Order
            code: PlaceOrder
            source: { board: miro, id: "1" }
            description: Places an order.
            actor: Customer
            creates: true
            fields: { customerId: string, amount: decimal, shipTo: "Address?", tags: "string[]" }
            emits: [Order Placed]
            rules:
              - amount must be positive
            uses: [Payment Gateway]
          - name: Cancel Order
            actor: 42
            creates: false
            fields: { reason: string }
            emits: Order Cancelled
            rules: a cancelled order cannot be cancelled again
            uses: Payment Gateway
          - name: Touch Order
            emits: [Order Touched]
            rules:
            uses:
        events:
          - name: Order Placed
            code: OrderPlaced
            source: { board: miro, id: "2" }
            description: An order was placed.
            version: 3
            fields: { customerId: string, amount: decimal, shipTo: optional Address }
            earlier:
              - version: 2
                fields: { customerId: string, amount: decimal }
              - { version: 1 }
          - name: Order Cancelled
            fields: { reason: string }
          - name: Order Touched
        scenarios:
          - name: an order can be placed
            when: Place Order
            then: Order Placed
          - name: a placed order can be cancelled
            description: The happy path.
            given: [Order Placed]
            when: Cancel Order
            then: [Order Cancelled]
          - name: a cancelled order cannot be cancelled again
            given: [Order Placed, Order Cancelled]
            when: Cancel Order
            then: rejected
          - name: touching needs nothing
            given:
            when: Touch Order
            then: [Order Touched]
          - name: a placed order with data
            given: [ { Order Placed: { amount: "5", shipTo: { street: s, city: c } } }, Order Cancelled ]
            when: { Cancel Order: { reason: changed my mind } }
            then: { rejected: a cancelled order cannot be cancelled again }
          - name: an order placed with data
            when: { Place Order: }
            then: [ { Order Placed: { customerId: c1, shipTo: null } } ]
    policies:
      - name: Cancel order when payment fails
        code: CancelOnPaymentFailure
        source: { board: miro, id: "3" }
        description: No payment, no order.
        when: Payments.Payment Failed
        then: Cancel Order
        target: orderId
    readModels:
      - name: Open Orders
        code: OpenOrders
        source: { board: miro, id: "4" }
        description: Orders not yet cancelled.
        key: orderId
        fields: { orderId: uuid, amount: decimal, status: optional string, note: optional string }
        from:
          - Order Placed
          - event: Order Cancelled
            set: { status: cancelled, note: null }
          - event: Order Touched
            delete: true
    externalSystems:
      - name: Payment Gateway
        code: PaymentGateway
        source: { board: miro, id: "5" }
        description: The card processor.
        calls: [Charge Card, Refund Payment]
      - name: Mailer
        calls: Send Mail
      - name: Ledger
        calls:
    hotspots:
      - What about refunds?
      - text: What happens when a customer cancels after shipping?
        on: Cancel Order
        source: { board: miro, id: "6" }
  - name: Payments
    aggregates:
      - name: Payment
        idType: string
        store: events
        commands:
          - name: Charge
            creates: true
            fields: { orderId: uuid }
            emits: [Payment Failed]
        events:
          - name: Payment Failed
            fields: { orderId: uuid }
  - name: 주문 이력
    code: OrderHistory
    types:
    aggregates:
    policies:
    readModels:
    externalSystems:
    hotspots:
relationships:
  - upstream: Payments
    downstream: Ordering
    pattern: customer-supplier
    description: Ordering reacts to payment outcomes.
flows:
  - name: a placed order is open
    description: Across the service's own Kafka hop.
    when: { Ordering.Place Order: { customerId: c1, amount: "12.50", tags: [gift] } }
    then:
      - Ordering.Order Placed
      - { Ordering.Open Orders: { amount: "12.50" } }
  - name: a second flow
    when: { Ordering.Place Order: { customerId: c1, amount: "1", tags: [] } }
    then: { Ordering.Order Placed: { customerId: c1 } }
`

var accepted = []struct{ name, yaml string }{
	{"base", base},
	{"every key", kitchenSink},
	{"empty lists", "eventstorm: 1\nsystem: Shop\ncontexts:\n  - name: Ordering\n    aggregates: []\nrelationships:\n"},
	{"empty module", strings.Replace(base, "system: Shop", "system: Shop\nmodule: \"\"", 1)},
	{"numbers as text", withContext("    description: 404\n    types:\n      - name: Level\n        enum: [1, 2, 3]\n")},
	{"name of digits only", base + "  - name: 2026\n"},
	{"accented name", base + "  - name: Café\n"},
	{"Hangul name with code", base + "  - name: 주문 이력\n    code: OrderHistory\n"},
	{"module with spaces around", strings.Replace(base, "system: Shop", "system: Shop\nmodule: \" example.com/shop \"", 1)},
	{"quoted shorthands in a flow mapping", withAggregate("        fields: { tags: \"string[]\", due: \"date?\", notes: \"optional string[]\" }\n")},
	{"unquoted shorthands in block style", withAggregate("        fields:\n          tags: string[]\n          due: date?\n          codes: list of string?\n")},
	{"every pattern", func() string {
		s := base + "  - name: Billing\nrelationships:\n"
		for _, p := range model.Patterns {
			s += "  - upstream: Ordering\n    downstream: Billing\n    pattern: " + p + "\n"
		}
		return s
	}()},
}

// TestSchemaAccepts checks models that the schema must accept; each is also
// accepted by the real loader and validator (warnings aside).
func TestSchemaAccepts(t *testing.T) {
	sch := compile(t)
	for _, c := range accepted {
		t.Run(c.name, func(t *testing.T) {
			if err := sch.Validate(instance(t, []byte(c.yaml))); err != nil {
				t.Errorf("the schema rejects:\n%s\n%v", c.yaml, err)
			}
			if errs := loaderErrors("case.yaml", []byte(c.yaml)); len(errs) > 0 {
				t.Errorf("model.Validate rejects the case, so the schema should too:\n%v", errs)
			}
		})
	}
}

// TestKitchenSinkUsesEveryKey checks that the kitchen-sink model above uses
// every property the schema declares, so that TestSchemaAccepts proves the
// loader accepts each of them.
func TestKitchenSinkUsesEveryKey(t *testing.T) {
	var doc any
	if err := yaml.Unmarshal([]byte(kitchenSink), &doc); err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				used[k] = true
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	var declared []string
	var collect func(where string, v any)
	collect = func(where string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if props, ok := v["properties"].(map[string]any); ok && v["additionalProperties"] == false {
				for k := range props {
					declared = append(declared, where+"."+k)
				}
			}
			for k, x := range v {
				if k != "properties" {
					collect(where+"/"+k, x)
				} else {
					for pk, px := range x.(map[string]any) {
						collect(where+"/"+pk, px)
					}
				}
			}
		case []any:
			for _, x := range v {
				collect(where, x)
			}
		}
	}
	collect("#", raw(t))
	sort.Strings(declared)
	if len(declared) < 50 {
		t.Fatalf("found only %d declared properties; is the schema's structure as expected?", len(declared))
	}
	for _, d := range declared {
		key := d[strings.LastIndex(d, ".")+1:]
		if !used[key] {
			t.Errorf("the kitchen-sink model does not use %s", d)
		}
	}
}

// TestSchemaMatchesModelLists keeps the schema's enums in step with the
// model package.
func TestSchemaMatchesModelLists(t *testing.T) {
	defs := raw(t)["definitions"].(map[string]any)
	strs := func(v any) []string {
		var out []string
		for _, x := range v.([]any) {
			out = append(out, x.(string))
		}
		return out
	}
	prop := func(def, name string) map[string]any {
		return defs[def].(map[string]any)["properties"].(map[string]any)[name].(map[string]any)
	}
	patterns := strs(prop("relationship", "pattern")["enum"])
	want := slices.Clone(model.Patterns)
	sort.Strings(patterns)
	sort.Strings(want)
	if !slices.Equal(patterns, want) {
		t.Errorf("relationship patterns: schema %v, model %v", patterns, want)
	}
	if got := strs(prop("aggregate", "idType")["enum"]); !slices.Equal(got, []string{model.UUID, model.String}) {
		t.Errorf("idType: schema %v, model [%s %s]", got, model.UUID, model.String)
	}
	ft := defs["fieldType"].(map[string]any)
	examples := strs(ft["examples"])
	desc := ft["description"].(string)
	for _, sc := range model.Scalars {
		if !slices.Contains(examples, sc) {
			t.Errorf("fieldType examples lack the scalar %s", sc)
		}
		if !strings.Contains(desc, sc) {
			t.Errorf("fieldType description does not mention the scalar %s", sc)
		}
	}
	for _, ex := range examples {
		if _, err := model.ParseType(ex); err != nil {
			t.Errorf("fieldType example %q is not a type: %v", ex, err)
		}
	}
}

// TestFieldTypePattern compares the field-type pattern with
// model.ParseType on every string made of up to five pieces of the type
// grammar: the pattern accepts every type ParseType accepts, and rejects
// what it rejects, except where a regular expression without look-ahead
// cannot tell cheaply: a keyword with no type after it (`list`, `list of`,
// `optional`) and `optional` written twice. The loader reports those with a
// clear message.
func TestFieldTypePattern(t *testing.T) {
	ft := raw(t)["definitions"].(map[string]any)["fieldType"].(map[string]any)
	re, err := regexp.Compile(ft["pattern"].(string))
	if err != nil {
		t.Fatalf("fieldType pattern: %v", err)
	}
	pieces := []string{"list of ", "OPTIONAL\u00a0", "list", "of", "optional", "x", " ", "\u3000", "?", "[]", "[", "}"}
	var strs []string
	var build func(prefix string, n int)
	build = func(prefix string, n int) {
		strs = append(strs, prefix)
		if n == 0 {
			return
		}
		for _, p := range pieces {
			build(prefix+p, n-1)
		}
	}
	build("", 5)
	var tooLoose int
	for _, s := range strs {
		_, perr := model.ParseType(s)
		match := re.MatchString(s)
		switch {
		case perr == nil && !match:
			t.Errorf("the pattern rejects the type %q", s)
		case perr != nil && match:
			msg := perr.Error()
			if !strings.Contains(msg, " needs ") && !strings.Contains(msg, " twice") {
				t.Errorf("the pattern accepts %q, which is not a type: %v", s, perr)
			}
			tooLoose++
		}
	}
	t.Logf("%d strings compared; the pattern is looser than ParseType on %d", len(strs), tooLoose)
	for _, s := range []string{"", " ", "\u00a0", "[string]", "string[", "string]", "string[ ]", "{ street: string }", "?", "[]", "a?b", "string??", "x ?? ", "time?\u3000?"} {
		if re.MatchString(s) {
			t.Errorf("the pattern accepts %q", s)
		}
	}
}
