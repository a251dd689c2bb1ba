// Package boardimport reads EventStorming walls exported from whiteboard
// tools (Miro, Excalidraw, draw.io) and turns them into a model.
//
// Each format's reader produces the same Board: the items drawn on the wall
// with their text, fill colour, geometry, containment and arrows. What the
// items mean (which sticky is an event, which frame is a bounded context) is
// decided afterwards, from the colour legend and the layout, the same way
// for every format.
package boardimport

import (
	"fmt"
	"strings"
)

// Kind is what a board item is drawn as.
type Kind int

const (
	// Sticky is a sticky note, or a filled shape holding text: a candidate
	// element of the model.
	Sticky Kind = iota
	// Frame is a frame, container, group box or large labelled area: a
	// candidate bounded context.
	Frame
	// Connector is an arrow or line between two items.
	Connector
	// Text is free text not held by a shape (a label, a title).
	Text
)

// String names the kind for messages.
func (k Kind) String() string {
	switch k {
	case Sticky:
		return "sticky"
	case Frame:
		return "frame"
	case Connector:
		return "connector"
	case Text:
		return "text"
	}
	return "item"
}

// Item is one thing drawn on the wall.
type Item struct {
	ID   string
	Kind Kind
	// Text is the item's plain text: markup removed, whitespace collapsed,
	// trimmed. A frame's text is its title.
	Text string
	// Color is the fill colour as lowercase #rrggbb, or a colour name the
	// format uses (Miro's "light_yellow"), "" when the item has none.
	Color string
	// X and Y are the top-left corner, W and H the size, in the board's
	// units (absolute, not relative to a parent).
	X, Y, W, H float64
	// Parent is the ID of the frame or container the item belongs to, ""
	// when the format records none.
	Parent string
	// From and To are a connector's ends (item IDs), "" when loose.
	From, To string
}

// Board is a wall as read from one file.
type Board struct {
	// Format is "miro", "excalidraw" or "drawio": the value of an imported
	// element's `source.board`.
	Format string
	Items  []Item
}

// reader is one whiteboard format: how to recognise a file of it and how to
// read one. Each format's file registers its reader in an init function.
type reader struct {
	format string
	// sniff reports whether a file with this name and content is in the
	// format; it must be cheap and must not fail.
	sniff func(name string, data []byte) bool
	read  func(data []byte) (*Board, error)
}

// readers are the registered formats, sorted by format name so that
// detection does not depend on init order.
var readers []reader

func register(r reader) {
	i := 0
	for i < len(readers) && readers[i].format < r.format {
		i++
	}
	readers = append(readers[:i], append([]reader{r}, readers[i:]...)...)
}

// Formats lists the formats Read understands, sorted.
func Formats() []string {
	out := make([]string, len(readers))
	for i, r := range readers {
		out[i] = r.format
	}
	return out
}

// Read reads a board exported from a whiteboard tool. format is one of
// Formats, or "" to detect it from the file name and content.
func Read(name string, data []byte, format string) (*Board, error) {
	for _, r := range readers {
		if format == r.format || format == "" && r.sniff(name, data) {
			b, err := r.read(data)
			if err != nil {
				return nil, fmt.Errorf("%s: not a readable %s board: %w", name, r.format, err)
			}
			b.Format = r.format
			return b, nil
		}
	}
	if format != "" {
		return nil, fmt.Errorf("unknown board format %q (known: %s)", format, strings.Join(Formats(), ", "))
	}
	return nil, fmt.Errorf("%s: not a board this tool reads (known formats: %s); name one with --from", name, strings.Join(Formats(), ", "))
}
