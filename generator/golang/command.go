package golang

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

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

func (s *service) commandFile(owner genfile.Owner) *jen.File {
	f := newFile(s.commandPkg(), "command", owner)
	for _, a := range s.c.Aggregates {
		f.ImportName(s.aggregatePkg(a), aggregatePkgName(a))
	}
	f.ImportName(s.domainPkg(), "domain")
	return f
}

// commands emits the command side: the ports it needs and a use case per
// command.
func (s *service) commands() {
	if len(s.c.Aggregates) == 0 {
		return
	}
	f := s.commandFile(genfile.Generated)
	pkgDoc(f, "Package command holds the use cases of the %s context, one per command: each loads an aggregate, lets it decide, and saves its new state with its events.", s.c.Name)
	for _, a := range s.c.Aggregates {
		ap := s.aggregatePkg(a)
		doc(f, "%s keeps %ss and, in the same transaction, the events recorded on them (the outbox).", repoType(a), a.Ident())
		f.Type().Id(repoType(a)).Interface(
			jen.Commentf("Load returns the %s with the id, or domain.ErrNotFound.", a.Name),
			jen.Id("Load").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("id").Add(idGoType(a))).Params(jen.Op("*").Qual(ap, a.Ident()), jen.Error()),
			jen.Commentf("Save stores the %s and its new events if its stored version is still", a.Name),
			jen.Comment("expected (0 for a new one), else returns domain.ErrConflict."),
			jen.Id("Save").Params(saveParams(ap, a, "ctx")...).Error(),
		)
		f.Line()
	}
	s.add("internal/app/command/ports_gen.go", genfile.Generated, f)

	if len(s.c.ExternalSystems) > 0 {
		s.externalPorts()
	}
	for _, a := range s.c.Aggregates {
		for _, c := range a.Commands {
			s.useCase(a, c)
		}
	}
}

// externalPorts declares an outbound port per external system, with a
// method per call; the calls' request and result types are scaffolded, so
// the team shapes them.
func (s *service) externalPorts() {
	f := s.commandFile(genfile.Generated)
	for _, x := range s.c.ExternalSystems {
		doc(f, "%s is the external system %s, as this context calls it. Its request and result types are in %s.", portType(x), x.Name, goFileName(x.Base()))
		if x.Description != "" {
			doc(f, "%s", x.Description)
		}
		var methods []jen.Code
		for _, op := range x.Calls {
			methods = append(methods,
				jen.Commentf("%s calls %s.", op.Ident(), op.Name),
				jen.Id(op.Ident()).Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("req").Id(op.Ident()+"Request")).Params(jen.Id(op.Ident()+"Result"), jen.Error()),
			)
		}
		f.Type().Id(portType(x)).Interface(methods...)
		f.Line()

		sf := s.commandFile(genfile.Scaffolded)
		for _, op := range x.Calls {
			doc(sf, "%sRequest is what %s sends to %s. Add the fields it needs.", op.Ident(), op.Name, x.Name)
			sf.Type().Id(op.Ident() + "Request").Struct()
			sf.Line()
			doc(sf, "%sResult is what %s returns. Add the fields it needs.", op.Ident(), op.Name)
			sf.Type().Id(op.Ident() + "Result").Struct()
			sf.Line()
		}
		s.add("internal/app/command/"+goFileName(x.Base()), genfile.Scaffolded, sf)
	}
	s.add("internal/app/command/external_gen.go", genfile.Generated, f)
}

// newID is a fresh aggregate id of the aggregate's id type.
func newID(a *model.Aggregate) *jen.Statement {
	if a.IDType == model.String {
		return jen.Qual(uuidPkg, "NewString").Call()
	}
	return jen.Qual(uuidPkg, "New").Call()
}

