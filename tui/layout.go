package tui

import (
	"eventstorm/model"
	"eventstorm/tui/board"
)

// The board's columns, in the flow's order.
const (
	colActor = iota
	colCommand
	colAggregate
	colEvent
	colPolicy
	colReadModel
	numCols
)

var colTitles = [numCols]string{"Actor", "Command", "Aggregate", "Event", "Policy", "Read model"}

// sticky is one note on the board.
type sticky struct {
	key   board.Key
	label string
}

// grid is a context's stickies laid out in rows of the flow: actor →
// command → aggregate → events → policies and read models; types, external
// systems and hotspots follow in rows of their own.
type grid struct {
	rows [][numCols]*sticky
}

func (g *grid) add(r [numCols]*sticky) { g.rows = append(g.rows, r) }

func note(x any) *sticky {
	k := board.KeyOf(x)
	return &sticky{key: k, label: k.Name}
}

// layout lays out one context.
func layout(c *model.Context) *grid {
	g := &grid{}
	if c == nil {
		return g
	}
	l := &layouter{c: c, g: g, placed: map[any]bool{}}
	for _, a := range c.Aggregates {
		l.aggregate(a)
	}
	var pols, rms []*sticky
	for _, p := range c.Policies {
		if !l.placed[p] {
			pols = append(pols, note(p))
		}
	}
	for _, r := range c.ReadModels {
		if !l.placed[r] {
			rms = append(rms, note(r))
		}
	}
	l.columns(column{colPolicy, pols}, column{colReadModel, rms})
	// Below the flow, each in the column it belongs with rather than under
	// the actors: types beside the aggregates they shape, external systems
	// under the commands that call them, hotspots on the timeline.
	var types, externals, hotspots []*sticky
	for _, t := range c.Types {
		types = append(types, note(t))
	}
	for _, x := range c.ExternalSystems {
		externals = append(externals, note(x))
	}
	for _, h := range c.Hotspots {
		hotspots = append(hotspots, note(h))
	}
	l.columns(column{colAggregate, types}, column{colCommand, externals}, column{colEvent, hotspots})
	return g
}

// layouter places the stickies of the context c on the grid g, each once.
type layouter struct {
	c      *model.Context
	g      *grid
	placed map[any]bool
}

// column is a list of stickies that go one a row in the column col.
type column struct {
	col   int
	notes []*sticky
}

// columns adds rows, the i-th holding the i-th sticky of each column.
func (l *layouter) columns(cols ...column) {
	n := 0
	for _, c := range cols {
		n = max(n, len(c.notes))
	}
	for i := range n {
		var row [numCols]*sticky
		for _, c := range cols {
			if i < len(c.notes) {
				row[c.col] = c.notes[i]
			}
		}
		l.g.add(row)
	}
}

// aggregate lays out an aggregate's commands, each with its actor and the
// events it emits, then its events no command emits; the aggregate stands
// in its first row.
func (l *layouter) aggregate(a *model.Aggregate) {
	first := true
	agg := func(row *[numCols]*sticky) {
		if first {
			row[colAggregate] = note(a)
			first = false
		}
	}
	for _, cmd := range a.Commands {
		var row [numCols]*sticky
		if cmd.Actor != "" {
			row[colActor] = &sticky{key: board.Key{Kind: board.Actor, Context: l.c.Name, Name: cmd.Actor}, label: cmd.Actor}
		}
		row[colCommand] = note(cmd)
		agg(&row)
		emitted := false
		for _, e := range cmd.EmittedEvents() {
			if l.placed[e] {
				continue
			}
			l.placed[e] = true
			row[colEvent] = note(e)
			l.reactions(row, e)
			row = [numCols]*sticky{}
			emitted = true
		}
		if !emitted {
			l.g.add(row)
		}
	}
	for _, e := range a.Events {
		if l.placed[e] {
			continue
		}
		l.placed[e] = true
		var row [numCols]*sticky
		agg(&row)
		row[colEvent] = note(e)
		l.reactions(row, e)
	}
	if first {
		var row [numCols]*sticky
		agg(&row)
		l.g.add(row)
	}
}

// reactions lays out an event's row(s) with the policies and read models
// of this context that it feeds.
func (l *layouter) reactions(row [numCols]*sticky, e *model.Event) {
	var pols, rms []*sticky
	for _, p := range l.c.Policies {
		if p.When != nil && p.When.Target == e {
			pols = append(pols, note(p))
			l.placed[p] = true
		}
	}
	for _, r := range l.c.ReadModels {
		for _, pr := range r.From {
			if pr.Event != nil && pr.Event.Target == e && !l.placed[r] {
				rms = append(rms, note(r))
				l.placed[r] = true
			}
		}
	}
	for i := 0; i == 0 || i < len(pols) || i < len(rms); i++ {
		if i > 0 {
			row = [numCols]*sticky{}
		}
		if i < len(pols) {
			row[colPolicy] = pols[i]
		}
		if i < len(rms) {
			row[colReadModel] = rms[i]
		}
		l.g.add(row)
	}
}

// pos is a cell of the grid.
type pos struct{ row, col int }

func (g *grid) at(p pos) *sticky {
	if p.row < 0 || p.row >= len(g.rows) || p.col < 0 || p.col >= numCols {
		return nil
	}
	return g.rows[p.row][p.col]
}

// find returns the first cell holding the key.
func (g *grid) find(k board.Key) (pos, bool) {
	for r, row := range g.rows {
		for c, s := range row {
			if s != nil && s.key == k {
				return pos{r, c}, true
			}
		}
	}
	return pos{}, false
}

// first is the first sticky of the grid.
func (g *grid) first() (pos, bool) {
	for r, row := range g.rows {
		for c, s := range row {
			if s != nil {
				return pos{r, c}, true
			}
		}
	}
	return pos{}, false
}

// move steps from p: sideways within the row, up and down to the nearest
// row with a sticky, at the closest column.
func (g *grid) move(p pos, dr, dc int) pos {
	if dc != 0 {
		for c := p.col + dc; c >= 0 && c < numCols; c += dc {
			if g.at(pos{p.row, c}) != nil {
				return pos{p.row, c}
			}
		}
		return p
	}
	for r := p.row + dr; r >= 0 && r < len(g.rows); r += dr {
		best, bestDist := -1, numCols+1
		for c := 0; c < numCols; c++ {
			if g.rows[r][c] == nil {
				continue
			}
			d := c - p.col
			if d < 0 {
				d = -d
			}
			if d < bestDist {
				best, bestDist = c, d
			}
		}
		if best >= 0 {
			return pos{r, best}
		}
	}
	return p
}
