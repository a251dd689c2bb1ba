package diagram

import (
	"fmt"
	"strings"

	"eventstorm/model"
)

// DOT draws the board for Graphviz: a cluster per bounded context, filled
// stickies in their classic colours, bold arrows for events read by another
// context, dashed ones for calls of external systems, dotted lines for
// hotspots.
func DOT(m *model.Model) string {
	b := newBoard(m)
	var s strings.Builder
	fmt.Fprintf(&s, "digraph %s {\n", dotString(m.System))
	s.WriteString("  graph [rankdir=LR, fontname=\"Helvetica,Arial,sans-serif\", labeljust=l];\n")
	s.WriteString("  node [shape=box, style=filled, fontname=\"Helvetica,Arial,sans-serif\", fontcolor=\"#1f2937\"];\n")
	s.WriteString("  edge [color=\"#475569\"];\n")
	for _, cl := range b.clusters {
		fmt.Fprintf(&s, "  subgraph cluster_%s {\n", cl.id)
		fmt.Fprintf(&s, "    label=%s;\n    style=rounded;\n    color=\"#94a3b8\";\n", dotString(cl.label))
		for _, n := range cl.nodes {
			fmt.Fprintf(&s, "    %s [label=%s, fillcolor=%q, color=%q];\n", n.id, dotString(n.label), n.kind.Fill(), n.kind.stroke())
		}
		if len(cl.nodes) == 0 {
			// Graphviz leaves out an empty cluster; a context with nothing
			// on it yet still belongs on the board.
			fmt.Fprintf(&s, "    %s_empty [label=\"nothing yet\", shape=plaintext, style=\"\"];\n", cl.id)
		}
		s.WriteString("  }\n")
	}
	attrs := [...]string{
		flow:  "",
		cross: ` [style=bold, color="#c2410c"]`,
		call:  ` [style=dashed]`,
		note:  ` [style=dotted, arrowhead=none, color="#9f1239"]`,
	}
	for _, e := range b.edges {
		fmt.Fprintf(&s, "  %s -> %s%s;\n", e.from, e.to, attrs[e.kind])
	}
	s.WriteString("}\n")
	return s.String()
}

// dotString quotes text as a DOT string on one line. Graphviz reads \n,
// \l, \N and the like in labels as escapes, and &name; as an entity, so
// backslashes and ampersands are escaped too.
func dotString(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "&", "&amp;").Replace(s)
	return `"` + s + `"`
}
