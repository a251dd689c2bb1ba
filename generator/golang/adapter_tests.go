package golang

import (
	"fmt"
	"strconv"

	"eventstorm/generator/genfile"
	"eventstorm/model"
)

// adapterContractTests writes internal/service/adapters_gen_test.go: one
// suite of tests of the outbound adapters — repositories with their outbox,
// read-model stores, inbox — run against the in-memory adapters and, when
// TEST_POSTGRES_URL and TEST_MYSQL_URL name servers, against PostgreSQL and
// MySQL in a database created for the test.
func (s *service) adapterContractTests() {
	if !s.x.Stores {
		return
	}
	g := s.newSource(s.servicePkg(), "service", genfile.Generated)
	g.importName(s.sqlPkg(), "sqldb")
	g.importName(s.domainPkg(), "domain")
	g.importName(s.messagePkg(), "message")
	g.importName(s.queryPkg(), "query")
	for _, a := range s.c.Aggregates {
		g.importName(s.aggregatePkg(a), aggregatePkgName(a))
	}
	s.eachBackendHelper(g)
	g.line("")
	for _, a := range s.c.Aggregates {
		s.repositoryContract(g, a)
	}
	for _, r := range s.c.ReadModels {
		s.storeContract(g, r)
	}
	if s.x.Reads {
		s.inboxContract(g)
	}
	s.addSource("internal/service/adapters_gen_test.go", g)
}

// eachBackendHelper writes eachBackend, which runs a test against the
// in-memory adapters, then against PostgreSQL and MySQL when the
// environment names servers.
func (s *service) eachBackendHelper(g *goSource) {
	g.comment("eachBackend runs test against the in-memory adapters, then against PostgreSQL and MySQL when TEST_POSTGRES_URL and TEST_MYSQL_URL name servers where the test may create a database (e.g. postgres://postgres@127.0.0.1:5432/postgres, mysql://root@127.0.0.1:3306/); db is nil in memory.")
	g.line("func eachBackend(t *%s, test func(t *%s, a adapters, db *%s)) {", g.q("testing", "T"), g.q("testing", "T"), g.q(s.databasePkg(), "DB"))
	g.line("%s(t, memoryAdapters, sqlAdapters, %s(), test)", g.q(s.platformPkg("adaptertest"), "Backends"), g.q(s.sqlPkg(), "Schema"))
	g.line("}")
}

// repositoryContract writes the contract test of an aggregate's
// repositories, then a blank line: the runtime's
// adaptertest.RepositoryContract, told how to make the aggregate's state
// and record its first event.
func (s *service) repositoryContract(g *goSource, a *model.Aggregate) {
	ap := s.aggregatePkg(a)
	name := "Test" + repoType(a) + "Contract"
	g.comment("%s checks that every %s keeps %ss alike: saved state reads back, a stale or concurrent save is domain.ErrConflict, and the events saved with the state are relayed once, in order, even by two replicas at once.", name, repoType(a), a.Ident())
	g.line("func %s(t *%s) {", name, g.q("testing", "T"))
	g.line("eachBackend(t, func(t *%s, a adapters, db *%s) {", g.q("testing", "T"), g.q(s.databasePkg(), "DB"))
	typ := fmt.Sprintf("%s[%s, %s, %s]", g.q(s.platformPkg("adaptertest"), "RepositoryContract"), idTypeName(g, a), g.q(ap, a.Ident()), g.q(ap, eventIface(a)))
	state := "*" + g.q(ap, a.Ident())
	newID, key := g.q(uuidPkg, "New"), []string{g.q(uuidPkg, "UUID") + ".String"}
	if a.IDType == model.String {
		newID = g.q(uuidPkg, "NewString")
		key = []string{"func(aggID string) string {", "return aggID", "}"}
	}
	items := []sampleItem{
		{"Name", []string{strconv.Quote(a.Name)}},
		{"Repo", []string{"a." + field(a.Base()) + "Repo"}},
		{"NewID", []string{newID}},
		{"New", []string{fmt.Sprintf("func(aggID %s) %s {", idTypeName(g, a), state), fmt.Sprintf("return &%s{%s: aggID}", g.q(ap, a.Ident()), fieldIdent(a.ID)), "}"}},
		{"Version", []string{fmt.Sprintf("func(aggState %s) *int64 {", state), "return &aggState.Version", "}"}},
	}
	db := "nil"
	if len(a.Events) > 0 {
		items = append(items,
			sampleItem{"Record", []string{
				fmt.Sprintf("func(aggState %s) (%s, string) {", state, g.q(ap, eventIface(a))),
				fmt.Sprintf("newEvent := &%s{}", g.q(ap, a.Events[0].Ident())),
				fmt.Sprintf("aggState.Record(%s{Now: func() %s {", g.q(s.domainPkg(), "Stamp"), g.q("time", "Time")),
				fmt.Sprintf("return %s().UTC().Truncate(%s)", g.q("time", "Now"), g.q("time", "Microsecond")),
				fmt.Sprintf("}, NewID: %s}, newEvent)", g.q(uuidPkg, "New")),
				"return newEvent, newEvent.EventID.String()",
				"}",
			}},
			sampleItem{"Relay", []string{"a.relay"}},
			sampleItem{"Key", key},
		)
		if a.EventSourced() {
			items = append(items, sampleItem{"EventSourced", []string{"true"}})
		}
		db = "db"
	}
	g.lines("", multiline(typ, items), ".Check(t, "+db+")")
	g.line("})")
	g.line("}")
	g.line("")
}

