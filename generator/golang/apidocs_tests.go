package golang

import (
	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/generator/ir"
	"eventstorm/model"
)

// Import paths of what the contract tests use to read and apply the
// documents.
const (
	jsonschemaPkg = "github.com/santhosh-tekuri/jsonschema/v6"
	yamlPkg       = "go.yaml.in/yaml/v3"
)

// The generated contract test lives in the api folder beside the documents
// it reads. Its top-level names and the locals of functions that use the
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
	f.ImportName(jsonschemaPkg, "jsonschema")
	f.ImportName(yamlPkg, "yaml")
	f.ImportName(s.servicePkg(), "service")
	f.ImportName(s.messagePkg(), "message")
	f.ImportName(s.messagingPkg(), "messaging")
	f.ImportName(s.queryPkg(), "query")
	f.ImportName(s.domainPkg(), "domain")
	for _, a := range s.c.Aggregates {
		f.ImportName(s.aggregatePkg(a), aggregatePkgName(a))
	}
	pkgDoc(f, "Package api holds the contracts of the %s service: openapi.yaml, asyncapi.yaml and the JSON Schema of each event in events/. Its tests check them against what the service's code writes, so that they cannot drift apart.", s.c.Name)
	sm := &sampler{s: s, busy: map[*model.Type]bool{}}
	contractHelpers(f)
	s.apiHelpers(f)
	if len(s.contractEvents()) > 0 {
		s.eventHelpers(f)
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

// contractHelpers emits what reads the documents and checks values against
// their schemas.
func contractHelpers(f *jen.File) {
	readDocumentHelper(f)
	f.Line()
	contractDocType(f)
	f.Line()
	loadContractHelper(f)
	f.Line()
	jsonPointerHelper(f)
	f.Line()
	contractDocAt(f)
	f.Line()
	contractDocValidate(f)
	f.Line()
	mustMarshalHelper(f)
	f.Line()
}

// apiHelpers emits the client of the service's HTTP API that checks every
// exchange against openapi.yaml.
func (s *service) apiHelpers(f *jen.File) {
	apiClientType(f)
	f.Line()
	s.newAPIClientHelper(f)
	f.Line()
	apiClientCall(f)
	f.Line()
	wantStatusHelper(f)
	f.Line()
	if len(s.c.Aggregates) == 0 {
		return
	}
	f.Line()
	memberOfHelper(f)
	f.Line()
}

// readDocumentHelper emits readDocument, which reads a YAML or JSON document.
func readDocumentHelper(f *jen.File) {
	doc(f, "readDocument reads a YAML or JSON document as the value jsonschema works on.")
	f.Func().Id("readDocument").Params(tT(), jen.Id("name").String()).Any().Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.List(jen.Id("data"), jen.Err()).Op(":=").Qual("os", "ReadFile").Call(jen.Id("name")),
		fatalErr(),
		jen.Var().Id("v").Any(),
		jen.If(jen.Err().Op(":=").Qual(yamlPkg, "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("v")), jen.Err().Op("!=").Nil()).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("%s: %v"), jen.Id("name"), jen.Err()),
		),
		jen.List(jen.Id("data"), jen.Err()).Op("=").Qual("encoding/json", "Marshal").Call(jen.Id("v")),
		fatalErr(),
		jen.List(jen.Id("doc"), jen.Err()).Op(":=").Qual(jsonschemaPkg, "UnmarshalJSON").Call(jen.Qual("bytes", "NewReader").Call(jen.Id("data"))),
		fatalErr(),
		jen.Return(jen.Id("doc")),
	)
}

// contractDocType emits contractDoc, a document with the compilers of its
// schemas.
func contractDocType(f *jen.File) {
	doc(f, "contractDoc is a contract document, whose schemas check values.")
	f.Type().Id("contractDoc").Struct(
		jen.Id("name").String(),
		jen.Id("doc").Any(),
		jen.Comment("formats checks the formats too (uuid, date, date-time...); shapes leaves them as annotations."),
		jen.List(jen.Id("formats"), jen.Id("shapes")).Op("*").Qual(jsonschemaPkg, "Compiler"),
	)
}

// loadContractHelper emits loadContract, which reads a document and makes
// its compilers.
func loadContractHelper(f *jen.File) {
	doc(f, "loadContract reads a document whose schemas are of a draft unless they say otherwise: OpenAPI 3.1's are 2020-12, AsyncAPI 3.0's draft-07. Without formats, they are read as 2020-12, whose keywords the documents use as draft-07 does, with formats as annotations.")
	f.Func().Id("loadContract").Params(tT(), jen.Id("name").String(), jen.Id("draft").Op("*").Qual(jsonschemaPkg, "Draft")).Op("*").Id("contractDoc").Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.Id("d").Op(":=").Op("&").Id("contractDoc").Add(lit(kv("name", jen.Id("name")), kv("doc", jen.Id("readDocument").Call(jen.Id("t"), jen.Id("name"))), kv("formats", jen.Qual(jsonschemaPkg, "NewCompiler").Call()), kv("shapes", jen.Qual(jsonschemaPkg, "NewCompiler").Call()))),
		jen.Id("d").Dot("formats").Dot("DefaultDraft").Call(jen.Id("draft")),
		jen.Id("d").Dot("formats").Dot("AssertFormat").Call(),
		jen.Id("d").Dot("shapes").Dot("DefaultDraft").Call(jen.Qual(jsonschemaPkg, "Draft2020")),
		jen.For(jen.List(jen.Id("_"), jen.Id("c")).Op(":=").Range().Index().Op("*").Qual(jsonschemaPkg, "Compiler").Values(jen.Id("d").Dot("formats"), jen.Id("d").Dot("shapes"))).Block(
			jen.If(jen.Err().Op(":=").Id("c").Dot("AddResource").Call(jen.Id("name"), jen.Id("d").Dot("doc")), jen.Err().Op("!=").Nil()).Block(
				jen.Id("t").Dot("Fatal").Call(jen.Err()),
			),
		),
		jen.Return(jen.Id("d")),
	)
}

