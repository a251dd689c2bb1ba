package model

import (
	"fmt"
	"go/token"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"eventstorm/samples"
)

// fuzzDeadline is how long one Load and Validate may take on any input.
const fuzzDeadline = 2 * time.Second

// fuzzSeeds are inputs that have broken YAML tools before: alias bombs,
// cyclic and merge aliases, flow mappings with the unquoted shorthands, odd
// scalars and tags, deep nesting, several documents, and bytes that are
// not YAML at all.
var fuzzSeeds = []string{
	"",
	"\n\n   \n",
	"eventstorm: 1",
	"~",
	"[]",
	"- - - -",
	"{{{{{{{{{{{{{{{{{{{{",
	"]]]}}}",
	"\x00",
	"\xff\xfe\xfd",
	"eventstorm: 1\nsystem: \xc3\x28\n",
	"\ufeffeventstorm: 1\nsystem: Shop\ncontexts: [{name: A}]\n",
	"%YAML 1.1\n---\neventstorm: 1\n...\n---\neventstorm: 2\n",
	"eventstorm: !!binary aGVsbG8=\nsystem: !!float 1e999\ncontexts: !!map {}\n",
	"eventstorm: 1\nsystem: Shop\ncontexts:\n\t- name: A\n",
	"eventstorm: 1\nsystem: \"Shop\ncontexts: []\n",
	// An alias bomb: each level doubles the one below.
	`a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
eventstorm: 1
system: Shop
contexts: *i
`,
	// The same bomb where the loader looks: in the contexts' names.
	`eventstorm: 1
system: Shop
contexts:
  - &c1 {name: A, aggregates: &a1 [{name: X, commands: [], events: []}]}
  - &c2 {name: B, aggregates: [*a1, *a1, *a1, *a1], policies: [*c1, *c1]}
  - {name: C, aggregates: [*a1, *a1], types: [*c2, *c2, *c2, *c2]}
`,
	// Merge keys and aliases of keys.
	`base: &base {name: Ordering}
eventstorm: 1
system: Shop
contexts:
  - <<: *base
    aggregates: []
  - &k name: B
  - *k : C
`,
	// An anchor used inside itself.
	"eventstorm: 1\nsystem: Shop\ncontexts: &x [*x]\n",
	"&a [*a, *a]",
	// The shorthands, quoted and not, in flow and block mappings.
	`eventstorm: 1
system: Shop
contexts:
  - name: Ordering
    types:
      - name: Address
        fields: { street: string, tags: "string[]", due: "time?" }
    aggregates:
      - name: Order
        fields: { tags: string[], due: time?, addr: Address?, lines: Address[] }
        commands:
          - name: Place Order
            creates: true
            fields:
              tags: string[]
              due: time?
              nested: optional list of optional Address
            emits: Order Placed
        events: [{ name: Order Placed, fields: { x: list of list of int } }]
`,
	// Names that give no identifier, keywords, collisions, codes.
	`eventstorm: 1
system: 상점
module: /bad//module/
contexts:
  - name: 주문
    code: Ordering
    aggregates:
      - name: type
        id: "123"
        idType: string
        fields: { func: string, range: int, select: bool, "": uuid, "  ": date }
        commands:
          - name: string
            emits: [error, Ordering.error, .error, "Ordering.", "."]
          - name: STRING
            emits: []
        events:
          - name: error
          - name: Error
          - name: 🙂
            code: "🙂"
    policies:
      - { name: p, when: error, then: string, target: "" }
      - { name: q, when: Nowhere.x, then: x }
    readModels:
      - { name: r, key: "", fields: {}, from: [{ event: error, set: { a: 1 }, delete: true }] }
    hotspots:
      - text: ""
      - { text: "?", on: "" }
  - name: 주문
relationships:
  - { upstream: 주문, downstream: 주문, pattern: "" }
  - { upstream: Ordering, downstream: Ordering }
`,
	// Event versions and aggregate storage: valid, out of order, repeated,
	// of every wrong kind, and aliased.
	`eventstorm: 1
system: Shop
contexts:
  - name: Ordering
    aggregates:
      - name: Order
        store: events
        commands: [{ name: Place Order, creates: true, emits: [Order Placed, Order Noted] }]
        events:
          - name: Order Placed
            version: 3
            fields: { version: int, amount: decimal, currency: string }
            earlier: &e
              - { version: 1, fields: { amount: decimal } }
              - { version: 1 }
              - { version: 3, fields: { eventId: string } }
              - { version: -1, fields: { "": x } }
              - { version: 2.5, earlier: [] }
              - [version, 2]
              - ~
          - name: Order Noted
            version: [2]
            earlier: *e
      - name: Bad
        store: [events, state]
      - { name: Worse, store: ~, events: [{ name: E, version: 0x10, earlier: { version: 1 } }] }
      - { name: Worst, store: Events, events: [{ name: F, version: 99999999999999999999, earlier: "1" }] }
`,
	// Every key given the wrong kind of value.
	`eventstorm: [1]
system: {a: b}
module: [x]
description: [y]
contexts:
  - name: [A]
    types: {a: b}
    aggregates: "x"
    policies: 1
    readModels: true
    externalSystems: ~
    hotspots: [[[]]]
  - [x]
  - ~
  - 3
relationships: {up: down}
`,
	// Policies that trigger each other, read models across contexts.
	`eventstorm: 1
system: Shop
contexts:
  - name: B
    policies:
      - { name: p1, when: A.E1, then: C1 }
      - { name: p2, when: E2, then: C2 }
    aggregates:
      - name: Y
        commands:
          - { name: C1, emits: [E2] }
          - { name: C2, emits: [E3], creates: true }
        events: [{name: E2}, {name: E3}]
    readModels:
      - { name: R, key: yId, fields: { yId: uuid, n: int }, from: [{ event: A.E1, set: { n: "x" } }, { event: E3 }] }
  - name: A
    policies:
      - { name: p3, when: B.E3, then: C0 }
    aggregates:
      - name: X
        commands:
          - { name: C0, emits: [E1] }
        events: [{name: E1, fields: {yId: uuid}}]
`,
	strings.Repeat("[", 100) + strings.Repeat("]", 100),
	"eventstorm: 1\nsystem: Shop\ncontexts:\n" + strings.Repeat("  - name: A\n", 20),
}