func zeroID(a *model.Aggregate) *jen.Statement {
	if a.IDType == model.String {
		return jen.Lit("")
	}
	return jen.Qual(uuidPkg, "Nil")
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

func (s *service) useCase(a *model.Aggregate, c *model.Command) {
	ap := s.aggregatePkg(a)
	f := s.commandFile(genfile.Generated)
	systems := c.UsedSystems()
	s.useCaseType(f, a, c, systems)

	id := fieldIdent(a.ID)
	body := s.useCaseState(a, c)
	expected := jen.Lit(0)
	if !c.Creates {
		body = append(body, jen.Id("expected").Op(":=").Id("state").Dot("Version"))
		expected = jen.Id("expected")
	}
	if len(systems) > 0 {
		body = append(body, jen.If(jen.Err().Op(":=").Id("h").Dot("callExternal").Call(jen.Id("ctx"), jen.Id("state"), jen.Op("&").Id("cmd")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Err()),
		))
	}
	body = append(body,
		jen.List(jen.Id("events"), jen.Err()).Op(":=").Id("state").Dot(decideMethod(a, c)).Call(jen.Id("cmd")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Id("state").Dot("Record").Call(jen.Id("h").Dot("stamp"), jen.Id("events").Op("...")),
	)
	saveFailed := []jen.Code{jen.Return(jen.Nil(), jen.Err())}
	if c.Creates {
		saveFailed = []jen.Code{
			jen.If(jen.Qual("errors", "Is").Call(jen.Err(), jen.Qual(s.domainPkg(), "ErrConflict"))).Block(
				jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit(article(a.Name)+" with the id %v: %w"), jen.Id("state").Dot(id), jen.Qual(s.domainPkg(), "ErrExists"))),
			),
			jen.Return(jen.Nil(), jen.Err()),
		}
	}
	body = append(body,
		jen.If(jen.Err().Op(":=").Id("h").Dot("repo").Dot("Save").Call(jen.Id("ctx"), jen.Id("state"), expected, jen.Id("events")), jen.Err().Op("!=").Nil()).Block(saveFailed...),
		jen.Return(jen.Id("state"), jen.Nil()),
	)
	if c.Creates {
		doc(f, "Handle records %s on a new %s and returns it: domain.ErrExists when one with its id exists already, a *domain.RuleError when a rule rejects the command.", c.Name, a.Name)
	} else {
		doc(f, "Handle records %s on the %s the command names and returns its new state: domain.ErrNotFound when there is none, domain.ErrConflict when it changed meanwhile, a *domain.RuleError when a rule rejects the command.", c.Name, a.Name)
	}
	f.Func().Params(jen.Id("h").Op("*").Id(handlerType(c))).Id("Handle").
		Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("cmd").Qual(ap, c.Ident())).
		Params(jen.Id("_").Op("*").Qual(ap, a.Ident()), errResult()).Block(s.traced(c.Name, body)...)
	s.add("internal/app/command/"+names.Snake(c.Base())+"_gen.go", genfile.Generated, f)

	if len(systems) > 0 {
		s.scaffoldExternalCall(a, c, systems)
	}
}

// useCaseType declares a command's use case, its constructor and WithStamp.
func (s *service) useCaseType(f *jen.File, a *model.Aggregate, c *model.Command, systems []*model.ExternalSystem) {
	deps := []jen.Code{jen.Id("repo").Id(repoType(a))}
	params := []jen.Code{jen.Id("repo").Id(repoType(a))}
	init := []jen.Code{kv("repo", jen.Id("repo"))}
	deps = append(deps, jen.Id("stamp").Qual(s.domainPkg(), "Stamp"))
	for _, x := range systems {
		deps = append(deps, jen.Id(field(x.Base())).Id(portType(x)))
		params = append(params, jen.Id(field(x.Base())).Id(portType(x)))
		init = append(init, kv(field(x.Base()), jen.Id(field(x.Base()))))
	}
	what := "changes an existing " + a.Name
	if c.Creates {
		what = "creates " + article(a.Name)
	}
	text := fmt.Sprintf("%s is the use case %s: it %s.", handlerType(c), c.Name, what)
	if c.Description != "" {
		text += " " + c.Description
	}
	doc(f, "%s", text)
	f.Type().Id(handlerType(c)).Struct(deps...)
	f.Line()
	doc(f, "New%s returns the use case %s.", handlerType(c), c.Name)
	init = append(init, kv("stamp", jen.Qual(s.platformPkg("stamp"), "System").Call()))
	f.Func().Id("New" + handlerType(c)).Params(params...).Op("*").Id(handlerType(c)).Block(
		jen.Return(jen.Op("&").Id(handlerType(c)).Add(lit(init...))),
	)
	f.Line()
	doc(f, "WithStamp makes the use case take the time and the ids of what it records from stamp (stamp.Fixed in tests) instead of the system's.")
	f.Func().Params(jen.Id("h").Op("*").Id(handlerType(c))).Id("WithStamp").Params(jen.Id("stamp").Qual(s.domainPkg(), "Stamp")).Op("*").Id(handlerType(c)).Block(
		jen.Id("h").Dot("stamp").Op("=").Id("stamp"),
		jen.Return(jen.Id("h")),
	)
	f.Line()
}

