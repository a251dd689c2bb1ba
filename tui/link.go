package tui

import (
	"fmt"
	"slices"
	"strings"

	"eventstorm/model"
	"eventstorm/tui/board"
)

// check marks a toggled link in a picker.
func check(on bool) string {
	if on {
		return "[x] "
	}
	return "[ ] "
}

func refText(r *model.Ref) string {
	if r == nil {
		return ""
	}
	return r.Text
}

// linkable reports whether startLink links stickies of the kind.
func linkable(k board.Kind) bool {
	switch k {
	case board.Actor, board.Command, board.Event, board.Policy, board.ReadModel, board.Hotspot:
		return true
	}
	return false
}

// linkMenu is the picker startLink opens: its items, each a link that is
// on ([x]) or off, and what choosing each does.
type linkMenu struct {
	title string
	items []string
	acts  []func() error
}

func (l *linkMenu) add(item string, act func() error) {
	l.items = append(l.items, item)
	l.acts = append(l.acts, act)
}

// allEvents adds every event of the model, referred to from the context
// from; do links one, on says whether it is linked.
func (l *linkMenu) allEvents(m *Model, from *model.Context, do func(ref string) func() error, on func(ref string) bool) {
	for _, c := range m.b.Model.Contexts {
		for _, a := range c.Aggregates {
			for _, e := range a.Events {
				ref := board.EventRef(from, e)
				l.add(check(on(ref))+ref, do(ref))
			}
		}
	}
}

// startLink links the selected sticky to others: a command to the events it
// emits and the external systems it uses, an event to the policies and read
// models it feeds, a policy to its when and then, a read model to its
// events, an actor to its commands, a hotspot to what it is on.
func (m *Model) startLink() {
	k, ok := m.selected()
	if !ok {
		return
	}
	if k.Kind == board.Actor {
		m.linkActor(k)
		return
	}
	l := &linkMenu{}
	var err error
	switch x := m.b.Find(k).(type) {
	case *model.Command:
		err = m.commandLinks(l, k, x)
	case *model.Event:
		err = m.eventLinks(l, k, x)
	case *model.Policy:
		m.policyLinks(l, k, x)
	case *model.ReadModel:
		l.title = "Read model " + x.Name + ": the events that feed it"
		l.allEvents(m, x.Context, func(ref string) func() error {
			return func() error { _, err := m.b.ToggleFrom(k, ref); return err }
		}, func(ref string) bool {
			for _, pr := range x.From {
				if refText(pr.Event) == ref {
					return true
				}
			}
			return false
		})
	case *model.Hotspot:
		m.hotspotLinks(l, k, x)
	default:
		err = fmt.Errorf("a %s has no links; select a command, event, policy, read model, actor or hotspot", k.Kind)
	}
	if err == nil && len(l.items) == 0 {
		err = fmt.Errorf("nothing to link %s to yet", k)
	}
	if m.fail(err) {
		return
	}
	m.openPick(l.title, l.items, func(i int) error {
		if err := l.acts[i](); err != nil {
			return err
		}
		m.refresh()
		m.say("Linked. l again to link more.")
		return nil
	})
}

// linkActor toggles the commands an actor issues.
func (m *Model) linkActor(k board.Key) {
	c := m.context()
	var items []string
	var cmds []*model.Command
	for _, a := range c.Aggregates {
		for _, cmd := range a.Commands {
			items = append(items, check(cmd.Actor == k.Name)+cmd.Name)
			cmds = append(cmds, cmd)
		}
	}
	m.openPick("Commands "+k.Name+" issues", items, func(i int) error {
		actor := k.Name
		if cmds[i].Actor == k.Name {
			actor = ""
		}
		return m.b.SetActor(board.KeyOf(cmds[i]), actor)
	})
}

// actorsOf lists the actors of the context's commands, each once, in the
// order they first appear.
func actorsOf(c *model.Context) []string {
	var out []string
	for _, a := range c.Aggregates {
		for _, cmd := range a.Commands {
			if cmd.Actor != "" && !slices.Contains(out, cmd.Actor) {
				out = append(out, cmd.Actor)
			}
		}
	}
	return out
}

