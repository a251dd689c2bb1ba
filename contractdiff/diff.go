package contractdiff

import (
	"fmt"
	"strings"

	"eventstorm/generator/golang"
	"eventstorm/generator/ir"
	"eventstorm/model"
)

// Compare lists the changes of the published contracts from old to new,
// two models that validated without errors. The changes come context by
// context in old's order, then the contexts new adds; within a context,
// aggregates, commands, events and read models, each removed or changed
// one in old's order, then the added ones.
func Compare(old, new *model.Model) Changes {
	d := &differ{old: old, new: new, p: matchModels(old, new)}
	d.readers = readersOf(old, func(c *model.Context) bool { return d.p.contexts.next[c] != nil })
	d.newReaders = readersOf(new, func(*model.Context) bool { return true })
	for _, oc := range old.Contexts {
		if nc := d.p.contexts.next[oc]; nc != nil {
			d.context(oc, nc)
		} else {
			d.removedContext(oc)
		}
	}
	for _, nc := range new.Contexts {
		if d.p.contexts.prev[nc] == nil {
			d.change(d.new, nc.Pos, Change{Element: "context", Name: nc.Name, Detail: "added: the new service " + nc.Kebab()}).compatible()
		}
	}
	return d.out
}

type differ struct {
	old, new *model.Model
	p        *pairs
	// readers are the contexts reading each event of old.
	readers map[*model.Event][]string
	// newReaders are the contexts reading each event of new, released
	// with new's copies of its versions.
	newReaders map[*model.Event][]string
	out        Changes
}

// pending is a change whose kind is still to be decided.
type pending struct {
	d *differ
	c Change
}

func (d *differ) change(m *model.Model, pos model.Pos, c Change) pending {
	c.File, c.Line, c.Column = m.File, pos.Line, pos.Col
	c.Affected = []string{} // a JSON array, never null
	return pending{d, c}
}

func (p pending) compatible() {
	p.c.Kind = Compatible
	p.d.out = append(p.d.out, p.c)
}

// http records a change of a service's HTTP API, breaking its clients
// when breaks is true.
func (p pending) http(service string, breaks bool) {
	if !breaks {
		p.compatible()
		return
	}
	p.c.Kind = Breaking
	p.c.Affected = []string{"HTTP clients of " + service}
	p.d.out = append(p.d.out, p.c)
}

// read records a change to what events carry, breaking readers when
// breaks is true and there are any.
func (p pending) read(readers []string, breaks bool) {
	switch {
	case !breaks:
		p.compatible()
		return
	case len(readers) == 0:
		p.c.Unread = true
		p.compatible()
		return
	}
	p.c.Kind = Breaking
	p.c.Affected = readers
	p.d.out = append(p.d.out, p.c)
}

func (d *differ) context(oc, nc *model.Context) {
	if oc.Kebab() != nc.Kebab() {
		d.change(d.new, nc.NamePos, Change{Element: "context", Name: nc.Name,
			Detail: fmt.Sprintf("renamed from %s: the service %s becomes %s", oc.Name, oc.Kebab(), nc.Kebab())}).
			http(oc.Kebab(), len(golang.Routes(oc)) > 0)
	}
	service := oc.Kebab()
	for _, oa := range oc.Aggregates {
		if na := d.p.aggregates.next[oa]; na != nil {
			d.aggregate(oa, na, service)
		} else {
			d.change(d.old, oa.Pos, Change{Element: "aggregate", Name: aggregateName(oa),
				Detail: fmt.Sprintf("removed, with its route %s and its topic %s", strings.Join(aggregateRoutes(oa), ", "), ir.Topic(d.old, oa))}).
				http(service, true)
		}
	}
	for _, na := range nc.Aggregates {
		if d.p.aggregates.prev[na] == nil {
			d.change(d.new, na.Pos, Change{Element: "aggregate", Name: aggregateName(na),
				Detail: fmt.Sprintf("added, with the route %s and the topic %s", strings.Join(aggregateRoutes(na), ", "), ir.Topic(d.new, na))}).compatible()
		}
	}
	for _, ocmd := range commands(oc) {
		if ncmd := d.p.commands.next[ocmd]; ncmd != nil {
			d.command(ocmd, ncmd, service)
		} else {
			d.change(d.old, ocmd.Pos, Change{Element: "command", Name: commandName(ocmd),
				Detail: "removed, with its route " + strings.Join(commandRoutes(ocmd), ", ")}).http(service, true)
		}
	}
	for _, ncmd := range commands(nc) {
		if d.p.commands.prev[ncmd] == nil {
			d.change(d.new, ncmd.Pos, Change{Element: "command", Name: commandName(ncmd),
				Detail: "added, with the route " + strings.Join(commandRoutes(ncmd), ", ")}).compatible()
		}
	}
	for _, oe := range events(oc) {
		if ne := d.p.events.next[oe]; ne != nil {
			d.event(oe, ne)
		} else {
			d.removedEvent(oe)
		}
	}
	for _, ne := range events(nc) {
		if d.p.events.prev[ne] == nil {
			d.change(d.new, ne.Pos, Change{Element: "event", Name: eventName(ne),
				Detail: fmt.Sprintf("added, of type %s on the topic %s", ir.EventType(d.new, ne), ir.Topic(d.new, ne.Aggregate))}).compatible()
		}
	}
	for _, or := range oc.ReadModels {
		if nr := d.p.readModels.next[or]; nr != nil {
			d.readModel(or, nr, service)
		} else {
			d.change(d.old, or.Pos, Change{Element: "read model", Name: readModelName(or),
				Detail: "removed, with its routes " + strings.Join(readModelRoutes(or), ", ")}).http(service, true)
		}
	}
	for _, nr := range nc.ReadModels {
		if d.p.readModels.prev[nr] == nil {
			d.change(d.new, nr.Pos, Change{Element: "read model", Name: readModelName(nr),
				Detail: "added, with the routes " + strings.Join(readModelRoutes(nr), ", ")}).compatible()
		}
	}
}

