package golang

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/generator/ir"
	"eventstorm/model"
	"eventstorm/model/names"
)

// agg emits one aggregate's package under internal/domain.
type agg struct {
	*service
	a    *model.Aggregate
	path string // import path
	name string // package name
	dir  string // folder, relative to the service
	recv string // receiver name, e.g. "o" for an Order
}

func (s *service) aggregate(a *model.Aggregate) {
	g := s.newAgg(a)
	g.state()
	g.events()
	g.commands()
	g.decide()
	if len(g.ruleVars()) > 0 {
		g.rules()
	}
	g.scaffoldState()
	for _, c := range a.Commands {
		g.scaffoldCommand(c)
	}
	g.examples()
	if len(a.Scenarios) > 0 {
		g.scenarios()
	}
}

func (g *agg) file(owner genfile.Owner) *jen.File { return newFile(g.path, g.name, owner) }

// stateFields are the aggregate's fields after its id and version.
func (g *agg) stateFields() []*model.Field {
	var out []*model.Field
	for _, f := range g.a.Fields {
		if f.Ident() != fieldIdent(g.a.ID) && f.Ident() != "Version" {
			out = append(out, f)
		}
	}
	return out
}

func fieldIdent(name string) string { return names.GoExported(name) }

// aggregateRecv is the receiver name of an aggregate's methods, e.g. "o"
// for an Order, clear of the locals and parameters those methods use.
func aggregateRecv(a *model.Aggregate) string {
	r := strings.ToLower(a.Ident()[:1])
	switch r {
	case "e", "m":
		return "agg"
	}
	for _, e := range a.Events {
		if eventVar(e) == r {
			return "agg"
		}
	}
	return r
}

// aggregateIdents are the exported identifiers the model puts in an
// aggregate's package: its own, its commands' and its events'.
func aggregateIdents(a *model.Aggregate) map[string]bool {
	taken := map[string]bool{a.Ident(): true}
	for _, c := range a.Commands {
		taken[c.Ident()] = true
	}
	for _, e := range a.Events {
		taken[e.Ident()] = true
		taken[e.Ident()+"Type"] = true
	}
	return taken
}

// eventIface is the interface of an aggregate's events: Event, unless an
// element of the model already has that name in the package.
func eventIface(a *model.Aggregate) string {
	if aggregateIdents(a)["Event"] {
		return a.Ident() + "Event"
	}
	return "Event"
}

// metaType is the struct every event of the aggregate embeds: Meta, unless
// an element or an event field already has that name.
func metaType(a *model.Aggregate) string {
	taken := aggregateIdents(a)
	taken[eventIface(a)] = true
	for _, e := range a.Events {
		for _, f := range e.Fields {
			taken[f.Ident()] = true
		}
	}
	for _, name := range []string{"Meta", a.Ident() + "Meta", "EventHeader", a.Ident() + "EventHeader"} {
		if !taken[name] {
			return name
		}
	}
	return a.Ident() + "EventMetadata"
}

// eventFieldIdent is the Go field of an event field in the aggregate's
// event struct, kept clear of the methods every event has.
func eventFieldIdent(f *model.Field) string {
	id := f.Ident()
	if id == "EventMeta" || id == "EventType" {
		return id + "Value"
	}
	return id
}

// stateFieldIdent is the Go field of an aggregate field in its state
// struct, kept clear of the state's methods.
func stateFieldIdent(f *model.Field) string {
	id := f.Ident()
	if id == "Apply" || id == "Record" {
		return id + "Value"
	}
	return id
}

// decideMethod is the aggregate's method deciding a command: the command's
// name, or Decide and the name when the state has a field or method of it.
func decideMethod(a *model.Aggregate, c *model.Command) string {
	id := c.Ident()
	switch id {
	case "Apply", "Record", "Version", fieldIdent(a.ID):
		return "Decide" + id
	}
	for _, f := range a.Fields {
		if stateFieldIdent(f) == id {
			return "Decide" + id
		}
	}
	return id
}

// idType is the Go type of the aggregate's id.
func (g *agg) idType() jen.Code { return idGoType(g.a) }

// idGoType is the Go type of an aggregate's id.
func idGoType(a *model.Aggregate) jen.Code {
	if a.IDType == model.String {
		return jen.String()
	}
	return jen.Qual(uuidPkg, "UUID")
}

func (g *agg) self() jen.Code { return jen.Id(g.recv).Op("*").Id(g.a.Ident()) }

