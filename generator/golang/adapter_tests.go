package golang

import (
	"fmt"
	"sort"

	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/model"
)

const (
	mysqlPkg  = "github.com/go-sql-driver/mysql"
	pgxStdlib = "github.com/jackc/pgx/v5/stdlib"
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
	f.Anon(pgxStdlib)
	f.ImportName(mysqlPkg, "mysql")
	fatalIf := func() jen.Code {
		return jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err()))
	}
	ctxBg := jen.Id("ctx").Op(":=").Qual("context", "Background").Call()

	s.eachBackendHelper(f)
	f.Line()
	s.testDatabaseHelper(f, fatalIf)
	f.Line()
	sameJSONHelper(f)
	f.Line()
	if s.relaysEvents() {
		s.relayedHelper(f)
		f.Line()
	}
	for _, a := range s.c.Aggregates {
		s.repositoryContract(f, a, ctxBg, fatalIf)
	}
	for _, r := range s.c.ReadModels {
		s.storeContract(f, r, ctxBg, fatalIf)
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
		jen.Id("t").Dot("Run").Call(jen.Lit("memory"), jen.Func().Params(tT()).Block(jen.Id("test").Call(jen.Id("t"), jen.Id("memoryAdapters").Call(), jen.Nil()))),
		jen.For(jen.List(jen.Id("_"), jen.Id("b")).Op(":=").Range().Index().Struct(jen.List(jen.Id("name"), jen.Id("env")).String()).Values(
			jen.Values(jen.Lit("postgres"), jen.Lit("TEST_POSTGRES_URL")),
			jen.Values(jen.Lit("mysql"), jen.Lit("TEST_MYSQL_URL")),
		)).Block(
			jen.Id("t").Dot("Run").Call(jen.Id("b").Dot("name"), jen.Func().Params(tT()).Block(
				jen.Id("server").Op(":=").Qual("os", "Getenv").Call(jen.Id("b").Dot("env")),
				jen.If(jen.Id("server").Op("==").Lit("")).Block(
					jen.Id("t").Dot("Skipf").Call(jen.Lit("set %s to a server where tests may create databases"), jen.Id("b").Dot("env")),
				),
				jen.Id("db").Op(":=").Id("testDatabase").Call(jen.Id("t"), jen.Id("server")),
				jen.Id("test").Call(jen.Id("t"), jen.Id("sqlAdapters").Call(jen.Id("db")), jen.Id("db")),
			)),
		),
	)
}

