package diagram

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The only lines Mermaid's output may have. Labels are quoted and hold no
// quote, <, >, &, backtick, backslash or %, and # only in an entity.
var (
	mermaidLabel    = `"((?:[^"<>&` + "`" + `\\%#]|#\d+;)*)"`
	mermaidClassDef = regexp.MustCompile(`^  classDef ([a-z]+) fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},color:#[0-9a-f]{6}$`)
	mermaidSubgraph = regexp.MustCompile(`^  subgraph (c\d+)\[` + mermaidLabel + `\]$`)
	mermaidNode     = regexp.MustCompile(`^    (c\d+_[a-z]+\d+)\[` + mermaidLabel + `\]:::([a-z]+)$`)
	mermaidEdge     = regexp.MustCompile(`^  (c\d+_[a-z]+\d+) (-->|==>|-\.->|-\.-) (c\d+_[a-z]+\d+)$`)
	mermaidEntity   = regexp.MustCompile(`#(\d+);`)
)

// mermaidChart is a parsed Mermaid drawing: labels by node or subgraph id
// and the edges as "from arrow to".
type mermaidChart struct {
	labels  map[string]string
	classOf map[string]string
	edges   []string
}

// parseMermaid checks every line of a drawing against the subset of
// Mermaid that Mermaid writes, so that a label that could break GitHub's
// parser fails the test, and returns what it says.
func parseMermaid(t *testing.T, name, text string) mermaidChart {
	t.Helper()
	ch := mermaidChart{labels: map[string]string{}, classOf: map[string]string{}}
	classes := map[string]bool{}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if lines[0] != "flowchart LR" {
		t.Fatalf("%s: first line %q, want flowchart LR", name, lines[0])
	}
	open := false
	for i, line := range lines[1:] {
		at := fmt.Sprintf("%s:%d", name, i+2)
		if m := mermaidClassDef.FindStringSubmatch(line); m != nil && !open {
			classes[m[1]] = true
		} else if m := mermaidSubgraph.FindStringSubmatch(line); m != nil && !open {
			ch.labels[m[1]] = unescapeMermaid(m[2])
			open = true
		} else if m := mermaidNode.FindStringSubmatch(line); m != nil && open {
			if _, dup := ch.labels[m[1]]; dup {
				t.Errorf("%s: node %s declared twice", at, m[1])
			}
			ch.labels[m[1]], ch.classOf[m[1]] = unescapeMermaid(m[2]), m[3]
			if !classes[m[3]] {
				t.Errorf("%s: class %s has no classDef", at, m[3])
			}
		} else if line == "  end" && open {
			open = false
		} else if m := mermaidEdge.FindStringSubmatch(line); m != nil && !open {
			for _, id := range []string{m[1], m[3]} {
				if _, ok := ch.labels[id]; !ok {
					t.Errorf("%s: edge to undeclared node %s", at, id)
				}
			}
			ch.edges = append(ch.edges, m[1]+" "+m[2]+" "+m[3])
		} else {
			t.Errorf("%s: line %q is not Mermaid as Mermaid writes it", at, line)
		}
	}
	if open {
		t.Errorf("%s: a subgraph is not closed", name)
	}
	return ch
}

// unescapeMermaid decodes #<number>; as Mermaid does.
func unescapeMermaid(s string) string {
	return mermaidEntity.ReplaceAllStringFunc(s, func(e string) string {
		n, _ := strconv.Atoi(e[1 : len(e)-1])
		return string(rune(n))
	})
}

// TestDiagramMermaidSyntax parses the drawing of every model, tricky names
// included, and finds every sticky's text, unescaped, among its labels.
func TestDiagramMermaidSyntax(t *testing.T) {
	for _, in := range allInputs(t) {
		t.Run(in.name, func(t *testing.T) {
			m := in.load(t)
			ch := parseMermaid(t, in.name, Mermaid(m))
			var labels []string
			for _, l := range ch.labels {
				labels = append(labels, l)
			}
			for _, name := range stickyNames(m) {
				if !slices.Contains(labels, oneLine(name)) {
					t.Errorf("no label reads %q", oneLine(name))
				}
			}
		})
	}
}

func TestDiagramMermaidEscapes(t *testing.T) {
	for in, want := range map[string]string{
		`Place "Big" Order`:    "Place #34;Big#34; Order",
		"<b>x</b> & y":         "#60;b#62;x#60;/b#62; #38; y",
		"%% #1 `code` \\n":     "#37;#37; #35;1 #96;code#96; #92;n",
		"주문  접수\n\tnow":        "주문 접수 now",
		"subgraph [A] {B} |C|": "subgraph [A] {B} |C|",
	} {
		if got := mermaidText(in); got != want {
			t.Errorf("mermaidText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDiagramMermaidFlows pins the flows drawn for the order sample: the
// actor, command, aggregate and event chain, and the events read by the
// other context's read model as thick cross-context arrows.
func TestDiagramMermaidFlows(t *testing.T) {
	ch := parseMermaid(t, "order", Mermaid(sample("order").load(t)))
	byLabel := map[string]string{}
	for id, l := range ch.labels {
		byLabel[ch.classOf[id]+":"+l] = id
	}
	edge := func(from, arrow, to string) string { return byLabel[from] + " " + arrow + " " + byLabel[to] }
	for _, want := range []string{
		edge("actor:Customer", "-->", "command:Place Order"),
		edge("command:Place Order", "-->", "aggregate:Order"),
		edge("aggregate:Order", "-->", "event:Order Placed"),
		edge("aggregate:Order", "-->", "event:Order Cancelled"),
		edge("event:Order Placed", "==>", "readmodel:Order History"),
		edge("event:Order Cancelled", "==>", "readmodel:Order History"),
	} {
		if !slices.Contains(ch.edges, want) {
			t.Errorf("no edge %q in %v", want, ch.edges)
		}
	}
	if len(ch.edges) != 8 {
		t.Errorf("want 8 edges, got %d: %v", len(ch.edges), ch.edges)
	}
}

// TestDiagramMermaidKinds checks that each kind of sticky of the print
// shop and of the tricky model has its class, calls are dotted arrows and
// hotspots dotted lines.
func TestDiagramMermaidKinds(t *testing.T) {
	for _, in := range []input{sample("printshop"), file("testdata/tricky.yaml")} {
		ch := parseMermaid(t, in.name, Mermaid(in.load(t)))
		seen := map[string]bool{}
		for _, c := range ch.classOf {
			seen[c] = true
		}
		for _, k := range Kinds {
			if !seen[k.class()] {
				t.Errorf("%s: no sticky of class %s", in.name, k.class())
			}
		}
		arrows := map[string]int{}
		for _, e := range ch.edges {
			f := strings.Fields(e)
			arrows[ch.classOf[f[0]]+f[1]+ch.classOf[f[2]]]++
		}
		for _, want := range []string{"command-.->external", "hotspot-.-command", "event==>policy", "policy-->command", "event==>readmodel"} {
			if arrows[want] == 0 {
				t.Errorf("%s: no edge %s in %v", in.name, want, arrows)
			}
		}
	}
}
