// Package synth writes synthetic EventStorming models of a chosen size for
// benchmarks: Contexts × Aggregates × Commands commands, with everything a
// real board has around them, so that validation and generation exercise
// every kind of element.
//
// Per context: an enum and two value objects, an external system, one
// hotspot and one read model fed by every event of the context (each with
// a `set`) and by two events of the upstream context. Per aggregate:
// fields of every kind (string, int, float, bool, decimal, time, date, uuid,
// enum, value object, list, optional), a policy reacting to an event of the
// upstream context (the previous one, in a ring). Per command: fields, an
// emitted event with fields, a rule, and a scenario.
//
// The model is the same for the same size, byte for byte, and validates
// with no errors and no warnings.
package synth

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// Size is the shape of a synthetic model.
type Size struct {
	Contexts   int
	Aggregates int // per context
	Commands   int // per aggregate; each emits its own event
}

// Total is the number of commands of the model.
func (s Size) Total() int { return s.Contexts * s.Aggregates * s.Commands }

func (s Size) String() string {
	return fmt.Sprintf("%dx%dx%d", s.Contexts, s.Aggregates, s.Commands)
}

// The sizes of issue #3: 1,000 commands, and the same doubled by contexts
// (twice the services) or by commands per aggregate (twice the commands,
// events and scenarios per aggregate, and read models fed by twice the
// events).
var (
	Size1000     = Size{Contexts: 20, Aggregates: 10, Commands: 5}
	Size2000     = Size{Contexts: 40, Aggregates: 10, Commands: 5}
	Size2000Wide = Size{Contexts: 20, Aggregates: 10, Commands: 10}
)

// Model returns the YAML of a synthetic model.
func Model(s Size) []byte {
	var b bytes.Buffer
	_ = Write(&b, s) // a bytes.Buffer does not fail
	return b.Bytes()
}

var contextWords = []string{"Ordering", "Billing", "Shipping", "Inventory", "Catalog",
	"Pricing", "Support", "Accounts", "Payments", "Returns", "Loyalty", "Reviews",
	"Warehousing", "Procurement", "Marketing", "Analytics", "Notifications",
	"Identity", "Scheduling", "Fulfilment"}

var aggregateWords = []string{"Order", "Invoice", "Parcel", "Ticket", "Account",
	"Product", "Quote", "Booking", "Claim", "Voucher", "Shipment", "Contract"}

// verbs are command verbs and their past tense, for event names.
var verbs = [][2]string{{"Open", "Opened"}, {"Update", "Updated"}, {"Approve", "Approved"},
	{"Hold", "Held"}, {"Close", "Closed"}, {"Assign", "Assigned"}, {"Review", "Reviewed"},
	{"Archive", "Archived"}, {"Reprice", "Repriced"}, {"Escalate", "Escalated"}}

// word picks words[i], numbered beyond the list's end so names stay unique.
func word(words []string, i int) string {
	if i < len(words) {
		return words[i]
	}
	return fmt.Sprintf("%s %d", words[i%len(words)], i/len(words)+1)
}

func contextName(c int) string { return word(contextWords, c) }

func aggregateName(a int) string { return word(aggregateWords, a) }

func commandName(agg string, k int) string {
	v := verbs[k%len(verbs)][0]
	if k < len(verbs) {
		return v + " " + agg
	}
	return fmt.Sprintf("%s %s Round %d", v, agg, k/len(verbs)+1)
}

func eventName(agg string, k int) string {
	v := verbs[k%len(verbs)][1]
	if k < len(verbs) {
		return agg + " " + v
	}
	return fmt.Sprintf("%s %s Round %d", agg, v, k/len(verbs)+1)
}

// field is one field of an aggregate, with its type as written.
type field struct{ name, typ string }

// aggregateFields are every aggregate's fields, one of each kind.
var aggregateFields = []field{
	{"title", "string"},
	{"amount", "decimal"},
	{"priority", "Priority"},
	{"quantity", "int"},
	{"openedAt", "time"},
	{"shipTo", "optional Postal Address"},
	{"lines", "list of Line Item"},
	{"weight", "float"},
	{"dueDate", "date"},
	{"tags", "list of string"},
	{"urgent", "bool"},
	{"note", "optional string"},
	{"relatedId", "uuid"},
}

