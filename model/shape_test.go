package model

import (
	"reflect"
	"testing"
)

// TestCompareShapes compares types by what they hold, not their names.
func TestCompareShapes(t *testing.T) {
	m, diags := loadValidate(doc(`
		- name: A
		  types:
		    - { name: Status, enum: [open, held, closed] }
		    - { name: Kind, enum: [x] }
		    - { name: Few, enum: [held] }
		    - { name: Tree, fields: { label: string, children: list of Tree, status: Status } }
		    - { name: Address, fields: { street: string, city: string, geo: Geo } }
		    - { name: Geo, fields: { lat: float, lon: float } }
		- name: B
		  types:
		    - { name: Status, enum: [closed, open, lost] }
		    - { name: Kind, fields: { x: string } }
		    - { name: Tree, fields: { children: list of Node, status: Status, label: string } }
		    - { name: Node, fields: { label: string, status: Status, children: list of Tree } }
		    - { name: Address, fields: { zip: string, city: int, street: string, geo: Point } }
		    - { name: Point, fields: { lon: float, lat: float } }
		`))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	a, b := typesByName(m.Contexts[0]), typesByName(m.Contexts[1])
	names := func(fs []*Field) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Name)
		}
		return out
	}
	if d := CompareShapes(a["Status"], b["Status"]); !reflect.DeepEqual(d.ValuesAdded, []string{"lost"}) || !reflect.DeepEqual(d.ValuesRemoved, []string{"held"}) || d.Same() || d.Holds() {
		t.Errorf("enums: %+v", d)
	}
	if d := CompareShapes(b["Status"], b["Status"]); !d.Same() || !d.Holds() {
		t.Errorf("an enum and itself: %+v", d)
	}
	if d := CompareShapes(a["Kind"], b["Kind"]); !d.Kind || d.Holds() {
		t.Errorf("an enum and a value object: %+v", d)
	}
	// Trees whose statuses differ: the children differ with them, down the
	// recursion, which ends.
	d := CompareShapes(a["Tree"], b["Tree"])
	if got := names(pairsA(d.FieldsRetyped)); !reflect.DeepEqual(got, []string{"children", "status"}) || len(d.FieldsAdded)+len(d.FieldsRemoved) != 0 {
		t.Errorf("trees: retyped %v, %+v", got, d)
	}
	d = CompareShapes(a["Address"], b["Address"])
	if !reflect.DeepEqual(names(d.FieldsAdded), []string{"zip"}) || names(d.FieldsRemoved) != nil || !reflect.DeepEqual(names(pairsA(d.FieldsRetyped)), []string{"city"}) {
		t.Errorf("addresses: %+v", d)
	}
	if !CompareShapes(a["Geo"], b["Point"]).Same() {
		t.Error("a renamed value object with its fields in another order has the same shape")
	}
	// A reader's enum with more values holds what the publisher sends, but
	// has another shape.
	if d := CompareShapes(a["Status"], a["Few"]); !d.Holds() || d.Same() {
		t.Errorf("a wider enum: %+v", d)
	}
}

func typesByName(c *Context) map[string]*Type {
	out := map[string]*Type{}
	for _, t := range c.Types {
		out[t.Name] = t
	}
	return out
}

func pairsA(ps []FieldPair) []*Field {
	var out []*Field
	for _, p := range ps {
		out = append(out, p.A)
	}
	return out
}
