package golang

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

func (s *service) memoryPkg() string { return s.pkg("internal/adapters/memory") }

func (s *service) memoryFile() *jen.File {
	f := newFile(s.memoryPkg(), "memory", genfile.Generated)
	f.ImportName(s.domainPkg(), "domain")
	f.ImportName(s.messagingPkg(), "messaging")
	f.ImportName(s.outboxPkg(), "outbox")
	return f
}

// memory emits the in-memory adapters, with which a service runs alone
// with no infrastructure: repositories writing the runtime's in-memory
// outbox, and read-model stores.
func (s *service) memory() {
	if len(s.c.Aggregates)+len(s.c.ReadModels) == 0 {
		return
	}
	f := newFile(s.memoryPkg(), "memory", genfile.Generated)
	pkgDoc(f, "Package memory holds the in-memory adapters of the %s context, with which the service runs alone: nothing survives a restart.", s.c.Name)
	s.add("internal/adapters/memory/doc_gen.go", genfile.Generated, f)
	for _, a := range s.c.Aggregates {
		s.memoryRepository(a)
	}
	for _, r := range s.c.ReadModels {
		s.memoryStore(r)
	}
}

func (s *service) memoryRepository(a *model.Aggregate) {
	if a.EventSourced() {
		if len(a.Events) == 0 {
			s.fail(fmt.Errorf("context %q: the aggregate %s is stored as its events (store: events) but has none; give it events or store its state", s.c.Name, a.Name))
			return
		}
		s.streamCodec(a)
		s.memoryEventRepository(a)
		return
	}
	ap := s.aggregatePkg(a)
	f := s.memoryFile()
	f.ImportName(ap, aggregatePkgName(a))
	f.ImportName(s.memdbPkg(), "memdb")
	typ := repoType(a)
	id := fieldIdent(a.ID)
	idType := idGoType(a)
	state := jen.Qual(ap, a.Ident())
	doc(f, "%s keeps %ss in memory, and their events in the outbox.", typ, a.Ident())
	f.Type().Id(typ).Struct(
		jen.Id("states").Op("*").Qual(s.memdbPkg(), "Table").Types(idType, state),
		jen.Id("outbox").Op("*").Qual(s.outboxPkg(), "Memory"),
	)
	f.Line()
	doc(f, "New%s returns an empty repository writing events to outbox.", typ)
	f.Func().Id("New" + typ).Params(jen.Id("outbox").Op("*").Qual(s.outboxPkg(), "Memory")).Op("*").Id(typ).Block(
		jen.Return(jen.Op("&").Id(typ).Add(multiline(
			kv("states", jen.Qual(s.memdbPkg(), "NewTable").Types(idType, state).Call(jen.Nil())),
			kv("outbox", jen.Id("outbox")),
		))),
	)
	f.Line()
	doc(f, "Load returns a copy of the %s with the id, or domain.ErrNotFound.", a.Name)
	f.Func().Params(jen.Id("r").Op("*").Id(typ)).Id("Load").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("id").Add(idType)).Params(jen.Op("*").Add(state), jen.Error()).Block(
		jen.List(jen.Id("state"), jen.Id("ok")).Op(":=").Id("r").Dot("states").Dot("Get").Call(jen.Id("ctx"), jen.Id("id")),
		jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Nil(), jen.Qual(s.domainPkg(), "ErrNotFound"))),
		jen.Return(jen.Op("&").Id("state"), jen.Nil()),
	)
	f.Line()
	doc(f, "Save stores the %s and queues its events, at once, if the stored version is still expected, else returns domain.ErrConflict. In a transaction of the context (a consumed event's, see memdb.InTx) both are stored when it commits.", a.Name)
	f.Func().Params(jen.Id("r").Op("*").Id(typ)).Id("Save").Params(saveParams(ap, a, "ctx")...).Params(errResult()).Block(s.traced("save "+a.Name, []jen.Code{
		jen.List(jen.Id("msgs"), jen.Err()).Op(":=").Qual(s.messagingPkg(), fromAllFunc(a)).Call(jen.Id("events")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Return(jen.Id("r").Dot("states").Dot("Update").Call(jen.Id("ctx"), jen.Id("state").Dot(id), jen.Func().Params(jen.Id("stored").Add(state), jen.Id("ok").Bool()).Params(state, jen.Error()).Block(
			jen.If(jen.Id("ok").Op("&&").Id("stored").Dot("Version").Op("!=").Id("expected").Op("||").Op("!").Id("ok").Op("&&").Id("expected").Op("!=").Lit(0)).Block(
				jen.Return(jen.Id("stored"), jen.Qual(s.domainPkg(), "ErrConflict")),
			),
			jen.Id("r").Dot("outbox").Dot("AddTx").Call(jen.Id("ctx"), jen.Id("msgs").Op("...")),
			jen.Return(jen.Op("*").Id("state"), jen.Nil()),
		))),
	})...)
	s.add("internal/adapters/memory/"+names.Snake(a.Base())+"_repository_gen.go", genfile.Generated, f)
}
