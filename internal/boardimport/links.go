package boardimport

import (
	"math"
	"sort"
)

// links are the board's arrows, as neighbours in either direction: walls
// draw the grammar's arrows both ways, so the roles at the ends, not the
// arrow's direction, say what an arrow means.
type links map[string][]string

func connections(b *Board) links {
	l := links{}
	for _, it := range b.Items {
		if it.Kind != Connector || it.From == "" || it.To == "" || it.From == it.To {
			continue
		}
		l[it.From] = append(l[it.From], it.To)
		l[it.To] = append(l[it.To], it.From)
	}
	for k := range l {
		sort.Strings(l[k])
	}
	return l
}

// scope is the stickies of one context, with the board's arrows and every
// sticky of the board (an arrow may cross into another context).
type scope struct {
	notes []*note
	links links
	all   map[string]*note
}

// linked is the stickies of role r joined to n by an arrow, in timeline
// order, from any context.
func (s *scope) linked(n *note, r Role) []*note {
	var out []*note
	seen := map[string]bool{}
	for _, id := range s.links[n.ID] {
		if m := s.all[id]; m != nil && m.role == r && !seen[id] {
			seen[id] = true
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return timeline(out[i].Item, out[j].Item) })
	return out
}

// hasLinks reports whether n has any arrow.
func (s *scope) hasLinks(n *note) bool { return len(s.links[n.ID]) > 0 }

// sameRow reports whether two stickies stand on one horizontal row.
func sameRow(a, b *note) bool {
	return math.Abs(a.cy()-b.cy()) <= math.Max(math.Max(a.H, b.H)*0.6, 1)
}

// rowRight is the stickies of role r right of n on its row, up to the next
// sticky of a role that starts another step of the grammar.
func (s *scope) rowRight(n *note, r Role) []*note {
	var out []*note
	for _, m := range s.notes {
		if m == n || !sameRow(n, m) || m.cx() <= n.cx() {
			continue
		}
		if m.role == r {
			out = append(out, m)
			continue
		}
		switch m.role {
		case Command, Policy, ReadModel, ExternalSystem:
			return out
		}
	}
	return out
}

// rowLeft is the nearest sticky of role r left of n on its row.
func (s *scope) rowLeft(n *note, r Role) *note {
	var best *note
	for _, m := range s.notes {
		if m.role == r && sameRow(n, m) && m.cx() < n.cx() && (best == nil || m.cx() > best.cx()) {
			best = m
		}
	}
	return best
}

// nearest is the sticky of role r closest to n, nil when the context has
// none; within maxDist when maxDist > 0.
func (s *scope) nearest(n *note, r Role, maxDist float64) *note {
	var best *note
	bestD := math.Inf(1)
	for _, m := range s.notes {
		if m == n || m.role != r {
			continue
		}
		if d := math.Hypot(m.cx()-n.cx(), m.cy()-n.cy()); d < bestD {
			best, bestD = m, d
		}
	}
	if maxDist > 0 && bestD > maxDist {
		return nil
	}
	return best
}
