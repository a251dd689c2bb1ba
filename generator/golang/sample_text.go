package golang

import (
	"strconv"
	"strings"

	"eventstorm/model"
)

// Text forms, for goSource, of the sampler's values and of contract.go's
// contractTypes, for the contract test and the examples.

// sampleItem is one key: value of a sample composite literal; the value is
// lines of Go, as value writes them.
type sampleItem struct {
	key   string
	value []string
}

// joinLines joins parts of Go text, each a list of lines: a part goes on
// from the last line of the parts before it.
func joinLines(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		if len(p) == 0 {
			continue
		}
		if len(out) == 0 {
			out = append(out, p...)
			continue
		}
		out[len(out)-1] += p[0]
		out = append(out, p[1:]...)
	}
	return out
}

// literalText is the composite literal typ{items} as lines of Go (see
// goSource.literal): on one line for up to two items (values over several lines
// go on from it), else one item a line. Single-line items are aligned in
// runs, as gofmt aligns them: an item over several lines ends a run.
func literalText(typ string, items []sampleItem) []string {
	if len(items) <= 2 {
		parts := [][]string{{typ + "{"}}
		for i, it := range items {
			sep := ""
			if i > 0 {
				sep = ", "
			}
			parts = append(parts, []string{sep + it.key + ": "}, it.value)
		}
		return joinLines(append(parts, []string{"}"})...)
	}
	return multiline(typ, items)
}

// keyedLines are the lines keyed writes for items, unindented.
func keyedLines(items []keyValue) []string {
	scratch := &goSource{}
	scratch.keyed(items)
	return strings.Split(strings.TrimSuffix(scratch.body.String(), "\n"), "\n")
}

// value is a Go expression of type t, as lines; text
// is what a string holds. It is nil when t contains a value object being
// written. Named types and dates are named by sm.nameOf.
func (sm *sampler) value(g *goSource, t *model.TypeRef, text string) []string {
	switch t.Kind {
	case model.List:
		v := sm.value(g, t.Elem, text)
		if v == nil {
			return nil
		}
		return joinLines([]string{"[]" + g.typeName(t.Elem, sm.nameOf) + "{"}, v, []string{"}"})
	case model.Optional:
		if t.Elem.Kind == model.List {
			return sm.value(g, t.Elem, text)
		}
		v := sm.value(g, t.Elem, text)
		if v == nil {
			return nil
		}
		return joinLines([]string{"new("}, v, []string{")"})
	case model.Named:
		nt := sm.s.resolve(t.Type)
		if nt.IsEnum() {
			value := ""
			if len(nt.Enum) > 0 {
				value = nt.Enum[0].Value
			}
			return []string{sm.nameOf(t) + "(" + strconv.Quote(value) + ")"}
		}
		if sm.busy[nt] {
			return nil
		}
		sm.busy[nt] = true
		defer delete(sm.busy, nt)
		return sm.fields(g, sm.nameOf(t), nt.Fields, nil)
	}
	return sm.scalarText(g, t, text)
}

// scalarText is the sample value of a scalar type t, as lines.
func (sm *sampler) scalarText(g *goSource, t *model.TypeRef, text string) []string {
	switch t.Scalar {
	case model.Int:
		return []string{"int64(1)"}
	case model.Float:
		return []string{"float64(1.5)"}
	case model.Decimal:
		return []string{g.q(decimalPkg, "RequireFromString") + `("12.50")`}
	case model.Bool:
		return []string{"true"}
	case model.Time:
		return []string{g.q("time", "Date") + "(2026, " + g.q("time", "November") + ", 24, 9, 30, 0, 0, " + g.q("time", "UTC") + ")"}
	case model.Date:
		typ := sm.nameOf(t)
		return literalText(typ, []sampleItem{{"Year", []string{"2026"}}, {"Month", []string{g.q("time", "November")}}, {"Day", []string{"24"}}})
	case model.UUID:
		return []string{g.q(uuidPkg, "MustParse") + `("0b7e2f3c-5a61-4d8e-9f20-6c4a1b3d2e10")`}
	}
	return []string{strconv.Quote(text)}
}

// fields is a composite literal of typ with every
// field set, as lines, the Go field of each named by ident (the field's
// identifier when nil).
func (sm *sampler) fields(g *goSource, typ string, fields []*model.Field, ident func(*model.Field) string) []string {
	if ident == nil {
		ident = (*model.Field).Ident
	}
	var items []sampleItem
	for _, f := range fields {
		if v := sm.value(g, f.Type, f.JSON()); v != nil {
			items = append(items, sampleItem{ident(f), v})
		}
	}
	return literalText(typ, items)
}

// contractType is the named types of events read
// from another context, as the file g names them.
func (s *service) contractType(g *goSource, from *model.Context) func(*model.TypeRef) string {
	return func(t *model.TypeRef) string {
		if t.Kind == model.Scalar { // date
			return g.q(s.domainPkg(), "Date")
		}
		if own := s.ownType(t.Type); own != nil && own.IsEnum() {
			return g.q(s.domainPkg(), own.Ident())
		}
		return g.q(s.contractPkg(from), t.Type.Ident())
	}
}
