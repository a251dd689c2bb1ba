package boardimport

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

func init() {
	register(reader{format: "drawio", sniff: sniffDrawio, read: readDrawio})
}

// sniffDrawio recognises a .drawio file, or an .xml file (or any file)
// whose content starts with <mxfile or <mxGraphModel.
func sniffDrawio(name string, data []byte) bool {
	if strings.EqualFold(filepath.Ext(name), ".drawio") {
		return true
	}
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	return bytes.Contains(head, []byte("<mxfile")) || bytes.Contains(head, []byte("<mxGraphModel"))
}

// dxFile is a draw.io file: <mxfile> with one <diagram> per page, or a bare
// <mxGraphModel>.
type dxFile struct {
	XMLName  xml.Name
	Diagrams []dxDiagram `xml:"diagram"`
	Root     *dxRoot     `xml:"root"` // when the file is a bare mxGraphModel
}

// dxDiagram is a page: its model inline, or compressed in its text.
type dxDiagram struct {
	ID    string   `xml:"id,attr"`
	Model *dxModel `xml:"mxGraphModel"`
	Text  string   `xml:",chardata"`
}

type dxModel struct {
	Root *dxRoot `xml:"root"`
}

// dxRoot holds the cells, plain mxCell or wrapped in UserObject/object.
type dxRoot struct {
	Nodes []dxNode `xml:",any"`
}

// dxNode is an mxCell, or a UserObject/object wrapper whose own attributes
// carry the id and label and whose inner mxCell the rest.
type dxNode struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Cell     *dxNode    `xml:"mxCell"`
	Geometry *dxGeom    `xml:"mxGeometry"`
}

type dxGeom struct {
	X      string `xml:"x,attr"`
	Y      string `xml:"y,attr"`
	Width  string `xml:"width,attr"`
	Height string `xml:"height,attr"`
}

// dxCell is a cell with its wrapper folded in.
type dxCell struct {
	id, value, style, parent, source, target string
	vertex, edge                             bool
	x, y, w, h                               float64
}

func (n *dxNode) attr(name string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// maxInflated bounds a compressed page, so a crafted file cannot exhaust
// memory.
const maxInflated = 64 << 20

// readDrawio reads every page of a draw.io file into one board; pages after
// the first are placed below it and their ids prefixed with the page id.
func readDrawio(data []byte) (*Board, error) {
	var f dxFile
	if err := xml.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("invalid XML: %w", err)
	}
	var pages []*dxRoot
	var pageIDs []string
	switch f.XMLName.Local {
	case "mxGraphModel":
		if f.Root == nil {
			return nil, errors.New("<mxGraphModel> has no <root>")
		}
		pages, pageIDs = []*dxRoot{f.Root}, []string{""}
	case "mxfile":
		if len(f.Diagrams) == 0 {
			return nil, errors.New("<mxfile> has no <diagram>")
		}
		for i, d := range f.Diagrams {
			r, err := d.root()
			if err != nil {
				return nil, fmt.Errorf("page %d: %w", i+1, err)
			}
			pages, pageIDs = append(pages, r), append(pageIDs, d.ID)
		}
	default:
		return nil, fmt.Errorf("root element is <%s>, want <mxfile> or <mxGraphModel>", f.XMLName.Local)
	}
	b := &Board{}
	top := 0.0
	for i, r := range pages {
		prefix := ""
		if i > 0 {
			prefix = pageIDs[i] + "/"
			if pageIDs[i] == "" {
				prefix = fmt.Sprintf("page%d/", i+1)
			}
		}
		items, err := dxPage(r, prefix, top)
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		b.Items = append(b.Items, items...)
		top = bottom(b.Items) + 200
	}
	// A context drawn as a plain labelled rectangle behind its stickies
	// (not as their container) is still a frame.
	boxesAsFrames(b, func(Item) bool { return true })
	return b, nil
}

func bottom(items []Item) float64 {
	y := 0.0
	for _, it := range items {
		y = max(y, it.Y+it.H)
	}
	return y
}

// root is a page's model: inline, or decoded from the compressed form
// (base64 of raw DEFLATE of the URL-encoded XML).
func (d dxDiagram) root() (*dxRoot, error) {
	if d.Model != nil {
		if d.Model.Root == nil {
			return nil, errors.New("<mxGraphModel> has no <root>")
		}
		return d.Model.Root, nil
	}
	text := strings.TrimSpace(d.Text)
	if text == "" {
		return nil, errors.New("empty <diagram>")
	}
	raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(text), ""))
	if err != nil {
		return nil, fmt.Errorf("compressed diagram is not base64: %w", err)
	}
	inflated, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(raw)), maxInflated+1))
	if err != nil {
		return nil, fmt.Errorf("compressed diagram does not inflate: %w", err)
	}
	if len(inflated) > maxInflated {
		return nil, errors.New("compressed diagram is larger than 64 MiB")
	}
	// Pages are URL-encoded (encodeURIComponent) before compression.
	plain, err := url.PathUnescape(string(inflated))
	if err != nil {
		return nil, fmt.Errorf("compressed diagram is not URL-encoded: %w", err)
	}
	var m dxModel
	if err := xml.Unmarshal([]byte(plain), &m); err != nil {
		return nil, fmt.Errorf("compressed diagram: invalid XML: %w", err)
	}
	if m.Root == nil {
		return nil, errors.New("compressed diagram has no <mxGraphModel><root>")
	}
	return m.Root, nil
}

