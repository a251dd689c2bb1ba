package golang

import (
	"fmt"
	"sort"

	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/model"
)

// adapterContractTests emits one suite of tests of the outbound adapters —
// repositories with their outbox, read-model stores, inbox — run against
// the in-memory adapters and, when TEST_POSTGRES_URL and TEST_MYSQL_URL name
// servers, against PostgreSQL and MySQL in a database created for the test.
func (s *service) adapterContractTests() {
	if !s.x.Stores {
		return
	}
	f := newFile(s.servicePkg(), "service", genfile.Generated)
	f.ImportName(s.sqlPkg(), "sqldb")
	f.ImportName(s.domainPkg(), "domain")
	f.ImportName(s.messagePkg(), "message")
	f.ImportName(s.queryPkg(), "query")
	ctxBg := jen.Id("ctx").Op(":=").Qual("context", "Background").Call()

	s.eachBackendHelper(f)
	f.Line()
	for _, a := range s.c.Aggregates {
		s.repositoryContract(f, a)
	}
	for _, r := range s.c.ReadModels {
		s.storeContract(f, r)
	}
	if s.x.Reads {
		s.inboxContract(f, ctxBg)
	}
	s.add("internal/service/adapters_gen_test.go", genfile.Generated, f)
}

// eachBackendHelper emits eachBackend, which runs a test against the
// in-memory adapters, then against PostgreSQL and MySQL when the
// environment names servers.
func (s *service) eachBackendHelper(f *jen.File) {
	doc(f, "eachBackend runs test against the in-memory adapters, then against PostgreSQL and MySQL when TEST_POSTGRES_URL and TEST_MYSQL_URL name servers where the test may create a database (e.g. postgres://postgres@127.0.0.1:5432/postgres, mysql://root@127.0.0.1:3306/); db is nil in memory.")
	f.Func().Id("eachBackend").Params(tT(), jen.Id("test").Func().Params(tT(), jen.Id("a").Id("adapters"), jen.Id("db").Op("*").Qual(s.databasePkg(), "DB"))).Block(
		jen.Qual(s.platformPkg("adaptertest"), "Backends").Call(jen.Id("t"), jen.Id("memoryAdapters"), jen.Id("sqlAdapters"), jen.Qual(s.sqlPkg(), "Schema").Call(), jen.Id("test")),
	)
}

