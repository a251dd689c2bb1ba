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
	placed := map[any]bool{}
	// reactions lays out an event's row(s) with the policies and read
	// models of this context that it feeds.
	reactions := func(row [numCols]*sticky, e *model.Event) {
		var pols, rms []*sticky
		for _, p := range c.Policies {
			if p.When != nil && p.When.Target == e {
				pols = append(pols, note(p))
				placed[p] = true
			}
		}
		for _, r := range c.ReadModels {
			for _, pr := range r.From {
				if pr.Event != nil && pr.Event.Target == e && !placed[r] {
					rms = append(rms, note(r))
					placed[r] = true
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
			g.add(row)
		}
	}
	for _, a := range c.Aggregates {
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
				row[colActor] = &sticky{key: board.Key{Kind: board.Actor, Context: c.Name, Name: cmd.Actor}, label: cmd.Actor}
			}
			row[colCommand] = note(cmd)
			agg(&row)
			emitted := false
			for _, e := range cmd.EmittedEvents() {
				if placed[e] {
					continue
				}
				placed[e] = true
				row[colEvent] = note(e)
				reactions(row, e)
				row = [numCols]*sticky{}
				emitted = true
			}
			if !emitted {
				g.add(row)
			}
		}
		for _, e := range a.Events {
			if placed[e] {
				continue
			}
			placed[e] = true
			var row [numCols]*sticky
			agg(&row)
			row[colEvent] = note(e)
			reactions(row, e)
		}
		if first {
			var row [numCols]*sticky
			agg(&row)
			g.add(row)
		}
	}
	var pols, rms []*sticky
	for _, p := range c.Policies {
		if !placed[p] {
			pols = append(pols, note(p))
		}
	}
	for _, r := range c.ReadModels {
		if !placed[r] {
			rms = append(rms, note(r))
		}
	}
	for i := 0; i < len(pols) || i < len(rms); i++ {
		var row [numCols]*sticky
		if i < len(pols) {
			row[colPolicy] = pols[i]
		}
		if i < len(rms) {
			row[colReadModel] = rms[i]
		}
		g.add(row)
	}
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
	for i := 0; i < len(types) || i < len(externals) || i < len(hotspots); i++ {
		var row [numCols]*sticky
		if i < len(types) {
			row[colAggregate] = types[i]
		}
		if i < len(externals) {
			row[colCommand] = externals[i]
		}
		if i < len(hotspots) {
			row[colEvent] = hotspots[i]
		}
		g.add(row)
	}
	return g
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
