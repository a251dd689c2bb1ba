package boardimport

import (
	"fmt"
	"strings"
)

// builder assembles one context from its stickies.
type builder struct {
	*scope
	c        *DraftContext
	ctxOf    map[string]string // sticky id → its context's name
	aggOf    map[string]*DraftAggregate
	cmdOf    map[string]*DraftCommand
	names    map[string]string // sticky id → the element name it stands for
	fallback *DraftAggregate
	unplaced []string
}

// buildContext fills c from its stickies; it returns the stickies that
// could only become hotspots.
func buildContext(c *DraftContext, s *scope, ctxOf map[string]string) []string {
	b := &builder{scope: s, c: c, ctxOf: ctxOf, aggOf: map[string]*DraftAggregate{},
		cmdOf: map[string]*DraftCommand{}, names: map[string]string{}}
	b.aggregates()
	b.commands()
	b.events()
	b.policies()
	b.readModels()
	b.rest()
	return b.unplaced
}

// dedupe returns the first sticky of role r with n's text, so that a
// sticky written twice is one element.
func (b *builder) first(n *note) *note {
	for _, m := range b.notes {
		if m.role == n.role && strings.EqualFold(m.Text, n.Text) {
			return m
		}
	}
	return n
}

func (b *builder) aggregates() {
	for _, n := range b.notes {
		if n.role != Aggregate {
			continue
		}
		if f := b.first(n); f != n {
			b.aggOf[n.ID] = b.aggOf[f.ID]
			continue
		}
		a := &DraftAggregate{DraftElement: DraftElement{Name: n.Text, ID: n.ID}}
		b.c.Aggregates = append(b.c.Aggregates, a)
		b.aggOf[n.ID] = a
	}
}

// aggregateFor is the aggregate a command or event belongs to: one joined
// by an arrow, else the nearest, else one named after the context.
func (b *builder) aggregateFor(n *note) *DraftAggregate {
	for _, a := range b.linked(n, Aggregate) {
		if agg := b.aggOf[a.ID]; agg != nil {
			return agg
		}
	}
	if a := b.nearest(n, Aggregate, 0); a != nil {
		return b.aggOf[a.ID]
	}
	if b.fallback == nil {
		b.fallback = &DraftAggregate{DraftElement: DraftElement{Name: b.c.Name}}
		b.c.Aggregates = append(b.c.Aggregates, b.fallback)
	}
	return b.fallback
}

func (b *builder) commands() {
	for _, n := range b.notes {
		if n.role != Command {
			continue
		}
		f := b.first(n)
		cmd := b.cmdOf[f.ID]
		if cmd == nil {
			cmd = &DraftCommand{DraftElement: DraftElement{Name: n.Text, ID: n.ID}}
			a := b.aggregateFor(n)
			a.Commands = append(a.Commands, cmd)
			b.cmdOf[n.ID] = cmd
			b.aggOf[n.ID] = a
		}
		b.cmdOf[n.ID] = cmd
		b.commandLinks(n, cmd)
	}
}

// commandLinks adds the actor, events and external systems of one command
// sticky: by arrows, and for what they leave out by the layout.
func (b *builder) commandLinks(n *note, cmd *DraftCommand) {
	actors := b.linked(n, Actor)
	events := b.linked(n, Event)
	if len(events) == 0 {
		// actor → command → aggregate → event: the aggregate's events on
		// the command's row, else all its events when it has one command.
		for _, a := range b.linked(n, Aggregate) {
			for _, e := range b.linked(a, Event) {
				if sameRow(n, e) || len(b.linked(a, Command)) == 1 {
					events = append(events, e)
				}
			}
		}
	}
	// What the arrows do not say, the layout does.
	if len(actors) == 0 {
		if a := b.rowLeft(n, Actor); a != nil {
			actors = []*note{a}
		} else if a := b.nearest(n, Actor, 2*n.W+1); a != nil && !b.hasLinks(n) {
			actors = []*note{a}
		}
	}
	if len(events) == 0 {
		events = b.rowRight(n, Event)
	}
	if cmd.Actor == "" && len(actors) > 0 {
		cmd.Actor = actors[0].Text
		b.names[actors[0].ID] = actors[0].Text
	}
	for _, e := range events {
		cmd.Emits = appendName(cmd.Emits, b.first(e).Text)
	}
	for _, x := range b.linked(n, ExternalSystem) {
		cmd.Uses = appendName(cmd.Uses, x.Text)
	}
}

func appendName(list []string, name string) []string {
	for _, s := range list {
		if strings.EqualFold(s, name) {
			return list
		}
	}
	return append(list, name)
}

// events gives each event to the aggregate of the first command emitting
// it, else to the aggregate it is joined to or stands near, and drops from
// a command's emits the events another aggregate owns (with a hotspot).
func (b *builder) events() {
	owner := map[string]*DraftAggregate{}
	for _, a := range b.c.Aggregates {
		for _, cmd := range a.Commands {
			for _, e := range cmd.Emits {
				if owner[strings.ToLower(e)] == nil {
					owner[strings.ToLower(e)] = a
				}
			}
		}
	}
	for _, n := range b.notes {
		if n.role != Event || b.first(n) != n {
			continue
		}
		a := owner[strings.ToLower(n.Text)]
		if a == nil {
			a = b.aggregateFor(n)
		}
		a.Events = append(a.Events, &DraftElement{Name: n.Text, ID: n.ID})
		b.aggOf[n.ID] = a
	}
	for _, a := range b.c.Aggregates {
		for _, cmd := range a.Commands {
			kept := cmd.Emits[:0]
			for _, e := range cmd.Emits {
				if o := owner[strings.ToLower(e)]; o != nil && o != a {
					b.hotspot(cmd.ID, fmt.Sprintf("%q is joined to %q, an event of the aggregate %s; which aggregate emits it?", cmd.Name, e, o.Name))
					continue
				}
				kept = append(kept, e)
			}
			cmd.Emits = kept
		}
	}
}

func (b *builder) hotspot(id, text string) {
	b.c.Hotspots = append(b.c.Hotspots, &DraftElement{Name: text, ID: id})
}