// repositoryContract emits the contract test of an aggregate's
// repositories: the runtime's adaptertest.RepositoryContract, told how to
// make the aggregate's state and record its first event.
func (s *service) repositoryContract(f *jen.File, a *model.Aggregate) {
	g := s.newAgg(a)
	ap := s.aggregatePkg(a)
	f.ImportName(ap, aggregatePkgName(a))
	state := jen.Op("*").Qual(ap, a.Ident())
	newID, key := jen.Qual(uuidPkg, "New"), jen.Qual(uuidPkg, "UUID").Dot("String")
	if a.IDType == model.String {
		newID = jen.Qual(uuidPkg, "NewString")
		key = jen.Func().Params(jen.Id("aggID").String()).String().Block(jen.Return(jen.Id("aggID")))
	}
	fields := []jen.Code{
		kv("Name", jen.Lit(a.Name)),
		kv("Repo", jen.Id("a").Dot(field(a.Base())+"Repo")),
		kv("NewID", newID),
		kv("New", jen.Func().Params(jen.Id("aggID").Add(g.idType())).Add(state.Clone()).Block(jen.Return(jen.Op("&").Qual(ap, a.Ident()).Add(lit(kv(fieldIdent(a.ID), jen.Id("aggID"))))))),
		kv("Version", jen.Func().Params(jen.Id("aggState").Add(state.Clone())).Op("*").Int64().Block(jen.Return(jen.Op("&").Id("aggState").Dot("Version")))),
	}
	dbArg := jen.Nil()
	if len(a.Events) > 0 {
		fields = append(fields,
			kv("Record", jen.Func().Params(jen.Id("aggState").Add(state.Clone())).Params(jen.Qual(ap, eventIface(a)), jen.String()).Block(
				jen.Id("newEvent").Op(":=").Op("&").Qual(ap, a.Events[0].Ident()).Values(),
				jen.Id("aggState").Dot("Record").Call(jen.Qual(s.domainPkg(), "Stamp").Add(lit(
					kv("Now", jen.Func().Params().Qual("time", "Time").Block(jen.Return(jen.Qual("time", "Now").Call().Dot("UTC").Call().Dot("Truncate").Call(jen.Qual("time", "Microsecond"))))),
					kv("NewID", jen.Qual(uuidPkg, "New")),
				)), jen.Id("newEvent")),
				jen.Return(jen.Id("newEvent"), jen.Id("newEvent").Dot("EventID").Dot("String").Call()),
			)),
			kv("Relay", jen.Id("a").Dot("relay")),
			kv("Key", key),
		)
		if a.EventSourced() {
			fields = append(fields, kv("EventSourced", jen.True()))
		}
		dbArg = jen.Id("db")
	}
	name := "Test" + repoType(a) + "Contract"
	doc(f, "%s checks that every %s keeps %ss alike: saved state reads back, a stale or concurrent save is domain.ErrConflict, and the events saved with the state are relayed once, in order, even by two replicas at once.", name, repoType(a), a.Ident())
	f.Func().Id(name).Params(tT()).Block(
		jen.Id("eachBackend").Call(jen.Id("t"), jen.Func().Params(tT(), jen.Id("a").Id("adapters"), jen.Id("db").Op("*").Qual(s.databasePkg(), "DB")).Block(
			jen.Qual(s.platformPkg("adaptertest"), "RepositoryContract").Types(jen.Add(g.idType()), jen.Qual(ap, a.Ident()), jen.Qual(ap, eventIface(a))).Add(multiline(fields...)).Dot("Check").Call(jen.Id("t"), dbArg),
		)),
	)
	f.Line()
}

// keySamples are up to three keys of a read model in the order both the
// databases and the in-memory store sort them.
func (s *service) keySamples(t *model.TypeRef) []jen.Code {
	var out []jen.Code
	switch {
	case t.Kind == model.Named && t.Type.IsEnum():
		values := make([]string, 0, len(t.Type.Enum))
		for _, v := range t.Type.Enum {
			values = append(values, v.Value)
		}
		sort.Strings(values)
		for _, v := range values[:min(3, len(values))] {
			out = append(out, jen.Qual(s.domainPkg(), t.Type.Ident()).Call(jen.Lit(v)))
		}
		return out
	case t.Kind != model.Scalar:
		return nil
	}
	for i := 1; i <= 3; i++ {
		switch t.Scalar {
		case model.String:
			out = append(out, jen.Lit(fmt.Sprintf("key-%d", i)))
		case model.Int:
			out = append(out, jen.Lit(int64(i)))
		case model.Decimal:
			out = append(out, jen.Qual(decimalPkg, "NewFromInt").Call(jen.Lit(i)))
		case model.UUID:
			out = append(out, jen.Qual(uuidPkg, "MustParse").Call(jen.Lit(fmt.Sprintf("00000000-0000-4000-8000-00000000000%d", i))))
		case model.Time:
			out = append(out, jen.Qual("time", "Date").Call(jen.Lit(2026), jen.Lit(11), jen.Lit(i), jen.Lit(9), jen.Lit(30), jen.Lit(0), jen.Lit(0), jen.Qual("time", "UTC")))
		case model.Date:
			out = append(out, jen.Qual(s.domainPkg(), "Date").Add(lit(kv("Year", jen.Lit(2026)), kv("Month", jen.Lit(11)), kv("Day", jen.Lit(i)))))
		}
	}
	return out
}

