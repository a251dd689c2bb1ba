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
		seed := []jen.Code{
			jen.If(jen.Err().Op(":=").Id("repo").Dot("Save").Call(jen.Id("ctx"), jen.Op("&").Qual(ap, a.Ident()).Add(lit(kv(id, jen.Id("id")))), jen.Lit(0), jen.Nil()), jen.Err().Op("!=").Nil()).Block(
				jen.Id("t").Dot("Fatal").Call(jen.Err()),
			),
		}
		if a.EventSourced() {
			seed = s.seedStream(a)
		}
		body = append(body, jen.Id("id").Op(":=").Add(newID(a)))
		body = append(body, seed...)
		body = append(body, jen.Id("cmd").Dot(id).Op("=").Id("id"))
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
	seeded := 0 // the version of the state the test saved
	if a.EventSourced() {
		seeded = 1
	}
	return jen.If(jen.List(jen.Id("stored"), jen.Id("_")).Op(":=").Id("repo").Dot("Load").Call(jen.Id("ctx"), jen.Id("id")), jen.Id("stored").Dot("Version").Op("!=").Lit(seeded)).Block(
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
// through the service's own wiring; the runtime's apitest package holds
// the checks.
func (s *service) httpTests() {
	f := testFile(s.httpPkg(), "httpapi")
	f.ImportName(s.servicePkg(), "service")
	for _, a := range s.c.Aggregates {
		f.ImportName(s.examplesPkg(a), aggregatePkgName(a)+"test")
	}
	apitest := s.platformPkg("apitest")
	doc(f, "newServer serves the service's API with in-memory adapters until the test ends.")
	f.Func().Id("newServer").Params(tT()).Op("*").Qual(apitest, "Server").Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.List(jen.Id("svc"), jen.Err()).Op(":=").Qual(s.servicePkg(), "New").Call(jen.Qual("context", "Background").Call(), jen.Qual(s.servicePkg(), "Config").Values(), jen.Qual("log/slog", "New").Call(jen.Qual("log/slog", "DiscardHandler"))),
		fatalErr(),
		jen.Return(jen.Qual(apitest, "Serve").Call(jen.Id("t"), jen.Id("svc").Dot("Handler").Call())),
	)
	f.Line()
	doc(f, "TestHealth checks the liveness probe.")
	f.Func().Id("TestHealth").Params(tT()).Block(
		jen.Id("newServer").Call(jen.Id("t")).Dot("CheckHealth").Call(jen.Id("t")),
	)
	f.Line()
	for _, a := range s.c.Aggregates {
		s.aggregateRouteTest(f, a)
	}
	for _, r := range s.c.ReadModels {
		doc(f, "Test%sRoutes checks the routes of %s on an empty service.", r.Ident(), r.Name)
		f.Func().Id("Test" + r.Ident() + "Routes").Params(tT()).Block(
			jen.Id("newServer").Call(jen.Id("t")).Dot("CheckEmptyReadModel").Call(jen.Id("t"), jen.Lit("/"+r.Kebab()), jen.Lit(s.missingKey(r.KeyField().Type))),
		)
		f.Line()
	}
	s.authTest(f)
	s.add("internal/ports/httpapi/api_gen_test.go", genfile.Generated, f)
}

// aggregateRouteTest emits the test of an aggregate's routes: its missing
// ids, bad ids and bodies, then one created by its first creating command,
// read back and changed by the others.
func (s *service) aggregateRouteTest(f *jen.File, a *model.Aggregate) {
	apitest := s.platformPkg("apitest")
	command := func(c *model.Command, route string) jen.Code {
		fields := []jen.Code{
			kv("Name", jen.Lit(c.Name)),
			kv("Route", jen.Lit(route)),
			kv("Body", jen.Qual(s.httpPkg(), "New"+requestType(c)).Call(jen.Qual(s.examplesPkg(a), c.Ident()).Call())),
		}
		if c.Creates && len(requiredNames(a, c)) > 0 {
			fields = append(fields, kv("Required", jen.True()))
		}
		return multiline(fields...)
	}
	fields := []jen.Code{
		kv("Name", jen.Lit(a.Name)),
		kv("Base", jen.Lit("/"+a.Kebab())),
		kv("IDMember", jen.Lit(names.JSON(a.ID))),
		kv("MissingID", jen.Lit(s.missingKey(a.IDField().Type))),
	}
	if a.IDType == model.UUID {
		fields = append(fields, kv("BadID", jen.Lit("not-an-id")))
	}
	fields = append(fields, kv("MaxBodyBytes", jen.Lit(MaxBodyBytes)))
	var changes []jen.Code
	creating := firstCreating(a)
	if creating != nil {
		fields = append(fields, kv("Create", jen.Op("&").Qual(apitest, "Command").Add(command(creating, "/"+a.Kebab()+"/"+creating.Kebab()))))
	}
	for _, c := range a.Commands {
		if !c.Creates {
			changes = append(changes, command(c, "/"+a.Kebab()+"/{id}/"+c.Kebab()))
		}
	}
	if len(changes) > 0 {
		fields = append(fields, kv("Change", jen.Index().Qual(apitest, "Command").Add(multiline(changes...))))
	}
	doc(f, "Test%sRoutes checks the routes of %s: missing ones are 404, bad ids and bodies 400, and a new one can be read and changed.", a.Ident(), article(a.Name))
	f.Func().Id("Test" + a.Ident() + "Routes").Params(tT()).Block(
		jen.Qual(apitest, "Aggregate").Add(multiline(fields...)).Dot("Check").Call(jen.Id("t"), jen.Id("newServer").Call(jen.Id("t"))),
	)
	f.Line()
}

// firstCreating is the aggregate's first command that creates it, if any.
func firstCreating(a *model.Aggregate) *model.Command {
	for _, c := range a.Commands {
		if c.Creates {
			return c
		}
	}
	return nil
}

// exampleBody is the request body of a command: its example as the HTTP
// API's request (which leaves out the id a command on an existing
// aggregate takes from its path), as JSON.
func (s *service) exampleBody(c *model.Command) jen.Code {
	example := jen.Qual(s.examplesPkg(c.Aggregate), c.Ident()).Call()
	return jen.Qual(s.platformPkg("apitest"), "Body").Call(jen.Id("t"), jen.Qual(s.httpPkg(), "New"+requestType(c)).Call(example))
}
