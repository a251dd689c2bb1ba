package model

import (
	"strings"

	"eventstorm/model/names"
)

func (v *validator) aggregate(c *Context, a *Aggregate) {
	if a.ID == "" {
		a.ID = names.JSON(a.Base()) + "Id"
		a.IDPos = a.Pos
	} else if v.checkName(a.IDPos, a.ID, "id %q of aggregate %q", a.ID, a.Name) && !identifiable(a.ID) {
		v.errorf(a.IDPos, "id %q of aggregate %q gives no identifier; name it in Latin letters, e.g. orderId", a.ID, a.Name)
	}
	if isImplicitEventField(a.ID) {
		v.errorf(a.IDPos, "aggregate %q: its id field would be %q, the name every event already uses for %s; set `id:` to another name, e.g. id: %s",
			a.Name, a.ID, implicitMeaning(a.ID), names.JSON(a.Base())+"Key")
	}
	if a.IDType == "" {
		a.IDType = UUID
	}
	v.fields(c, a.Fields, "aggregate", a.Name)
	v.implicitFields(a.Fields, "aggregate", a.Name, a.IDField(),
		&Field{Name: VersionField, Type: &TypeRef{Kind: Scalar, Scalar: Int}})

	emitted := map[*Event]bool{}
	for _, cmd := range a.Commands {
		v.command(c, a, cmd)
		for _, e := range cmd.EmittedEvents() {
			emitted[e] = true
		}
	}
	for _, e := range a.Events {
		v.fields(c, e.Fields, "event", e.Name)
		v.implicitFields(e.Fields, "event", e.Name, &Field{Name: EventIDField, Type: &TypeRef{Kind: Scalar, Scalar: UUID}},
			a.IDField(),
			&Field{Name: OccurredAtField, Type: &TypeRef{Kind: Scalar, Scalar: Time}},
			&Field{Name: VersionField, Type: &TypeRef{Kind: Scalar, Scalar: Int}})
		v.eventVersions(c, e)
		if !emitted[e] {
			v.warnf(e.Pos, "event %q is not emitted by any command; add it to a command's `emits:`", e.Name)
		}
	}
	scenarioNames := map[string]*Scenario{}
	for _, s := range a.Scenarios {
		v.checkName(s.Pos, s.Name, "scenario %q of %q", s.Name, a.Name)
		if prev, ok := scenarioNames[names.Pascal(s.Name)]; ok && s.Name != "" && names.Pascal(s.Name) != "" {
			v.errorf(s.Pos, "scenario %q of %q has the same test name as %q at %s", s.Name, a.Name, prev.Name, at(prev.Pos))
		} else {
			scenarioNames[names.Pascal(s.Name)] = s
		}
		v.scenario(c, a, s)
	}
}

// implicitFields checks written fields that repeat one every element of
// the kind carries anyway: the same type is accepted, another is an error.
func (v *validator) implicitFields(fields []*Field, ownerKind, owner string, implicit ...*Field) {
	for _, f := range fields {
		for _, imp := range implicit {
			if sameFieldName(f.Name, imp.Name) && !f.Type.Same(imp.Type) {
				v.errorf(f.TypePos, "field %q of %s %q is %s, but every %s carries %q as %s; make it %s or rename the field", f.Name, ownerKind, owner, f.Type, ownerKind, imp.Name, imp.Type, imp.Type)
			}
		}
	}
}

func (v *validator) command(c *Context, a *Aggregate, cmd *Command) {
	v.fields(c, cmd.Fields, "command", cmd.Name)
	v.implicitFields(cmd.Fields, "command", cmd.Name, a.IDField())
	v.checkName(cmd.Pos, cmd.Actor, "actor %q of command %q", cmd.Actor, cmd.Name)
	emitted := map[*Event]*Ref{}
	for _, r := range cmd.Emits {
		x := v.resolve(v.scopes[c], r)
		e, ok := x.(*Event)
		switch {
		case ok && e.Aggregate == a && emitted[e] != nil:
			v.errorf(r.Pos, "command %q emits %q twice (first at %s); list each event once", cmd.Name, e.Name, at(emitted[e].Pos))
		case ok && e.Aggregate == a:
			emitted[e] = r
			r.Target = e
		case ok:
			v.errorf(r.Pos, "command %q emits %q, an event of aggregate %q; a command emits events of its own aggregate (%q)", cmd.Name, r.Text, e.Aggregate.Name, a.Name)
		case x != nil:
			v.errorf(r.Pos, "command %q emits %q, which is %s, not an event", cmd.Name, r.Text, article(kindOf(x)))
		default:
			v.errorf(r.Pos, "command %q emits %q, which is not an event of %q%s", cmd.Name, r.Text, a.Name, suggest(r.Text, eventNames(a)))
		}
	}
	used := map[*ExternalSystem]*Ref{}
	for _, r := range cmd.Uses {
		x := v.resolve(v.scopes[c], r)
		if xs, ok := x.(*ExternalSystem); ok && xs.Context == c {
			if prev := used[xs]; prev != nil {
				v.errorf(r.Pos, "command %q uses %q twice (first at %s); list each external system once", cmd.Name, xs.Name, at(prev.Pos))
				continue
			}
			used[xs] = r
			r.Target = xs
			continue
		}
		if xs, ok := x.(*ExternalSystem); ok {
			v.errorf(r.Pos, "command %q uses %q, an external system of context %q; a command uses the external systems of its own context, so declare it under %q's `externalSystems:` too", cmd.Name, r.Text, xs.Context.Name, c.Name)
			continue
		}
		v.errorf(r.Pos, "command %q uses %q, which is not an external system of context %q%s", cmd.Name, r.Text, c.Name,
			suggest(r.Text, v.scopes[c].candidates(func(x any) bool { _, ok := x.(*ExternalSystem); return ok })))
	}
	seen := map[string]*Rule{}
	for _, rule := range cmd.Rules {
		v.checkFreeText(rule.Pos, rule.Text, "rule %q of %q", rule.Text, cmd.Name)
		if rule.Text == "" {
			v.errorf(rule.Pos, "command %q has a blank rule", cmd.Name)
			continue
		}
		id := names.Pascal(rule.Text)
		if id == "" {
			continue // named after its position by the generator
		}
		if prev, ok := seen[id]; ok {
			v.errorf(rule.Pos, "rule %q of %q repeats %q at %s", rule.Text, cmd.Name, prev.Text, at(prev.Pos))
			continue
		}
		seen[id] = rule
	}
}

