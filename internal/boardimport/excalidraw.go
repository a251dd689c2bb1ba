package boardimport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

func init() {
	register(reader{format: "excalidraw", sniff: sniffExcalidraw, read: readExcalidraw})
}

// sniffExcalidraw recognises a .excalidraw file, or JSON whose top-level
// type is "excalidraw" whatever the file is called.
func sniffExcalidraw(name string, data []byte) bool {
	if strings.EqualFold(filepath.Ext(name), ".excalidraw") {
		return true
	}
	head := data
	if len(head) > 512 {
		head = head[:512]
	}
	return bytes.HasPrefix(bytes.TrimSpace(head), []byte("{")) &&
		bytes.Contains(bytes.ReplaceAll(head, []byte(" "), nil), []byte(`"type":"excalidraw`))
}

// exFile is an .excalidraw file as documented by Excalidraw's JSON schema:
// only the members the reader uses.
type exFile struct {
	Type     string       `json:"type"`
	Elements *[]exElement `json:"elements"`
}

// exElement is one element (packages/element/src/types.ts); pointers tell
// an absent member from an empty one.
type exElement struct {
	ID              string      `json:"id"`
	Type            string      `json:"type"`
	X               float64     `json:"x"`
	Y               float64     `json:"y"`
	Width           float64     `json:"width"`
	Height          float64     `json:"height"`
	BackgroundColor string      `json:"backgroundColor"`
	IsDeleted       bool        `json:"isDeleted"`
	Text            string      `json:"text"`
	OriginalText    string      `json:"originalText"`
	ContainerID     *string     `json:"containerId"`
	FrameID         *string     `json:"frameId"`
	Name            *string     `json:"name"`
	StartBinding    *exBinding  `json:"startBinding"`
	EndBinding      *exBinding  `json:"endBinding"`
	BoundElements   []exBoundEl `json:"boundElements"`
}

type exBinding struct {
	ElementID string `json:"elementId"`
}

type exBoundEl struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

// readExcalidraw reads the live (not deleted) elements of an .excalidraw
// file into a Board.
func readExcalidraw(data []byte) (*Board, error) {
	var f exFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if f.Type != "excalidraw" && f.Type != "excalidraw/clipboard" {
		return nil, fmt.Errorf(`top-level "type" is %q, want "excalidraw"`, f.Type)
	}
	if f.Elements == nil {
		return nil, errors.New(`no "elements" array`)
	}
	live := map[string]*exElement{}
	var order []*exElement
	for i := range *f.Elements {
		e := &(*f.Elements)[i]
		if e.IsDeleted {
			continue
		}
		if e.ID == "" {
			return nil, fmt.Errorf("element %d (%s) has no id", i+1, e.Type)
		}
		if live[e.ID] != nil {
			return nil, fmt.Errorf("two elements have the id %q", e.ID)
		}
		live[e.ID] = e
		order = append(order, e)
	}
	return exBoard(order, live), nil
}

// exBoard turns the live elements into items: shapes take the text bound
// to them, frames their name, arrows their bound ends.
func exBoard(order []*exElement, live map[string]*exElement) *Board {
	labels, bound := exLabels(order, live)
	b := &Board{}
	for _, e := range order {
		it, ok := exItem(e, labels, live)
		if ok && !bound[e.ID] {
			b.Items = append(b.Items, it)
		}
	}
	exSwimlanes(b, live)
	return b
}

// exLabels maps each shape id to the text bound to it, found through the
// text's containerId or, failing that, the shape's boundElements; bound
// holds the ids of the texts so used, which are not items of their own.
func exLabels(order []*exElement, live map[string]*exElement) (labels map[string]string, bound map[string]bool) {
	labels, bound = map[string]string{}, map[string]bool{}
	for _, e := range order {
		if e.Type == "text" && e.ContainerID != nil && live[*e.ContainerID] != nil {
			labels[*e.ContainerID] = join(labels[*e.ContainerID], exText(e))
			bound[e.ID] = true
		}
	}
	for _, e := range order {
		if _, done := labels[e.ID]; done {
			continue
		}
		for _, be := range e.BoundElements {
			if t := live[be.ID]; be.Type == "text" && t != nil && t.Type == "text" && !bound[t.ID] {
				labels[e.ID] = join(labels[e.ID], exText(t))
				bound[t.ID] = true
			}
		}
	}
	return labels, bound
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + " " + b
}

