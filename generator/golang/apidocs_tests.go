package golang

import (
	"strconv"

	"eventstorm/generator/genfile"
	"eventstorm/generator/ir"
	"eventstorm/model"
)

// The generated contract test lives in the api folder beside the documents
// it reads; what reads and applies them is the runtime's contracttest
// package. Its top-level names and the locals of functions that use the
// model's packages are camelCase: a package derived from the model is all
// lower case, so it can never be shadowed by one of them.

// apiDocsTests writes api/contract_gen_test.go: tests that check the
// service's contract documents against what its code writes. Every event
// the service publishes goes through its message package and every event
// it reads through its copy, with every field set and with none, and is
// checked against its JSON Schema and its AsyncAPI message; every route
// the OpenAPI document lists is called, and its request and answer bodies,
// statuses, media types and headers are checked against the document.
func (s *service) apiDocsTests() {
	g := s.newSource(s.pkg(apiDir), "api", genfile.Generated)
	g.importName(s.servicePkg(), "service")
	g.importName(s.messagingPkg(), "messaging")
	g.importName(s.queryPkg(), "query")
	g.importName(s.domainPkg(), "domain")
	for _, a := range s.c.Aggregates {
		g.importName(s.aggregatePkg(a), aggregatePkgName(a))
	}
	g.packageDoc("Package api holds the contracts of the %s service: openapi.yaml, asyncapi.yaml and the JSON Schema of each event in events/. Its tests check them against what the service's code writes, so that they cannot drift apart.", s.c.Name)
	sm := &sampler{s: s, busy: map[*model.Type]bool{}}
	s.newAPIClientHelper(g)
	if len(s.contractEvents()) > 0 {
		s.eventsTest(g, sm)
	}
	s.routesTest(g)
	for _, a := range s.c.Aggregates {
		s.aggregateBodiesTest(g, sm, a)
	}
	for _, r := range s.c.ReadModels {
		s.readModelBodiesTest(g, sm, r)
	}
	s.addSource(apiDir+"/contract_gen_test.go", g)
}

// newAPIClientHelper writes newAPIClient, which serves the service's API
// with in-memory adapters.
func (s *service) newAPIClientHelper(g *goSource) {
	g.comment("newAPIClient serves the service's API with in-memory adapters until the test ends, checking each exchange against openapi.yaml.")
	contracttest := s.platformPkg("contracttest")
	g.line("func newAPIClient(t *%s) *%s {", g.q("testing", "T"), g.q(contracttest, "API"))
	g.line("t.Helper()")
	g.line("svc, err := %s(%s(), %s{}, %s(%s))", g.q(s.servicePkg(), "New"), g.q("context", "Background"), g.q(s.servicePkg(), "Config"), g.q("log/slog", "New"), g.q("log/slog", "DiscardHandler"))
	g.line("if err != nil {")
	g.line("t.Fatal(err)")
	g.line("}")
	g.line("return %s(t, svc.Handler(), %s)", g.q(contracttest, "NewAPI"), strconv.Quote("openapi.yaml"))
	g.line("}")
	g.line("")
}

// eventsTest writes the test of every event the service publishes or
// reads.
func (s *service) eventsTest(g *goSource, sm *sampler) {
	for _, a := range s.c.Aggregates {
		if len(a.Events) > 0 {
			g.importName(s.examplesPkg(a), aggregatePkgName(a)+"test")
		}
	}
	for _, e := range s.x.Consumed {
		g.importName(s.contractPkg(e.Aggregate.Context), contractPkgName(e.Aggregate.Context))
	}
	g.comment("TestEvents checks the JSON of every event the service publishes, as its messaging package writes it from the event's example, and of every event it reads, as its copy of the event writes it, against the event's JSON Schema and its message in asyncapi.yaml: first with every field set, formats checked, then with none set, whose dates Go writes as 0000-00-00, which is no date.")
	g.line("func TestEvents(t *%s) {", g.q("testing", "T"))
	g.line("eventDocs := %s(t, %s, %s)", g.q(s.platformPkg("contracttest"), "LoadEvents"), strconv.Quote("asyncapi.yaml"), strconv.Quote("events"))
	for _, a := range s.c.Aggregates {
		if len(a.Events) > 0 {
			s.publishedEvents(g, sm, a)
		}
	}
	for _, e := range s.x.Consumed {
		from := e.Aggregate.Context
		cp := s.contractPkg(from)
		sm.nameOf = s.contractType(g, from)
		s.readEvent(g, sm, ir.EventType(s.m, e), cp, e.Ident(), e.AllFields())
		for _, v := range earlierVersions(e) {
			s.readEvent(g, sm, earlierMessage(s.m, e, v.Version), cp, versionIdent(e, v.Version), versionAllFields(e, v.Fields))
		}
	}
	g.line("}")
	g.line("")
}

// readEvent writes the statement of TestEvents that checks an event the
// service reads, or an earlier version of it: its copy typ, in the
// contract package cp, with every field set and with none, against the
// message named message.
func (s *service) readEvent(g *goSource, sm *sampler, message, cp, typ string, fields []*model.Field) {
	name := g.q(cp, typ)
	value := sm.fields(g, name, fields, nil)
	g.lines("eventDocs.Read(t, "+strconv.Quote(message)+", ", value, ", "+g.q(cp, typ)+"{})")
}