// dxCells folds wrappers into their cells and parses the geometry.
func dxCells(r *dxRoot) ([]dxCell, error) {
	var cells []dxCell
	for i := range r.Nodes {
		n := &r.Nodes[i]
		inner, label := n, "value"
		switch n.XMLName.Local {
		case "mxCell":
		case "UserObject", "object":
			if n.Cell == nil {
				return nil, fmt.Errorf("<%s> without an <mxCell>", n.XMLName.Local)
			}
			inner, label = n.Cell, "label"
		default:
			continue
		}
		c := dxCell{}
		c.id, _ = n.attr("id")
		c.value, _ = n.attr(label)
		c.style, _ = inner.attr("style")
		c.parent, _ = inner.attr("parent")
		c.source, _ = inner.attr("source")
		c.target, _ = inner.attr("target")
		v, _ := inner.attr("vertex")
		e, _ := inner.attr("edge")
		c.vertex, c.edge = v == "1", e == "1"
		if c.id == "" {
			return nil, fmt.Errorf("cell %d has no id", i+1)
		}
		if g := inner.Geometry; g != nil {
			var err error
			if c.x, c.y, c.w, c.h, err = g.floats(); err != nil {
				return nil, fmt.Errorf("cell %q: %w", c.id, err)
			}
		}
		cells = append(cells, c)
	}
	return cells, nil
}

func (g *dxGeom) floats() (x, y, w, h float64, err error) {
	var out [4]float64
	for i, s := range []string{g.X, g.Y, g.Width, g.Height} {
		if s == "" {
			continue
		}
		f, perr := strconv.ParseFloat(s, 64)
		if perr != nil || math.IsNaN(f) || f > 1e12 || f < -1e12 {
			return 0, 0, 0, 0, fmt.Errorf("geometry value %q is not a number", s)
		}
		out[i] = f
	}
	return out[0], out[1], out[2], out[3], nil
}

// dxPage reads one page's cells into items, positions made absolute and
// moved down by top, ids prefixed.
func dxPage(r *dxRoot, prefix string, top float64) ([]Item, error) {
	cells, err := dxCells(r)
	if err != nil {
		return nil, err
	}
	byID := map[string]*dxCell{}
	for i := range cells {
		if byID[cells[i].id] != nil {
			return nil, fmt.Errorf("two cells have the id %q", cells[i].id)
		}
		byID[cells[i].id] = &cells[i]
	}
	var items []Item
	for i := range cells {
		c := &cells[i]
		it, ok := dxItem(c, byID)
		if !ok {
			continue
		}
		it.X, it.Y = dxAbs(c, byID)
		it.Y += top
		it.ID = prefix + it.ID
		for _, p := range []*string{&it.Parent, &it.From, &it.To} {
			if *p != "" {
				*p = prefix + *p
			}
		}
		items = append(items, it)
	}
	return items, nil
}

// dxItem is the item a cell stands for; ok is false for the root and layer
// cells and for labels sitting on edges.
func dxItem(c *dxCell, byID map[string]*dxCell) (Item, bool) {
	style := dxStyle(c.style)
	it := Item{ID: c.id, W: c.w, H: c.h, Text: dxText(c.value, style)}
	if p := byID[c.parent]; p != nil && p.vertex {
		it.Parent = p.id
	}
	switch {
	case c.edge:
		it.Kind = Connector
		if byID[c.source] != nil {
			it.From = c.source
		}
		if byID[c.target] != nil {
			it.To = c.target
		}
		it.W, it.H = 0, 0
	case !c.vertex:
		return it, false
	case byID[c.parent] != nil && byID[c.parent].edge:
		return it, false
	case dxIsContainer(style):
		it.Kind = Frame
	default:
		it.Color = dxColor(style["fillColor"])
		_, isText := style["text"]
		if isText || it.Color == "" {
			it.Kind, it.Color = Text, ""
			if it.Text == "" {
				return it, false
			}
		} else {
			it.Kind = Sticky
		}
	}
	return it, true
}

func dxIsContainer(style map[string]string) bool {
	_, swimlane := style["swimlane"]
	_, group := style["group"]
	return swimlane || group || style["container"] == "1" || style["shape"] == "swimlane"
}

// dxAbs is a cell's absolute position: draw.io stores a child's geometry
// relative to its parent vertex. Parents are followed at most once each.
func dxAbs(c *dxCell, byID map[string]*dxCell) (float64, float64) {
	x, y := c.x, c.y
	if c.edge {
		return 0, 0
	}
	seen := map[string]bool{c.id: true}
	for p := byID[c.parent]; p != nil && p.vertex && !seen[p.id]; p = byID[p.parent] {
		seen[p.id] = true
		x, y = x+p.x, y+p.y
	}
	return x, y
}

// dxStyle splits a style string "rounded=1;fillColor=#fff;text;" into its
// keys and values; a bare name (a style class such as "text" or
// "swimlane") maps to "".
func dxStyle(s string) map[string]string {
	out := map[string]string{}
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		out[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return out
}

// dxColor is a fill colour as lowercase #rrggbb; none and default are "".
func dxColor(c string) string {
	c = exColor(c)
	if c == "default" {
		return ""
	}
	return c
}

var (
	dxBreak = regexp.MustCompile(`(?i)<\s*(br|/div|/p|/li|/h[1-6])\b[^>]*>`)
	dxTag   = regexp.MustCompile(`<[^>]*>`)
)

// dxText is a label as plain text: with html=1 the label is HTML, so tags
// are removed (line breaks and blocks become spaces) and entities decoded.
func dxText(v string, style map[string]string) string {
	if style["html"] == "1" || dxTag.MatchString(v) {
		v = dxBreak.ReplaceAllString(v, " ")
		v = dxTag.ReplaceAllString(v, "")
		v = html.UnescapeString(v)
	}
	return cleanSpace(v)
}
