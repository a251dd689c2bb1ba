package board

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"eventstorm/model"
)

// Big picture: events typed onto a timeline as people call them out, before
// anyone knows their aggregates. They go to a placeholder aggregate,
// Timeline, marked with a hotspot, so that the file is a valid model at
// each step (events that no command emits yet are warnings, not errors);
// grouping moves them into real aggregates, and the placeholder goes with
// its last event.

// Timeline is the name of the placeholder aggregate of ungrouped events.
const Timeline = "Timeline"

// timelineHotspot is the text of the hotspot on the placeholder.
const timelineHotspot = "Timeline holds events not yet grouped into aggregates"

// pivotal is the comment that marks a pivotal event on its name.
const pivotal = "# pivotal"

// TimelineEvents are the events of the board in timeline order: context by
// context, aggregate by aggregate, as the file lists them.
func (b *Board) TimelineEvents() []Key {
	var out []Key
	for _, c := range b.Model.Contexts {
		for _, a := range c.Aggregates {
			for _, e := range a.Events {
				out = append(out, KeyOf(e))
			}
		}
	}
	return out
}

// AddTimelineEvent adds an event to the placeholder aggregate of the
// context, creating it (with its hotspot) if needed, right after the event
// after when that is on the placeholder too, else at its end.
func (b *Board) AddTimelineEvent(ctx, name string, after Key) (Key, error) {
	c := b.ContextNamed(ctx)
	if c == nil {
		return Key{}, fmt.Errorf("there is no context %q", ctx)
	}
	name, err := b.checkName(c, name, nil)
	if err != nil {
		return Key{}, err
	}
	_, cn, err := b.lookup(ctxKey(ctx))
	if err != nil {
		return Key{}, err
	}
	err = b.edit(func(*yaml.Node) error {
		events := seq(b.placeholder(c, cn), "events", false)
		at := len(events.Content)
		if i := itemIndexByName(events, after.Name); i >= 0 && after.Kind == Event && after.Context == ctx {
			at = i + 1
		}
		ev := mapping(str("name"), str(name))
		events.Content = append(events.Content[:at], append([]*yaml.Node{ev}, events.Content[at:]...)...)
		return nil
	})
	return Key{Event, ctx, name}, err
}

// placeholder is the node of the context's Timeline aggregate, added with
// its hotspot when the context has none.
func (b *Board) placeholder(c *model.Context, cn *yaml.Node) *yaml.Node {
	for _, a := range c.Aggregates {
		if a.Name == Timeline {
			return b.node(a)
		}
	}
	aggs := seq(cn, "aggregates", false)
	agg := mapping(str("name"), str(Timeline))
	aggs.Content = append(aggs.Content, agg)
	hs := seq(cn, "hotspots", false)
	hs.Content = append(hs.Content, mapping(str("text"), str(timelineHotspot), str("on"), str(Timeline)))
	return agg
}

// itemIndexByName is the index of the mapping named name in the sequence
// s, or -1.
func itemIndexByName(s *yaml.Node, name string) int {
	for i, item := range s.Content {
		if n := get(item, "name"); n != nil && n.Value == name {
			return i
		}
	}
	return -1
}

// MoveEvent moves an event earlier (delta < 0) or later on the timeline,
// within its aggregate.
func (b *Board) MoveEvent(k Key, delta int) error {
	x, n, err := b.lookup(k)
	if err != nil {
		return err
	}
	if _, ok := x.(*model.Event); !ok {
		return fmt.Errorf("%s is no event", k)
	}
	list := b.ix.parent[n]
	i := -1
	for j, c := range list.Content {
		if c == n {
			i = j
		}
	}
	j := i + delta
	if i < 0 || j < 0 || j >= len(list.Content) {
		return fmt.Errorf("%s is already at the %s of its aggregate", k.Name, map[bool]string{true: "start", false: "end"}[delta < 0])
	}
	return b.edit(func(*yaml.Node) error {
		list.Content[i], list.Content[j] = list.Content[j], list.Content[i]
		return nil
	})
}

// Pivotal reports whether an event is marked pivotal.
func (b *Board) Pivotal(k Key) bool {
	x := b.Find(k)
	if _, ok := x.(*model.Event); !ok {
		return false
	}
	name := get(b.node(x), "name")
	return name != nil && strings.TrimSpace(name.LineComment) == pivotal
}

// SetPivotal marks an event pivotal, a comment on its name (`name: Order
// Placed # pivotal`) that the model leaves alone, or takes the mark off.
func (b *Board) SetPivotal(k Key, on bool) error {
	x, n, err := b.lookup(k)
	if err != nil {
		return err
	}
	if _, ok := x.(*model.Event); !ok {
		return fmt.Errorf("only events are pivotal")
	}
	return b.edit(func(*yaml.Node) error {
		name := get(n, "name")
		if on {
			name.LineComment = pivotal
		} else if strings.TrimSpace(name.LineComment) == pivotal {
			name.LineComment = ""
		}
		return nil
	})
}

