package golang

import (
	"github.com/dave/jennifer/jen"

	"eventstorm/model"
)

// sampler writes Go values of the model's types with every field set, so
// that their JSON has every member the schemas describe.
type sampler struct {
	s *service
	// named is the Go type of a named type or a date where the value is
	// written: the domain's, or a contract copy's.
	named func(*model.TypeRef) jen.Code
	// nameOf is named as text, for valueText and fieldsText.
	nameOf func(*model.TypeRef) string
	// busy are the value objects being written: one may contain itself
	// through an optional or list field, which then stays empty.
	busy map[*model.Type]bool
}

// value is a Go expression of type t; text is what a string holds. It is
// nil when t contains a value object being written.
func (sm *sampler) value(t *model.TypeRef, text string) jen.Code {
	switch t.Kind {
	case model.List:
		v := sm.value(t.Elem, text)
		if v == nil {
			return nil
		}
		return jen.Index().Add(goType(t.Elem, sm.named)).Values(v)
	case model.Optional:
		if t.Elem.Kind == model.List {
			return sm.value(t.Elem, text)
		}
		v := sm.value(t.Elem, text)
		if v == nil {
			return nil
		}
		return jen.New(v)
	case model.Named:
		nt := sm.s.resolve(t.Type)
		if nt.IsEnum() {
			value := ""
			if len(nt.Enum) > 0 {
				value = nt.Enum[0].Value
			}
			return jen.Add(sm.named(t)).Call(jen.Lit(value))
		}
		if sm.busy[nt] {
			return nil
		}
		sm.busy[nt] = true
		defer delete(sm.busy, nt)
		return sm.fields(sm.named(t), nt.Fields, nil)
	}
	switch t.Scalar {
	case model.Int:
		return jen.Int64().Call(jen.Lit(1))
	case model.Float:
		return jen.Float64().Call(jen.Lit(1.5))
	case model.Decimal:
		return jen.Qual(decimalPkg, "RequireFromString").Call(jen.Lit("12.50"))
	case model.Bool:
		return jen.True()
	case model.Time:
		return jen.Qual("time", "Date").Call(jen.Lit(2026), jen.Qual("time", "November"), jen.Lit(24), jen.Lit(9), jen.Lit(30), jen.Lit(0), jen.Lit(0), jen.Qual("time", "UTC"))
	case model.Date:
		return jen.Add(sm.named(t)).Add(lit(kv("Year", jen.Lit(2026)), kv("Month", jen.Qual("time", "November")), kv("Day", jen.Lit(24))))
	case model.UUID:
		return jen.Qual(uuidPkg, "MustParse").Call(jen.Lit("0b7e2f3c-5a61-4d8e-9f20-6c4a1b3d2e10"))
	}
	return jen.Lit(text)
}

// fields is a composite literal of typ with every field set, the Go field
// of each named by ident (the field's identifier when nil).
func (sm *sampler) fields(typ jen.Code, fields []*model.Field, ident func(*model.Field) string) jen.Code {
	if ident == nil {
		ident = (*model.Field).Ident
	}
	var values []jen.Code
	for _, f := range fields {
		if v := sm.value(f.Type, f.JSON()); v != nil {
			values = append(values, kv(ident(f), v))
		}
	}
	return jen.Add(typ).Add(lit(values...))
}
