package golang

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

// domain emits the package the context's aggregates share: the rule error,
// and the context's enums, value objects and calendar date.
func (s *service) domain() {
	f := newFile(s.domainPkg(), "domain", genfile.Generated)
	pkgDoc(f, "Package domain holds what the parts of the %s context share: the errors that stop a command or a query, and the context's types.", s.c.Name)
	doc(f, "The errors of looking up and changing state, the runtime's, which the HTTP API answers with 404 Not Found and 409 Conflict.")
	f.Var().Defs(
		jen.Comment("ErrNotFound says that no aggregate or row has the id or key asked for."),
		jen.Id("ErrNotFound").Op("=").Qual(s.platformPkg("fault"), "ErrNotFound"),
		jen.Comment("ErrConflict says that the state changed since it was read: retry."),
		jen.Id("ErrConflict").Op("=").Qual(s.platformPkg("fault"), "ErrConflict"),
		jen.Comment("ErrExists says that a command would create what exists already."),
		jen.Id("ErrExists").Op("=").Qual(s.platformPkg("fault"), "ErrExists"),
	)
	if len(s.c.Aggregates) > 0 {
		f.Line()
		doc(f, "RuleError rejects a command because a business rule does not hold. The HTTP API answers it with 422 Unprocessable Content.")
		f.Type().Id("RuleError").Op("=").Qual(s.platformPkg("fault"), "RuleError")
		f.Line()
		s.stampDecl(f)
	}
	if s.contextUses(model.Decimal) {
		f.Line()
		f.Func().Id("init").Params().Block(
			jen.Comment("Decimals keep the scale they were given, in JSON and in SQL: an amount"),
			jen.Comment(`of "12.50" is written "12.50", not "12.5".`),
			jen.Qual(decimalPkg, "TrimTrailingZeros").Op("=").False(),
		)
	}
	s.add("internal/domain/domain_gen.go", genfile.Generated, f)

	if len(s.c.Types) > 0 {
		s.types()
	}
	if s.contextUsesDate() {
		s.add("internal/domain/date_gen.go", genfile.Generated, dateFile(s.domainPkg(), "domain"))
	}
}

// contextUsesDate reports whether any element of the context has a date.
func (s *service) contextUsesDate() bool { return s.contextUses(model.Date) }

// contextUses reports whether any element of the context has a field of
// the scalar type.
func (s *service) contextUses(scalar string) bool {
	for _, t := range s.c.Types {
		if usesScalar(t.Fields, scalar) {
			return true
		}
	}
	for _, a := range s.c.Aggregates {
		if usesScalar(a.Fields, scalar) {
			return true
		}
		for _, c := range a.Commands {
			if usesScalar(c.Fields, scalar) {
				return true
			}
		}
		for _, e := range a.Events {
			if usesScalar(e.Fields, scalar) {
				return true
			}
		}
	}
	for _, r := range s.c.ReadModels {
		if usesScalar(r.Fields, scalar) {
			return true
		}
	}
	// The contract copies of the events it reads, for its policies and
	// read models alike.
	for _, e := range s.x.Consumed {
		if usesScalar(e.Fields, scalar) {
			return true
		}
	}
	return false
}

func (s *service) types() {
	f := newFile(s.domainPkg(), "domain", genfile.Generated)
	for _, t := range s.c.Types {
		if t.IsEnum() {
			enumDecl(f, t)
		} else {
			valueObjectDecl(f, t, plainFields(t.Fields, s.domainLocal, fieldIdentOf))
		}
	}
	s.add("internal/domain/types_gen.go", genfile.Generated, f)
}

// domainLocal names a type declared in the domain package itself.
func (s *service) domainLocal(t *model.TypeRef) jen.Code {
	if t.Kind == model.Scalar {
		return jen.Id("Date")
	}
	return jen.Id(t.Type.Ident())
}

// enumDecl declares an enum as a string type with a constant per value,
// and JSON decoding that accepts only those values.
func enumDecl(f *jen.File, t *model.Type) {
	id := t.Ident()
	doc(f, "%s", fmt.Sprintf("%s is the enum %s.", id, t.Name))
	if t.Description != "" {
		doc(f, "%s", t.Description)
	}
	f.Type().Id(id).String()
	f.Line()
	doc(f, "%s", fmt.Sprintf("The values of %s.", id))
	var consts, cases []jen.Code
	var values []string
	for _, v := range t.Enum {
		consts = append(consts, jen.Id(enumConst(t, v)).Id(id).Op("=").Lit(v.Value))
		cases = append(cases, jen.Id(enumConst(t, v)))
		values = append(values, v.Value)
	}
	f.Const().Defs(consts...)
	f.Line()
	doc(f, "%s", fmt.Sprintf("Valid reports whether v is one of the values of %s.", id))
	f.Func().Params(jen.Id("v").Id(id)).Id("Valid").Params().Bool().Block(
		jen.Switch(jen.Id("v")).Block(
			jen.Case(cases...).Block(jen.Return(jen.True())),
		),
		jen.Return(jen.False()),
	)
	f.Line()
	doc(f, "%s", fmt.Sprintf("UnmarshalJSON accepts the values of %s, and the empty string for\nno value.", id))
	f.Func().Params(jen.Id("v").Op("*").Id(id)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.Var().Id("s").String(),
		jen.If(jen.Err().Op(":=").Qual(goJSONPkg, "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("s")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Err()),
		),
		jen.If(jen.Id("s").Op("!=").Lit("").Op("&&").Op("!").Id(id).Call(jen.Id("s")).Dot("Valid").Call()).Block(
			jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit(fmt.Sprintf("%%q is not %s; want one of %s", article(t.Name), strings.Join(values, ", "))), jen.Id("s"))),
		),
		jen.Op("*").Id("v").Op("=").Id(id).Call(jen.Id("s")),
		jen.Return(jen.Nil()),
	)
	f.Line()
}

