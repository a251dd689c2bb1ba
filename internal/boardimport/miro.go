package boardimport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"
	"sort"
	"strings"
)

func init() {
	register(reader{format: "miro", sniff: sniffMiro, read: readMiro})
}

// sniffMiro recognises Miro REST API v2 item JSON: a list or a page of
// items with a "type" among Miro's item types.
func sniffMiro(name string, data []byte) bool {
	t := bytes.TrimSpace(data)
	if len(t) == 0 || t[0] != '[' && t[0] != '{' {
		return false
	}
	return bytes.Contains(t, []byte(`"sticky_note"`)) || bytes.Contains(t, []byte(`"startItem"`)) ||
		bytes.Contains(t, []byte(`"type":"frame"`)) || bytes.Contains(t, []byte(`"type": "frame"`))
}

// miroItem is the part of a Miro REST API v2 item (GET /v2/boards/{id}/items,
// /connectors) the import uses.
type miroItem struct {
	ID   json.RawMessage `json:"id"`
	Type string          `json:"type"`
	Data struct {
		Content string `json:"content"`
		Title   string `json:"title"`
		Shape   string `json:"shape"`
	} `json:"data"`
	Style struct {
		FillColor string `json:"fillColor"`
	} `json:"style"`
	Position *struct {
		X          float64 `json:"x"`
		Y          float64 `json:"y"`
		Origin     string  `json:"origin"`
		RelativeTo string  `json:"relativeTo"`
	} `json:"position"`
	Geometry struct {
		Width  float64 `json:"width"`
		Height float64 `json:"height"`
	} `json:"geometry"`
	Parent    *struct{ ID json.RawMessage } `json:"parent"`
	StartItem *struct{ ID json.RawMessage } `json:"startItem"`
	EndItem   *struct{ ID json.RawMessage } `json:"endItem"`
	Captions  []struct {
		Content string `json:"content"`
	} `json:"captions"`
}

// miroPage is the API's paged answer; an export may also concatenate the
// connectors as their own list.
type miroPage struct {
	Data       []miroItem `json:"data"`
	Connectors []miroItem `json:"connectors"`
	Items      []miroItem `json:"items"`
}

func readMiro(data []byte) (*Board, error) {
	items, err := decodeMiro(data)
	if err != nil {
		return nil, err
	}
	b := &Board{}
	byID := map[string]*miroItem{}
	for i := range items {
		id := rawID(items[i].ID)
		if id == "" {
			return nil, fmt.Errorf("item %d (%s) has no id", i+1, items[i].Type)
		}
		if byID[id] != nil {
			return nil, fmt.Errorf("two items have the id %s", id)
		}
		byID[id] = &items[i]
	}
	for i := range items {
		it, ok, err := miroToItem(&items[i], byID)
		if err != nil {
			return nil, err
		}
		if ok {
			b.Items = append(b.Items, it)
		}
	}
	sort.SliceStable(b.Items, func(i, j int) bool { return b.Items[i].ID < b.Items[j].ID })
	return b, nil
}

// decodeMiro accepts a list of items, a page { "data": [...] }, or several
// such JSON values one after another (items then connectors).
func decodeMiro(data []byte) ([]miroItem, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var all []miroItem
	values := 0
	for {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			if errors.Is(err, io.EOF) && values > 0 {
				break
			}
			return nil, fmt.Errorf("not JSON: %v", err)
		}
		values++
		t := bytes.TrimSpace(raw)
		switch {
		case len(t) > 0 && t[0] == '[':
			var list []miroItem
			if err := json.Unmarshal(t, &list); err != nil {
				return nil, fmt.Errorf("not a list of Miro items: %v", err)
			}
			all = append(all, list...)
		case len(t) > 0 && t[0] == '{':
			var p miroPage
			if err := json.Unmarshal(t, &p); err != nil {
				return nil, fmt.Errorf("not a page of Miro items: %v", err)
			}
			if p.Data == nil && p.Items == nil && p.Connectors == nil {
				return nil, errors.New(`an object without "data": expected the API's page { "data": [...] } or a list of items`)
			}
			all = append(append(append(all, p.Data...), p.Items...), p.Connectors...)
		default:
			return nil, errors.New("expected a list of Miro items or a page { \"data\": [...] }")
		}
	}
	return all, nil
}