// storeContract emits the contract test of a read model's stores: the
// runtime's adaptertest.StoreContract, given keys in order and rows.
func (s *service) storeContract(f *jen.File, r *model.ReadModel) {
	key := r.KeyField()
	keys := s.keySamples(key.Type)
	if len(keys) == 0 {
		return
	}
	row := jen.Qual(s.queryPkg(), r.Ident())
	sm := &sampler{s: s, named: s.domainTypes, busy: map[*model.Type]bool{}}
	rowFunc := func(body ...jen.Code) jen.Code {
		return jen.Func().Params(jen.Id("rowKey").Add(s.keyType(r))).Add(row.Clone()).Block(body...)
	}
	fields := []jen.Code{
		kv("Store", jen.Id("a").Dot(field(r.Base())+"Store")),
		kv("Keys", jen.Index().Add(s.keyType(r)).Values(keys...)),
		kv("Empty", rowFunc(jen.Return(row.Clone().Add(lit(kv(key.Ident(), jen.Id("rowKey"))))))),
		kv("Full", rowFunc(
			jen.Id("fullRow").Op(":=").Add(sm.fields(row.Clone(), r.Fields, nil)),
			jen.Id("fullRow").Dot(key.Ident()).Op("=").Id("rowKey"),
			jen.Return(jen.Id("fullRow")),
		)),
		kv("Key", jen.Func().Params(jen.Id("aRow").Add(row.Clone())).Add(s.keyType(r)).Block(jen.Return(jen.Id("aRow").Dot(key.Ident())))),
	}
	name := "Test" + storeType(r) + "Contract"
	doc(f, "%s checks that every %s keeps rows alike: put, replaced, read back, listed in key order a page at a time, and deleted.", name, storeType(r))
	f.Func().Id(name).Params(tT()).Block(
		jen.Id("eachBackend").Call(jen.Id("t"), jen.Func().Params(tT(), jen.Id("a").Id("adapters"), jen.Id("_").Op("*").Qual(s.databasePkg(), "DB")).Block(
			jen.Qual(s.platformPkg("adaptertest"), "StoreContract").Types(s.keyType(r), row.Clone()).Add(multiline(fields...)).Dot("Check").Call(jen.Id("t")),
		)),
	)
	f.Line()
}

func (s *service) inboxContract(f *jen.File, ctxBg jen.Code) {
	handle := func(id string, fn jen.Code) jen.Code {
		return jen.Id("a").Dot("inbox").Dot("Handle").Call(jen.Id("ctx"), jen.Lit(id), fn)
	}
	expect := func(id string, fn jen.Code, handled bool, wantErr jen.Code, calls int) jen.Code {
		errCheck := jen.Err().Op("!=").Nil()
		if wantErr != nil {
			errCheck = jen.Op("!").Qual("errors", "Is").Call(jen.Err(), wantErr)
		}
		return jen.If(jen.List(jen.Id("handled"), jen.Err()).Op(":=").Add(handle(id, fn)), jen.Id("handled").Op("!=").Lit(handled).Op("||").Add(errCheck).Op("||").Id("calls").Op("!=").Lit(calls)).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit(fmt.Sprintf("Handle(%s) = %%t, %%v after %%d calls; want %t after %d", id, handled, calls)), jen.Id("handled"), jen.Err(), jen.Id("calls")),
		)
	}
	body := []jen.Code{
		ctxBg,
		jen.Id("calls").Op(":=").Lit(0),
		jen.Id("count").Op(":=").Func().Params(jen.Qual("context", "Context")).Error().Block(jen.Id("calls").Op("++"), jen.Return(jen.Nil())),
		jen.Id("failure").Op(":=").Qual("errors", "New").Call(jen.Lit("handler failed")),
		jen.Id("fail").Op(":=").Func().Params(jen.Qual("context", "Context")).Error().Block(jen.Return(jen.Id("failure"))),
		expect("event-1", jen.Id("count"), true, nil, 1),
		jen.Comment("Redelivered: skipped."),
		expect("event-1", jen.Id("count"), false, nil, 1),
		jen.Comment("Failed: not recorded, so handled when it comes again."),
		expect("event-2", jen.Id("fail"), false, jen.Id("failure"), 1),
		expect("event-2", jen.Id("count"), true, nil, 2),
		jen.Comment("A failed batch stores nothing: its events are handled when they come again."),
		jen.If(jen.Err().Op(":=").Id("a").Dot("inbox").Dot("Batch").Call(jen.Id("ctx"), jen.Func().Params(jen.Id("ctx").Qual("context", "Context")).Error().Block(
			jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Add(handle("event-3", jen.Id("count"))), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.List(jen.Id("_"), jen.Err()).Op(":=").Add(handle("event-4", jen.Id("fail"))),
			jen.Return(jen.Err()),
		)), jen.Op("!").Qual("errors", "Is").Call(jen.Err(), jen.Id("failure"))).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit("Batch: %v, want the handler's error"), jen.Err()),
		),
		expect("event-3", jen.Id("count"), true, nil, 4),
	}
	body = append(body, s.inboxRollsBackRows(handle)...)
	body = append(body, s.inboxRollsBackSaves(handle)...)
	doc(f, "TestInboxContract checks that every inbox, in memory as in a database, runs a handler once per event id, records nothing when the handler fails, and rolls back the failed handler's writes with it (read-model rows, aggregates and their events), and a failed batch whole.")
	f.Func().Id("TestInboxContract").Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(
		jen.Id("eachBackend").Call(jen.Id("t"), jen.Func().Params(jen.Id("t").Op("*").Qual("testing", "T"), jen.Id("a").Id("adapters"), jen.Id("db").Op("*").Qual(s.databasePkg(), "DB")).Block(body...)),
	)
	f.Line()
}