// jsonPointerHelper emits jsonPointer, which joins tokens into a JSON
// pointer.
func jsonPointerHelper(f *jen.File) {
	doc(f, "jsonPointer joins tokens into a JSON pointer.")
	f.Func().Id("jsonPointer").Params(jen.Id("tokens").Op("...").String()).String().Block(
		jen.Var().Id("b").Qual("strings", "Builder"),
		jen.For(jen.List(jen.Id("_"), jen.Id("tok")).Op(":=").Range().Id("tokens")).Block(
			jen.Id("b").Dot("WriteString").Call(jen.Lit("/").Op("+").Qual("strings", "NewReplacer").Call(jen.Lit("~"), jen.Lit("~0"), jen.Lit("/"), jen.Lit("~1")).Dot("Replace").Call(jen.Id("tok"))),
		),
		jen.Return(jen.Id("b").Dot("String").Call()),
	)
}

// contractDocAt emits contractDoc.at, which finds the value at a JSON
// pointer, following a $ref.
func contractDocAt(f *jen.File) {
	doc(f, "at returns the value at a JSON pointer of the document, following the $ref it finds there, and the pointer it was found at; nil when there is none.")
	f.Func().Params(jen.Id("d").Op("*").Id("contractDoc")).Id("at").Params(jen.Id("pointer").String()).Params(jen.Any(), jen.String()).Block(
		jen.Id("v").Op(":=").Id("d").Dot("doc"),
		jen.For(jen.List(jen.Id("_"), jen.Id("tok")).Op(":=").Range().Qual("strings", "Split").Call(jen.Id("pointer"), jen.Lit("/")).Index(jen.Lit(1), jen.Empty())).Block(
			jen.List(jen.Id("m"), jen.Id("_")).Op(":=").Id("v").Assert(jen.Map(jen.String()).Any()),
			jen.Id("v").Op("=").Id("m").Index(jen.Qual("strings", "NewReplacer").Call(jen.Lit("~1"), jen.Lit("/"), jen.Lit("~0"), jen.Lit("~")).Dot("Replace").Call(jen.Id("tok"))),
		),
		jen.If(jen.List(jen.Id("m"), jen.Id("ok")).Op(":=").Id("v").Assert(jen.Map(jen.String()).Any()), jen.Id("ok")).Block(
			jen.If(jen.List(jen.Id("ref"), jen.Id("ok")).Op(":=").Id("m").Index(jen.Lit("$ref")).Assert(jen.String()), jen.Id("ok").Op("&&").Qual("strings", "HasPrefix").Call(jen.Id("ref"), jen.Lit("#/"))).Block(
				jen.Return(jen.Id("d").Dot("at").Call(jen.Id("ref").Index(jen.Lit(1), jen.Empty()))),
			),
		),
		jen.Return(jen.Id("v"), jen.Id("pointer")),
	)
}

