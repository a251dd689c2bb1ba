package golang

import (
	"fmt"
	doccomment "go/doc/comment"
	"strconv"
	"strings"
	"time"

	"eventstorm/model"
)

// Text forms, for the projections written with goSource, of jennifer
// helpers other files still use: constant (projection.go, for scenario.go).

// htgConstantText is constant as text: a constant of the model of type t, as
// lines of Go.
func (s *service) htgConstantText(g *goSource, t *model.TypeRef, value string) []string {
	if t.Kind == model.Named {
		for _, v := range t.Type.Enum {
			if v.Value == value {
				return []string{g.q(s.domainPkg(), enumConst(t.Type, v))}
			}
		}
	}
	switch t.Scalar {
	case model.Int:
		n, _ := strconv.ParseInt(value, 10, 64)
		return []string{strconv.FormatInt(n, 10)}
	case model.Float:
		x, _ := strconv.ParseFloat(value, 64)
		return []string{htgFloatText(x)}
	case model.Bool:
		b, _ := strconv.ParseBool(value)
		return []string{strconv.FormatBool(b)}
	case model.Decimal:
		return []string{g.q(decimalPkg, "RequireFromString") + "(" + strconv.Quote(value) + ")"}
	case model.UUID:
		return []string{g.q(uuidPkg, "MustParse") + "(" + strconv.Quote(value) + ")"}
	case model.Date:
		d, _ := time.Parse(time.DateOnly, value)
		typ := g.q(s.domainPkg(), "Date")
		month := g.q("time", d.Month().String())
		return literalText(typ, []sampleItem{{"Year", []string{strconv.Itoa(d.Year())}}, {"Month", []string{month}}, {"Day", []string{strconv.Itoa(d.Day())}}})
	case model.Time:
		tm, _ := time.Parse(time.RFC3339Nano, value)
		tm = tm.UTC()
		month := g.q("time", tm.Month().String())
		return []string{fmt.Sprintf("%s(%d, %s, %d, %d, %d, %d, %d, %s)", g.q("time", "Date"), tm.Year(), month, tm.Day(), tm.Hour(), tm.Minute(), tm.Second(), tm.Nanosecond(), g.q("time", "UTC"))}
	}
	return []string{strconv.Quote(value)}
}

// htgFloatText is a float64 literal as jen.Lit writes it: as %#v does, with
// ".0" after an integer so that it stays a float.
func htgFloatText(x float64) string {
	out := fmt.Sprintf("%#v", x)
	if !strings.Contains(out, ".") && !strings.Contains(out, "e") {
		out += ".0"
	}
	return out
}

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
