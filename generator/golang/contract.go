package golang

import (
	"sort"

	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/generator/ir"
	"eventstorm/model"
	"eventstorm/model/names"
)

// contractPkg is the import path of this service's copy of the events it
// reads from a context.
func (s *service) contractPkg(from *model.Context) string {
	return s.pkg("internal/contract/" + contractPkgName(from))
}

func contractPkgName(c *model.Context) string { return names.Package(c.Base()) }

// contractTypes qualifies the named types of events read from another
// context: this context's own enum of the same name when it has one, the
// contract package's form of its own value object of the same name (which
// maps to it), else the copy declared in the contract package.
func (s *service) contractTypes(from *model.Context) func(*model.TypeRef) jen.Code {
	return func(t *model.TypeRef) jen.Code {
		if t.Kind == model.Scalar { // date
			return jen.Qual(s.domainPkg(), "Date")
		}
		if own := s.ownType(t.Type); own != nil && own.IsEnum() {
			return jen.Qual(s.domainPkg(), own.Ident())
		}
		return jen.Qual(s.contractPkg(from), t.Type.Ident())
	}
}

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

func (s *service) contract(from *model.Context, events []*model.Event) {
	pkg := s.contractPkg(from)
	name := contractPkgName(from)
	f := newFile(pkg, name, genfile.Generated)
	f.ImportName(s.domainPkg(), "domain")
	pkgDoc(f, "Package %s is the %s context's copy of the events it reads from the %s context. The contract between the services is the events' JSON, so each keeps its own copy and they share no code.", name, s.c.Name, from.Name)
	doc(f, "The event types, as in the ce_type header.")
	var defs []jen.Code
	for _, e := range events {
		defs = append(defs, jen.Id(e.Ident()+"Type").Op("=").Lit(ir.EventType(s.m, e)))
	}
	f.Const().Defs(defs...)
	f.Line()
	named := s.contractTypes(from)
	for _, e := range events {
		doc(f, "%s is the event %s of %s, as published on the topic %s.", e.Ident(), e.Name, article(e.Aggregate.Name), ir.Topic(s.m, e.Aggregate))
		f.Type().Id(e.Ident()).Struct(structFields(e.AllFields(), named)...)
		f.Line()
	}
	s.wireValueObjects(f, pkg, s.ownValueObjectsIn(events), "the "+from.Name+" context's events carry it", wireRead)
	for _, t := range s.copiedTypes(events) {
		if t.IsEnum() {
			enumDecl(f, t)
		} else {
			valueObjectDecl(f, t, structFields(t.Fields, named))
		}
	}
	s.add("internal/contract/"+name+"/events_gen.go", genfile.Generated, f)
	s.contractVersions(from, events)
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