// contractDocValidate emits contractDoc.validate, which checks JSON against
// the schema at a JSON pointer.
func contractDocValidate(f *jen.File) {
	doc(f, "validate checks JSON against the schema at a JSON pointer of the document, and the formats of its strings if asked to.")
	f.Func().Params(jen.Id("d").Op("*").Id("contractDoc")).Id("validate").Params(tT(), jen.Id("pointer").String(), jen.Id("data").Index().Byte(), jen.Id("formats").Bool()).Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.Id("c").Op(":=").Id("d").Dot("shapes"),
		jen.If(jen.Id("formats")).Block(jen.Id("c").Op("=").Id("d").Dot("formats")),
		jen.List(jen.Id("schema"), jen.Err()).Op(":=").Id("c").Dot("Compile").Call(jen.Id("d").Dot("name").Op("+").Lit("#").Op("+").Id("pointer")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatalf").Call(jen.Lit("%s#%s: %v"), jen.Id("d").Dot("name"), jen.Id("pointer"), jen.Err())),
		jen.List(jen.Id("v"), jen.Err()).Op(":=").Qual(jsonschemaPkg, "UnmarshalJSON").Call(jen.Qual("bytes", "NewReader").Call(jen.Id("data"))),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatalf").Call(jen.Lit("not JSON (%v): %s"), jen.Err(), jen.Id("data"))),
		jen.If(jen.Err().Op(":=").Id("schema").Dot("Validate").Call(jen.Id("v")), jen.Err().Op("!=").Nil()).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit("%s does not match %s#%s: %v"), jen.Id("data"), jen.Id("d").Dot("name"), jen.Id("pointer"), jen.Err()),
		),
	)
}

// mustMarshalHelper emits mustMarshal, which writes a value as JSON.
func mustMarshalHelper(f *jen.File) {
	doc(f, "mustMarshal writes v as JSON.")
	f.Func().Id("mustMarshal").Params(tT(), jen.Id("v").Any()).Index().Byte().Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.List(jen.Id("data"), jen.Err()).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("v")),
		fatalErr(),
		jen.Return(jen.Id("data")),
	)
}

// apiClientType emits apiClient, the test server with its openapi.yaml.
func apiClientType(f *jen.File) {
	doc(f, "apiClient calls the service's HTTP API, served with in-memory adapters, and checks each exchange against openapi.yaml.")
	f.Type().Id("apiClient").Struct(
		jen.Id("srv").Op("*").Qual("net/http/httptest", "Server"),
		jen.Id("doc").Op("*").Id("contractDoc"),
	)
}

// newAPIClientHelper emits newAPIClient, which serves the service's API
// with in-memory adapters.
func (s *service) newAPIClientHelper(f *jen.File) {
	doc(f, "newAPIClient serves the service's API until the test ends.")
	f.Func().Id("newAPIClient").Params(tT()).Op("*").Id("apiClient").Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.List(jen.Id("svc"), jen.Err()).Op(":=").Qual(s.servicePkg(), "New").Call(jen.Qual("context", "Background").Call(), jen.Qual(s.servicePkg(), "Config").Values(), jen.Qual("log/slog", "New").Call(jen.Qual("log/slog", "DiscardHandler"))),
		fatalErr(),
		jen.Id("srv").Op(":=").Qual("net/http/httptest", "NewServer").Call(jen.Id("svc").Dot("Handler").Call()),
		jen.Id("t").Dot("Cleanup").Call(jen.Id("srv").Dot("Close")),
		jen.Return(jen.Op("&").Id("apiClient").Add(lit(kv("srv", jen.Id("srv")), kv("doc", jen.Id("loadContract").Call(jen.Id("t"), jen.Lit("openapi.yaml"), jen.Qual(jsonschemaPkg, "Draft2020")))))),
	)
}