// commandLinks offers the events a command may emit and the external
// systems it may use.
func (m *Model) commandLinks(l *linkMenu, k board.Key, x *model.Command) error {
	l.title = "Link " + k.String() + ": the events it emits, the systems it uses"
	for _, e := range x.Aggregate.Events {
		name := e.Name
		on := false
		for _, r := range x.Emits {
			on = on || r.Target == e
		}
		l.add(check(on)+"emits "+name, func() error { _, err := m.b.ToggleEmits(k, name); return err })
	}
	for _, xs := range x.Aggregate.Context.ExternalSystems {
		name := xs.Name
		on := false
		for _, r := range x.Uses {
			on = on || r.Target == xs
		}
		l.add(check(on)+"uses "+name, func() error { _, err := m.b.ToggleUses(k, name); return err })
	}
	if len(l.items) == 0 {
		return fmt.Errorf("%s has no events to emit yet: add one with a, e", x.Aggregate.Name)
	}
	return nil
}

// eventLinks offers the policies and read models of every context that an
// event may trigger.
func (m *Model) eventLinks(l *linkMenu, k board.Key, x *model.Event) error {
	l.title = "Link " + k.String() + " to what it triggers"
	for _, c := range m.b.Model.Contexts {
		for _, p := range c.Policies {
			pk, ref := board.KeyOf(p), board.EventRef(c, x)
			l.add(check(p.When != nil && p.When.Target == x)+"policy "+p.Name+" (when)", func() error { return m.b.SetPolicyWhen(pk, ref) })
		}
		for _, r := range c.ReadModels {
			rk, ref := board.KeyOf(r), board.EventRef(c, x)
			on := false
			for _, pr := range r.From {
				on = on || (pr.Event != nil && pr.Event.Target == x)
			}
			l.add(check(on)+"read model "+r.Name, func() error { _, err := m.b.ToggleFrom(rk, ref); return err })
		}
	}
	if len(l.items) == 0 {
		return fmt.Errorf("no policy or read model yet: add one with a, p or a, r")
	}
	return nil
}

// policyLinks offers every event as the policy's when and the commands of
// its context as its then.
func (m *Model) policyLinks(l *linkMenu, k board.Key, x *model.Policy) {
	l.title = "Policy " + x.Name + ": whenever (event) … then (command)"
	l.allEvents(m, x.Context, func(ref string) func() error {
		return func() error { return m.b.SetPolicyWhen(k, ref) }
	}, func(ref string) bool { return refText(x.When) == ref })
	for i := range l.items {
		l.items[i] = strings.Replace(l.items[i], "] ", "] when ", 1)
	}
	for _, a := range x.Context.Aggregates {
		for _, c := range a.Commands {
			name := c.Name
			l.add(check(refText(x.Then) == name)+"then "+name, func() error { return m.b.SetPolicyThen(k, name) })
		}
	}
}

// hotspotLinks offers what a hotspot may be on: nothing, its context, the
// context's actors and every other sticky of it.
func (m *Model) hotspotLinks(l *linkMenu, k board.Key, x *model.Hotspot) {
	l.title = "Hotspot on which sticky?"
	l.add(check(x.On == nil)+"(nothing)", func() error { return m.b.SetHotspotOn(k, "") })
	for _, on := range append([]string{x.Context.Name}, actorsOf(x.Context)...) {
		kind := map[bool]string{true: "context ", false: "actor "}[on == x.Context.Name]
		l.add(check(refText(x.On) == on)+kind+on, func() error { return m.b.SetHotspotOn(k, on) })
	}
	for _, el := range board.Elements(x.Context) {
		ek := board.KeyOf(el)
		if ek.Kind == board.Hotspot {
			continue
		}
		l.add(check(refText(x.On) == ek.Name)+ek.Kind.String()+" "+ek.Name, func() error { return m.b.SetHotspotOn(k, ek.Name) })
	}
}