// testDatabaseHelper emits testDatabase, which creates a database for a
// test on a server, opens it as the service does, and drops it when the
// test ends.
func (s *service) testDatabaseHelper(f *jen.File, fatalIf func() jen.Code) {
	doc(f, "testDatabase creates a database with a unique name on the server, opens it as the service does (creating its tables), and drops it when the test ends.")
	f.Func().Id("testDatabase").Params(tT(), jen.Id("server").String()).Op("*").Qual(s.databasePkg(), "DB").Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.List(jen.Id("u"), jen.Err()).Op(":=").Qual("net/url", "Parse").Call(jen.Id("server")),
		fatalIf(),
		jen.Var().Id("admin").Op("*").Qual("database/sql", "DB"),
		jen.If(jen.Id("u").Dot("Scheme").Op("==").Lit("mysql")).Block(
			jen.Id("cfg").Op(":=").Qual(mysqlPkg, "NewConfig").Call(),
			jen.List(jen.Id("cfg").Dot("User"), jen.Id("cfg").Dot("Net"), jen.Id("cfg").Dot("Addr")).Op("=").List(jen.Id("u").Dot("User").Dot("Username").Call(), jen.Lit("tcp"), jen.Id("u").Dot("Host")),
			jen.List(jen.Id("cfg").Dot("Passwd"), jen.Id("_")).Op("=").Id("u").Dot("User").Dot("Password").Call(),
			jen.List(jen.Id("connector"), jen.Err()).Op(":=").Qual(mysqlPkg, "NewConnector").Call(jen.Id("cfg")),
			fatalIf(),
			jen.Id("admin").Op("=").Qual("database/sql", "OpenDB").Call(jen.Id("connector")),
		).Else().Block(
			jen.List(jen.Id("admin"), jen.Err()).Op("=").Qual("database/sql", "Open").Call(jen.Lit("pgx"), jen.Id("server")),
			fatalIf(),
		),
		jen.Id("name").Op(":=").Lit("test_").Op("+").Qual("strings", "ReplaceAll").Call(jen.Qual(uuidPkg, "NewString").Call(), jen.Lit("-"), jen.Lit("")),
		jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("admin").Dot("Exec").Call(jen.Lit("CREATE DATABASE ").Op("+").Id("name")), jen.Err().Op("!=").Nil()).Block(
			jen.Id("admin").Dot("Close").Call(),
			jen.Id("t").Dot("Fatal").Call(jen.Err()),
		),
		jen.Id("t").Dot("Cleanup").Call(jen.Func().Params().Block(
			jen.Defer().Id("admin").Dot("Close").Call(),
			jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("admin").Dot("Exec").Call(jen.Lit("DROP DATABASE ").Op("+").Id("name")), jen.Err().Op("!=").Nil()).Block(
				jen.Id("t").Dot("Errorf").Call(jen.Lit("drop the test database %s: %v"), jen.Id("name"), jen.Err()),
			),
		)),
		jen.Id("u").Dot("Path").Op("=").Lit("/").Op("+").Id("name"),
		jen.List(jen.Id("db"), jen.Err()).Op(":=").Qual(s.databasePkg(), "Open").Call(jen.Qual("context", "Background").Call(), jen.Id("u").Dot("String").Call()),
		fatalIf(),
		jen.Id("t").Dot("Cleanup").Call(jen.Func().Params().Block(jen.Id("db").Dot("Close").Call())),
		jen.If(jen.Err().Op(":=").Id("db").Dot("Migrate").Call(jen.Qual("context", "Background").Call(), jen.Qual(s.sqlPkg(), "Schema").Call()), jen.Err().Op("!=").Nil()).Block(
			jen.Id("t").Dot("Fatal").Call(jen.Err()),
		),
		jen.Return(jen.Id("db")),
	)
}

// sameJSONHelper emits sameJSON, which compares values by their JSON.
func sameJSONHelper(f *jen.File) {
	doc(f, "sameJSON fails the test unless got and want have the same JSON: values read back from a database differ in representation only (a decimal's scale, a time's location).")
	f.Func().Id("sameJSON").Params(tT(), jen.List(jen.Id("got"), jen.Id("want")).Any()).Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.List(jen.Id("g"), jen.Id("_")).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("got")),
		jen.List(jen.Id("w"), jen.Id("_")).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("want")),
		jen.If(jen.String().Call(jen.Id("g")).Op("!=").String().Call(jen.Id("w"))).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit("read back\n%s\nwant\n%s"), jen.Id("g"), jen.Id("w")),
		),
	)
}

