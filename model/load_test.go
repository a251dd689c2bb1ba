package model

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadErrors(t *testing.T) {
	runCases(t, []tcase{
		{name: "empty file", yaml: "", want: []want{
			E("1:1", "the file is empty; a model starts with `eventstorm: 1` (run `eventstorm init` for an example)"), // ""
		}},
		{name: "only blanks", yaml: "\n  \n\t\n", want: []want{
			E("1:1", "the file is empty; a model starts with `eventstorm: 1` (run `eventstorm init` for an example)"), // ""
		}},
		{name: "only comments", yaml: "# a board\n# to come\n", want: []want{
			E("1:1", "the file holds only comments; a model starts with `eventstorm: 1` (run `eventstorm init` for an example)"), // "# a board"
		}},
		{name: "only a document marker", yaml: "---\n", want: []want{
			E("1:1", "the file is empty; a model starts with `eventstorm: 1` (run `eventstorm init` for an example)"), // "---"
		}},
		{name: "not a mapping", yaml: "- eventstorm: 1\n", want: []want{
			E("1:1", "the model must be a mapping (`key: value` lines), not a list"), // "- eventstorm: 1"
		}},
		{name: "a scalar", yaml: "hello\n", want: []want{
			E("1:1", "the model must be a mapping (`key: value` lines), not \"hello\""), // "hello"
		}},
		{name: "missing eventstorm", yaml: "system: Shop\ncontexts:\n  - name: Ordering\n", want: []want{
			E("1:1", "missing `eventstorm: 1` (the model format version) at the top of the file"),    // "system: Shop"
			W("3:5", "context \"Ordering\" is empty; it will generate a service with nothing in it"), // "name: Ordering"
		}},
		{name: "unsupported eventstorm 2", yaml: "eventstorm: 2\nsystem: Shop\ncontexts:\n  - name: Ordering\n", want: []want{
			E("1:13", "unsupported model format \"2\"; this eventstorm reads `eventstorm: 1`"),       // "2"
			W("4:5", "context \"Ordering\" is empty; it will generate a service with nothing in it"), // "name: Ordering"
		}},
		{name: "eventstorm quoted", yaml: "eventstorm: \"1\"\nsystem: Shop\ncontexts:\n  - name: Ordering\n", want: []want{
			E("1:13", "unsupported model format \"1\"; this eventstorm reads `eventstorm: 1`"),       // "\"1\""
			W("4:5", "context \"Ordering\" is empty; it will generate a service with nothing in it"), // "name: Ordering"
		}},
		{name: "eventstorm 1.0", yaml: "eventstorm: 1.0\nsystem: Shop\ncontexts:\n  - name: Ordering\n", want: []want{
			E("1:13", "unsupported model format \"1.0\"; this eventstorm reads `eventstorm: 1`"),     // "1.0"
			W("4:5", "context \"Ordering\" is empty; it will generate a service with nothing in it"), // "name: Ordering"
		}},
		{name: "missing system", yaml: "eventstorm: 1\ncontexts:\n  - name: Ordering\n", want: []want{
			E("1:1", "missing `system:`, the name of the system, e.g. `system: Shop`"),               // "eventstorm: 1"
			W("3:5", "context \"Ordering\" is empty; it will generate a service with nothing in it"), // "name: Ordering"
		}},
		{name: "empty system", yaml: "eventstorm: 1\nsystem:\ncontexts:\n  - name: Ordering\n", want: []want{
			E("2:8", "system is empty; write the system's name, e.g. `system: Shop`"),                // ""
			W("4:5", "context \"Ordering\" is empty; it will generate a service with nothing in it"), // "name: Ordering"
		}},
		{name: "missing contexts", yaml: "eventstorm: 1\nsystem: Shop\n", want: []want{
			E("1:1", "the model has no contexts; add at least one bounded context under `contexts:`"), // "eventstorm: 1"
		}},
		{name: "empty contexts", yaml: "eventstorm: 1\nsystem: Shop\ncontexts: []\n", want: []want{
			E("1:1", "the model has no contexts; add at least one bounded context under `contexts:`"), // "eventstorm: 1"
		}},
		{name: "null contexts", yaml: "eventstorm: 1\nsystem: Shop\ncontexts:\n", want: []want{
			E("1:1", "the model has no contexts; add at least one bounded context under `contexts:`"), // "eventstorm: 1"
		}},
		{name: "unknown top-level key with suggestion", yaml: "eventstorm: 1\nsystem: Shop\ncontxts:\n  - name: Ordering\n", want: []want{
			E("1:1", "the model has no contexts; add at least one bounded context under `contexts:`"), // "eventstorm: 1"
			E("3:1", "unknown key \"contxts\" in the model; did you mean \"contexts\"?"),              // "contxts:"
		}},
		{name: "unknown top-level key", yaml: "eventstorm: 1\nsystem: Shop\nowner: Sales\ncontexts:\n  - name: Ordering\n", want: []want{
			E("3:1", "unknown key \"owner\" in the model"),                                           // "owner: Sales"
			W("5:5", "context \"Ordering\" is empty; it will generate a service with nothing in it"), // "name: Ordering"
		}},
		{name: "wrong case key", yaml: ordering("readmodels: []"), want: []want{
			E("13:5", "unknown key \"readmodels\" in a context; did you mean \"readModels\"?"), // "readmodels: []"
		}},
		{name: "unknown key in a context", yaml: doc("- name: Ordering\n  aggregate:\n    - name: Order\n"), want: []want{
			W("4:5", "context \"Ordering\" is empty; it will generate a service with nothing in it"), // "name: Ordering"
			E("5:5", "unknown key \"aggregate\" in a context; did you mean \"aggregates\"?"),         // "aggregate:"
		}},
		{name: "unknown key in a command", yaml: orderingWith(`
			- name: Order
			  commands:
			    - name: Place Order
			      creates: true
			      emit: [Order Placed]
			  events:
			    - name: Order Placed
			`, ""), want: []want{
			E("8:13", "command \"Place Order\" has no `emits:`; list the events it records, e.g. emits: [Order Placed]"), // "name: Place Order"
			E("10:13", "unknown key \"emit\" in a command; did you mean \"emits\"?"),                                     // "emit: [Order Placed]"
			W("12:13", "event \"Order Placed\" is not emitted by any command; add it to a command's `emits:`"),           // "name: Order Placed"
		}},
		{name: "duplicate top-level key", yaml: "eventstorm: 1\nsystem: Shop\nsystem: Store\ncontexts:\n  - name: Ordering\n", want: []want{
			E("3:1", "\"system\" is given twice in the model (first at line 2:1)"),                   // "system: Store"
			W("5:5", "context \"Ordering\" is empty; it will generate a service with nothing in it"), // "name: Ordering"
		}},
		{name: "duplicate field", yaml: orderingWith(`
			- name: Order
			  fields: { amount: decimal, amount: int }
			  commands:
			    - name: Place Order
			      creates: true
			      emits: [Order Placed]
			  events:
			    - { name: Order Placed, fields: { amount: decimal } }
			`, ""), want: []want{
			E("7:36", "\"amount\" is given twice in fields of Order (first at line 7:19)"), // "amount: int }"
		}},
		{name: "contexts not a list", yaml: "eventstorm: 1\nsystem: Shop\ncontexts: Ordering\n", want: []want{
			E("3:11", "contexts must be a list (`- item` lines or [a, b]), not \"Ordering\""), // "Ordering"
		}},
		{name: "context not a mapping", yaml: doc("- Ordering\n"), want: []want{
			E("4:5", "a context must be a mapping (`key: value` lines), not \"Ordering\""), // "Ordering"
		}},
		{name: "context name a list", yaml: doc("- name: [Ordering]\n"), want: []want{
			E("4:11", "a context name must be text, not a list"), // "[Ordering]"
		}},
		{name: "context without name", yaml: doc("- description: Takes orders\n"), want: []want{
			E("4:5", "a context has no `name:`"), // "description: Takes orders"
		}},
		{name: "blank name", yaml: doc("- name: \"  \"\n"), want: []want{
			E("4:11", "a context name is blank"), // "\"  \""
		}},
		{name: "aggregates a mapping", yaml: doc("- name: Ordering\n  aggregates: { name: Order }\n"), want: []want{
			W("4:5", "context \"Ordering\" is empty; it will generate a service with nothing in it"), // "name: Ordering"
			E("5:17", "aggregates must be a list (`- item` lines or [a, b]), not a mapping"),         // "{ name: Order }"
		}},
		{name: "creates not a bool", yaml: orderingWith(`
			- name: Order
			  commands:
			    - name: Place Order
			      creates: yes
			      emits: [Order Placed]
			  events:
			    - name: Order Placed
			`, ""), want: []want{
			E("9:22", "creates must be true or false, not \"yes\""), // "yes"
		}},
		{name: "fields a list", yaml: orderingWith(`
			- name: Order
			  fields: [amount, customer]
			  commands:
			    - name: Place Order
			      creates: true
			      emits: [Order Placed]
			  events:
			    - name: Order Placed
			`, ""), want: []want{
			E("7:17", "fields of Order must be a mapping (`key: value` lines), not a list"), // "[amount, customer]"
		}},
		{name: "field types", yaml: orderingWith(`
			- name: Order
			  fields:
			    a: [string]
			    b:
			    c: ""
			    d: list
			    e: optional optional string
			    f: string??
			    g: { x: int }
			    h: optional
			    i: list of
			  commands:
			    - name: Place Order
			      creates: true
			      emits: [Order Placed]
			  events:
			    - name: Order Placed
			`, ""), want: []want{
			E("8:14", "field \"a\": [string] is a YAML list, not a type; write list of string"),                                                                                          // "[string]"
			E("9:13", "field \"b\" of Order needs a type (e.g. b: string), not nothing"),                                                                                                 // ""
			E("10:14", "field \"c\": the type is empty; write one of string, int, float, decimal, bool, time, date, uuid, `list of T`, `optional T` or a name from the context's types"), // "\"\""
			E("11:14", "field \"d\": `list` needs an element type, e.g. `list of string`"),                                                                                               // "list"
			E("12:14", "field \"e\": `optional` is written twice; one is enough"),                                                                                                        // "optional optional string"
			E("13:14", "field \"f\": `optional` is written twice; one is enough"),                                                                                                        // "string??"
			E("14:14", "field \"g\" of Order needs a type (e.g. g: string), not a mapping"),                                                                                              // "{ x: int }"
			E("15:14", "field \"h\": `optional` needs a type, e.g. `optional string`"),                                                                                                   // "optional"
			E("16:14", "field \"i\": `list` needs an element type, e.g. `list of string`"),                                                                                               // "list of"
		}},
		{name: "idType", yaml: orderingWith(`
			- name: Order
			  idType: int
			  commands:
			    - name: Place Order
			      creates: true
			      emits: [Order Placed]
			  events:
			    - name: Order Placed
			`, ""), want: []want{
			E("7:17", "idType must be uuid or string, not \"int\""), // "int"
		}},
		{name: "command without emits", yaml: orderingWith(`
			- name: Order
			  commands:
			    - name: Place Order
			      creates: true
			    - name: Cancel Order
			      emits: []
			  events:
			    - name: Order Placed
			`, ""), want: []want{
			E("8:13", "command \"Place Order\" has no `emits:`; list the events it records, e.g. emits: [Order Placed]"), // "name: Place Order"
			E("11:20", "command \"Cancel Order\" emits nothing; list at least one event of its aggregate"),               // "[]"
			W("13:13", "event \"Order Placed\" is not emitted by any command; add it to a command's `emits:`"),           // "name: Order Placed"
		}},
		{name: "type both enum and fields", yaml: ordering(`
			types:
			  - name: Status
			    enum: [a, b]
			    fields: { a: string }
			  - name: Nothing
			  - name: Empty
			    enum: []
			`), want: []want{
			E("14:9", "type \"Status\" has both `enum` and `fields`; a type is either an enum or a value object"), // "name: Status"
			E("17:9", "type \"Nothing\" needs `enum: [values]` (an enum) or `fields: {...}` (a value object)"),    // "name: Nothing"
			E("18:9", "enum \"Empty\" has no values"),                                                             // "name: Empty"
		}},
		{name: "scenario without when and then", yaml: orderingWith(`
			- name: Order
			  commands:
			    - name: Place Order
			      creates: true
			      emits: [Order Placed]
			  events:
			    - name: Order Placed
			  scenarios:
			    - name: nothing happens
			      given: [Order Placed]
			    - when: Place Order
			      then: [Order Placed]
			`, ""), want: []want{
			E("14:13", "scenario \"nothing happens\" has no `then:` (the events expected, or `rejected`)"), // "name: nothing happens"
			E("14:13", "scenario \"nothing happens\" has no `when:` (the command tried)"),                  // "name: nothing happens"
			E("16:13", "a scenario has no `name:`"),                                                        // "when: Place Order"
		}},
		{name: "policy without when and then", yaml: ordering(`
			policies:
			  - name: Do something
			`), want: []want{
			E("14:9", "policy \"Do something\" has no `then:` (the command it issues)"),  // "name: Do something"
			E("14:9", "policy \"Do something\" has no `when:` (the event it reacts to)"), // "name: Do something"
		}},
		{name: "read model without from", yaml: ordering(`
			readModels:
			  - name: Orders
			    fields: { orderId: uuid }
			  - name: Order List
			    from: []
			`), want: []want{
			E("14:9", "read model \"Orders\" has no `from:`; list the events that feed it, e.g. from: [Order Placed]"),                    // "name: Orders"
			E("16:9", "read model \"Order List\" lists no events under `from:`; list the events that feed it, e.g. from: [Order Placed]"), // "name: Order List"
		}},
		{name: "hotspot and relationship without their keys", yaml: ordering(`
			hotspots:
			  - on: Order
			`) + "relationships:\n  - pattern: conformist\n", want: []want{
			E("14:9", "a hotspot has no `text:`; write the question or problem noted, or remove it"), // "on: Order"
			E("16:5", "a relationship has no `downstream:` context"),                                 // "pattern: conformist"
			E("16:5", "a relationship has no `upstream:` context"),                                   // "pattern: conformist"
		}},
		{name: "merge key", yaml: "base: &base { name: Ordering }\neventstorm: 1\nsystem: Shop\ncontexts:\n  - <<: *base\n", want: []want{
			E("1:1", "unknown key \"base\" in the model"),                                            // "base: &base { name: Ordering }"
			W("5:5", "context \"Ordering\" is empty; it will generate a service with nothing in it"), // "<<: *base"
		}},
		{name: "YAML syntax error", yaml: "eventstorm: 1\nsystem: Shop\ncontexts:\n  - name: Ordering\n   aggregates: []\n", want: []want{
			E("5:4", "YAML syntax: did not find expected '-' indicator; this line is not indented like the items of the list that starts at line 4:3; each item starts with `- ` in the same column"), // "aggregates: []"
		}},
		{name: "YAML syntax error below the start of a list", yaml: doc(`
			- name: Ordering
			  aggregates:
			    - name: Order
			      fields: { amount: decimal }
			      commands:
			        - name: Place Order
			          creates: true
			          fields: { amount: decimal }
			         emits: [Order Placed]
			      events:
			        - name: Order Placed
			`), want: []want{
			E("12:12", "YAML syntax: did not find expected '-' indicator; this line is not indented like the items of the list that starts at line 9:11; each item starts with `- ` in the same column"), // "emits: [Order Placed]"
		}},
		{name: "YAML syntax error below the start of a mapping", yaml: doc(`
			- name: Ordering
			  aggregates:
			    - name: Order
			      commands:
			        - name: Place Order
			          fields: { amount: decimal }
			            emits: [Order Placed]
			      events:
			        - name: Order Placed
			`), want: []want{
			E("10:15", "YAML syntax: did not find expected key; this line is not indented like the keys of the mapping that starts at line 8:11"), // "emits: [Order Placed]"
		}},
		{name: "YAML syntax error in a multi-line flow list", yaml: "eventstorm: 1\nsystem: Shop\ncontexts: [ { name: Ordering },\n  { name: Billing }\n  { name: Shipping } ]\n", want: []want{
			E("3:1", "YAML syntax: did not find expected ',' or ']'; the [ ] list that starts here is not closed with ], or two of its items have no comma between them"), // "contexts: [ { name: Ordering },"
		}},
		{name: "unclosed flow", yaml: "eventstorm: 1\nsystem: Shop\ncontexts: [ { name: Ordering }\n", want: []want{
			E("3:1", "YAML syntax: did not find expected ',' or ']'; the [ ] list that starts here is not closed with ], or two of its items have no comma between them"), // "contexts: [ { name: Ordering }"
		}},
		{name: "tab indentation", yaml: "eventstorm: 1\nsystem: Shop\ncontexts:\n\t- name: Ordering\n", want: []want{
			E("4:1", "YAML syntax: found character that cannot start any token; indent with spaces, YAML does not allow tabs for indentation"), // "\t- name: Ordering"
		}},
		{name: "unquoted list shorthand in flow mapping", yaml: orderingWith(`
			- name: Order
			  fields: { tags: string[], note: string }
			  commands:
			    - name: Place Order
			      creates: true
			      emits: [Order Placed]
			  events:
			    - name: Order Placed
			`, ""), want: []want{
			E("7:25", "type string[] is unquoted inside a { } flow mapping, where YAML reads [ ] and ? as syntax; quote it (\"string[]\") or write the long form (list of string)"), // "string[], note: string }"
		}},
		{name: "unquoted optional shorthand in flow mapping", yaml: orderingWith(`
			- name: Order
			  fields: { note: string, due: time? }
			  commands:
			    - name: Place Order
			      creates: true
			      emits: [Order Placed]
			  events:
			    - name: Order Placed
			`, ""), want: []want{
			E("7:38", "type time? is unquoted inside a { } flow mapping, where YAML reads [ ] and ? as syntax; quote it (\"time?\") or write the long form (optional time)"), // "time? }"
		}},
		{name: "unquoted shorthand of a type name", yaml: ordering(`
			types:
			  - name: Order Line
			    fields: { sku: string }
			  - name: Basket
			    fields: { lines: Order Line[] }
			`), want: []want{
			E("17:26", "type Order Line[] is unquoted inside a { } flow mapping, where YAML reads [ ] and ? as syntax; quote it (\"Order Line[]\") or write the long form (list of Order Line)"), // "Order Line[] }"
		}},
		{name: "unquoted shorthand on a later line of a flow mapping", yaml: ordering(`
			types:
			  - name: Basket
			    fields: {
			      note: string,
			      skus: string[]
			    }
			`), want: []want{
			E("17:17", "type string[] is unquoted inside a { } flow mapping, where YAML reads [ ] and ? as syntax; quote it (\"string[]\") or write the long form (list of string)"), // "string[]"
		}},
		{name: "question mark ending a text in a flow mapping", yaml: ordering(`
			hotspots:
			  - { text: Who pays?, on: Place Order }
			`), want: []want{
			E("14:17", "text: Who pays? ends with ? unquoted inside a { } flow mapping, where YAML reads it as syntax; quote it (text: \"Who pays?\")"), // "Who pays?, on: Place Order }"
		}},
		{name: "a second document", yaml: "eventstorm: 1\nsystem: Shop\ncontexts:\n  - name: Ordering\n---\neventstorm: 1\n", want: []want{
			W("4:5", "context \"Ordering\" is empty; it will generate a service with nothing in it"),                                                                 // "name: Ordering"
			E("5:1", "a second YAML document starts here; a model file holds exactly one (remove this `---` and what follows, or merge it into the first document)"), // "---"
		}},
		{name: "alias cycle", yaml: "eventstorm: 1\nsystem: Shop\ncontexts: &all\n  - name: Ordering\n    aggregates: *all\n", want: []want{
			W("4:5", "context \"Ordering\" is empty; it will generate a service with nothing in it"),                                  // "name: Ordering"
			E("5:17", "alias *all is used inside the node it names (&all), which would make the model infinite; write the value out"), // "*all"
		}},
		{name: "self alias", yaml: "eventstorm: 1\nsystem: Shop\ncontexts: &c [*c]\n", want: []want{
			E("3:15", "alias *c is used inside the node it names (&c), which would make the model infinite; write the value out"), // "*c]"
		}},
		{name: "undefined alias", yaml: "eventstorm: 1\nsystem: Shop\ncontexts: *nowhere\n", want: []want{
			E("3:11", "YAML syntax: alias *nowhere names no anchor; define it first with &nowhere on the value it repeats"), // "*nowhere"
		}},
		{name: "NUL byte", yaml: "eventstorm: 1\nsystem: Sh\x00op\ncontexts:\n  - name: Ordering\n", want: []want{
			E("2:11", "the file contains a NUL byte; it is not a text file"), // "\x00op"
		}},
		{name: "control character", yaml: "eventstorm: 1\nsystem: Shop\x07\ncontexts:\n  - name: Ordering\n", want: []want{
			E("2:13", "the file contains the control character U+0007, which YAML does not allow; remove it"), // "\a"
		}},
		{name: "invalid UTF-8", yaml: "eventstorm: 1\nsystem: Caf\xe9 Shop\ncontexts:\n  - name: Ordering\n", want: []want{
			E("2:12", "the file is not UTF-8 text: the bytes here are no UTF-8 character; save the file as UTF-8"), // "� Shop"
		}},
		{name: "invalid UTF-8 after multibyte", yaml: "eventstorm: 1\nsystem: 주문\xff\ncontexts:\n  - name: Ordering\n", want: []want{
			E("2:11", "the file is not UTF-8 text: the bytes here are no UTF-8 character; save the file as UTF-8"), // "�"
		}},
		{name: "UTF-16", yaml: "\xff\xfee\x00v\x00e\x00", want: []want{
			E("1:1", "the file is UTF-16 text; save it as UTF-8"), // "��e\x00v\x00e\x00"
		}},
		{name: "binary garbage", yaml: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", want: []want{
			E("1:1", "the file is not UTF-8 text: the bytes here are no UTF-8 character; save the file as UTF-8"), // "�PNG\r"
		}},
	})
}