// eventFields are an event's written fields without the implicit ones.
func eventFields(e *model.Event) []*model.Field {
	all := e.AllFields()
	return all[4:]
}

func (g *agg) state() {
	a := g.a
	f := g.file(genfile.Generated)
	pkgDoc(f, "Package %s holds the %s aggregate of the %s context: its state, commands, events and rules.", g.name, a.Name, g.c.Name)
	fields := comment(fmt.Sprintf("%s identifies the %s.", fieldIdent(a.ID), a.Name))
	fields = append(fields, jen.Id(fieldIdent(a.ID)).Add(g.idType()))
	fields = append(fields, comment("Version counts the events recorded on it; it guards against concurrent changes.")...)
	fields = append(fields, jen.Id("Version").Int64())
	fields = append(fields, plainFields(g.stateFields(), g.domainTypes, stateFieldIdent)...)
	text := fmt.Sprintf("%s is the state of one %s, rebuilt from its events.", a.Ident(), a.Name)
	if a.Description != "" {
		text += "\n" + a.Description
	}
	doc(f, "%s", text)
	f.Type().Id(a.Ident()).Struct(fields...)
	f.Line()

	var cases []jen.Code
	for _, e := range a.Events {
		var stmts []jen.Code
		for _, ef := range eventFields(e) {
			for _, sf := range g.stateFields() {
				if sf.Ident() == ef.Ident() && ef.Type.Fills(sf.Type) {
					stmts = append(stmts, jen.Id(g.recv).Dot(stateFieldIdent(sf)).Op("=").Add(fill(jen.Id("e").Dot(eventFieldIdent(ef)), ef.Type, sf.Type)))
				}
			}
		}
		if len(stmts) > 0 {
			cases = append(cases, jen.Case(jen.Op("*").Id(e.Ident())).Block(stmts...))
		}
	}
	body := []jen.Code{}
	if len(cases) > 0 {
		body = append(body, jen.Switch(jen.Id("e").Op(":=").Id("e").Assert(jen.Type())).Block(cases...))
	}
	body = append(body,
		jen.Id("meta").Op(":=").Id("e").Dot("EventMeta").Call(),
		jen.Id(g.recv).Dot(fieldIdent(a.ID)).Op("=").Id("meta").Dot(fieldIdent(a.ID)),
		jen.Id(g.recv).Dot("Version").Op("=").Id("meta").Dot("Version"),
		jen.Id(g.recv).Dot("when").Call(jen.Id("e")),
	)
	doc(f, "%s", "Apply changes the state by one recorded event: it copies the event's\nfields to the state's fields of the same name and type, then calls when.")
	f.Func().Params(g.self()).Id("Apply").Params(jen.Id("e").Id(eventIface(a))).Block(body...)
	f.Line()
	doc(f, "Record stamps new events with a new id, the %s's id, the stamp's time\nand the next versions, and applies them.", a.Name)
	f.Func().Params(g.self()).Id("Record").Params(jen.Id("stamp").Qual(g.domainPkg(), "Stamp"), jen.Id("events").Op("...").Id(eventIface(a))).Block(
		jen.Id("at").Op(":=").Id("stamp").Dot("Now").Call(),
		jen.For(jen.List(jen.Id("_"), jen.Id("e")).Op(":=").Range().Id("events")).Block(
			jen.Id("meta").Op(":=").Id("e").Dot("EventMeta").Call(),
			jen.Id("meta").Dot("EventID").Op("=").Id("stamp").Dot("NewID").Call(),
			jen.Id("meta").Dot(fieldIdent(a.ID)).Op("=").Id(g.recv).Dot(fieldIdent(a.ID)),
			jen.Id("meta").Dot("OccurredAt").Op("=").Id("at"),
			jen.Id("meta").Dot("Version").Op("=").Id(g.recv).Dot("Version").Op("+").Lit(1),
			jen.Id(g.recv).Dot("Apply").Call(jen.Id("e")),
		),
	)
	g.add(g.dir+g.name+"_gen.go", genfile.Generated, f)
}