// removedContext records a context new drops: its service with its HTTP
// API, and each event it published that a remaining context reads (the
// line for the context says the others are gone).
func (d *differ) removedContext(oc *model.Context) {
	routes := golang.Routes(oc)
	d.change(d.old, oc.Pos, Change{Element: "context", Name: oc.Name,
		Detail: fmt.Sprintf("removed: the service %s is gone, with %s", oc.Kebab(), count(len(routes), "route"))}).
		http(oc.Kebab(), len(routes) > 0)
	for _, oe := range events(oc) {
		if len(d.readers[oe]) > 0 {
			d.removedEvent(oe)
		}
	}
}

// aggregate compares an aggregate's topic, and its state as the HTTP API
// answers it: its route, id and fields.
func (d *differ) aggregate(oa, na *model.Aggregate, service string) {
	name := aggregateName(na)
	if ot, nt := ir.Topic(d.old, oa), ir.Topic(d.new, na); ot != nt {
		var readers []string
		for _, e := range oa.Events {
			for _, r := range d.readers[e] {
				if !contains(readers, r) {
					readers = append(readers, r)
				}
			}
		}
		if len(readers) > 0 {
			readers = append([]string{"consumers of topic " + ot}, readers...)
		}
		d.change(d.new, na.NamePos, Change{Element: "aggregate", Name: name,
			Detail: fmt.Sprintf("topic %s renamed to %s", ot, nt)}).read(readers, true)
	}
	if o, n := aggregateRoutes(oa), aggregateRoutes(na); !same(o, n) {
		d.change(d.new, na.NamePos, Change{Element: "aggregate", Name: name,
			Detail: fmt.Sprintf("route %s moved to %s", strings.Join(o, ", "), strings.Join(n, ", "))}).http(service, true)
	}
	oid, nid := oa.IDField(), na.IDField()
	var idChanges []string
	if jsonName(oid) != jsonName(nid) {
		idChanges = append(idChanges, fmt.Sprintf("renamed %s → %s", oid.Name, nid.Name))
	}
	if oa.IDType != na.IDType {
		idChanges = append(idChanges, fmt.Sprintf("retyped %s → %s", oa.IDType, na.IDType))
	}
	if len(idChanges) > 0 {
		d.change(d.new, na.IDPos, Change{Element: "aggregate", Name: name, Field: nid.Name,
			Detail: "id " + strings.Join(idChanges, " and ") + ": its routes and answers carry the id"}).http(service, true)
	}
	for _, fc := range compareFields(oa.Fields, na.Fields, published) {
		d.fieldChange(fc, "aggregate", aggregateName(oa), name).http(service, fc.breaking)
	}
}

// fieldChange places a field's change: a removed field in old, under the
// element's old name, any other in new.
func (d *differ) fieldChange(fc fieldChange, element, oldName, newName string) pending {
	if fc.removed {
		return d.change(d.old, fc.field.Pos, Change{Element: element, Name: oldName, Field: fc.field.Name, Detail: fc.detail})
	}
	return d.change(d.new, fc.field.Pos, Change{Element: element, Name: newName, Field: fc.field.Name, Detail: fc.detail})
}

// command compares a command's route and the body it accepts.
func (d *differ) command(oc, nc *model.Command, service string) {
	if o, n := commandRoutes(oc), commandRoutes(nc); !same(o, n) {
		d.change(d.new, nc.NamePos, Change{Element: "command", Name: commandName(nc),
			Detail: fmt.Sprintf("route %s moved to %s", strings.Join(o, ", "), strings.Join(n, ", "))}).http(service, true)
	}
	for _, fc := range compareFields(body(oc), body(nc), accepted) {
		d.fieldChange(fc, "command", commandName(oc), commandName(nc)).http(service, fc.breaking)
	}
}

// body lists the fields of a command's request body: a command that does
// not create takes its aggregate's id from its route instead.
func body(c *model.Command) []*model.Field {
	if c.Creates {
		return c.Fields
	}
	var out []*model.Field
	for _, f := range c.Fields {
		if jsonName(f) != jsonName(c.Aggregate.IDField()) {
			out = append(out, f)
		}
	}
	return out
}

