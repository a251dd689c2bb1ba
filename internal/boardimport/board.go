// Package boardimport reads EventStorming walls exported from whiteboard
// tools (Miro, Excalidraw, draw.io) and turns them into a model.
//
// Each format's reader produces the same Board: the items drawn on the wall
// with their text, fill colour, geometry, containment and arrows. What the
// items mean (which sticky is an event, which frame is a bounded context) is
// decided afterwards, from the colour legend and the layout, the same way
// for every format.
package boardimport

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
