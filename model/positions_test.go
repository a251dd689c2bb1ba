package model

import (
	"strings"
	"testing"

	"eventstorm/samples"
)

// orderSample is the order sample as first bundled, kept here so that the
// positions below stay put when the bundled sample changes.
const orderSample = `# yaml-language-server: $schema=../schema/eventstorm.schema.json
eventstorm: 1
system: Shop
description: An online shop's order flow, from placing an order to its history.

contexts:
  - name: Ordering
    description: Takes and tracks customer orders.
    aggregates:
      - name: Order
        fields: { customerId: string, amount: decimal, reason: string }
        commands:
          - name: Place Order
            actor: Customer
            creates: true
            fields: { customerId: string, amount: decimal }
            emits: [Order Placed]
            rules:
              - amount must be positive
          - name: Cancel Order
            actor: Customer
            fields: { reason: string }
            emits: [Order Cancelled]
            rules:
              - a cancelled order cannot be cancelled again
        events:
          - name: Order Placed
            fields: { customerId: string, amount: decimal }
          - name: Order Cancelled
            fields: { reason: string }
        scenarios:
          - name: an order can be placed
            when: Place Order
            then: [Order Placed]
          - name: a placed order can be cancelled
            given: [Order Placed]
            when: Cancel Order
            then: [Order Cancelled]

  - name: Order History
    description: Keeps every order's history for customers and support.
    readModels:
      - name: Order History
        key: orderId
        fields: { orderId: uuid, customerId: string, amount: decimal, status: string, reason: string }
        from:
          - event: Ordering.Order Placed
            set: { status: placed }
          - event: Ordering.Order Cancelled
            set: { status: cancelled }
    hotspots:
      - text: Should support see cancelled orders?
        on: Order History

relationships:
  - upstream: Ordering
    downstream: Order History
    pattern: published-language
`

func TestLoadPositions(t *testing.T) {
	m, diags := Load("order.yaml", []byte(orderSample))
	if m == nil || diags.HasErrors() {
		t.Fatalf("Load: %v", diags)
	}
	if diags := Validate(m); diags.HasErrors() {
		t.Fatalf("Validate: %v", diags)
	}
	ordering, history := m.Contexts[0], m.Contexts[1]
	order := ordering.Aggregates[0]
	place, cancel := order.Commands[0], order.Commands[1]
	placed := order.Events[0]
	rm := history.ReadModels[0]
	rel := m.Relationships[0]
	for _, c := range []struct {
		what      string
		got, want Pos
	}{
		{"model", m.Pos, Pos{2, 1}},
		{"system", m.SystemPos, Pos{3, 9}},
		{"context Ordering", ordering.Pos, Pos{7, 5}},
		{"context Ordering name", ordering.NamePos, Pos{7, 11}},
		{"context Order History", history.Pos, Pos{40, 5}},
		{"aggregate Order", order.Pos, Pos{10, 9}},
		{"aggregate Order name", order.NamePos, Pos{10, 15}},
		{"aggregate id (defaulted: the aggregate)", order.IDPos, Pos{10, 9}},
		{"field customerId", order.Fields[0].Pos, Pos{11, 19}},
		{"field customerId type", order.Fields[0].TypePos, Pos{11, 31}},
		{"field amount", order.Fields[1].Pos, Pos{11, 39}},
		{"field amount type", order.Fields[1].TypePos, Pos{11, 47}},
		{"field reason type", order.Fields[2].TypePos, Pos{11, 64}},
		{"command Place Order", place.Pos, Pos{13, 13}},
		{"command Place Order name", place.NamePos, Pos{13, 19}},
		{"emits Order Placed", place.Emits[0].Pos, Pos{17, 21}},
		{"rule", place.Rules[0].Pos, Pos{19, 17}},
		{"command Cancel Order", cancel.Pos, Pos{20, 13}},
		{"command field reason", cancel.Fields[0].Pos, Pos{22, 23}},
		{"event Order Placed", placed.Pos, Pos{27, 13}},
		{"event Order Placed name", placed.NamePos, Pos{27, 19}},
		{"event field amount type", placed.Fields[1].TypePos, Pos{28, 51}},
		{"scenario 1", order.Scenarios[0].Pos, Pos{32, 13}},
		{"scenario 1 when", order.Scenarios[0].When.Pos, Pos{33, 19}},
		{"scenario 1 then", order.Scenarios[0].ThenPos, Pos{34, 19}},
		{"scenario 1 then event", order.Scenarios[0].Then[0].Pos, Pos{34, 20}},
		{"scenario 2 given", order.Scenarios[1].Given[0].Pos, Pos{36, 21}},
		{"read model", rm.Pos, Pos{43, 9}},
		{"read model key", rm.KeyPos, Pos{44, 14}},
		{"read model field status", rm.Fields[3].Pos, Pos{45, 71}},
		{"projection 1", rm.From[0].Pos, Pos{47, 13}},
		{"projection 1 event", rm.From[0].Event.Pos, Pos{47, 20}},
		{"projection 1 set value", rm.From[0].Set[0].Pos, Pos{48, 28}},
		{"projection 1 set field", rm.From[0].Set[0].FieldPos, Pos{48, 20}},
		{"hotspot", history.Hotspots[0].Pos, Pos{52, 9}},
		{"hotspot on", history.Hotspots[0].On.Pos, Pos{53, 13}},
		{"relationship", rel.Pos, Pos{56, 5}},
		{"relationship downstream", rel.Downstream.Pos, Pos{57, 17}},
		{"relationship pattern", rel.PatternPos, Pos{58, 14}},
	} {
		if c.got != c.want {
			t.Errorf("%s at %d:%d, want %d:%d (%s)", c.what, c.got.Line, c.got.Col, c.want.Line, c.want.Col,
				textAt(orderSample, c.want.Line, c.want.Col))
		}
	}
	if m.Doc == nil || m.File != "order.yaml" {
		t.Errorf("Doc %v, File %q", m.Doc, m.File)
	}
}