// rawID reads an id written as a string or a number.
func rawID(r json.RawMessage) string {
	var s string
	if json.Unmarshal(r, &s) == nil {
		return strings.TrimSpace(s)
	}
	var n json.Number
	if json.Unmarshal(r, &n) == nil {
		return n.String()
	}
	return ""
}

// miroToItem converts one Miro item; ok is false for item types the import
// does not use (images, cards, ...).
func miroToItem(m *miroItem, byID map[string]*miroItem) (Item, bool, error) {
	it := Item{ID: rawID(m.ID), Color: strings.ToLower(strings.TrimSpace(m.Style.FillColor))}
	switch m.Type {
	case "sticky_note", "shape":
		it.Kind, it.Text = Sticky, cleanHTML(m.Data.Content)
	case "frame":
		it.Kind, it.Text = Frame, cleanHTML(m.Data.Title)
	case "text":
		it.Kind, it.Text = Text, cleanHTML(m.Data.Content)
	case "connector":
		it.Kind = Connector
		if m.StartItem != nil {
			it.From = rawID(m.StartItem.ID)
		}
		if m.EndItem != nil {
			it.To = rawID(m.EndItem.ID)
		}
		for _, c := range m.Captions {
			it.Text = strings.TrimSpace(it.Text + " " + cleanHTML(c.Content))
		}
		return it, true, nil
	default:
		return Item{}, false, nil
	}
	if it.Color == "transparent" {
		it.Color = ""
	}
	if m.Parent != nil {
		it.Parent = rawID(m.Parent.ID)
	}
	// A sticky's geometry may give only its width (its shape sets the
	// height): take it as square.
	if m.Geometry.Height == 0 {
		m.Geometry.Height = m.Geometry.Width
	}
	if m.Geometry.Width == 0 {
		m.Geometry.Width = m.Geometry.Height
	}
	x, y, err := miroTopLeft(m, byID, 0)
	if err != nil {
		return Item{}, false, err
	}
	it.X, it.Y, it.W, it.H = x, y, m.Geometry.Width, m.Geometry.Height
	return it, true, nil
}

// miroTopLeft is an item's absolute top-left corner. Miro gives the centre
// of the item, relative to the top-left of its parent frame when it has one
// (relativeTo "parent_top_left"), else to the canvas.
func miroTopLeft(m *miroItem, byID map[string]*miroItem, depth int) (float64, float64, error) {
	if depth > 50 {
		return 0, 0, errors.New("items are nested in a loop (parent of a parent of ...)")
	}
	if m.Position == nil {
		return 0, 0, fmt.Errorf("item %s (%s) has no position", rawID(m.ID), m.Type)
	}
	x := m.Position.X - m.Geometry.Width/2
	y := m.Position.Y - m.Geometry.Height/2
	if m.Parent == nil || m.Position.RelativeTo == "canvas_center" {
		return x, y, nil
	}
	p := byID[rawID(m.Parent.ID)]
	if p == nil {
		// The parent was not exported: keep the position as given.
		return x, y, nil
	}
	px, py, err := miroTopLeft(p, byID, depth+1)
	if err != nil {
		return 0, 0, err
	}
	return px + x, py + y, nil
}

var (
	tagRE   = regexp.MustCompile(`<[^>]*>`)
	blockRE = regexp.MustCompile(`(?i)<\s*(br|/p|/div|/li)\b[^>]*>`)
)

// cleanHTML turns Miro's HTML content into plain text: tags removed (line
// breaks become spaces), entities decoded, whitespace collapsed.
func cleanHTML(s string) string {
	s = blockRE.ReplaceAllString(s, " ")
	s = tagRE.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	return strings.Join(strings.Fields(s), " ")
}