// publishedEvents writes the statements of TestEvents that check the
// events of an aggregate: each event's example, with its metadata set, and
// an empty one, through the messaging package.
func (s *service) publishedEvents(g *goSource, sm *sampler, a *model.Aggregate) {
	ap := s.aggregatePkg(a)
	sm.nameOf = s.domainType(g)
	meta := "meta" + a.Ident()
	g.lines(meta+" := ", sm.fields(g, g.q(ap, metaType(a)), a.Events[0].AllFields()[:4], nil), "")
	g.line("for _, sampleEvent := range []struct {")
	g.line("example, empty %s", g.q(ap, eventIface(a)))
	g.line("}{")
	for _, e := range a.Events {
		g.line("{%s(), &%s{}},", g.q(s.examplesPkg(a), e.Ident()), g.q(ap, e.Ident()))
	}
	g.line("} {")
	g.line("*sampleEvent.example.EventMeta() = %s", meta)
	g.line("eventDocs.Published(t, sampleEvent.example.EventType(), %s(t, %s, sampleEvent.example, sampleEvent.empty)...)", g.q(s.platformPkg("contracttest"), "Messages"), g.q(s.messagingPkg(), fromFunc(a)))
	g.line("}")
}

// routesTest writes the test that every operation of openapi.yaml is
// served.
func (s *service) routesTest(g *goSource) {
	g.comment("TestEveryOperationIsServed calls every operation openapi.yaml lists, with x for its path parameters and no body: each answers with a status and a body the document lists for it.")
	g.line("func TestEveryOperationIsServed(t *%s) {", g.q("testing", "T"))
	g.line("newAPIClient(t).CallEveryOperation(t)")
	g.line("}")
	g.line("")
}

// aggregateBodiesTest writes the test of an aggregate's routes with every
// field of their bodies set.
func (s *service) aggregateBodiesTest(g *goSource, sm *sampler, a *model.Aggregate) {
	var creating *model.Command
	for _, c := range a.Commands {
		if c.Creates && creating == nil {
			creating = c
		}
	}
	what := "can be read"
	if creating != nil {
		what = "created by " + creating.Name + ", read and changed"
	}
	g.comment("Test%sBodies checks the routes of %s against openapi.yaml with every field of their bodies set: one %s, and one that is missing.", a.Ident(), article(a.Name), what)
	g.line("func Test%sBodies(t *%s) {", a.Ident(), g.q("testing", "T"))
	g.line("apiClient := newAPIClient(t)")
	g.line("aggResource := apiClient.Resource(%s)", strconv.Quote(s.missingKey(a.IDField().Type)))
	request := func(c *model.Command) string {
		return g.q(s.httpPkg(), "New"+requestType(c)) + "(" + g.q(s.examplesPkg(a), c.Ident()) + "())"
	}
	getRoute := "/" + a.Kebab() + "/{id}"
	if c := creating; c != nil {
		g.line("aggResource.Create(t, %s, %s, %s)", strconv.Quote("/"+a.Kebab()+"/"+c.Kebab()), request(c), strconv.Quote(a.IDField().JSON()))
	}
	for _, c := range a.Commands {
		if !c.Creates {
			g.line("aggResource.Change(t, %s, %s)", strconv.Quote(getRoute+"/"+c.Kebab()), request(c))
		}
	}
	g.line("aggResource.Read(t, %s)", strconv.Quote(getRoute))
	g.line("// The state as the API writes it, with every field set.")
	sm.nameOf = s.domainType(g)
	answer := g.q(s.httpPkg(), "New"+responseType(a)) + "("
	state := sm.fields(g, g.q(s.aggregatePkg(a), a.Ident()), s.newAgg(a).stateAll(), stateFieldIdent)
	g.lines("apiClient.CheckAnswer(t, "+strconv.Quote(getRoute)+", "+answer, state, "))")
	if a.IDType == model.UUID {
		g.line("apiClient.Expect(t, \"GET\", %s, %s, nil, %s)", strconv.Quote(getRoute), strconv.Quote("/"+a.Kebab()+"/not-an-id"), g.q("net/http", "StatusBadRequest"))
	}
	g.line("}")
	g.line("")
}

// readModelBodiesTest writes the test of a read model's routes.
func (s *service) readModelBodiesTest(g *goSource, sm *sampler, r *model.ReadModel) {
	sm.nameOf = s.domainType(g)
	route := "/" + r.Kebab()
	rowRoute := route + "/{key}"
	expect := func(op, path string, want string) {
		g.line("apiClient.Expect(t, \"GET\", %s, %s, nil, %s)", strconv.Quote(op), strconv.Quote(path), g.q("net/http", want))
	}
	g.comment("Test%sBodies checks the routes of %s against openapi.yaml: a missing row, an empty page and a bad limit, and a row with every field set.", r.Ident(), r.Name)
	g.line("func Test%sBodies(t *%s) {", r.Ident(), g.q("testing", "T"))
	g.line("apiClient := newAPIClient(t)")
	expect(rowRoute, route+"/"+s.missingKey(r.KeyField().Type), "StatusNotFound")
	expect(route, route+"?limit=10", "StatusOK")
	expect(route, route+"?limit=0", "StatusBadRequest")
	g.line("// A row as the API writes it, with every field set.")
	answer := g.q(s.httpPkg(), "New"+rowResponseType(r)) + "("
	row := sm.fields(g, g.q(s.queryPkg(), r.Ident()), r.Fields, nil)
	g.lines("apiClient.CheckAnswer(t, "+strconv.Quote(rowRoute)+", "+answer, row, "))")
	g.line("}")
	g.line("")
}

// stateAll are the fields of an aggregate's state: its id, its version,
// then the others.
func (g *agg) stateAll() []*model.Field {
	return append([]*model.Field{g.a.IDField(), {Name: "version", Type: &model.TypeRef{Kind: model.Scalar, Scalar: model.Int}}}, g.stateFields()...)
}