// In every bundled sample, each position Load records points at the text it
// is about: names at the name, field types at the type, references at the
// reference.
func TestSamplePositionsPointAtTheirText(t *testing.T) {
	for _, s := range samples.All() {
		t.Run(s.Name, func(t *testing.T) {
			src := string(s.Data)
			m, diags := Load(s.Name+".yaml", s.Data)
			if m == nil || diags.HasErrors() {
				t.Fatalf("Load: %v", diags)
			}
			Validate(m)
			at := func(what string, p Pos, text string) {
				t.Helper()
				got := strings.TrimLeft(strings.Trim(textAt(src, p.Line, p.Col), `"`), `'"`)
				got = strings.ReplaceAll(got, `\"`, `"`)
				if !strings.HasPrefix(got, text) {
					t.Errorf("%s %q at %d:%d, but the file there reads %s", what, text, p.Line, p.Col, textAt(src, p.Line, p.Col))
				}
			}
			el := func(kind string, e *Element) {
				t.Helper()
				at(kind+" name", e.NamePos, e.Name)
				if e.Code != "" {
					at(kind+" code", e.CodePos, e.Code)
				}
			}
			fields := func(fs []*Field) {
				t.Helper()
				for _, f := range fs {
					at("field", f.Pos, f.Name)
				}
			}
			refs := func(what string, rs ...*Ref) {
				t.Helper()
				for _, r := range rs {
					if r != nil {
						at(what, r.Pos, r.Text)
					}
				}
			}
			at("system", m.SystemPos, m.System)
			for _, c := range m.Contexts {
				el("context", &c.Element)
				for _, ty := range c.Types {
					el("type", &ty.Element)
					fields(ty.Fields)
					for _, ev := range ty.Enum {
						at("enum value", ev.Pos, ev.Value)
					}
				}
				for _, a := range c.Aggregates {
					el("aggregate", &a.Element)
					fields(a.Fields)
					for _, cmd := range a.Commands {
						el("command", &cmd.Element)
						fields(cmd.Fields)
						refs("emits", cmd.Emits...)
						refs("uses", cmd.Uses...)
						for _, r := range cmd.Rules {
							at("rule", r.Pos, r.Text)
						}
					}
					for _, e := range a.Events {
						el("event", &e.Element)
						fields(e.Fields)
					}
					for _, sc := range a.Scenarios {
						refs("given", sc.Given...)
						refs("when", sc.When)
						refs("then", sc.Then...)
					}
				}
				for _, p := range c.Policies {
					el("policy", &p.Element)
					refs("when", p.When)
					refs("then", p.Then)
					if p.Target != "" {
						at("target", p.TargetPos, p.Target)
					}
				}
				for _, r := range c.ReadModels {
					el("read model", &r.Element)
					fields(r.Fields)
					for _, pr := range r.From {
						refs("from", pr.Event)
						for _, sv := range pr.Set {
							at("set field", sv.FieldPos, sv.Field)
						}
					}
				}
				for _, x := range c.ExternalSystems {
					el("external system", &x.Element)
					for _, op := range x.Calls {
						at("call", op.Pos, op.Name)
					}
				}
				for _, h := range c.Hotspots {
					refs("hotspot on", h.On)
				}
			}
			for _, r := range m.Relationships {
				refs("relationship", r.Upstream, r.Downstream)
			}
		})
	}
}
