package golang

import (
	"fmt"
	"strconv"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

func (s *service) policyPkg() string { return s.pkg("internal/app/policy") }

// policySource starts a file of the policy package, with the names the
// policy's packages are imported under.
func (s *service) policySource(owner genfile.Owner, p *model.Policy) *goSource {
	g := s.newSource(s.policyPkg(), "policy", owner)
	g.importName(s.commandPkg(), "command")
	g.importName(s.aggregatePkg(p.Command().Aggregate), aggregatePkgName(p.Command().Aggregate))
	e := p.Event()
	g.importName(s.contractPkg(e.Aggregate.Context), contractPkgName(e.Aggregate.Context))
	return g
}

// policies writes a handler per policy, which turns its event into its
// command, and a scaffolded hook to complete or skip the command.
func (s *service) policies() {
	for i, p := range s.c.Policies {
		e, cmd := p.Event(), p.Command()
		typ := p.Ident()
		g := s.policySource(genfile.Generated, p)
		if i == 0 {
			g.packageDoc("Package policy holds the policies of the %s context: whenever an event happens, then a command is issued.", s.c.Name)
		}
		if p.Description != "" {
			g.comment("%s is the policy %q: whenever %s, then %s. %s", typ, p.Name, qualifiedName(s.c, e), cmd.Name, p.Description)
		} else {
			g.comment("%s is the policy %q: whenever %s, then %s.", typ, p.Name, qualifiedName(s.c, e), cmd.Name)
		}
		handler := "*" + g.q(s.commandPkg(), handlerType(cmd))
		g.holder(typ, "handler", handler, fmt.Sprintf("New%s returns the policy, which issues %s through handler.", typ, cmd.Name))
		g.line("")
		s.policyHandle(g, p)
		s.addSource("internal/app/policy/"+names.Snake(p.Base())+"_gen.go", g)

		ep, ap := s.contractPkg(e.Aggregate.Context), s.aggregatePkg(cmd.Aggregate)
		sg := s.policySource(genfile.Scaffolded, p)
		sg.comment("complete fills in what %s needs beyond the fields copied from %s by name and type. Return false to issue no command for this event.", cmd.Name, e.Name)
		sg.line("func (p *%s) complete(e %s, cmd *%s) bool {", typ, sg.q(ep, e.Ident()), sg.q(ap, cmd.Ident()))
		sg.line("return true")
		sg.line("}")
		s.addSource("internal/app/policy/"+goFileName(p.Base()), sg)
	}
}

// policyHandle writes a policy's Handle, which builds its command from the
// event (its target converted from the event's target field), lets
// complete finish it and issues it.
func (s *service) policyHandle(g *goSource, p *model.Policy) {
	e, cmd := p.Event(), p.Command()
	a := cmd.Aggregate
	ep := s.contractPkg(e.Aggregate.Context)
	g.comment("Handle issues %s for %s, with the command's fields filled from the event's fields of the same name and type, then by complete. %s", cmd.Name, e.Name, policyErrorDoc(cmd))
	g.line("func (p *%s) Handle(ctx %s, e %s) (err error) {", p.Ident(), g.q("context", "Context"), g.q(ep, e.Ident()))
	s.tracedSource(g, "policy "+p.Name)
	var values []keyValue
	targetIdent := fieldIdent(a.ID)
	if p.TargetField != nil {
		convertIDText(g, "id", a.IDField().Type, "e."+p.TargetField.Ident(), p.TargetField.Type, p.TargetField.Name)
		values = append(values, keyValue{targetIdent, "id"})
	}
	typ := g.q(s.aggregatePkg(a), cmd.Ident())
	for _, cf := range s.newAgg(a).commandFields(cmd) {
		if p.TargetField != nil && cf.Ident() == targetIdent {
			continue
		}
		if ef := e.Field(cf.Name); ef != nil && ef.Type.Fills(cf.Type) {
			values = append(values, keyValue{cf.Ident(), fill(s.mapValue(g, ep, ef.Type, "e."+ef.Ident(), false), ef.Type, cf.Type)})
		}
	}
	g.literal("cmd := "+typ, values, "")
	g.line("if !p.complete(e, &cmd) {")
	g.line("return nil")
	g.line("}")
	// err may already be declared by the target's conversion.
	g.line("if _, err := p.handler.Handle(ctx, cmd); err != nil {")
	s.policyError(g, p, cmd)
	g.line("}")
	g.line("return nil")
	g.line("}")
}

// policyError writes what a policy's Handle returns for err, the error of
// its command: the error as it is (transient: the event is handled again),
// or poison (sent to the dead-letter topic at once, since handling it again
// cannot succeed) when the command's target does not exist or a rule
// rejects it.
func (s *service) policyError(g *goSource, p *model.Policy, cmd *model.Command) {
	a := cmd.Aggregate
	poison := func(format, args string) {
		g.line("return %s(%s(%s, %s))", g.q(s.messagePkg(), "Poison"), g.q("fmt", "Errorf"), strconv.Quote(format), args)
	}
	g.line("switch {")
	if !cmd.Creates {
		g.caseLine("case %s(err, %s):", g.q("errors", "Is"), g.q(s.domainPkg(), "ErrNotFound"))
		poison("policy "+p.Name+": "+cmd.Name+" is for "+a.Name+" %v, which does not exist", "cmd."+fieldIdent(a.ID))
	}
	g.caseLine("case %s(err, new(*%s)):", g.q("errors", "As"), g.q(s.domainPkg(), "RuleError"))
	poison("policy "+p.Name+": "+cmd.Name+" was rejected: %w", "err")
	g.line("}")
	g.line("return err")
}

// policyErrorDoc says how a policy's Handle answers its command's errors.
func policyErrorDoc(cmd *model.Command) string {
	if cmd.Creates {
		return "A command a rule rejects is poison: handling the event again cannot succeed."
	}
	return "A command whose target does not exist, or that a rule rejects, is poison: handling the event again cannot succeed."
}
