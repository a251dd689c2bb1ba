package model

import (
	"fmt"
	"strings"
	"testing"
)

// syntheticModel writes a board of contexts × aggregates × commands: each
// command emits its own event; in each aggregate one policy reacts to its
// own event and one to an event of the previous context; each aggregate
// has a read model fed by all its events, and each context a query model
// fed by the previous context.
func syntheticModel(contexts, aggregates, commands int) string {
	var b strings.Builder
	b.WriteString("eventstorm: 1\nsystem: Synthetic\nmodule: example.com/synthetic\ncontexts:\n")
	for c := 0; c < contexts; c++ {
		prev := (c + contexts - 1) % contexts
		fmt.Fprintf(&b, "  - name: Context %d\n", c)
		b.WriteString("    types:\n")
		fmt.Fprintf(&b, "      - { name: Status %d, enum: [open, closed, held] }\n", c)
		fmt.Fprintf(&b, "      - { name: Address %d, fields: { street: string, city: string } }\n", c)
		b.WriteString("    externalSystems:\n")
		fmt.Fprintf(&b, "      - { name: Gateway %d, calls: [Charge, Refund] }\n", c)
		b.WriteString("    aggregates:\n")
		for a := 0; a < aggregates; a++ {
			agg := fmt.Sprintf("Thing %d %d", c, a)
			fmt.Fprintf(&b, "      - name: %s\n", agg)
			fmt.Fprintf(&b, "        fields: { amount: decimal, note: string, status: Status %d, address: optional Address %d }\n", c, c)
			b.WriteString("        commands:\n")
			for k := 0; k < commands; k++ {
				fmt.Fprintf(&b, "          - name: Do %d %s\n", k, agg)
				if k == 0 {
					b.WriteString("            creates: true\n")
				}
				fmt.Fprintf(&b, "            fields: { amount: decimal, note: string }\n")
				fmt.Fprintf(&b, "            emits: [%s Done %d]\n", agg, k)
				fmt.Fprintf(&b, "            uses: [Gateway %d]\n", c)
				b.WriteString("            rules: [amount must be positive, note must not be empty]\n")
			}
			b.WriteString("        events:\n")
			for k := 0; k < commands; k++ {
				fmt.Fprintf(&b, "          - { name: %s Done %d, fields: { amount: decimal, note: string, status: Status %d, address: optional Address %d } }\n", agg, k, c, c)
			}
			b.WriteString("        scenarios:\n")
			fmt.Fprintf(&b, "          - { name: first, when: Do 0 %s, then: [%s Done 0] }\n", agg, agg)
			fmt.Fprintf(&b, "          - { name: second, given: [%s Done 0], when: Do 1 %s, then: rejected }\n", agg, agg)
		}
		b.WriteString("    policies:\n")
		for a := 0; a < aggregates; a++ {
			agg := fmt.Sprintf("Thing %d %d", c, a)
			fmt.Fprintf(&b, "      - { name: Follow up %d, when: %s Done 1, then: Do 2 %s }\n", a, agg, agg)
			fmt.Fprintf(&b, "      - { name: Start from %d, when: Context %d.Thing %d %d Done 3, then: Do 0 %s }\n", a, prev, prev, a, agg)
		}
		b.WriteString("    readModels:\n")
		for a := 0; a < aggregates; a++ {
			agg := fmt.Sprintf("Thing %d %d", c, a)
			fmt.Fprintf(&b, "      - name: %s View\n", agg)
			fmt.Fprintf(&b, "        fields: { amount: decimal, note: string, status: Status %d, label: string }\n", c)
			b.WriteString("        from:\n")
			for k := 0; k < commands; k++ {
				fmt.Fprintf(&b, "          - { event: %s Done %d, set: { label: step %d } }\n", agg, k, k)
			}
		}
		fmt.Fprintf(&b, "      - name: Upstream View\n        key: thing%d0Id\n        fields: { amount: decimal }\n        from: [Context %d.Thing %d 0 Done 0]\n", prev, prev, prev)
		fmt.Fprintf(&b, "    hotspots:\n      - { text: \"Is this right?\", on: Do 1 Thing %d 0 }\n", c)
	}
	b.WriteString("relationships:\n")
	for c := 0; c < contexts; c++ {
		fmt.Fprintf(&b, "  - { upstream: Context %d, downstream: Context %d, pattern: customer-supplier }\n", (c+contexts-1)%contexts, c)
	}
	return b.String()
}

// The synthetic model of 1000 commands validates without errors; it says
// nothing about time, which the benchmark measures.
func TestSyntheticModelValidates(t *testing.T) {
	src := syntheticModel(20, 10, 5)
	m, diags := loadValidate(src)
	if m == nil || diags.HasErrors() {
		t.Fatalf("%v", diags.Errors())
	}
	commands, policies, readModels := 0, 0, 0
	for _, c := range m.Contexts {
		for _, a := range c.Aggregates {
			commands += len(a.Commands)
		}
		policies += len(c.Policies)
		readModels += len(c.ReadModels)
	}
	if commands != 1000 || policies != 400 || readModels != 220 {
		t.Errorf("%d commands, %d policies, %d read models", commands, policies, readModels)
	}
	for _, d := range diags {
		if d.Severity == Warning {
			t.Errorf("unexpected warning %s", d)
		}
	}
}

func BenchmarkValidate1000Commands(b *testing.B) {
	src := []byte(syntheticModel(20, 10, 5))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		m, diags := Load("synthetic.yaml", src)
		if m == nil || diags.HasErrors() {
			b.Fatal(diags)
		}
		b.StartTimer()
		if diags := Validate(m); diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}

func BenchmarkLoad1000Commands(b *testing.B) {
	src := []byte(syntheticModel(20, 10, 5))
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		if m, diags := Load("synthetic.yaml", src); m == nil || diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}
