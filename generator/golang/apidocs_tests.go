package golang

import (
	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/generator/ir"
	"eventstorm/model"
)

// The generated contract test lives in the api folder beside the documents
// it reads; what reads and applies them is the runtime's contracttest
// package. Its top-level names and the locals of functions that use the
// model's packages are camelCase: a package derived from the model is all
// lower case, so it can never be shadowed by one of them.

// apiDocsTests emits api/contract_gen_test.go: tests that check the
// service's contract documents against what its code writes. Every event
// the service publishes goes through its message package and every event
// it reads through its copy, with every field set and with none, and is
// checked against its JSON Schema and its AsyncAPI message; every route
// the OpenAPI document lists is called, and its request and answer bodies,
// statuses, media types and headers are checked against the document.
func (s *service) apiDocsTests() {
	f := newFile(s.pkg(apiDir), "api", genfile.Generated)
	f.ImportName(s.servicePkg(), "service")
	f.ImportName(s.messagingPkg(), "messaging")
	f.ImportName(s.queryPkg(), "query")
	f.ImportName(s.domainPkg(), "domain")
	for _, a := range s.c.Aggregates {
		f.ImportName(s.aggregatePkg(a), aggregatePkgName(a))
	}
	pkgDoc(f, "Package api holds the contracts of the %s service: openapi.yaml, asyncapi.yaml and the JSON Schema of each event in events/. Its tests check them against what the service's code writes, so that they cannot drift apart.", s.c.Name)
	sm := &sampler{s: s, busy: map[*model.Type]bool{}}
	s.newAPIClientHelper(f)
	if len(s.contractEvents()) > 0 {
		s.eventsTest(f, sm)
	}
	s.routesTest(f)
	for _, a := range s.c.Aggregates {
		s.aggregateBodiesTest(f, sm, a)
	}
	for _, r := range s.c.ReadModels {
		s.readModelBodiesTest(f, sm, r)
	}
	s.add(apiDir+"/contract_gen_test.go", genfile.Generated, f)
}

// tT is the parameter t of a test or test helper.
func tT() *jen.Statement { return jen.Id("t").Op("*").Qual("testing", "T") }

// fatalErr fails the test when err is not nil.
func fatalErr() jen.Code {
	return jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err()))
}

// contractTest is a name of the runtime's contracttest package.
func (s *service) contractTest(name string) *jen.Statement {
	return jen.Qual(s.platformPkg("contracttest"), name)
}

// newAPIClientHelper emits newAPIClient, which serves the service's API
// with in-memory adapters.
func (s *service) newAPIClientHelper(f *jen.File) {
	doc(f, "newAPIClient serves the service's API with in-memory adapters until the test ends, checking each exchange against openapi.yaml.")
	f.Func().Id("newAPIClient").Params(tT()).Op("*").Add(s.contractTest("API")).Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.List(jen.Id("svc"), jen.Err()).Op(":=").Qual(s.servicePkg(), "New").Call(jen.Qual("context", "Background").Call(), jen.Qual(s.servicePkg(), "Config").Values(), jen.Qual("log/slog", "New").Call(jen.Qual("log/slog", "DiscardHandler"))),
		fatalErr(),
		jen.Return(s.contractTest("NewAPI").Call(jen.Id("t"), jen.Id("svc").Dot("Handler").Call(), jen.Lit("openapi.yaml"))),
	)
	f.Line()
}

