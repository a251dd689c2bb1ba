package golang

import (
	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

func (s *service) policyPkg() string { return s.pkg("internal/app/policy") }

func (s *service) policyFile(owner genfile.Owner, p *model.Policy) *jen.File {
	f := newFile(s.policyPkg(), "policy", owner)
	f.ImportName(s.commandPkg(), "command")
	f.ImportName(s.aggregatePkg(p.Command().Aggregate), aggregatePkgName(p.Command().Aggregate))
	e := p.Event()
	f.ImportName(s.contractPkg(e.Aggregate.Context), contractPkgName(e.Aggregate.Context))
	return f
}

// policies emits a handler per policy, which turns its event into its
// command, and a scaffolded hook to complete or skip the command.
func (s *service) policies() {
	for i, p := range s.c.Policies {
		e, cmd := p.Event(), p.Command()
		a := cmd.Aggregate
		ep := s.contractPkg(e.Aggregate.Context)
		ap := s.aggregatePkg(a)
		typ := p.Ident()
		f := s.policyFile(genfile.Generated, p)
		if i == 0 {
			pkgDoc(f, "Package policy holds the policies of the %s context: whenever an event happens, then a command is issued.", s.c.Name)
		}
		if p.Description != "" {
			doc(f, "%s is the policy %q: whenever %s, then %s. %s", typ, p.Name, qualifiedName(s.c, e), cmd.Name, p.Description)
		} else {
			doc(f, "%s is the policy %q: whenever %s, then %s.", typ, p.Name, qualifiedName(s.c, e), cmd.Name)
		}
		f.Type().Id(typ).Struct(jen.Id("handler").Op("*").Qual(s.commandPkg(), handlerType(cmd)))
		f.Line()
		doc(f, "New%s returns the policy, which issues %s through handler.", typ, cmd.Name)
		f.Func().Id("New" + typ).Params(jen.Id("handler").Op("*").Qual(s.commandPkg(), handlerType(cmd))).Op("*").Id(typ).Block(
			jen.Return(jen.Op("&").Id(typ).Add(lit(kv("handler", jen.Id("handler"))))),
		)
		f.Line()

		var body []jen.Code
		var values []jen.Code
		targetIdent := fieldIdent(a.ID)
		if p.TargetField != nil {
			body = append(body, convertID(jen.Id("id"), a.IDField().Type, jen.Id("e").Dot(p.TargetField.Ident()), p.TargetField.Type, p.TargetField.Name)...)
			values = append(values, kv(targetIdent, jen.Id("id")))
		}
		for _, cf := range s.newAgg(a).commandFields(cmd) {
			if p.TargetField != nil && cf.Ident() == targetIdent {
				continue
			}
			if ef := e.Field(cf.Name); ef != nil && ef.Type.Fills(cf.Type) {
				values = append(values, kv(cf.Ident(), fill(s.toDomain(ep, ef.Type, jen.Id("e").Dot(ef.Ident())), ef.Type, cf.Type)))
			}
		}
		body = append(body,
			jen.Id("cmd").Op(":=").Qual(ap, cmd.Ident()).Add(lit(values...)),
			jen.If(jen.Op("!").Id("p").Dot("complete").Call(jen.Id("e"), jen.Op("&").Id("cmd"))).Block(jen.Return(jen.Nil())),
			// err may already be declared by the target's conversion.
			jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("p").Dot("handler").Dot("Handle").Call(jen.Id("ctx"), jen.Id("cmd")), jen.Err().Op("!=").Nil()).Block(
				s.policyError(p, cmd)...,
			),
			jen.Return(jen.Nil()),
		)
		doc(f, "Handle issues %s for %s, with the command's fields filled from the event's fields of the same name and type, then by complete. %s", cmd.Name, e.Name, policyErrorDoc(cmd))
		f.Func().Params(jen.Id("p").Op("*").Id(typ)).Id("Handle").Params(
			jen.Id("ctx").Qual("context", "Context"),
			jen.Id("e").Qual(ep, e.Ident()),
		).Params(errResult()).Block(s.traced("policy "+p.Name, body)...)
		s.add("internal/app/policy/"+names.Snake(p.Base())+"_gen.go", genfile.Generated, f)

		sf := s.policyFile(genfile.Scaffolded, p)
		doc(sf, "complete fills in what %s needs beyond the fields copied from %s by name and type. Return false to issue no command for this event.", cmd.Name, e.Name)
		sf.Func().Params(jen.Id("p").Op("*").Id(typ)).Id("complete").Params(
			jen.Id("e").Qual(ep, e.Ident()),
			jen.Id("cmd").Op("*").Qual(ap, cmd.Ident()),
		).Bool().Block(jen.Return(jen.True()))
		s.add("internal/app/policy/"+goFileName(p.Base()), genfile.Scaffolded, sf)
	}
}

// policyError returns what a policy's Handle returns for err, the error of
// its command: the error as it is (transient: the event is handled again),
// or poison (sent to the dead-letter topic at once, since handling it again
// cannot succeed) when the command's target does not exist or a rule
// rejects it.
func (s *service) policyError(p *model.Policy, cmd *model.Command) []jen.Code {
	a := cmd.Aggregate
	poison := func(format string, args ...jen.Code) jen.Code {
		return jen.Return(jen.Qual(s.messagePkg(), "Poison").Call(jen.Qual("fmt", "Errorf").Call(append([]jen.Code{jen.Lit(format)}, args...)...)))
	}
	var cases []jen.Code
	if !cmd.Creates {
		cases = append(cases, jen.Case(jen.Qual("errors", "Is").Call(jen.Err(), jen.Qual(s.domainPkg(), "ErrNotFound"))).Block(
			poison("policy "+p.Name+": "+cmd.Name+" is for "+a.Name+" %v, which does not exist", jen.Id("cmd").Dot(fieldIdent(a.ID))),
		))
	}
	cases = append(cases,
		jen.Case(jen.Qual("errors", "As").Call(jen.Err(), jen.New(jen.Op("*").Qual(s.domainPkg(), "RuleError")))).Block(
			poison("policy "+p.Name+": "+cmd.Name+" was rejected: %w", jen.Err()),
		),
	)
	return []jen.Code{jen.Switch().Block(cases...), jen.Return(jen.Err())}
}

// policyErrorDoc says how a policy's Handle answers its command's errors.
func policyErrorDoc(cmd *model.Command) string {
	if cmd.Creates {
		return "A command a rule rejects is poison: handling the event again cannot succeed."
	}
	return "A command whose target does not exist, or that a rule rejects, is poison: handling the event again cannot succeed."
}
