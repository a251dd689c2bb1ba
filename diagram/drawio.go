package diagram

import (
	"encoding/xml"
	"html"

	"eventstorm/model"
)

// dxFile is a draw.io file: one uncompressed page.
type dxFile struct {
	XMLName xml.Name  `xml:"mxfile"`
	Host    string    `xml:"host,attr"`
	Diagram dxDiagram `xml:"diagram"`
}

type dxDiagram struct {
	ID    string  `xml:"id,attr"`
	Name  string  `xml:"name,attr"`
	Model dxModel `xml:"mxGraphModel"`
}

type dxModel struct {
	Grid     int      `xml:"grid,attr"`
	GridSize int      `xml:"gridSize,attr"`
	Guides   int      `xml:"guides,attr"`
	Connect  int      `xml:"connect,attr"`
	Arrows   int      `xml:"arrows,attr"`
	Fold     int      `xml:"fold,attr"`
	Page     int      `xml:"page,attr"`
	Cells    []dxCell `xml:"root>mxCell"`
}

type dxCell struct {
	ID       string  `xml:"id,attr"`
	Value    *string `xml:"value,attr"`
	Style    string  `xml:"style,attr,omitempty"`
	Vertex   string  `xml:"vertex,attr,omitempty"`
	Edge     string  `xml:"edge,attr,omitempty"`
	Parent   string  `xml:"parent,attr,omitempty"`
	Source   string  `xml:"source,attr,omitempty"`
	Target   string  `xml:"target,attr,omitempty"`
	Geometry *dxGeom `xml:"mxGeometry"`
}

type dxGeom struct {
	X        *float64 `xml:"x,attr"`
	Y        *float64 `xml:"y,attr"`
	Width    *float64 `xml:"width,attr"`
	Height   *float64 `xml:"height,attr"`
	Relative string   `xml:"relative,attr,omitempty"`
	As       string   `xml:"as,attr"`
}

const (
	dxLaneStyle = "swimlane;whiteSpace=wrap;html=1;startSize=40;container=1;collapsible=0;fontStyle=1;"
	dxEdgeStyle = "edgeStyle=orthogonalEdgeStyle;rounded=0;orthogonalLoop=1;html=1;endArrow=classic;"
)

// Drawio writes the board of m as a draw.io file (.drawio): a swimlane
// container per bounded context, its stickies inside it (their geometry
// relative to it, as draw.io keeps children), and edges for the flows.
// The page is not compressed, so the file diffs well; ids derive from the
// model's names, so the same model gives the same bytes.
func Drawio(m *model.Model) ([]byte, error) {
	w := newWall(m)
	cells := []dxCell{{ID: "0"}, {ID: "1", Parent: "0"}}
	frames := map[string]*wallFrame{}
	for _, f := range w.frames {
		frames[f.id] = f
		cells = append(cells, dxVertex(f.id, f.name, dxLaneStyle, "1", f.x, f.y, f.w, f.h))
	}
	for _, s := range w.stickies {
		f := frames[s.frame]
		style := fmtStyle(s.kind)
		cells = append(cells, dxVertex(s.id, s.text, style, f.id, s.x-f.x, s.y-f.y, s.w, s.h))
	}
	for _, a := range w.arrows {
		cells = append(cells, dxCell{ID: a.id, Value: new(string), Style: dxEdgeStyle, Edge: "1",
			Parent: "1", Source: a.from, Target: a.to, Geometry: &dxGeom{Relative: "1", As: "geometry"}})
	}
	file := dxFile{Host: "eventstorm", Diagram: dxDiagram{ID: "eventstorm-board", Name: "Board",
		Model: dxModel{Grid: 1, GridSize: 10, Guides: 1, Connect: 1, Arrows: 1, Fold: 1, Page: 0, Cells: cells}}}
	out, err := xml.MarshalIndent(file, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

func fmtStyle(k Kind) string {
	return "rounded=0;whiteSpace=wrap;html=1;fillColor=" + k.Fill() + ";strokeColor=" + k.stroke() + ";"
}

// dxVertex is a vertex cell; its label is HTML (html=1), so the text is
// escaped for HTML before XML escapes it again.
func dxVertex(id, text, style, parent string, x, y, w, h float64) dxCell {
	v := html.EscapeString(text)
	return dxCell{ID: id, Value: &v, Style: style, Vertex: "1", Parent: parent,
		Geometry: &dxGeom{X: &x, Y: &y, Width: &w, Height: &h, As: "geometry"}}
}
