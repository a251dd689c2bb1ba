package golang

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

// testFile starts a generated external test package (pkg_test) of pkgPath.
func testFile(pkgPath, pkgName string) *jen.File {
	return newFile(pkgPath+"_test", pkgName+"_test", genfile.Generated)
}

// useCaseTests emits a test per command, against the in-memory adapters:
// the command is handled and its state saved, or rejected by a rule with
// nothing saved; a command on a missing aggregate is domain.ErrNotFound.
func (s *service) useCaseTests() {
	if len(s.c.Aggregates) == 0 {
		return
	}
	if len(s.c.ExternalSystems) > 0 {
		s.externalFakes()
	}
	for _, a := range s.c.Aggregates {
		for _, c := range a.Commands {
			s.useCaseTest(a, c)
		}
	}
}

func (s *service) commandTestFile() *jen.File {
	f := testFile(s.commandPkg(), "command")
	f.ImportName(s.commandPkg(), "command")
	f.ImportName(s.memoryPkg(), "memory")
	f.ImportName(s.domainPkg(), "domain")
	for _, a := range s.c.Aggregates {
		f.ImportName(s.aggregatePkg(a), aggregatePkgName(a))
		f.ImportName(s.examplesPkg(a), aggregatePkgName(a)+"test")
	}
	return f
}

func fakeType(x *model.ExternalSystem) string { return "fake" + x.Ident() }

func (s *service) externalFakes() {
	f := s.commandTestFile()
	for _, x := range s.c.ExternalSystems {
		doc(f, "%s answers every call of %s with an empty result.", fakeType(x), x.Name)
		f.Type().Id(fakeType(x)).Struct()
		for _, op := range x.Calls {
			f.Line()
			doc(f, "%s returns an empty result.", op.Ident())
			f.Func().Params(jen.Id(fakeType(x))).Id(op.Ident()).Params(
				jen.Qual("context", "Context"), jen.Qual(s.commandPkg(), op.Ident()+"Request"),
			).Params(jen.Qual(s.commandPkg(), op.Ident()+"Result"), jen.Error()).Block(
				jen.Return(jen.Qual(s.commandPkg(), op.Ident()+"Result").Values(), jen.Nil()),
			)
		}
		f.Line()
	}
	s.add("internal/app/command/fakes_gen_test.go", genfile.Generated, f)
}

