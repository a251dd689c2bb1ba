package golang

import (
	"eventstorm/model"
	"fmt"
)

// An adapter that writes the context's types as JSON (the HTTP API, the
// event payloads) declares its own form of each value object, with the
// JSON tags the domain's types do not carry; enums and dates keep the
// domain's types, which read and write their own text. The functions here
// write a type in such an adapter and map values to and from its forms.

// isValueObject reports whether t names a value object.
func isValueObject(t *model.TypeRef) bool {
	return t.Kind == model.Named && t.Type != nil && !t.Type.IsEnum()
}

// holdsValueObject reports whether a value of t holds a value object: t
// is one, or a list or optional of one.
func holdsValueObject(t *model.TypeRef) bool { return isValueObject(t.Base()) }

// wireConstructor is the function writing a value object in an adapter's
// form.
func wireConstructor(t *model.Type) string { return "New" + t.Ident() }

// valueObjectsIn lists the value objects that values of fields hold,
// directly or through other value objects, in the order of the context's
// types.
func (s *service) valueObjectsIn(fields ...[]*model.Field) []*model.Type {
	seen := map[*model.Type]bool{}
	var visit func(fs []*model.Field)
	visit = func(fs []*model.Field) {
		for _, f := range fs {
			if b := f.Type.Base(); isValueObject(b) && !seen[b.Type] {
				seen[b.Type] = true
				visit(b.Type.Fields)
			}
		}
	}
	for _, fs := range fields {
		visit(fs)
	}
	var out []*model.Type
	for _, t := range s.c.Types {
		if seen[t] {
			out = append(out, t)
		}
	}
	return out
}

// wireUse says which way an adapter maps its forms of value objects.
type wireUse int

const (
	wireBoth  wireUse = iota // it reads and writes them
	wireRead                 // it only reads them: from its form to the domain's
	wireWrite                // it only writes them: from the domain's to its form
)

func fieldIdentOf(f *model.Field) string { return f.Ident() }

// wireNamed is a value object as the adapter
// package pkg declares it, any other named type (or a date) the domain's.
func (s *service) wireNamed(g *goSource, pkg string) func(*model.TypeRef) string {
	domain := s.domainType(g)
	return func(t *model.TypeRef) string {
		if isValueObject(t) {
			return g.q(pkg, t.Type.Ident())
		}
		return domain(t)
	}
}

// wireFields are the rows (name, type, tag) of the
// fields in the form of the adapter package pkg, for structType.
func (s *service) wireFields(g *goSource, pkg string, fields []*model.Field, tagOf func(*model.Field) map[string]string) [][]string {
	named := s.wireNamed(g, pkg)
	rows := make([][]string, 0, len(fields))
	for _, f := range fields {
		rows = append(rows, []string{f.Ident(), g.typeName(f.Type, named), tag(tagOf(f))})
	}
	return rows
}

// mapValue is x, a value of t, mapped to the form
// of the adapter package pkg (toWire) or from it.
func (s *service) mapValue(g *goSource, pkg string, t *model.TypeRef, x string, toWire bool) string {
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
		return slice + "(" + x + ", " + s.mapFunc(g, pkg, t.Elem, toWire) + ")"
	case model.Optional:
		if t.Elem.Kind == model.List { // a nil slice is the absent list
			return s.mapValue(g, pkg, t.Elem, x, toWire)
		}
		ptr := g.q(s.platformPkg("convert"), "Ptr")
		return ptr + "(" + x + ", " + s.mapFunc(g, pkg, t.Elem, toWire) + ")"
	}
	return x
}

// mapFunc is a function mapping a value of t, which
// holds a value object.
func (s *service) mapFunc(g *goSource, pkg string, t *model.TypeRef, toWire bool) string {
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
		return s.mapFunc(g, pkg, t.Elem, toWire)
	default:
		fn = g.q(s.platformPkg("convert"), "PtrFunc")
	}
	return fn + "(" + s.mapFunc(g, pkg, t.Elem, toWire) + ")"
}

// fieldItems is the items of a composite literal
// mapping each field of src (named srcIdent there) to the field named
// dstIdent, to or from the adapter's form.
func (s *service) fieldItems(g *goSource, pkg string, fields []*model.Field, src string, toWire bool, srcIdent, dstIdent func(*model.Field) string) []keyValue {
	items := make([]keyValue, 0, len(fields))
	for _, f := range fields {
		items = append(items, keyValue{dstIdent(f), s.mapValue(g, pkg, f.Type, src+"."+srcIdent(f), toWire)})
	}
	return items
}

// wireValueObjects is it writes the adapter
// package pkg's form of each value object of types and the functions
// mapping it to and from the domain's, as use needs; what says how the
// adapter uses them. Each declaration follows a gap.
func (s *service) wireValueObjects(g *goSource, pkg string, types []*model.Type, what string, use wireUse) {
	for _, t := range types {
		id := t.Ident()
		g.gap()
		g.comment("%s is the value object %s as %s.", id, t.Name, what)
		g.structType(id, s.wireFields(g, pkg, t.Fields, jsonTag))
		if use != wireRead {
			g.line("")
			g.comment("%s is v as %s.", wireConstructor(t), what)
			g.line("func %s(v %s) %s {", wireConstructor(t), g.q(s.domainPkg(), id), id)
			g.literal("return "+id, s.fieldItems(g, pkg, t.Fields, "v", true, fieldIdentOf, fieldIdentOf), "")
			g.line("}")
		}
		if use != wireWrite {
			g.line("")
			g.comment("ToDomain is v as the domain holds it.")
			domainID := g.q(s.domainPkg(), id)
			g.line("func (v %s) ToDomain() %s {", id, domainID)
			g.literal("return "+domainID, s.fieldItems(g, pkg, t.Fields, "v", false, fieldIdentOf, fieldIdentOf), "")
			g.line("}")
		}
	}
}

// saveParams is the parameters of a repository's
// Save; ctx names the context ("_" where it is not used).
func saveParams(g *goSource, ap string, a *model.Aggregate, ctx string) string {
	return fmt.Sprintf("%s %s, state *%s, expected int64, events []%s", ctx, g.q("context", "Context"), g.q(ap, a.Ident()), g.q(ap, eventIface(a)))
}
