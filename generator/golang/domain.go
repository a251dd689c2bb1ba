package golang

import (
	"fmt"
	"strconv"
	"strings"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

// domain emits the package the context's aggregates share: the rule error,
// and the context's enums, value objects and calendar date.
func (s *service) domain() {
	g := s.newSource(s.domainPkg(), "domain", genfile.Generated)
	g.packageDoc("Package domain holds what the parts of the %s context share: the errors that stop a command or a query, and the context's types.", s.c.Name)
	fault := s.platformPkg("fault")
	g.comment("The errors of looking up and changing state, the runtime's, which the HTTP API answers with 404 Not Found and 409 Conflict.")
	g.line("var (")
	g.comment("ErrNotFound says that no aggregate or row has the id or key asked for.")
	g.line("ErrNotFound = %s", g.q(fault, "ErrNotFound"))
	g.comment("ErrConflict says that the state changed since it was read: retry.")
	g.line("ErrConflict = %s", g.q(fault, "ErrConflict"))
	g.comment("ErrExists says that a command would create what exists already.")
	g.line("ErrExists = %s", g.q(fault, "ErrExists"))
	g.line(")")
	if len(s.c.Aggregates) > 0 {
		g.line("")
		g.comment("RuleError rejects a command because a business rule does not hold. The HTTP API answers it with 422 Unprocessable Content.")
		g.line("type RuleError = %s", g.q(fault, "RuleError"))
		g.line("")
		g.comment("Stamp tells the time new events occur at and makes the ids of new aggregates and events. The use cases take the system's, stamp.System(); tests give them stamp.Fixed, so that what they record is the same on every run.")
		g.line("type Stamp = %s", g.q(s.platformPkg("stamp"), "Stamp"))
	}
	if s.contextUses(model.Decimal) {
		g.line("")
		g.line("func init() {")
		g.line("// Decimals keep the scale they were given, in JSON and in SQL: an amount")
		g.line(`// of "12.50" is written "12.50", not "12.5".`)
		g.line("%s = false", g.q(decimalPkg, "TrimTrailingZeros"))
		g.line("}")
	}
	s.addSource("internal/domain/domain_gen.go", g)

	if len(s.c.Types) > 0 {
		s.types()
	}
	if s.contextUsesDate() {
		g := s.newSource(s.domainPkg(), "domain", genfile.Generated)
		dateSource(g)
		s.addSource("internal/domain/date_gen.go", g)
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
			if eventUsesScalar(e, scalar) {
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
		if eventUsesScalar(e, scalar) {
			return true
		}
	}
	return false
}

// eventUsesScalar reports whether a version of the event, the current or an
// earlier one (which the upcasters read), has a field of the scalar type.
func eventUsesScalar(e *model.Event, scalar string) bool {
	for _, v := range e.Versions() {
		if usesScalar(v.Fields, scalar) {
			return true
		}
	}
	return false
}

// types writes internal/domain/types_gen.go: the context's enums and value
// objects.
func (s *service) types() {
	g := s.newSource(s.domainPkg(), "domain", genfile.Generated)
	for i, t := range s.c.Types {
		if i > 0 {
			g.line("")
		}
		if t.IsEnum() {
			enumSource(g, t)
		} else {
			valueObjectSource(g, t, fieldRows(g, t.Fields, s.domainLocal, fieldIdentOf))
		}
	}
	s.addSource("internal/domain/types_gen.go", g)
}

// domainLocal names a type declared in the domain package itself.
func (s *service) domainLocal(t *model.TypeRef) string {
	if t.Kind == model.Scalar {
		return "Date"
	}
	return t.Type.Ident()
}

// enumSource writes an enum: a string type with a constant per value, and
// JSON decoding that accepts only those values.
func enumSource(g *goSource, t *model.Type) {
	id := t.Ident()
	g.comment("%s is the enum %s.", id, t.Name)
	if t.Description != "" {
		g.comment("%s", t.Description)
	}
	g.line("type %s string", id)
	g.line("")
	g.comment("The values of %s.", id)
	g.line("const (")
	consts := make([][]string, 0, len(t.Enum))
	cases := make([]string, 0, len(t.Enum))
	values := make([]string, 0, len(t.Enum))
	for _, v := range t.Enum {
		consts = append(consts, []string{enumConst(t, v), id, "= " + strconv.Quote(v.Value)})
		cases = append(cases, enumConst(t, v))
		values = append(values, v.Value)
	}
	g.table(consts)
	g.line(")")
	g.line("")
	g.comment("Valid reports whether v is one of the values of %s.", id)
	g.line("func (v %s) Valid() bool {", id)
	g.line("switch v {")
	g.caseLine("case %s:", strings.Join(cases, ", "))
	g.line("return true")
	g.line("}")
	g.line("return false")
	g.line("}")
	g.line("")
	g.comment("UnmarshalJSON accepts the values of %s, and the empty string for\nno value.", id)
	g.line("func (v *%s) UnmarshalJSON(data []byte) error {", id)
	g.line("var s string")
	g.line("if err := %s(data, &s); err != nil {", g.q(goJSONPkg, "Unmarshal"))
	g.line("return err")
	g.line("}")
	g.line("if s != \"\" && !%s(s).Valid() {", id)
	g.line("return %s(%s, s)", g.q("fmt", "Errorf"), strconv.Quote(fmt.Sprintf("%%q is not %s; want one of %s", article(t.Name), strings.Join(values, ", "))))
	g.line("}")
	g.line("*v = %s(s)", id)
	g.line("return nil")
	g.line("}")
}

// enumConst is the constant of an enum value, e.g. OrderStatusPlaced.
func enumConst(t *model.Type, v *model.EnumValue) string {
	return t.Ident() + names.GoExported(v.Value)
}

// valueObjectSource writes a value object, a struct of rows (its fields'
// name, type and, if it has one, tag cells).
func valueObjectSource(g *goSource, t *model.Type, rows [][]string) {
	id := t.Ident()
	g.comment("%s is the value object %s.", id, t.Name)
	if t.Description != "" {
		g.comment("%s", t.Description)
	}
	g.structType(id, rows)
}

// dateSource writes Date, a calendar date written YYYY-MM-DD in JSON.
func dateSource(g *goSource) {
	g.comment("Date is a calendar date, written 2006-01-02 in JSON.")
	g.line("type Date struct {")
	g.table([][]string{{"Year", "int"}, {"Month", g.q("time", "Month")}, {"Day", "int"}})
	g.line("}")
	g.line("")
	g.comment("ParseDate parses a date written 2006-01-02; 0000-00-00 is the zero date, as String writes it.")
	g.line("func ParseDate(s string) (Date, error) {")
	g.line(`if s == "0000-00-00" {`)
	g.line("return Date{}, nil")
	g.line("}")
	g.line("t, err := %s(%s, s)", g.q("time", "Parse"), g.q("time", "DateOnly"))
	g.line("if err != nil {")
	g.line(`return Date{}, %s("%%q is not a date such as 2026-11-24", s)`, g.q("fmt", "Errorf"))
	g.line("}")
	g.line("return DateOf(t), nil")
	g.line("}")
	g.line("")
	g.comment("DateOf is the date of t in t's location.")
	g.line("func DateOf(t %s) Date {", g.q("time", "Time"))
	g.line("y, m, d := t.Date()")
	g.literal("return Date", []keyValue{{"Year", "y"}, {"Month", "m"}, {"Day", "d"}}, "")
	g.line("}")
	g.line("")
	g.comment("String writes the date as 2006-01-02.")
	g.line("func (d Date) String() string {")
	g.line(`return %s("%%04d-%%02d-%%02d", d.Year, d.Month, d.Day)`, g.q("fmt", "Sprintf"))
	g.line("}")
	g.line("")
	g.comment("MarshalJSON writes the date as \"2006-01-02\".")
	g.line("func (d Date) MarshalJSON() ([]byte, error) {")
	g.line("return %s(d.String())", g.q(goJSONPkg, "Marshal"))
	g.line("}")
	g.line("")
	g.comment("UnmarshalJSON reads a date written \"2006-01-02\".")
	g.line("func (d *Date) UnmarshalJSON(data []byte) error {")
	g.line("var s string")
	g.line("if err := %s(data, &s); err != nil {", g.q(goJSONPkg, "Unmarshal"))
	g.line("return err")
	g.line("}")
	g.line("parsed, err := ParseDate(s)")
	g.line("if err != nil {")
	g.line("return err")
	g.line("}")
	g.line("*d = parsed")
	g.line("return nil")
	g.line("}")
}