func (s *service) useCaseTest(a *model.Aggregate, c *model.Command) {
	f := s.commandTestFile()
	ap := s.aggregatePkg(a)
	id := fieldIdent(a.ID)
	args := []jen.Code{jen.Id("repo")}
	for _, x := range c.UsedSystems() {
		args = append(args, jen.Id(fakeType(x)).Values())
	}
	ctx := jen.Qual("context", "Background").Call()
	body := []jen.Code{
		jen.Id("ctx").Op(":=").Add(ctx),
		jen.Id("repo").Op(":=").Qual(s.memoryPkg(), "New"+repoType(a)).Call(jen.Qual(s.outboxPkg(), "NewMemory").Call()),
		jen.Id("handler").Op(":=").Qual(s.commandPkg(), "New"+handlerType(c)).Call(args...),
	}
	body = append(body, jen.Id("cmd").Op(":=").Qual(s.examplesPkg(a), c.Ident()).Call())
	if !c.Creates {
		body = append(body,
			jen.Id("id").Op(":=").Add(newID(a)),
			jen.If(jen.Err().Op(":=").Id("repo").Dot("Save").Call(jen.Id("ctx"), jen.Op("&").Qual(ap, a.Ident()).Add(lit(kv(id, jen.Id("id")))), jen.Lit(0), jen.Nil()), jen.Err().Op("!=").Nil()).Block(
				jen.Id("t").Dot("Fatal").Call(jen.Err()),
			),
			jen.Id("cmd").Dot(id).Op("=").Id("id"),
		)
	}
	body = append(body,
		jen.List(jen.Id("state"), jen.Err()).Op(":=").Id("handler").Dot("Handle").Call(jen.Id("ctx"), jen.Id("cmd")),
		jen.Var().Id("rule").Op("*").Qual(s.domainPkg(), "RuleError"),
		jen.If(jen.Qual("errors", "As").Call(jen.Err(), jen.Op("&").Id("rule"))).Block(
			jen.Comment("A rule may reject the example on a new state: it must leave no trace."),
			s.assertUntouched(a, c),
		).Else().Block(s.assertSaved(a, c)...),
	)
	if !c.Creates {
		body = append(body,
			jen.Id("cmd").Dot(id).Op("=").Add(newID(a)),
			jen.List(jen.Id("_"), jen.Err()).Op("=").Id("handler").Dot("Handle").Call(jen.Id("ctx"), jen.Id("cmd")),
			jen.If(jen.Op("!").Qual("errors", "Is").Call(jen.Err(), jen.Qual(s.domainPkg(), "ErrNotFound"))).Block(
				jen.Id("t").Dot("Fatalf").Call(jen.Lit(fmt.Sprintf("%s on a missing %s: got %%v, want domain.ErrNotFound", c.Name, a.Name)), jen.Err()),
			),
		)
	}
	what := "saves the new " + a.Name
	if !c.Creates {
		what = "saves the " + a.Name + " it changes, and fails on a missing one"
	}
	doc(f, "Test%s checks that %s %s, unless a rule rejects it.", c.Ident(), c.Name, what)
	f.Func().Id("Test" + c.Ident()).Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(body...)
	s.add("internal/app/command/"+names.Snake(c.Base())+"_gen_test.go", genfile.Generated, f)
}

// assertUntouched checks that a rejected command saved nothing.
func (s *service) assertUntouched(a *model.Aggregate, c *model.Command) jen.Code {
	if c.Creates {
		return jen.If(jen.Id("state").Op("!=").Nil()).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("a rejected command returned a state: %+v"), jen.Id("state")),
		)
	}
	return jen.If(jen.List(jen.Id("stored"), jen.Id("_")).Op(":=").Id("repo").Dot("Load").Call(jen.Id("ctx"), jen.Id("id")), jen.Id("stored").Dot("Version").Op("!=").Lit(0)).Block(
		jen.Id("t").Dot("Fatalf").Call(jen.Lit("a rejected command changed the version to %d"), jen.Id("stored").Dot("Version")),
	)
}

// assertSaved checks that a handled command's state is what was stored.
func (s *service) assertSaved(a *model.Aggregate, c *model.Command) []jen.Code {
	id := fieldIdent(a.ID)
	return []jen.Code{
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit(c.Name+": %v"), jen.Err()),
		),
		jen.List(jen.Id("stored"), jen.Err()).Op(":=").Id("repo").Dot("Load").Call(jen.Id("ctx"), jen.Id("state").Dot(id)),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit(fmt.Sprintf("the %s was not saved: %%v", a.Name)), jen.Err()),
		),
		jen.If(jen.Id("stored").Dot("Version").Op("!=").Id("state").Dot("Version")).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("stored version %d, returned version %d"), jen.Id("stored").Dot("Version"), jen.Id("state").Dot("Version")),
		),
	}
}

// missingKey is a value of a key type that no row has in a fresh service.
func (s *service) missingKey(t *model.TypeRef) string {
	if t.Kind == model.Named {
		if len(t.Type.Enum) > 0 {
			return t.Type.Enum[0].Value
		}
		return "missing"
	}
	switch t.Scalar {
	case model.UUID:
		return "00000000-0000-4000-8000-000000000000"
	case model.Int:
		return "1"
	case model.Date:
		return "2000-01-01"
	case model.Decimal:
		return "1"
	case model.Time:
		return "2000-01-01T00:00:00Z"
	}
	return "missing"
}

