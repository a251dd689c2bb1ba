package golang

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

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
// an element or an event field already has that name, and never EventMeta,
// the method every event has (an embedded EventMeta would be a field of
// that name, which hides the method).
func metaType(a *model.Aggregate) string {
	taken := aggregateIdents(a)
	taken[eventIface(a)] = true
	taken["EventMeta"] = true
	for _, e := range a.Events {
		for _, v := range e.Versions() { // the earlier versions' structs embed it too
			for _, f := range v.Fields {
				taken[f.Ident()] = true
			}
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

// eventFields are an event's written fields without the implicit ones.
func eventFields(e *model.Event) []*model.Field {
	all := e.AllFields()
	return all[4:]
}

// source starts a file of the aggregate's package.
func (g *agg) source(owner genfile.Owner) *goSource { return g.newSource(g.path, g.name, owner) }

// idTypeName is the Go type of an aggregate's id, as text.
func idTypeName(g *goSource, a *model.Aggregate) string {
	if a.IDType == model.String {
		return "string"
	}
	return g.q(uuidPkg, "UUID")
}

// fieldRows are struct field rows, name and type, for table.
func fieldRows(src *goSource, fields []*model.Field, named func(*model.TypeRef) string, ident func(*model.Field) string) [][]string {
	rows := make([][]string, 0, len(fields))
	for _, f := range fields {
		rows = append(rows, []string{ident(f), src.typeName(f.Type, named)})
	}
	return rows
}

// state writes the aggregate's state struct with Apply and Record.
func (g *agg) state() {
	a := g.a
	src := g.source(genfile.Generated)
	src.packageDoc("Package %s holds the %s aggregate of the %s context: its state, commands, events and rules.", g.name, a.Name, g.c.Name)
	text := fmt.Sprintf("%s is the state of one %s, rebuilt from its events.", a.Ident(), a.Name)
	if a.Description != "" {
		text += "\n" + a.Description
	}
	src.comment("%s", text)
	src.line("type %s struct {", a.Ident())
	src.comment("%s identifies the %s.", fieldIdent(a.ID), a.Name)
	src.line("%s %s", fieldIdent(a.ID), idTypeName(src, a))
	src.comment("Version counts the events recorded on it; it guards against concurrent changes.")
	src.table(append([][]string{{"Version", "int64"}}, fieldRows(src, g.stateFields(), g.domainType(src), stateFieldIdent)...))
	src.line("}")
	src.line("")
	src.comment("%s", "Apply changes the state by one recorded event: it copies the event's\nfields to the state's fields of the same name and type, then calls when.")
	src.line("func (%s *%s) Apply(e %s) {", g.recv, a.Ident(), eventIface(a))
	g.applySwitch(src)
	src.line("meta := e.EventMeta()")
	src.line("%s.%s = meta.%s", g.recv, fieldIdent(a.ID), fieldIdent(a.ID))
	src.line("%s.Version = meta.Version", g.recv)
	src.line("%s.when(e)", g.recv)
	src.line("}")
	src.line("")
	src.comment("Record stamps new events with a new id, the %s's id, the stamp's time\nand the next versions, and applies them.", a.Name)
	src.line("func (%s *%s) Record(stamp %s, events ...%s) {", g.recv, a.Ident(), src.q(g.domainPkg(), "Stamp"), eventIface(a))
	src.line("at := stamp.Now()")
	src.line("for _, e := range events {")
	src.line("meta := e.EventMeta()")
	src.line("meta.EventID = stamp.NewID()")
	src.line("meta.%s = %s.%s", fieldIdent(a.ID), g.recv, fieldIdent(a.ID))
	src.line("meta.OccurredAt = at")
	src.line("meta.Version = %s.Version + 1", g.recv)
	src.line("%s.Apply(e)", g.recv)
	src.line("}")
	src.line("}")
	g.addSource(g.dir+g.name+"_gen.go", src)
}

// applySwitch writes Apply's type switch: per event, the copies of its
// fields to the state's fields of the same name and type.
func (g *agg) applySwitch(src *goSource) {
	var cases [][]string // per event: its case line, then statements
	for _, e := range g.a.Events {
		stmts := []string{fmt.Sprintf("case *%s:", e.Ident())}
		for _, ef := range eventFields(e) {
			for _, sf := range g.stateFields() {
				if sf.Ident() == ef.Ident() && ef.Type.Fills(sf.Type) {
					stmts = append(stmts, fmt.Sprintf("%s.%s = %s", g.recv, stateFieldIdent(sf), fill("e."+eventFieldIdent(ef), ef.Type, sf.Type)))
				}
			}
		}
		if len(stmts) > 1 {
			cases = append(cases, stmts)
		}
	}
	if len(cases) == 0 {
		return
	}
	src.line("switch e := e.(type) {")
	for _, c := range cases {
		src.caseLine("%s", c[0])
		for _, stmt := range c[1:] {
			src.line("%s", stmt)
		}
	}
	src.line("}")
}

// fill is src, a value of type from, as a value of type to, which it
// fills: itself, or a pointer to a copy of it where to is optional and from
// is not (an optional list is a slice, nil when absent).
func fill(src string, from, to *model.TypeRef) string {
	if to.Kind == model.Optional && from.Kind != model.Optional && to.Elem.Kind != model.List {
		return "new(" + src + ")"
	}
	return src
}

// events writes the aggregate's event interface, the metadata every event
// embeds, the event types and a struct per event.
func (g *agg) events() {
	a := g.a
	src := g.source(genfile.Generated)
	src.comment("Event is a domain event of %s.", article(a.Name))
	meta := metaType(a)
	src.line("type %s interface {", eventIface(a))
	src.line("// EventMeta returns what every event carries.")
	src.line("EventMeta() *%s", meta)
	src.line("// EventType names the event on the wire (the ce_type header).")
	src.line("EventType() string")
	src.line("}")
	src.line("")
	src.comment("%s is what every %s event carries.", meta, a.Name)
	src.line("type %s struct {", meta)
	src.table([][]string{{"EventID", src.q(uuidPkg, "UUID")}, {fieldIdent(a.ID), idTypeName(src, a)}, {"OccurredAt", src.q("time", "Time")}, {"Version", "int64"}})
	src.line("// IssuedBy is the subject of the caller whose command recorded the event:")
	src.line("// empty when the API authenticates no one or a policy issued the command.")
	src.line("IssuedBy string")
	src.line("}")
	src.line("")
	src.comment("EventMeta returns m itself, so that embedding %s implements most of %s.", meta, eventIface(a))
	src.line("func (m *%s) EventMeta() *%s {", meta, meta)
	src.line("return m")
	src.line("}")
	src.line("")
	if len(a.Events) > 0 {
		src.comment("%s", "The event types, as in the ce_type header.")
		src.line("const (")
		rows := make([][]string, 0, len(a.Events))
		for _, e := range a.Events {
			rows = append(rows, []string{e.Ident() + "Type", "= " + strconv.Quote(ir.EventType(g.m, e))})
		}
		src.table(rows)
		src.line(")")
		src.line("")
	}
	for _, e := range a.Events {
		text := fmt.Sprintf("%s is the event %s.", e.Ident(), e.Name)
		if e.Description != "" {
			text += "\n" + e.Description
		}
		src.comment("%s", text)
		src.line("type %s struct {", e.Ident())
		src.table(append([][]string{{meta}}, fieldRows(src, eventFields(e), g.domainType(src), eventFieldIdent)...))
		src.line("}")
		src.line("")
		src.comment("EventType returns %sType.", e.Ident())
		src.line("func (*%s) EventType() string {", e.Ident())
		src.line("return %sType", e.Ident())
		src.line("}")
		src.line("")
	}
	g.addSource(g.dir+"events_gen.go", src)
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

// commands writes a struct per command of the aggregate.
func (g *agg) commands() {
	src := g.source(genfile.Generated)
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
		src.comment("%s", text)
		src.line("type %s struct {", c.Ident())
		src.table(fieldRows(src, g.commandFields(c), g.domainType(src), fieldIdentOf))
		src.line("")
		src.line("// %s is who issued the command: the caller the HTTP API authenticated,", callerField(c))
		src.line("// no one when it authenticates no one or a policy issued it.")
		src.line("%s %s", callerField(c), src.q(g.platformPkg("identity"), "Principal"))
		src.line("}")
		src.line("")
	}
	g.addSource(g.dir+"commands_gen.go", src)
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

// decide writes, per command, the aggregate's method that fills the
// command's events and calls the scaffolded hook that decides.
func (g *agg) decide() {
	src := g.source(genfile.Generated)
	for _, c := range g.a.Commands {
		events := c.EmittedEvents()
		what := "The events are filled"
		if len(events) == 1 {
			what = "The event is filled"
		}
		src.comment("%s decides the events of %s. %s from the command's\nfields of the same name and type, else from the state's; %s, in\n%s, checks the rules and chooses what to record.",
			decideMethod(g.a, c), c.Name, what, hookName(c), strings.TrimPrefix(g.hookFile(c), g.dir))
		src.line("func (%s *%s) %s(cmd %s) ([]%s, error) {", g.recv, g.a.Ident(), decideMethod(g.a, c), c.Ident(), eventIface(g.a))
		args := []string{"cmd"}
		for _, e := range events {
			src.literal(fmt.Sprintf("%s := &%s", eventVar(e), e.Ident()), g.eventValues(c, e), "")
			args = append(args, eventVar(e))
		}
		src.line("recorded, err := %s.%s(%s)", g.recv, hookName(c), strings.Join(args, ", "))
		src.line("for _, e := range recorded {")
		src.line("e.EventMeta().IssuedBy = cmd.%s.Subject", callerField(c))
		src.line("}")
		src.line("return recorded, err")
		src.line("}")
		src.line("")
	}
	g.addSource(g.dir+"decide_gen.go", src)
}

// eventValues fill an event's fields from the command's fields of the same
// name and type, else from the state's.
func (g *agg) eventValues(c *model.Command, e *model.Event) []keyValue {
	var values []keyValue
	cmdFields := g.commandFields(c)
	for _, ef := range eventFields(e) {
		if cf := source(cmdFields, ef); cf != nil {
			values = append(values, keyValue{eventFieldIdent(ef), fill("cmd."+cf.Ident(), cf.Type, ef.Type)})
		} else if sf := source(g.stateFields(), ef); sf != nil {
			values = append(values, keyValue{eventFieldIdent(ef), fill(g.recv+"."+stateFieldIdent(sf), sf.Type, ef.Type)})
		}
	}
	return values
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

// rules writes the error of every rule of the aggregate's commands.
func (g *agg) rules() {
	src := g.source(genfile.Generated)
	src.importName(g.domainPkg(), "domain")
	src.comment("The business rules of the %s's commands. A command's hook returns one to\nreject the command.", g.a.Name)
	src.line("var (")
	for _, v := range g.ruleVars() {
		src.comment("%s rejects %s: %s.", v.name, v.cmd.Name, strings.TrimSuffix(v.rule.Text, "."))
		src.line("%s = &%s{Rule: %s}", v.name, src.q(g.domainPkg(), "RuleError"), strconv.Quote(v.rule.Text))
	}
	src.line(")")
	g.addSource(g.dir+"rules_gen.go", src)
}

// scaffoldState writes the aggregate's when hook, with a case per event.
func (g *agg) scaffoldState() {
	src := g.source(genfile.Scaffolded)
	src.comment("%s", "when changes the state by an event beyond the fields Apply copies by name\nand type: set a status, add to a total, keep a list.")
	src.line("func (%s *%s) when(e %s) {", g.recv, g.a.Ident(), eventIface(g.a))
	if len(g.a.Events) > 0 {
		src.line("switch e.(type) {")
		for _, e := range g.a.Events {
			src.caseLine("case *%s:", e.Ident())
		}
		src.line("}")
	}
	src.line("}")
	g.addSource(g.dir+goFileName(g.a.Base()), src)
}

// scaffoldCommand writes a command's hook, which records its first event
// and shows where its rules go.
func (g *agg) scaffoldCommand(c *model.Command) {
	src := g.source(genfile.Scaffolded)
	events := c.EmittedEvents()
	params := []string{"cmd " + c.Ident()}
	var eventNames []string
	for _, e := range events {
		params = append(params, eventVar(e)+" *"+e.Ident())
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
	src.comment("%s", text)
	src.line("func (%s *%s) %s(%s) ([]%s, error) {", g.recv, g.a.Ident(), hookName(c), strings.Join(params, ", "), eventIface(g.a))
	for i, r := range c.Rules {
		if i > 0 {
			src.text("//")
		}
		// As gofmt reformats the comment: a paragraph, then a code block.
		src.text("// Rule: " + strings.TrimSuffix(r.Text, ".") + ".")
		src.text("//")
		src.text("//\tif <the rule does not hold> {")
		src.text("//\t\treturn nil, " + g.ruleVarOf(r))
		src.text("//\t}")
	}
	src.line("return []%s{%s}, nil", eventIface(g.a), eventVar(events[0]))
	src.line("}")
	g.addSource(g.hookFile(c), src)
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