// inboxRollsBackRows checks that a read-model row written by a failed
// handler, or in a failed batch, is not kept.
func (s *service) inboxRollsBackRows(handle func(id string, fn jen.Code) jen.Code) []jen.Code {
	if len(s.c.ReadModels) == 0 {
		return nil
	}
	r := s.c.ReadModels[0]
	keys := s.keySamples(r.KeyField().Type)
	if len(keys) == 0 {
		return nil
	}
	store := jen.Id("a").Dot(field(r.Base()) + "Store")
	notKept := func(what string) jen.Code {
		return jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Add(store.Clone()).Dot("Get").Call(jen.Id("ctx"), jen.Id("key")), jen.Op("!").Qual("errors", "Is").Call(jen.Err(), jen.Qual(s.domainPkg(), "ErrNotFound"))).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit(what+" was kept: %v"), jen.Err()),
		)
	}
	return []jen.Code{
		jen.Comment("A failed handler's row is rolled back with it, and a failed batch's whole."),
		jen.Id("key").Op(":=").Add(keys[0]),
		jen.Id("put").Op(":=").Func().Params(jen.Id("ctx").Qual("context", "Context")).Error().Block(
			jen.Return(store.Clone().Dot("Put").Call(jen.Id("ctx"), jen.Qual(s.queryPkg(), r.Ident()).Add(lit(kv(r.KeyField().Ident(), jen.Id("key")))))),
		),
		jen.List(jen.Id("_"), jen.Err()).Op(":=").Add(handle("event-5", jen.Func().Params(jen.Id("ctx").Qual("context", "Context")).Error().Block(
			jen.If(jen.Err().Op(":=").Id("put").Call(jen.Id("ctx")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.Return(jen.Id("failure")),
		))),
		jen.If(jen.Op("!").Qual("errors", "Is").Call(jen.Err(), jen.Id("failure"))).Block(jen.Id("t").Dot("Fatalf").Call(jen.Lit("Handle: %v, want the handler's error"), jen.Err())),
		notKept("the failed handler's row"),
		jen.Err().Op("=").Id("a").Dot("inbox").Dot("Batch").Call(jen.Id("ctx"), jen.Func().Params(jen.Id("ctx").Qual("context", "Context")).Error().Block(
			jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Add(handle("event-6", jen.Id("put"))), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.List(jen.Id("_"), jen.Err()).Op(":=").Add(handle("event-7", jen.Id("fail"))),
			jen.Return(jen.Err()),
		)),
		jen.If(jen.Op("!").Qual("errors", "Is").Call(jen.Err(), jen.Id("failure"))).Block(jen.Id("t").Dot("Fatalf").Call(jen.Lit("Batch: %v, want the handler's error"), jen.Err())),
		notKept("the row of a failed batch"),
	}
}

// inboxRollsBackSaves checks, in a service whose policies issue commands,
// that an aggregate saved by a failed handler is not kept, nor its events
// queued.
func (s *service) inboxRollsBackSaves(handle func(id string, fn jen.Code) jen.Code) []jen.Code {
	if len(s.c.Aggregates) == 0 {
		return nil
	}
	a := s.c.Aggregates[0]
	ap := s.aggregatePkg(a)
	f := func(code ...jen.Code) []jen.Code { return code }
	id := jen.Qual(uuidPkg, "New").Call()
	if a.IDType == model.String {
		id = jen.Qual(uuidPkg, "NewString").Call()
	}
	body := f(
		jen.Comment("A failed handler's command (a policy's) leaves neither the aggregate nor its events."),
		jen.Id("rid").Op(":=").Add(id),
		jen.Id("saved").Op(":=").Op("&").Qual(ap, a.Ident()).Add(lit(kv(fieldIdent(a.ID), jen.Id("rid")))),
	)
	events := jen.Nil()
	if len(a.Events) > 0 {
		body = append(body,
			jen.Id("recorded").Op(":=").Op("&").Qual(ap, a.Events[0].Ident()).Values(),
			jen.Id("saved").Dot("Record").Call(jen.Qual(s.platformPkg("stamp"), "System").Call(), jen.Id("recorded")),
		)
		events = jen.Index().Qual(ap, eventIface(a)).Values(jen.Id("recorded"))
	} else {
		body = append(body, jen.Id("saved").Dot("Version").Op("++"))
	}
	repo := jen.Id("a").Dot(field(a.Base()) + "Repo")
	body = append(body,
		jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Add(handle("event-8", jen.Func().Params(jen.Id("ctx").Qual("context", "Context")).Error().Block(
			jen.If(jen.Err().Op(":=").Add(repo.Clone()).Dot("Save").Call(jen.Id("ctx"), jen.Id("saved"), jen.Lit(0), events), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.Return(jen.Id("failure")),
		))), jen.Op("!").Qual("errors", "Is").Call(jen.Err(), jen.Id("failure"))).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("Handle: %v, want the handler's error"), jen.Err()),
		),
		jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Add(repo).Dot("Load").Call(jen.Id("ctx"), jen.Id("rid")), jen.Op("!").Qual("errors", "Is").Call(jen.Err(), jen.Qual(s.domainPkg(), "ErrNotFound"))).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit("the "+a.Name+" the failed handler saved was kept: %v"), jen.Err()),
		),
	)
	if len(a.Events) == 0 {
		return body
	}
	return append(body,
		jen.Id("queued").Op(":=").Lit(0),
		jen.If(jen.List(jen.Id("events"), jen.Id("ok")).Op(":=").Id("a").Dot("relay").Assert(jen.Op("*").Qual(s.outboxPkg(), "Memory")), jen.Id("ok")).Block(
			jen.Id("queued").Op("=").Id("events").Dot("Pending").Call(),
		).Else().If(jen.Err().Op(":=").Id("db").Dot("Conn").Call(jen.Id("ctx")).Dot("QueryRowContext").Call(jen.Id("ctx"), jen.Lit("SELECT COUNT(*) FROM eventstorm_outbox")).Dot("Scan").Call(jen.Op("&").Id("queued")), jen.Err().Op("!=").Nil()).Block(
			jen.Id("t").Dot("Fatal").Call(jen.Err()),
		),
		jen.If(jen.Id("queued").Op("!=").Lit(0)).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit("%d events of the failed handler were queued"), jen.Id("queued")),
		),
	)
}