// within fails the test when f takes longer than d: no input may hang the
// tool.
func within(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("took more than %v", d)
	}
}

func TestAliasBomb(t *testing.T) {
	// Where the loader reads: a thousand contexts, each listing a thousand
	// aggregates, each listing a thousand commands, a billion commands in
	// all, written in 20 kB.
	const n = 1000
	many := func(alias string) string { return strings.TrimSuffix(strings.Repeat(alias+", ", n-1), ", ") }
	var b strings.Builder
	b.WriteString("eventstorm: 1\nsystem: Shop\ncontexts:\n")
	b.WriteString("  - &ctx\n    name: Ordering\n    aggregates:\n")
	b.WriteString("      - &agg\n        name: Order\n        events: [{ name: Order Placed }]\n")
	b.WriteString("        commands: [&cmd { name: Place Order, creates: true, emits: [Order Placed] }, " + many("*cmd") + "]\n")
	b.WriteString("      - " + strings.ReplaceAll(many("*agg"), ", ", "\n      - ") + "\n")
	b.WriteString("  - " + strings.ReplaceAll(many("*ctx"), ", ", "\n  - ") + "\n")
	if b.Len() > 40_000 {
		t.Fatalf("the bomb is %d bytes", b.Len())
	}
	var m *Model
	var diags Diagnostics
	within(t, 10*time.Second, func() { m, diags = loadValidate(b.String()) })
	if m != nil {
		t.Errorf("an alias bomb gave a model")
	}
	found := false
	for _, d := range diags {
		if strings.Contains(d.Message, "alias bomb") {
			found = true
		}
	}
	if !found || !diags.HasErrors() {
		t.Errorf("no alias bomb error in %v", diags)
	}
}

