package golang

import "eventstorm/model"

// Text forms, for goSource, of the jennifer helpers of wire.go, service.go
// and aggregate.go that the HTTP API's emitters use; the jennifer forms
// stay for the emitters not yet moved.

// htcIDType is idGoType as text: the Go type of an aggregate's id.
func htcIDType(g *goSource, a *model.Aggregate) string {
	if a.IDType == model.String {
		return "string"
	}
	return g.q(uuidPkg, "UUID")
}

// htcWireType is wireType as text: the Go type of t in the adapter package
// pkg, which declares its own form of each value object.
func (s *service) htcWireType(g *goSource, pkg string, t *model.TypeRef) string {
	domain := s.domainType(g)
	return g.typeName(t, func(t *model.TypeRef) string {
		if isValueObject(t) {
			return g.q(pkg, t.Type.Ident())
		}
		return domain(t)
	})
}

// htcMapValue is mapValue as text: x, a value of t, mapped to the adapter
// package pkg's form (toWire) or from it to the domain's.
func (s *service) htcMapValue(g *goSource, pkg string, t *model.TypeRef, x string, toWire bool) string {
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
		fn := g.q(s.platformPkg("convert"), "Slice")
		return fn + "(" + x + ", " + s.htcMapFunc(g, pkg, t.Elem, toWire) + ")"
	case model.Optional:
		if t.Elem.Kind == model.List { // a nil slice is the absent list
			return s.htcMapValue(g, pkg, t.Elem, x, toWire)
		}
		fn := g.q(s.platformPkg("convert"), "Ptr")
		return fn + "(" + x + ", " + s.htcMapFunc(g, pkg, t.Elem, toWire) + ")"
	}
	return x
}

// htcMapFunc is mapFunc as text: a function mapping a value of t, which
// holds a value object.
func (s *service) htcMapFunc(g *goSource, pkg string, t *model.TypeRef, toWire bool) string {
	if t.Kind == model.Named {
		if toWire {
			return g.q(pkg, wireConstructor(t.Type))
		}
		return g.q(pkg, t.Type.Ident()) + ".ToDomain"
	}
	switch {
	case t.Kind == model.List:
		fn := g.q(s.platformPkg("convert"), "SliceFunc")
		return fn + "(" + s.htcMapFunc(g, pkg, t.Elem, toWire) + ")"
	case t.Elem.Kind == model.List: // an optional list: a nil slice is the absent list
		return s.htcMapFunc(g, pkg, t.Elem, toWire)
	}
	fn := g.q(s.platformPkg("convert"), "PtrFunc")
	return fn + "(" + s.htcMapFunc(g, pkg, t.Elem, toWire) + ")"
}

// htcWireFields is wireFields as text: the rows (name, type, tag) of
// fields declared in the form of the adapter package pkg, tagged by tag.
func (s *service) htcWireFields(g *goSource, pkg string, fields []*model.Field, tagOf func(*model.Field) map[string]string) [][]string {
	rows := make([][]string, 0, len(fields))
	for _, f := range fields {
		rows = append(rows, []string{f.Ident(), s.htcWireType(g, pkg, f.Type), tag(tagOf(f))})
	}
	return rows
}

// htcFieldItems is fieldItems as text: the items mapping each field of src
// (named srcIdent there) to the field named dstIdent, to or from the
// adapter's form.
func (s *service) htcFieldItems(g *goSource, pkg string, fields []*model.Field, src string, toWire bool, srcIdent, dstIdent func(*model.Field) string) []keyValue {
	items := make([]keyValue, 0, len(fields))
	for _, f := range fields {
		items = append(items, keyValue{dstIdent(f), s.htcMapValue(g, pkg, f.Type, src+"."+srcIdent(f), toWire)})
	}
	return items
}

// htcStruct writes the declaration of a struct type whose fields are rows
// (name, type, tag), as jennifer's Struct: struct{} when it has none.
func htcStruct(g *goSource, name string, rows [][]string) {
	if len(rows) == 0 {
		g.line("type %s struct{}", name)
		return
	}
	g.line("type %s struct {", name)
	g.table(rows)
	g.line("}")
}

// htcWireValueObjects is wireValueObjects as text: the adapter package
// pkg's form of each value object of types with the functions mapping it
// to and from the domain's, as use needs; what says how the adapter uses
// them. Each declaration but the first follows a blank line.
func (s *service) htcWireValueObjects(g *goSource, pkg string, types []*model.Type, what string, use wireUse) {
	for i, t := range types {
		id := t.Ident()
		if i > 0 {
			g.line("")
		}
		g.comment("%s is the value object %s as %s.", id, t.Name, what)
		htcStruct(g, id, s.htcWireFields(g, pkg, t.Fields, jsonTag))
		if use != wireRead {
			g.line("")
			g.comment("%s is v as %s.", wireConstructor(t), what)
			g.line("func %s(v %s) %s {", wireConstructor(t), g.q(s.domainPkg(), id), id)
			g.literal("return "+id, s.htcFieldItems(g, pkg, t.Fields, "v", true, fieldIdentOf, fieldIdentOf), "")
			g.line("}")
		}
		if use != wireWrite {
			g.line("")
			g.comment("ToDomain is v as the domain holds it.")
			domainID := g.q(s.domainPkg(), id)
			g.line("func (v %s) ToDomain() %s {", id, domainID)
			g.literal("return "+domainID, s.htcFieldItems(g, pkg, t.Fields, "v", false, fieldIdentOf, fieldIdentOf), "")
			g.line("}")
		}
	}
}
