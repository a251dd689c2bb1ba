package golang

import (
	"fmt"
	"strconv"
	"strings"

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

// projections writes, per read model, the handlers that apply its source
// events to its rows.
func (s *service) projections() {
	for i, r := range s.c.ReadModels {
		g := s.newSource(s.projectionPkg(), "projection", genfile.Generated)
		g.importName(s.queryPkg(), "query")
		g.importName(s.domainPkg(), "domain")
		for _, pr := range r.From {
			g.importName(s.contractPkg(pr.SourceEvent().Aggregate.Context), contractPkgName(pr.SourceEvent().Aggregate.Context))
		}
		if i == 0 {
			g.packageDoc("Package projection keeps the read models of the %s context up to date: each applies the events it is built from to its rows.", s.c.Name)
		}
		s.projection(g, r)
		s.addSource("internal/app/projection/"+names.Snake(r.Base())+"_gen.go", g)
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
	g := s.newSource(s.projectionPkg(), "projection", genfile.Scaffolded)
	g.importName(s.queryPkg(), "query")
	var cases []*model.Event
	var names []string
	for _, pr := range r.From {
		if e := pr.SourceEvent(); e != nil && !pr.Delete {
			g.importName(s.contractPkg(e.Aggregate.Context), contractPkgName(e.Aggregate.Context))
			cases = append(cases, e)
			names = append(names, qualifiedName(s.c, e))
		}
	}
	g.comment("adjust changes a row of %s before it is stored, after the fields of e (%s) were copied by name and `set` was applied: add to a total, keep a list, derive a status. An error stops the event, which is retried; wrap message.Poison to dead-letter it instead.", r.Name, strings.Join(names, ", "))
	g.line("func (p *%s) adjust(ctx %s, e any, row *%s) error {", r.Ident(), g.q("context", "Context"), g.q(s.queryPkg(), r.Ident()))
	g.line("switch e.(type) {")
	for _, e := range cases {
		g.caseLine("case %s:", g.q(s.contractPkg(e.Aggregate.Context), e.Ident()))
	}
	g.line("}")
	g.line("return nil")
	g.line("}")
	s.addSource("internal/app/projection/"+goFileName(r.Base()), g)
}

// projection writes a read model's projection: its type, constructor and
// a method per source event.
func (s *service) projection(g *goSource, r *model.ReadModel) {
	typ := r.Ident()
	g.comment("%s applies events to the rows of the read model %s.", typ, r.Name)
	g.holder(typ, "store", g.q(s.queryPkg(), storeType(r)), fmt.Sprintf("New%s returns the projection of %s onto store.", typ, r.Name))
	for _, pr := range r.From {
		g.line("")
		s.projectionOn(g, r, pr)
	}
}

// projectionOn writes a projection's method for one source event: it
// removes the event's row, or updates it (creating it if needed) with the
// event's fields, the `set` constants and adjust, and stores it.
func (s *service) projectionOn(g *goSource, r *model.ReadModel, pr *model.Projection) {
	e := pr.SourceEvent()
	ep := s.contractPkg(e.Aggregate.Context)
	key := r.KeyField()
	if pr.Delete {
		g.comment("%s removes the row of %s.", onMethod(r, e), qualifiedName(s.c, e))
	} else {
		g.comment("%s applies %s to its row, creating the row if needed, and stores it once adjust (in %s) has had its say.", onMethod(r, e), qualifiedName(s.c, e), goFileName(r.Base()))
	}
	g.line("func (p *%s) %s(ctx %s, e %s) (err error) {", r.Ident(), onMethod(r, e), g.q("context", "Context"), g.q(ep, e.Ident()))
	s.tracedSource(g, r.Name+" on "+qualifiedName(s.c, e))
	convertIDText(g, "key", key.Type, "e."+pr.KeyField.Ident(), pr.KeyField.Type, pr.KeyField.Name)
	if pr.Delete {
		g.line("return p.store.Delete(ctx, key)")
		g.line("}")
		return
	}
	g.line("row, err := p.store.Get(ctx, key)")
	g.line("if %s(err, %s) {", g.q("errors", "Is"), g.q(s.domainPkg(), "ErrNotFound"))
	g.line("row = %s{%s: key}", g.q(s.queryPkg(), r.Ident()), key.Ident())
	g.line("} else if err != nil {")
	g.line("return err")
	g.line("}")
	for _, rf := range r.Fields {
		if rf == key {
			continue
		}
		if ef := e.Field(rf.Name); ef != nil && ef.Type.Fills(rf.Type) {
			g.line("row.%s = %s", rf.Ident(), fill(s.mapValue(g, ep, ef.Type, "e."+ef.Ident(), false), ef.Type, rf.Type))
		}
	}
	for _, set := range pr.Set {
		for _, rf := range r.Fields {
			if rf.Ident() == fieldIdent(set.Field) {
				s.assignConstant(g, "row."+rf.Ident(), rf.Type, set)
			}
		}
	}
	g.line("if err := p.adjust(ctx, e, &row); err != nil {")
	g.line("return err")
	g.line("}")
	g.line("return p.store.Put(ctx, row)")
	g.line("}")
}

// qualifiedName is an event's name as this context refers to it.
func qualifiedName(c *model.Context, e *model.Event) string {
	if e.Aggregate.Context == c {
		return e.Name
	}
	return e.Aggregate.Context.Name + "." + e.Name
}

// convertIDText writes the assignment of an id or key, to, of one type
// from another: the same type, a uuid written as a string, or a string
// parsed as a uuid. An absent optional or an unparsable string is an
// error.
func convertIDText(g *goSource, to string, toType *model.TypeRef, from string, fromType *model.TypeRef, fromName string) {
	if fromType.Kind == model.Optional {
		g.line("if %s == nil {", from)
		g.line("return %s(%s)", g.q("errors", "New"), strconv.Quote("the event has no "+fromName))
		g.line("}")
		from = "(*" + from + ")"
		fromType = fromType.Elem
	}
	switch {
	case fromType.Same(toType):
		g.line("%s := %s", to, from)
	case toType.Kind == model.Scalar && toType.Scalar == model.String && fromType.Kind == model.Scalar && fromType.Scalar == model.UUID:
		g.line("%s := %s.String()", to, from)
	case toType.Kind == model.Scalar && toType.Scalar == model.UUID:
		g.line("%s, err := %s(%s)", to, g.q(uuidPkg, "Parse"), from)
		g.line("if err != nil {")
		g.line("return %s(%s, err)", g.q("fmt", "Errorf"), strconv.Quote(fromName+": %w"))
		g.line("}")
	default:
		g.line("%s := %s(%s)", to, g.q("fmt", "Sprint"), from)
	}
}

// assignConstant writes the setting of a field, to, to a `set` constant
// of the model, which Validate has checked fits the type.
func (s *service) assignConstant(g *goSource, to string, t *model.TypeRef, set *model.SetValue) {
	if t.Kind == model.Optional {
		if set.Tag == "!!null" {
			g.line("%s = nil", to)
			return
		}
		v := "v" + names.Pascal(set.Field)
		open, close := v+" := ", ""
		if e := t.Elem; e.Kind == model.Scalar && e.Scalar == model.Int {
			// An untyped integer constant would make v an int.
			open, close = v+" := int64(", ")"
		}
		g.lines(open, s.constant(g, t.Elem, set.Value), close)
		g.line("%s = &%s", to, v)
		return
	}
	g.lines(to+" = ", s.constant(g, t, set.Value), "")
}
