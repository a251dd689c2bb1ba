package golang

import (
	"fmt"
	"strconv"
	"strings"

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

// scenarios writes the aggregate's scenarios as tests
// (scenarios_gen_test.go): given, which records the given events, and
// eventTypes, then a test per scenario.
func (g *agg) scenarios() {
	src := g.newSource(g.path+"_test", g.name+"_test", genfile.Generated)
	src.importName(g.path, g.name)
	src.importName(g.examplesPkg(g.a), g.examplesName())
	src.importName(g.domainPkg(), "domain")
	src.comment("given returns %s with the events recorded in order, at a fixed time and with counted ids, so that every run records the same.", article(g.a.Name))
	v, events := g.local("aggregate"), g.local("events")
	src.line("func given(%s ...%s) *%s {", events, src.q(g.path, eventIface(g.a)), src.q(g.path, g.a.Ident()))
	src.line("stamp := %s(%s(2026, %s, 24, 9, 30, 0, 0, %s))", src.q(g.platformPkg("stamp"), "Fixed"), src.q("time", "Date"), src.q("time", "November"), src.q("time", "UTC"))
	id := "stamp.NewID()"
	if g.a.IDType == model.String {
		id += ".String()"
	}
	src.line("%s := &%s{%s: %s}", v, src.q(g.path, g.a.Ident()), fieldIdent(g.a.ID), id)
	src.line("%s.Record(stamp, %s...)", v, events)
	src.line("return %s", v)
	src.line("}")
	src.line("")
	src.comment("%s", "eventTypes lists the types of events, for comparison.")
	src.line("func eventTypes(%s []%s) []string {", events, src.q(g.path, eventIface(g.a)))
	src.line("types := make([]string, len(%s))", events)
	src.line("for i, %s := range events {", g.local("e"))
	src.line("types[i] = e.EventType()")
	src.line("}")
	src.line("return types")
	src.line("}")
	for i, s := range g.a.Scenarios {
		src.line("")
		g.scenario(src, s, i)
	}
	g.addSource(g.dir+"scenarios_gen_test.go", src)
}

// scenario writes a scenario's test: the aggregate given its events, the
// command with the values the scenario gives, and the checks of what it
// decides.
func (g *agg) scenario(src *goSource, s *model.Scenario, i int) {
	cmd := s.When.Target.(*model.Command)
	src.comment("%s", scenarioDoc(s, i))
	src.line("func %s(t *%s) {", scenarioTest(s, i), src.q("testing", "T"))
	g.scenarioGiven(src, s)
	c := g.local("cmd")
	src.line("%s := %s()", c, src.q(g.examplesPkg(g.a), cmd.Ident()))
	if !cmd.Creates {
		src.line("%s.%s = %s.%s", c, fieldIdent(g.a.ID), g.local("aggregate"), fieldIdent(g.a.ID))
	}
	g.assignValues(src, c, (*model.Field).Ident, s.When.Values)
	src.line("%s, err := %s.%s(%s)", g.local("events"), g.local("aggregate"), decideMethod(g.a, cmd), c)
	if s.Rejected {
		g.scenarioRejected(src, s, cmd)
	} else {
		g.scenarioRecorded(src, s, cmd)
	}
	src.line("}")
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

// scenarioGiven writes the statements recording the given events, the
// examples with the values the scenario gives.
func (g *agg) scenarioGiven(src *goSource, s *model.Scenario) {
	var args []string
	seen := map[string]int{}
	for _, r := range s.Given {
		e := r.Target.(*model.Event)
		example := src.q(g.examplesPkg(g.a), e.Ident()) + "()"
		if len(r.Values) == 0 {
			args = append(args, example)
			continue
		}
		name := eventVar(e)
		if seen[name]++; seen[name] > 1 {
			name = fmt.Sprintf("%s%d", name, seen[name])
		}
		src.line("%s := %s", name, example)
		g.assignValues(src, name, eventFieldIdent, r.Values)
		args = append(args, name)
	}
	src.line("%s := given(%s)", g.local("aggregate"), strings.Join(args, ", "))
}

// assignValues writes the statements setting the fields a step gives on
// to.
func (g *agg) assignValues(src *goSource, to string, ident func(*model.Field) string, vals []*model.FieldValue) {
	for _, fv := range vals {
		src.lines(to+"."+ident(fv.Field)+" = ", g.value(src, fv.Field.Type, fv.Value), "")
	}
}

// value is the Go expression of a value written in the model, which
// Validate has checked fits t, as lines.
func (g *agg) value(src *goSource, t *model.TypeRef, v *model.Value) []string {
	switch t.Kind {
	case model.Optional:
		if v.Kind == model.ScalarValue && v.Tag == "!!null" {
			return []string{"nil"}
		}
		if t.Elem.Kind == model.List {
			return g.value(src, t.Elem, v)
		}
		elem := g.value(src, t.Elem, v)
		switch {
		case t.Elem.Kind == model.Scalar && t.Elem.Scalar == model.Int:
			elem = joinLines([]string{"int64("}, elem, []string{")"})
		case t.Elem.Kind == model.Scalar && t.Elem.Scalar == model.Float:
			elem = joinLines([]string{"float64("}, elem, []string{")"})
		}
		return joinLines([]string{"new("}, elem, []string{")"})
	case model.List:
		typ := "[]" + src.typeName(t.Elem, g.domainType(src))
		items := make([][]string, len(v.Items))
		for i, item := range v.Items {
			items[i] = g.value(src, t.Elem, item)
		}
		return listText(typ, items)
	case model.Named:
		if !t.Type.IsEnum() {
			typ := src.typeName(t, g.domainType(src))
			var fields []sampleItem
			for _, fv := range v.Fields {
				fields = append(fields, sampleItem{fv.Field.Ident(), g.value(src, fv.Field.Type, fv.Value)})
			}
			return literalText(typ, fields)
		}
	}
	return g.constant(src, t, v.Text)
}

// scenarioRecorded writes the checks that the command recorded the events
// the scenario expects, with the values it lists.
func (g *agg) scenarioRecorded(src *goSource, s *model.Scenario, cmd *model.Command) {
	var want, wantNames []string
	for _, r := range s.Then {
		e := r.Target.(*model.Event)
		want = append(want, src.q(g.path, e.Ident()+"Type"))
		wantNames = append(wantNames, e.Name)
	}
	src.line("if err != nil {")
	src.line("t.Fatalf(%s, err)", strconv.Quote(fmt.Sprintf("%s was rejected: %%v", cmd.Name)))
	src.line("}")
	src.line("want := []string{%s}", strings.Join(want, ", "))
	src.line("if got := eventTypes(%s); !%s(got, want) {", g.local("events"), src.q("slices", "Equal"))
	if pending(s) {
		scenarioPkg := g.platformPkg("scenario")
		src.line("if untouched, _ := %s(\".\", %s); untouched {", src.q(scenarioPkg, "Untouched"), strconv.Quote(hookName(cmd)))
		msg := fmt.Sprintf("%s records %%v by default; the scenario expects %s: decide it in %s", cmd.Name, strings.Join(wantNames, ", "), g.hookPath(cmd))
		src.line("%s(t, %s, got)", src.q(scenarioPkg, "Pending"), strconv.Quote(msg))
		src.line("}")
	}
	src.line("t.Fatalf(%s, got, want)", strconv.Quote(fmt.Sprintf("%s recorded %%v, the scenario expects %%v", cmd.Name)))
	src.line("}")
	for i, r := range s.Then {
		if len(r.Values) > 0 {
			g.thenValues(src, i, r)
		}
	}
}

// thenValues writes the checks of the values a scenario lists for the
// i-th event recorded.
func (g *agg) thenValues(src *goSource, i int, r *model.Ref) {
	e := r.Target.(*model.Event)
	src.line("if %s, ok := events[%d].(*%s); ok {", g.local("e"), i, src.q(g.path, e.Ident()))
	for _, fv := range r.Values {
		got := g.local("e") + "." + eventFieldIdent(fv.Field)
		src.lines("if !"+src.q(g.platformPkg("scenario"), "Same")+"("+got+", ", g.value(src, fv.Field.Type, fv.Value), ") {")
		msg := fmt.Sprintf("%s recorded %s %%v, the scenario expects %s", e.Name, fv.Field.Name, strings.ReplaceAll(fv.Value.String(), "%", "%%"))
		src.line("t.Errorf(%s, %s)", strconv.Quote(msg), got)
		src.line("}")
	}
	src.line("}")
}

// scenarioRejected writes the checks that a rule rejected the command:
// the rule the scenario names, or any. While that rule is not written, the
// scenario is pending.
func (g *agg) scenarioRejected(src *goSource, s *model.Scenario, cmd *model.Command) {
	scenarioPkg := g.platformPkg("scenario")
	args := []string{`"."`}
	for _, v := range g.pendingRules(s, cmd) {
		args = append(args, strconv.Quote(v))
	}
	uses := func() string {
		return "written, _ := " + src.q(scenarioPkg, "Uses") + "(" + strings.Join(args, ", ") + ")"
	}
	var rejected, expects, written, notWritten string
	if s.Rule != nil {
		rejected = src.q("errors", "Is") + "(err, " + src.q(g.path, g.ruleVarOf(s.Rule)) + ")"
		expects = fmt.Sprintf("the rule %q", s.Rule.Text)
		written, notWritten = uses(), "!written"
	} else {
		src.line("var rule *%s", src.q(g.domainPkg(), "RuleError"))
		expects = "a rule"
		if len(args) > 1 {
			src.line("%s", uses())
		}
		rejected = src.q("errors", "As") + "(err, &rule)"
		written = "untouched, _ := " + src.q(scenarioPkg, "Untouched") + `(".", ` + strconv.Quote(hookName(cmd)) + ")"
		notWritten = "untouched"
		if len(args) > 1 {
			notWritten = "untouched && !written"
		}
	}
	types := "eventTypes(" + g.local("events") + ")"
	src.line("if !%s {", rejected)
	src.line("if err == nil {")
	src.line("if %s; %s {", written, notWritten)
	msg := fmt.Sprintf("%s recorded %%v; the scenario expects %s to reject it: write it in %s", cmd.Name, expects, g.hookPath(cmd))
	src.line("%s(t, %s, %s)", src.q(scenarioPkg, "Pending"), strconv.Quote(msg), types)
	src.line("}")
	src.line("}")
	src.line("t.Fatalf(%s, err, %s)", strconv.Quote(fmt.Sprintf("%s gave %%v and recorded %%v; the scenario expects %s to reject it", cmd.Name, expects)), types)
	src.line("}")
}