// eventsTest emits the test of every event the service publishes or reads.
func (s *service) eventsTest(f *jen.File, sm *sampler) {
	body := []jen.Code{
		jen.Id("eventDocs").Op(":=").Add(s.contractTest("LoadEvents")).Call(jen.Id("t"), jen.Lit("asyncapi.yaml"), jen.Lit("events")),
	}
	for _, a := range s.c.Aggregates {
		if len(a.Events) > 0 {
			body = append(body, s.publishedEvents(f, sm, a)...)
		}
	}
	for _, e := range s.x.Consumed {
		from := e.Aggregate.Context
		cp := s.contractPkg(from)
		f.ImportName(cp, contractPkgName(from))
		sm.named = s.contractTypes(from)
		body = append(body, jen.Id("eventDocs").Dot("Read").Call(jen.Id("t"), jen.Lit(ir.EventType(s.m, e)), sm.fields(jen.Qual(cp, e.Ident()), e.AllFields(), nil), jen.Qual(cp, e.Ident()).Values()))
		body = append(body, s.readEarlierVersions(sm, cp, e)...)
	}
	doc(f, "TestEvents checks the JSON of every event the service publishes, as its messaging package writes it from the event's example, and of every event it reads, as its copy of the event writes it, against the event's JSON Schema and its message in asyncapi.yaml: first with every field set, formats checked, then with none set, whose dates Go writes as 0000-00-00, which is no date.")
	f.Func().Id("TestEvents").Params(tT()).Block(body...)
	f.Line()
}

// publishedEvents are the statements of TestEvents that check the events
// of an aggregate: each event's example, with its metadata set, and an
// empty one, through the messaging package.
func (s *service) publishedEvents(f *jen.File, sm *sampler, a *model.Aggregate) []jen.Code {
	ap := s.aggregatePkg(a)
	sm.named = s.domainTypes
	f.ImportName(s.examplesPkg(a), aggregatePkgName(a)+"test")
	meta := "meta" + a.Ident()
	var rows []jen.Code
	for _, e := range a.Events {
		rows = append(rows, jen.Values(jen.Qual(s.examplesPkg(a), e.Ident()).Call(), jen.Op("&").Qual(ap, e.Ident()).Values()))
	}
	return []jen.Code{
		jen.Id(meta).Op(":=").Add(sm.fields(jen.Qual(ap, metaType(a)), a.Events[0].AllFields()[:4], nil)),
		jen.For(jen.List(jen.Id("_"), jen.Id("sampleEvent")).Op(":=").Range().Index().Struct(jen.List(jen.Id("example"), jen.Id("empty")).Qual(ap, eventIface(a))).Add(multiline(rows...))).Block(
			jen.Op("*").Id("sampleEvent").Dot("example").Dot("EventMeta").Call().Op("=").Id(meta),
			jen.Id("eventDocs").Dot("Published").Call(jen.Id("t"), jen.Id("sampleEvent").Dot("example").Dot("EventType").Call(), s.contractTest("Messages").Call(jen.Id("t"), jen.Qual(s.messagingPkg(), fromFunc(a)), jen.Id("sampleEvent").Dot("example"), jen.Id("sampleEvent").Dot("empty")).Op("...")),
		),
	}
}

// routesTest emits the test that every operation of openapi.yaml is served.
func (s *service) routesTest(f *jen.File) {
	doc(f, "TestEveryOperationIsServed calls every operation openapi.yaml lists, with x for its path parameters and no body: each answers with a status and a body the document lists for it.")
	f.Func().Id("TestEveryOperationIsServed").Params(tT()).Block(
		jen.Id("newAPIClient").Call(jen.Id("t")).Dot("CallEveryOperation").Call(jen.Id("t")),
	)
	f.Line()
}

