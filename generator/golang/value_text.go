package golang

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"eventstorm/model"
)

// The model's values as Go, for scenario tests and projections.

// constant is the Go expression of a constant of the
// model, which Validate has checked fits t, as lines (a date's literal
// takes several).
func (s *service) constant(g *goSource, t *model.TypeRef, value string) []string {
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
		return []string{floatLit(x)}
	case model.Bool:
		b, _ := strconv.ParseBool(value)
		return []string{strconv.FormatBool(b)}
	case model.Decimal:
		return []string{g.q(decimalPkg, "RequireFromString") + "(" + strconv.Quote(value) + ")"}
	case model.UUID:
		return []string{g.q(uuidPkg, "MustParse") + "(" + strconv.Quote(value) + ")"}
	case model.Date:
		d, _ := time.Parse(time.DateOnly, value)
		return literalText(g.q(s.domainPkg(), "Date"), []sampleItem{
			{"Year", []string{strconv.Itoa(d.Year())}},
			{"Month", []string{g.q("time", d.Month().String())}},
			{"Day", []string{strconv.Itoa(d.Day())}},
		})
	case model.Time:
		tm, _ := time.Parse(time.RFC3339Nano, value)
		tm = tm.UTC()
		return []string{fmt.Sprintf("%s(%d, %s, %d, %d, %d, %d, %d, %s)", g.q("time", "Date"), tm.Year(), g.q("time", tm.Month().String()), tm.Day(),
			tm.Hour(), tm.Minute(), tm.Second(), tm.Nanosecond(), g.q("time", "UTC"))}
	}
	return []string{strconv.Quote(value)}
}

// floatLit is a float64 literal as jen.Lit writes it: %#v, with ".0" when
// that reads as an integer.
func floatLit(x float64) string {
	out := fmt.Sprintf("%#v", x)
	if !strings.Contains(out, ".") && !strings.Contains(out, "e") {
		out += ".0"
	}
	return out
}

// listText is the composite literal typ{items} of unkeyed items (each
// lines of Go), as lines: on one line for up to two items
// (items over several lines go on from it), else one item a line.
func listText(typ string, items [][]string) []string {
	if len(items) > 2 {
		out := []string{typ + "{"}
		for _, it := range items {
			out = append(out, joinLines(it, []string{","})...)
		}
		return append(out, "}")
	}
	parts := [][]string{{typ + "{"}}
	for i, it := range items {
		if i > 0 {
			parts = append(parts, []string{", "})
		}
		parts = append(parts, it)
	}
	return joinLines(append(parts, []string{"}"})...)
}
