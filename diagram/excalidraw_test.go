package diagram

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestBoardGolden compares the Excalidraw and draw.io boards of the
// samples and of the model of awkward names with testdata/golden; refresh
// them with `go test ./diagram -run BoardGolden -update` and review the
// diff.
func TestBoardGolden(t *testing.T) {
	for _, in := range goldenInputs {
		t.Run(in.name, func(t *testing.T) {
			m := in.load(t)
			for ext, write := range map[string]func() ([]byte, error){
				".excalidraw": func() ([]byte, error) { return Excalidraw(m) },
				".drawio":     func() ([]byte, error) { return Drawio(m) },
			} {
				got, err := write()
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join("testdata", "golden", in.name+ext)
				if *update {
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from %s (run with -update to accept it)", in.name+ext, path)
				}
			}
		})
	}
}

// exRequired are the members Excalidraw's element types require
// (packages/element/src/types.ts): of every element, and by type.
var exRequired = map[string][]string{
	"*": {"id", "type", "x", "y", "width", "height", "angle", "strokeColor", "backgroundColor",
		"fillStyle", "strokeWidth", "strokeStyle", "roughness", "opacity", "groupIds", "frameId",
		"roundness", "seed", "version", "versionNonce", "isDeleted", "boundElements", "updated", "link", "locked"},
	"frame":     {"name"},
	"rectangle": {},
	"text": {"text", "fontSize", "fontFamily", "textAlign", "verticalAlign", "containerId",
		"originalText", "lineHeight", "autoResize"},
	"arrow": {"points", "lastCommittedPoint", "startBinding", "endBinding", "startArrowhead", "endArrowhead"},
}

// checkExcalidraw checks a scene against the file format: the top-level
// members, each element's required members, and that every reference
// (frameId, containerId, bindings, boundElements) names an element that
// refers back.
func checkExcalidraw(data []byte) error {
	var scene struct {
		Type     string           `json:"type"`
		Version  int              `json:"version"`
		Source   string           `json:"source"`
		Elements []map[string]any `json:"elements"`
		AppState map[string]any   `json:"appState"`
		Files    map[string]any   `json:"files"`
	}
	if err := json.Unmarshal(data, &scene); err != nil {
		return err
	}
	if scene.Type != "excalidraw" || scene.Version != 2 || scene.Source == "" || scene.AppState == nil || scene.Files == nil {
		return fmt.Errorf("top level: type %q version %d source %q appState %v files %v", scene.Type, scene.Version, scene.Source, scene.AppState, scene.Files)
	}
	byID := map[string]map[string]any{}
	for i, e := range scene.Elements {
		typ, _ := e["type"].(string)
		req, ok := exRequired[typ]
		if !ok {
			return fmt.Errorf("element %d: unexpected type %q", i, typ)
		}
		for _, k := range append(slices.Clone(exRequired["*"]), req...) {
			if _, ok := e[k]; !ok {
				return fmt.Errorf("element %d (%s): no %q", i, typ, k)
			}
		}
		id, _ := e["id"].(string)
		if id == "" || byID[id] != nil {
			return fmt.Errorf("element %d: id %q empty or repeated", i, id)
		}
		byID[id] = e
	}
	for _, e := range scene.Elements {
		if err := exRefs(e, byID); err != nil {
			return fmt.Errorf("%s: %w", e["id"], err)
		}
	}
	return nil
}

func exRefs(e map[string]any, byID map[string]map[string]any) error {
	if f, ok := e["frameId"].(string); ok && (byID[f] == nil || byID[f]["type"] != "frame") {
		return fmt.Errorf("frameId %q is not a frame", f)
	}
	if c, ok := e["containerId"].(string); ok && !lists(byID[c], e["id"]) {
		return fmt.Errorf("container %q does not list it in boundElements", c)
	}
	for _, end := range []string{"startBinding", "endBinding"} {
		if b, ok := e[end].(map[string]any); ok && !lists(byID[fmt.Sprint(b["elementId"])], e["id"]) {
			return fmt.Errorf("%s element %v does not list it", end, b["elementId"])
		}
	}
	bound, _ := e["boundElements"].([]any)
	for _, b := range bound {
		ref, _ := b.(map[string]any)
		o := byID[fmt.Sprint(ref["id"])]
		if o == nil || o["type"] != ref["type"] {
			return fmt.Errorf("bound element %v missing or of another type", ref)
		}
	}
	return nil
}

