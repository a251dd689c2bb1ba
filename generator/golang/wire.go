package golang

import (
	"github.com/dave/jennifer/jen"

	"eventstorm/model"
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

// wireNamed names a named type (or a date) in the adapter package pkg,
// which declares its own form of each value object.
func (s *service) wireNamed(pkg string) func(t *model.TypeRef) jen.Code {
	return func(t *model.TypeRef) jen.Code {
		if isValueObject(t) {
			return jen.Qual(pkg, t.Type.Ident())
		}
		return s.domainTypes(t)
	}
}

// wireType is the Go type of t in the adapter package pkg.
func (s *service) wireType(pkg string, t *model.TypeRef) jen.Code { return goType(t, s.wireNamed(pkg)) }

func (s *service) mapValue(pkg string, t *model.TypeRef, x jen.Code, toWire bool) jen.Code {
	if !holdsValueObject(t) {
		return x
	}
	switch t.Kind {
	case model.Named:
		if toWire {
			return jen.Qual(pkg, wireConstructor(t.Type)).Call(x)
		}
		return jen.Add(x).Dot("ToDomain").Call()
	case model.List:
		return jen.Qual(s.platformPkg("convert"), "Slice").Call(x, s.mapFunc(pkg, t.Elem, toWire))
	case model.Optional:
		if t.Elem.Kind == model.List { // a nil slice is the absent list
			return s.mapValue(pkg, t.Elem, x, toWire)
		}
		return jen.Qual(s.platformPkg("convert"), "Ptr").Call(x, s.mapFunc(pkg, t.Elem, toWire))
	}
	return x
}

// mapFunc is a function mapping a value of t, which holds a value object.
func (s *service) mapFunc(pkg string, t *model.TypeRef, toWire bool) jen.Code {
	if t.Kind == model.Named {
		if toWire {
			return jen.Qual(pkg, wireConstructor(t.Type))
		}
		return jen.Qual(pkg, t.Type.Ident()).Dot("ToDomain")
	}
	switch {
	case t.Kind == model.List:
		return jen.Qual(s.platformPkg("convert"), "SliceFunc").Call(s.mapFunc(pkg, t.Elem, toWire))
	case t.Elem.Kind == model.List: // an optional list: a nil slice is the absent list
		return s.mapFunc(pkg, t.Elem, toWire)
	}
	return jen.Qual(s.platformPkg("convert"), "PtrFunc").Call(s.mapFunc(pkg, t.Elem, toWire))
}

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

// wireValueObjects declares, in a file of the adapter package pkg, its
// form of each value object of types with the functions mapping it to and
// from the domain's, as use needs; what says how the adapter uses them.
func (s *service) wireValueObjects(f *jen.File, pkg string, types []*model.Type, what string, use wireUse) {
	for _, t := range types {
		id := t.Ident()
		doc(f, "%s is the value object %s as %s.", id, t.Name, what)
		f.Type().Id(id).Struct(s.wireFields(pkg, t.Fields, jsonTag)...)
		f.Line()
		if use != wireRead {
			doc(f, "%s is v as %s.", wireConstructor(t), what)
			f.Func().Id(wireConstructor(t)).Params(jen.Id("v").Qual(s.domainPkg(), id)).Id(id).Block(
				jen.Return(jen.Id(id).Add(s.fieldMap(pkg, t.Fields, "v", true, fieldIdentOf, fieldIdentOf))),
			)
			f.Line()
		}
		if use != wireWrite {
			doc(f, "ToDomain is v as the domain holds it.")
			f.Func().Params(jen.Id("v").Id(id)).Id("ToDomain").Params().Qual(s.domainPkg(), id).Block(
				jen.Return(jen.Qual(s.domainPkg(), id).Add(s.fieldMap(pkg, t.Fields, "v", false, fieldIdentOf, fieldIdentOf))),
			)
			f.Line()
		}
	}
}

// wireFields declares fields in the form of the adapter package pkg,
// tagged by tag.
func (s *service) wireFields(pkg string, fields []*model.Field, tag func(*model.Field) map[string]string) []jen.Code {
	out := make([]jen.Code, 0, len(fields))
	for _, f := range fields {
		out = append(out, jen.Id(f.Ident()).Add(s.wireType(pkg, f.Type)).Tag(tag(f)))
	}
	return out
}

func fieldIdentOf(f *model.Field) string { return f.Ident() }

// fieldMap is the composite literal's values mapping each field of src
// (named srcIdent there) to the field named dstIdent, to or from the
// adapter's form.
func (s *service) fieldMap(pkg string, fields []*model.Field, src string, toWire bool, srcIdent, dstIdent func(*model.Field) string) *jen.Statement {
	return lit(s.fieldItems(pkg, fields, src, toWire, srcIdent, dstIdent)...)
}

// fieldItems are fieldMap's values.
func (s *service) fieldItems(pkg string, fields []*model.Field, src string, toWire bool, srcIdent, dstIdent func(*model.Field) string) []jen.Code {
	items := make([]jen.Code, 0, len(fields))
	for _, f := range fields {
		items = append(items, kv(dstIdent(f), s.mapValue(pkg, f.Type, jen.Id(src).Dot(srcIdent(f)), toWire)))
	}
	return items
}
