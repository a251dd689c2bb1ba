package model

import "fmt"

// Generated code copies fields by name: an event's fields to its
// aggregate's state, to the rows of the read models built from it and to
// the command a policy issues on it; a command's fields, else its
// aggregate's state, to the events it emits. Every copy follows one rule,
// TypeRef.Fills. Validate reports, once every reference and field type is
// resolved:
//
//   - as an error, a same-named source field that is optional of the
//     target's required type: nothing is copied, since the value may be
//     absent, so the target must be made optional or the source required
//     (except from the state to an event: the state's field of the same
//     name is no choice the user made for that event);
//   - as a warning, a field of an aggregate's state or of a read model's
//     row that nothing fills: no copy, no `set`, and for the state not the
//     id or version every event sets. Commands and events have hand-written
//     hooks that fill what no copy does, so their fields are not reported.
func (v *validator) fills() {
	for _, c := range v.m.Contexts {
		for _, a := range c.Aggregates {
			v.stateFills(a)
			for _, cmd := range a.Commands {
				v.emitFills(cmd)
			}
		}
		for _, p := range c.Policies {
			v.policyFills(p)
		}
		for _, r := range c.ReadModels {
			if key := v.rows[r]; key != nil {
				v.rowFills(r, key)
			}
		}
	}
}

// copyEnd is one side of a copy by name: a field and what holds it, as
// messages name it, e.g. `event "Order Placed"`.
type copyEnd struct {
	owner string
	field *Field
}

// optionalCopy reports a copy from src to target that does not happen
// because src is optional of target's required type, and returns whether
// it did. prefix starts the message: the element whose copy it is.
func (v *validator) optionalCopy(prefix string, target, src copyEnd) bool {
	t, s := target.field.Type, src.field.Type
	if s.Kind != Optional || !s.Elem.Fills(t) {
		return false
	}
	what := fmt.Sprintf("field %q", target.field.Name)
	if prefix != target.owner {
		what += " of " + target.owner
	}
	v.errorf(target.field.Pos, "%s: %s is %s, but %s has it as %s (%s), which may be absent, so it is never copied; make it optional in %s (%s: optional %s) or required in %s (%s: %s)",
		prefix, what, t, src.owner, s, at(src.field.Pos), target.owner, target.field.Name, t, src.owner, src.field.Name, s.Elem)
	return true
}

// stateFills checks the copies from an aggregate's events to its state.
func (v *validator) stateFills(a *Aggregate) {
	owner := "aggregate " + quote(a.Name)
	for _, f := range a.Fields {
		if v.badFields[f] || sameFieldName(f.Name, a.ID) || sameFieldName(f.Name, VersionField) {
			continue // reported already; or set by every event
		}
		filled, reported := false, false
		for _, e := range a.Events {
			src := writtenField(e, f.Name)
			switch {
			case src == nil:
			case src.Type.Fills(f.Type):
				filled = true
			case v.optionalCopy(owner, copyEnd{owner, f}, copyEnd{"event " + quote(e.Name), src}):
				reported = true
			}
		}
		if !filled && !reported {
			v.warnf(f.Pos, "aggregate %q: field %q is never filled: no event of %q has a field %q of type %s; add it to the events that change it, or set it by hand when an event is applied", a.Name, f.Name, a.Name, f.Name, f.Type)
		}
	}
}

// emitFills checks the copies from a command to the events it emits. An
// optional command field is reported even where the aggregate's state has
// a field that fills the event's, since the command's would be ignored.
// The state's own fields are not reported: where one does not fill an
// event's field, the command's hand-written decision sets it.
func (v *validator) emitFills(cmd *Command) {
	prefix := "command " + quote(cmd.Name)
	for _, e := range cmd.EmittedEvents() {
		for _, f := range e.Fields {
			if writtenField(e, f.Name) != f {
				continue // one every event carries, which is not copied
			}
			if src := fieldNamed(cmd.Fields, f.Name); src != nil && !src.Type.Fills(f.Type) {
				v.optionalCopy(prefix, copyEnd{"event " + quote(e.Name), f}, copyEnd{prefix, src})
			}
		}
	}
}

// policyFills checks the copies from a policy's event to its command; the
// id of the aggregate a command acts on comes from the policy's target.
func (v *validator) policyFills(p *Policy) {
	e, cmd := p.Event(), p.Command()
	if e == nil || cmd == nil {
		return
	}
	prefix := "policy " + quote(p.Name)
	for _, f := range cmd.Fields {
		if !cmd.Creates && sameFieldName(f.Name, cmd.Aggregate.ID) {
			continue
		}
		if src := e.Field(f.Name); src != nil && !src.Type.Fills(f.Type) {
			v.optionalCopy(prefix, copyEnd{"command " + quote(cmd.Name), f}, copyEnd{"event " + quote(refName(p.Context, e)), src})
		}
	}
}

// rowFills checks the copies from a read model's events to its rows, whose
// key, a field of the row, is filled by the projections' keys.
func (v *validator) rowFills(r *ReadModel, key *Field) {
	owner := "read model " + quote(r.Name)
	filled := map[*Field]bool{key: true}
	reported := map[*Field]bool{}
	for _, pr := range r.From {
		e := pr.SourceEvent()
		if e == nil || pr.Delete {
			continue
		}
		for _, f := range r.Fields {
			src := e.Field(f.Name)
			switch {
			case f == key || src == nil:
			case src.Type.Fills(f.Type):
				filled[f] = true
			case v.optionalCopy(owner, copyEnd{owner, f}, copyEnd{"event " + quote(refName(r.Context, e)), src}):
				reported[f] = true
			}
		}
		for _, s := range pr.Set {
			if f := fieldNamed(r.Fields, s.Field); f != nil {
				filled[f] = true
			}
		}
	}
	for _, f := range r.Fields {
		if !filled[f] && !reported[f] && !v.badFields[f] {
			v.warnf(f.Pos, "read model %q: field %q is never filled: no event of `from` has a field %q of type %s, and no `set` gives it", r.Name, f.Name, f.Name, f.Type)
		}
	}
}

// writtenField is the event's field of the given name as written, unless
// it repeats one every event carries (its id, its aggregate's id, the time
// it occurred, its version), which generated code sets from the event's
// metadata rather than copies.
func writtenField(e *Event, name string) *Field {
	if sameFieldName(name, e.Aggregate.ID) || isImplicitEventField(name) {
		return nil
	}
	return fieldNamed(e.Fields, name)
}

// fieldNamed finds the field of the given name, compared as identifiers.
func fieldNamed(fields []*Field, name string) *Field {
	for _, f := range fields {
		if sameFieldName(f.Name, name) {
			return f
		}
	}
	return nil
}

// refName is an event's name as a context refers to it: qualified by its
// context when it is another's.
func refName(c *Context, e *Event) string {
	if e.Aggregate.Context == c {
		return e.Name
	}
	return e.Aggregate.Context.Name + "." + e.Name
}
