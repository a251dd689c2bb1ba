package diagram

import (
	"fmt"
	"hash/fnv"

	"eventstorm/model"
)

// wall is the model laid out as a whiteboard, shared by the Excalidraw and
// draw.io writers: a frame per bounded context, one below the other, and
// in each the stickies in columns along the flow (actor, command,
// aggregate, event, policy, read model, external system, hotspot), one row
// per command. Positions and ids depend only on the model, so the same
// model always gives the same wall.
type wall struct {
	frames   []*wallFrame
	stickies []*wallSticky
	arrows   []wallArrow
}

type wallFrame struct {
	id, name   string
	x, y, w, h float64
}

type wallSticky struct {
	id, frame  string
	kind       Kind
	text       string
	x, y, w, h float64
}

type wallArrow struct{ id, from, to string }

// Sizes: a sticky is 140×100; actors are smaller and aggregates larger, so
// that a reader tells the two yellows apart by size as on a real wall.
const (
	colW, rowGap     = 200.0, 20.0
	stickyW, stickyH = 140.0, 100.0
	actorW, actorH   = 100.0, 60.0
	aggW, aggH       = 160.0, 160.0
	framePad, title  = 40.0, 60.0
	contextGap       = 120.0
)

// wallColumn is where a kind of sticky stands in its frame.
var wallColumn = map[Kind]int{Actor: 0, Command: 1, Aggregate: 2, Event: 3, Policy: 4, ReadModel: 5, ExternalSystem: 6, Hotspot: 7}

// wallBuilder lays out one model; ids maps model elements to sticky ids.
type wallBuilder struct {
	w    wall
	ids  map[any]string
	used map[string]bool
	// next is the first free y of each column in the current frame.
	next map[Kind]float64
}

func newWall(m *model.Model) *wall {
	b := &wallBuilder{ids: map[any]string{}, used: map[string]bool{}}
	y := 0.0
	for _, c := range m.Contexts {
		f := b.context(c, y)
		y = f.y + f.h + contextGap
	}
	for _, c := range m.Contexts {
		b.links(c)
	}
	return &b.w
}

// stableID derives an id from the strings that name an element: a short
// prefix for people reading the file and a hash for uniqueness.
func (b *wallBuilder) stableID(prefix string, parts ...string) string {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	id := fmt.Sprintf("%s-%016x", prefix, h.Sum64())
	for n := 2; b.used[id]; n++ {
		id = fmt.Sprintf("%s-%016x-%d", prefix, h.Sum64(), n)
	}
	b.used[id] = true
	return id
}

// context lays out one context's frame with its top at y.
func (b *wallBuilder) context(c *model.Context, y float64) *wallFrame {
	f := &wallFrame{id: b.stableID("context", c.Name), name: c.Name, x: 0, y: y}
	b.w.frames = append(b.w.frames, f)
	b.next = map[Kind]float64{}
	top := y + title
	for k := range wallColumn {
		b.next[k] = top
	}
	for _, a := range c.Aggregates {
		b.aggregate(f, c, a)
	}
	for _, p := range c.Policies {
		b.place(f, Policy, p.Name, p, b.yOf(p.Event()), b.stableID("policy", c.Name, p.Name))
	}
	for _, r := range c.ReadModels {
		var ey float64
		if len(r.From) > 0 {
			ey = b.yOf(r.From[0].SourceEvent())
		}
		b.place(f, ReadModel, r.Name, r, ey, b.stableID("readmodel", c.Name, r.Name))
	}
	for _, x := range c.ExternalSystems {
		b.place(f, ExternalSystem, x.Name, x, b.yOf(b.firstUser(c, x)), b.stableID("external", c.Name, x.Name))
	}
	for i, h := range c.Hotspots {
		b.place(f, Hotspot, h.Text, h, 0, b.stableID("hotspot", c.Name, h.Text, fmt.Sprint(i)))
	}
	bottom := top + stickyH
	for _, v := range b.next {
		bottom = max(bottom, v)
	}
	f.w = float64(len(wallColumn))*colW + framePad
	f.h = bottom - y + framePad
	return f
}

// actorOf keys the actor sticky drawn on a command's row: each row has its
// own, as on a wall, and readers merge stickies of one text.
type actorOf struct{ cmd *model.Command }