// relayedHelper emits relayed, which runs outbox relays until they have
// published a number of messages and returns them.
func (s *service) relayedHelper(f *jen.File) {
	doc(f, "relayed runs the relays, as replicas would, until they have published n messages, lets them mark them sent, and returns them.")
	f.Func().Id("relayed").Params(tT(), jen.Id("relays").Index().Qual(s.outboxPkg(), "Relayer"), jen.Id("n").Int()).Index().Qual(s.messagePkg(), "Message").Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.Var().Id("mu").Qual("sync", "Mutex"),
		jen.Var().Id("got").Index().Qual(s.messagePkg(), "Message"),
		jen.Id("enough").Op(":=").Make(jen.Chan().Struct()),
		jen.List(jen.Id("ctx"), jen.Id("cancel")).Op(":=").Qual("context", "WithTimeout").Call(jen.Qual("context", "Background").Call(), jen.Lit(20).Op("*").Qual("time", "Second")),
		jen.Defer().Id("cancel").Call(),
		jen.Var().Id("wg").Qual("sync", "WaitGroup"),
		jen.For(jen.List(jen.Id("_"), jen.Id("r")).Op(":=").Range().Id("relays")).Block(
			jen.Id("wg").Dot("Go").Call(jen.Func().Params().Block(
				jen.Id("r").Dot("Relay").Call(jen.Id("ctx"), jen.Func().Params(jen.Id("_").Qual("context", "Context"), jen.Id("msgs").Index().Qual(s.messagePkg(), "Message")).Error().Block(
					jen.Id("mu").Dot("Lock").Call(),
					jen.Defer().Id("mu").Dot("Unlock").Call(),
					jen.Id("got").Op("=").Append(jen.Id("got"), jen.Id("msgs").Op("...")),
					jen.If(jen.Len(jen.Id("got")).Op(">=").Id("n").Op("&&").Len(jen.Id("got")).Op("-").Len(jen.Id("msgs")).Op("<").Id("n")).Block(jen.Close(jen.Id("enough"))),
					jen.Return(jen.Nil()),
				), jen.Qual("log/slog", "New").Call(jen.Qual("log/slog", "DiscardHandler"))),
			)),
		),
		jen.Select().Block(
			jen.Case(jen.Op("<-").Id("enough")).Block(
				jen.Comment("Marking them sent follows the publication."),
				jen.Qual("time", "Sleep").Call(jen.Lit(500).Op("*").Qual("time", "Millisecond")),
			),
			jen.Case(jen.Op("<-").Id("ctx").Dot("Done").Call()),
		),
		jen.Id("cancel").Call(),
		jen.Id("wg").Dot("Wait").Call(),
		jen.Id("mu").Dot("Lock").Call(),
		jen.Defer().Id("mu").Dot("Unlock").Call(),
		jen.If(jen.Len(jen.Id("got")).Op("<").Id("n")).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("the relay published %d messages, want %d"), jen.Len(jen.Id("got")), jen.Id("n")),
		),
		jen.Return(jen.Id("got")),
	)
}

// relaysEvents reports whether some aggregate of the service has events,
// which the contract tests relay.
func (s *service) relaysEvents() bool {
	for _, a := range s.c.Aggregates {
		if len(a.Events) > 0 {
			return true
		}
	}
	return false
}

// repositoryContract emits the contract test of an aggregate's
// repositories.
func (s *service) repositoryContract(f *jen.File, a *model.Aggregate, ctxBg jen.Code, fatalIf func() jen.Code) {
	f.ImportName(s.aggregatePkg(a), aggregatePkgName(a))
	name := "Test" + repoType(a) + "Contract"
	doc(f, "%s checks that every %s keeps %ss alike: saved state reads back, a stale or concurrent save is domain.ErrConflict, and the events saved with the state are relayed once, in order, even by two replicas at once.", name, repoType(a), a.Ident())
	body := s.repositoryLoadMissing(a, ctxBg)
	if len(a.Events) > 0 {
		body = append(body, jen.Var().Id("recorded").Index().String())
	}
	body = append(body, s.repositorySaves(a, fatalIf)...)
	body = append(body, s.repositoryConflicts(a)...)
	dbParam := jen.Id("_")
	if len(a.Events) > 0 {
		body = append(body, s.repositoryRelays(a)...)
		dbParam = jen.Id("db")
	}
	f.Func().Id(name).Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(
		jen.Id("eachBackend").Call(jen.Id("t"), jen.Func().Params(jen.Id("t").Op("*").Qual("testing", "T"), jen.Id("a").Id("adapters"), jen.Add(dbParam).Op("*").Qual(s.databasePkg(), "DB")).Block(body...)),
	)
	f.Line()
}

// repositoryLoadMissing is the start of a repository's contract test: a new
// id, which loads as domain.ErrNotFound, and the state to save under it.
func (s *service) repositoryLoadMissing(a *model.Aggregate, ctxBg jen.Code) []jen.Code {
	id := jen.Qual(uuidPkg, "New").Call()
	if a.IDType == model.String {
		id = jen.Qual(uuidPkg, "NewString").Call()
	}
	return []jen.Code{
		ctxBg,
		jen.Id("repo").Op(":=").Add(jen.Id("a").Dot(field(a.Base()) + "Repo")),
		jen.Id("id").Op(":=").Add(id),
		jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("repo").Dot("Load").Call(jen.Id("ctx"), jen.Id("id")), jen.Op("!").Qual("errors", "Is").Call(jen.Err(), jen.Qual(s.domainPkg(), "ErrNotFound"))).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("Load of a missing "+a.Name+": %v, want domain.ErrNotFound"), jen.Err()),
		),
		jen.Id("state").Op(":=").Op("&").Qual(s.aggregatePkg(a), a.Ident()).Add(lit(kv(fieldIdent(a.ID), jen.Id("id")))),
	}
}

