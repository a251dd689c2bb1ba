package golang

import (
	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
)

// adaptersFile emits the service's choice of outbound adapters: the same
// ports served by the in-memory adapters or by the SQL ones.
func (s *service) adaptersFile() {
	if !s.x.Stores {
		return
	}
	f := s.serviceFile()
	var fields []jen.Code
	if s.x.Records {
		fields = append(fields, jen.Id("relay").Qual(s.outboxPkg(), "Relayer"))
	}
	if s.x.Reads {
		fields = append(fields, jen.Id("inbox").Qual(s.inboxPkg(), "Inbox"))
	}
	for _, a := range s.c.Aggregates {
		fields = append(fields, jen.Id(field(a.Base())+"Repo").Qual(s.commandPkg(), repoType(a)))
	}
	for _, r := range s.c.ReadModels {
		fields = append(fields, jen.Id(field(r.Base())+"Store").Qual(s.queryPkg(), storeType(r)))
	}
	doc(f, "adapters are the outbound adapters the use cases, projections and consumer are built on.")
	f.Type().Id("adapters").Struct(fields...)
	f.Line()
	doc(f, "openAdapters keeps the service's data in the database at DATABASE_URL, whose schema it brings up to the model, or in memory without one.")
	f.Func().Params(jen.Id("svc").Op("*").Id("Service")).Id("openAdapters").Params(jen.Id("ctx").Qual("context", "Context")).Params(jen.Id("adapters"), jen.Error()).Block(
		jen.If(part("Config").Dot("DatabaseURL").Op("==").Lit("")).Block(
			jen.Return(jen.Id("memoryAdapters").Call(), jen.Nil()),
		),
		jen.List(jen.Id("db"), jen.Err()).Op(":=").Qual(s.databasePkg(), "OpenSchema").Call(jen.Id("ctx"), part("Config").Dot("DatabaseURL"), jen.Qual(s.sqlPkg(), "Schema").Call()),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("adapters").Values(), jen.Err())),
		part("DB").Op("=").Id("db"),
		jen.Return(jen.Id("sqlAdapters").Call(jen.Id("db")), jen.Nil()),
	)
	f.Line()
	build := func(adapterPkg, kind string, db []jen.Code) []jen.Code {
		var body []jen.Code
		var values []jen.Code
		if s.x.Records {
			body = append(body, jen.Id("events").Op(":=").Qual(s.outboxPkg(), "New"+kind).Call(db...))
			values = append(values, kv("relay", jen.Id("events")))
		}
		if s.x.Reads {
			values = append(values, kv("inbox", jen.Qual(s.inboxPkg(), "New"+kind).Call(db...)))
		}
		for _, a := range s.c.Aggregates {
			values = append(values, kv(field(a.Base())+"Repo", jen.Qual(adapterPkg, "New"+repoType(a)).Call(append(db, jen.Id("events"))...)))
		}
		for _, r := range s.c.ReadModels {
			values = append(values, kv(field(r.Base())+"Store", jen.Qual(adapterPkg, "New"+storeType(r)).Call(db...)))
		}
		return append(body, jen.Return(jen.Id("adapters").Add(multiline(values...))))
	}
	doc(f, "memoryAdapters keeps the service's data in memory: nothing survives a restart.")
	f.Func().Id("memoryAdapters").Params().Id("adapters").Block(build(s.memoryPkg(), "Memory", nil)...)
	f.Line()
	doc(f, "sqlAdapters keeps the service's data in db: an aggregate's state and its events are written in one transaction, and a handled event's id in the transaction of its effect.")
	f.Func().Id("sqlAdapters").Params(jen.Id("db").Op("*").Qual(s.databasePkg(), "DB")).Id("adapters").Block(build(s.sqlPkg(), "SQL", []jen.Code{jen.Id("db")})...)
	s.add("internal/service/adapters_gen.go", genfile.Generated, f)
}