func TestClassicBillionLaughs(t *testing.T) {
	src := `eventstorm: 1
system: Shop
contexts: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`
	// yaml.v3 refuses the alias before its anchor; the real bomb follows.
	var b strings.Builder
	b.WriteString("eventstorm: 1\nsystem: Shop\n")
	b.WriteString("description: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		fmt.Fprintf(&b, "code: &%s [%s]\n", n, strings.TrimSuffix(strings.Repeat("*"+prev+",", 9), ","))
		prev = n
	}
	b.WriteString("contexts: *i\n")
	for _, in := range []string{src, b.String()} {
		var diags Diagnostics
		within(t, 10*time.Second, func() { _, diags = loadValidate(in) })
		if !diags.HasErrors() {
			t.Errorf("no error for %q", in)
		}
	}
}

func TestTooLarge(t *testing.T) {
	data := bytes.Repeat([]byte("# padding\n"), MaxFileSize/10+1)
	m, diags := Load(testFile, data)
	if m != nil || len(diags) != 1 || diags[0].Message != "the file is larger than 16 MiB; a model is much smaller than that" || diags[0].Line != 1 {
		t.Errorf("got %v, %v", m, diags)
	}
	path := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if m, diags := Read(path); m != nil || len(diags) != 1 || !strings.Contains(diags[0].Message, "larger than 16 MiB") || diags[0].File != path {
		t.Errorf("Read: got %v, %v", m, diags)
	}
}

