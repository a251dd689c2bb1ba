package golang

import (
	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

func (s *service) memoryPkg() string { return s.pkg("internal/adapters/memory") }

func (s *service) memoryFile() *jen.File {
	f := newFile(s.memoryPkg(), "memory", genfile.Generated)
	f.ImportName(s.domainPkg(), "domain")
	f.ImportName(s.messagePkg(), "message")
	return f
}

// memory emits the in-memory adapters, with which a service runs alone
// with no infrastructure: repositories with their outbox, and read-model
// stores.
func (s *service) memory() {
	if len(s.c.Aggregates) > 0 {
		s.memoryOutbox()
	}
	for _, a := range s.c.Aggregates {
		s.memoryRepository(a)
	}
	for _, r := range s.c.ReadModels {
		s.memoryStore(r)
	}
	if len(s.consumed()) > 0 {
		s.memoryInbox()
	}
}

// memoryInbox emits the inbox of handled event ids. In memory it lasts as
// long as the process, like the state the events changed.
func (s *service) memoryInbox() {
	f := s.memoryFile()
	doc(f, "Inbox keeps the ids of the events the service handled, so that one redelivered after its effect was stored is skipped. It lives as long as the stores it guards.")
	f.Type().Id("Inbox").Struct(
		jen.Id("mu").Qual("sync", "Mutex"),
		jen.Id("ids").Map(jen.String()).Struct(),
	)
	f.Line()
	doc(f, "NewInbox returns an empty inbox.")
	f.Func().Id("NewInbox").Params().Op("*").Id("Inbox").Block(
		jen.Return(jen.Op("&").Id("Inbox").Values(kv("ids", jen.Map(jen.String()).Struct().Values()))),
	)
	f.Line()
	doc(f, "Handle runs fn, the handling of the event with the id, unless the id was handled before, and records the id if fn succeeds; it reports whether fn ran and succeeded. Events are handled one at a time.")
	f.Func().Params(jen.Id("in").Op("*").Id("Inbox")).Id("Handle").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("id").String(), jen.Id("fn").Func().Params(jen.Id("ctx").Qual("context", "Context")).Error()).Params(jen.Bool(), jen.Error()).Block(
		jen.Id("in").Dot("mu").Dot("Lock").Call(),
		jen.Defer().Id("in").Dot("mu").Dot("Unlock").Call(),
		jen.If(jen.List(jen.Id("_"), jen.Id("ok")).Op(":=").Id("in").Dot("ids").Index(jen.Id("id")), jen.Id("ok")).Block(jen.Return(jen.False(), jen.Nil())),
		jen.If(jen.Err().Op(":=").Id("fn").Call(jen.Id("ctx")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.False(), jen.Err())),
		jen.Id("in").Dot("ids").Index(jen.Id("id")).Op("=").Struct().Values(),
		jen.Return(jen.True(), jen.Nil()),
	)
	f.Line()
	doc(f, "Batch runs fn. In memory nothing can be undone: the events fn handled before it failed stay handled, and are skipped when they come again.")
	f.Func().Params(jen.Id("in").Op("*").Id("Inbox")).Id("Batch").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("fn").Func().Params(jen.Id("ctx").Qual("context", "Context")).Error()).Error().Block(
		jen.Return(jen.Id("fn").Call(jen.Id("ctx"))),
	)
	s.add("internal/adapters/memory/inbox_gen.go", genfile.Generated, f)
}

func (s *service) memoryOutbox() {
	f := s.memoryFile()
	pkgDoc(f, "Package memory holds the in-memory adapters of the %s context, with which the service runs alone: nothing survives a restart.", s.c.Name)
	doc(f, "Outbox keeps the messages of recorded events until the relay has published them; repositories add to it in the same critical section as the state they save.")
	f.Type().Id("Outbox").Struct(
		jen.Id("mu").Qual("sync", "Mutex"),
		jen.Id("pending").Index().Qual(s.messagePkg(), "Message"),
		jen.Id("ready").Chan().Struct(),
	)
	f.Line()
	doc(f, "NewOutbox returns an empty outbox.")
	f.Func().Id("NewOutbox").Params().Op("*").Id("Outbox").Block(
		jen.Return(jen.Op("&").Id("Outbox").Values(kv("ready", jen.Make(jen.Chan().Struct(), jen.Lit(1))))),
	)
	f.Line()
	doc(f, "add appends messages and wakes the relay. The caller holds its repository's lock, so state and messages change together.")
	f.Func().Params(jen.Id("o").Op("*").Id("Outbox")).Id("add").Params(jen.Id("msgs").Op("...").Qual(s.messagePkg(), "Message")).Block(
		jen.Id("o").Dot("mu").Dot("Lock").Call(),
		jen.Id("o").Dot("pending").Op("=").Append(jen.Id("o").Dot("pending"), jen.Id("msgs").Op("...")),
		jen.Id("o").Dot("mu").Dot("Unlock").Call(),
		jen.Select().Block(
			jen.Case(jen.Id("o").Dot("ready").Op("<-").Struct().Values()),
			jen.Default(),
		),
	)
	f.Line()
	doc(f, "Relay publishes the outbox's pending messages, all that are pending at once, until ctx is done. When a publication fails the messages stay in the outbox and are sent again after a pause, so none is lost or reordered.")
	f.Func().Params(jen.Id("o").Op("*").Id("Outbox")).Id("Relay").Params(
		jen.Id("ctx").Qual("context", "Context"),
		jen.Id("publish").Qual(s.messagePkg(), "Publisher"),
		jen.Id("logger").Op("*").Qual("log/slog", "Logger"),
	).Block(
		jen.For().Block(
			jen.Id("o").Dot("mu").Dot("Lock").Call(),
			jen.Id("batch").Op(":=").Id("o").Dot("pending"),
			jen.Id("o").Dot("mu").Dot("Unlock").Call(),
			jen.If(jen.Len(jen.Id("batch")).Op(">").Lit(0)).Block(
				jen.If(jen.Err().Op(":=").Id("publish").Call(jen.Id("ctx"), jen.Id("batch")), jen.Err().Op("!=").Nil()).Block(
					jen.Id("logger").Dot("Error").Call(jen.Lit("publish failed; will retry"), jen.Lit("messages"), jen.Len(jen.Id("batch")), jen.Lit("error"), jen.Err()),
					jen.Select().Block(
						jen.Case(jen.Op("<-").Id("ctx").Dot("Done").Call()).Block(jen.Return()),
						jen.Case(jen.Op("<-").Qual("time", "After").Call(jen.Qual("time", "Second"))),
					),
					jen.Continue(),
				),
				jen.Comment("Messages added meanwhile stay pending, after the ones sent."),
				jen.Id("o").Dot("mu").Dot("Lock").Call(),
				jen.Id("o").Dot("pending").Op("=").Id("o").Dot("pending").Index(jen.Len(jen.Id("batch")).Op(":")),
				jen.Id("o").Dot("mu").Dot("Unlock").Call(),
			),
			jen.Select().Block(
				jen.Case(jen.Op("<-").Id("ctx").Dot("Done").Call()).Block(jen.Return()),
				jen.Case(jen.Op("<-").Id("o").Dot("ready")),
			),
		),
	)
	s.add("internal/adapters/memory/outbox_gen.go", genfile.Generated, f)
}