// largeInputs are too big to mutate quickly, so they are checked once
// rather than seeded: deep nesting, long lines, many elements.
var largeInputs = map[string]string{
	"deep flow sequences":     strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
	"deeper flow sequences":   strings.Repeat("[", 100000) + strings.Repeat("]", 100000),
	"deep block sequences":    strings.Repeat("- ", 5000) + "x\n",
	"deep flow mappings":      strings.Repeat("{a: ", 3000) + "b" + strings.Repeat("}", 3000),
	"long system name":        "eventstorm: 1\nsystem: " + strings.Repeat("x", 100000) + "\ncontexts: [{name: A}]\n",
	"many colliding contexts": "eventstorm: 1\nsystem: Shop\ncontexts:\n" + strings.Repeat("  - name: A\n", 5000),
	"many events": "eventstorm: 1\nsystem: Shop\ncontexts:\n  - name: A\n    aggregates:\n      - name: O\n        events:\n" +
		strings.Repeat("          - name: E\n", 5000),
	"many policies": "eventstorm: 1\nsystem: Shop\ncontexts:\n  - name: A\n    aggregates:\n      - name: O\n" +
		"        commands: [{name: C, emits: [E]}]\n        events: [{name: E}]\n    policies:\n" +
		strings.Repeat("      - {name: P, when: E, then: C}\n", 3000),
	"alias bomb of lists":      aliasBomb(12, 5),
	"alias bomb of elements":   elementBomb(130),
	"alias bomb of elements 2": elementBomb(60),
}

// elementBomb is a model of n contexts, each of n aggregates, each of n
// events: n³ elements from a few lines of aliases, in the places the loader
// reads.
func elementBomb(n int) string {
	list := func(alias string) string {
		return "[" + strings.TrimSuffix(strings.Repeat("*"+alias+", ", n), ", ") + "]"
	}
	return "x: &e {name: E, fields: {a: string, b: int}}\n" +
		"y: &a {name: A, commands: [{name: C, emits: [E]}], events: " + list("e") + "}\n" +
		"z: &c {name: Ctx, aggregates: " + list("a") + "}\n" +
		"eventstorm: 1\nsystem: Shop\ncontexts: " + list("c") + "\n"
}

// aliasBomb nests levels of lists, each holding width aliases of the one
// below, under contexts.
func aliasBomb(levels, width int) string {
	var b strings.Builder
	b.WriteString("l0: &l0 {name: X}\n")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "l%d: &l%d [", i, i)
		for j := 0; j < width; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*l%d", i-1)
		}
		b.WriteString("]\n")
	}
	fmt.Fprintf(&b, "eventstorm: 1\nsystem: Shop\ncontexts: *l%d\n", levels)
	return b.String()
}

func TestLoadValidateLargeInputs(t *testing.T) {
	for name, data := range largeInputs {
		t.Run(name, func(t *testing.T) { checkLoadValidate(t, []byte(data)) })
	}
}

func FuzzLoadValidate(f *testing.F) {
	all := samples.All()
	if len(all) == 0 {
		f.Fatal("no bundled samples to seed the fuzzer with")
	}
	for _, s := range all {
		f.Add(s.Data)
	}
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkLoadValidate(t, data)
	})
}

type fuzzOutcome struct {
	m     *Model
	diags Diagnostics
	valid bool
	panic any
	stack []byte
}

