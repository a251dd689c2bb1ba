package diagram

import (
	"fmt"
	"strings"

	"eventstorm/model"
)

// Mermaid draws the board as a Mermaid flowchart, as GitHub renders it in
// Markdown: a subgraph per bounded context, stickies in their classic
// colours, thick arrows for events read by another context, dotted ones
// for calls of external systems and for hotspots.
func Mermaid(m *model.Model) string {
	b := newBoard(m)
	var s strings.Builder
	s.WriteString("flowchart LR\n")
	for _, k := range Kinds {
		fmt.Fprintf(&s, "  classDef %s fill:%s,stroke:%s,color:#1f2937\n", k.class(), k.Fill(), k.stroke())
	}
	for _, cl := range b.clusters {
		fmt.Fprintf(&s, "  subgraph %s[\"%s\"]\n", cl.id, mermaidText(cl.label))
		for _, n := range cl.nodes {
			fmt.Fprintf(&s, "    %s[\"%s\"]:::%s\n", n.id, mermaidText(n.label), n.kind.class())
		}
		s.WriteString("  end\n")
	}
	arrows := [...]string{flow: "-->", cross: "==>", call: "-.->", note: "-.-"}
	for _, e := range b.edges {
		fmt.Fprintf(&s, "  %s %s %s\n", e.from, arrows[e.kind], e.to)
	}
	return s.String()
}

// mermaidEntities are the characters that would end a quoted label, start
// an entity, a comment (%%) or a Markdown string, break the line (\n), or
// be read as HTML in the rendered label. Mermaid decodes #<number>; back to
// the character.
var mermaidEntities = strings.NewReplacer(
	`"`, "#34;", "#", "#35;", "%", "#37;", "&", "#38;", "<", "#60;", ">", "#62;", `\`, "#92;", "`", "#96;",
)

// mermaidText makes text safe inside a quoted Mermaid label: one line, and
// nothing the parser or the HTML label could take as syntax.
func mermaidText(s string) string {
	return mermaidEntities.Replace(strings.Join(strings.Fields(s), " "))
}