func (g *agg) events() {
	a := g.a
	f := g.file(genfile.Generated)
	doc(f, "Event is a domain event of %s.", article(a.Name))
	meta := metaType(a)
	f.Type().Id(eventIface(a)).Interface(
		jen.Comment("EventMeta returns what every event carries."),
		jen.Id("EventMeta").Params().Op("*").Id(meta),
		jen.Comment("EventType names the event on the wire (the ce_type header)."),
		jen.Id("EventType").Params().String(),
	)
	f.Line()
	doc(f, "%s is what every %s event carries.", meta, a.Name)
	f.Type().Id(meta).Struct(
		jen.Id("EventID").Qual(uuidPkg, "UUID"),
		jen.Id(fieldIdent(a.ID)).Add(g.idType()),
		jen.Id("OccurredAt").Qual("time", "Time"),
		jen.Id("Version").Int64(),
		jen.Comment("IssuedBy is the subject of the caller whose command recorded the event:"),
		jen.Comment("empty when the API authenticates no one or a policy issued the command."),
		jen.Id("IssuedBy").String(),
	)
	f.Line()
	doc(f, "EventMeta returns m itself, so that embedding %s implements most of %s.", meta, eventIface(a))
	f.Func().Params(jen.Id("m").Op("*").Id(meta)).Id("EventMeta").Params().Op("*").Id(meta).Block(jen.Return(jen.Id("m")))
	f.Line()
	if len(a.Events) > 0 {
		doc(f, "%s", "The event types, as in the ce_type header.")
		var defs []jen.Code
		for _, e := range a.Events {
			defs = append(defs, jen.Id(e.Ident()+"Type").Op("=").Lit(ir.EventType(g.m, e)))
		}
		f.Const().Defs(defs...)
		f.Line()
	}
	for _, e := range a.Events {
		text := fmt.Sprintf("%s is the event %s.", e.Ident(), e.Name)
		if e.Description != "" {
			text += "\n" + e.Description
		}
		doc(f, "%s", text)
		f.Type().Id(e.Ident()).Struct(append([]jen.Code{jen.Id(meta)}, plainFields(eventFields(e), g.domainTypes, eventFieldIdent)...)...)
		f.Line()
		doc(f, "EventType returns %sType.", e.Ident())
		f.Func().Params(jen.Op("*").Id(e.Ident())).Id("EventType").Params().String().Block(jen.Return(jen.Id(e.Ident() + "Type")))
		f.Line()
	}
	g.add(g.dir+"events_gen.go", genfile.Generated, f)
}

// commandFields are a command's fields; a command on an existing aggregate
// starts with the aggregate's id, which names its target.
func (g *agg) commandFields(c *model.Command) []*model.Field {
	var out []*model.Field
	if !c.Creates {
		out = append(out, g.a.IDField())
	}
	for _, f := range c.Fields {
		if !c.Creates && f.Ident() == fieldIdent(g.a.ID) {
			continue
		}
		out = append(out, f)
	}
	return out
}

func (g *agg) commands() {
	f := g.file(genfile.Generated)
	for _, c := range g.a.Commands {
		text := fmt.Sprintf("%s is the command %s", c.Ident(), c.Name)
		if c.Actor != "" {
			text += ", by " + article(c.Actor)
		}
		text += "."
		if c.Creates {
			text += fmt.Sprintf(" It creates %s.", article(g.a.Name))
		}
		if c.Description != "" {
			text += "\n" + c.Description
		}
		doc(f, "%s", text)
		fields := plainFields(g.commandFields(c), g.domainTypes, fieldIdentOf)
		fields = append(fields,
			jen.Line().Commentf("%s is who issued the command: the caller the HTTP API authenticated,", callerField(c)),
			jen.Comment("no one when it authenticates no one or a policy issued it."),
			jen.Id(callerField(c)).Qual(g.platformPkg("identity"), "Principal"),
		)
		f.Type().Id(c.Ident()).Struct(fields...)
		f.Line()
	}
	g.add(g.dir+"commands_gen.go", genfile.Generated, f)
}

// callerField names a command's field that says who issued it: Caller,
// unless the model gives the command a field of that name.
func callerField(c *model.Command) string {
	for _, name := range []string{"Caller", "IssuingCaller"} {
		if !slices.ContainsFunc(c.Fields, func(f *model.Field) bool { return f.Ident() == name }) {
			return name
		}
	}
	return "IssuingPrincipal"
}

// hookName is the unexported method, scaffolded, that decides a command.
func hookName(c *model.Command) string {
	if h := names.GoUnexported(c.Base()); h != "when" {
		return h
	}
	return "decideWhen"
}

// eventVar is the local name of an event in a command's decision.
func eventVar(e *model.Event) string {
	v := names.GoUnexported(e.Base())
	switch v {
	case "cmd", "recorded", "err":
		// The decision's own locals.
		return v + "Event"
	}
	return v
}