func (s *service) memoryRepository(a *model.Aggregate) {
	ap := s.aggregatePkg(a)
	f := s.memoryFile()
	f.ImportName(ap, aggregatePkgName(a))
	typ := repoType(a)
	id := fieldIdent(a.ID)
	idType := idGoType(a)
	doc(f, "%s keeps %ss in memory, and their events in the outbox.", typ, a.Ident())
	f.Type().Id(typ).Struct(
		jen.Id("mu").Qual("sync", "Mutex"),
		jen.Id("states").Map(idType).Qual(ap, a.Ident()),
		jen.Id("outbox").Op("*").Id("Outbox"),
	)
	f.Line()
	doc(f, "New%s returns an empty repository writing events to outbox.", typ)
	f.Func().Id("New" + typ).Params(jen.Id("outbox").Op("*").Id("Outbox")).Op("*").Id(typ).Block(
		jen.Return(jen.Op("&").Id(typ).Values(
			kv("states", jen.Map(idType).Qual(ap, a.Ident()).Values()),
			kv("outbox", jen.Id("outbox")),
		)),
	)
	f.Line()
	doc(f, "Load returns a copy of the %s with the id, or domain.ErrNotFound.", a.Name)
	f.Func().Params(jen.Id("r").Op("*").Id(typ)).Id("Load").Params(jen.Id("_").Qual("context", "Context"), jen.Id("id").Add(idType)).Params(jen.Op("*").Qual(ap, a.Ident()), jen.Error()).Block(
		jen.Id("r").Dot("mu").Dot("Lock").Call(),
		jen.Defer().Id("r").Dot("mu").Dot("Unlock").Call(),
		jen.List(jen.Id("state"), jen.Id("ok")).Op(":=").Id("r").Dot("states").Index(jen.Id("id")),
		jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Nil(), jen.Qual(s.domainPkg(), "ErrNotFound"))),
		jen.Return(jen.Op("&").Id("state"), jen.Nil()),
	)
	f.Line()
	doc(f, "Save stores the %s and queues its events if the stored version is still expected, else returns domain.ErrConflict.", a.Name)
	f.Func().Params(jen.Id("r").Op("*").Id(typ)).Id("Save").Params(saveParams(ap, a, "_")...).Error().Block(
		jen.List(jen.Id("msgs"), jen.Err()).Op(":=").Qual(s.messagePkg(), fromAllFunc(a)).Call(jen.Id("events")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Id("r").Dot("mu").Dot("Lock").Call(),
		jen.Defer().Id("r").Dot("mu").Dot("Unlock").Call(),
		jen.List(jen.Id("stored"), jen.Id("ok")).Op(":=").Id("r").Dot("states").Index(jen.Id("state").Dot(id)),
		jen.If(jen.Id("ok").Op("&&").Id("stored").Dot("Version").Op("!=").Id("expected").Op("||").Op("!").Id("ok").Op("&&").Id("expected").Op("!=").Lit(0)).Block(
			jen.Return(jen.Qual(s.domainPkg(), "ErrConflict")),
		),
		jen.Id("r").Dot("states").Index(jen.Id("state").Dot(id)).Op("=").Op("*").Id("state"),
		jen.Id("r").Dot("outbox").Dot("add").Call(jen.Id("msgs").Op("...")),
		jen.Return(jen.Nil()),
	)
	s.add("internal/adapters/memory/"+names.Snake(a.Base())+"_repository_gen.go", genfile.Generated, f)
}
