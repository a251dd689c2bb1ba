package golang

import (
	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

func (s *service) queryPkg() string { return s.pkg("internal/app/query") }

func (s *service) queryFile() *jen.File {
	f := newFile(s.queryPkg(), "query", genfile.Generated)
	for _, a := range s.c.Aggregates {
		f.ImportName(s.aggregatePkg(a), aggregatePkgName(a))
	}
	f.ImportName(s.domainPkg(), "domain")
	return f
}

func readerType(a *model.Aggregate) string     { return a.Ident() + "Reader" }
func getHandlerType(a *model.Aggregate) string { return "Get" + a.Ident() + "Handler" }
func storeType(r *model.ReadModel) string      { return r.Ident() + "Store" }
func rowHandlerType(r *model.ReadModel) string { return r.Ident() + "Handler" }

// queries emits the query side: reading an aggregate's state, and the
// rows of each read model.
func (s *service) queries() {
	if len(s.c.Aggregates)+len(s.c.ReadModels) == 0 {
		return
	}
	first := true
	pkgComment := func(f *jen.File) {
		if first {
			pkgDoc(f, "Package query holds the queries of the %s context: the current state of its aggregates, and the rows of its read models.", s.c.Name)
			first = false
		}
	}
	for _, a := range s.c.Aggregates {
		ap := s.aggregatePkg(a)
		idType := idGoType(a)
		f := s.queryFile()
		pkgComment(f)
		doc(f, "%s reads the current state of %ss.", readerType(a), a.Ident())
		f.Type().Id(readerType(a)).Interface(
			jen.Commentf("Load returns the %s with the id, or domain.ErrNotFound.", a.Name),
			jen.Id("Load").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("id").Add(idType)).Params(jen.Op("*").Qual(ap, a.Ident()), jen.Error()),
		)
		f.Line()
		doc(f, "%s is the query for one %s's state.", getHandlerType(a), a.Name)
		f.Type().Id(getHandlerType(a)).Struct(jen.Id("reader").Id(readerType(a)))
		f.Line()
		doc(f, "New%s returns the query for one %s's state.", getHandlerType(a), a.Name)
		f.Func().Id("New" + getHandlerType(a)).Params(jen.Id("reader").Id(readerType(a))).Op("*").Id(getHandlerType(a)).Block(
			jen.Return(jen.Op("&").Id(getHandlerType(a)).Add(lit(kv("reader", jen.Id("reader"))))),
		)
		f.Line()
		doc(f, "Handle returns the %s with the id, or domain.ErrNotFound.", a.Name)
		f.Func().Params(jen.Id("h").Op("*").Id(getHandlerType(a))).Id("Handle").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("id").Add(idType)).Params(jen.Op("*").Qual(ap, a.Ident()), jen.Error()).Block(
			jen.Return(jen.Id("h").Dot("reader").Dot("Load").Call(jen.Id("ctx"), jen.Id("id"))),
		)
		s.add("internal/app/query/"+names.Snake(a.Base())+"_gen.go", genfile.Generated, f)
	}
	for _, r := range s.c.ReadModels {
		f := s.queryFile()
		pkgComment(f)
		s.readModelQuery(f, r)
		s.add("internal/app/query/"+names.Snake(r.Base())+"_gen.go", genfile.Generated, f)
	}
}

// keyType is the Go type of a read model's key.
func (s *service) keyType(r *model.ReadModel) jen.Code {
	return goType(r.KeyField().Type, s.domainTypes)
}