// newAgg prepares the emitter of an aggregate's package.
func (s *service) newAgg(a *model.Aggregate) *agg {
	name := aggregatePkgName(a)
	return &agg{service: s, a: a, path: s.aggregatePkg(a), name: name,
		dir: "internal/domain/" + name + "/", recv: aggregateRecv(a)}
}

// hookFile is the scaffolded file of a command's hook, relative to the
// service.
func (g *agg) hookFile(c *model.Command) string { return g.dir + goFileName(c.Base()) }

// hookPath is the scaffolded file of a command's hook, relative to the
// system's root.
func (g *agg) hookPath(c *model.Command) string { return g.service.dir + "/" + g.hookFile(c) }

func (g *agg) decide() {
	f := g.file(genfile.Generated)
	for _, c := range g.a.Commands {
		events := c.EmittedEvents()
		var stmts []jen.Code
		args := []jen.Code{jen.Id("cmd")}
		cmdFields := g.commandFields(c)
		for _, e := range events {
			var values []jen.Code
			for _, ef := range eventFields(e) {
				if cf := source(cmdFields, ef); cf != nil {
					values = append(values, kv(eventFieldIdent(ef), fill(jen.Id("cmd").Dot(cf.Ident()), cf.Type, ef.Type)))
				} else if sf := source(g.stateFields(), ef); sf != nil {
					values = append(values, kv(eventFieldIdent(ef), fill(jen.Id(g.recv).Dot(stateFieldIdent(sf)), sf.Type, ef.Type)))
				}
			}
			stmts = append(stmts, jen.Id(eventVar(e)).Op(":=").Op("&").Id(e.Ident()).Add(lit(values...)))
			args = append(args, jen.Id(eventVar(e)))
		}
		stmts = append(stmts,
			jen.List(jen.Id("recorded"), jen.Err()).Op(":=").Id(g.recv).Dot(hookName(c)).Call(args...),
			jen.For(jen.List(jen.Id("_"), jen.Id("e")).Op(":=").Range().Id("recorded")).Block(
				jen.Id("e").Dot("EventMeta").Call().Dot("IssuedBy").Op("=").Id("cmd").Dot(callerField(c)).Dot("Subject"),
			),
			jen.Return(jen.Id("recorded"), jen.Err()),
		)
		var what string
		if len(events) == 1 {
			what = "The event is filled"
		} else {
			what = "The events are filled"
		}
		doc(f, "%s decides the events of %s. %s from the command's\nfields of the same name and type, else from the state's; %s, in\n%s, checks the rules and chooses what to record.",
			decideMethod(g.a, c), c.Name, what, hookName(c), strings.TrimPrefix(g.hookFile(c), g.dir))
		f.Func().Params(g.self()).Id(decideMethod(g.a, c)).Params(jen.Id("cmd").Id(c.Ident())).Params(jen.Index().Id(eventIface(g.a)), jen.Error()).Block(stmts...)
		f.Line()
	}
	g.add(g.dir+"decide_gen.go", genfile.Generated, f)
}

// ruleVar is a rule's error variable and the command it belongs to.
type ruleVar struct {
	name string
	rule *model.Rule
	cmd  *model.Command
}

// ruleVars names the error of every rule of the aggregate's commands. A
// rule written on two commands in the same words is one error.
func (g *agg) ruleVars() []ruleVar {
	var out []ruleVar
	seen := map[string]string{} // name -> text
	for _, c := range g.a.Commands {
		for i, r := range c.Rules {
			name := "Err" + names.GoExported(r.Text)
			if names.Pascal(r.Text) == "" {
				name = fmt.Sprintf("Err%sRule%d", c.Ident(), i+1)
			}
			if text, ok := seen[name]; ok {
				if text == r.Text {
					continue
				}
				name = fmt.Sprintf("Err%s%s", c.Ident(), strings.TrimPrefix(name, "Err"))
			}
			seen[name] = r.Text
			out = append(out, ruleVar{name: name, rule: r, cmd: c})
		}
	}
	return out
}

// ruleVarOf finds the error variable of a command's rule.
func (g *agg) ruleVarOf(r *model.Rule) string {
	for _, v := range g.ruleVars() {
		if v.rule.Text == r.Text {
			return v.name
		}
	}
	return ""
}

