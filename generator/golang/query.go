package golang

import (
	"fmt"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

func (s *service) queryPkg() string { return s.pkg("internal/app/query") }

// querySource starts a generated file of the query package, with the
// names its packages are imported under.
func (s *service) querySource() *goSource {
	g := s.newSource(s.queryPkg(), "query", genfile.Generated)
	for _, a := range s.c.Aggregates {
		g.importName(s.aggregatePkg(a), aggregatePkgName(a))
	}
	g.importName(s.domainPkg(), "domain")
	return g
}

func readerType(a *model.Aggregate) string     { return a.Ident() + "Reader" }
func getHandlerType(a *model.Aggregate) string { return "Get" + a.Ident() + "Handler" }
func storeType(r *model.ReadModel) string      { return r.Ident() + "Store" }
func rowHandlerType(r *model.ReadModel) string { return r.Ident() + "Handler" }

// queries writes the query side: reading an aggregate's state, and the
// rows of each read model.
func (s *service) queries() {
	if len(s.c.Aggregates)+len(s.c.ReadModels) == 0 {
		return
	}
	first := true
	pkgComment := func(g *goSource) {
		if first {
			g.packageDoc("Package query holds the queries of the %s context: the current state of its aggregates, and the rows of its read models.", s.c.Name)
			first = false
		}
	}
	for _, a := range s.c.Aggregates {
		g := s.querySource()
		pkgComment(g)
		s.aggregateQuery(g, a)
		s.addSource("internal/app/query/"+names.Snake(a.Base())+"_gen.go", g)
	}
	for _, r := range s.c.ReadModels {
		g := s.querySource()
		pkgComment(g)
		s.readModelQuery(g, r)
		s.addSource("internal/app/query/"+names.Snake(r.Base())+"_gen.go", g)
	}
}

// aggregateQuery writes the query for one aggregate's state: its reader
// port, and the handler, constructor and Handle of the query.
func (s *service) aggregateQuery(g *goSource, a *model.Aggregate) {
	ap := s.aggregatePkg(a)
	h := getHandlerType(a)
	g.comment("%s reads the current state of %ss.", readerType(a), a.Ident())
	g.line("type %s interface {", readerType(a))
	g.line("// Load returns the %s with the id, or domain.ErrNotFound.", a.Name)
	g.line("Load(ctx %s, id %s) (*%s, error)", g.q("context", "Context"), idTypeName(g, a), g.q(ap, a.Ident()))
	g.line("}")
	g.line("")
	g.comment("%s is the query for one %s's state.", h, a.Name)
	g.holder(h, "reader", readerType(a), fmt.Sprintf("New%s returns the query for one %s's state.", h, a.Name))
	g.line("")
	g.comment("Handle returns the %s with the id, or domain.ErrNotFound.", a.Name)
	g.line("func (h *%s) Handle(ctx %s, id %s) (*%s, error) {", h, g.q("context", "Context"), idTypeName(g, a), g.q(ap, a.Ident()))
	g.line("return h.reader.Load(ctx, id)")
	g.line("}")
}

// readModelQuery writes a read model's row type, its store port, and the
// handler answering its queries (Get and List, through present), whose
// hook it scaffolds.
func (s *service) readModelQuery(g *goSource, r *model.ReadModel) {
	row := r.Ident()
	texts := []string{fmt.Sprintf("%s is a row of the read model %s.", row, r.Name)}
	if r.Description != "" {
		texts = append(texts, r.Description)
	}
	g.docs(texts...)
	g.structType(row, fieldRows(g, r.Fields, s.domainType(g), fieldIdentOf))
	g.line("")
	ctx := "ctx " + g.q("context", "Context")
	key := g.typeName(r.KeyField().Type, s.domainType(g))
	g.comment("%s keeps the rows of %s.", storeType(r), r.Name)
	g.line("type %s interface {", storeType(r))
	g.line("// Get returns the row with the key, or domain.ErrNotFound.")
	g.line("Get(%s, key %s) (%s, error)", ctx, key, row)
	g.line("// List returns up to limit rows in key order, after the key if it is not nil.")
	g.line("List(%s, after *%s, limit int) ([]%s, error)", ctx, key, row)
	g.line("// Put stores a row, replacing the row with its key.")
	g.line("Put(%s, row %s) error", ctx, row)
	g.line("// Delete removes the row with the key, if there is one.")
	g.line("Delete(%s, key %s) error", ctx, key)
	g.line("}")
	g.line("")
	h := rowHandlerType(r)
	g.comment("%s answers the queries of %s.", h, r.Name)
	g.holder(h, "store", storeType(r), fmt.Sprintf("New%s returns the queries of %s.", h, r.Name))
	g.line("")
	g.comment("Get returns the row with the key, as present (in %s) shows it, or domain.ErrNotFound.", goFileName(r.Base()))
	g.line("func (h *%s) Get(%s, key %s) (%s, error) {", h, ctx, key, row)
	g.line("row, err := h.store.Get(ctx, key)")
	g.line("if err != nil {")
	g.line("return %s{}, err", row)
	g.line("}")
	g.line("if err := h.present(ctx, &row); err != nil {")
	g.line("return %s{}, err", row)
	g.line("}")
	g.line("return row, nil")
	g.line("}")
	g.line("")
	g.comment("List returns a page of up to limit rows in key order, after the key if it is not nil, each as present shows it.")
	g.line("func (h *%s) List(%s, after *%s, limit int) ([]%s, error) {", h, ctx, key, row)
	g.line("rows, err := h.store.List(ctx, after, limit)")
	g.line("if err != nil {")
	g.line("return nil, err")
	g.line("}")
	g.line("for i := range rows {")
	g.line("if err := h.present(ctx, &rows[i]); err != nil {")
	g.line("return nil, err")
	g.line("}")
	g.line("}")
	g.line("return rows, nil")
	g.line("}")
	s.scaffoldQuery(r)
}

// scaffoldQuery scaffolds a read model's query hook, present, which
// changes each row before it is answered: derive a field, hide one, or
// refuse a row with domain.ErrNotFound.
func (s *service) scaffoldQuery(r *model.ReadModel) {
	g := s.newSource(s.queryPkg(), "query", genfile.Scaffolded)
	g.comment("present changes a row of %s before a query answers it: derive or hide a field, or return domain.ErrNotFound to keep the row from this caller. The row as stored is unchanged.", r.Name)
	g.line("func (h *%s) present(ctx %s, row *%s) error {", rowHandlerType(r), g.q("context", "Context"), r.Ident())
	g.line("return nil")
	g.line("}")
	s.addSource("internal/app/query/"+goFileName(r.Base()), g)
}

// keyCompare is a comparison of two keys a and b of type t, as
// cmp.Compare does it.
func keyCompare(g *goSource, t *model.TypeRef, a, b string) string {
	if t.Kind == model.Named {
		return fmt.Sprintf("%s(string(%s), string(%s))", g.q("strings", "Compare"), a, b)
	}
	switch t.Scalar {
	case model.Int, model.Float:
		return fmt.Sprintf("%s(%s, %s)", g.q("cmp", "Compare"), a, b)
	case model.String:
		return fmt.Sprintf("%s(%s, %s)", g.q("strings", "Compare"), a, b)
	case model.UUID:
		return fmt.Sprintf("%s(%s[:], %s[:])", g.q("bytes", "Compare"), a, b)
	case model.Decimal:
		return a + ".Cmp(" + b + ")"
	case model.Time:
		return a + ".Compare(" + b + ")"
	}
	// dates, and anything else with a String method in key order
	return fmt.Sprintf("%s(%s.String(), %s.String())", g.q("strings", "Compare"), a, b)
}

// memoryStore writes a read model's in-memory store: a memdb table of its
// rows in key order.
func (s *service) memoryStore(r *model.ReadModel) {
	g := s.newSource(s.memoryPkg(), "memory", genfile.Generated)
	g.importName(s.domainPkg(), "domain")
	g.importName(s.messagingPkg(), "messaging")
	g.importName(s.outboxPkg(), "outbox")
	g.importName(s.queryPkg(), "query")
	g.importName(s.memdbPkg(), "memdb")
	typ := storeType(r)
	table := func(name string) string { // memdb's Table or NewTable of the rows
		return fmt.Sprintf("%s[%s, %s]", g.q(s.memdbPkg(), name), g.typeName(r.KeyField().Type, s.domainType(g)), g.q(s.queryPkg(), r.Ident()))
	}
	g.comment("%s keeps the rows of %s in memory.", typ, r.Name)
	g.structType(typ, [][]string{{"rows", "*" + table("Table")}})
	g.line("")
	key := g.typeName(r.KeyField().Type, s.domainType(g))
	row := g.q(s.queryPkg(), r.Ident())
	g.comment("New%s returns an empty store.", typ)
	g.line("func New%s() *%s {", typ, typ)
	g.line("compare := func(a, b %s) int {", key)
	g.line("return %s", keyCompare(g, r.KeyField().Type, "a", "b"))
	g.line("}")
	g.line("return &%s{rows: %s(compare)}", typ, table("NewTable"))
	g.line("}")
	g.line("")
	ctx := "ctx " + g.q("context", "Context")
	g.comment("Get returns the row with the key, or domain.ErrNotFound.")
	g.line("func (s *%s) Get(%s, key %s) (%s, error) {", typ, ctx, key, row)
	g.line("row, ok := s.rows.Get(ctx, key)")
	g.line("if !ok {")
	g.line("return row, %s", g.q(s.domainPkg(), "ErrNotFound"))
	g.line("}")
	g.line("return row, nil")
	g.line("}")
	g.line("")
	g.comment("List returns up to limit rows in key order, after the key if it is not nil.")
	g.line("func (s *%s) List(%s, after *%s, limit int) ([]%s, error) {", typ, ctx, key, row)
	g.line("return s.rows.List(ctx, after, limit), nil")
	g.line("}")
	g.line("")
	g.comment("Put stores a row, replacing the row with its key.")
	g.line("func (s *%s) Put(%s, row %s) error {", typ, ctx, row)
	g.line("s.rows.Put(ctx, row.%s, row)", r.KeyField().Ident())
	g.line("return nil")
	g.line("}")
	g.line("")
	g.comment("Delete removes the row with the key, if there is one.")
	g.line("func (s *%s) Delete(%s, key %s) error {", typ, ctx, key)
	g.line("s.rows.Delete(ctx, key)")
	g.line("return nil")
	g.line("}")
	s.addSource("internal/adapters/memory/"+names.Snake(r.Base())+"_store_gen.go", g)
}