// exText is a text element's text, whitespace collapsed; originalText is
// the text before wrapping, so it is preferred.
func exText(e *exElement) string {
	if e.OriginalText != "" {
		return cleanSpace(e.OriginalText)
	}
	return cleanSpace(e.Text)
}

func cleanSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// exItem is the item an element stands for; ok is false for elements that
// are not on the wall as such (bound text, images, freehand drawing).
func exItem(e *exElement, labels map[string]string, live map[string]*exElement) (Item, bool) {
	it := Item{ID: e.ID, X: e.X, Y: e.Y, W: e.Width, H: e.Height}
	if e.FrameID != nil && live[*e.FrameID] != nil {
		it.Parent = *e.FrameID
	}
	switch e.Type {
	case "frame", "magicframe":
		it.Kind = Frame
		if e.Name != nil {
			it.Text = cleanSpace(*e.Name)
		}
	case "rectangle", "ellipse", "diamond":
		it.Kind = Sticky
		it.Text = labels[e.ID]
		it.Color = exColor(e.BackgroundColor)
		if it.Color == "" {
			// An unfilled shape is a label or a box, not a sticky.
			it.Kind = Text
			if it.Text == "" {
				return it, false
			}
		}
	case "text":
		if e.ContainerID != nil && live[*e.ContainerID] != nil {
			return it, false
		}
		it.Kind = Text
		it.Text = exText(e)
		if it.Text == "" {
			return it, false
		}
	case "arrow", "line":
		it.Kind = Connector
		it.Text = labels[e.ID]
		it.From = exEnd(e.StartBinding, live)
		it.To = exEnd(e.EndBinding, live)
	default:
		return it, false
	}
	return it, true
}

// exEnd is the id an arrow end is bound to; an end bound to a shape's
// label is moved to the shape.
func exEnd(b *exBinding, live map[string]*exElement) string {
	if b == nil || live[b.ElementID] == nil {
		return ""
	}
	if t := live[b.ElementID]; t.Type == "text" && t.ContainerID != nil && live[*t.ContainerID] != nil {
		return *t.ContainerID
	}
	return b.ElementID
}

// exColor is a background colour as lowercase #rrggbb; "transparent" and
// none are "".
func exColor(c string) string {
	c = strings.ToLower(strings.TrimSpace(c))
	if c == "transparent" || c == "none" {
		return ""
	}
	if len(c) == 4 && c[0] == '#' {
		return "#" + string([]byte{c[1], c[1], c[2], c[2], c[3], c[3]})
	}
	if len(c) == 9 && c[0] == '#' { // #rrggbbaa: the alpha does not change the kind
		return c[:7]
	}
	return c
}

// exSwimlanes turns labelled rectangles that wholly contain other
// shapes into frames (see boxesAsFrames).
func exSwimlanes(b *Board, live map[string]*exElement) {
	boxesAsFrames(b, func(it Item) bool { return live[it.ID].Type == "rectangle" })
}

// boxesAsFrames turns labelled boxes (stickies or unfilled shapes, as
// isBox says) that wholly contain a sticky — a lane or context drawn as a
// box rather than as a frame — into frames, and gives the items inside
// them that have no parent the smallest such box as parent.
func boxesAsFrames(b *Board, isBox func(Item) bool) {
	var lanes []int
	for i, it := range b.Items {
		if it.Kind != Sticky && it.Kind != Text || it.Text == "" || !isBox(it) {
			continue
		}
		for j, o := range b.Items {
			if j != i && o.Kind == Sticky && inside(o, it) {
				lanes = append(lanes, i)
				break
			}
		}
	}
	for _, i := range lanes {
		b.Items[i].Kind = Frame
	}
	for i := range b.Items {
		it := &b.Items[i]
		if it.Parent != "" || it.Kind == Connector {
			continue
		}
		best := -1
		for _, l := range lanes {
			if l != i && inside(*it, b.Items[l]) && (best < 0 || area(b.Items[l]) < area(b.Items[best])) {
				best = l
			}
		}
		if best >= 0 {
			it.Parent = b.Items[best].ID
		}
	}
}

// inside reports whether a lies wholly within the box of outer, and is
// smaller than it.
func inside(a, outer Item) bool {
	return a.X >= outer.X && a.Y >= outer.Y && a.X+a.W <= outer.X+outer.W &&
		a.Y+a.H <= outer.Y+outer.H && area(a) < area(outer)
}

func area(it Item) float64 { return it.W * it.H }
