package golang

import (
	"fmt"
	"strconv"
	"strings"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

func (s *service) commandPkg() string { return s.pkg("internal/app/command") }

// repoType is the repository port of an aggregate, e.g. OrderRepository.
func repoType(a *model.Aggregate) string { return a.Ident() + "Repository" }

// handlerType is the use case of a command, e.g. PlaceOrderHandler.
func handlerType(c *model.Command) string { return c.Ident() + "Handler" }

// portType is the outbound port of an external system.
func portType(x *model.ExternalSystem) string { return x.Ident() }

// field is the unexported struct field holding a dependency.
func field(base string) string { return names.GoUnexported(base) }

// commands emits the command side: the ports it needs (ports_gen.go, a
// repository per aggregate) and a use case per command.
func (s *service) commands() {
	if len(s.c.Aggregates) == 0 {
		return
	}
	g := s.commandSource(genfile.Generated)
	g.packageDoc("Package command holds the use cases of the %s context, one per command: each loads an aggregate, lets it decide, and saves its new state with its events.", s.c.Name)
	for _, a := range s.c.Aggregates {
		ap := s.aggregatePkg(a)
		g.gap()
		g.comment("%s keeps %ss and, in the same transaction, the events recorded on them (the outbox).", repoType(a), a.Ident())
		g.line("type %s interface {", repoType(a))
		g.text(fmt.Sprintf("// Load returns the %s with the id, or domain.ErrNotFound.", a.Name))
		g.line("Load(ctx %s, id %s) (*%s, error)", g.q("context", "Context"), idTypeName(g, a), g.q(ap, a.Ident()))
		g.text(fmt.Sprintf("// Save stores the %s and its new events if its stored version is still", a.Name))
		g.text("// expected (0 for a new one), else returns domain.ErrConflict.")
		g.line("Save(%s) error", saveParams(g, ap, a, "ctx"))
		g.line("}")
	}
	s.addSource("internal/app/command/ports_gen.go", g)

	if len(s.c.ExternalSystems) > 0 {
		s.externalPorts()
	}
	for _, a := range s.c.Aggregates {
		for _, c := range a.Commands {
			s.useCase(a, c)
		}
	}
}

// commandSource starts a file of the command package, which knows the
// aggregates' packages and the domain's by their names.
func (s *service) commandSource(owner genfile.Owner) *goSource {
	g := s.newSource(s.commandPkg(), "command", owner)
	for _, a := range s.c.Aggregates {
		g.importName(s.aggregatePkg(a), aggregatePkgName(a))
	}
	g.importName(s.domainPkg(), "domain")
	return g
}

// externalPorts declares an outbound port per external system, with a
// method per call (external_gen.go); the calls' request and result types
// are scaffolded, a file per system, so the team shapes them.
func (s *service) externalPorts() {
	g := s.commandSource(genfile.Generated)
	for _, x := range s.c.ExternalSystems {
		g.gap()
		g.comment("%s is the external system %s, as this context calls it. Its request and result types are in %s.", portType(x), x.Name, goFileName(x.Base()))
		if x.Description != "" {
			g.comment("%s", x.Description)
		}
		if len(x.Calls) == 0 {
			g.line("type %s interface{}", portType(x))
		} else {
			g.line("type %s interface {", portType(x))
			for _, op := range x.Calls {
				g.text(fmt.Sprintf("// %s calls %s.", op.Ident(), op.Name))
				g.line("%s(ctx %s, req %sRequest) (%sResult, error)", op.Ident(), g.q("context", "Context"), s.callType(x, op), s.callType(x, op))
			}
			g.line("}")
		}
		s.externalTypes(x)
	}
	s.addSource("internal/app/command/external_gen.go", g)
}

// externalTypes writes the scaffolded file of an external system's
// request and result types, empty structs the team fills.
func (s *service) externalTypes(x *model.ExternalSystem) {
	sf := s.commandSource(genfile.Scaffolded)
	for _, op := range x.Calls {
		sf.gap()
		sf.comment("%sRequest is what %s sends to %s. Add the fields it needs.", s.callType(x, op), op.Name, x.Name)
		sf.line("type %sRequest struct{}", s.callType(x, op))
		sf.line("")
		sf.comment("%sResult is what %s returns. Add the fields it needs.", s.callType(x, op), op.Name)
		sf.line("type %sResult struct{}", s.callType(x, op))
	}
	s.addSource("internal/app/command/"+goFileName(x.Base()), sf)
}

// carriesID reports whether a creating command brings its aggregate's id.
func carriesID(a *model.Aggregate, c *model.Command) bool {
	for _, f := range c.Fields {
		if f.Ident() == fieldIdent(a.ID) {
			return true
		}
	}
	return false
}

// useCase writes a command's use case: its handler type, constructor,
// WithStamp and Handle, which loads (or creates) the aggregate, lets it
// decide, records the events and saves it.
func (s *service) useCase(a *model.Aggregate, c *model.Command) {
	g := s.newSource(s.commandPkg(), "command", genfile.Generated)
	for _, agg := range s.c.Aggregates {
		g.importName(s.aggregatePkg(agg), aggregatePkgName(agg))
	}
	g.importName(s.domainPkg(), "domain")
	systems := c.UsedSystems()
	s.useCaseType(g, a, c, systems)
	if c.Creates {
		g.comment("Handle records %s on a new %s and returns it: domain.ErrExists when one with its id exists already, a *domain.RuleError when a rule rejects the command.", c.Name, a.Name)
	} else {
		g.comment("Handle records %s on the %s the command names and returns its new state: domain.ErrNotFound when there is none, domain.ErrConflict when it changed meanwhile, a *domain.RuleError when a rule rejects the command.", c.Name, a.Name)
	}
	ap := s.aggregatePkg(a)
	g.line("func (h *%s) Handle(ctx %s, cmd %s) (_ *%s, err error) {", handlerType(c), g.q("context", "Context"), g.q(ap, c.Ident()), g.q(ap, a.Ident()))
	s.tracedSource(g, c.Name)
	s.useCaseState(g, a, c)
	expected := "0"
	if !c.Creates {
		g.line("expected := state.Version")
		expected = "expected"
	}
	if len(systems) > 0 {
		g.line("if err := h.callExternal(ctx, state, &cmd); err != nil {")
		g.line("return nil, err")
		g.line("}")
	}
	g.line("events, err := state.%s(cmd)", decideMethod(a, c))
	g.line("if err != nil {")
	g.line("return nil, err")
	g.line("}")
	g.line("state.Record(h.stamp, events...)")
	g.line("if err := h.repo.Save(ctx, state, %s, events); err != nil {", expected)
	if c.Creates {
		g.line("if %s(err, %s) {", g.q("errors", "Is"), g.q(s.domainPkg(), "ErrConflict"))
		g.line("return nil, %s(%s, state.%s, %s)", g.q("fmt", "Errorf"), strconv.Quote(article(a.Name)+" with the id %v: %w"), fieldIdent(a.ID), g.q(s.domainPkg(), "ErrExists"))
		g.line("}")
	}
	g.line("return nil, err")
	g.line("}")
	g.line("return state, nil")
	g.line("}")
	s.addSource("internal/app/command/"+names.Snake(c.Base())+"_gen.go", g)

	if len(systems) > 0 {
		s.scaffoldExternalCall(a, c, systems)
	}
}

// useCaseType declares a command's use case, its constructor and WithStamp.
func (s *service) useCaseType(g *goSource, a *model.Aggregate, c *model.Command, systems []*model.ExternalSystem) {
	handler := handlerType(c)
	deps := [][]string{{"repo", repoType(a)}, {"stamp", g.q(s.domainPkg(), "Stamp")}}
	params := []string{"repo " + repoType(a)}
	init := []keyValue{{"repo", "repo"}}
	for _, x := range systems {
		deps = append(deps, []string{field(x.Base()), portType(x)})
		params = append(params, field(x.Base())+" "+portType(x))
		init = append(init, keyValue{field(x.Base()), field(x.Base())})
	}
	init = append(init, keyValue{"stamp", g.q(s.platformPkg("stamp"), "System") + "()"})
	what := "changes an existing " + a.Name
	if c.Creates {
		what = "creates " + article(a.Name)
	}
	text := fmt.Sprintf("%s is the use case %s: it %s.", handler, c.Name, what)
	if c.Description != "" {
		text += " " + c.Description
	}
	g.comment("%s", text)
	g.line("type %s struct {", handler)
	g.table(deps)
	g.line("}")
	g.line("")
	g.comment("New%s returns the use case %s.", handler, c.Name)
	g.line("func New%s(%s) *%s {", handler, strings.Join(params, ", "), handler)
	if len(init) > 2 {
		g.line("return &%s{", handler)
		g.keyed(init)
		g.line("}")
	} else {
		g.line("return &%s{%s: %s, %s: %s}", handler, init[0].key, init[0].value, init[1].key, init[1].value)
	}
	g.line("}")
	g.line("")
	g.comment("WithStamp makes the use case take the time and the ids of what it records from stamp (stamp.Fixed in tests) instead of the system's.")
	g.line("func (h *%s) WithStamp(stamp %s) *%s {", handler, g.q(s.domainPkg(), "Stamp"), handler)
	g.line("h.stamp = stamp")
	g.line("return h")
	g.line("}")
	g.line("")
}

// scaffoldExternalCall writes a command's callExternal hook, where the
// team calls the external systems the command uses.
func (s *service) scaffoldExternalCall(a *model.Aggregate, c *model.Command, systems []*model.ExternalSystem) {
	ap := s.aggregatePkg(a)
	g := s.newSource(s.commandPkg(), "command", genfile.Scaffolded)
	for _, agg := range s.c.Aggregates {
		g.importName(s.aggregatePkg(agg), aggregatePkgName(agg))
	}
	var used []string
	for _, x := range systems {
		used = append(used, x.Name)
	}
	g.comment("callExternal calls what %s uses (%s) before the %s decides. It may fill the command from the results; return an error to stop the command.", c.Name, strings.Join(used, ", "), a.Name)
	g.line("func (h *%s) callExternal(ctx %s, state *%s, cmd *%s) error {", handlerType(c), g.q("context", "Context"), g.q(ap, a.Ident()), g.q(ap, c.Ident()))
	for _, x := range systems {
		if len(x.Calls) > 0 {
			g.text(fmt.Sprintf("// For example: result, err := h.%s.%s(ctx, %sRequest{})", field(x.Base()), x.Calls[0].Ident(), s.callType(x, x.Calls[0])))
		}
	}
	g.line("return nil")
	g.line("}")
	s.addSource("internal/app/command/"+goFileName(c.Base()), g)
}

// useCaseState is the start of a use case's Handle: a new aggregate for a
// creating command (with the command's id when it brings one), else the
// one the command names, loaded.
func (s *service) useCaseState(g *goSource, a *model.Aggregate, c *model.Command) {
	id := fieldIdent(a.ID)
	if !c.Creates {
		g.line("state, err := h.repo.Load(ctx, cmd.%s)", id)
		g.line("if err != nil {")
		g.line("return nil, err")
		g.line("}")
		return
	}
	newID := "h.stamp.NewID()"
	if a.IDType == model.String {
		newID += ".String()"
	}
	g.line("state := &%s{%s: %s}", g.q(s.aggregatePkg(a), a.Ident()), id, newID)
	if carriesID(a, c) {
		zero := `""`
		if a.IDType != model.String {
			zero = g.q(uuidPkg, "Nil")
		}
		g.line("if cmd.%s != %s {", id, zero)
		g.line("state.%s = cmd.%s", id, id)
		g.line("}")
	}
}

// saveHead starts a repository's Save: its signature, its span, and the
// events as messages for the outbox (msgs).
func (s *service) saveHead(g *goSource, a *model.Aggregate) {
	g.line("func (r *%s) Save(%s) (err error) {", repoType(a), saveParams(g, s.aggregatePkg(a), a, "ctx"))
	s.tracedSource(g, "save "+a.Name)
	g.line("msgs, err := %s(events)", g.q(s.messagingPkg(), fromAllFunc(a)))
	g.line("if err != nil {")
	g.line("return err")
	g.line("}")
}
