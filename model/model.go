// Package model holds an EventStorming board as written in eventstorm.yaml
// (format 1): Load reads it keeping the position of every element, Validate
// checks every rule of the format and resolves references between elements.
// It knows nothing of the code generated from it.
package model

import (
	"sort"
	"sync"
	"sync/atomic"

	"gopkg.in/yaml.v3"

	"eventstorm/model/names"
)

// FormatVersion is the only model format this build reads.
const FormatVersion = 1

// Pos is a position in the model file, 1-based.
type Pos struct {
	Line int `json:"line"`
	Col  int `json:"column"`
}

// Less orders positions from the top of the file.
func (p Pos) Less(q Pos) bool {
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// Element is what every sticky note has: the name as written on it, an
// optional explicit identifier base, and where it stands in the file.
type Element struct {
	Name        string
	Code        string
	Description string
	Pos         Pos // the element's mapping
	NamePos     Pos // the name's value
	CodePos     Pos // the code's value, when given
	// DescriptionPos is the description's value, when given.
	DescriptionPos Pos
	// Source is the board sticky the element was imported from, when the
	// file says (`source:`); it changes nothing in generated output.
	Source *Source
}

// Base is the text identifiers are derived from: the code when given, else
// the name.
func (e *Element) Base() string {
	if e.Code != "" {
		return e.Code
	}
	return e.Name
}

// Ident is the element's exported Go identifier, e.g. "PlaceOrder".
func (e *Element) Ident() string { return names.GoExported(e.Base()) }

// Kebab is the element's kebab-case form, for topics, URLs and folders.
func (e *Element) Kebab() string { return names.Kebab(e.Base()) }

// Snake is the element's snake_case form, for tables and columns.
func (e *Element) Snake() string { return names.Snake(e.Base()) }

// Model is a whole board: one system of bounded contexts.
type Model struct {
	File          string // path the model was read from, as given
	Format        int
	System        string
	Code          string // optional identifier base for the system
	Module        string // Go module path; defaulted by Validate
	Description   string
	Contexts      []*Context
	Relationships []*Relationship
	Flows         []*Flow
	Pos           Pos
	SystemPos     Pos
	CodePos       Pos // the code's value, when given
	ModulePos     Pos // the module's value, when given
	// DescriptionPos is the description's value, when given.
	DescriptionPos Pos

	// Doc is the parsed YAML document, kept so that editors can write the
	// model back with its comments and ordering.
	Doc *yaml.Node

	// contextsWritten counts the entries under `contexts:` in the file, so
	// that Validate does not call a model whose contexts all failed to load
	// a model without contexts.
	contextsWritten int

	// sources are the spans of elements with a `source:`, so that
	// diagnostics inside them name the sticky.
	sources []sourceSpan
}

// SystemBase is the text the system's identifiers derive from.
func (m *Model) SystemBase() string {
	if m.Code != "" {
		return m.Code
	}
	return m.System
}

// Context is a bounded context; it becomes one service.
type Context struct {
	Element
	Types           []*Type
	Aggregates      []*Aggregate
	Policies        []*Policy
	ReadModels      []*ReadModel
	ExternalSystems []*ExternalSystem
	Hotspots        []*Hotspot
}

// Type is an enum or a value object of a context.
type Type struct {
	Element
	Context *Context
	Enum    []*EnumValue // set for an enum
	Fields  []*Field     // set for a value object
}

// IsEnum reports whether the type is an enum rather than a value object.
func (t *Type) IsEnum() bool { return t.Enum != nil }

// EnumValue is one value of an enum.
type EnumValue struct {
	Value string
	Pos   Pos
}

// Field is one entry of a `fields` mapping.
type Field struct {
	Name    string
	Type    *TypeRef
	Pos     Pos // the field's key
	TypePos Pos // the field's type
}

// Ident is the field's exported Go identifier, e.g. "CustomerID".
func (f *Field) Ident() string { return names.GoExported(f.Name) }

// JSON is the field's wire name, e.g. "customerId".
func (f *Field) JSON() string { return names.JSON(f.Name) }

// Snake is the field's column name, e.g. "customer_id".
func (f *Field) Snake() string { return names.Snake(f.Name) }

// Aggregate is a consistency boundary with its commands and events.
type Aggregate struct {
	Element
	Context   *Context
	ID        string // id field name, defaulted by Validate (e.g. "orderId")
	IDType    string // "uuid" or "string", defaulted by Validate
	IDPos     Pos
	Fields    []*Field
	Commands  []*Command
	Events    []*Event
	Scenarios []*Scenario
	// Store is how the aggregate is stored (`store:`): StoreState, its
	// state row (the default, set by Validate), or StoreEvents, its events,
	// from which the state is rebuilt by applying them. An aggregate built
	// in code with none reads as StoreState (see EventSourced).
	Store string
	// StorePos is the store's value, when given.
	StorePos Pos
}

// The ways an aggregate may be stored (`store:`).
const (
	StoreState  = "state"
	StoreEvents = "events"
)

// Stores are the values `store:` may take, the default first.
var Stores = []string{StoreState, StoreEvents}

// EventSourced reports whether the aggregate's events are its storage
// (`store: events`) rather than a state row.
func (a *Aggregate) EventSourced() bool { return a.Store == StoreEvents }

// IDField is the aggregate's id as a field.
func (a *Aggregate) IDField() *Field {
	return &Field{Name: a.ID, Type: &TypeRef{Kind: Scalar, Scalar: a.IDType}, Pos: a.IDPos, TypePos: a.IDPos}
}

// Command is an intention, handled by its aggregate.
type Command struct {
	Element
	Aggregate *Aggregate
	Actor     string
	Creates   bool
	Fields    []*Field
	Emits     []*Ref
	Rules     []*Rule
	Uses      []*Ref
}

// EmittedEvents are the resolved events of Emits, in order.
func (c *Command) EmittedEvents() []*Event {
	var out []*Event
	for _, r := range c.Emits {
		if e, ok := r.Target.(*Event); ok {
			out = append(out, e)
		}
	}
	return out
}

// UsedSystems are the resolved external systems of Uses, in order.
func (c *Command) UsedSystems() []*ExternalSystem {
	var out []*ExternalSystem
	for _, r := range c.Uses {
		if x, ok := r.Target.(*ExternalSystem); ok {
			out = append(out, x)
		}
	}
	return out
}

// Rule is a business rule of a command, written in free text.
type Rule struct {
	Text string
	Pos  Pos
}

// Event is a domain event of an aggregate.
type Event struct {
	Element
	Aggregate *Aggregate
	Fields    []*Field // as written, without the implicit ones
	// Version is the event's current version (`version:` on the event),
	// the one its producer publishes with Fields: 1 unless the model says
	// otherwise. It is not the aggregate's version that every event
	// carries as the implicit field VersionField. An event built in code
	// with 0 reads as version 1 (see CurrentVersion).
	Version int
	// VersionPos is the version's value, when given.
	VersionPos Pos
	// Earlier are the versions published before the current one that
	// consumers may still receive (`earlier:`), as written; Validate
	// checks that each is below Version and that none repeats.
	Earlier []*EarlierVersion
}

// EarlierVersion is one earlier version of an event: its number and the
// fields it carried (the implicit ones aside, as for Event.Fields).
type EarlierVersion struct {
	Version int
	Fields  []*Field
	Pos     Pos // the entry's mapping
	// VersionPos is the version's value.
	VersionPos Pos
}

// EventVersion is one version of an event, the current one or an earlier
// one: its number and its written fields.
type EventVersion struct {
	Version int
	Fields  []*Field
	// Current is true for the version the producer publishes.
	Current bool
	Pos     Pos
}

// CurrentVersion is the version the event's producer publishes: Version,
// or 1 when it is not set.
func (e *Event) CurrentVersion() int {
	if e.Version < 1 {
		return 1
	}
	return e.Version
}

// Versioned reports whether the event has more than its first version: a
// current version above 1, or earlier versions.
func (e *Event) Versioned() bool { return e.CurrentVersion() > 1 || len(e.Earlier) > 0 }

// Versions lists every version of the event that consumers accept, the
// current one and the earlier ones, from the lowest number up. A version
// written twice is listed once, the current one first of equals.
func (e *Event) Versions() []EventVersion {
	out := []EventVersion{{Version: e.CurrentVersion(), Fields: e.Fields, Current: true, Pos: e.Pos}}
	seen := map[int]bool{e.CurrentVersion(): true}
	for _, ev := range e.Earlier {
		if !seen[ev.Version] {
			seen[ev.Version] = true
			out = append(out, EventVersion{Version: ev.Version, Fields: ev.Fields, Pos: ev.Pos})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out
}

// VersionFields returns the written fields of version n of the event, and
// whether consumers accept that version.
func (e *Event) VersionFields(n int) ([]*Field, bool) {
	for _, v := range e.Versions() {
		if v.Version == n {
			return v.Fields, true
		}
	}
	return nil, false
}

// The fields every event carries without listing them (see AllFields).
const (
	EventIDField    = "eventId"
	OccurredAtField = "occurredAt"
	VersionField    = "version"
)

// AllFields are the event's fields including the implicit ones: the event
// id, the aggregate id, the time it occurred and the aggregate's version,
// followed by the written fields. A written field that repeats an implicit
// one is listed once.
func (e *Event) AllFields() []*Field {
	implicit := []*Field{
		{Name: EventIDField, Type: &TypeRef{Kind: Scalar, Scalar: UUID}, Pos: e.Pos, TypePos: e.Pos},
		e.Aggregate.IDField(),
		{Name: OccurredAtField, Type: &TypeRef{Kind: Scalar, Scalar: Time}, Pos: e.Pos, TypePos: e.Pos},
		{Name: VersionField, Type: &TypeRef{Kind: Scalar, Scalar: Int}, Pos: e.Pos, TypePos: e.Pos},
	}
	out := implicit
	for _, f := range e.Fields {
		if !sameFieldName(f.Name, e.Aggregate.ID) && !isImplicitEventField(f.Name) {
			out = append(out, f)
		}
	}
	return out
}

// Field returns the event field (implicit ones included) with the given
// name, compared as identifiers.
func (e *Event) Field(name string) *Field {
	key := fieldKey(name)
	switch key {
	case fieldKey(EventIDField), fieldKey(e.Aggregate.ID), fieldKey(OccurredAtField), fieldKey(VersionField):
		for _, f := range e.AllFields()[:4] {
			if fieldKey(f.Name) == key {
				return f
			}
		}
	}
	for _, f := range e.Fields {
		if fieldKey(f.Name) == key {
			return f
		}
	}
	return nil
}

// UpcastCopies pairs the fields of an earlier version (from) with the
// fields of the version it is converted to (to) that have the same name
// and type, in to's order: the fields a generated upcaster copies. The
// fields of to left unpaired are the team's to fill in.
func UpcastCopies(from, to []*Field) [][2]*Field {
	var out [][2]*Field
	for _, t := range to {
		for _, f := range from {
			if sameFieldName(f.Name, t.Name) && f.Type.Same(t.Type) {
				out = append(out, [2]*Field{f, t})
				break
			}
		}
	}
	return out
}

// Scenario is a Given/When/Then specification of an aggregate.
type Scenario struct {
	Name     string
	Pos      Pos
	Given    []*Ref
	When     *Ref
	Then     []*Ref
	Rejected bool // `then: rejected` or `then: { rejected: <rule> }`
	ThenPos  Pos
	// Rule is the rule a rejected scenario names (`then: { rejected:
	// <rule> }`), resolved by Validate; RuleText and RulePos are as written.
	Rule     *Rule
	RuleText string
	RulePos  Pos
}

// Policy reacts to an event by issuing a command: whenever ... then ...
type Policy struct {
	Element
	Context   *Context
	When      *Ref // an *Event, possibly of another context
	Then      *Ref // a *Command of this context
	Target    string
	TargetPos Pos
	// TargetField is the resolved event field holding the target aggregate's
	// id; nil when the command creates its aggregate.
	TargetField *Field
}

// Event is the resolved triggering event; nil when unresolved.
func (p *Policy) Event() *Event {
	if p.When == nil {
		return nil
	}
	e, _ := p.When.Target.(*Event)
	return e
}

// Command is the resolved command issued; nil when unresolved.
func (p *Policy) Command() *Command {
	if p.Then == nil {
		return nil
	}
	c, _ := p.Then.Target.(*Command)
	return c
}

// ReadModel is a query-side view built from events.
type ReadModel struct {
	Element
	Context *Context
	Key     string
	KeyPos  Pos
	Fields  []*Field
	From    []*Projection
}

// KeyField is the read model's key field; set by Validate.
func (r *ReadModel) KeyField() *Field {
	for _, f := range r.Fields {
		if sameFieldName(f.Name, r.Key) {
			return f
		}
	}
	return nil
}

// Projection is one `from` entry of a read model.
type Projection struct {
	Event  *Ref
	Set    []*SetValue
	Delete bool
	Pos    Pos
	// KeyField is the resolved event field the row's key comes from.
	KeyField *Field
}

// SourceEvent is the resolved event; nil when unresolved.
func (p *Projection) SourceEvent() *Event {
	if p.Event == nil {
		return nil
	}
	e, _ := p.Event.Target.(*Event)
	return e
}

// SetValue is one constant of a projection's `set`.
type SetValue struct {
	Field string
	Value string // the YAML scalar as written
	Tag   string // the YAML tag of the scalar (!!str, !!int, ...)
	Pos   Pos    // the value
	// FieldPos is the position of the field's name.
	FieldPos Pos
}

// ExternalSystem is a system outside the context that commands call.
type ExternalSystem struct {
	Element
	Context *Context
	Calls   []*Operation
}

// Operation is one call of an external system.
type Operation struct {
	Name string
	Pos  Pos
}

// Ident is the operation's Go method name.
func (o *Operation) Ident() string { return names.GoExported(o.Name) }

// Hotspot is an open question or problem noted on the board.
type Hotspot struct {
	Text    string
	On      *Ref // optional
	Pos     Pos
	Context *Context
	Source  *Source // the sticky it was imported from, when written
}

// Relationship is a declared upstream/downstream pair of contexts.
type Relationship struct {
	Upstream   *Ref
	Downstream *Ref
	Pattern    string
	Pos        Pos
	PatternPos Pos
}

// Patterns are the context-mapping patterns a relationship may name.
var Patterns = []string{"anti-corruption-layer", "conformist", "customer-supplier",
	"open-host-service", "partnership", "published-language", "shared-kernel"}

// Ref is a reference to another element by name or code, possibly
// qualified by its context ("Ordering.Order Placed"). Validate resolves it.
type Ref struct {
	Text   string
	Pos    Pos
	Target any // *Event, *Command, *Context, *ExternalSystem, ...; nil if unresolved
	// Values are the field values written with the reference in a
	// scenario or flow step (`{ Place Order: { amount: "12.50" } }`); none
	// for a bare name.
	Values []*FieldValue
}

// FieldValue is a value given to a field in a scenario or flow step.
type FieldValue struct {
	Name  string
	Pos   Pos // the field's name
	Value *Value
	// Field is the field named, resolved by Validate; nil when unknown.
	Field *Field
}

// Value is a value as written in the model: a scalar, a list or a mapping
// of field values (a value object).
type Value struct {
	Pos    Pos
	Kind   ValueKind
	Text   string        // a scalar as written
	Tag    string        // the YAML tag of a scalar (!!str, !!int, !!null...)
	Items  []*Value      // a list
	Fields []*FieldValue // a mapping
}

// ValueKind tells the shape of a Value.
type ValueKind int

// The shapes of a value.
const (
	ScalarValue ValueKind = iota
	ListValue
	MapValue
)

func sameFieldName(a, b string) bool { return a == b || fieldKey(a) == fieldKey(b) }

// fieldKeys memoizes fieldKey: field names repeat across a model, and
// validation compares them often. It holds at most maxFieldKeys names.
var (
	fieldKeys     sync.Map // string → string
	fieldKeyCount atomic.Int64
)

const maxFieldKeys = 100_000

// fieldKey is what field names are compared by: their identifier, so that
// "customerId", "customer id" and "customer_id" are one field.
func fieldKey(name string) string {
	if k, ok := fieldKeys.Load(name); ok {
		return k.(string)
	}
	k := names.Pascal(name)
	if len(name) <= 200 && fieldKeyCount.Load() < maxFieldKeys {
		if _, loaded := fieldKeys.LoadOrStore(name, k); !loaded {
			fieldKeyCount.Add(1)
		}
	}
	return k
}

func isImplicitEventField(name string) bool {
	return sameFieldName(name, EventIDField) || sameFieldName(name, OccurredAtField) ||
		sameFieldName(name, VersionField)
}
