package board

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"eventstorm/model"
)

// Kind is the kind of a sticky on the board.
type Kind int

// The kinds of stickies, in the order of the flow.
const (
	Context Kind = iota
	Actor
	Command
	Aggregate
	Event
	Policy
	ReadModel
	External
	Hotspot
	Type
)

var kindNames = [...]string{"context", "actor", "command", "aggregate", "event", "policy",
	"read model", "external system", "hotspot", "type"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "element"
}

// Key names an element across edits: its kind, its context and its name (for
// a hotspot, its text; for an actor, the actor's name).
type Key struct {
	Kind    Kind
	Context string
	Name    string
}

func (k Key) String() string { return fmt.Sprintf("%s %q", k.Kind, k.Name) }

// KeyOf is the key of a model element.
func KeyOf(x any) Key {
	switch e := x.(type) {
	case *model.Context:
		return Key{Context, e.Name, e.Name}
	case *model.Aggregate:
		return Key{Aggregate, e.Context.Name, e.Name}
	case *model.Command:
		return Key{Command, e.Aggregate.Context.Name, e.Name}
	case *model.Event:
		return Key{Event, e.Aggregate.Context.Name, e.Name}
	case *model.Policy:
		return Key{Policy, e.Context.Name, e.Name}
	case *model.ReadModel:
		return Key{ReadModel, e.Context.Name, e.Name}
	case *model.ExternalSystem:
		return Key{External, e.Context.Name, e.Name}
	case *model.Hotspot:
		return Key{Hotspot, e.Context.Name, e.Text}
	case *model.Type:
		return Key{Type, e.Context.Name, e.Name}
	}
	return Key{}
}

// ContextNamed returns the context with the name, or nil.
func (b *Board) ContextNamed(name string) *model.Context {
	for _, c := range b.Model.Contexts {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Find returns the element with the key, or nil. For an actor it returns the
// first command the actor issues.
func (b *Board) Find(k Key) any {
	c := b.ContextNamed(k.Context)
	if c == nil {
		return nil
	}
	if k.Kind == Context {
		return c
	}
	var found any
	each(c, func(x any) bool {
		switch k.Kind {
		case Actor:
			if cmd, ok := x.(*model.Command); ok && cmd.Actor == k.Name {
				found = cmd
			}
		default:
			if KeyOf(x) == k {
				found = x
			}
		}
		return found == nil
	})
	return found
}

// each visits the elements of a context (types, aggregates with their
// commands and events, policies, read models, external systems, hotspots)
// until fn returns false.
func each(c *model.Context, fn func(any) bool) bool {
	for _, t := range c.Types {
		if !fn(t) {
			return false
		}
	}
	for _, a := range c.Aggregates {
		if !fn(a) {
			return false
		}
		for _, cmd := range a.Commands {
			if !fn(cmd) {
				return false
			}
		}
		for _, e := range a.Events {
			if !fn(e) {
				return false
			}
		}
	}
	for _, p := range c.Policies {
		if !fn(p) {
			return false
		}
	}
	for _, r := range c.ReadModels {
		if !fn(r) {
			return false
		}
	}
	for _, x := range c.ExternalSystems {
		if !fn(x) {
			return false
		}
	}
	for _, h := range c.Hotspots {
		if !fn(h) {
			return false
		}
	}
	return true
}

// Elements lists the elements of a context in board order.
func Elements(c *model.Context) []any {
	var out []any
	each(c, func(x any) bool { out = append(out, x); return true })
	return out
}

// posOf is where an element's mapping (or scalar, for a short hotspot)
// starts.
func posOf(x any) model.Pos {
	switch e := x.(type) {
	case *model.Hotspot:
		return e.Pos
	case *model.Context:
		return e.Pos
	}
	if el := element(x); el != nil {
		return el.Pos
	}
	return model.Pos{}
}

func element(x any) *model.Element {
	switch e := x.(type) {
	case *model.Context:
		return &e.Element
	case *model.Aggregate:
		return &e.Element
	case *model.Command:
		return &e.Element
	case *model.Event:
		return &e.Element
	case *model.Policy:
		return &e.Element
	case *model.ReadModel:
		return &e.Element
	case *model.ExternalSystem:
		return &e.Element
	case *model.Type:
		return &e.Element
	}
	return nil
}

// node returns the YAML node of an element: its mapping, or for a hotspot
// written as a bare string, the scalar.
func (b *Board) node(x any) *yaml.Node {
	p := posOf(x)
	if n := b.ix.mappings[p]; n != nil {
		return n
	}
	return b.ix.scalars[p]
}

// lookup returns the element and its node for a key, or an error.
func (b *Board) lookup(k Key) (any, *yaml.Node, error) {
	x := b.Find(k)
	if x == nil {
		return nil, nil, fmt.Errorf("there is no %s", k)
	}
	n := b.node(x)
	if n == nil {
		return nil, nil, fmt.Errorf("cannot find %s in the file", k)
	}
	return x, n, nil
}

// Span is the range of lines and columns an element takes in the file.
func (b *Board) Span(x any) (start, end model.Pos) {
	n := b.node(x)
	if n == nil {
		return model.Pos{}, model.Pos{}
	}
	return model.Pos{Line: n.Line, Col: n.Column}, b.ix.end[n]
}

// At returns the innermost element of the model whose text contains the
// position, or nil; diagnostics are placed on stickies with it.
func (b *Board) At(p model.Pos) any {
	var best any
	var bestStart model.Pos
	for _, c := range b.Model.Contexts {
		for _, x := range append([]any{c}, Elements(c)...) {
			s, e := b.Span(x)
			if s.Line == 0 || p.Less(s) || p.Line > e.Line {
				continue
			}
			if best == nil || bestStart.Less(s) || bestStart == s {
				best, bestStart = x, s
			}
		}
	}
	return best
}