// storeContract writes the contract test of a read model's stores, then a
// blank line: the runtime's adaptertest.StoreContract, given keys in order
// and rows.
func (s *service) storeContract(g *goSource, r *model.ReadModel) {
	key := r.KeyField()
	if !s.hasKeySamples(key.Type) {
		return
	}
	name := "Test" + storeType(r) + "Contract"
	g.comment("%s checks that every %s keeps rows alike: put, replaced, read back, listed in key order a page at a time, and deleted.", name, storeType(r))
	g.line("func %s(t *%s) {", name, g.q("testing", "T"))
	g.line("eachBackend(t, func(t *%s, a adapters, _ *%s) {", g.q("testing", "T"), g.q(s.databasePkg(), "DB"))
	keyType := g.typeName(key.Type, s.domainType(g))
	row := g.q(s.queryPkg(), r.Ident())
	typ := fmt.Sprintf("%s[%s, %s]", g.q(s.platformPkg("adaptertest"), "StoreContract"), keyType, row)
	var keys []string
	for i, k := range s.keySamples(g, key.Type) {
		if i > 0 {
			keys = joinLines(keys, []string{", "}, k)
		} else {
			keys = k
		}
	}
	rowFunc := fmt.Sprintf("func(rowKey %s) %s {", keyType, row)
	sm := &sampler{s: s, nameOf: s.domainType(g), busy: map[*model.Type]bool{}}
	full := append([]string{rowFunc}, joinLines([]string{"fullRow := "}, sm.fields(g, row, r.Fields, nil))...)
	full = append(full, "fullRow."+key.Ident()+" = rowKey", "return fullRow", "}")
	items := []sampleItem{
		{"Store", []string{"a." + field(r.Base()) + "Store"}},
		{"Keys", joinLines([]string{"[]" + keyType + "{"}, keys, []string{"}"})},
		{"Empty", []string{rowFunc, fmt.Sprintf("return %s{%s: rowKey}", row, key.Ident()), "}"}},
		{"Full", full},
		{"Key", []string{fmt.Sprintf("func(aRow %s) %s {", row, keyType), "return aRow." + key.Ident(), "}"}},
	}
	g.lines("", multiline(typ, items), ".Check(t)")
	g.line("})")
	g.line("}")
	g.line("")
}

// hasKeySamples reports whether keySamples has keys of a key type t,
// without importing their packages into a file yet.
func (s *service) hasKeySamples(t *model.TypeRef) bool {
	return len(s.keySamples(s.newSource("", "", genfile.Generated), t)) > 0
}

