package boardimport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadMiroGeometry(t *testing.T) {
	const page = `{"data": [
	 {"id": "f1", "type": "frame", "data": {"title": "<b>Ordering</b>"}, "position": {"x": 500, "y": 400, "origin": "center", "relativeTo": "canvas_center"}, "geometry": {"width": 1000, "height": 800}},
	 {"id": "s1", "type": "sticky_note", "data": {"content": "<p>Order&amp;<br>Placed&nbsp; </p>"}, "style": {"fillColor": "Orange"},
	  "position": {"x": 150, "y": 100, "origin": "center", "relativeTo": "parent_top_left"}, "geometry": {"width": 100, "height": 120}, "parent": {"id": "f1"}},
	 {"id": 7, "type": "shape", "data": {"content": "Pay", "shape": "rectangle"}, "style": {"fillColor": "#A6CCF5"}, "position": {"x": -50, "y": 0}, "geometry": {"width": 100, "height": 60}},
	 {"id": "i1", "type": "image", "data": {}, "position": {"x": 0, "y": 0}},
	 {"id": "s2", "type": "sticky_note", "data": {"content": "Sq"}, "style": {"fillColor": "light_yellow"}, "position": {"x": 40, "y": 40}, "geometry": {"width": 80}}
	], "links": {"self": "https://api.miro.com/v2/boards/x/items"}, "cursor": "abc", "limit": 10}
	[{"id": "c1", "type": "connector", "startItem": {"id": "7"}, "endItem": {"id": "s1"}, "captions": [{"content": "<p>then</p>"}]}]`
	b, err := Read("board.json", []byte(page), "")
	if err != nil {
		t.Fatal(err)
	}
	if b.Format != "miro" {
		t.Errorf("format %q", b.Format)
	}
	got := map[string]Item{}
	for _, it := range b.Items {
		got[it.ID] = it
	}
	for _, tc := range []struct {
		id   string
		want Item
	}{
		{"f1", Item{ID: "f1", Kind: Frame, Text: "Ordering", X: 0, Y: 0, W: 1000, H: 800}},
		{"s1", Item{ID: "s1", Kind: Sticky, Text: "Order& Placed", Color: "orange", X: 100, Y: 40, W: 100, H: 120, Parent: "f1"}},
		{"7", Item{ID: "7", Kind: Sticky, Text: "Pay", Color: "#a6ccf5", X: -100, Y: -30, W: 100, H: 60}},
		{"c1", Item{ID: "c1", Kind: Connector, Text: "then", From: "7", To: "s1"}},
		{"s2", Item{ID: "s2", Kind: Sticky, Text: "Sq", Color: "light_yellow", X: 0, Y: 0, W: 80, H: 80}},
	} {
		if got[tc.id] != tc.want {
			t.Errorf("item %s:\n got %+v\nwant %+v", tc.id, got[tc.id], tc.want)
		}
	}
	if len(b.Items) != 5 {
		t.Errorf("%d items, want 5 (the image left out)", len(b.Items))
	}
}

func TestReadMiroRejects(t *testing.T) {
	for _, tc := range []struct{ in, msg string }{
		{`[{"type": "sticky_note", "position": {"x": 0, "y": 0}}]`, "has no id"},
		{`[{"id": "1", "type": "frame", "position": {"x": 0, "y": 0}}, {"id": "1", "type": "text", "position": {"x": 0, "y": 0}}]`, "two items have the id 1"},
		{`[{"id": "1", "type": "sticky_note", "parent": {"id": "2"}, "position": {"x": 0, "y": 0}}, {"id": "2", "type": "frame", "parent": {"id": "1"}, "position": {"x": 0, "y": 0}}]`, "loop"},
		{`"text"`, "expected a list"},
		{`[1, 2]`, "not a list of Miro items"},
		{``, "not JSON"},
	} {
		_, err := Read("b.json", []byte(tc.in), "miro")
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: error %v, want one saying %q", tc.in, err, tc.msg)
		}
	}
}

func TestCleanHTML(t *testing.T) {
	for in, want := range map[string]string{
		"<p>Order <strong>Placed</strong></p>": "Order Placed",
		"<p>a</p><p>b</p>":                     "a b",
		"x&lt;y &amp; z&#39;s":                 "x<y & z's",
		"  line<br/>break\n\t ":                "line break",
		"":                                     "",
	} {
		if got := cleanHTML(in); got != want {
			t.Errorf("cleanHTML(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzReadMiro checks that no input makes the Miro reader, or inference
// on what it reads, panic.
func FuzzReadMiro(f *testing.F) {
	for _, name := range []string{"miro-frames-arrows.all.json", "miro-row-noarrows.json", "miro-odd-colours.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`[{"id": "1", "type": "sticky_note", "parent": {"id": "1"}, "position": {"x": 1e308, "y": -1e308}, "geometry": {"width": 1e308}}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := readMiro(data)
		if err != nil {
			return
		}
		b.Format = "miro"
		d, _ := Infer(b, DefaultLegend(), "Fuzz")
		_ = d.YAML()
	})
}