// A large model written out, without aliases, is no alias bomb.
func TestLargeModelWithoutAliases(t *testing.T) {
	var b strings.Builder
	b.WriteString(header + "  - name: Ordering\n    types:\n")
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&b, "      - { name: Type %d, enum: [a, b, c, d, e, f, g, h] }\n", i)
	}
	var m *Model
	var diags Diagnostics
	within(t, 20*time.Second, func() { m, diags = loadValidate(b.String()) })
	if m == nil || diags.HasErrors() {
		t.Fatalf("got %v", diags.Errors())
	}
	if len(m.Contexts[0].Types) != 20000 {
		t.Errorf("%d types", len(m.Contexts[0].Types))
	}
}

func TestLoadAccepts(t *testing.T) {
	for name, src := range map[string]string{
		"byte order mark":          "\ufeff" + ordering(""),
		"trailing document marker": ordering("") + "---\n",
		"trailing document end":    ordering("") + "...\n",
		"CRLF line ends":           strings.ReplaceAll(ordering(""), "\n", "\r\n"),
		"comments everywhere":      "# top\n" + strings.ReplaceAll(ordering(""), "\n", " # note\n"),
		"flow style": `{eventstorm: 1, system: Shop, contexts: [{name: Ordering, aggregates: [{name: Order,
			commands: [{name: Place Order, creates: true, emits: [Order Placed]}], events: [{name: Order Placed}]}]}]}`,
		"anchors and aliases": doc(`
			- name: Ordering
			  aggregates:
			    - name: Order
			      fields: &money { amount: decimal, currency: string }
			      commands:
			        - name: Place Order
			          creates: true
			          fields: *money
			          emits: &placed [Order Placed]
			        - name: Replace Order
			          emits: *placed
			      events:
			        - name: Order Placed
			          fields: *money
			`),
		"merge keys": doc(`
			- name: Ordering
			  aggregates:
			    - name: Order
			      commands:
			        - &place { name: Place Order, creates: true, emits: [Order Placed], fields: { amount: decimal } }
			        - <<: *place
			          name: Replace Order
			          creates: false
			      events:
			        - name: Order Placed
			          fields: { amount: decimal }
			`),
		"quoted names and keys": doc(`
			- "name": "Ordering"
			  'aggregates':
			    - name: 'Order'
			      commands:
			        - { "name": "Place Order", creates: true, emits: ["Order Placed"] }
			      events:
			        - name: "Order Placed"
			`),
	} {
		t.Run(name, func(t *testing.T) {
			m, diags := loadValidate(src)
			if m == nil || len(diags) != 0 {
				t.Errorf("got %v\n%s", diags, numbered(src))
			}
		})
	}
	// The merged command keeps its own name and creates, and the rest of
	// the anchor.
	m, _ := loadValidate(doc(`
		- name: Ordering
		  aggregates:
		    - name: Order
		      commands:
		        - &place { name: Place Order, creates: true, emits: [Order Placed], fields: { amount: decimal } }
		        - <<: *place
		          name: Replace Order
		          creates: false
		      events:
		        - name: Order Placed
		`))
	re := m.Contexts[0].Aggregates[0].Commands[1]
	if re.Name != "Replace Order" || re.Creates || len(re.Fields) != 1 || len(re.EmittedEvents()) != 1 {
		t.Errorf("merged command: %+v", re)
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope.yaml")
	m, diags := LoadFile(missing)
	if m != nil || len(diags) != 1 || diags[0].String() != missing+":1:1: error: cannot read the model: no such file or directory" {
		t.Errorf("missing file: %v", diags)
	}
	m, diags = LoadFile(dir)
	if m != nil || len(diags) != 1 || diags[0].Message != "is a directory; give the model file, e.g. "+dir+"/eventstorm.yaml" {
		t.Errorf("directory: %v", diags)
	}
	path := filepath.Join(dir, "eventstorm.yaml")
	if err := os.WriteFile(path, []byte(ordering("")), 0o644); err != nil {
		t.Fatal(err)
	}
	m, diags = Read(path)
	if m == nil || len(diags) != 0 || m.File != path || m.Module != "shop" {
		t.Errorf("Read: %v %v", m, diags)
	}
}

// Read reports every problem of the file, sorted by position, with the
// file named in each.
func TestReadReportsEverythingSorted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.yaml")
	src := ordering(`
		policies:
		  - { name: p, when: Nope, then: Place Order }
		hotspots:
		  - Why?
		`) + "bogus: 1\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, diags := Read(path)
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	want := []string{
		path + ":14:26: error: policy \"p\": when \"Nope\" is not an event of this model; an event of another context is written Context.Event, e.g. Ordering.Order Placed",
		path + ":16:9: hotspot: Why?",
		path + ":17:1: error: unknown key \"bogus\" in the model",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