// repositorySaves saves the state three times, recording an event each
// time if the aggregate has events, and checks that it reads back.
func (s *service) repositorySaves(a *model.Aggregate, fatalIf func() jen.Code) []jen.Code {
	ap := s.aggregatePkg(a)
	var record []jen.Code
	events := jen.Nil()
	if len(a.Events) > 0 {
		e := a.Events[0]
		record = []jen.Code{
			jen.Id("e").Op(":=").Op("&").Qual(ap, e.Ident()).Values(),
			jen.Id("state").Dot("Record").Call(jen.Qual(s.domainPkg(), "Stamp").Add(lit(
				kv("Now", jen.Func().Params().Qual("time", "Time").Block(jen.Return(jen.Qual("time", "Now").Call().Dot("UTC").Call().Dot("Truncate").Call(jen.Qual("time", "Microsecond"))))),
				kv("NewID", jen.Qual(uuidPkg, "New")),
			)), jen.Id("e")),
			jen.Id("recorded").Op("=").Append(jen.Id("recorded"), jen.Id("e").Dot("EventID").Dot("String").Call()),
		}
		events = jen.Index().Qual(ap, eventIface(a)).Values(jen.Id("e"))
	} else {
		record = []jen.Code{jen.Id("state").Dot("Version").Op("++")}
	}
	return []jen.Code{
		jen.For(jen.Id("expected").Op(":=").Int64().Call(jen.Lit(0)), jen.Id("expected").Op("<").Lit(3), jen.Id("expected").Op("++")).Block(
			append(record,
				jen.If(jen.Err().Op(":=").Id("repo").Dot("Save").Call(jen.Id("ctx"), jen.Id("state"), jen.Id("expected"), events), jen.Err().Op("!=").Nil()).Block(
					jen.Id("t").Dot("Fatalf").Call(jen.Lit("Save at version %d: %v"), jen.Id("state").Dot("Version"), jen.Err()),
				),
			)...,
		),
		jen.List(jen.Id("loaded"), jen.Err()).Op(":=").Id("repo").Dot("Load").Call(jen.Id("ctx"), jen.Id("id")),
		fatalIf(),
		jen.Id("sameJSON").Call(jen.Id("t"), jen.Id("loaded"), jen.Id("state")),
	}
}

// repositoryConflicts checks that a stale save, the save of a new aggregate
// whose id is taken, and the loser of two concurrent saves are
// domain.ErrConflict.
func (s *service) repositoryConflicts(a *model.Aggregate) []jen.Code {
	conflict := func(call jen.Code, what string) jen.Code {
		return jen.If(jen.Err().Op(":=").Add(call), jen.Op("!").Qual("errors", "Is").Call(jen.Err(), jen.Qual(s.domainPkg(), "ErrConflict"))).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit(what+": %v, want domain.ErrConflict"), jen.Err()),
		)
	}
	return []jen.Code{
		conflict(jen.Id("repo").Dot("Save").Call(jen.Id("ctx"), jen.Id("state"), jen.Lit(1), jen.Nil()), "Save with a stale version"),
		conflict(jen.Id("repo").Dot("Save").Call(jen.Id("ctx"), jen.Op("&").Qual(s.aggregatePkg(a), a.Ident()).Add(lit(kv(fieldIdent(a.ID), jen.Id("id")), kv("Version", jen.Lit(1)))), jen.Lit(0), jen.Nil()), "Save of a new "+a.Name+" whose id is taken"),
		jen.Comment("Two concurrent saves of the next version: one wins."),
		jen.Id("next").Op(":=").Op("*").Id("state"),
		jen.Id("next").Dot("Version").Op("++"),
		jen.Id("errs").Op(":=").Make(jen.Chan().Error(), jen.Lit(2)),
		jen.For(jen.Range().Lit(2)).Block(
			jen.Go().Func().Params().Block(jen.Id("errs").Op("<-").Id("repo").Dot("Save").Call(jen.Id("ctx"), jen.Op("&").Id("next"), jen.Id("state").Dot("Version"), jen.Nil())).Call(),
		),
		jen.If(jen.List(jen.Id("first"), jen.Id("second")).Op(":=").List(jen.Op("<-").Id("errs"), jen.Op("<-").Id("errs")), jen.Parens(jen.Id("first").Op("==").Nil()).Op("==").Parens(jen.Id("second").Op("==").Nil()).Op("||").Op("!").Qual("errors", "Is").Call(jen.Qual("errors", "Join").Call(jen.Id("first"), jen.Id("second")), jen.Qual(s.domainPkg(), "ErrConflict"))).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit("concurrent saves: %v and %v, want one success and one domain.ErrConflict"), jen.Id("first"), jen.Id("second")),
		),
	}
}