// commandFields are the fields of command k: the creating command sets
// the first seven, the others three each, in turn.
func commandFields(k int) []field {
	if k == 0 {
		return aggregateFields[:7]
	}
	n := len(aggregateFields) - 1 // relatedId is set on creation only
	out := make([]field, 0, 3)
	for i := 0; i < 3; i++ {
		out = append(out, aggregateFields[(3*k+i)%n])
	}
	return out
}

// filled reports whether some event of an aggregate of size s sets its
// field f, so that the state holds no field that is never filled (with 5
// commands or more, every field is).
func filled(s Size, f field) bool {
	for k := range max(s.Commands, 1) {
		for _, e := range eventFields(k) {
			if e.name == f.name {
				return true
			}
		}
	}
	return false
}

// eventFields are the fields of command k's event: the command's, plus
// relatedId, which cross-context policies take their target from.
func eventFields(k int) []field {
	out := append([]field(nil), commandFields(k)...)
	for _, f := range out {
		if f.name == "relatedId" {
			return out
		}
	}
	return append(out, field{"relatedId", "uuid"})
}

func flow(fields []field) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = f.name + ": " + f.typ
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

// Write writes the YAML of a synthetic model to w.
func Write(w io.Writer, s Size) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Synthetic model: %d contexts × %d aggregates × %d commands = %d commands.\n",
		s.Contexts, s.Aggregates, s.Commands, s.Total())
	b.WriteString("eventstorm: 1\nsystem: Synthetic\nmodule: example.com/synthetic\n")
	b.WriteString("description: A synthetic board for benchmarks.\ncontexts:\n")
	for c := 0; c < s.Contexts; c++ {
		writeContext(&b, s, c)
	}
	if s.Contexts > 1 {
		b.WriteString("relationships:\n")
		for c := 0; c < s.Contexts; c++ {
			if up, ok := upstream(s, c); ok {
				fmt.Fprintf(&b, "  - { upstream: %s, downstream: %s, pattern: customer-supplier }\n",
					contextName(up), contextName(c))
			}
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// upstream is the context whose events context c reacts to: the previous
// one, in a ring. With one command per aggregate the ring would make the
// policies a cycle, so it is broken before the first context.
func upstream(s Size, c int) (int, bool) {
	if s.Contexts < 2 || (s.Commands < 2 && c == 0) {
		return 0, false
	}
	return (c + s.Contexts - 1) % s.Contexts, true
}

func writeContext(b *bytes.Buffer, s Size, c int) {
	ctx := contextName(c)
	fmt.Fprintf(b, "  - name: %s\n", ctx)
	fmt.Fprintf(b, "    description: Synthetic context number %d.\n", c+1)
	b.WriteString("    types:\n")
	b.WriteString("      - { name: Priority, enum: [low, normal, high, urgent] }\n")
	b.WriteString("      - name: Postal Address\n")
	b.WriteString("        fields: { street: string, city: string, postcode: string, country: optional string }\n")
	b.WriteString("      - name: Line Item\n")
	b.WriteString("        fields: { sku: string, quantity: int, price: decimal, address: optional Postal Address }\n")

	b.WriteString("    aggregates:\n")
	for a := 0; a < s.Aggregates; a++ {
		writeAggregate(b, s, a)
	}

	up, hasUp := upstream(s, c)
	if hasUp && s.Aggregates > 0 {
		b.WriteString("    policies:\n")
		for a := 0; a < s.Aggregates; a++ {
			// The upstream aggregate's last event starts or moves this
			// aggregate; the commands issued emit none of the events that
			// trigger policies, so policies never loop.
			agg := aggregateName(a)
			trigger := eventName(agg, s.Commands-1)
			k := 0
			if a%2 == 1 && s.Commands > 2 {
				k = 1
			}
			fmt.Fprintf(b, "      - name: %s when %s\n", commandName(agg, k), trigger)
			fmt.Fprintf(b, "        when: %s.%s\n", contextName(up), trigger)
			fmt.Fprintf(b, "        then: %s\n", commandName(agg, k))
			if k != 0 {
				b.WriteString("        target: relatedId\n")
			}
		}
	}

	if s.Aggregates > 0 && s.Commands > 0 {
		b.WriteString("    readModels:\n")
		fmt.Fprintf(b, "      - name: %s Board\n", ctx)
		b.WriteString("        key: itemId\n")
		b.WriteString("        fields: { itemId: uuid, amount: decimal, priority: Priority, occurredAt: time, status: string, step: int, upstream: bool }\n")
		b.WriteString("        from:\n")
		for a := 0; a < s.Aggregates; a++ {
			agg := aggregateName(a)
			for k := 0; k < s.Commands; k++ {
				fmt.Fprintf(b, "          - event: %s\n", eventName(agg, k))
				fmt.Fprintf(b, "            set: { status: %s, step: %d, upstream: false }\n",
					strings.ToLower(verbs[k%len(verbs)][1]), k)
			}
		}
		if hasUp {
			for a := 0; a < min(2, s.Aggregates); a++ {
				fmt.Fprintf(b, "          - event: %s.%s\n", contextName(up), eventName(aggregateName(a), 0))
				b.WriteString("            set: { status: upstream, step: 0, upstream: true }\n")
			}
		}
	}

	b.WriteString("    externalSystems:\n")
	b.WriteString("      - name: Gateway\n")
	b.WriteString("        calls: [Authorize Payment, Capture Payment, Notify Customer]\n")

	b.WriteString("    hotspots:\n")
	if s.Aggregates > 0 && s.Commands > 0 {
		fmt.Fprintf(b, "      - text: Who approves a large %s?\n", strings.ToLower(aggregateName(0)))
		fmt.Fprintf(b, "        on: %s\n", commandName(aggregateName(0), 0))
	} else {
		b.WriteString("      - Is this context needed?\n")
	}
}

func writeAggregate(b *bytes.Buffer, s Size, a int) {
	agg := aggregateName(a)
	fmt.Fprintf(b, "      - name: %s\n", agg)
	if a%5 == 4 {
		b.WriteString("        idType: string\n")
	}
	b.WriteString("        fields:\n")
	for _, f := range aggregateFields {
		if filled(s, f) {
			fmt.Fprintf(b, "          %s: %s\n", f.name, f.typ)
		}
	}
	if s.Commands == 0 {
		return
	}
	b.WriteString("        commands:\n")
	for k := 0; k < s.Commands; k++ {
		fmt.Fprintf(b, "          - name: %s\n", commandName(agg, k))
		fmt.Fprintf(b, "            actor: Clerk\n")
		if k == 0 {
			b.WriteString("            creates: true\n")
		}
		fmt.Fprintf(b, "            fields: %s\n", flow(commandFields(k)))
		fmt.Fprintf(b, "            emits: [%s]\n", eventName(agg, k))
		fmt.Fprintf(b, "            rules:\n              - the %s must be valid\n", commandFields(k)[0].name)
		if k%2 == 0 {
			b.WriteString("            uses: [Gateway]\n")
		}
	}
	b.WriteString("        events:\n")
	for k := 0; k < s.Commands; k++ {
		fmt.Fprintf(b, "          - name: %s\n", eventName(agg, k))
		fmt.Fprintf(b, "            fields: %s\n", flow(eventFields(k)))
	}
	b.WriteString("        scenarios:\n")
	for k := 0; k < s.Commands; k++ {
		fmt.Fprintf(b, "          - name: %s succeeds\n", strings.ToLower(commandName(agg, k)))
		if k > 0 {
			fmt.Fprintf(b, "            given: [%s]\n", eventName(agg, 0))
		}
		fmt.Fprintf(b, "            when: %s\n", commandName(agg, k))
		fmt.Fprintf(b, "            then: [%s]\n", eventName(agg, k))
	}
}