// aggregateBodiesTest emits the test of an aggregate's routes with every
// field of their bodies set.
func (s *service) aggregateBodiesTest(f *jen.File, sm *sampler, a *model.Aggregate) {
	g := s.newAgg(a)
	sm.named = s.domainTypes
	getRoute := "/" + a.Kebab() + "/{id}"
	body := []jen.Code{
		jen.Id("apiClient").Op(":=").Id("newAPIClient").Call(jen.Id("t")),
		jen.Id("aggResource").Op(":=").Id("apiClient").Dot("Resource").Call(jen.Lit(s.missingKey(a.IDField().Type))),
	}
	request := func(c *model.Command) jen.Code {
		return jen.Qual(s.httpPkg(), "New"+requestType(c)).Call(jen.Qual(s.examplesPkg(a), c.Ident()).Call())
	}
	creating := ""
	for _, c := range a.Commands {
		if c.Creates && creating == "" {
			creating = c.Name
			body = append(body, jen.Id("aggResource").Dot("Create").Call(jen.Id("t"), jen.Lit("/"+a.Kebab()+"/"+c.Kebab()), request(c), jen.Lit(a.IDField().JSON())))
		}
	}
	for _, c := range a.Commands {
		if !c.Creates {
			body = append(body, jen.Id("aggResource").Dot("Change").Call(jen.Id("t"), jen.Lit(getRoute+"/"+c.Kebab()), request(c)))
		}
	}
	body = append(body,
		jen.Id("aggResource").Dot("Read").Call(jen.Id("t"), jen.Lit(getRoute)),
		jen.Comment("The state as the API writes it, with every field set."),
		jen.Id("apiClient").Dot("CheckAnswer").Call(jen.Id("t"), jen.Lit(getRoute), jen.Qual(s.httpPkg(), "New"+responseType(a)).Call(sm.fields(jen.Qual(s.aggregatePkg(a), a.Ident()), g.stateAll(), stateFieldIdent))),
	)
	if a.IDType == model.UUID {
		body = append(body, jen.Id("apiClient").Dot("Expect").Call(jen.Id("t"), jen.Lit("GET"), jen.Lit(getRoute), jen.Lit("/"+a.Kebab()+"/not-an-id"), jen.Nil(), jen.Qual("net/http", "StatusBadRequest")))
	}
	what := "can be read"
	if creating != "" {
		what = "created by " + creating + ", read and changed"
	}
	doc(f, "Test%sBodies checks the routes of %s against openapi.yaml with every field of their bodies set: one %s, and one that is missing.", a.Ident(), article(a.Name), what)
	f.Func().Id("Test" + a.Ident() + "Bodies").Params(tT()).Block(body...)
	f.Line()
}

// readModelBodiesTest emits the test of a read model's routes.
func (s *service) readModelBodiesTest(f *jen.File, sm *sampler, r *model.ReadModel) {
	sm.named = s.domainTypes
	route := "/" + r.Kebab()
	rowRoute := route + "/{key}"
	expect := func(op, path string, want string) jen.Code {
		return jen.Id("apiClient").Dot("Expect").Call(jen.Id("t"), jen.Lit("GET"), jen.Lit(op), jen.Lit(path), jen.Nil(), jen.Qual("net/http", want))
	}
	doc(f, "Test%sBodies checks the routes of %s against openapi.yaml: a missing row, an empty page and a bad limit, and a row with every field set.", r.Ident(), r.Name)
	f.Func().Id("Test"+r.Ident()+"Bodies").Params(tT()).Block(
		jen.Id("apiClient").Op(":=").Id("newAPIClient").Call(jen.Id("t")),
		expect(rowRoute, route+"/"+s.missingKey(r.KeyField().Type), "StatusNotFound"),
		expect(route, route+"?limit=10", "StatusOK"),
		expect(route, route+"?limit=0", "StatusBadRequest"),
		jen.Comment("A row as the API writes it, with every field set."),
		jen.Id("apiClient").Dot("CheckAnswer").Call(jen.Id("t"), jen.Lit(rowRoute), jen.Qual(s.httpPkg(), "New"+rowResponseType(r)).Call(sm.fields(jen.Qual(s.queryPkg(), r.Ident()), r.Fields, nil))),
	)
	f.Line()
}

// stateAll are the fields of an aggregate's state: its id, its version,
// then the others.
func (g *agg) stateAll() []*model.Field {
	return append([]*model.Field{g.a.IDField(), {Name: "version", Type: &model.TypeRef{Kind: model.Scalar, Scalar: model.Int}}}, g.stateFields()...)
}
