package golang

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

// Pending is a scenario whose generated test fails until someone writes
// code: a rule that rejects the command, or a choice of events other than
// the default.
type Pending struct {
	Scenario *model.Scenario
	Command  *model.Command
	File     string // where the code goes, relative to the system root
}

// pending reports whether a scenario needs hand-written code to pass: it
// expects a rejection, or other events than the command's default (its
// first listed event).
func pending(s *model.Scenario) bool {
	cmd, _ := s.When.Target.(*model.Command)
	if s.Rejected {
		return true
	}
	if cmd == nil || len(s.Then) != 1 {
		return true
	}
	first := cmd.EmittedEvents()[0]
	return s.Then[0].Target != first
}

// scenarioTest is the test function of a scenario.
func scenarioTest(s *model.Scenario, i int) string {
	if n := names.GoExported(s.Name); n != "" {
		return "Test" + n
	}
	return fmt.Sprintf("TestScenario%d", i+1)
}

// testLocal is the aggregate's variable in its tests, clear of the names
// the tests use themselves.
func (g *agg) testLocal() string {
	v := names.GoUnexported(g.a.Base())
	switch v {
	case "t", "events", "err", "want", "got", "rule", "given", "eventTypes", "types", "i", "e":
		return "aggregate"
	}
	return v
}

func (g *agg) scenarios() {
	v := g.testLocal()
	f := g.file(genfile.Generated)
	f.ImportName(g.domainPkg(), "domain")
	doc(f, "given returns %s with the events recorded in order.", article(g.a.Name))
	id := jen.Qual(uuidPkg, "New").Call()
	if g.a.IDType == model.String {
		id = jen.Qual(uuidPkg, "NewString").Call()
	}
	f.Func().Id("given").Params(jen.Id("events").Op("...").Id(eventIface(g.a))).Op("*").Id(g.a.Ident()).Block(
		jen.Id(v).Op(":=").Op("&").Id(g.a.Ident()).Values(jen.Dict{jen.Id(fieldIdent(g.a.ID)): id}),
		jen.Id(v).Dot("Record").Call(jen.Qual("time", "Now").Call(), jen.Id("events").Op("...")),
		jen.Return(jen.Id(v)),
	)
	f.Line()
	doc(f, "%s", "eventTypes lists the types of events, for comparison.")
	f.Func().Id("eventTypes").Params(jen.Id("events").Index().Id(eventIface(g.a))).Index().String().Block(
		jen.Id("types").Op(":=").Make(jen.Index().String(), jen.Len(jen.Id("events"))),
		jen.For(jen.List(jen.Id("i"), jen.Id("e")).Op(":=").Range().Id("events")).Block(
			jen.Id("types").Index(jen.Id("i")).Op("=").Id("e").Dot("EventType").Call(),
		),
		jen.Return(jen.Id("types")),
	)
	f.Line()
	for i, s := range g.a.Scenarios {
		g.scenario(f, s, i)
	}
	g.add(g.dir+"scenarios_gen_test.go", genfile.Generated, f)
}

func (g *agg) scenario(f *jen.File, s *model.Scenario, i int) {
	v := g.testLocal()
	cmd := s.When.Target.(*model.Command)
	var given []jen.Code
	var givenNames []string
	for _, r := range s.Given {
		e := r.Target.(*model.Event)
		given = append(given, jen.Op("&").Id(e.Ident()).Values())
		givenNames = append(givenNames, e.Name)
	}
	cmdValue := jen.Id(cmd.Ident()).Values()
	if !cmd.Creates {
		cmdValue = jen.Id(cmd.Ident()).Values(jen.Dict{jen.Id(fieldIdent(g.a.ID)): jen.Id(v).Dot(fieldIdent(g.a.ID))})
	}
	where := g.hookPath(cmd)
	body := []jen.Code{
		jen.Id(v).Op(":=").Id("given").Call(given...),
		jen.List(jen.Id("events"), jen.Err()).Op(":=").Id(v).Dot(decideMethod(g.a, cmd)).Call(cmdValue),
	}
	if s.Rejected {
		body = append(body,
			jen.If(jen.Err().Op("==").Nil()).Block(
				jen.Id("t").Dot("Fatalf").Call(jen.Lit(fmt.Sprintf("%s recorded %%v, but the scenario expects it rejected by a rule: write the rule in %s", cmd.Name, where)), jen.Id("eventTypes").Call(jen.Id("events"))),
			),
			jen.Var().Id("rule").Op("*").Qual(g.domainPkg(), "RuleError"),
			jen.If(jen.Op("!").Qual("errors", "As").Call(jen.Err(), jen.Op("&").Id("rule"))).Block(
				jen.Id("t").Dot("Fatalf").Call(jen.Lit(fmt.Sprintf("%s failed with %%v, want a rule's error", cmd.Name)), jen.Err()),
			),
		)
	} else {
		var want []jen.Code
		for _, r := range s.Then {
			want = append(want, jen.Id(r.Target.(*model.Event).Ident()+"Type"))
		}
		hint := ""
		if pending(s) {
			hint = fmt.Sprintf(": decide it in %s", where)
		}
		body = append(body,
			jen.If(jen.Err().Op("!=").Nil()).Block(
				jen.Id("t").Dot("Fatalf").Call(jen.Lit(fmt.Sprintf("%s was rejected: %%v", cmd.Name)), jen.Err()),
			),
			jen.Id("want").Op(":=").Index().String().Values(want...),
			jen.If(jen.Id("got").Op(":=").Id("eventTypes").Call(jen.Id("events")), jen.Op("!").Qual("slices", "Equal").Call(jen.Id("got"), jen.Id("want"))).Block(
				jen.Id("t").Dot("Fatalf").Call(jen.Lit(fmt.Sprintf("%s recorded %%v, the scenario expects %%v%s", cmd.Name, hint)), jen.Id("got"), jen.Id("want")),
			),
		)
	}
	text := fmt.Sprintf("%s checks the scenario %q:", scenarioTest(s, i), s.Name)
	if len(givenNames) > 0 {
		text += " given " + strings.Join(givenNames, ", ") + ","
	}
	text += " when " + cmd.Name + ", then "
	if s.Rejected {
		text += "rejected."
	} else {
		var then []string
		for _, r := range s.Then {
			then = append(then, r.Target.(*model.Event).Name)
		}
		text += strings.Join(then, ", ") + "."
	}
	doc(f, "%s", text)
	f.Func().Id(scenarioTest(s, i)).Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(body...)
	f.Line()
}