func (s *service) scaffoldExternalCall(a *model.Aggregate, c *model.Command, systems []*model.ExternalSystem) {
	ap := s.aggregatePkg(a)
	f := s.commandFile(genfile.Scaffolded)
	var used []string
	for _, x := range systems {
		used = append(used, x.Name)
	}
	doc(f, "callExternal calls what %s uses (%s) before the %s decides. It may fill the command from the results; return an error to stop the command.", c.Name, strings.Join(used, ", "), a.Name)
	var body []jen.Code
	for _, x := range systems {
		if len(x.Calls) > 0 {
			body = append(body, jen.Comment(fmt.Sprintf("For example: result, err := h.%s.%s(ctx, %sRequest{})", field(x.Base()), x.Calls[0].Ident(), x.Calls[0].Ident())))
		}
	}
	body = append(body, jen.Return(jen.Nil()))
	f.Func().Params(jen.Id("h").Op("*").Id(handlerType(c))).Id("callExternal").
		Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("state").Op("*").Qual(ap, a.Ident()), jen.Id("cmd").Op("*").Qual(ap, c.Ident())).
		Error().Block(body...)
	s.add("internal/app/command/"+goFileName(c.Base()), genfile.Scaffolded, f)
}

// saveParams are the parameters of a repository's Save, the port's and its
// adapters' alike; ctx names the context ("_" where it is not used).
func saveParams(ap string, a *model.Aggregate, ctx string) []jen.Code {
	return []jen.Code{
		jen.Id(ctx).Qual("context", "Context"),
		jen.Id("state").Op("*").Qual(ap, a.Ident()),
		jen.Id("expected").Int64(),
		jen.Id("events").Index().Qual(ap, eventIface(a)),
	}
}

// useCaseState is the start of a use case's Handle: a new aggregate for a
// creating command (with the command's id when it brings one), else the
// one the command names, loaded.
func (s *service) useCaseState(a *model.Aggregate, c *model.Command) []jen.Code {
	ap := s.aggregatePkg(a)
	id := fieldIdent(a.ID)
	var body []jen.Code
	if c.Creates {
		newID := jen.Id("h").Dot("stamp").Dot("NewID").Call()
		if a.IDType == model.String {
			newID.Dot("String").Call()
		}
		body = append(body, jen.Id("state").Op(":=").Op("&").Qual(ap, a.Ident()).Add(lit(kv(id, newID))))
		if carriesID(a, c) {
			body = append(body, jen.If(jen.Id("cmd").Dot(id).Op("!=").Add(zeroID(a))).Block(
				jen.Id("state").Dot(id).Op("=").Id("cmd").Dot(id),
			))
		}
	} else {
		body = append(body,
			jen.List(jen.Id("state"), jen.Err()).Op(":=").Id("h").Dot("repo").Dot("Load").Call(jen.Id("ctx"), jen.Id("cmd").Dot(id)),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		)
	}
	return body
}