// apiClientCall emits apiClient.call, which sends a request and checks the
// exchange against openapi.yaml.
func apiClientCall(f *jen.File) {
	doc(f, "call sends a request to path, which matches route, and checks it against the route's operation in openapi.yaml: the body, if any, against the request's schema; the answer's status, media type, required headers and body against the operation's responses. It returns the answer's status and body.")
	f.Func().Params(jen.Id("c").Op("*").Id("apiClient")).Id("call").Params(tT(), jen.List(jen.Id("method"), jen.Id("route"), jen.Id("path")).String(), jen.Id("body").Index().Byte()).Params(jen.Int(), jen.Index().Byte()).Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.Id("op").Op(":=").Id("jsonPointer").Call(jen.Lit("paths"), jen.Id("route"), jen.Qual("strings", "ToLower").Call(jen.Id("method"))),
		jen.If(jen.List(jen.Id("v"), jen.Id("_")).Op(":=").Id("c").Dot("doc").Dot("at").Call(jen.Id("op")), jen.Id("v").Op("==").Nil()).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("openapi.yaml has no operation %s %s"), jen.Id("method"), jen.Id("route")),
		),
		jen.If(jen.Id("body").Op("!=").Nil()).Block(
			jen.Id("c").Dot("doc").Dot("validate").Call(jen.Id("t"), jen.Id("op").Op("+").Id("jsonPointer").Call(jen.Lit("requestBody"), jen.Lit("content"), jen.Lit("application/json"), jen.Lit("schema")), jen.Id("body"), jen.True()),
		),
		jen.List(jen.Id("req"), jen.Err()).Op(":=").Qual("net/http", "NewRequest").Call(jen.Id("method"), jen.Id("c").Dot("srv").Dot("URL").Op("+").Id("path"), jen.Qual("bytes", "NewReader").Call(jen.Id("body"))),
		fatalErr(),
		jen.If(jen.Id("body").Op("!=").Nil()).Block(
			jen.Id("req").Dot("Header").Dot("Set").Call(jen.Lit("Content-Type"), jen.Lit("application/json")),
		),
		jen.List(jen.Id("resp"), jen.Err()).Op(":=").Id("c").Dot("srv").Dot("Client").Call().Dot("Do").Call(jen.Id("req")),
		fatalErr(),
		jen.Defer().Id("resp").Dot("Body").Dot("Close").Call(),
		jen.List(jen.Id("data"), jen.Err()).Op(":=").Qual("io", "ReadAll").Call(jen.Id("resp").Dot("Body")),
		fatalErr(),
		jen.List(jen.Id("answer"), jen.Id("at")).Op(":=").Id("c").Dot("doc").Dot("at").Call(jen.Id("op").Op("+").Id("jsonPointer").Call(jen.Lit("responses"), jen.Qual("strconv", "Itoa").Call(jen.Id("resp").Dot("StatusCode")))),
		jen.If(jen.Id("answer").Op("==").Nil()).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("%s %s answered %d, which openapi.yaml does not list: %s"), jen.Id("method"), jen.Id("path"), jen.Id("resp").Dot("StatusCode"), jen.Id("data")),
		),
		jen.List(jen.Id("media"), jen.Id("_"), jen.Id("_")).Op(":=").Qual("mime", "ParseMediaType").Call(jen.Id("resp").Dot("Header").Dot("Get").Call(jen.Lit("Content-Type"))),
		jen.If(jen.List(jen.Id("v"), jen.Id("_")).Op(":=").Id("c").Dot("doc").Dot("at").Call(jen.Id("at").Op("+").Id("jsonPointer").Call(jen.Lit("content"), jen.Id("media"))), jen.Id("v").Op("==").Nil()).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("%s %s answered %d as %q, which openapi.yaml does not list"), jen.Id("method"), jen.Id("path"), jen.Id("resp").Dot("StatusCode"), jen.Id("media")),
		),
		jen.List(jen.Id("headers"), jen.Id("_")).Op(":=").Id("c").Dot("doc").Dot("at").Call(jen.Id("at").Op("+").Lit("/headers")),
		jen.List(jen.Id("listed"), jen.Id("_")).Op(":=").Id("headers").Assert(jen.Map(jen.String()).Any()),
		jen.For(jen.List(jen.Id("name"), jen.Id("h")).Op(":=").Range().Id("listed")).Block(
			jen.If(jen.List(jen.Id("h"), jen.Id("_")).Op(":=").Id("h").Assert(jen.Map(jen.String()).Any()), jen.Id("h").Index(jen.Lit("required")).Op("==").True().Op("&&").Id("resp").Dot("Header").Dot("Get").Call(jen.Id("name")).Op("==").Lit("")).Block(
				jen.Id("t").Dot("Errorf").Call(jen.Lit("%s %s answered %d without its header %s"), jen.Id("method"), jen.Id("path"), jen.Id("resp").Dot("StatusCode"), jen.Id("name")),
			),
		),
		jen.If(jen.Qual("strings", "HasSuffix").Call(jen.Id("media"), jen.Lit("json"))).Block(
			jen.Comment("An answer may hold a date the service never set, which Go writes as 0000-00-00: no date. The formats are checked on the bodies the tests fill."),
			jen.Id("c").Dot("doc").Dot("validate").Call(jen.Id("t"), jen.Id("at").Op("+").Id("jsonPointer").Call(jen.Lit("content"), jen.Id("media"), jen.Lit("schema")), jen.Id("data"), jen.False()),
		),
		jen.Return(jen.Id("resp").Dot("StatusCode"), jen.Id("data")),
	)
}