// event compares an event's topic, its type and its fields, all of which
// its readers depend on.
func (d *differ) event(oe, ne *model.Event) {
	readers := d.readers[oe]
	name := eventName(ne)
	if d.p.aggregates.next[oe.Aggregate] != ne.Aggregate {
		// A renamed aggregate's topic is reported once, with the aggregate.
		if ot, nt := ir.Topic(d.old, oe.Aggregate), ir.Topic(d.new, ne.Aggregate); ot != nt {
			d.change(d.new, ne.NamePos, Change{Element: "event", Name: name,
				Detail: fmt.Sprintf("moved from the topic %s to %s", ot, nt)}).read(readers, true)
		}
	}
	if ot, nt, changed := d.eventTypesDiffer(oe, ne); changed {
		d.change(d.new, ne.NamePos, Change{Element: "event", Name: name,
			Detail: fmt.Sprintf("type (ce_type) %s renamed to %s: consumers skip types they do not know", ot, nt)}).read(readers, true)
	}
	d.eventVersions(oe, ne, readers)
}

func (d *differ) removedEvent(oe *model.Event) {
	d.change(d.old, oe.Pos, Change{Element: "event", Name: eventName(oe),
		Detail: fmt.Sprintf("removed: no more events of type %s on the topic %s", ir.EventType(d.old, oe), ir.Topic(d.old, oe.Aggregate))}).
		read(d.readers[oe], true)
}

// readModel compares a read model's routes, its key and its rows.
func (d *differ) readModel(or, nr *model.ReadModel, service string) {
	name := readModelName(nr)
	if o, n := readModelRoutes(or), readModelRoutes(nr); !same(o, n) {
		d.change(d.new, nr.NamePos, Change{Element: "read model", Name: name,
			Detail: fmt.Sprintf("routes %s moved to %s", strings.Join(o, ", "), strings.Join(n, ", "))}).http(service, true)
	}
	oldKey, newKey := or.KeyField(), nr.KeyField()
	if oldKey == nil || newKey == nil { // Validate sets the key; a model with errors is not compared
		return
	}
	switch {
	case jsonName(oldKey) != jsonName(newKey):
		d.change(d.new, nr.KeyPos, Change{Element: "read model", Name: name, Field: newKey.Name,
			Detail: fmt.Sprintf("key renamed %s → %s: rows carry the key under its name", oldKey.Name, newKey.Name)}).http(service, true)
	case !model.SameShape(oldKey.Type, newKey.Type):
		// Clients write the key in the route and read it in the rows, so
		// both ways must decode.
		why := readable(oldKey.Type, newKey.Type, true)
		if why == "" {
			why = readable(newKey.Type, oldKey.Type, false)
		}
		detail := "key " + retyping(oldKey.Type, newKey.Type)
		if why != "" {
			detail += ": " + why
		}
		d.change(d.new, newKey.TypePos, Change{Element: "read model", Name: name, Field: newKey.Name, Detail: detail}).http(service, why != "")
	}
	for _, fc := range compareFields(without(or.Fields, oldKey), without(nr.Fields, newKey), published) {
		d.fieldChange(fc, "read model", readModelName(or), name).http(service, fc.breaking)
	}
}

func without(fields []*model.Field, f *model.Field) []*model.Field {
	var out []*model.Field
	for _, g := range fields {
		if g != f {
			out = append(out, g)
		}
	}
	return out
}

// The routes of one element. golang.Routes is the one definition of the
// generated routes, so it is asked about a context holding only that
// element.

func routesOf(c *model.Context) []string {
	var out []string
	for _, r := range golang.Routes(c) {
		out = append(out, r.Method+" "+r.Pattern)
	}
	return out
}

func aggregateRoutes(a *model.Aggregate) []string {
	bare := *a
	bare.Commands = nil
	return routesOf(&model.Context{Aggregates: []*model.Aggregate{&bare}})
}

func commandRoutes(cmd *model.Command) []string {
	one := *cmd.Aggregate
	one.Commands = []*model.Command{cmd}
	return minus(routesOf(&model.Context{Aggregates: []*model.Aggregate{&one}}), aggregateRoutes(cmd.Aggregate))
}

func readModelRoutes(r *model.ReadModel) []string {
	return routesOf(&model.Context{ReadModels: []*model.ReadModel{r}})
}

func same(a, b []string) bool { return strings.Join(a, "\n") == strings.Join(b, "\n") }

// Qualified names: an element with its context, and its aggregate.

func aggregateName(a *model.Aggregate) string { return a.Context.Name + "." + a.Name }
func eventName(e *model.Event) string         { return aggregateName(e.Aggregate) + "." + e.Name }
func commandName(c *model.Command) string     { return aggregateName(c.Aggregate) + "." + c.Name }
func readModelName(r *model.ReadModel) string { return r.Context.Name + "." + r.Name }

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
