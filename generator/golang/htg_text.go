package golang

import (
	"fmt"
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