// wantStatusHelper emits wantStatus, which fails a test on a status not
// wanted.
func wantStatusHelper(f *jen.File) {
	doc(f, "wantStatus fails the test unless status is one of those wanted.")
	f.Func().Id("wantStatus").Params(tT(), jen.Id("what").String(), jen.Id("status").Int(), jen.Id("body").Index().Byte(), jen.Id("wanted").Op("...").Int()).Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.If(jen.Op("!").Qual("slices", "Contains").Call(jen.Id("wanted"), jen.Id("status"))).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("%s: status %d, want one of %v: %s"), jen.Id("what"), jen.Id("status"), jen.Id("wanted"), jen.Id("body")),
		),
	)
}

// memberOfHelper emits memberOf, which returns a member of a JSON object as
// text.
func memberOfHelper(f *jen.File) {
	doc(f, "memberOf returns a member of a JSON object as text.")
	f.Func().Id("memberOf").Params(tT(), jen.Id("data").Index().Byte(), jen.Id("name").String()).String().Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.Var().Id("members").Map(jen.String()).Any(),
		jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("members")), jen.Err().Op("!=").Nil()).Block(
			jen.Id("t").Dot("Fatal").Call(jen.Err()),
		),
		jen.Return(jen.Qual("fmt", "Sprint").Call(jen.Id("members").Index(jen.Id("name")))),
	)
}

// eventHelpers emits the checks of an event's JSON and of a message.
func (s *service) eventHelpers(f *jen.File) {
	doc(f, "checkPayload checks an event's JSON against its JSON Schema and against its message's payload in asyncapi.yaml, and the formats of its strings if asked to.")
	f.Func().Id("checkPayload").Params(tT(), jen.List(jen.Id("asyncDoc"), jen.Id("schemaDoc")).Op("*").Id("contractDoc"), jen.Id("ceType").String(), jen.Id("data").Index().Byte(), jen.Id("formats").Bool()).Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.Id("schemaDoc").Dot("validate").Call(jen.Id("t"), jen.Lit(""), jen.Id("data"), jen.Id("formats")),
		jen.Id("asyncDoc").Dot("validate").Call(jen.Id("t"), jen.Id("jsonPointer").Call(jen.Lit("components"), jen.Lit("messages"), jen.Id("ceType"), jen.Lit("payload")), jen.Id("data"), jen.Id("formats")),
	)
	f.Line()
	if len(s.c.Aggregates) == 0 {
		return
	}
	doc(f, "checkMessage checks a message the service publishes against its event's JSON Schema and its message in asyncapi.yaml: the payload (and its formats if asked to), the CloudEvents headers the Kafka adapter writes from it, the key and the topic.")
	f.Func().Id("checkMessage").Params(tT(), jen.List(jen.Id("asyncDoc"), jen.Id("schemaDoc")).Op("*").Id("contractDoc"), jen.Id("ceType").String(), jen.Id("m").Qual(s.messagePkg(), "Message"), jen.Id("formats").Bool()).Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.Id("checkPayload").Call(jen.Id("t"), jen.Id("asyncDoc"), jen.Id("schemaDoc"), jen.Id("ceType"), jen.Id("m").Dot("Data"), jen.Id("formats")),
		jen.Id("msg").Op(":=").Id("jsonPointer").Call(jen.Lit("components"), jen.Lit("messages"), jen.Id("ceType")),
		jen.Id("headers").Op(":=").Map(jen.String()).String().Values(
			jen.Lit("ce_specversion").Op(":").Lit("1.0"),
			jen.Lit("ce_id").Op(":").Id("m").Dot("ID"),
			jen.Lit("ce_type").Op(":").Id("m").Dot("Type"),
			jen.Lit("ce_source").Op(":").Id("m").Dot("Source"),
			jen.Lit("ce_time").Op(":").Id("m").Dot("Time").Dot("UTC").Call().Dot("Format").Call(jen.Qual("time", "RFC3339Nano")),
			jen.Lit("content-type").Op(":").Lit("application/json"),
		),
		jen.Id("asyncDoc").Dot("validate").Call(jen.Id("t"), jen.Id("msg").Op("+").Lit("/headers"), jen.Id("mustMarshal").Call(jen.Id("t"), jen.Id("headers")), jen.True()),
		jen.Id("asyncDoc").Dot("validate").Call(jen.Id("t"), jen.Id("msg").Op("+").Lit("/bindings/kafka/key"), jen.Id("mustMarshal").Call(jen.Id("t"), jen.Id("m").Dot("Key")), jen.True()),
		jen.If(jen.List(jen.Id("address"), jen.Id("_")).Op(":=").Id("asyncDoc").Dot("at").Call(jen.Id("jsonPointer").Call(jen.Lit("channels"), jen.Id("m").Dot("Topic"), jen.Lit("address"))), jen.Id("address").Op("!=").Id("m").Dot("Topic")).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit("%s goes to the topic %s, which asyncapi.yaml has no channel for"), jen.Id("ceType"), jen.Id("m").Dot("Topic")),
		),
	)
	f.Line()
}