func implicitMeaning(field string) string {
	switch {
	case sameFieldName(field, EventIDField):
		return "its own id"
	case sameFieldName(field, OccurredAtField):
		return "the time it occurred"
	}
	return "the aggregate's version"
}

func eventNames(a *Aggregate) []string {
	out := make([]string, 0, len(a.Events))
	for _, e := range a.Events {
		out = append(out, e.Name)
	}
	return out
}

func commandNames(a *Aggregate) []string {
	out := make([]string, 0, len(a.Commands))
	for _, c := range a.Commands {
		out = append(out, c.Name)
	}
	return out
}

func (v *validator) scenario(c *Context, a *Aggregate, s *Scenario) {
	ownEvent := func(r *Ref, role string) *Event {
		x := v.resolve(v.scopes[c], r)
		if e, ok := x.(*Event); ok && e.Aggregate == a {
			r.Target = e
			return e
		}
		v.errorf(r.Pos, "scenario %q: %s %q is not an event of %q%s", s.Name, role, r.Text, a.Name, suggest(r.Text, eventNames(a)))
		return nil
	}
	for _, r := range s.Given {
		if e := ownEvent(r, "given"); e != nil {
			v.fieldValues("scenario "+quote(s.Name)+": "+quote(e.Name), e.Fields, r.Values)
		}
	}
	var cmd *Command
	if s.When != nil {
		x := v.resolve(v.scopes[c], s.When)
		if found, ok := x.(*Command); ok && found.Aggregate == a {
			cmd = found
			s.When.Target = cmd
		} else if x != nil && !ok {
			v.errorf(s.When.Pos, "scenario %q: when %q is %s, not a command; `when` names the command tried", s.Name, s.When.Text, article(kindOf(x)))
		} else {
			v.errorf(s.When.Pos, "scenario %q: when %q is not a command of %q%s", s.Name, s.When.Text, a.Name, suggest(s.When.Text, commandNames(a)))
		}
	}
	if cmd != nil {
		v.fieldValues("scenario "+quote(s.Name)+": "+quote(cmd.Name), cmd.Fields, s.When.Values)
	}
	v.scenarioRule(s, cmd)
	if !s.Rejected && s.Then == nil && s.ThenPos.Line > 0 {
		v.errorf(s.ThenPos, "scenario %q: then lists no events; write the events expected, or `rejected`", s.Name)
	}
	for _, r := range s.Then {
		if r.Text == "rejected" {
			v.errorf(r.Pos, "scenario %q: write `then: rejected` on its own, not in a list", s.Name)
			continue
		}
		if strings.EqualFold(r.Text, "rejected") && v.resolve(v.scopes[c], r) == nil {
			v.errorf(r.Pos, "scenario %q: %q is not an event of %q; to expect the command to be rejected, write `then: rejected` in lower case", s.Name, r.Text, a.Name)
			continue
		}
		e := ownEvent(r, "then")
		if e != nil {
			v.fieldValues("scenario "+quote(s.Name)+": "+quote(e.Name), e.Fields, r.Values)
		}
		if e == nil || cmd == nil {
			continue
		}
		if !emits(cmd, e) {
			v.errorf(r.Pos, "scenario %q: %q does not emit %q; add it to the command's `emits:` or change the scenario", s.Name, cmd.Name, e.Name)
		}
	}
}

func emits(cmd *Command, e *Event) bool {
	for _, x := range cmd.EmittedEvents() {
		if x == e {
			return true
		}
	}
	return false
}