// enumConst is the constant of an enum value, e.g. OrderStatusPlaced.
func enumConst(t *model.Type, v *model.EnumValue) string {
	return t.Ident() + names.GoExported(v.Value)
}

// valueObjectDecl declares a value object with fields.
func valueObjectDecl(f *jen.File, t *model.Type, fields []jen.Code) {
	id := t.Ident()
	doc(f, "%s", fmt.Sprintf("%s is the value object %s.", id, t.Name))
	if t.Description != "" {
		doc(f, "%s", t.Description)
	}
	f.Type().Id(id).Struct(fields...)
	f.Line()
}

// dateFile declares Date, a calendar date written YYYY-MM-DD in JSON.
func dateFile(pkgPath, pkgName string) *jen.File {
	f := newFile(pkgPath, pkgName, genfile.Generated)
	doc(f, "%s", "Date is a calendar date, written 2006-01-02 in JSON.")
	f.Type().Id("Date").Struct(
		jen.Id("Year").Int(),
		jen.Id("Month").Qual("time", "Month"),
		jen.Id("Day").Int(),
	)
	f.Line()
	doc(f, "%s", "ParseDate parses a date written 2006-01-02; 0000-00-00 is the zero date, as String writes it.")
	f.Func().Id("ParseDate").Params(jen.Id("s").String()).Params(jen.Id("Date"), jen.Error()).Block(
		jen.If(jen.Id("s").Op("==").Lit("0000-00-00")).Block(jen.Return(jen.Id("Date").Values(), jen.Nil())),
		jen.List(jen.Id("t"), jen.Err()).Op(":=").Qual("time", "Parse").Call(jen.Qual("time", "DateOnly"), jen.Id("s")),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Id("Date").Values(), jen.Qual("fmt", "Errorf").Call(jen.Lit("%q is not a date such as 2026-11-24"), jen.Id("s"))),
		),
		jen.Return(jen.Id("DateOf").Call(jen.Id("t")), jen.Nil()),
	)
	f.Line()
	doc(f, "%s", "DateOf is the date of t in t's location.")
	f.Func().Id("DateOf").Params(jen.Id("t").Qual("time", "Time")).Id("Date").Block(
		jen.List(jen.Id("y"), jen.Id("m"), jen.Id("d")).Op(":=").Id("t").Dot("Date").Call(),
		jen.Return(jen.Id("Date").Add(lit(kv("Year", jen.Id("y")), kv("Month", jen.Id("m")), kv("Day", jen.Id("d"))))),
	)
	f.Line()
	doc(f, "%s", "String writes the date as 2006-01-02.")
	f.Func().Params(jen.Id("d").Id("Date")).Id("String").Params().String().Block(
		jen.Return(jen.Qual("fmt", "Sprintf").Call(jen.Lit("%04d-%02d-%02d"), jen.Id("d").Dot("Year"), jen.Id("d").Dot("Month"), jen.Id("d").Dot("Day"))),
	)
	f.Line()
	doc(f, "%s", "MarshalJSON writes the date as \"2006-01-02\".")
	f.Func().Params(jen.Id("d").Id("Date")).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Qual(goJSONPkg, "Marshal").Call(jen.Id("d").Dot("String").Call())),
	)
	f.Line()
	doc(f, "%s", "UnmarshalJSON reads a date written \"2006-01-02\".")
	f.Func().Params(jen.Id("d").Op("*").Id("Date")).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.Var().Id("s").String(),
		jen.If(jen.Err().Op(":=").Qual(goJSONPkg, "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("s")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Err()),
		),
		jen.List(jen.Id("parsed"), jen.Err()).Op(":=").Id("ParseDate").Call(jen.Id("s")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Op("*").Id("d").Op("=").Id("parsed"),
		jen.Return(jen.Nil()),
	)
	return f
}

// stampDecl declares Stamp, the runtime's clock and id maker that use cases
// give new events, under the domain's name.
func (s *service) stampDecl(f *jen.File) {
	doc(f, "Stamp tells the time new events occur at and makes the ids of new aggregates and events. The use cases take the system's, stamp.System(); tests give them stamp.Fixed, so that what they record is the same on every run.")
	f.Type().Id("Stamp").Op("=").Qual(s.platformPkg("stamp"), "Stamp")
}
