package boardimport

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var updateDrawio = flag.Bool("update-drawio", false, "rewrite testdata/drawio-compressed.drawio from drawio-containers.drawio")

// compressDrawio writes a page the way draw.io compresses it: the XML
// URL-encoded as by encodeURIComponent, raw DEFLATE, base64.
func compressDrawio(t testing.TB, modelXML string) string {
	t.Helper()
	enc := strings.ReplaceAll(url.QueryEscape(modelXML), "+", "%20")
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(enc)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

var containersWant = []string{
	`text title "Shop wall"`,
	`frame lane-ordering "Ordering"`,
	`sticky actor "Customer" #fff2cc in:lane-ordering`,
	`sticky cmd "Place Order now" #dae8fc in:lane-ordering`,
	`sticky evt "Order & Co Placed" #ffe6cc in:lane-ordering`,
	`connector e1 "" in:lane-ordering actor>cmd`,
	`connector e2 "emits" cmd>evt`,
	`frame group "" in:lane-ordering`,
	`sticky rm "Order History" #d5e8d4 in:group`,
	`frame lane-pay "Payments"`,
	`sticky ext "Payment Gateway" #f8cecc in:lane-pay`,
	`sticky stray "Why so slow?" #ff0000`,
	`text nofill "unfilled box"`,
}

func TestReadDrawioFixtures(t *testing.T) {
	checkFixtures(t, "drawio", []fixtureItems{
		{"drawio-containers.drawio", containersWant},
		{"drawio-compressed.drawio", containersWant},
		{"drawio-bare.xml", []string{`sticky a "Book Returned" #ffcc99`, `sticky b "Fine Charged" #ffcc99`}},
		{"drawio-pages.drawio", []string{`sticky s "Book Lent" #ffe6cc`, `sticky p2/s "Fine Paid" #ffe6cc`}},
		{"drawio-boxes.drawio", []string{
			`frame box "Lending" #f5f5f5`,
			`sticky lend "Lend Book" #dae8fc in:box`,
			`sticky lent "Book Lent" #ffe6cc in:box`,
			`text note "only weekdays" in:box`,
			`sticky out "Fine Paid" #ffe6cc`,
		}},
	})
}

// TestReadDrawioGeometry checks that positions relative to containers
// (nested two deep) are made absolute, and that a second page lies below
// the first.
func TestReadDrawioGeometry(t *testing.T) {
	b := readFixture(t, "drawio-containers.drawio")
	for _, tt := range []struct {
		id         string
		x, y, w, h float64
	}{
		{"lane-ordering", 100, 50, 800, 300},
		{"cmd", 240, 90, 120, 80},
		{"evt", 400, 90, 120, 80},
		{"rm", 560, 110, 120, 80},
		{"ext", 130, 450, 100, 100},
	} {
		it := itemByID(t, b, tt.id)
		if it.X != tt.x || it.Y != tt.y || it.W != tt.w || it.H != tt.h {
			t.Errorf("%s at %v,%v %vx%v, want %v,%v %vx%v", tt.id, it.X, it.Y, it.W, it.H, tt.x, tt.y, tt.w, tt.h)
		}
	}
	p := readFixture(t, "drawio-pages.drawio")
	if first, second := itemByID(t, p, "s"), itemByID(t, p, "p2/s"); second.Y <= first.Y+first.H {
		t.Errorf("second page at y=%v overlaps the first (bottom %v)", second.Y, first.Y+first.H)
	}
}

// TestDrawioCompressedFixture checks that the committed compressed file is
// the plain fixture's page compressed, so that both decode to one board.
func TestDrawioCompressedFixture(t *testing.T) {
	plain, err := os.ReadFile(filepath.Join("testdata", "drawio-containers.drawio"))
	if err != nil {
		t.Fatal(err)
	}
	model := regexp.MustCompile(`(?s)<mxGraphModel.*</mxGraphModel>`).Find(plain)
	want := `<mxfile host="app.diagrams.net" compressed="true">` + "\n  <diagram id=\"page-1\" name=\"Board\">" +
		compressDrawio(t, string(model)) + "</diagram>\n</mxfile>\n"
	path := filepath.Join("testdata", "drawio-compressed.drawio")
	if *updateDrawio {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update-drawio)", err)
	}
	if string(got) != want {
		t.Errorf("%s is not drawio-containers.drawio compressed (run with -update-drawio)", path)
	}
	if bytes.Contains(got, []byte("mxCell")) {
		t.Errorf("%s holds plain cells, want only compressed text", path)
	}
}

