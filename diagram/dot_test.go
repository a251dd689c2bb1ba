package diagram

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestDiagramDOTGraphviz has Graphviz lay out the drawing of every model,
// tricky names included, and finds every sticky's text in the SVG it
// draws: Graphviz read the labels as written.
func TestDiagramDOTGraphviz(t *testing.T) {
	dot := tool(t, "dot")
	for _, in := range allInputs(t) {
		t.Run(in.name, func(t *testing.T) {
			m := in.load(t)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, dot, "-Tsvg")
			cmd.Stdin = strings.NewReader(DOT(m))
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			svg, err := cmd.Output()
			if err != nil || stderr.Len() > 0 {
				t.Fatalf("dot -Tsvg: %v\n%s", err, stderr.String())
			}
			texts := svgTexts(t, svg)
			for _, name := range stickyNames(m) {
				if !slices.Contains(texts, oneLine(name)) {
					t.Errorf("Graphviz drew no text %q; it drew %q", oneLine(name), texts)
				}
			}
		})
	}
}

// svgTexts are the contents of an SVG document's text elements.
func svgTexts(t *testing.T, svg []byte) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = false // Graphviz's doctype names an external DTD
	var out []string
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("Graphviz wrote SVG that does not parse: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inText = tok.Name.Local == "text"
		case xml.CharData:
			if inText {
				out = append(out, string(tok))
			}
		case xml.EndElement:
			inText = false
		}
	}
}

func TestDiagramDOTEscapes(t *testing.T) {
	for in, want := range map[string]string{
		`Place "Big" Order`: `"Place \"Big\" Order"`,
		`a\nb & &amp;`:      `"a\\nb &amp; &amp;amp;"`,
		"주문\n접수":            `"주문 접수"`,
		"{x} [y] -> z;":     `"{x} [y] -> z;"`,
	} {
		if got := dotString(in); got != want {
			t.Errorf("dotString(%q) = %s, want %s", in, got, want)
		}
	}
}
