package golang

import (
	"fmt"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

func (s *service) memoryPkg() string { return s.pkg("internal/adapters/memory") }

// memory emits the in-memory adapters, with which a service runs alone
// with no infrastructure: repositories writing the runtime's in-memory
// outbox, and read-model stores.
func (s *service) memory() {
	if len(s.c.Aggregates)+len(s.c.ReadModels) == 0 {
		return
	}
	g := s.newSource(s.memoryPkg(), "memory", genfile.Generated)
	g.packageDoc("Package memory holds the in-memory adapters of the %s context, with which the service runs alone: nothing survives a restart.", s.c.Name)
	s.addSource("internal/adapters/memory/doc_gen.go", g)
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
	s.memoryStateRepository(a)
}

// memoryStateRepository writes the in-memory repository of an aggregate
// stored as its state: its type, constructor, Load and Save.
func (s *service) memoryStateRepository(a *model.Aggregate) {
	ap := s.aggregatePkg(a)
	g := s.newSource(s.memoryPkg(), "memory", genfile.Generated)
	g.importName(s.domainPkg(), "domain")
	g.importName(s.messagingPkg(), "messaging")
	g.importName(s.outboxPkg(), "outbox")
	g.importName(ap, aggregatePkgName(a))
	g.importName(s.memdbPkg(), "memdb")
	typ := repoType(a)
	table := func(name string) string { // memdb's Table or NewTable of the states
		return fmt.Sprintf("%s[%s, %s]", g.q(s.memdbPkg(), name), idTypeName(g, a), g.q(ap, a.Ident()))
	}
	g.comment("%s keeps %ss in memory, and their events in the outbox.", typ, a.Ident())
	g.structType(typ, [][]string{{"states", "*" + table("Table")}, {"outbox", "*" + g.q(s.outboxPkg(), "Memory")}})
	g.line("")
	g.comment("New%s returns an empty repository writing events to outbox.", typ)
	g.line("func New%s(outbox *%s) *%s {", typ, g.q(s.outboxPkg(), "Memory"), typ)
	g.line("return &%s{", typ)
	g.keyed([]keyValue{
		{"states", table("NewTable") + "(nil)"},
		{"outbox", "outbox"},
	})
	g.line("}")
	g.line("}")
	g.line("")
	g.comment("Load returns a copy of the %s with the id, or domain.ErrNotFound.", a.Name)
	g.line("func (r *%s) Load(ctx %s, id %s) (*%s, error) {", typ, g.q("context", "Context"), idTypeName(g, a), g.q(ap, a.Ident()))
	g.line("state, ok := r.states.Get(ctx, id)")
	g.line("if !ok {")
	g.line("return nil, %s", g.q(s.domainPkg(), "ErrNotFound"))
	g.line("}")
	g.line("return &state, nil")
	g.line("}")
	g.line("")
	s.memorySave(g, a)
	s.addSource("internal/adapters/memory/"+names.Snake(a.Base())+"_repository_gen.go", g)
}

// memorySave writes the Save of an aggregate's in-memory repository,
// which stores the state and queues its events in one update.
func (s *service) memorySave(g *goSource, a *model.Aggregate) {
	ap := s.aggregatePkg(a)
	state := g.q(ap, a.Ident())
	g.comment("Save stores the %s and queues its events, at once, if the stored version is still expected, else returns domain.ErrConflict. In a transaction of the context (a consumed event's, see memdb.InTx) both are stored when it commits.", a.Name)
	s.saveHead(g, a)
	g.line("return r.states.Update(ctx, state.%s, func(stored %s, ok bool) (%s, error) {", fieldIdent(a.ID), state, state)
	g.line("if ok && stored.Version != expected || !ok && expected != 0 {")
	g.line("return stored, %s", g.q(s.domainPkg(), "ErrConflict"))
	g.line("}")
	g.line("r.outbox.AddTx(ctx, msgs...)")
	g.line("return *state, nil")
	g.line("})")
	g.line("}")
}
