package golang

import (
	"sort"
	"strconv"

	"eventstorm/generator/genfile"
	"eventstorm/generator/ir"
	"eventstorm/model"
)

// contractPkg is the import path of this service's copy of the events it
// reads from a context.
func (s *service) contractPkg(from *model.Context) string {
	return s.pkg("internal/contract/" + contractPkgName(from))
}

// contractPkgName is the name of a reader's contract package of a context,
// kept clear of the consumer's locals (a context ctx or Version).
func contractPkgName(c *model.Context) string { return packageName(c.Base()) }

// ownValueObjectsIn lists this context's value objects whose forms events
// read from another context hold: those with the identifier of a value
// object the events hold, directly or through other value objects.
func (s *service) ownValueObjectsIn(events []*model.Event) []*model.Type {
	seen := map[*model.Type]bool{}
	var visit func(fields []*model.Field)
	visit = func(fields []*model.Field) {
		for _, f := range fields {
			b := f.Type.Base()
			if !isValueObject(b) || seen[b.Type] {
				continue
			}
			seen[b.Type] = true
			if own := s.ownType(b.Type); own != nil && !own.IsEnum() {
				seen[own] = true
				visit(own.Fields)
			} else {
				visit(b.Type.Fields)
			}
		}
	}
	for _, e := range events {
		for _, v := range e.Versions() {
			visit(v.Fields)
		}
	}
	var out []*model.Type
	for _, t := range s.c.Types {
		if seen[t] {
			out = append(out, t)
		}
	}
	return out
}

// ownType is this context's type with the same identifier as t, if any.
func (s *service) ownType(t *model.Type) *model.Type {
	for _, own := range s.c.Types {
		if own.Ident() == t.Ident() {
			return own
		}
	}
	return nil
}

// contracts emits, per context whose events this service reads, a package
// with its own copy of those events: the contract is their JSON, so the
// services share no Go code.
func (s *service) contracts() {
	byContext := map[*model.Context][]*model.Event{}
	var contexts []*model.Context
	for _, e := range s.x.Consumed {
		c := e.Aggregate.Context
		if byContext[c] == nil {
			contexts = append(contexts, c)
		}
		byContext[c] = append(byContext[c], e)
	}
	for _, from := range contexts {
		s.contract(from, byContext[from])
	}
}

// contract writes internal/contract/<context>/events_gen.go: this
// service's copy of the events it reads from the context from, with the
// value objects and enums they hold.
func (s *service) contract(from *model.Context, events []*model.Event) {
	pkg := s.contractPkg(from)
	name := contractPkgName(from)
	g := s.newSource(pkg, name, genfile.Generated)
	g.importName(s.domainPkg(), "domain")
	g.packageDoc("Package %s is the %s context's copy of the events it reads from the %s context. The contract between the services is the events' JSON, so each keeps its own copy and they share no code.", name, s.c.Name, from.Name)
	g.comment("The event types, as in the ce_type header.")
	g.line("const (")
	defs := make([][]string, 0, len(events))
	for _, e := range events {
		defs = append(defs, []string{e.Ident() + "Type", "= " + strconv.Quote(ir.EventType(s.m, e))})
	}
	g.table(defs)
	g.line(")")
	named := s.contractType(g, from)
	for _, e := range events {
		g.gap()
		g.comment("%s is the event %s of %s, as published on the topic %s.", e.Ident(), e.Name, article(e.Aggregate.Name), ir.Topic(s.m, e.Aggregate))
		g.structType(e.Ident(), taggedRows(g, e.AllFields(), named))
	}
	s.wireValueObjects(g, pkg, s.ownValueObjectsIn(events), "the "+from.Name+" context's events carry it", wireRead)
	for _, t := range s.copiedTypes(events) {
		g.gap()
		if t.IsEnum() {
			enumSource(g, t)
		} else {
			valueObjectSource(g, t, taggedRows(g, t.Fields, named))
		}
	}
	s.addSource("internal/contract/"+name+"/events_gen.go", g)
	s.contractVersions(from, events)
}

// taggedRows are the rows (name, type, JSON tag) of
// fields, for structType.
func taggedRows(g *goSource, fields []*model.Field, named func(*model.TypeRef) string) [][]string {
	rows := make([][]string, 0, len(fields))
	for _, f := range fields {
		rows = append(rows, []string{f.Ident(), g.typeName(f.Type, named), tag(jsonTag(f))})
	}
	return rows
}

// copiedTypes are the named types the events use, directly or through
// value objects, that this context has no type of the same name for.
func (s *service) copiedTypes(events []*model.Event) []*model.Type {
	seen := map[*model.Type]bool{}
	var out []*model.Type
	var visit func(fields []*model.Field)
	visit = func(fields []*model.Field) {
		for _, f := range fields {
			b := f.Type.Base()
			if b.Kind != model.Named || b.Type == nil || seen[b.Type] || s.ownType(b.Type) != nil {
				continue
			}
			seen[b.Type] = true
			out = append(out, b.Type)
			visit(b.Type.Fields)
		}
	}
	for _, e := range events {
		for _, v := range e.Versions() {
			visit(v.Fields)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Ident() < out[j].Ident() })
	return out
}