// aggregate lays out an aggregate's rows: per command its actor, the
// command and the events it is the first to emit; then the events no
// command emits. The aggregate sticky spans its rows.
func (b *wallBuilder) aggregate(f *wallFrame, c *model.Context, a *model.Aggregate) {
	start := max(b.next[Actor], b.next[Command], b.next[Aggregate], b.next[Event])
	row := start
	for _, cmd := range a.Commands {
		if cmd.Actor != "" {
			b.sticky(f, Actor, cmd.Actor, actorOf{cmd}, row, b.stableID("actor", c.Name, cmd.Actor, cmd.Name))
		}
		b.sticky(f, Command, cmd.Name, cmd, row, b.stableID("command", c.Name, cmd.Name))
		ey := row
		for _, e := range cmd.EmittedEvents() {
			if e.Aggregate == a && b.ids[e] == "" {
				b.sticky(f, Event, e.Name, e, ey, b.stableID("event", c.Name, e.Name))
				ey += stickyH + rowGap
			}
		}
		row = max(row+stickyH+rowGap, ey)
	}
	for _, e := range a.Events {
		if b.ids[e] == "" {
			b.sticky(f, Event, e.Name, e, row, b.stableID("event", c.Name, e.Name))
			row += stickyH + rowGap
		}
	}
	agg := b.sticky(f, Aggregate, a.Name, a, start, b.stableID("aggregate", c.Name, a.Name))
	agg.h = max(aggH, row-start-rowGap)
	end := max(row, start+agg.h+rowGap)
	for _, k := range []Kind{Actor, Command, Aggregate, Event} {
		b.next[k] = end
	}
}

// sticky adds a sticky of kind k in its column of frame f at y.
func (b *wallBuilder) sticky(f *wallFrame, k Kind, text string, el any, y float64, id string) *wallSticky {
	w, h := stickyW, stickyH
	switch k {
	case Actor:
		w, h = actorW, actorH
	case Aggregate:
		w, h = aggW, aggH
	}
	s := &wallSticky{id: id, frame: f.id, kind: k, text: text,
		x: f.x + framePad + float64(wallColumn[k])*colW, y: y, w: w, h: h}
	b.w.stickies = append(b.w.stickies, s)
	b.ids[el] = id
	return s
}

// place adds a sticky in the first free place of its column at or below
// wantY (the row of the event it reads, say).
func (b *wallBuilder) place(f *wallFrame, k Kind, text string, el any, wantY float64, id string) {
	y := max(wantY, b.next[k])
	b.sticky(f, k, text, el, y, id)
	b.next[k] = y + stickyH + rowGap
}

// yOf is the y of an element's sticky in the frame being laid out, 0 when
// it has none there.
func (b *wallBuilder) yOf(el any) float64 {
	id := b.ids[el]
	if id == "" {
		return 0
	}
	cur := b.w.frames[len(b.w.frames)-1].id
	for _, s := range b.w.stickies {
		if s.id == id && s.frame == cur {
			return s.y
		}
	}
	return 0
}

// firstUser is the first command of c that calls x.
func (b *wallBuilder) firstUser(c *model.Context, x *model.ExternalSystem) *model.Command {
	for _, a := range c.Aggregates {
		for _, cmd := range a.Commands {
			for _, u := range cmd.UsedSystems() {
				if u == x {
					return cmd
				}
			}
		}
	}
	return nil
}

// links adds the arrows of the usual grammar that start in context c:
// actor → command → aggregate, command → event, command → external system,
// event → policy → command, event → read model.
func (b *wallBuilder) links(c *model.Context) {
	for _, a := range c.Aggregates {
		for _, cmd := range a.Commands {
			b.arrow(actorOf{cmd}, cmd)
			b.arrow(cmd, a)
			for _, e := range cmd.EmittedEvents() {
				b.arrow(cmd, e)
			}
			for _, x := range cmd.UsedSystems() {
				b.arrow(cmd, x)
			}
		}
	}
	for _, p := range c.Policies {
		if e := p.Event(); e != nil {
			b.arrow(e, p)
		}
		if cmd := p.Command(); cmd != nil {
			b.arrow(p, cmd)
		}
	}
	for _, r := range c.ReadModels {
		for _, pr := range r.From {
			if e := pr.SourceEvent(); e != nil {
				b.arrow(e, r)
			}
		}
	}
}

// arrow joins the stickies of two elements, once; an element without a
// sticky gives none.
func (b *wallBuilder) arrow(from, to any) {
	f, t := b.ids[from], b.ids[to]
	if f == "" || t == "" {
		return
	}
	id := "arrow-" + f + "-" + t
	if b.used[id] {
		return
	}
	b.used[id] = true
	b.w.arrows = append(b.w.arrows, wallArrow{id: id, from: f, to: t})
}