// httpTests emits a test of every route of the service's HTTP API,
// through the service's own wiring.
func (s *service) httpTests() {
	f := testFile(s.httpPkg(), "httpapi")
	f.ImportName(s.servicePkg(), "service")
	for _, a := range s.c.Aggregates {
		f.ImportName(s.examplesPkg(a), aggregatePkgName(a)+"test")
	}
	jsonBodyHelper(f)
	doc(f, "newServer serves the service's API with in-memory adapters.")
	f.Func().Id("newServer").Params(jen.Id("t").Op("*").Qual("testing", "T")).Op("*").Qual("net/http/httptest", "Server").Block(
		jen.List(jen.Id("svc"), jen.Err()).Op(":=").Qual(s.servicePkg(), "New").Call(jen.Qual("context", "Background").Call(), jen.Qual(s.servicePkg(), "Config").Values(), jen.Qual("log/slog", "New").Call(jen.Qual("log/slog", "DiscardHandler"))),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err())),
		jen.Id("srv").Op(":=").Qual("net/http/httptest", "NewServer").Call(jen.Id("svc").Dot("Handler").Call()),
		jen.Id("t").Dot("Cleanup").Call(jen.Id("srv").Dot("Close")),
		jen.Return(jen.Id("srv")),
	)
	f.Line()
	doc(f, "call sends a request, its body as JSON, and decodes the JSON answer into a map.")
	f.Func().Id("call").Params(jen.Id("t").Op("*").Qual("testing", "T"), jen.Id("srv").Op("*").Qual("net/http/httptest", "Server"), jen.List(jen.Id("method"), jen.Id("path"), jen.Id("body")).String()).Params(jen.Op("*").Qual("net/http", "Response"), jen.Map(jen.String()).Any()).Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.List(jen.Id("req"), jen.Err()).Op(":=").Qual("net/http", "NewRequest").Call(jen.Id("method"), jen.Id("srv").Dot("URL").Op("+").Id("path"), jen.Qual("strings", "NewReader").Call(jen.Id("body"))),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err())),
		jen.If(jen.Id("body").Op("!=").Lit("")).Block(
			jen.Id("req").Dot("Header").Dot("Set").Call(jen.Lit("Content-Type"), jen.Lit("application/json")),
		),
		jen.List(jen.Id("resp"), jen.Err()).Op(":=").Id("srv").Dot("Client").Call().Dot("Do").Call(jen.Id("req")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err())),
		jen.Defer().Id("resp").Dot("Body").Dot("Close").Call(),
		jen.Var().Id("answer").Map(jen.String()).Any(),
		jen.If(jen.Err().Op(":=").Qual("encoding/json", "NewDecoder").Call(jen.Id("resp").Dot("Body")).Dot("Decode").Call(jen.Op("&").Id("answer")), jen.Err().Op("!=").Nil()).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("%s %s: the answer is not JSON: %v"), jen.Id("method"), jen.Id("path"), jen.Err()),
		),
		jen.Return(jen.Id("resp"), jen.Id("answer")),
	)
	f.Line()
	doc(f, "wantProblem checks that an answer is a problem details object with the status.")
	f.Func().Id("wantProblem").Params(jen.Id("t").Op("*").Qual("testing", "T"), jen.Id("resp").Op("*").Qual("net/http", "Response"), jen.Id("answer").Map(jen.String()).Any(), jen.Id("status").Int()).Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.If(jen.Id("resp").Dot("StatusCode").Op("!=").Id("status")).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("%s %s: status %d, want %d (%v)"), jen.Id("resp").Dot("Request").Dot("Method"), jen.Id("resp").Dot("Request").Dot("URL").Dot("Path"), jen.Id("resp").Dot("StatusCode"), jen.Id("status"), jen.Id("answer")),
		),
		jen.If(jen.Id("ct").Op(":=").Id("resp").Dot("Header").Dot("Get").Call(jen.Lit("Content-Type")), jen.Id("ct").Op("!=").Lit("application/problem+json")).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("Content-Type %q, want application/problem+json"), jen.Id("ct")),
		),
		jen.If(jen.Id("answer").Index(jen.Lit("status")).Op("!=").Float64().Call(jen.Id("status"))).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("problem status %v, want %d"), jen.Id("answer").Index(jen.Lit("status")), jen.Id("status")),
		),
	)
	f.Line()
	doc(f, "TestHealth checks the liveness probe.")
	f.Func().Id("TestHealth").Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(
		jen.List(jen.Id("resp"), jen.Id("_")).Op(":=").Id("call").Call(jen.Id("t"), jen.Id("newServer").Call(jen.Id("t")), jen.Lit("GET"), jen.Lit("/healthz"), jen.Lit("")),
		jen.If(jen.Id("resp").Dot("StatusCode").Op("!=").Qual("net/http", "StatusOK")).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("GET /healthz: status %d"), jen.Id("resp").Dot("StatusCode")),
		),
	)
	for _, a := range s.c.Aggregates {
		s.aggregateRouteTest(f, a)
	}
	for _, r := range s.c.ReadModels {
		s.readModelRouteTest(f, r)
	}
	s.authTest(f)
	s.add("internal/ports/httpapi/api_gen_test.go", genfile.Generated, f)
}

