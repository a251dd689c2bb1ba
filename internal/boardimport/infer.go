package boardimport

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// note is a sticky with the role the legend gives it.
type note struct {
	Item
	role Role
}

func (n *note) cx() float64 { return n.X + n.W/2 }
func (n *note) cy() float64 { return n.Y + n.H/2 }

// Infer turns a board into a draft model: frames become bounded contexts
// (a board without frames is one context named system), sticky colours say
// what each sticky is, arrows or, without arrows, the usual layout link
// them. A wall without frames whose stickies stand in labelled horizontal
// bands has a context per band (swimlanes). Nothing is dropped: a sticky that cannot be placed becomes a
// hotspot quoting it. Unplaced lists those stickies, for the summary.
func Infer(b *Board, legend *Legend, system string) (d *Draft, unplaced []string) {
	if legend == nil {
		legend = DefaultLegend()
	}
	d = &Draft{System: system, Board: b.Format}
	frames, notes := classify(b, legend)
	groups := groupByFrame(frames, notes)
	if len(frames) == 0 {
		var texts []Item
		for _, it := range b.Items {
			if it.Kind == Text {
				texts = append(texts, it)
			}
		}
		if l := lanes(texts, notes); l != nil {
			groups = l
		}
	}
	all := map[string]*note{}
	for _, n := range notes {
		all[n.ID] = n
	}
	ctxOf := map[string]string{}
	for _, g := range groups {
		name := g.frame.Text
		if g.frame.ID == "" {
			name = system
		}
		c := &DraftContext{Name: uniqueName(d, name), ID: g.frame.ID}
		for _, n := range g.notes {
			ctxOf[n.ID] = c.Name
		}
		d.Contexts = append(d.Contexts, c)
	}
	lk := connections(b)
	for i, g := range groups {
		s := &scope{notes: g.notes, links: lk, all: all}
		unplaced = append(unplaced, buildContext(d.Contexts[i], s, ctxOf)...)
	}
	for _, n := range notes {
		if n.role == Ignore {
			d.Ignored++
		}
	}
	for _, it := range b.Items {
		if it.Kind == Sticky && it.Text == "" {
			d.Blank = append(d.Blank, it.ID)
		}
	}
	d.policyTargets()
	return d, unplaced
}

func uniqueName(d *Draft, name string) string {
	if name == "" {
		name = fmt.Sprintf("Context %d", len(d.Contexts)+1)
	}
	base := name
	for i := 2; ; i++ {
		taken := false
		for _, c := range d.Contexts {
			taken = taken || strings.EqualFold(c.Name, name)
		}
		if !taken {
			return name
		}
		name = fmt.Sprintf("%s %d", base, i)
	}
}

// classify splits the board into frames and stickies with their roles,
// both sorted along the timeline. Blank stickies carry nothing to import
// and are left out.
func classify(b *Board, legend *Legend) (frames []Item, notes []*note) {
	var areas []float64
	for _, it := range b.Items {
		if it.Kind == Sticky && it.Text != "" {
			areas = append(areas, it.W*it.H)
		}
	}
	median := 0.0
	if len(areas) > 0 {
		sort.Float64s(areas)
		median = areas[len(areas)/2]
	}
	for _, it := range b.Items {
		switch {
		case it.Kind == Frame:
			frames = append(frames, it)
		case it.Kind == Sticky && it.Text != "":
			big := median > 0 && it.W*it.H >= 1.5*median
			notes = append(notes, &note{Item: it, role: legend.match(it.Color, it.W, big)})
		}
	}
	sort.SliceStable(frames, func(i, j int) bool { return timeline(frames[i], frames[j]) })
	sort.SliceStable(notes, func(i, j int) bool { return timeline(notes[i].Item, notes[j].Item) })
	return frames, notes
}

// timeline orders items left to right, then top to bottom, then by id so
// that the order never depends on the file's.
func timeline(a, b Item) bool {
	if math.Abs(a.X-b.X) > 1e-6 {
		return a.X < b.X
	}
	if math.Abs(a.Y-b.Y) > 1e-6 {
		return a.Y < b.Y
	}
	return a.ID < b.ID
}

type group struct {
	frame Item // zero when the board has no frames
	notes []*note
}

// groupByFrame puts each sticky in its frame: the one the file names as its
// parent, else the smallest frame around its centre, else the nearest
// frame. A board without frames is one group.
func groupByFrame(frames []Item, notes []*note) []*group {
	if len(frames) == 0 {
		return []*group{{notes: notes}}
	}
	groups := make([]*group, len(frames))
	index := map[string]int{}
	for i, f := range frames {
		groups[i] = &group{frame: f}
		index[f.ID] = i
	}
	for _, n := range notes {
		i, ok := index[n.Parent]
		if !ok {
			i = enclosingFrame(frames, n)
		}
		groups[i].notes = append(groups[i].notes, n)
	}
	return groups
}

func enclosingFrame(frames []Item, n *note) int {
	best, bestScore := 0, math.Inf(1)
	for i, f := range frames {
		dx := math.Max(0, math.Max(f.X-n.cx(), n.cx()-(f.X+f.W)))
		dy := math.Max(0, math.Max(f.Y-n.cy(), n.cy()-(f.Y+f.H)))
		// Inside a frame, the smaller frame wins; outside all, the nearest.
		score := math.Hypot(dx, dy)*1e12 + f.W*f.H
		if score < bestScore {
			best, bestScore = i, score
		}
	}
	return best
}

// policyTargets makes a command that a policy sends on another aggregate's
// event create its aggregate: nothing on the board says which existing
// aggregate it would act on. A hotspot says so, for the team to revisit.
func (d *Draft) policyTargets() {
	for _, c := range d.Contexts {
		for _, p := range c.Policies {
			cmd, cmdAgg := c.command(p.Then)
			evAgg := d.eventAggregate(c, p.When)
			if cmd == nil || cmd.Creates || evAgg == nil || evAgg == cmdAgg {
				continue
			}
			cmd.Creates = true
			text := fmt.Sprintf(
				"%q is sent by the policy %q on %q of another aggregate, so it was made to create a new %s; if it acts on an existing one, write `creates: false` and the policy's `target:`",
				cmd.Name, p.Name, p.When, cmdAgg.Name)
			// A board exported by `diagram` carries this hotspot as a
			// sticky already: one is enough.
			if !c.hasHotspot(text) {
				c.Hotspots = append(c.Hotspots, &DraftElement{ID: p.ID, Name: text})
			}
		}
	}
}

func (c *DraftContext) hasHotspot(text string) bool {
	for _, h := range c.Hotspots {
		if h.Name == text {
			return true
		}
	}
	return false
}

func (c *DraftContext) command(name string) (*DraftCommand, *DraftAggregate) {
	for _, a := range c.Aggregates {
		for _, cmd := range a.Commands {
			if strings.EqualFold(cmd.Name, name) {
				return cmd, a
			}
		}
	}
	return nil, nil
}

// eventAggregate finds the aggregate of an event named as a policy names
// it: plain in context c, `Context.Event` in another.
func (d *Draft) eventAggregate(c *DraftContext, ref string) *DraftAggregate {
	ctx, name := c, ref
	for _, o := range d.Contexts {
		if strings.HasPrefix(ref, o.Name+".") {
			ctx, name = o, strings.TrimPrefix(ref, o.Name+".")
		}
	}
	for _, a := range ctx.Aggregates {
		for _, e := range a.Events {
			if strings.EqualFold(e.Name, name) {
				return a
			}
		}
	}
	return nil
}