// eventsTest emits the test of every event the service publishes or reads.
func (s *service) eventsTest(f *jen.File, sm *sampler) {
	body := []jen.Code{
		jen.Id("asyncDoc").Op(":=").Id("loadContract").Call(jen.Id("t"), jen.Lit("asyncapi.yaml"), jen.Qual(jsonschemaPkg, "Draft7")),
	}
	schemaDoc := func(e *model.Event) jen.Code {
		return jen.Id("schemaDoc").Op(":=").Id("loadContract").Call(jen.Id("t"), jen.Lit(eventSchemaFile(s.m, e)), jen.Qual(jsonschemaPkg, "Draft2020"))
	}
	for _, a := range s.c.Aggregates {
		ap := s.aggregatePkg(a)
		sm.named = s.domainTypes
		f.ImportName(s.examplesPkg(a), aggregatePkgName(a)+"test")
		for _, e := range a.Events {
			body = append(body, jen.Id("t").Dot("Run").Call(jen.Lit("publishes "+ir.EventType(s.m, e)), jen.Func().Params(tT()).Block(
				schemaDoc(e),
				jen.Id("example").Op(":=").Qual(s.examplesPkg(a), e.Ident()).Call(),
				jen.Id("example").Dot(metaType(a)).Op("=").Add(sm.fields(jen.Qual(ap, metaType(a)), e.AllFields()[:4], nil)),
				jen.For(jen.List(jen.Id("i"), jen.Id("sampleEvent")).Op(":=").Range().Index().Qual(ap, eventIface(a)).Values(jen.Id("example"), jen.Op("&").Qual(ap, e.Ident()).Values())).Block(
					jen.List(jen.Id("outMsg"), jen.Err()).Op(":=").Qual(s.messagingPkg(), fromFunc(a)).Call(jen.Id("sampleEvent")),
					fatalErr(),
					jen.Id("checkMessage").Call(jen.Id("t"), jen.Id("asyncDoc"), jen.Id("schemaDoc"), jen.Lit(ir.EventType(s.m, e)), jen.Id("outMsg"), jen.Id("i").Op("==").Lit(0)),
				),
			)))
		}
	}
	for _, e := range s.x.Consumed {
		from := e.Aggregate.Context
		cp := s.contractPkg(from)
		f.ImportName(cp, contractPkgName(from))
		sm.named = s.contractTypes(from)
		body = append(body, jen.Id("t").Dot("Run").Call(jen.Lit("reads "+ir.EventType(s.m, e)), jen.Func().Params(tT()).Block(
			schemaDoc(e),
			jen.For(jen.List(jen.Id("i"), jen.Id("sampleEvent")).Op(":=").Range().Index().Any().Values(sm.fields(jen.Qual(cp, e.Ident()), e.AllFields(), nil), jen.Qual(cp, e.Ident()).Values())).Block(
				jen.Id("checkPayload").Call(jen.Id("t"), jen.Id("asyncDoc"), jen.Id("schemaDoc"), jen.Lit(ir.EventType(s.m, e)), jen.Id("mustMarshal").Call(jen.Id("t"), jen.Id("sampleEvent")), jen.Id("i").Op("==").Lit(0)),
			),
		)))
	}
	doc(f, "TestEvents checks the JSON of every event the service publishes, as its messaging package writes it from the event's example, and of every event it reads, as its copy of the event writes it, against the event's JSON Schema and its message in asyncapi.yaml: first with every field set, formats checked, then with none set, whose dates Go writes as 0000-00-00, which is no date.")
	f.Func().Id("TestEvents").Params(tT()).Block(body...)
	f.Line()
}

