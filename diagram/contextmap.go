package diagram

import (
	"fmt"
	"math"
	"unicode/utf8"

	"eventstorm/model"
)

// relation is an upstream/downstream pair of contexts on the context map:
// declared under `relationships:` with its pattern, or implied by an event
// that a policy or read model of the downstream context reads.
type relation struct {
	up, down *model.Context
	pattern  string
	implied  bool
}

// relations lists the declared relationships in model order, then the
// implied ones not declared, in the order of their downstream contexts.
func relations(m *model.Model) []relation {
	var out []relation
	seen := map[[2]*model.Context]bool{}
	add := func(r relation) {
		key := [2]*model.Context{r.up, r.down}
		if r.up == nil || r.down == nil || r.up == r.down || seen[key] {
			return
		}
		seen[key] = true
		out = append(out, r)
	}
	for _, r := range m.Relationships {
		up, _ := refTarget(r.Upstream).(*model.Context)
		down, _ := refTarget(r.Downstream).(*model.Context)
		add(relation{up: up, down: down, pattern: r.Pattern})
	}
	for _, c := range m.Contexts {
		for _, e := range readEvents(c) {
			add(relation{up: e.Aggregate.Context, down: c, implied: true})
		}
	}
	return out
}

func refTarget(r *model.Ref) any {
	if r == nil {
		return nil
	}
	return r.Target
}

// readEvents are the resolved events a context's policies and read models
// read, in model order.
func readEvents(c *model.Context) []*model.Event {
	var out []*model.Event
	for _, p := range c.Policies {
		if e := p.Event(); e != nil && e.Aggregate != nil {
			out = append(out, e)
		}
	}
	for _, r := range c.ReadModels {
		for _, pr := range r.From {
			if e := pr.SourceEvent(); e != nil && e.Aggregate != nil {
				out = append(out, e)
			}
		}
	}
	return out
}

// The context map is drawn in SVG with the contexts on an ellipse, the
// first on the left and the others clockwise, and an arrow from upstream to
// downstream for each relation.
const (
	mapWidth  = 960
	boxHeight = 34
	parallel  = 16 // distance between arrows joining the same two contexts
)

type mapView struct {
	Width, Height int
	Boxes         []mapBox
	Links         []mapLink
}

type mapBox struct {
	Name               string
	X, Y, W, H, TX, TY string
}

type mapLink struct {
	Label                  string
	Implied                bool
	X1, Y1, X2, Y2, LX, LY string
	UX, UY, DX, DY         string // where the U and D marks stand
}

type point struct{ x, y float64 }

func layoutMap(m *model.Model, rels []relation) mapView {
	n := len(m.Contexts)
	// One or two contexts stand on a line; more need the ellipse's height.
	v := mapView{Width: mapWidth, Height: 90}
	if n > 2 {
		v.Height = 140 + 40*min(n, 6)
	}
	center := point{mapWidth / 2, float64(v.Height) / 2}
	radius := point{mapWidth/2 - 140, float64(v.Height)/2 - 30}
	pos := map[*model.Context]point{}
	width := map[*model.Context]float64{}
	for i, c := range m.Contexts {
		p := center
		if n > 1 {
			a := math.Pi + 2*math.Pi*float64(i)/float64(n)
			p = point{center.x + radius.x*math.Cos(a), center.y + radius.y*math.Sin(a)}
		}
		w := math.Min(math.Max(textWidth(c.Name)+24, 90), 240)
		pos[c], width[c] = p, w
		v.Boxes = append(v.Boxes, mapBox{Name: c.Name,
			X: num(p.x - w/2), Y: num(p.y - boxHeight/2), W: num(w), H: num(boxHeight),
			TX: num(p.x), TY: num(p.y + 4.5)})
	}
	// Arrows between the same two contexts, in either direction, stand side
	// by side.
	type pair [2]*model.Context
	total, done := map[pair]int{}, map[pair]int{}
	key := func(r relation) pair {
		if index(m, r.up) < index(m, r.down) {
			return pair{r.up, r.down}
		}
		return pair{r.down, r.up}
	}
	for _, r := range rels {
		total[key(r)]++
	}
	for _, r := range rels {
		k := key(r)
		offset := (float64(done[k]) - float64(total[k]-1)/2) * parallel
		done[k]++
		a, b := pos[k[0]], pos[k[1]]
		normal := unit(point{a.y - b.y, b.x - a.x})
		shift := func(p point) point { return point{p.x + normal.x*offset, p.y + normal.y*offset} }
		from, to := shift(pos[r.up]), shift(pos[r.down])
		dir := unit(point{to.x - from.x, to.y - from.y})
		start := along(from, dir, exit(dir, width[r.up]))
		end := along(to, dir, -exit(dir, width[r.down])-4) // room for the arrowhead
		text := r.pattern
		if r.implied {
			text = "implied"
		}
		// Labels stand nearer the upstream end than the middle, where the
		// diagonals of four or more contexts cross.
		label := along(start, dir, 0.4*math.Hypot(end.x-start.x, end.y-start.y))
		label.y -= 4
		v.Links = append(v.Links, mapLink{Label: text, Implied: r.implied,
			X1: num(start.x), Y1: num(start.y), X2: num(end.x), Y2: num(end.y),
			LX: num(label.x), LY: num(label.y),
			UX: num(start.x + dir.x*10 + normal.x*8), UY: num(start.y + dir.y*10 + normal.y*8 + 4),
			DX: num(end.x - dir.x*12 + normal.x*8), DY: num(end.y - dir.y*12 + normal.y*8 + 4)})
	}
	return v
}

// exit is how far a line from a box's centre in the unit direction d goes
// before it leaves the box, of width w.
func exit(d point, w float64) float64 {
	t := math.Inf(1)
	if d.x != 0 {
		t = w / 2 / math.Abs(d.x)
	}
	if d.y != 0 {
		t = math.Min(t, boxHeight/2/math.Abs(d.y))
	}
	if math.IsInf(t, 1) {
		return 0
	}
	return t
}

func along(p, d point, t float64) point { return point{p.x + d.x*t, p.y + d.y*t} }

func unit(p point) point {
	l := math.Hypot(p.x, p.y)
	if l == 0 {
		return point{}
	}
	return point{p.x / l, p.y / l}
}

func index(m *model.Model, c *model.Context) int {
	for i, x := range m.Contexts {
		if x == c {
			return i
		}
	}
	return -1
}

// textWidth estimates the width of a context's name in the map's 13px
// font: wide scripts such as Hangul take about twice a Latin letter.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < utf8.RuneSelf {
			w += 7.2
		} else {
			w += 13
		}
	}
	return w
}

func num(f float64) string { return fmt.Sprintf("%.1f", f) }
