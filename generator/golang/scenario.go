package golang

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

// Pending is a scenario whose generated test waits (skips, or fails under
// EVENTSTORM_STRICT=1) until someone writes code: a rule that rejects the
// command, or a choice of events other than the default.
type Pending struct {
	Scenario *model.Scenario
	Command  *model.Command
	File     string // where the code goes, relative to the system root
	// Hook is the function in File that decides the command; while it is
	// as scaffolded (see platform/scenario.Untouched), nothing is written.
	Hook string
	// Rules are the errors whose use in the aggregate's package means the
	// rule a rejected scenario waits for is written.
	Rules []string
}

// pendingRules are the rule errors that, once used, mean a rejected
// scenario's rule is written: the one it names, or any of the command's.
func (g *agg) pendingRules(s *model.Scenario, cmd *model.Command) []string {
	if !s.Rejected {
		return nil
	}
	if s.Rule != nil {
		return []string{g.ruleVarOf(s.Rule)}
	}
	var out []string
	for _, r := range cmd.Rules {
		out = append(out, g.ruleVarOf(r))
	}
	return out
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

// local is a variable's name in the scenario tests of an aggregate, kept
// clear of the packages they import (an aggregate named Aggregate is in
// package aggregate).
func (g *agg) local(name string) string {
	for name == g.name || name == g.examplesName() || name == "domain" || name == "scenario" {
		name += "Value"
	}
	return name
}

func (g *agg) scenarios() {
	f := testFile(g.path, g.name)
	f.ImportName(g.path, g.name)
	f.ImportName(g.examplesPkg(g.a), g.examplesName())
	f.ImportName(g.domainPkg(), "domain")
	f.ImportName(g.platformPkg("scenario"), "scenario")
	doc(f, "given returns %s with the events recorded in order, at a fixed time and with counted ids, so that every run records the same.", article(g.a.Name))
	v := g.local("aggregate")
	id := jen.Id("stamp").Dot("NewID").Call()
	if g.a.IDType == model.String {
		id.Dot("String").Call()
	}
	f.Func().Id("given").Params(jen.Id(g.local("events")).Op("...").Qual(g.path, eventIface(g.a))).Op("*").Qual(g.path, g.a.Ident()).Block(
		jen.Id("stamp").Op(":=").Qual(g.platformPkg("stamp"), "Fixed").Call(jen.Qual("time", "Date").Call(jen.Lit(2026), jen.Qual("time", "November"), jen.Lit(24), jen.Lit(9), jen.Lit(30), jen.Lit(0), jen.Lit(0), jen.Qual("time", "UTC"))),
		jen.Id(v).Op(":=").Op("&").Qual(g.path, g.a.Ident()).Values(jen.Dict{jen.Id(fieldIdent(g.a.ID)): id}),
		jen.Id(v).Dot("Record").Call(jen.Id("stamp"), jen.Id(g.local("events")).Op("...")),
		jen.Return(jen.Id(v)),
	)
	f.Line()
	doc(f, "%s", "eventTypes lists the types of events, for comparison.")
	f.Func().Id("eventTypes").Params(jen.Id(g.local("events")).Index().Qual(g.path, eventIface(g.a))).Index().String().Block(
		jen.Id("types").Op(":=").Make(jen.Index().String(), jen.Len(jen.Id(g.local("events")))),
		jen.For(jen.List(jen.Id("i"), jen.Id(g.local("e"))).Op(":=").Range().Id("events")).Block(
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
	cmd := s.When.Target.(*model.Command)
	body := g.scenarioGiven(s)
	body = append(body, jen.Id(g.local("cmd")).Op(":=").Qual(g.examplesPkg(g.a), cmd.Ident()).Call())
	if !cmd.Creates {
		body = append(body, jen.Id(g.local("cmd")).Dot(fieldIdent(g.a.ID)).Op("=").Id(g.local("aggregate")).Dot(fieldIdent(g.a.ID)))
	}
	body = append(body, g.assignValues(jen.Id(g.local("cmd")), (*model.Field).Ident, s.When.Values)...)
	body = append(body, jen.List(jen.Id(g.local("events")), jen.Err()).Op(":=").Id(g.local("aggregate")).Dot(decideMethod(g.a, cmd)).Call(jen.Id(g.local("cmd"))))
	if s.Rejected {
		body = append(body, g.scenarioRejected(s, cmd)...)
	} else {
		body = append(body, g.scenarioRecorded(s, cmd)...)
	}
	doc(f, "%s", scenarioDoc(s, i))
	f.Func().Id(scenarioTest(s, i)).Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(body...)
	f.Line()
}

// scenarioDoc is the doc comment of a scenario's test.
func scenarioDoc(s *model.Scenario, i int) string {
	cmd := s.When.Target.(*model.Command)
	var given []string
	for _, r := range s.Given {
		given = append(given, r.Target.(*model.Event).Name)
	}
	text := fmt.Sprintf("%s checks the scenario %q:", scenarioTest(s, i), s.Name)
	if len(given) > 0 {
		text += " given " + strings.Join(given, ", ") + ","
	}
	text += " when " + cmd.Name + ", then "
	switch {
	case s.Rule != nil:
		text += "rejected: " + strings.TrimSuffix(s.Rule.Text, ".") + "."
	case s.Rejected:
		text += "rejected."
	default:
		var then []string
		for _, r := range s.Then {
			then = append(then, r.Target.(*model.Event).Name)
		}
		text += strings.Join(then, ", ") + "."
	}
	return text
}

// scenarioGiven records the given events, the examples with the values the
// scenario gives.
func (g *agg) scenarioGiven(s *model.Scenario) []jen.Code {
	var stmts, args []jen.Code
	seen := map[string]int{}
	for _, r := range s.Given {
		e := r.Target.(*model.Event)
		example := jen.Qual(g.examplesPkg(g.a), e.Ident()).Call()
		if len(r.Values) == 0 {
			args = append(args, example)
			continue
		}
		name := eventVar(e)
		if seen[name]++; seen[name] > 1 {
			name = fmt.Sprintf("%s%d", name, seen[name])
		}
		stmts = append(stmts, jen.Id(name).Op(":=").Add(example))
		stmts = append(stmts, g.assignValues(jen.Id(name), eventFieldIdent, r.Values)...)
		args = append(args, jen.Id(name))
	}
	return append(stmts, jen.Id(g.local("aggregate")).Op(":=").Id("given").Call(args...))
}

// assignValues sets the fields a step gives on to.
func (g *agg) assignValues(to jen.Code, ident func(*model.Field) string, vals []*model.FieldValue) []jen.Code {
	var out []jen.Code
	for _, fv := range vals {
		out = append(out, jen.Add(to).Dot(ident(fv.Field)).Op("=").Add(g.valueCode(fv.Field.Type, fv.Value)))
	}
	return out
}

// valueCode is the Go expression of a value written in the model, which
// Validate has checked fits t.
func (g *agg) valueCode(t *model.TypeRef, v *model.Value) jen.Code {
	switch t.Kind {
	case model.Optional:
		if v.Kind == model.ScalarValue && v.Tag == "!!null" {
			return jen.Nil()
		}
		if t.Elem.Kind == model.List {
			return g.valueCode(t.Elem, v)
		}
		elem := g.valueCode(t.Elem, v)
		switch {
		case t.Elem.Kind == model.Scalar && t.Elem.Scalar == model.Int:
			elem = jen.Int64().Call(elem)
		case t.Elem.Kind == model.Scalar && t.Elem.Scalar == model.Float:
			elem = jen.Float64().Call(elem)
		}
		return jen.New(elem)
	case model.List:
		items := make([]jen.Code, len(v.Items))
		for i, item := range v.Items {
			items[i] = g.valueCode(t.Elem, item)
		}
		return jen.Index().Add(goType(t.Elem, g.domainTypes)).Add(lit(items...))
	case model.Named:
		if !t.Type.IsEnum() {
			var fields []jen.Code
			for _, fv := range v.Fields {
				fields = append(fields, kv(fv.Field.Ident(), g.valueCode(fv.Field.Type, fv.Value)))
			}
			return jen.Add(g.domainTypes(t)).Add(lit(fields...))
		}
	}
	return g.constant(t, v.Text)
}

// scenarioRecorded checks that the command recorded the events the
// scenario expects, with the values it lists.
func (g *agg) scenarioRecorded(s *model.Scenario, cmd *model.Command) []jen.Code {
	var want []jen.Code
	var wantNames []string
	for _, r := range s.Then {
		e := r.Target.(*model.Event)
		want = append(want, jen.Qual(g.path, e.Ident()+"Type"))
		wantNames = append(wantNames, e.Name)
	}
	where := g.hookPath(cmd)
	mismatch := []jen.Code{}
	if pending(s) {
		mismatch = append(mismatch, jen.If(jen.List(jen.Id("untouched"), jen.Id("_")).Op(":=").Qual(g.platformPkg("scenario"), "Untouched").Call(jen.Lit("."), jen.Lit(hookName(cmd))), jen.Id("untouched")).Block(
			jen.Qual(g.platformPkg("scenario"), "Pending").Call(jen.Id("t"), jen.Lit(fmt.Sprintf("%s records %%v by default; the scenario expects %s: decide it in %s", cmd.Name, strings.Join(wantNames, ", "), where)), jen.Id("got")),
		))
	}
	mismatch = append(mismatch, jen.Id("t").Dot("Fatalf").Call(jen.Lit(fmt.Sprintf("%s recorded %%v, the scenario expects %%v", cmd.Name)), jen.Id("got"), jen.Id("want")))
	out := []jen.Code{
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit(fmt.Sprintf("%s was rejected: %%v", cmd.Name)), jen.Err()),
		),
		jen.Id("want").Op(":=").Index().String().Values(want...),
		jen.If(jen.Id("got").Op(":=").Id("eventTypes").Call(jen.Id(g.local("events"))), jen.Op("!").Qual("slices", "Equal").Call(jen.Id("got"), jen.Id("want"))).Block(mismatch...),
	}
	for i, r := range s.Then {
		if len(r.Values) > 0 {
			out = append(out, g.thenValues(i, r))
		}
	}
	return out
}

// thenValues checks the values a scenario lists for the i-th event
// recorded.
func (g *agg) thenValues(i int, r *model.Ref) jen.Code {
	e := r.Target.(*model.Event)
	var checks []jen.Code
	for _, fv := range r.Values {
		got := jen.Id(g.local("e")).Dot(eventFieldIdent(fv.Field))
		checks = append(checks, jen.If(jen.Op("!").Qual(g.platformPkg("scenario"), "Same").Call(got, g.valueCode(fv.Field.Type, fv.Value))).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit(fmt.Sprintf("%s recorded %s %%v, the scenario expects %s", e.Name, fv.Field.Name, strings.ReplaceAll(fv.Value.String(), "%", "%%"))), got),
		))
	}
	return jen.If(jen.List(jen.Id(g.local("e")), jen.Id("ok")).Op(":=").Id("events").Index(jen.Lit(i)).Assert(jen.Op("*").Qual(g.path, e.Ident())), jen.Id("ok")).Block(checks...)
}

