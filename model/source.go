package model

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Source is where an element came from on a whiteboard: written by
// `eventstorm import` so that a later import updates the element and
// diagnostics can name the sticky.
type Source struct {
	Board string // miro, excalidraw or drawio
	ID    string // the sticky's id on the board
	Pos   Pos    // the `source:` value
}

// Boards are the values `source.board` accepts.
var Boards = []string{"miro", "excalidraw", "drawio"}

// sourceSpan is the stretch of the file an element with a source occupies,
// so that a diagnostic positioned inside it can name the sticky.
type sourceSpan struct {
	start, end Pos
	label      string
}

// source decodes a `source: { board, id }` mapping; nil when it is invalid
// (having reported why).
func (l *loader) source(n *yaml.Node) *Source {
	pairs, ok := l.mapping(n, "a source", "board", "id")
	if !ok {
		return nil
	}
	s := &Source{Pos: pos(n)}
	valid := true
	for _, p := range pairs {
		if p.value == nil {
			valid = false
			continue
		}
		switch p.key {
		case "board":
			b, ok := l.str(p.value, "source board")
			b = strings.TrimSpace(b)
			if ok && !knownBoard(b) {
				l.errorf(pos(p.value), "source board %q is not one eventstorm imports; write one of %s", b, strings.Join(Boards, ", "))
				ok = false
			}
			s.Board, valid = b, valid && ok
		case "id":
			id, ok := l.str(p.value, "source id")
			id = strings.TrimSpace(id)
			if ok && id == "" {
				l.errorf(pos(p.value), "source id is blank; write the sticky's id on the board, or remove `source:`")
				ok = false
			}
			s.ID, valid = id, valid && ok
		}
	}
	for _, k := range []string{"board", "id"} {
		if !hasKey(pairs, k) {
			l.errorf(s.Pos, "a source has no `%s:`; write `source: { board: miro, id: \"...\" }`", k)
			valid = false
		}
	}
	if !valid {
		return nil
	}
	return s
}

func knownBoard(b string) bool {
	for _, k := range Boards {
		if b == k {
			return true
		}
	}
	return false
}

// noteSource records the span of an element node that has a source.
func (l *loader) noteSource(n *yaml.Node, e *Element) {
	if e.Source == nil {
		return
	}
	label := fmt.Sprintf("%s sticky %s", e.Source.Board, e.Source.ID)
	if e.Name != "" {
		label += fmt.Sprintf(" %q", e.Name)
	}
	l.sources = append(l.sources, sourceSpan{start: pos(n), end: lastPos(n, 0), label: label})
}

// lastPos is the position of the last node written inside n, without
// following aliases.
func lastPos(n *yaml.Node, depth int) Pos {
	p := pos(n)
	if depth > 200 {
		return p
	}
	for _, c := range n.Content {
		if q := lastPos(c, depth+1); p.Less(q) {
			p = q
		}
	}
	return p
}

// nameStickies appends to each diagnostic positioned inside an imported
// element the sticky it came from, e.g. `(miro sticky 345… "Order Placd")`;
// the innermost element wins.
func nameStickies(ds Diagnostics, spans []sourceSpan) Diagnostics {
	if len(spans) == 0 {
		return ds
	}
	for i, d := range ds {
		p := Pos{d.Line, d.Col}
		best := -1
		for j, s := range spans {
			if p.Less(s.start) || s.end.Less(p) {
				continue
			}
			if best < 0 || spans[best].start.Less(s.start) {
				best = j
			}
		}
		if best >= 0 && !strings.Contains(d.Message, spans[best].label) {
			ds[i].Message += " (" + spans[best].label + ")"
		}
	}
	return ds
}
