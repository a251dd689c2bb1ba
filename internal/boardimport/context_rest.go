package boardimport

import (
	"fmt"
	"strings"
)

// ref names an event or command for a policy or read model: plain in its
// own context, `Context.Name` in another.
func (b *builder) ref(n *note) string {
	if c := b.ctxOf[n.ID]; c != "" && c != b.c.Name {
		return c + "." + n.Text
	}
	return b.first(n).Text
}

// policies link each policy to the event that triggers it and the command
// it sends, by arrows, else by its row (event left, command right). A
// policy missing either becomes a hotspot.
func (b *builder) policies() {
	for _, n := range b.notes {
		if n.role != Policy || b.first(n) != n {
			continue
		}
		var when, then *note
		if ev := b.linked(n, Event); len(ev) > 0 {
			when = ev[0]
		}
		if cmds := b.linked(n, Command); len(cmds) > 0 {
			then = cmds[0]
		}
		if when == nil {
			when = b.rowLeft(n, Event)
		}
		if r := b.rowRight(n, Command); then == nil && len(r) > 0 {
			then = r[0]
		}
		switch {
		case when == nil && then == nil:
			b.unplace(n, "a policy with no event before it and no command after it")
			continue
		case when == nil:
			b.unplace(n, fmt.Sprintf("a policy sending %q on no event", then.Text))
			continue
		case then == nil:
			b.unplace(n, fmt.Sprintf("a policy on %q sending no command", when.Text))
			continue
		}
		if c := b.ctxOf[then.ID]; c != "" && c != b.c.Name {
			b.unplace(n, fmt.Sprintf("a policy sending %q, a command of the context %s", then.Text, c))
			continue
		}
		b.c.Policies = append(b.c.Policies, &DraftPolicy{DraftElement: DraftElement{Name: n.Text, ID: n.ID},
			When: b.ref(when), Then: b.first(then).Text})
	}
}

// readModels link each read model to the events that feed it, by arrows,
// else the event left of it on its row, else the nearest event.
func (b *builder) readModels() {
	for _, n := range b.notes {
		if n.role != ReadModel || b.first(n) != n {
			continue
		}
		events := b.linked(n, Event)
		if len(events) == 0 {
			if e := b.rowLeft(n, Event); e != nil {
				events = []*note{e}
			} else if e := b.nearest(n, Event, 0); e != nil {
				events = []*note{e}
			}
		}
		if len(events) == 0 {
			b.unplace(n, "a read model with no event feeding it")
			continue
		}
		rm := &DraftReadModel{DraftElement: DraftElement{Name: n.Text, ID: n.ID}}
		for _, e := range events {
			rm.From = appendName(rm.From, b.ref(e))
		}
		b.c.ReadModels = append(b.c.ReadModels, rm)
	}
}

// rest places external systems and hotspots, and turns what is left
// (unknown colours, actors next to no command) into hotspots.
func (b *builder) rest() {
	for _, n := range b.notes {
		switch n.role {
		case ExternalSystem:
			if b.first(n) == n {
				b.c.Externals = append(b.c.Externals, &DraftElement{Name: n.Text, ID: n.ID})
			}
		case Hotspot:
			b.hotspot(n.ID, n.Text)
		case Unknown:
			color := n.Color
			if color == "" {
				color = "none"
			}
			b.unplace(n, "a sticky of a colour the legend does not know ("+color+")")
		case Actor:
			if b.names[n.ID] == "" && !b.actorNamed(n.Text) {
				b.unplace(n, "an actor next to no command")
			}
		}
	}
}

func (b *builder) actorNamed(name string) bool {
	for _, a := range b.c.Aggregates {
		for _, c := range a.Commands {
			if strings.EqualFold(c.Actor, name) {
				return true
			}
		}
	}
	return false
}

// unplace makes a sticky that fits nowhere a hotspot quoting it.
func (b *builder) unplace(n *note, why string) {
	text := fmt.Sprintf("%q: %s", n.Text, why)
	b.hotspot(n.ID, text)
	b.unplaced = append(b.unplaced, text)
}
