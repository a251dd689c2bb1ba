package golang

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

// esRepo is what differs between an event-sourced aggregate's repositories
// in memory and in SQL.
type esRepo struct {
	// pkg, name and dir are the adapter's package path, name and folder.
	pkg, name, dir string
	// kind is the runtime's store and outbox type: Memory or SQL.
	kind string
	// what says where the events are kept, for the type's doc.
	what string
	// params are the constructor's parameters, args the store's arguments
	// before its options.
	params, args []jen.Code
	// addOutbox writes msgs to the outbox within the append.
	addOutbox []jen.Code
	// wake tells the relay, after a successful append, that events wait.
	wake bool
}

// memoryEventRepository emits the in-memory repository of an event-sourced
// aggregate.
func (s *service) memoryEventRepository(a *model.Aggregate) {
	s.eventRepository(a, esRepo{
		pkg: s.memoryPkg(), name: "memory", dir: "internal/adapters/memory/", kind: "Memory",
		what:      "in memory, and queues them in the outbox",
		params:    []jen.Code{jen.Id("outbox").Op("*").Qual(s.outboxPkg(), "Memory")},
		addOutbox: []jen.Code{jen.Id("r").Dot("outbox").Dot("AddTx").Call(jen.Id("ctx"), jen.Id("msgs").Op("...")), jen.Return(jen.Nil())},
	})
	s.upcastLoadTest(a)
}

// sqlEventRepository emits the SQL repository of an event-sourced
// aggregate.
func (s *service) sqlEventRepository(a *model.Aggregate) {
	if name := "eventstorm_snapshots_" + s.aggregateTable(a).name; len(name) > maxSQLName {
		s.fail(fmt.Errorf("context %q: the table %q of the events of %s is longer than %d bytes; give the aggregate a shorter name or code", s.c.Name, name, a.Name, maxSQLName))
	}
	s.eventRepository(a, esRepo{
		pkg: s.sqlPkg(), name: "sqldb", dir: "internal/adapters/sqldb/", kind: "SQL",
		what:      "in the database, and writes them to the outbox in the same transaction",
		params:    []jen.Code{jen.Id("db").Op("*").Qual(s.databasePkg(), "DB"), jen.Id("outbox").Op("*").Qual(s.outboxPkg(), "SQL")},
		args:      []jen.Code{jen.Id("db")},
		addOutbox: []jen.Code{jen.Return(jen.Id("r").Dot("outbox").Dot("Add").Call(jen.Id("ctx"), jen.Id("msgs")))},
		wake:      true,
	})
}

// streamID is the stream id of an aggregate's id held by v.
func streamID(a *model.Aggregate, v *jen.Statement) jen.Code {
	if a.IDType == model.String {
		return v
	}
	return v.Dot("String").Call()
}

// eventRepository emits a repository of an event-sourced aggregate: Load
// rebuilds the state from its stream, Save appends the new events, with
// their messages written to the outbox in the same transaction.
func (s *service) eventRepository(a *model.Aggregate, k esRepo) {
	ap, es, msg := s.aggregatePkg(a), s.eventstorePkg(), s.messagingPkg()
	f := newFile(k.pkg, k.name, genfile.Generated)
	f.ImportName(s.domainPkg(), "domain")
	f.ImportName(msg, "messaging")
	f.ImportName(s.outboxPkg(), "outbox")
	f.ImportName(es, "eventstore")
	f.ImportName(ap, aggregatePkgName(a))
	typ := repoType(a)
	state := jen.Qual(ap, a.Ident())
	doc(f, "%s keeps each %s as its events, %s.", typ, a.Ident(), k.what)
	f.Type().Id(typ).Struct(
		jen.Id("events").Op("*").Qual(es, k.kind),
		jen.Id("outbox").Op("*").Qual(s.outboxPkg(), k.kind),
	)
	f.Line()
	doc(f, "New%s returns the repository of %ss, writing events to outbox; it snapshots the state every SNAPSHOT_EVERY events (none when unset).", typ, a.Ident())
	f.Func().Id("New" + typ).Params(k.params...).Op("*").Id(typ).Block(
		jen.Return(jen.Op("&").Id(typ).Add(lit(
			kv("events", jen.Qual(es, "New"+k.kind).Call(append(k.args, jen.Qual(msg, streamVar(a)).Dot("WithEnv").Call())...)),
			kv("outbox", jen.Id("outbox")),
		))),
	)
	f.Line()
	doc(f, "Load rebuilds the %s with the id from its events, or returns domain.ErrNotFound.", a.Name)
	f.Func().Params(jen.Id("r").Op("*").Id(typ)).Id("Load").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("id").Add(idGoType(a))).Params(jen.Op("*").Add(state), jen.Error()).Block(
		jen.List(jen.Id("stream"), jen.Err()).Op(":=").Id("r").Dot("events").Dot("Load").Call(jen.Id("ctx"), streamID(a, jen.Id("id"))),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.If(jen.Id("stream").Dot("Empty").Call()).Block(jen.Return(jen.Nil(), jen.Qual(s.domainPkg(), "ErrNotFound"))),
		jen.Var().Id("state").Add(state),
		jen.If(jen.Err().Op(":=").Qual(es, "Rebuild").Call(jen.Id("stream"), jen.Op("&").Id("state"), jen.Qual(msg, eventFunc(a)), jen.Id("state").Dot("Apply")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Err()),
		),
		jen.Return(jen.Op("&").Id("state"), jen.Nil()),
	)
	f.Line()
	after := []jen.Code{
		jen.If(jen.Qual("errors", "Is").Call(jen.Err(), jen.Qual(es, "ErrConflict"))).Block(jen.Return(jen.Qual(s.domainPkg(), "ErrConflict"))),
	}
	if k.wake {
		after = append(after, jen.If(jen.Err().Op("==").Nil()).Block(jen.Id("r").Dot("outbox").Dot("Wake").Call()))
	}
	doc(f, "Save appends the %s's new events to its stream, and their messages to the outbox, at once, if the stream is still at the expected version (0 for a new one), else returns domain.ErrConflict. Within a transaction in ctx it joins that one.", a.Name)
	f.Func().Params(jen.Id("r").Op("*").Id(typ)).Id("Save").Params(saveParams(ap, a, "ctx")...).Params(errResult()).Block(s.traced("save "+a.Name, append([]jen.Code{
		jen.List(jen.Id("msgs"), jen.Err()).Op(":=").Qual(msg, fromAllFunc(a)).Call(jen.Id("events")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.List(jen.Id("records"), jen.Err()).Op(":=").Qual(msg, recordsFunc(a)).Call(jen.Id("events")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Err().Op("=").Id("r").Dot("events").Dot("Append").Call(jen.Id("ctx"), streamID(a, jen.Id("state").Dot(fieldIdent(a.ID))), jen.Id("expected"), jen.Id("records"), jen.Id("state"),
			jen.Func().Params(jen.Id("ctx").Qual("context", "Context")).Error().Block(k.addOutbox...)),
	}, append(after, jen.Return(jen.Err()))...))...)
	s.add(k.dir+names.Snake(a.Base())+"_repository_gen.go", genfile.Generated, f)
}
