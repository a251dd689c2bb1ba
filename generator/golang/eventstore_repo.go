package golang

import (
	"fmt"

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
	// params are the constructor's parameters in the file g, args the
	// store's arguments before its options.
	params func(g *goSource) string
	args   string
	// addOutbox are the lines that write msgs to the outbox within the
	// append.
	addOutbox []string
	// wake tells the relay, after a successful append, that events wait.
	wake bool
}

// memoryEventRepository emits the in-memory repository of an event-sourced
// aggregate.
func (s *service) memoryEventRepository(a *model.Aggregate) {
	s.eventRepository(a, esRepo{
		pkg: s.memoryPkg(), name: "memory", dir: "internal/adapters/memory/", kind: "Memory",
		what: "in memory, and queues them in the outbox",
		params: func(g *goSource) string {
			return "outbox *" + g.q(s.outboxPkg(), "Memory")
		},
		addOutbox: []string{"r.outbox.AddTx(ctx, msgs...)", "return nil"},
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
		what: "in the database, and writes them to the outbox in the same transaction",
		params: func(g *goSource) string {
			return "db *" + g.q(s.databasePkg(), "DB") + ", outbox *" + g.q(s.outboxPkg(), "SQL")
		},
		args:      "db, ",
		addOutbox: []string{"return r.outbox.Add(ctx, msgs)"},
		wake:      true,
	})
}

// streamID is the stream id of an aggregate's id held by v.
func streamID(a *model.Aggregate, v string) string {
	if a.IDType == model.String {
		return v
	}
	return v + ".String()"
}

// eventRepository emits a repository of an event-sourced aggregate: its
// type, constructor and Load, which rebuilds the state from its stream, and
// Save.
func (s *service) eventRepository(a *model.Aggregate, k esRepo) {
	ap, es, msg := s.aggregatePkg(a), s.eventstorePkg(), s.messagingPkg()
	g := s.newSource(k.pkg, k.name, genfile.Generated)
	g.importName(s.domainPkg(), "domain")
	g.importName(msg, "messaging")
	g.importName(s.outboxPkg(), "outbox")
	g.importName(es, "eventstore")
	g.importName(ap, aggregatePkgName(a))
	typ := repoType(a)
	state := g.q(ap, a.Ident())
	g.comment("%s keeps each %s as its events, %s.", typ, a.Ident(), k.what)
	g.structType(typ, [][]string{{"events", "*" + g.q(es, k.kind)}, {"outbox", "*" + g.q(s.outboxPkg(), k.kind)}})
	g.line("")
	g.comment("New%s returns the repository of %ss, writing events to outbox; it snapshots the state every SNAPSHOT_EVERY events (none when unset).", typ, a.Ident())
	g.line("func New%s(%s) *%s {", typ, k.params(g), typ)
	g.literal("return &"+typ, []keyValue{
		{"events", fmt.Sprintf("%s(%s%s.WithEnv())", g.q(es, "New"+k.kind), k.args, g.q(msg, streamVar(a)))},
		{"outbox", "outbox"},
	}, "")
	g.line("}")
	g.line("")
	g.comment("Load rebuilds the %s with the id from its events, or returns domain.ErrNotFound.", a.Name)
	g.line("func (r *%s) Load(ctx %s, id %s) (*%s, error) {", typ, g.q("context", "Context"), idTypeName(g, a), state)
	g.line("stream, err := r.events.Load(ctx, %s)", streamID(a, "id"))
	g.line("if err != nil {")
	g.line("return nil, err")
	g.line("}")
	g.line("if stream.Empty() {")
	g.line("return nil, %s", g.q(s.domainPkg(), "ErrNotFound"))
	g.line("}")
	g.line("var state %s", state)
	g.line("if err := %s(stream, &state, %s, state.Apply); err != nil {", g.q(es, "Rebuild"), g.q(msg, eventFunc(a)))
	g.line("return nil, err")
	g.line("}")
	g.line("return &state, nil")
	g.line("}")
	g.line("")
	s.eventSave(g, a, k)
	s.addSource(k.dir+names.Snake(a.Base())+"_repository_gen.go", g)
}

// eventSave writes the Save of an event-sourced aggregate's repository,
// which appends the new events to the stream and their messages to the
// outbox at once.
func (s *service) eventSave(g *goSource, a *model.Aggregate, k esRepo) {
	es, msg := s.eventstorePkg(), s.messagingPkg()
	g.comment("Save appends the %s's new events to its stream, and their messages to the outbox, at once, if the stream is still at the expected version (0 for a new one), else returns domain.ErrConflict. Within a transaction in ctx it joins that one.", a.Name)
	s.saveHead(g, a)
	g.line("records, err := %s(events)", g.q(msg, recordsFunc(a)))
	g.line("if err != nil {")
	g.line("return err")
	g.line("}")
	g.line("err = r.events.Append(ctx, %s, expected, records, state, func(ctx %s) error {", streamID(a, "state."+fieldIdent(a.ID)), g.q("context", "Context"))
	for _, l := range k.addOutbox {
		g.line("%s", l)
	}
	g.line("})")
	g.line("if %s(err, %s) {", g.q("errors", "Is"), g.q(es, "ErrConflict"))
	g.line("return %s", g.q(s.domainPkg(), "ErrConflict"))
	g.line("}")
	if k.wake {
		g.line("if err == nil {")
		g.line("r.outbox.Wake()")
		g.line("}")
	}
	g.line("return err")
	g.line("}")
}
