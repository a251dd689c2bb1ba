package golang

import (
	doccomment "go/doc/comment"
	"strings"
)

// Text forms, for the queries, policies and projections written with
// goSource, of jennifer helpers: doc called for several texts in a row.

// htgDoc writes a doc comment made of texts in a row, as doc called once
// per text writes it: each text wrapped on its own (its blank lines
// separating paragraphs), the whole then, unless it is one paragraph of
// plain prose, reformatted as gofmt reformats a doc comment (as
// commentLines does).
func (g *goSource) htgDoc(texts ...string) {
	var lines []string
	plain := true
	for _, text := range texts {
		for i, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
			if i > 0 {
				lines = append(lines, "")
				plain = false
			}
			for _, l := range wrap(strings.Join(strings.Fields(para), " "), 77) {
				plain = plain && plainLine(l)
				lines = append(lines, l)
			}
		}
	}
	if !plain {
		var p doccomment.Parser
		var pr doccomment.Printer
		lines = strings.Split(strings.TrimSuffix(string(pr.Comment(p.Parse(strings.Join(lines, "\n")+"\n"))), "\n"), "\n")
	}
	for _, l := range lines {
		switch {
		case l == "":
			g.text("//")
		case l[0] == '\t':
			g.text("//" + l)
		default:
			g.text("// " + l)
		}
	}
}
