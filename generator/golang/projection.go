package golang

import (
	"strconv"
	"strings"
	"time"

	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

func (s *service) projectionPkg() string { return s.pkg("internal/app/projection") }

// onMethod is the projection's method for one source event. Events of two
// contexts with one name are told apart by their context.
func onMethod(r *model.ReadModel, e *model.Event) string {
	for _, pr := range r.From {
		if other := pr.SourceEvent(); other != nil && other != e && other.Ident() == e.Ident() {
			return "On" + e.Aggregate.Context.Ident() + e.Ident()
		}
	}
	return "On" + e.Ident()
}

// projections emits, per read model, the handlers that apply its source
// events to its rows.
func (s *service) projections() {
	for i, r := range s.c.ReadModels {
		f := newFile(s.projectionPkg(), "projection", genfile.Generated)
		f.ImportName(s.queryPkg(), "query")
		f.ImportName(s.domainPkg(), "domain")
		if i == 0 {
			pkgDoc(f, "Package projection keeps the read models of the %s context up to date: each applies the events it is built from to its rows.", s.c.Name)
		}
		s.projection(f, r)
		s.add("internal/app/projection/"+names.Snake(r.Base())+"_gen.go", genfile.Generated, f)
		if hasPut(r) {
			s.scaffoldProjection(r)
		}
	}
}

// hasPut reports whether any event of a read model writes a row (rather
// than deleting it), so that its adjust hook is called.
func hasPut(r *model.ReadModel) bool {
	for _, pr := range r.From {
		if !pr.Delete {
			return true
		}
	}
	return false
}

// scaffoldProjection scaffolds a read model's hook, adjust, which the
// projection calls with each event before it stores the row: the team
// enriches the row there (a total, a list, a lookup) beyond the fields
// copied by name and `set`.
func (s *service) scaffoldProjection(r *model.ReadModel) {
	f := newFile(s.projectionPkg(), "projection", genfile.Scaffolded)
	f.ImportName(s.queryPkg(), "query")
	var cases []jen.Code
	var names []string
	for _, pr := range r.From {
		if e := pr.SourceEvent(); e != nil && !pr.Delete {
			ep := s.contractPkg(e.Aggregate.Context)
			f.ImportName(ep, contractPkgName(e.Aggregate.Context))
			cases = append(cases, jen.Case(jen.Qual(ep, e.Ident())))
			names = append(names, qualifiedName(s.c, e))
		}
	}
	doc(f, "adjust changes a row of %s before it is stored, after the fields of e (%s) were copied by name and `set` was applied: add to a total, keep a list, derive a status. An error stops the event, which is retried; wrap message.Poison to dead-letter it instead.", r.Name, strings.Join(names, ", "))
	f.Func().Params(jen.Id("p").Op("*").Id(r.Ident())).Id("adjust").Params(
		jen.Id("ctx").Qual("context", "Context"), jen.Id("e").Any(), jen.Id("row").Op("*").Qual(s.queryPkg(), r.Ident()),
	).Error().Block(
		jen.Switch(jen.Id("e").Assert(jen.Type())).Block(cases...),
		jen.Return(jen.Nil()),
	)
	s.add("internal/app/projection/"+goFileName(r.Base()), genfile.Scaffolded, f)
}

func (s *service) projection(f *jen.File, r *model.ReadModel) {
	typ := r.Ident()
	row := jen.Qual(s.queryPkg(), r.Ident())
	key := r.KeyField()
	doc(f, "%s applies events to the rows of the read model %s.", typ, r.Name)
	f.Type().Id(typ).Struct(jen.Id("store").Qual(s.queryPkg(), storeType(r)))
	f.Line()
	doc(f, "New%s returns the projection of %s onto store.", typ, r.Name)
	f.Func().Id("New" + typ).Params(jen.Id("store").Qual(s.queryPkg(), storeType(r))).Op("*").Id(typ).Block(
		jen.Return(jen.Op("&").Id(typ).Add(lit(kv("store", jen.Id("store"))))),
	)
	for _, pr := range r.From {
		e := pr.SourceEvent()
		ep := s.contractPkg(e.Aggregate.Context)
		f.ImportName(ep, contractPkgName(e.Aggregate.Context))
		f.Line()
		body := s.keyFrom(key, pr.KeyField)
		switch {
		case pr.Delete:
			doc(f, "%s removes the row of %s.", onMethod(r, e), qualifiedName(s.c, e))
			body = append(body, jen.Return(jen.Id("p").Dot("store").Dot("Delete").Call(jen.Id("ctx"), jen.Id("key"))))
		default:
			doc(f, "%s applies %s to its row, creating the row if needed, and stores it once adjust (in %s) has had its say.", onMethod(r, e), qualifiedName(s.c, e), goFileName(r.Base()))
			body = append(body,
				jen.List(jen.Id("row"), jen.Err()).Op(":=").Id("p").Dot("store").Dot("Get").Call(jen.Id("ctx"), jen.Id("key")),
				jen.If(jen.Qual("errors", "Is").Call(jen.Err(), jen.Qual(s.domainPkg(), "ErrNotFound"))).Block(
					jen.Id("row").Op("=").Add(row.Clone()).Add(lit(kv(key.Ident(), jen.Id("key")))),
				).Else().If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			)
			for _, rf := range r.Fields {
				if rf == key {
					continue
				}
				if ef := e.Field(rf.Name); ef != nil && ef.Type.Fills(rf.Type) {
					body = append(body, jen.Id("row").Dot(rf.Ident()).Op("=").Add(fill(s.toDomain(ep, ef.Type, jen.Id("e").Dot(ef.Ident())), ef.Type, rf.Type)))
				}
			}
			for _, set := range pr.Set {
				for _, rf := range r.Fields {
					if rf.Ident() == fieldIdent(set.Field) {
						body = append(body, s.assignConstant(jen.Id("row").Dot(rf.Ident()), rf.Type, set)...)
					}
				}
			}
			body = append(body,
				jen.If(jen.Err().Op(":=").Id("p").Dot("adjust").Call(jen.Id("ctx"), jen.Id("e"), jen.Op("&").Id("row")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
				jen.Return(jen.Id("p").Dot("store").Dot("Put").Call(jen.Id("ctx"), jen.Id("row"))),
			)
		}
		f.Func().Params(jen.Id("p").Op("*").Id(typ)).Id(onMethod(r, e)).Params(
			jen.Id("ctx").Qual("context", "Context"),
			jen.Id("e").Qual(ep, e.Ident()),
		).Params(errResult()).Block(s.traced(r.Name+" on "+qualifiedName(s.c, e), body)...)
	}
}

// qualifiedName is an event's name as this context refers to it.
func qualifiedName(c *model.Context, e *model.Event) string {
	if e.Aggregate.Context == c {
		return e.Name
	}
	return e.Aggregate.Context.Name + "." + e.Name
}

// keyFrom declares key, the row's key taken from the event's field src.
func (s *service) keyFrom(key, src *model.Field) []jen.Code {
	return convertID(jen.Id("key"), key.Type, jen.Id("e").Dot(src.Ident()), src.Type, src.Name)
}

// convertID assigns an id or key of one type from another: the same type,
// a uuid written as a string, or a string parsed as a uuid. An absent
// optional or an unparsable string is an error.
func convertID(to *jen.Statement, toType *model.TypeRef, from *jen.Statement, fromType *model.TypeRef, fromName string) []jen.Code {
	var out []jen.Code
	if fromType.Kind == model.Optional {
		out = append(out, jen.If(from.Clone().Op("==").Nil()).Block(
			jen.Return(jen.Qual("errors", "New").Call(jen.Lit("the event has no "+fromName))),
		))
		from = jen.Parens(jen.Op("*").Add(from))
		fromType = fromType.Elem
	}
	switch {
	case fromType.Same(toType):
		out = append(out, to.Clone().Op(":=").Add(from))
	case toType.Kind == model.Scalar && toType.Scalar == model.String && fromType.Kind == model.Scalar && fromType.Scalar == model.UUID:
		out = append(out, to.Clone().Op(":=").Add(from).Dot("String").Call())
	case toType.Kind == model.Scalar && toType.Scalar == model.UUID:
		out = append(out,
			jen.List(to.Clone(), jen.Err()).Op(":=").Qual(uuidPkg, "Parse").Call(from),
			jen.If(jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit(fromName+": %w"), jen.Err())),
			),
		)
	default:
		out = append(out, to.Clone().Op(":=").Qual("fmt", "Sprint").Call(from))
	}
	return out
}

// assignConstant sets a field to a `set` constant of the model, which
// Validate has checked fits the type.
func (s *service) assignConstant(to *jen.Statement, t *model.TypeRef, set *model.SetValue) []jen.Code {
	if t.Kind == model.Optional {
		if set.Tag == "!!null" {
			return []jen.Code{to.Clone().Op("=").Nil()}
		}
		v := "v" + names.Pascal(set.Field)
		return []jen.Code{
			jen.Id(v).Op(":=").Add(s.constant(t.Elem, set.Value)),
			to.Clone().Op("=").Op("&").Id(v),
		}
	}
	return []jen.Code{to.Clone().Op("=").Add(s.constant(t, set.Value))}
}

func (s *service) constant(t *model.TypeRef, value string) jen.Code {
	if t.Kind == model.Named {
		for _, v := range t.Type.Enum {
			if v.Value == value {
				return jen.Qual(s.domainPkg(), enumConst(t.Type, v))
			}
		}
	}
	switch t.Scalar {
	case model.Int:
		n, _ := strconv.ParseInt(value, 10, 64)
		return jen.Lit(int(n))
	case model.Float:
		x, _ := strconv.ParseFloat(value, 64)
		return jen.Lit(x)
	case model.Bool:
		b, _ := strconv.ParseBool(value)
		return jen.Lit(b)
	case model.Decimal:
		return jen.Qual(decimalPkg, "RequireFromString").Call(jen.Lit(value))
	case model.UUID:
		return jen.Qual(uuidPkg, "MustParse").Call(jen.Lit(value))
	case model.Date:
		d, _ := time.Parse(time.DateOnly, value)
		return jen.Qual(s.domainPkg(), "Date").Add(lit(kv("Year", jen.Lit(d.Year())), kv("Month", jen.Qual("time", d.Month().String())), kv("Day", jen.Lit(d.Day()))))
	case model.Time:
		tm, _ := time.Parse(time.RFC3339Nano, value)
		tm = tm.UTC()
		return jen.Qual("time", "Date").Call(jen.Lit(tm.Year()), jen.Qual("time", tm.Month().String()), jen.Lit(tm.Day()),
			jen.Lit(tm.Hour()), jen.Lit(tm.Minute()), jen.Lit(tm.Second()), jen.Lit(tm.Nanosecond()), jen.Qual("time", "UTC"))
	}
	return jen.Lit(value)
}