func (g *agg) rules() {
	f := g.file(genfile.Generated)
	f.ImportName(g.domainPkg(), "domain")
	doc(f, "The business rules of the %s's commands. A command's hook returns one to\nreject the command.", g.a.Name)
	var defs []jen.Code
	for _, v := range g.ruleVars() {
		defs = append(defs, comment(fmt.Sprintf("%s rejects %s: %s.", v.name, v.cmd.Name, strings.TrimSuffix(v.rule.Text, ".")))...)
		defs = append(defs,
			jen.Id(v.name).Op("=").Op("&").Qual(g.domainPkg(), "RuleError").Values(jen.Dict{jen.Id("Rule"): jen.Lit(v.rule.Text)}),
		)
	}
	f.Var().Defs(defs...)
	g.add(g.dir+"rules_gen.go", genfile.Generated, f)
}

func (g *agg) scaffoldState() {
	f := g.file(genfile.Scaffolded)
	var cases []jen.Code
	for _, e := range g.a.Events {
		cases = append(cases, jen.Case(jen.Op("*").Id(e.Ident())))
	}
	body := []jen.Code{}
	if len(cases) > 0 {
		body = append(body, jen.Switch(jen.Id("e").Assert(jen.Type())).Block(cases...))
	}
	doc(f, "%s", "when changes the state by an event beyond the fields Apply copies by name\nand type: set a status, add to a total, keep a list.")
	f.Func().Params(g.self()).Id("when").Params(jen.Id("e").Id(eventIface(g.a))).Block(body...)
	g.add(g.dir+goFileName(g.a.Base()), genfile.Scaffolded, f)
}

func (g *agg) scaffoldCommand(c *model.Command) {
	f := g.file(genfile.Scaffolded)
	events := c.EmittedEvents()
	params := []jen.Code{jen.Id("cmd").Id(c.Ident())}
	var eventNames []string
	for _, e := range events {
		params = append(params, jen.Id(eventVar(e)).Op("*").Id(e.Ident()))
		eventNames = append(eventNames, e.Name)
	}
	target := "a new " + g.a.Name
	if !c.Creates {
		target = "the " + g.a.Name
	}
	text := fmt.Sprintf("%s decides what %s records on %s. It receives %s\nfilled from the command's fields of the same name and type.",
		hookName(c), c.Name, target, strings.Join(eventNames, " and "))
	if len(events) > 1 {
		text += " It records the\nfirst by default; return the ones that happened."
	}
	text += fmt.Sprintf("\nCheck the rules here and return their errors to reject the command;\ncmd.%s is who issued it.", callerField(c))
	doc(f, "%s", text)
	var body []jen.Code
	for _, r := range c.Rules {
		body = append(body,
			jen.Comment(fmt.Sprintf("Rule: %s.", strings.TrimSuffix(r.Text, "."))),
			jen.Comment("\tif <the rule does not hold> {"),
			jen.Commentf("\t\treturn nil, %s", g.ruleVarOf(r)),
			jen.Comment("\t}"),
		)
	}
	body = append(body, jen.Return(jen.Index().Id(eventIface(g.a)).Values(jen.Id(eventVar(events[0]))), jen.Nil()))
	f.Func().Params(g.self()).Id(hookName(c)).Params(params...).Params(jen.Index().Id(eventIface(g.a)), jen.Error()).Block(body...)
	g.add(g.hookFile(c), genfile.Scaffolded, f)
}

// goFileName is a Go file name for an element: snake_case, kept clear of
// the suffixes Go treats specially (_test, _linux, _amd64, ...).
func goFileName(base string) string {
	n := names.Snake(base)
	if n == "" {
		n = "element"
	}
	parts := strings.Split(n, "_")
	if last := parts[len(parts)-1]; len(parts) > 1 && (last == "test" || goosArch[last]) {
		n += "_hook"
	}
	return n + ".go"
}

var goosArch = map[string]bool{
	"aix": true, "android": true, "darwin": true, "dragonfly": true, "freebsd": true, "hurd": true,
	"illumos": true, "ios": true, "js": true, "linux": true, "nacl": true, "netbsd": true,
	"openbsd": true, "plan9": true, "solaris": true, "wasip1": true, "windows": true, "zos": true,
	"386": true, "amd64": true, "arm": true, "arm64": true, "loong64": true, "mips": true,
	"mipsle": true, "mips64": true, "mips64le": true, "ppc64": true, "ppc64le": true,
	"riscv64": true, "s390x": true, "wasm": true, "sparc64": true,
}