// inboxHandle is the call of the inbox's Handle of the event id with the
// handler fn.
func inboxHandle(id, fn string) string {
	return fmt.Sprintf("a.inbox.Handle(ctx, %s, %s)", strconv.Quote(id), fn)
}

// inboxExpect writes the check that handling the event id with fn reports
// handled, fails with wantErr (none when empty) and leaves calls at calls.
func inboxExpect(g *goSource, id, fn string, handled bool, wantErr string, calls int) {
	errCheck := "err != nil"
	if wantErr != "" {
		errCheck = fmt.Sprintf("!%s(err, %s)", g.q("errors", "Is"), wantErr)
	}
	g.line("if handled, err := %s; handled != %t || %s || calls != %d {", inboxHandle(id, fn), handled, errCheck, calls)
	g.line("t.Errorf(%s, handled, err, calls)", strconv.Quote(fmt.Sprintf("Handle(%s) = %%t, %%v after %%d calls; want %t after %d", id, handled, calls)))
	g.line("}")
}

// inboxContract writes TestInboxContract, then a blank line: every inbox
// runs a handler once per event id, records nothing when it fails, and
// rolls back its writes with it.
func (s *service) inboxContract(g *goSource) {
	g.comment("TestInboxContract checks that every inbox, in memory as in a database, runs a handler once per event id, records nothing when the handler fails, and rolls back the failed handler's writes with it (read-model rows, aggregates and their events), and a failed batch whole.")
	g.line("func TestInboxContract(t *%s) {", g.q("testing", "T"))
	g.line("eachBackend(t, func(t *%s, a adapters, db *%s) {", g.q("testing", "T"), g.q(s.databasePkg(), "DB"))
	g.line("ctx := %s()", g.q("context", "Background"))
	g.line("calls := 0")
	g.line("count := func(%s) error {", g.q("context", "Context"))
	g.line("calls++")
	g.line("return nil")
	g.line("}")
	g.line("failure := %s(%s)", g.q("errors", "New"), strconv.Quote("handler failed"))
	g.line("fail := func(%s) error {", g.q("context", "Context"))
	g.line("return failure")
	g.line("}")
	inboxExpect(g, "event-1", "count", true, "", 1)
	g.text("// Redelivered: skipped.")
	inboxExpect(g, "event-1", "count", false, "", 1)
	g.text("// Failed: not recorded, so handled when it comes again.")
	inboxExpect(g, "event-2", "fail", false, "failure", 1)
	inboxExpect(g, "event-2", "count", true, "", 2)
	g.text("// A failed batch stores nothing: its events are handled when they come again.")
	g.line("if err := a.inbox.Batch(ctx, func(ctx %s) error {", g.q("context", "Context"))
	g.line("if _, err := %s; err != nil {", inboxHandle("event-3", "count"))
	g.line("return err")
	g.line("}")
	g.line("_, err := %s", inboxHandle("event-4", "fail"))
	g.line("return err")
	g.line("}); !%s(err, failure) {", g.q("errors", "Is"))
	g.line("t.Errorf(%s, err)", strconv.Quote("Batch: %v, want the handler's error"))
	g.line("}")
	inboxExpect(g, "event-3", "count", true, "", 4)
	s.inboxRollsBackRows(g)
	s.inboxRollsBackSaves(g)
	g.line("})")
	g.line("}")
	g.line("")
}