// checkLoadValidate loads and validates data, failing on a panic, on a
// run longer than fuzzDeadline, and on a diagnostic that is not well formed.
// A model without errors must also be one the generator can use: every
// identifier valid and every reference resolved.
func checkLoadValidate(t *testing.T, data []byte) {
	t.Helper()
	done := make(chan fuzzOutcome, 1)
	go func() {
		var o fuzzOutcome
		defer func() {
			if p := recover(); p != nil {
				o.panic, o.stack = p, debug.Stack()
			}
			done <- o
		}()
		m, diags := Load("fuzz.yaml", data)
		if m != nil {
			diags = append(diags, Validate(m)...)
		}
		o.m, o.diags = m, diags
		if m != nil && !diags.HasErrors() {
			_ = Describe(m)
			o.valid = true
		}
	}()
	var o fuzzOutcome
	select {
	case o = <-done:
	case <-time.After(fuzzDeadline):
		t.Fatalf("Load and Validate took more than %v on %s", fuzzDeadline, quoteInput(data))
	}
	if o.panic != nil {
		t.Fatalf("panic: %v on %s\n%s", o.panic, quoteInput(data), o.stack)
	}
	if o.m == nil && !o.diags.HasErrors() {
		t.Errorf("Load returned no model and no error on %s", quoteInput(data))
	}
	for _, d := range o.diags {
		if d.File != "fuzz.yaml" {
			t.Errorf("%v: file is %q, want fuzz.yaml", d, d.File)
		}
		if d.Line < 1 || d.Col < 1 {
			t.Errorf("%v: position %d:%d is not in the file", d, d.Line, d.Col)
		}
		if strings.TrimSpace(d.Message) == "" {
			t.Errorf("%v: empty message", d)
		}
		switch d.Severity {
		case Error, Warning, HotspotNote:
		default:
			t.Errorf("%v: unknown severity %q", d, d.Severity)
		}
	}
	if t.Failed() {
		t.Logf("input: %s", quoteInput(data))
		return
	}
	if o.valid {
		checkUsable(t, o.m, data)
	}
}

// checkUsable checks what the generator relies on in a model that
// validated without errors.
func checkUsable(t *testing.T, m *Model, data []byte) {
	t.Helper()
	bad := func(format string, args ...any) {
		t.Errorf("valid model: "+format+"\ninput: %s", append(args, quoteInput(data))...)
	}
	ident := func(kind, name, id string) {
		if !token.IsIdentifier(id) || token.IsKeyword(id) {
			bad("%s %q has the identifier %q, which is no Go identifier", kind, name, id)
		}
		if p := textProblem(name, false); p != "" {
			bad("%s %q contains %s", kind, name, p)
		}
	}
	if m.Module == "" {
		bad("no module path")
	}
	for _, c := range m.Contexts {
		ident("context", c.Name, c.Ident())
		for _, ty := range c.Types {
			ident("type", ty.Name, ty.Ident())
			for _, fl := range ty.Fields {
				ident("field", fl.Name, fl.Ident())
			}
		}
		for _, a := range c.Aggregates {
			ident("aggregate", a.Name, a.Ident())
			if a.ID == "" || a.IDType == "" {
				bad("aggregate %q has no id field or id type (%q %q)", a.Name, a.ID, a.IDType)
			}
			for _, fl := range a.Fields {
				ident("field", fl.Name, fl.Ident())
			}
			for _, cmd := range a.Commands {
				ident("command", cmd.Name, cmd.Ident())
				if len(cmd.EmittedEvents()) != len(cmd.Emits) || len(cmd.Emits) == 0 {
					bad("command %q: emits %d events, %d resolved", cmd.Name, len(cmd.Emits), len(cmd.EmittedEvents()))
				}
				if len(cmd.UsedSystems()) != len(cmd.Uses) {
					bad("command %q: uses %d systems, %d resolved", cmd.Name, len(cmd.Uses), len(cmd.UsedSystems()))
				}
				for _, fl := range cmd.Fields {
					ident("field", fl.Name, fl.Ident())
				}
			}
			for _, e := range a.Events {
				ident("event", e.Name, e.Ident())
				for _, fl := range e.AllFields() {
					ident("field", fl.Name, fl.Ident())
				}
			}
		}
		for _, p := range c.Policies {
			ident("policy", p.Name, p.Ident())
			if p.Event() == nil || p.Command() == nil {
				bad("policy %q is not resolved", p.Name)
			} else if p.TargetField == nil && !p.Command().Creates {
				bad("policy %q has no target field", p.Name)
			}
		}
		for _, r := range c.ReadModels {
			ident("read model", r.Name, r.Ident())
			if r.KeyField() == nil {
				bad("read model %q has no key field", r.Name)
			}
			for _, p := range r.From {
				if p.SourceEvent() == nil {
					bad("read model %q: event %q is not resolved", r.Name, p.Event.Text)
				}
			}
		}
		for _, x := range c.ExternalSystems {
			ident("external system", x.Name, x.Ident())
			for _, op := range x.Calls {
				ident("call", op.Name, op.Ident())
			}
		}
	}
}

func quoteInput(data []byte) string {
	const max = 2000
	if len(data) > max {
		return fmt.Sprintf("%q… (%d bytes)", data[:max], len(data))
	}
	return fmt.Sprintf("%q", data)
}
