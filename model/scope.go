package model

import (
	"fmt"
	"sort"
	"strings"

	"eventstorm/model/names"
)

// scope is the namespace of one context: aggregates, commands, events,
// policies, read models, types and external systems share it, so a name
// alone identifies an element inside its context. The one exception is a
// policy, which may share its name (or identifier) with a command or an
// event, as boards name a policy after what it follows ("Start Delivery"
// beside the command Start Delivery): generated code declares policies in
// a package of their own, so their identifiers do not collide, and every
// reference that may name a policy (a hotspot's `on`) prefers the other.
type scope struct {
	ctx     *Context
	byName  map[string][]any // name and code as written
	byIdent map[string][]any // derived identifier
	order   []any            // the declared elements, for suggestions
}

// mayShare reports whether two elements of one context may have the same
// name or identifier.
func mayShare(x, y any) bool {
	_, xp := x.(*Policy)
	_, yp := y.(*Policy)
	switch {
	case xp == yp:
		return false
	case xp:
		return isCommandOrEvent(y)
	}
	return isCommandOrEvent(x)
}

func isCommandOrEvent(x any) bool {
	switch x.(type) {
	case *Command, *Event:
		return true
	}
	return false
}

// clash is the first of xs that x may not share a name or identifier with,
// or nil.
func clash(x any, xs []any) any {
	for _, y := range xs {
		if !mayShare(x, y) {
			return y
		}
	}
	return nil
}

// preferred is the element a reference names among those sharing its name:
// the one that is not a policy.
func preferred(xs []any) any {
	for _, x := range xs {
		if _, ok := x.(*Policy); !ok {
			return x
		}
	}
	if len(xs) > 0 {
		return xs[0]
	}
	return nil
}

// kindOf names the kind of an element for messages.
func kindOf(x any) string {
	switch x.(type) {
	case *Aggregate:
		return "aggregate"
	case *Command:
		return "command"
	case *Event:
		return "event"
	case *Policy:
		return "policy"
	case *ReadModel:
		return "read model"
	case *Type:
		return "type"
	case *ExternalSystem:
		return "external system"
	case *Context:
		return "context"
	}
	return "element"
}

func elementOf(x any) *Element {
	switch e := x.(type) {
	case *Aggregate:
		return &e.Element
	case *Command:
		return &e.Element
	case *Event:
		return &e.Element
	case *Policy:
		return &e.Element
	case *ReadModel:
		return &e.Element
	case *Type:
		return &e.Element
	case *ExternalSystem:
		return &e.Element
	case *Context:
		return &e.Element
	}
	return nil
}

// declare builds the scope of a context, reporting names that repeat or
// whose identifiers collide, and names that give no identifier.
func (v *validator) declare(c *Context) *scope {
	s := &scope{ctx: c, byName: map[string][]any{}, byIdent: map[string][]any{}}
	add := func(x any) {
		e := elementOf(x)
		kind := kindOf(x)
		if !v.derivable(e, kind) {
			s.byName[e.Name] = append(s.byName[e.Name], x)
			return
		}
		if prev := clash(x, s.byName[e.Name]); prev != nil {
			v.collision(e, kind, elementOf(prev), kindOf(prev))
			return
		}
		id := e.Ident()
		if prev := clash(x, s.byIdent[id]); prev != nil {
			v.collision(e, kind, elementOf(prev), kindOf(prev))
			// Its name still names it, so that references to it do not
			// resolve by identifier to the other and fail again.
			s.byName[e.Name] = append(s.byName[e.Name], x)
			return
		}
		s.byName[e.Name] = append(s.byName[e.Name], x)
		s.byIdent[id] = append(s.byIdent[id], x)
		s.order = append(s.order, x)
		if e.Code != "" && e.Code != e.Name && clash(x, s.byName[e.Code]) == nil {
			s.byName[e.Code] = append(s.byName[e.Code], x)
		}
	}
	for _, t := range c.Types {
		add(t)
	}
	for _, a := range c.Aggregates {
		add(a)
		for _, cmd := range a.Commands {
			add(cmd)
		}
		for _, e := range a.Events {
			add(e)
		}
	}
	for _, p := range c.Policies {
		add(p)
	}
	for _, r := range c.ReadModels {
		add(r)
	}
	for _, x := range c.ExternalSystems {
		add(x)
	}
	return s
}

// lookup finds an element of the scope by name, code or identifier,
// preferring another to a policy of the same name.
func (s *scope) lookup(text string) any {
	if xs, ok := s.byName[text]; ok {
		return preferred(xs)
	}
	if id := names.GoExported(text); id != "" {
		return preferred(s.byIdent[id])
	}
	return nil
}