// GroupEvent moves an event into the aggregate of its context named agg,
// adding the aggregate when there is none of that name. Its old
// aggregate's commands stop emitting it; the placeholder Timeline goes,
// with its hotspot, when its last event leaves it.
func (b *Board) GroupEvent(k Key, agg string) (Key, error) {
	x, n, err := b.lookup(k)
	ev, ok := x.(*model.Event)
	if err != nil || !ok {
		return Key{}, fmt.Errorf("there is no event %q", k.Name)
	}
	agg = strings.TrimSpace(agg)
	c := ev.Aggregate.Context
	target := b.Find(Key{Aggregate, c.Name, agg})
	if agg == ev.Aggregate.Name {
		return KeyOf(ev.Aggregate), nil
	}
	if target == nil {
		if _, err := b.checkName(c, agg, nil); err != nil {
			return Key{}, err
		}
	}
	cn := b.node(c)
	err = b.edit(func(*yaml.Node) error {
		tn := b.node(target)
		if target == nil {
			tn = mapping(str("name"), str(agg))
			aggs := seq(cn, "aggregates", false)
			aggs.Content = slices.Insert(aggs.Content, placeholderAt(aggs), tn)
		}
		b.leave(ev, n, cn)
		events := seq(tn, "events", false)
		events.Content = append(events.Content, n)
		return nil
	})
	return Key{Aggregate, c.Name, agg}, err
}

// placeholderAt is the index of the placeholder Timeline in the
// aggregates aggs, or their length: a new aggregate goes before the
// events still waiting on the placeholder, so that grouping the timeline
// from its start keeps the events in the order they were called out.
func placeholderAt(aggs *yaml.Node) int {
	for i, a := range aggs.Content {
		if n := get(a, "name"); n != nil && n.Value == Timeline {
			return i
		}
	}
	return len(aggs.Content)
}

// leave takes the event's node n out of its aggregate, with the emits
// entries naming it; an emptied placeholder goes with its hotspot.
func (b *Board) leave(ev *model.Event, n, cn *yaml.Node) {
	old := ev.Aggregate
	on := b.node(old)
	remove(b.ix.parent[n], n)
	for _, cmd := range old.Commands {
		for _, r := range cmd.Emits {
			if r.Target == ev {
				sn := b.ix.scalars[r.Pos]
				remove(b.ix.parent[sn], sn)
			}
		}
	}
	b.dropEmptied(old, on, cn)
}

// dropEmptied drops the events list of the aggregate a (node an) once it
// is empty, and the placeholder Timeline itself, with its hotspot, when it
// has no commands either.
func (b *Board) dropEmptied(a *model.Aggregate, an, cn *yaml.Node) {
	if es := get(an, "events"); es != nil && len(es.Content) == 0 {
		del(an, "events")
		if a.Name == Timeline && len(a.Commands) == 0 {
			remove(b.ix.parent[an], an)
			b.dropTimelineHotspots(a.Context, cn)
		}
	}
}

// dropTimelineHotspots removes the hotspots on the placeholder.
func (b *Board) dropTimelineHotspots(c *model.Context, cn *yaml.Node) {
	for _, h := range c.Hotspots {
		if h.On != nil && h.On.Text == Timeline {
			hn := b.node(h)
			remove(b.ix.parent[hn], hn)
		}
	}
	if hs := get(cn, "hotspots"); hs != nil && len(hs.Content) == 0 {
		del(cn, "hotspots")
	}
	if as := get(cn, "aggregates"); as != nil && len(as.Content) == 0 {
		del(cn, "aggregates")
	}
}

// AddCommandEmitting adds to an event's aggregate a command that emits it,
// issued by actor when one is given: the step after the big picture.
func (b *Board) AddCommandEmitting(event Key, name, actor string) (Key, error) {
	ev, ok := b.Find(event).(*model.Event)
	if !ok {
		return Key{}, fmt.Errorf("there is no event %q", event.Name)
	}
	if ev.Aggregate.Name == Timeline {
		return Key{}, fmt.Errorf("group %s into an aggregate first: a command belongs to the event's aggregate", ev.Name)
	}
	var extra []*yaml.Node
	if actor = strings.TrimSpace(actor); actor != "" {
		extra = append(extra, str("actor"), str(actor))
	}
	emits := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Content: []*yaml.Node{str(ev.Name)}}
	return b.addTo(KeyOf(ev.Aggregate), "commands", Command, name, append(extra, str("emits"), emits)...)
}

// AddPolicyOn adds to the context ctx a policy that issues the command
// then, one of the context's, whenever the event happens; without a name
// it is called "<then> when <event>".
func (b *Board) AddPolicyOn(event Key, ctx, name, then string) (Key, error) {
	ev, ok := b.Find(event).(*model.Event)
	c := b.ContextNamed(ctx)
	if !ok || c == nil {
		return Key{}, fmt.Errorf("there is no event %q in a context %q", event.Name, ctx)
	}
	then = strings.TrimSpace(then)
	if _, ok := b.Find(Key{Command, ctx, then}).(*model.Command); !ok {
		return Key{}, fmt.Errorf("%s has no command %q: a policy issues one of its context's commands", ctx, then)
	}
	if strings.TrimSpace(name) == "" {
		name = then + " when " + ev.Name
	}
	return b.addTo(ctxKey(ctx), "policies", Policy, name, str("when"), str(EventRef(c, ev)), str("then"), str(then))
}

// AddReadModelFrom adds to the context ctx a read model fed by the event.
func (b *Board) AddReadModelFrom(event Key, ctx, name string) (Key, error) {
	ev, ok := b.Find(event).(*model.Event)
	c := b.ContextNamed(ctx)
	if !ok || c == nil {
		return Key{}, fmt.Errorf("there is no event %q in a context %q", event.Name, ctx)
	}
	from := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{mapping(str("event"), str(EventRef(c, ev)))}}
	return b.addTo(ctxKey(ctx), "readModels", ReadModel, name, str("from"), from)
}