func (s *service) readModelQuery(f *jen.File, r *model.ReadModel) {
	row := r.Ident()
	key := s.keyType(r)
	text := "%s is a row of the read model %s."
	doc(f, text, row, r.Name)
	if r.Description != "" {
		doc(f, "%s", r.Description)
	}
	f.Type().Id(row).Struct(plainFields(r.Fields, s.domainTypes, fieldIdentOf)...)
	f.Line()
	ctx := jen.Id("ctx").Qual("context", "Context")
	doc(f, "%s keeps the rows of %s.", storeType(r), r.Name)
	f.Type().Id(storeType(r)).Interface(
		jen.Comment("Get returns the row with the key, or domain.ErrNotFound."),
		jen.Id("Get").Params(ctx, jen.Id("key").Add(key)).Params(jen.Id(row), jen.Error()),
		jen.Comment("List returns up to limit rows in key order, after the key if it is not nil."),
		jen.Id("List").Params(ctx, jen.Id("after").Op("*").Add(key), jen.Id("limit").Int()).Params(jen.Index().Id(row), jen.Error()),
		jen.Comment("Put stores a row, replacing the row with its key."),
		jen.Id("Put").Params(ctx, jen.Id("row").Id(row)).Error(),
		jen.Comment("Delete removes the row with the key, if there is one."),
		jen.Id("Delete").Params(ctx, jen.Id("key").Add(key)).Error(),
	)
	f.Line()
	h := rowHandlerType(r)
	doc(f, "%s answers the queries of %s.", h, r.Name)
	f.Type().Id(h).Struct(jen.Id("store").Id(storeType(r)))
	f.Line()
	doc(f, "New%s returns the queries of %s.", h, r.Name)
	f.Func().Id("New" + h).Params(jen.Id("store").Id(storeType(r))).Op("*").Id(h).Block(
		jen.Return(jen.Op("&").Id(h).Add(lit(kv("store", jen.Id("store"))))),
	)
	f.Line()
	hook := goFileName(r.Base())
	doc(f, "Get returns the row with the key, as present (in %s) shows it, or domain.ErrNotFound.", hook)
	f.Func().Params(jen.Id("h").Op("*").Id(h)).Id("Get").Params(ctx, jen.Id("key").Add(key)).Params(jen.Id(row), jen.Error()).Block(
		jen.List(jen.Id("row"), jen.Err()).Op(":=").Id("h").Dot("store").Dot("Get").Call(jen.Id("ctx"), jen.Id("key")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id(row).Values(), jen.Err())),
		jen.If(jen.Err().Op(":=").Id("h").Dot("present").Call(jen.Id("ctx"), jen.Op("&").Id("row")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id(row).Values(), jen.Err())),
		jen.Return(jen.Id("row"), jen.Nil()),
	)
	f.Line()
	doc(f, "List returns a page of up to limit rows in key order, after the key if it is not nil, each as present shows it.")
	f.Func().Params(jen.Id("h").Op("*").Id(h)).Id("List").Params(ctx, jen.Id("after").Op("*").Add(key), jen.Id("limit").Int()).Params(jen.Index().Id(row), jen.Error()).Block(
		jen.List(jen.Id("rows"), jen.Err()).Op(":=").Id("h").Dot("store").Dot("List").Call(jen.Id("ctx"), jen.Id("after"), jen.Id("limit")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.For(jen.Id("i").Op(":=").Range().Id("rows")).Block(
			jen.If(jen.Err().Op(":=").Id("h").Dot("present").Call(jen.Id("ctx"), jen.Op("&").Id("rows").Index(jen.Id("i"))), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		),
		jen.Return(jen.Id("rows"), jen.Nil()),
	)
	s.scaffoldQuery(r)
}

// scaffoldQuery scaffolds a read model's query hook, present, which
// changes each row before it is answered: derive a field, hide one, or
// refuse a row with domain.ErrNotFound.
func (s *service) scaffoldQuery(r *model.ReadModel) {
	f := newFile(s.queryPkg(), "query", genfile.Scaffolded)
	doc(f, "present changes a row of %s before a query answers it: derive or hide a field, or return domain.ErrNotFound to keep the row from this caller. The row as stored is unchanged.", r.Name)
	f.Func().Params(jen.Id("h").Op("*").Id(rowHandlerType(r))).Id("present").Params(
		jen.Id("ctx").Qual("context", "Context"), jen.Id("row").Op("*").Id(r.Ident()),
	).Error().Block(jen.Return(jen.Nil()))
	s.add("internal/app/query/"+goFileName(r.Base()), genfile.Scaffolded, f)
}

// keyCompare compares two keys of a type, as cmp.Compare does.
func keyCompare(t *model.TypeRef, a, b *jen.Statement) jen.Code {
	if t.Kind == model.Named {
		return jen.Qual("strings", "Compare").Call(jen.String().Call(a), jen.String().Call(b))
	}
	switch t.Scalar {
	case model.Int, model.Float:
		return jen.Qual("cmp", "Compare").Call(a, b)
	case model.String:
		return jen.Qual("strings", "Compare").Call(a, b)
	case model.UUID:
		return jen.Qual("bytes", "Compare").Call(a.Clone().Index(jen.Op(":")), b.Clone().Index(jen.Op(":")))
	case model.Decimal:
		return a.Clone().Dot("Cmp").Call(b)
	case model.Time:
		return a.Clone().Dot("Compare").Call(b)
	}
	// dates, and anything else with a String method in key order
	return jen.Qual("strings", "Compare").Call(a.Clone().Dot("String").Call(), b.Clone().Dot("String").Call())
}

func (s *service) memoryStore(r *model.ReadModel) {
	f := s.memoryFile()
	f.ImportName(s.queryPkg(), "query")
	f.ImportName(s.memdbPkg(), "memdb")
	row := jen.Qual(s.queryPkg(), r.Ident())
	key := s.keyType(r)
	keyField := r.KeyField().Ident()
	typ := storeType(r)
	ctx := jen.Id("ctx").Qual("context", "Context")
	table := jen.Qual(s.memdbPkg(), "Table").Types(key, row)
	doc(f, "%s keeps the rows of %s in memory.", typ, r.Name)
	f.Type().Id(typ).Struct(jen.Id("rows").Op("*").Add(table))
	f.Line()
	doc(f, "New%s returns an empty store.", typ)
	f.Func().Id("New"+typ).Params().Op("*").Id(typ).Block(
		jen.Id("compare").Op(":=").Func().Params(jen.List(jen.Id("a"), jen.Id("b")).Add(key)).Int().Block(
			jen.Return(keyCompare(r.KeyField().Type, jen.Id("a"), jen.Id("b"))),
		),
		jen.Return(jen.Op("&").Id(typ).Add(lit(kv("rows", jen.Qual(s.memdbPkg(), "NewTable").Types(key, row).Call(jen.Id("compare")))))),
	)
	f.Line()
	recv := jen.Id("s").Op("*").Id(typ)
	doc(f, "Get returns the row with the key, or domain.ErrNotFound.")
	f.Func().Params(recv).Id("Get").Params(ctx, jen.Id("key").Add(key)).Params(row, jen.Error()).Block(
		jen.List(jen.Id("row"), jen.Id("ok")).Op(":=").Id("s").Dot("rows").Dot("Get").Call(jen.Id("ctx"), jen.Id("key")),
		jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Id("row"), jen.Qual(s.domainPkg(), "ErrNotFound"))),
		jen.Return(jen.Id("row"), jen.Nil()),
	)
	f.Line()
	doc(f, "List returns up to limit rows in key order, after the key if it is not nil.")
	f.Func().Params(recv).Id("List").Params(ctx, jen.Id("after").Op("*").Add(key), jen.Id("limit").Int()).Params(jen.Index().Add(row), jen.Error()).Block(
		jen.Return(jen.Id("s").Dot("rows").Dot("List").Call(jen.Id("ctx"), jen.Id("after"), jen.Id("limit")), jen.Nil()),
	)
	f.Line()
	doc(f, "Put stores a row, replacing the row with its key.")
	f.Func().Params(recv).Id("Put").Params(ctx, jen.Id("row").Add(row)).Error().Block(
		jen.Id("s").Dot("rows").Dot("Put").Call(jen.Id("ctx"), jen.Id("row").Dot(keyField), jen.Id("row")),
		jen.Return(jen.Nil()),
	)
	f.Line()
	doc(f, "Delete removes the row with the key, if there is one.")
	f.Func().Params(recv).Id("Delete").Params(ctx, jen.Id("key").Add(key)).Error().Block(
		jen.Id("s").Dot("rows").Dot("Delete").Call(jen.Id("ctx"), jen.Id("key")),
		jen.Return(jen.Nil()),
	)
	s.add("internal/adapters/memory/"+names.Snake(r.Base())+"_store_gen.go", genfile.Generated, f)
}