// resolve finds the element a reference names, in this context or, when
// qualified as "Context.Element", in another. It returns nil when nothing
// is found; the caller reports it.
func (v *validator) resolve(s *scope, r *Ref) any {
	if x := s.lookup(r.Text); x != nil {
		return x
	}
	for i := 0; i < len(r.Text); i++ {
		if r.Text[i] != '.' {
			continue
		}
		ctxName, elem := strings.TrimSpace(r.Text[:i]), strings.TrimSpace(r.Text[i+1:])
		for _, c := range v.m.Contexts {
			if ctxName == c.Name || ctxName == c.Code || (names.Pascal(ctxName) != "" && names.Pascal(ctxName) == names.Pascal(c.Base())) {
				if x := v.scopes[c].lookup(elem); x != nil {
					return x
				}
			}
		}
	}
	return nil
}

func (s *scope) resolveAny(v *validator, r *Ref) any { return v.resolve(s, r) }

// candidates lists the names of the scope's elements for which keep is true,
// sorted, for suggestions.
func (s *scope) candidates(keep func(any) bool) []string {
	var out []string
	for _, x := range s.order {
		if keep(x) {
			out = append(out, elementOf(x).Name)
		}
	}
	sort.Strings(out)
	return out
}

func (s *scope) suggestAny(text string) string {
	return suggest(text, s.candidates(func(any) bool { return true }))
}

// qualifiedEvents lists every event of the model as "Context.Event", for
// suggestions on cross-context references.
func (v *validator) qualifiedEvents(local *Context) []string {
	var out []string
	for _, c := range v.m.Contexts {
		for _, a := range c.Aggregates {
			for _, e := range a.Events {
				if c == local {
					out = append(out, e.Name)
				} else {
					out = append(out, c.Name+"."+e.Name)
				}
			}
		}
	}
	return out
}

// eventRef resolves a reference that must name an event, anywhere.
func (v *validator) eventRef(c *Context, r *Ref, role string) *Event {
	if r == nil {
		return nil
	}
	x := v.resolve(v.scopes[c], r)
	if e, ok := x.(*Event); ok {
		r.Target = e
		return e
	}
	if x != nil {
		v.errorf(r.Pos, "%s %q is %s, not an event", role, r.Text, article(kindOf(x)))
		return nil
	}
	hint := v.elsewhere(c, r.Text)
	if hint == "" {
		hint = v.unknownContext(r.Text)
	}
	if hint == "" {
		hint = suggest(r.Text, v.qualifiedEvents(c))
	}
	if hint == "" && !strings.Contains(r.Text, ".") {
		hint = "; an event of another context is written Context.Event, e.g. Ordering.Order Placed"
	}
	v.errorf(r.Pos, "%s %q is not an event of this model%s", role, r.Text, hint)
	return nil
}

// elsewhere suggests the qualified name of an event of another context that
// an unqualified reference names, e.g. `; did you mean "Ordering.Order
// Placed"? (an event of another context is written Context.Event)`.
func (v *validator) elsewhere(local *Context, text string) string {
	for _, c := range v.m.Contexts {
		if c == local || v.scopes[c] == nil {
			continue
		}
		if e, ok := v.scopes[c].lookup(text).(*Event); ok {
			return fmt.Sprintf("; did you mean %q? (an event of another context is written Context.Event)", c.Name+"."+e.Name)
		}
	}
	return ""
}

// unknownContext explains a qualified reference whose context part names
// no context, e.g. `; there is no context "Payment"; did you mean
// "Payments"?`. It is "" when the text has no dot or names a context.
func (v *validator) unknownContext(text string) string {
	first := ""
	for i := 0; i < len(text); i++ {
		if text[i] != '.' {
			continue
		}
		prefix := strings.TrimSpace(text[:i])
		if first == "" {
			first = prefix
		}
		if v.contextNamed(prefix) != nil {
			return ""
		}
	}
	if first == "" {
		return ""
	}
	return fmt.Sprintf("; there is no context %q%s", first, suggest(first, v.contextNames()))
}

// contextNamed finds a context by name, code or identifier.
func (v *validator) contextNamed(name string) *Context {
	for _, c := range v.m.Contexts {
		if name == c.Name || c.Code != "" && name == c.Code {
			return c
		}
	}
	if id := names.Pascal(name); id != "" {
		for _, c := range v.m.Contexts {
			if id == names.Pascal(c.Base()) {
				return c
			}
		}
	}
	return nil
}

func article(kind string) string {
	if strings.ContainsRune("aeiou", rune(kind[0])) {
		return "an " + kind
	}
	return "a " + kind
}