func TestReadDrawioMalformed(t *testing.T) {
	page := func(s string) string { return `<mxfile><diagram id="d">` + s + `</diagram></mxfile>` }
	cells := func(s string) string { return `<mxGraphModel><root><mxCell id="0"/>` + s + `</root></mxGraphModel>` }
	tests := []struct{ name, data, want string }{
		{"not xml", `<mxfile><diagram>`, "invalid XML"},
		{"other root", `<svg></svg>`, "<svg>"},
		{"no diagram", `<mxfile></mxfile>`, "no <diagram>"},
		{"empty diagram", page(""), "empty <diagram>"},
		{"not base64", page("!!!"), "base64"},
		{"not deflate", page(base64.StdEncoding.EncodeToString([]byte("hello"))), "inflate"},
		{"model without root", page("<mxGraphModel></mxGraphModel>"), "no <root>"},
		{"bare model without root", "<mxGraphModel/>", "no <root>"},
		{"cell without id", cells(`<mxCell vertex="1"/>`), "no id"},
		{"duplicate id", cells(`<mxCell id="0"/>`), `"0"`},
		{"bad geometry", cells(`<mxCell id="a" vertex="1" parent="0"><mxGeometry x="left"/></mxCell>`), `"left"`},
		{"NaN geometry", cells(`<mxCell id="a" vertex="1" parent="0"><mxGeometry x="NaN"/></mxCell>`), `"NaN"`},
		{"wrapper without cell", cells(`<UserObject id="u" label="x"/>`), "without an <mxCell>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Read("wall.drawio", []byte(tt.data), "")
			if err == nil || b != nil {
				t.Fatalf("got %v, %v; want an error and no board", b, err)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "drawio") {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

func TestReadDrawioBadCompressedXML(t *testing.T) {
	data := `<mxfile><diagram>` + compressDrawio(t, "<mxGraphModel><root>") + `</diagram></mxfile>`
	if _, err := Read("x.drawio", []byte(data), ""); err == nil || !strings.Contains(err.Error(), "invalid XML") {
		t.Errorf("got %v, want invalid XML", err)
	}
}

func TestSniffDrawio(t *testing.T) {
	for _, tt := range []struct {
		name, data string
		want       bool
	}{
		{"wall.drawio", "", true},
		{"wall.xml", `<?xml version="1.0"?><mxfile>`, true},
		{"wall.drawio.xml", `<mxGraphModel>`, true},
		{"wall.xml", `<svg/>`, false},
		{"wall.excalidraw", `{"type":"excalidraw"}`, false},
	} {
		if got := sniffDrawio(tt.name, []byte(tt.data)); got != tt.want {
			t.Errorf("sniff(%s, %s) = %v", tt.name, tt.data, got)
		}
	}
}

func TestDrawioHTMLText(t *testing.T) {
	html := map[string]string{"html": "1"}
	for in, want := range map[string]string{
		"Place<br>Order":                             "Place Order",
		"<div>Order</div><div>Placed</div>":          "Order Placed",
		"A&amp;B&nbsp;C":                             "A&B C",
		"<span style=\"x\">  Order\n Placed </span>": "Order Placed",
		"&lt;b&gt;":                                  "<b>",
	} {
		if got := dxText(in, html); got != want {
			t.Errorf("dxText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := dxText("a < b", map[string]string{}); got != "a < b" {
		t.Errorf("plain label changed: %q", got)
	}
}

func FuzzReadDrawio(f *testing.F) {
	for _, name := range []string{"drawio-containers.drawio", "drawio-compressed.drawio", "drawio-bare.xml", "drawio-pages.drawio", "drawio-published.drawio", "drawio-boxes.drawio"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`<mxGraphModel><root><mxCell id="a" vertex="1" parent="b"/><mxCell id="b" vertex="1" parent="a"/></root></mxGraphModel>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := readDrawio(data)
		if (b == nil) == (err == nil) {
			t.Fatalf("board %v with error %v", b, err)
		}
	})
}

// TestReadDrawioPublished reads a compressed page saved by draw.io 17.4.2,
// as published in a note on the format
// (j2r2b.github.io/2019/08/01/drawio-decompressed-xml.html).
func TestReadDrawioPublished(t *testing.T) {
	b := readFixture(t, "drawio-published.drawio")
	checkItems(t, b, []string{
		`sticky IgmaPHdbTIZ3v5u-N69z-1 "" #fff2cc`,
		`connector IgmaPHdbTIZ3v5u-N69z-2 "" IgmaPHdbTIZ3v5u-N69z-3>IgmaPHdbTIZ3v5u-N69z-5`,
		`sticky IgmaPHdbTIZ3v5u-N69z-3 "" #d5e8d4`,
		`connector IgmaPHdbTIZ3v5u-N69z-4 "" IgmaPHdbTIZ3v5u-N69z-1>IgmaPHdbTIZ3v5u-N69z-3`,
		`sticky IgmaPHdbTIZ3v5u-N69z-5 "" #f8cecc`,
	})
}

// TestReadersTruncated reads every prefix of every Excalidraw and draw.io
// fixture, and each with one byte flipped: a board or an error, never both
// or neither, never a panic.
func TestReadersTruncated(t *testing.T) {
	files, err := filepath.Glob("testdata/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		read := readDrawio
		switch {
		case strings.HasPrefix(filepath.Base(file), "excalidraw-"):
			read = readExcalidraw
		case !strings.HasPrefix(filepath.Base(file), "drawio-"):
			continue
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < len(data); i += 7 {
			flipped := bytes.Clone(data)
			flipped[i] ^= 0x20
			for _, in := range [][]byte{data[:i], flipped} {
				if b, err := read(in); (b == nil) == (err == nil) {
					t.Fatalf("%s at %d: board %v, error %v", file, i, b, err)
				}
			}
		}
	}
}