// routesTest emits the test that every operation of openapi.yaml is served.
func (s *service) routesTest(f *jen.File) {
	doc(f, "TestEveryOperationIsServed calls every operation openapi.yaml lists, with x for its path parameters and no body: each answers with a status and a body the document lists for it.")
	f.Func().Id("TestEveryOperationIsServed").Params(tT()).Block(
		jen.Id("apiClient").Op(":=").Id("newAPIClient").Call(jen.Id("t")),
		jen.List(jen.Id("paths"), jen.Id("_")).Op(":=").Id("apiClient").Dot("doc").Dot("at").Call(jen.Lit("/paths")),
		jen.List(jen.Id("routes"), jen.Id("_")).Op(":=").Id("paths").Assert(jen.Map(jen.String()).Any()),
		jen.If(jen.Len(jen.Id("routes")).Op("==").Lit(0)).Block(jen.Id("t").Dot("Fatal").Call(jen.Lit("openapi.yaml lists no paths"))),
		jen.Id("param").Op(":=").Qual("regexp", "MustCompile").Call(jen.Lit(`\{[^}]*\}`)),
		jen.For(jen.Id("route").Op(":=").Range().Id("routes")).Block(
			jen.List(jen.Id("methods"), jen.Id("_")).Op(":=").Id("routes").Index(jen.Id("route")).Assert(jen.Map(jen.String()).Any()),
			jen.For(jen.Id("method").Op(":=").Range().Id("methods")).Block(
				jen.Id("apiClient").Dot("call").Call(jen.Id("t"), jen.Qual("strings", "ToUpper").Call(jen.Id("method")), jen.Id("route"), jen.Id("param").Dot("ReplaceAllString").Call(jen.Id("route"), jen.Lit("x")), jen.Nil()),
			),
		),
	)
	f.Line()
}