// scenarioRejected checks that a rule rejected the command: the rule the
// scenario names, or any. While that rule is not written, the scenario is
// pending.
func (g *agg) scenarioRejected(s *model.Scenario, cmd *model.Command) []jen.Code {
	where := g.hookPath(cmd)
	var rejected jen.Code
	var expects string
	var stmts []jen.Code
	idents := []jen.Code{}
	for _, v := range g.pendingRules(s, cmd) {
		idents = append(idents, jen.Lit(v))
	}
	if s.Rule != nil {
		rejected = jen.Qual("errors", "Is").Call(jen.Err(), jen.Qual(g.path, g.ruleVarOf(s.Rule)))
		expects = fmt.Sprintf("the rule %q", s.Rule.Text)
	} else {
		stmts = append(stmts, jen.Var().Id("rule").Op("*").Qual(g.domainPkg(), "RuleError"))
		rejected = jen.Qual("errors", "As").Call(jen.Err(), jen.Op("&").Id("rule"))
		expects = "a rule"
	}
	written := jen.List(jen.Id("written"), jen.Id("_")).Op(":=").Qual(g.platformPkg("scenario"), "Uses").Call(append([]jen.Code{jen.Lit(".")}, idents...)...)
	notWritten := jen.Op("!").Id("written")
	if s.Rule == nil {
		written = jen.List(jen.Id("untouched"), jen.Id("_")).Op(":=").Qual(g.platformPkg("scenario"), "Untouched").Call(jen.Lit("."), jen.Lit(hookName(cmd)))
		notWritten = jen.Id("untouched")
		if len(idents) > 0 {
			notWritten = jen.Id("untouched").Op("&&").Op("!").Id("written")
			stmts = append(stmts, jen.List(jen.Id("written"), jen.Id("_")).Op(":=").Qual(g.platformPkg("scenario"), "Uses").Call(append([]jen.Code{jen.Lit(".")}, idents...)...))
		}
	}
	return append(stmts, jen.If(jen.Op("!").Add(rejected)).Block(
		jen.If(jen.Err().Op("==").Nil()).Block(
			jen.If(written, notWritten).Block(
				jen.Qual(g.platformPkg("scenario"), "Pending").Call(jen.Id("t"), jen.Lit(fmt.Sprintf("%s recorded %%v; the scenario expects %s to reject it: write it in %s", cmd.Name, expects, where)), jen.Id("eventTypes").Call(jen.Id(g.local("events")))),
			),
		),
		jen.Id("t").Dot("Fatalf").Call(jen.Lit(fmt.Sprintf("%s gave %%v and recorded %%v; the scenario expects %s to reject it", cmd.Name, expects)), jen.Err(), jen.Id("eventTypes").Call(jen.Id(g.local("events")))),
	))
}