// lists reports whether element e names id among its boundElements.
func lists(e map[string]any, id any) bool {
	bound, _ := e["boundElements"].([]any)
	for _, b := range bound {
		if ref, _ := b.(map[string]any); ref["id"] == id {
			return true
		}
	}
	return false
}

// checkDrawio checks a draw.io file with encoding/xml alone: the
// mxfile/diagram/mxGraphModel/root nesting, cells 0 and 1 first, unique
// ids, parents, sources and targets defined before use, a geometry per
// vertex.
func checkDrawio(data []byte) error {
	var f struct {
		XMLName xml.Name `xml:"mxfile"`
		Diagram []struct {
			Cells []struct {
				ID     string `xml:"id,attr"`
				Parent string `xml:"parent,attr"`
				Vertex string `xml:"vertex,attr"`
				Edge   string `xml:"edge,attr"`
				Source string `xml:"source,attr"`
				Target string `xml:"target,attr"`
				Geom   *struct {
					As string `xml:"as,attr"`
				} `xml:"mxGeometry"`
			} `xml:"mxGraphModel>root>mxCell"`
		} `xml:"diagram"`
	}
	if err := xml.Unmarshal(data, &f); err != nil {
		return err
	}
	if len(f.Diagram) != 1 {
		return fmt.Errorf("%d diagrams, want 1", len(f.Diagram))
	}
	cells := f.Diagram[0].Cells
	if len(cells) < 2 || cells[0].ID != "0" || cells[0].Parent != "" || cells[1].ID != "1" || cells[1].Parent != "0" {
		return fmt.Errorf("the first cells are not 0 and 1 (parent 0)")
	}
	seen := map[string]bool{}
	for _, c := range cells {
		if c.ID == "" || seen[c.ID] {
			return fmt.Errorf("cell id %q empty or repeated", c.ID)
		}
		if c.Parent != "" && !seen[c.Parent] {
			return fmt.Errorf("cell %s: parent %q not defined before it", c.ID, c.Parent)
		}
		seen[c.ID] = true
		if (c.Vertex == "1" || c.Edge == "1") && (c.Geom == nil || c.Geom.As != "geometry") {
			return fmt.Errorf("cell %s has no mxGeometry as=geometry", c.ID)
		}
	}
	for _, c := range cells {
		if c.Edge == "1" && (!seen[c.Source] || !seen[c.Target]) {
			return fmt.Errorf("edge %s: source %q or target %q undefined", c.ID, c.Source, c.Target)
		}
	}
	return nil
}

func TestBoardWellFormed(t *testing.T) {
	for _, in := range allInputs(t) {
		m := in.load(t)
		ex, err := Excalidraw(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := checkExcalidraw(ex); err != nil {
			t.Errorf("%s.excalidraw: %v", in.name, err)
		}
		dx, err := Drawio(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := checkDrawio(dx); err != nil {
			t.Errorf("%s.drawio: %v", in.name, err)
		}
		for _, name := range stickyNames(m) {
			if !strings.Contains(string(ex), mustJSON(name)) {
				t.Errorf("%s.excalidraw lacks %q", in.name, name)
			}
		}
	}
}

func mustJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestBoardCheckersFail makes sure the checkers above can fail.
func TestBoardCheckersFail(t *testing.T) {
	for _, bad := range []string{
		`{"type":"excalidraw","version":2,"source":"x","elements":[{"id":"a","type":"rectangle"}],"appState":{},"files":{}}`,
		`{"type":"excalidraw","version":2,"source":"x","elements":[],"files":{}}`,
	} {
		if checkExcalidraw([]byte(bad)) == nil {
			t.Errorf("checkExcalidraw accepted %s", bad)
		}
	}
	for _, bad := range []string{
		`<mxfile><diagram><mxGraphModel><root><mxCell id="1"/></root></mxGraphModel></diagram></mxfile>`,
		`<mxfile><diagram><mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/><mxCell id="e" edge="1" parent="1" source="x"><mxGeometry as="geometry"/></mxCell></root></mxGraphModel></diagram></mxfile>`,
	} {
		if checkDrawio([]byte(bad)) == nil {
			t.Errorf("checkDrawio accepted %s", bad)
		}
	}
}
