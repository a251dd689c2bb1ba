package model

import (
	"reflect"
	"testing"
)

// versioned is an Order aggregate (from line 6) whose event Order Placed
// (from line 12) carries the given keys.
func versioned(eventKeys string) string {
	return orderingWith(orderAggregate+indent(dedent(eventKeys), 6), "")
}

func TestEventVersionsValid(t *testing.T) {
	for _, tc := range []struct {
		name     string
		keys     string
		current  int
		versions []int
	}{
		{"no version", "fields: { amount: decimal }", 1, []int{1}},
		{"version 1 written", "version: 1\nfields: { amount: decimal }", 1, []int{1}},
		{"v2 beside v1", `
			version: 2
			fields: { amount: decimal, currency: string }
			earlier:
			  - version: 1
			    fields: { amount: decimal }`, 2, []int{1, 2}},
		{"earlier out of order, one without fields", `
			version: 4
			fields: { total: decimal }
			earlier:
			  - { version: 3, fields: { amount: decimal, currency: string } }
			  - { version: 1 }`, 4, []int{1, 3, 4}},
		{"an earlier version carries the aggregate's version field", `
			version: 2
			earlier: [{ version: 1, fields: { version: int, note: optional string } }]`, 2, []int{1, 2}},
		{"empty earlier", "version: 3\nearlier: []", 3, []int{3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, diags := check(t, tcase{name: tc.name, yaml: versioned(tc.keys)})
			if diags.HasErrors() {
				return
			}
			e := m.Contexts[0].Aggregates[0].Events[0]
			if e.Version != tc.current || e.CurrentVersion() != tc.current {
				t.Errorf("version %d (current %d), want %d", e.Version, e.CurrentVersion(), tc.current)
			}
			var got []int
			for _, v := range e.Versions() {
				got = append(got, v.Version)
				if v.Current != (v.Version == tc.current) {
					t.Errorf("version %d: current = %v", v.Version, v.Current)
				}
			}
			if !reflect.DeepEqual(got, tc.versions) {
				t.Errorf("versions %v, want %v", got, tc.versions)
			}
			if e.Versioned() != (len(tc.versions) > 1 || tc.current > 1) {
				t.Errorf("Versioned() = %v", e.Versioned())
			}
		})
	}
}

func TestEventVersionsInvalid(t *testing.T) {
	runCases(t, []tcase{
		{name: "version zero", yaml: versioned("version: 0"), want: []want{
			E("13:22", "the version of event \"Order Placed\" must be from 1 to 1000000, not 0; versions count up from 1"),
		}},
		{name: "version text", yaml: versioned("version: v2"), want: []want{
			E("13:22", "the version of event \"Order Placed\" must be a whole number from 1 up, not \"v2\"; write the number alone, e.g. version: 2"),
		}},
		{name: "version written as a field type", yaml: versioned("version: int"), want: []want{
			E("13:22", "the version of event \"Order Placed\" must be a whole number from 1 up, not \"int\"; this `version:` is the event's own version, and every event already carries the aggregate's version as the field `version` (int)"),
		}},
		{name: "version quoted", yaml: versioned(`version: "2"`), want: []want{
			E("13:22", "the version of event \"Order Placed\" must be a whole number from 1 up, not \"2\""),
		}},
		{name: "version float", yaml: versioned("version: 1.5"), want: []want{
			E("13:22", "the version of event \"Order Placed\" must be a whole number from 1 up, not \"1.5\""),
		}},
		{name: "version list", yaml: versioned("version: [2]"), want: []want{
			E("13:22", "the version of event \"Order Placed\" must be a whole number from 1 up, e.g. version: 2, not a list"),
		}},
		{name: "version huge", yaml: versioned("version: 99999999999999999999999"), want: []want{
			E("13:22", "~must be a whole number from 1 up"),
		}},
		{name: "earlier not below current", yaml: versioned(`
			version: 2
			earlier: [{ version: 2 }, { version: 3 }]`), want: []want{
			E("14:34", "earlier version 2 of event \"Order Placed\" is not below its current version 2; `earlier:` lists versions published before the current one, so raise the event's `version:` (e.g. to 4) or renumber this one"),
			E("14:50", "earlier version 3 of event \"Order Placed\" is not below its current version 2; `earlier:` lists versions published before the current one, so raise the event's `version:` (e.g. to 4) or renumber this one"),
		}},
		{name: "earlier without current version", yaml: versioned(`
			fields: { amount: decimal }
			earlier: [{ version: 1, fields: { amount: decimal } }]`), want: []want{
			E("14:34", "earlier version 1 of event \"Order Placed\" is not below its current version 1; `earlier:` lists versions published before the current one, so give the event its current version, e.g. version: 2"),
		}},
		{name: "earlier twice", yaml: versioned(`
			version: 3
			earlier:
			  - version: 1
			  - version: 1
			    fields: { amount: decimal }`), want: []want{
			E("16:26", "event \"Order Placed\" lists earlier version 1 twice (first at line 15:17); list each version once"),
		}},
		{name: "earlier without version", yaml: versioned(`
			version: 2
			earlier:
			  - fields: { amount: decimal }`), want: []want{
			E("15:17", "an earlier version of \"Order Placed\" has no `version:`; write the number it was published with, e.g. version: 1"),
		}},
		{name: "earlier unknown key and bad shapes", yaml: versioned(`
			version: 3
			earlier:
			  - { version: 1, field: { amount: decimal } }
			  - 2
			  - { version: two }`), want: []want{
			E("15:31", "unknown key \"field\" in an earlier version of \"Order Placed\"; did you mean \"fields\"?"),
			E("16:17", "an earlier version of \"Order Placed\" must be a mapping (`key: value` lines), not \"2\""),
			E("17:28", "the version of an earlier version of \"Order Placed\" must be a whole number from 1 up, not \"two\""),
		}},
		{name: "earlier not a list", yaml: versioned(`
			version: 2
			earlier: { version: 1 }`), want: []want{
			E("14:22", "earlier versions of \"Order Placed\" must be a list (`- item` lines or [a, b]), not a mapping"),
		}},
		{name: "earlier fields typed like any event's", yaml: versioned(`
			version: 2
			earlier:
			  - version: 1
			    fields: { amount: money, eventId: string, "": int, tags: "[string]" }`), want: []want{
			E("16:35", "field \"amount\": unknown type \"money\"; did you mean \"decimal\"?"),
			E("16:51", "field \"eventId\" of event \"Order Placed version 1\" is string, but every event carries \"eventId\" as uuid; make it uuid or rename the field"),
			E("16:59", "a field of Order Placed version 1 has a blank name"),
			E("16:74", "~field \"tags\": \"[string]\" is not a type"),
		}},
		{name: "earlier field of an unknown type names it", yaml: versioned(`
			version: 2
			earlier: [{ version: 1, fields: { status: Order Status } }]`), want: []want{
			E("14:55", "~field \"status\": unknown type \"Order Status\""),
		}},
	})
}

