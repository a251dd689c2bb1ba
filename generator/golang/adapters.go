package golang

import (
	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
)

// adaptersFile emits the service's choice of outbound adapters: the same
// ports served by the in-memory adapters or by the SQL ones.
func (s *service) adaptersFile(hasOutbox, consumes bool) {
	if !s.usesDB() {
		return
	}
	f := newFile(s.servicePkg(), "service", genfile.Generated)
	f.ImportName(s.memoryPkg(), "memory")
	f.ImportName(s.sqlPkg(), "sqldb")
	f.ImportName(s.kafkaPkg(), "kafka")
	f.ImportName(s.commandPkg(), "command")
	f.ImportName(s.queryPkg(), "query")
	f.ImportName(s.messagePkg(), "message")
	if hasOutbox {
		doc(f, "relay publishes the events the repositories recorded in their outbox, until ctx is done.")
		f.Type().Id("relay").Interface(
			jen.Id("Relay").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("publish").Qual(s.messagePkg(), "Publisher"), jen.Id("logger").Op("*").Qual("log/slog", "Logger")),
		)
		f.Line()
	}
	var fields []jen.Code
	if hasOutbox {
		fields = append(fields, jen.Id("relay").Id("relay"))
	}
	if consumes {
		fields = append(fields, jen.Id("inbox").Qual(s.kafkaPkg(), "Inbox"))
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
	build := func(pkg string, db []jen.Code) []jen.Code {
		var body []jen.Code
		values := jen.Dict{}
		if hasOutbox {
			body = append(body, jen.Id("outbox").Op(":=").Qual(pkg, "NewOutbox").Call(db...))
			values[jen.Id("relay")] = jen.Id("outbox")
		}
		if consumes {
			values[jen.Id("inbox")] = jen.Qual(pkg, "NewInbox").Call(db...)
		}
		for _, a := range s.c.Aggregates {
			values[jen.Id(field(a.Base())+"Repo")] = jen.Qual(pkg, "New"+repoType(a)).Call(append(db, jen.Id("outbox"))...)
		}
		for _, r := range s.c.ReadModels {
			values[jen.Id(field(r.Base())+"Store")] = jen.Qual(pkg, "New"+storeType(r)).Call(db...)
		}
		return append(body, jen.Return(jen.Id("adapters").Values(values)))
	}
	doc(f, "memoryAdapters keeps the service's data in memory: nothing survives a restart.")
	f.Func().Id("memoryAdapters").Params().Id("adapters").Block(build(s.memoryPkg(), nil)...)
	f.Line()
	doc(f, "sqlAdapters keeps the service's data in db: an aggregate's state and its events are written in one transaction, and a handled event's id in the transaction of its effect.")
	f.Func().Id("sqlAdapters").Params(jen.Id("db").Op("*").Qual(s.sqlPkg(), "DB")).Id("adapters").Block(build(s.sqlPkg(), []jen.Code{jen.Id("db")})...)
	s.add("internal/service/adapters_gen.go", genfile.Generated, f)
}