// inboxRollsBackRows writes the check that a read-model row written by a
// failed handler, or in a failed batch, is not kept.
func (s *service) inboxRollsBackRows(g *goSource) {
	if len(s.c.ReadModels) == 0 {
		return
	}
	r := s.c.ReadModels[0]
	if !s.hasKeySamples(r.KeyField().Type) {
		return
	}
	store := "a." + field(r.Base()) + "Store"
	notKept := func(what string) {
		g.line("if _, err := %s.Get(ctx, key); !%s(err, %s) {", store, g.q("errors", "Is"), g.q(s.domainPkg(), "ErrNotFound"))
		g.line("t.Errorf(%s, err)", strconv.Quote(what+" was kept: %v"))
		g.line("}")
	}
	g.text("// A failed handler's row is rolled back with it, and a failed batch's whole.")
	g.lines("key := ", s.keySamples(g, r.KeyField().Type)[0], "")
	g.line("put := func(ctx %s) error {", g.q("context", "Context"))
	g.line("return %s.Put(ctx, %s{%s: key})", store, g.q(s.queryPkg(), r.Ident()), r.KeyField().Ident())
	g.line("}")
	g.line("_, err := a.inbox.Handle(ctx, %s, func(ctx %s) error {", strconv.Quote("event-5"), g.q("context", "Context"))
	g.line("if err := put(ctx); err != nil {")
	g.line("return err")
	g.line("}")
	g.line("return failure")
	g.line("})")
	g.line("if !%s(err, failure) {", g.q("errors", "Is"))
	g.line("t.Fatalf(%s, err)", strconv.Quote("Handle: %v, want the handler's error"))
	g.line("}")
	notKept("the failed handler's row")
	g.line("err = a.inbox.Batch(ctx, func(ctx %s) error {", g.q("context", "Context"))
	g.line("if _, err := %s; err != nil {", inboxHandle("event-6", "put"))
	g.line("return err")
	g.line("}")
	g.line("_, err := %s", inboxHandle("event-7", "fail"))
	g.line("return err")
	g.line("})")
	g.line("if !%s(err, failure) {", g.q("errors", "Is"))
	g.line("t.Fatalf(%s, err)", strconv.Quote("Batch: %v, want the handler's error"))
	g.line("}")
	notKept("the row of a failed batch")
}

// inboxRollsBackSaves writes the check, in a service whose policies issue
// commands, that an aggregate saved by a failed handler is not kept, nor
// its events queued.
func (s *service) inboxRollsBackSaves(g *goSource) {
	if len(s.c.Aggregates) == 0 {
		return
	}
	a := s.c.Aggregates[0]
	ap := s.aggregatePkg(a)
	g.text("// A failed handler's command (a policy's) leaves neither the aggregate nor its events.")
	g.line("rid := %s", newIDExpr(g, a))
	g.line("saved := &%s{%s: rid}", g.q(ap, a.Ident()), fieldIdent(a.ID))
	events := "nil"
	if len(a.Events) > 0 {
		g.line("recorded := &%s{}", g.q(ap, a.Events[0].Ident()))
		g.line("saved.Record(%s(), recorded)", g.q(s.platformPkg("stamp"), "System"))
		events = "[]" + g.q(ap, eventIface(a)) + "{recorded}"
	} else {
		g.line("saved.Version++")
	}
	repo := "a." + field(a.Base()) + "Repo"
	g.line("if _, err := a.inbox.Handle(ctx, %s, func(ctx %s) error {", strconv.Quote("event-8"), g.q("context", "Context"))
	g.line("if err := %s.Save(ctx, saved, 0, %s); err != nil {", repo, events)
	g.line("return err")
	g.line("}")
	g.line("return failure")
	g.line("}); !%s(err, failure) {", g.q("errors", "Is"))
	g.line("t.Fatalf(%s, err)", strconv.Quote("Handle: %v, want the handler's error"))
	g.line("}")
	g.line("if _, err := %s.Load(ctx, rid); !%s(err, %s) {", repo, g.q("errors", "Is"), g.q(s.domainPkg(), "ErrNotFound"))
	g.line("t.Errorf(%s, err)", strconv.Quote("the "+a.Name+" the failed handler saved was kept: %v"))
	g.line("}")
	if len(a.Events) == 0 {
		return
	}
	g.line("queued := 0")
	g.line("if events, ok := a.relay.(*%s); ok {", g.q(s.outboxPkg(), "Memory"))
	g.line("queued = events.Pending()")
	g.line("} else if err := db.Conn(ctx).QueryRowContext(ctx, %s).Scan(&queued); err != nil {", strconv.Quote("SELECT COUNT(*) FROM eventstorm_outbox"))
	g.line("t.Fatal(err)")
	g.line("}")
	g.line("if queued != 0 {")
	g.line("t.Errorf(%s, queued)", strconv.Quote("%d events of the failed handler were queued"))
	g.line("}")
}