// repositoryRelays checks that the events saved with the state are relayed
// once, in order, even by two replicas at once.
func (s *service) repositoryRelays(a *model.Aggregate) []jen.Code {
	key := jen.Id("id")
	if a.IDType != model.String {
		key = jen.Id("id").Dot("String").Call()
	}
	return []jen.Code{
		jen.Var().Id("relayedIDs").Index().String(),
		jen.Id("relays").Op(":=").Index().Qual(s.outboxPkg(), "Relayer").Values(jen.Id("a").Dot("relay")),
		jen.If(jen.Id("db").Op("!=").Nil()).Block(
			jen.Comment("A second replica's relay must not publish the same events."),
			jen.Id("relays").Op("=").Append(jen.Id("relays"), jen.Qual(s.outboxPkg(), "NewSQL").Call(jen.Id("db"))),
		),
		jen.For(jen.List(jen.Id("_"), jen.Id("m")).Op(":=").Range().Id("relayed").Call(jen.Id("t"), jen.Id("relays"), jen.Len(jen.Id("recorded")))).Block(
			jen.If(jen.Id("m").Dot("Key").Op("==").Add(key)).Block(jen.Id("relayedIDs").Op("=").Append(jen.Id("relayedIDs"), jen.Id("m").Dot("ID"))),
		),
		jen.If(jen.Op("!").Qual("slices", "Equal").Call(jen.Id("relayedIDs"), jen.Id("recorded"))).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit("relayed %v, want %v"), jen.Id("relayedIDs"), jen.Id("recorded")),
		),
		jen.Comment("Sent once: a second relay finds nothing pending."),
		jen.List(jen.Id("ctx2"), jen.Id("cancel")).Op(":=").Qual("context", "WithTimeout").Call(jen.Id("ctx"), jen.Lit(700).Op("*").Qual("time", "Millisecond")),
		jen.Defer().Id("cancel").Call(),
		jen.Id("a").Dot("relay").Dot("Relay").Call(jen.Id("ctx2"), jen.Func().Params(jen.Id("_").Qual("context", "Context"), jen.Id("msgs").Index().Qual(s.messagePkg(), "Message")).Error().Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit("%d messages relayed again"), jen.Len(jen.Id("msgs"))),
			jen.Return(jen.Nil()),
		), jen.Qual("log/slog", "New").Call(jen.Qual("log/slog", "DiscardHandler"))),
	}
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