// aggregateBodiesTest emits the test of an aggregate's routes with every
// field of their bodies set.
func (s *service) aggregateBodiesTest(f *jen.File, sm *sampler, a *model.Aggregate) {
	g := s.newAgg(a)
	ap := s.aggregatePkg(a)
	sm.named = s.domainTypes
	missing := s.missingKey(a.IDField().Type)
	getRoute := "/" + a.Kebab() + "/{id}"
	call := func(method, route string, path jen.Code, body jen.Code) jen.Code {
		return jen.List(jen.Id("statusCode"), jen.Id("respBody")).Op("=").Id("apiClient").Dot("call").Call(jen.Id("t"), jen.Lit(method), jen.Lit(route), path, body)
	}
	body := []jen.Code{
		jen.Id("apiClient").Op(":=").Id("newAPIClient").Call(jen.Id("t")),
		jen.Var().Id("statusCode").Int(),
		jen.Var().Id("respBody").Index().Byte(),
		jen.Id("aggID").Op(":=").Lit(missing),
		jen.Id("foundStatus").Op(":=").Qual("net/http", "StatusNotFound"),
	}
	creating := ""
	for _, c := range a.Commands {
		if c.Creates {
			creating = c.Name
			route := "/" + a.Kebab() + "/" + c.Kebab()
			body = append(body,
				call("POST", route, jen.Lit(route), jen.Id("mustMarshal").Call(jen.Id("t"), jen.Qual(s.httpPkg(), "New"+requestType(c)).Call(jen.Qual(s.examplesPkg(a), c.Ident()).Call()))),
				jen.Id("wantStatus").Call(jen.Id("t"), jen.Lit("POST "+route), jen.Id("statusCode"), jen.Id("respBody"), jen.Qual("net/http", "StatusCreated"), jen.Qual("net/http", "StatusUnprocessableEntity")),
				jen.If(jen.Id("statusCode").Op("==").Qual("net/http", "StatusCreated")).Block(
					jen.Id("aggID").Op("=").Id("memberOf").Call(jen.Id("t"), jen.Id("respBody"), jen.Lit(a.IDField().JSON())),
					jen.Id("foundStatus").Op("=").Qual("net/http", "StatusOK"),
				),
			)
			break
		}
	}
	for _, c := range a.Commands {
		if c.Creates {
			continue
		}
		route := "/" + a.Kebab() + "/{id}/" + c.Kebab()
		body = append(body,
			call("POST", route, jen.Lit("/"+a.Kebab()+"/").Op("+").Id("aggID").Op("+").Lit("/"+c.Kebab()), jen.Id("mustMarshal").Call(jen.Id("t"), jen.Qual(s.httpPkg(), "New"+requestType(c)).Call(jen.Qual(s.examplesPkg(a), c.Ident()).Call()))),
			jen.Id("wantStatus").Call(jen.Id("t"), jen.Lit("POST "+route), jen.Id("statusCode"), jen.Id("respBody"), jen.Id("foundStatus"), jen.Qual("net/http", "StatusUnprocessableEntity")),
		)
	}
	body = append(body,
		call("GET", getRoute, jen.Lit("/"+a.Kebab()+"/").Op("+").Id("aggID"), jen.Nil()),
		jen.Id("wantStatus").Call(jen.Id("t"), jen.Lit("GET "+getRoute), jen.Id("statusCode"), jen.Id("respBody"), jen.Id("foundStatus")),
		jen.Comment("The state as the API writes it, with every field set."),
		jen.Id("apiClient").Dot("doc").Dot("validate").Call(jen.Id("t"), jen.Id("jsonPointer").Call(jen.Lit("paths"), jen.Lit(getRoute), jen.Lit("get"), jen.Lit("responses"), jen.Lit("200"), jen.Lit("content"), jen.Lit("application/json"), jen.Lit("schema")), jen.Id("mustMarshal").Call(jen.Id("t"), jen.Qual(s.httpPkg(), "New"+responseType(a)).Call(sm.fields(jen.Qual(ap, a.Ident()), g.stateAll(), stateFieldIdent))), jen.True()),
	)
	if a.IDType == model.UUID {
		body = append(body,
			call("GET", getRoute, jen.Lit("/"+a.Kebab()+"/not-an-id"), jen.Nil()),
			jen.Id("wantStatus").Call(jen.Id("t"), jen.Lit("GET "+getRoute+" with a bad id"), jen.Id("statusCode"), jen.Id("respBody"), jen.Qual("net/http", "StatusBadRequest")),
		)
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
	call := func(op, path string, want string) []jen.Code {
		return []jen.Code{
			jen.List(jen.Id("statusCode"), jen.Id("respBody")).Op("=").Id("apiClient").Dot("call").Call(jen.Id("t"), jen.Lit("GET"), jen.Lit(op), jen.Lit(path), jen.Nil()),
			jen.Id("wantStatus").Call(jen.Id("t"), jen.Lit("GET "+path), jen.Id("statusCode"), jen.Id("respBody"), jen.Qual("net/http", want)),
		}
	}
	body := []jen.Code{
		jen.Id("apiClient").Op(":=").Id("newAPIClient").Call(jen.Id("t")),
		jen.Var().Id("statusCode").Int(),
		jen.Var().Id("respBody").Index().Byte(),
	}
	body = append(body, call(rowRoute, route+"/"+s.missingKey(r.KeyField().Type), "StatusNotFound")...)
	body = append(body, call(route, route+"?limit=10", "StatusOK")...)
	body = append(body, call(route, route+"?limit=0", "StatusBadRequest")...)
	body = append(body,
		jen.Comment("A row as the API writes it, with every field set."),
		jen.Id("apiClient").Dot("doc").Dot("validate").Call(jen.Id("t"), jen.Id("jsonPointer").Call(jen.Lit("paths"), jen.Lit(rowRoute), jen.Lit("get"), jen.Lit("responses"), jen.Lit("200"), jen.Lit("content"), jen.Lit("application/json"), jen.Lit("schema")), jen.Id("mustMarshal").Call(jen.Id("t"), jen.Qual(s.httpPkg(), "New"+rowResponseType(r)).Call(sm.fields(jen.Qual(s.queryPkg(), r.Ident()), r.Fields, nil))), jen.True()),
	)
	doc(f, "Test%sBodies checks the routes of %s against openapi.yaml: a missing row, an empty page and a bad limit, and a row with every field set.", r.Ident(), r.Name)
	f.Func().Id("Test" + r.Ident() + "Bodies").Params(tT()).Block(body...)
	f.Line()
}

// stateAll are the fields of an aggregate's state: its id, its version,
// then the others.
func (g *agg) stateAll() []*model.Field {
	return append([]*model.Field{g.a.IDField(), {Name: "version", Type: &model.TypeRef{Kind: model.Scalar, Scalar: model.Int}}}, g.stateFields()...)
}
