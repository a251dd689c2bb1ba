package golang

import (
	"fmt"
	"strconv"
	"strings"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

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

// commandTestSource starts a file of the command package's external tests,
// its packages known by the names commandFile gives them.
func (s *service) commandTestSource() *goSource {
	g := s.newSource(s.commandPkg()+"_test", "command_test", genfile.Generated)
	g.importName(s.commandPkg(), "command")
	g.importName(s.memoryPkg(), "memory")
	g.importName(s.domainPkg(), "domain")
	for _, a := range s.c.Aggregates {
		g.importName(s.aggregatePkg(a), aggregatePkgName(a))
		g.importName(s.examplesPkg(a), aggregatePkgName(a)+"test")
	}
	return g
}

// fakeType is the test double of an external system, e.g. fakeGateway.
func fakeType(x *model.ExternalSystem) string { return "fake" + x.Ident() }

// externalFakes writes internal/app/command/fakes_gen_test.go: a fake per
// external system whose every call returns an empty result.
func (s *service) externalFakes() {
	g := s.commandTestSource()
	for i, x := range s.c.ExternalSystems {
		if i > 0 {
			g.line("")
		}
		g.comment("%s answers every call of %s with an empty result.", fakeType(x), x.Name)
		g.line("type %s struct{}", fakeType(x))
		for _, op := range x.Calls {
			g.line("")
			g.comment("%s returns an empty result.", op.Ident())
			g.line("func (%s) %s(%s, %s) (%s, error) {", fakeType(x), op.Ident(), g.q("context", "Context"),
				g.q(s.commandPkg(), s.callType(x, op)+"Request"), g.q(s.commandPkg(), s.callType(x, op)+"Result"))
			g.line("return %s{}, nil", g.q(s.commandPkg(), s.callType(x, op)+"Result"))
			g.line("}")
		}
	}
	s.addSource("internal/app/command/fakes_gen_test.go", g)
}

// useCaseTest writes a command's test, internal/app/command/<command>_gen_test.go:
// its use case, on the in-memory adapters, handles the command's example
// (on a saved aggregate unless it creates one) and saves the state it
// returns, or a rule rejects it and nothing changes; on a missing
// aggregate it is domain.ErrNotFound.
func (s *service) useCaseTest(a *model.Aggregate, c *model.Command) {
	g := s.commandTestSource()
	id := fieldIdent(a.ID)
	what := "saves the new " + a.Name
	if !c.Creates {
		what = "saves the " + a.Name + " it changes, and fails on a missing one"
	}
	g.comment("Test%s checks that %s %s, unless a rule rejects it.", c.Ident(), c.Name, what)
	g.line("func Test%s(t *%s) {", c.Ident(), g.q("testing", "T"))
	g.line("ctx := %s()", g.q("context", "Background"))
	g.line("repo := %s(%s())", g.q(s.memoryPkg(), "New"+repoType(a)), g.q(s.outboxPkg(), "NewMemory"))
	args := []string{"repo"}
	for _, x := range c.UsedSystems() {
		args = append(args, fakeType(x)+"{}")
	}
	g.line("handler := %s(%s)", g.q(s.commandPkg(), "New"+handlerType(c)), strings.Join(args, ", "))
	g.line("cmd := %s()", g.q(s.examplesPkg(a), c.Ident()))
	if !c.Creates {
		g.line("id := %s", newIDExpr(g, a))
		if a.EventSourced() {
			s.seedStream(g, a)
		} else {
			g.line("if err := repo.Save(ctx, &%s{%s: id}, 0, nil); err != nil {", g.q(s.aggregatePkg(a), a.Ident()), id)
			g.line("t.Fatal(err)")
			g.line("}")
		}
		g.line("cmd.%s = id", id)
	}
	g.line("state, err := handler.Handle(ctx, cmd)")
	g.line("var rule *%s", g.q(s.domainPkg(), "RuleError"))
	g.line("if %s(err, &rule) {", g.q("errors", "As"))
	g.line("// A rule may reject the example on a new state: it must leave no trace.")
	s.assertUntouched(g, a, c)
	g.line("} else {")
	s.assertSaved(g, a, c)
	g.line("}")
	if !c.Creates {
		g.line("cmd.%s = %s", id, newIDExpr(g, a))
		g.line("_, err = handler.Handle(ctx, cmd)")
		g.line("if !%s(err, %s) {", g.q("errors", "Is"), g.q(s.domainPkg(), "ErrNotFound"))
		g.line("t.Fatalf(%s, err)", strconv.Quote(fmt.Sprintf("%s on a missing %s: got %%v, want domain.ErrNotFound", c.Name, a.Name)))
		g.line("}")
	}
	g.line("}")
	s.addSource("internal/app/command/"+names.Snake(c.Base())+"_gen_test.go", g)
}

// assertUntouched writes the check that a rejected command saved nothing:
// no state returned for a creating command, else the seeded version kept.
func (s *service) assertUntouched(g *goSource, a *model.Aggregate, c *model.Command) {
	if c.Creates {
		g.line("if state != nil {")
		g.line("t.Fatalf(%s, state)", strconv.Quote("a rejected command returned a state: %+v"))
		g.line("}")
		return
	}
	seeded := 0 // the version of the state the test saved
	if a.EventSourced() {
		seeded = 1
	}
	g.line("if stored, _ := repo.Load(ctx, id); stored.Version != %d {", seeded)
	g.line("t.Fatalf(%s, stored.Version)", strconv.Quote("a rejected command changed the version to %d"))
	g.line("}")
}

// assertSaved writes the check that a handled command's state is what was
// stored.
func (s *service) assertSaved(g *goSource, a *model.Aggregate, c *model.Command) {
	g.line("if err != nil {")
	g.line("t.Fatalf(%s, err)", strconv.Quote(c.Name+": %v"))
	g.line("}")
	g.line("stored, err := repo.Load(ctx, state.%s)", fieldIdent(a.ID))
	g.line("if err != nil {")
	g.line("t.Fatalf(%s, err)", strconv.Quote(fmt.Sprintf("the %s was not saved: %%v", a.Name)))
	g.line("}")
	g.line("if stored.Version != state.Version {")
	g.line("t.Fatalf(%s, stored.Version, state.Version)", strconv.Quote("stored version %d, returned version %d"))
	g.line("}")
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

// httpTests writes internal/ports/httpapi/api_gen_test.go: a test of every
// route of the service's HTTP API, through the service's own wiring; the
// runtime's apitest package holds the checks.
func (s *service) httpTests() {
	g := s.newSource(s.httpPkg()+"_test", "httpapi_test", genfile.Generated)
	g.importName(s.servicePkg(), "service")
	for _, a := range s.c.Aggregates {
		g.importName(s.examplesPkg(a), aggregatePkgName(a)+"test")
	}
	apitest := s.platformPkg("apitest")
	g.comment("newServer serves the service's API with in-memory adapters until the test ends.")
	g.line("func newServer(t *%s) *%s {", g.q("testing", "T"), g.q(apitest, "Server"))
	g.line("t.Helper()")
	g.line("svc, err := %s(%s(), %s{}, %s(%s))", g.q(s.servicePkg(), "New"), g.q("context", "Background"),
		g.q(s.servicePkg(), "Config"), g.q("log/slog", "New"), g.q("log/slog", "DiscardHandler"))
	g.line("if err != nil {")
	g.line("t.Fatal(err)")
	g.line("}")
	g.line("return %s(t, svc.Handler())", g.q(apitest, "Serve"))
	g.line("}")
	g.line("")
	g.comment("TestHealth checks the liveness probe.")
	g.line("func TestHealth(t *%s) {", g.q("testing", "T"))
	g.line("newServer(t).CheckHealth(t)")
	g.line("}")
	for _, a := range s.c.Aggregates {
		g.line("")
		s.aggregateRouteTest(g, a)
	}
	for _, r := range s.c.ReadModels {
		g.line("")
		g.comment("Test%sRoutes checks the routes of %s on an empty service.", r.Ident(), r.Name)
		g.line("func Test%sRoutes(t *%s) {", r.Ident(), g.q("testing", "T"))
		g.line("newServer(t).CheckEmptyReadModel(t, %s, %s)", strconv.Quote("/"+r.Kebab()), strconv.Quote(s.missingKey(r.KeyField().Type)))
		g.line("}")
	}
	s.authTest(g)
	s.addSource("internal/ports/httpapi/api_gen_test.go", g)
}

// aggregateRouteTest writes the test of an aggregate's routes: its missing
// ids, bad ids and bodies, then one created by its first creating command,
// read back and changed by the others.
func (s *service) aggregateRouteTest(g *goSource, a *model.Aggregate) {
	apitest := s.platformPkg("apitest")
	g.comment("Test%sRoutes checks the routes of %s: missing ones are 404, bad ids and bodies 400, and a new one can be read and changed.", a.Ident(), article(a.Name))
	g.line("func Test%sRoutes(t *%s) {", a.Ident(), g.q("testing", "T"))
	g.line("%s{", g.q(apitest, "Aggregate"))
	fields := []keyValue{
		{"Name", strconv.Quote(a.Name)},
		{"Base", strconv.Quote("/" + a.Kebab())},
		{"IDMember", strconv.Quote(names.JSON(a.ID))},
		{"MissingID", strconv.Quote(s.missingKey(a.IDField().Type))},
	}
	if a.IDType == model.UUID {
		fields = append(fields, keyValue{"BadID", strconv.Quote("not-an-id")})
	}
	fields = append(fields, keyValue{"MaxBodyBytes", strconv.Itoa(MaxBodyBytes)})
	g.keyed(fields)
	if creating := firstCreating(a); creating != nil {
		g.line("Create: &%s{", g.q(apitest, "Command"))
		s.routeCommand(g, a, creating, "/"+a.Kebab()+"/"+creating.Kebab())
		g.line("},")
	}
	changes := false
	for _, c := range a.Commands {
		if c.Creates {
			continue
		}
		if !changes {
			g.line("Change: []%s{", g.q(apitest, "Command"))
			changes = true
		}
		g.line("{")
		s.routeCommand(g, a, c, "/"+a.Kebab()+"/{id}/"+c.Kebab())
		g.line("},")
	}
	if changes {
		g.line("},")
	}
	g.line("}.Check(t, newServer(t))")
	g.line("}")
}

// routeCommand writes the fields of an apitest.Command: the command's name,
// route and example body, and whether a creating one has required fields.
func (s *service) routeCommand(g *goSource, a *model.Aggregate, c *model.Command, route string) {
	fields := []keyValue{
		{"Name", strconv.Quote(c.Name)},
		{"Route", strconv.Quote(route)},
		{"Body", fmt.Sprintf("%s(%s())", g.q(s.httpPkg(), "New"+requestType(c)), g.q(s.examplesPkg(a), c.Ident()))},
	}
	if c.Creates && len(requiredNames(a, c)) > 0 {
		fields = append(fields, keyValue{"Required", "true"})
	}
	g.keyed(fields)
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

// exampleBody is the request body of a command: its example as the
// HTTP API's request (which leaves out the id a command on an existing
// aggregate takes from its path), as JSON.
func (s *service) exampleBody(g *goSource, c *model.Command) string {
	return fmt.Sprintf("%s(t, %s(%s()))", g.q(s.platformPkg("apitest"), "Body"),
		g.q(s.httpPkg(), "New"+requestType(c)), g.q(s.examplesPkg(c.Aggregate), c.Ident()))
}