func TestAggregateStore(t *testing.T) {
	agg := func(store string) string {
		return orderingWith("- name: Order\n"+store+"  commands:\n    - name: Place Order\n      creates: true\n      emits: [Order Placed]\n  events:\n    - name: Order Placed\n", "")
	}
	for _, tc := range []struct {
		store, want string
		event       bool
	}{{"", StoreState, false}, {"  store: state\n", StoreState, false}, {"  store: events\n", StoreEvents, true}} {
		m, diags := loadValidate(agg(tc.store))
		if diags.HasErrors() {
			t.Fatalf("%q: %v", tc.store, diags)
		}
		if a := m.Contexts[0].Aggregates[0]; a.Store != tc.want || a.EventSourced() != tc.event {
			t.Errorf("%q: store %q, event sourced %v; want %q", tc.store, a.Store, a.EventSourced(), tc.want)
		}
	}
	runCases(t, []tcase{
		{name: "store unknown", yaml: agg("  store: event\n"), want: []want{
			E("7:16", "store of aggregate \"Order\" must be state (a state row, the default) or events (the aggregate's events are its storage), not \"event\"; did you mean \"events\"?"),
		}},
		{name: "store list", yaml: agg("  store: [events]\n"), want: []want{
			E("7:16", "store of aggregate \"Order\" must be text, not a list"),
		}},
		{name: "store empty", yaml: agg("  store:\n"), want: []want{
			E("7:15", "store of aggregate \"Order\" is empty"),
		}},
	})
}

// TestNoVersionKeysSameModel checks that the aggregate's version field and
// an event's own version stay apart: a field named version is the
// aggregate's version, whatever the event's version says.
func TestEventVersionIsNotTheVersionField(t *testing.T) {
	m, diags := loadValidate(versioned("version: 3\nfields: { version: int, amount: decimal }\nearlier: [{ version: 2, fields: { amount: decimal } }]"))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	e := m.Contexts[0].Aggregates[0].Events[0]
	if e.Version != 3 || len(e.Fields) != 2 || e.Fields[0].Name != VersionField {
		t.Fatalf("version %d, fields %d", e.Version, len(e.Fields))
	}
	if f := e.Field(VersionField); f == nil || f.Type.String() != "int" || f.Pos != e.Pos {
		t.Errorf("the implicit version field is %+v", f)
	}
	if fields, ok := e.VersionFields(2); !ok || len(fields) != 1 {
		t.Errorf("version 2: %v %v", fields, ok)
	}
	if _, ok := e.VersionFields(1); ok {
		t.Error("version 1 is not accepted")
	}
}

func TestUpcastCopies(t *testing.T) {
	m, diags := loadValidate(versioned(`
		version: 2
		fields: { customerId: string, amount: decimal, currency: string, note: optional string }
		earlier:
		  - version: 1
		    fields: { amount: int, customerId: string, note: optional string, legacy: bool }`))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	e := m.Contexts[0].Aggregates[0].Events[0]
	v1, _ := e.VersionFields(1)
	var got []string
	for _, p := range UpcastCopies(v1, e.Fields) {
		got = append(got, p[0].Name+"→"+p[1].Name)
	}
	if want := []string{"customerId→customerId", "note→note"}; !reflect.DeepEqual(got, want) {
		t.Errorf("copies %v, want %v", got, want)
	}
}

// TestEarlierVersionsAreContracts checks that a reader's types hold what
// an earlier version of an event it reads carries, as for the current one.
func TestEarlierVersionsAreContracts(t *testing.T) {
	model := doc(`
		- name: Shipping
		  types:
		    - { name: Mode, enum: [air, sea] }
		  aggregates:
		    - name: Parcel
		      commands: [{ name: Send, creates: true, emits: [Sent] }]
		      events:
		        - name: Sent
		          version: 2
		          earlier: [{ version: 1, fields: { mode: Mode } }]
		- name: Tracking
		  types:
		    - { name: Mode, enum: [air] }
		  readModels:
		    - { name: Parcels, fields: { parcelId: uuid }, from: [Shipping.Sent] }
		`)
	check(t, tcase{name: "earlier carries a type", yaml: model, want: []want{
		E("18:61", "Tracking's Mode (line 16:9) lacks \"sea\", which Shipping.Sent may send in Shipping's Mode (line 6:9); add it to the enum"),
	}})
}