func (s *service) aggregateRouteTest(f *jen.File, a *model.Aggregate) {
	idJSON := names.JSON(a.ID)
	missing := s.missingKey(a.IDField().Type)
	var body []jen.Code
	body = append(body,
		jen.Id("srv").Op(":=").Id("newServer").Call(jen.Id("t")),
		jen.List(jen.Id("resp"), jen.Id("answer")).Op(":=").Id("call").Call(jen.Id("t"), jen.Id("srv"), jen.Lit("GET"), jen.Lit("/"+a.Kebab()+"/"+missing), jen.Lit("")),
		jen.Id("wantProblem").Call(jen.Id("t"), jen.Id("resp"), jen.Id("answer"), jen.Qual("net/http", "StatusNotFound")),
	)
	if a.IDType == model.UUID {
		body = append(body,
			jen.List(jen.Id("resp"), jen.Id("answer")).Op("=").Id("call").Call(jen.Id("t"), jen.Id("srv"), jen.Lit("GET"), jen.Lit("/"+a.Kebab()+"/not-an-id"), jen.Lit("")),
			jen.Id("wantProblem").Call(jen.Id("t"), jen.Id("resp"), jen.Id("answer"), jen.Qual("net/http", "StatusBadRequest")),
		)
	}
	for _, c := range a.Commands {
		if c.Creates {
			continue
		}
		body = append(body,
			jen.List(jen.Id("resp"), jen.Id("answer")).Op("=").Id("call").Call(jen.Id("t"), jen.Id("srv"), jen.Lit("POST"), jen.Lit("/"+a.Kebab()+"/"+missing+"/"+c.Kebab()), s.exampleBody(c)),
			jen.Id("wantProblem").Call(jen.Id("t"), jen.Id("resp"), jen.Id("answer"), jen.Qual("net/http", "StatusNotFound")),
		)
	}
	for _, c := range a.Commands {
		if !c.Creates {
			continue
		}
		route := "/" + a.Kebab() + "/" + c.Kebab()
		body = append(body,
			jen.List(jen.Id("resp"), jen.Id("answer")).Op("=").Id("call").Call(jen.Id("t"), jen.Id("srv"), jen.Lit("POST"), jen.Lit(route), jen.Lit("{not json")),
			jen.Id("wantProblem").Call(jen.Id("t"), jen.Id("resp"), jen.Id("answer"), jen.Qual("net/http", "StatusBadRequest")),
			jen.List(jen.Id("resp"), jen.Id("answer")).Op("=").Id("call").Call(jen.Id("t"), jen.Id("srv"), jen.Lit("POST"), jen.Lit(route), jen.Lit(`{"x": "`).Op("+").Qual("strings", "Repeat").Call(jen.Lit("x"), jen.Lit(MaxBodyBytes)).Op("+").Lit(`"}`)),
			jen.Id("wantProblem").Call(jen.Id("t"), jen.Id("resp"), jen.Id("answer"), jen.Qual("net/http", "StatusRequestEntityTooLarge")),
			jen.List(jen.Id("resp"), jen.Id("answer")).Op("=").Id("call").Call(jen.Id("t"), jen.Id("srv"), jen.Lit("POST"), jen.Lit(route), jen.Lit(`{"notAField": 1}`)),
			jen.Id("wantProblem").Call(jen.Id("t"), jen.Id("resp"), jen.Id("answer"), jen.Qual("net/http", "StatusBadRequest")),
		)
		if len(requiredNames(a, c)) > 0 {
			body = append(body,
				jen.List(jen.Id("resp"), jen.Id("answer")).Op("=").Id("call").Call(jen.Id("t"), jen.Id("srv"), jen.Lit("POST"), jen.Lit(route), jen.Lit("{}")),
				jen.Id("wantProblem").Call(jen.Id("t"), jen.Id("resp"), jen.Id("answer"), jen.Qual("net/http", "StatusBadRequest")),
			)
		}
		body = append(body,
			jen.List(jen.Id("resp"), jen.Id("answer")).Op("=").Id("call").Call(jen.Id("t"), jen.Id("srv"), jen.Lit("POST"), jen.Lit(route), s.exampleBody(c)),
			jen.If(jen.Id("resp").Dot("StatusCode").Op("==").Qual("net/http", "StatusUnprocessableEntity")).Block(
				jen.Comment("A rule rejects the example: nothing more to check."),
				jen.Id("wantProblem").Call(jen.Id("t"), jen.Id("resp"), jen.Id("answer"), jen.Qual("net/http", "StatusUnprocessableEntity")),
				jen.Return(),
			),
			jen.If(jen.Id("resp").Dot("StatusCode").Op("!=").Qual("net/http", "StatusCreated")).Block(
				jen.Id("t").Dot("Fatalf").Call(jen.Lit("POST "+route+": status %d, want 201 (%v)"), jen.Id("resp").Dot("StatusCode"), jen.Id("answer")),
			),
			jen.List(jen.Id("id"), jen.Id("_")).Op(":=").Id("answer").Index(jen.Lit(idJSON)).Assert(jen.String()),
			jen.If(jen.Id("id").Op("==").Lit("").Op("||").Id("resp").Dot("Header").Dot("Get").Call(jen.Lit("Location")).Op("!=").Lit("/"+a.Kebab()+"/").Op("+").Id("id")).Block(
				jen.Id("t").Dot("Fatalf").Call(jen.Lit("POST "+route+": answer %v, Location %q"), jen.Id("answer"), jen.Id("resp").Dot("Header").Dot("Get").Call(jen.Lit("Location"))),
			),
			jen.List(jen.Id("resp"), jen.Id("answer")).Op("=").Id("call").Call(jen.Id("t"), jen.Id("srv"), jen.Lit("GET"), jen.Lit("/"+a.Kebab()+"/").Op("+").Id("id"), jen.Lit("")),
			jen.If(jen.Id("resp").Dot("StatusCode").Op("!=").Qual("net/http", "StatusOK").Op("||").Id("answer").Index(jen.Lit(idJSON)).Op("!=").Id("id")).Block(
				jen.Id("t").Dot("Fatalf").Call(jen.Lit("GET the new "+a.Name+": status %d, %v"), jen.Id("resp").Dot("StatusCode"), jen.Id("answer")),
			),
		)
		for _, other := range a.Commands {
			if other.Creates {
				continue
			}
			path := jen.Lit("/" + a.Kebab() + "/").Op("+").Id("id").Op("+").Lit("/" + other.Kebab())
			body = append(body,
				jen.List(jen.Id("resp"), jen.Id("answer")).Op("=").Id("call").Call(jen.Id("t"), jen.Id("srv"), jen.Lit("POST"), path, s.exampleBody(other)),
				jen.If(jen.Id("resp").Dot("StatusCode").Op("!=").Qual("net/http", "StatusOK").Op("&&").Id("resp").Dot("StatusCode").Op("!=").Qual("net/http", "StatusUnprocessableEntity")).Block(
					jen.Id("t").Dot("Fatalf").Call(jen.Lit("POST "+other.Name+": status %d, want 200 or 422 (%v)"), jen.Id("resp").Dot("StatusCode"), jen.Id("answer")),
				),
			)
		}
		break
	}
	doc(f, "Test%sRoutes checks the routes of %s: missing ones are 404, bad ids and bodies 400, and a new one can be read and changed.", a.Ident(), article(a.Name))
	f.Func().Id("Test" + a.Ident() + "Routes").Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(body...)
}