// storeContract emits the contract test of a read model's stores.
func (s *service) storeContract(f *jen.File, r *model.ReadModel, ctxBg jen.Code, fatalIf func() jen.Code) {
	key := r.KeyField()
	keys := s.keySamples(key.Type)
	if len(keys) == 0 {
		return
	}
	row := jen.Qual(s.queryPkg(), r.Ident())
	keyIdent := key.Ident()
	sm := &sampler{s: s, named: s.domainTypes, busy: map[*model.Type]bool{}}
	full := sm.fields(row.Clone(), r.Fields, nil)
	name := "Test" + storeType(r) + "Contract"
	pageSize := max(1, len(keys)-1)
	doc(f, "%s checks that every %s keeps rows alike: put, replaced, read back, listed in key order a page at a time, and deleted.", name, storeType(r))
	body := []jen.Code{
		ctxBg,
		jen.Id("store").Op(":=").Id("a").Dot(field(r.Base()) + "Store"),
		jen.Id("keys").Op(":=").Index().Add(s.keyType(r)).Values(keys...),
		jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("store").Dot("Get").Call(jen.Id("ctx"), jen.Id("keys").Index(jen.Lit(0))), jen.Op("!").Qual("errors", "Is").Call(jen.Err(), jen.Qual(s.domainPkg(), "ErrNotFound"))).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("Get of a missing row: %v, want domain.ErrNotFound"), jen.Err()),
		),
		jen.Comment("Put in reverse order: listing sorts by key."),
		jen.For(jen.Id("i").Op(":=").Len(jen.Id("keys")).Op("-").Lit(1), jen.Id("i").Op(">=").Lit(0), jen.Id("i").Op("--")).Block(
			jen.If(jen.Err().Op(":=").Id("store").Dot("Put").Call(jen.Id("ctx"), row.Clone().Add(lit(kv(keyIdent, jen.Id("keys").Index(jen.Id("i")))))), jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err())),
		),
		jen.Comment("Every field set: each column must read back as written."),
		jen.Id("changed").Op(":=").Add(full),
		jen.Id("changed").Dot(keyIdent).Op("=").Id("keys").Index(jen.Lit(0)),
	}
	body = append(body,
		jen.If(jen.Err().Op(":=").Id("store").Dot("Put").Call(jen.Id("ctx"), jen.Id("changed")), jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err())),
		jen.List(jen.Id("got"), jen.Err()).Op(":=").Id("store").Dot("Get").Call(jen.Id("ctx"), jen.Id("keys").Index(jen.Lit(0))),
		fatalIf(),
		jen.Id("sameJSON").Call(jen.Id("t"), jen.Id("got"), jen.Id("changed")),
		jen.List(jen.Id("page"), jen.Err()).Op(":=").Id("store").Dot("List").Call(jen.Id("ctx"), jen.Nil(), jen.Lit(pageSize)),
		fatalIf(),
		jen.If(jen.Len(jen.Id("page")).Op("!=").Lit(pageSize)).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("first page: %v"), jen.Id("page")),
		),
		jen.Id("last").Op(":=").Id("page").Index(jen.Len(jen.Id("page")).Op("-").Lit(1)).Dot(keyIdent),
		jen.List(jen.Id("rest"), jen.Err()).Op(":=").Id("store").Dot("List").Call(jen.Id("ctx"), jen.Op("&").Id("last"), jen.Lit(10)),
		fatalIf(),
		jen.Id("all").Op(":=").Append(jen.Id("page"), jen.Id("rest").Op("...")),
		jen.If(jen.Len(jen.Id("all")).Op("!=").Len(jen.Id("keys"))).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("pages of %d and %d rows, want %d in all"), jen.Len(jen.Id("page")), jen.Len(jen.Id("rest")), jen.Len(jen.Id("keys"))),
		),
		jen.For(jen.List(jen.Id("i"), jen.Id("row")).Op(":=").Range().Id("all")).Block(
			jen.Id("sameJSON").Call(jen.Id("t"), jen.Id("row").Dot(keyIdent), jen.Id("keys").Index(jen.Id("i"))),
		),
		jen.If(jen.Err().Op(":=").Id("store").Dot("Delete").Call(jen.Id("ctx"), jen.Id("keys").Index(jen.Lit(0))), jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err())),
		jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("store").Dot("Get").Call(jen.Id("ctx"), jen.Id("keys").Index(jen.Lit(0))), jen.Op("!").Qual("errors", "Is").Call(jen.Err(), jen.Qual(s.domainPkg(), "ErrNotFound"))).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit("Get of a deleted row: %v, want domain.ErrNotFound"), jen.Err()),
		),
	)
	f.Func().Id(name).Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(
		jen.Id("eachBackend").Call(jen.Id("t"), jen.Func().Params(jen.Id("t").Op("*").Qual("testing", "T"), jen.Id("a").Id("adapters"), jen.Id("_").Op("*").Qual(s.databasePkg(), "DB")).Block(body...)),
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
			jen.Id("saved").Dot("Record").Call(jen.Qual(s.domainPkg(), "SystemStamp").Call(), jen.Id("recorded")),
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
