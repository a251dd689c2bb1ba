package golang

import (
	"fmt"

	"eventstorm/model"
)

// Text forms, for goSource, of the jennifer helpers of wire.go and
// service.go that the messaging and memory emitters use.

// wireNamedText is wireNamed as text: a value object as the adapter
// package pkg declares it, any other named type (or a date) the domain's.
func (s *service) wireNamedText(g *goSource, pkg string) func(*model.TypeRef) string {
	domain := s.domainType(g)
	return func(t *model.TypeRef) string {
		if isValueObject(t) {
			return g.q(pkg, t.Type.Ident())
		}
		return domain(t)
	}
}

// wireFieldRows are wireFields as text: the rows (name, type, tag) of the
// fields in the form of the adapter package pkg, for structType.
func (s *service) wireFieldRows(g *goSource, pkg string, fields []*model.Field, tagOf func(*model.Field) map[string]string) [][]string {
	named := s.wireNamedText(g, pkg)
	rows := make([][]string, 0, len(fields))
	for _, f := range fields {
		rows = append(rows, []string{f.Ident(), g.typeName(f.Type, named), tag(tagOf(f))})
	}
	return rows
}

// mapValueText is mapValue as text: x, a value of t, mapped to the form
// of the adapter package pkg (toWire) or from it.
func (s *service) mapValueText(g *goSource, pkg string, t *model.TypeRef, x string, toWire bool) string {
	if !holdsValueObject(t) {
		return x
	}
	switch t.Kind {
	case model.Named:
		if toWire {
			return g.q(pkg, wireConstructor(t.Type)) + "(" + x + ")"
		}
		return x + ".ToDomain()"
	case model.List:
		slice := g.q(s.platformPkg("convert"), "Slice")
		return slice + "(" + x + ", " + s.mapFuncText(g, pkg, t.Elem, toWire) + ")"
	case model.Optional:
		if t.Elem.Kind == model.List { // a nil slice is the absent list
			return s.mapValueText(g, pkg, t.Elem, x, toWire)
		}
		ptr := g.q(s.platformPkg("convert"), "Ptr")
		return ptr + "(" + x + ", " + s.mapFuncText(g, pkg, t.Elem, toWire) + ")"
	}
	return x
}

// mapFuncText is mapFunc as text: a function mapping a value of t, which
// holds a value object.
func (s *service) mapFuncText(g *goSource, pkg string, t *model.TypeRef, toWire bool) string {
	if t.Kind == model.Named {
		if toWire {
			return g.q(pkg, wireConstructor(t.Type))
		}
		return g.q(pkg, t.Type.Ident()) + ".ToDomain"
	}
	var fn string
	switch {
	case t.Kind == model.List:
		fn = g.q(s.platformPkg("convert"), "SliceFunc")
	case t.Elem.Kind == model.List: // an optional list: a nil slice is the absent list
		return s.mapFuncText(g, pkg, t.Elem, toWire)
	default:
		fn = g.q(s.platformPkg("convert"), "PtrFunc")
	}
	return fn + "(" + s.mapFuncText(g, pkg, t.Elem, toWire) + ")"
}

// fieldItemsText is fieldItems as text: the items of a composite literal
// mapping each field of src (named srcIdent there) to the field named
// dstIdent, to or from the adapter's form.
func (s *service) fieldItemsText(g *goSource, pkg string, fields []*model.Field, src string, toWire bool, srcIdent, dstIdent func(*model.Field) string) []keyValue {
	items := make([]keyValue, 0, len(fields))
	for _, f := range fields {
		items = append(items, keyValue{dstIdent(f), s.mapValueText(g, pkg, f.Type, src+"."+srcIdent(f), toWire)})
	}
	return items
}

// wireValueObjectsText is wireValueObjects as text: it writes the adapter
// package pkg's form of each value object of types and the functions
// mapping it to and from the domain's, as use needs; what says how the
// adapter uses them. Each declaration follows a gap.
func (s *service) wireValueObjectsText(g *goSource, pkg string, types []*model.Type, what string, use wireUse) {
	for _, t := range types {
		id := t.Ident()
		g.gap()
		g.comment("%s is the value object %s as %s.", id, t.Name, what)
		g.structType(id, s.wireFieldRows(g, pkg, t.Fields, jsonTag))
		if use != wireRead {
			g.line("")
			g.comment("%s is v as %s.", wireConstructor(t), what)
			g.line("func %s(v %s) %s {", wireConstructor(t), g.q(s.domainPkg(), id), id)
			g.literal("return "+id, s.fieldItemsText(g, pkg, t.Fields, "v", true, fieldIdentOf, fieldIdentOf), "")
			g.line("}")
		}
		if use != wireWrite {
			g.line("")
			g.comment("ToDomain is v as the domain holds it.")
			domainID := g.q(s.domainPkg(), id)
			g.line("func (v %s) ToDomain() %s {", id, domainID)
			g.literal("return "+domainID, s.fieldItemsText(g, pkg, t.Fields, "v", false, fieldIdentOf, fieldIdentOf), "")
			g.line("}")
		}
	}
}

// saveParamsText is saveParams as text: the parameters of a repository's
// Save; ctx names the context ("_" where it is not used).
func saveParamsText(g *goSource, ap string, a *model.Aggregate, ctx string) string {
	return fmt.Sprintf("%s %s, state *%s, expected int64, events []%s", ctx, g.q("context", "Context"), g.q(ap, a.Ident()), g.q(ap, eventIface(a)))
}