func (s *service) readModelRouteTest(f *jen.File, r *model.ReadModel) {
	doc(f, "Test%sRoutes checks the routes of %s on an empty service.", r.Ident(), r.Name)
	f.Func().Id("Test"+r.Ident()+"Routes").Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(
		jen.Id("srv").Op(":=").Id("newServer").Call(jen.Id("t")),
		jen.List(jen.Id("resp"), jen.Id("answer")).Op(":=").Id("call").Call(jen.Id("t"), jen.Id("srv"), jen.Lit("GET"), jen.Lit("/"+r.Kebab()+"/"+s.missingKey(r.KeyField().Type)), jen.Lit("")),
		jen.Id("wantProblem").Call(jen.Id("t"), jen.Id("resp"), jen.Id("answer"), jen.Qual("net/http", "StatusNotFound")),
		jen.List(jen.Id("resp"), jen.Id("answer")).Op("=").Id("call").Call(jen.Id("t"), jen.Id("srv"), jen.Lit("GET"), jen.Lit("/"+r.Kebab()+"?limit=10"), jen.Lit("")),
		jen.If(jen.List(jen.Id("items"), jen.Id("ok")).Op(":=").Id("answer").Index(jen.Lit("items")).Assert(jen.Index().Any()), jen.Id("resp").Dot("StatusCode").Op("!=").Qual("net/http", "StatusOK").Op("||").Op("!").Id("ok").Op("||").Len(jen.Id("items")).Op("!=").Lit(0)).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("GET /"+r.Kebab()+": status %d, %v; want 200 and no items"), jen.Id("resp").Dot("StatusCode"), jen.Id("answer")),
		),
		jen.List(jen.Id("resp"), jen.Id("answer")).Op("=").Id("call").Call(jen.Id("t"), jen.Id("srv"), jen.Lit("GET"), jen.Lit("/"+r.Kebab()+"?limit=0"), jen.Lit("")),
		jen.Id("wantProblem").Call(jen.Id("t"), jen.Id("resp"), jen.Id("answer"), jen.Qual("net/http", "StatusBadRequest")),
	)
}

// exampleBody is the request body of a command: its example as the HTTP
// API's request (which leaves out the id a command on an existing
// aggregate takes from its path), as JSON.
func (s *service) exampleBody(c *model.Command) jen.Code {
	example := jen.Qual(s.examplesPkg(c.Aggregate), c.Ident()).Call()
	return jen.Id("jsonBody").Call(jen.Id("t"), jen.Qual(s.httpPkg(), "New"+requestType(c)).Call(example))
}

// jsonBodyHelper emits jsonBody, which writes a request body.
func jsonBodyHelper(f *jen.File) {
	doc(f, "jsonBody is v as a request body.")
	f.Func().Id("jsonBody").Params(jen.Id("t").Op("*").Qual("testing", "T"), jen.Id("v").Any()).String().Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.List(jen.Id("data"), jen.Err()).Op(":=").Qual(goJSONPkg, "Marshal").Call(jen.Id("v")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err())),
		jen.Return(jen.String().Call(jen.Id("data"))),
	)
	f.Line()
}
