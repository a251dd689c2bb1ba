package model

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Flow is a specification across contexts: when a command is sent, then
// events are published and read-model rows appear, through Kafka, within
// a time limit. `eventstorm test` runs it against the running system.
type Flow struct {
	Name        string
	Description string
	Pos         Pos
	// When is the command sent, qualified as Context.Command, with field
	// values; its Target is a *Command.
	When *Ref
	// Then lists what must appear: events (Context.Event, Target *Event)
	// with the values they must carry, and read-model rows (Context.Read
	// Model, Target *ReadModel) with the values a row must have.
	Then []*Ref
}

func (l *loader) flow(n *yaml.Node) *Flow {
	pairs, ok := l.mapping(n, "a flow", "name", "description", "when", "then")
	if !ok {
		return nil
	}
	f := &Flow{Pos: pos(n)}
	for _, p := range pairs {
		v := p.value
		if v == nil {
			continue
		}
		switch p.key {
		case "name":
			f.Name, _ = l.str(v, "flow name")
		case "description":
			f.Description, _ = l.str(v, "flow description")
		case "when":
			f.When = l.step(v, "when")
		case "then":
			f.Then = l.steps(v, "then")
		}
	}
	if !hasKey(pairs, "name") {
		l.errorf(f.Pos, "a flow has no `name:`")
	}
	if !hasKey(pairs, "when") {
		l.errorf(f.Pos, "flow %q has no `when:` (the command sent, as Context.Command)", f.Name)
	}
	if !hasKey(pairs, "then") {
		l.errorf(f.Pos, "flow %q has no `then:` (the events and read-model rows expected)", f.Name)
	}
	return f
}

// flows resolves and checks every flow: a command to send, then events
// and read-model rows, all qualified by their context.
func (v *validator) flows() {
	seen := map[string]Pos{}
	system := &scope{}
	for _, f := range v.m.Flows {
		if prev, dup := seen[f.Name]; dup && f.Name != "" {
			v.errorf(f.Pos, "flow %q is defined twice (first at %s)", f.Name, at(prev))
		}
		seen[f.Name] = f.Pos
		if f.When != nil {
			switch x := v.resolve(system, f.When).(type) {
			case *Command:
				f.When.Target = x
				v.fieldValues("flow "+quote(f.Name)+": "+quote(x.Name), x.Fields, f.When.Values)
				v.flowRequired(f, x)
			case nil:
				v.errorf(f.When.Pos, "flow %q: when %q is not a command of this model; write Context.Command%s", f.Name, f.When.Text, v.qualified(f.When.Text))
			default:
				v.errorf(f.When.Pos, "flow %q: when %q is %s, not a command", f.Name, f.When.Text, article(kindOf(x)))
			}
		}
		if f.Then == nil && f.When != nil {
			v.errorf(f.Pos, "flow %q: then lists nothing; write the events and read-model rows expected", f.Name)
		}
		for _, r := range f.Then {
			v.flowThen(f, system, r)
		}
	}
}

// flowThen resolves one expectation of a flow: an event or a read-model
// row.
func (v *validator) flowThen(f *Flow, system *scope, r *Ref) {
	switch x := v.resolve(system, r).(type) {
	case *Event:
		r.Target = x
		v.fieldValues("flow "+quote(f.Name)+": "+quote(x.Name), x.Fields, r.Values)
	case *ReadModel:
		r.Target = x
		if len(r.Values) == 0 {
			v.errorf(r.Pos, "flow %q: read model %q needs the values of the row expected, e.g. { %s: { %s: ... } }", f.Name, x.Name, r.Text, x.Key)
		}
		v.fieldValues("flow "+quote(f.Name)+": "+quote(x.Name), x.Fields, r.Values)
	case nil:
		v.errorf(r.Pos, "flow %q: then %q is not an event or read model of this model; write Context.Event or Context.Read Model%s", f.Name, r.Text, v.qualified(r.Text))
	default:
		v.errorf(r.Pos, "flow %q: then %q is %s; a flow expects events and read-model rows", f.Name, r.Text, article(kindOf(x)))
	}
}

// qualified suggests the qualified name of an element that an unqualified
// flow reference names in some context, or explains an unknown context.
func (v *validator) qualified(text string) string {
	for _, c := range v.m.Contexts {
		if x := v.scopes[c].lookup(text); x != nil {
			return fmt.Sprintf("; did you mean %q?", c.Name+"."+elementOf(x).Name)
		}
	}
	return v.unknownContext(text)
}

// flowRequired warns when a flow leaves out a field its command requires:
// the flow sends the command through the HTTP API, which refuses a body
// without them, and nothing else fills them.
func (v *validator) flowRequired(f *Flow, c *Command) {
	var missing []string
	for _, field := range c.Fields {
		if field.Type.Kind == Optional {
			continue
		}
		given := false
		for _, fv := range f.When.Values {
			given = given || sameFieldName(fv.Name, field.Name)
		}
		if !given {
			missing = append(missing, field.Name)
		}
	}
	if len(missing) > 0 {
		v.warnf(f.When.Pos, "flow %q: when %q needs %s too: the flow sends it through the HTTP API, which requires every field that is not optional, so eventstorm test would be answered 400", f.Name, c.Name, strings.Join(missing, ", "))
	}
}
