package golang

import (
	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/model/names"
)

// This file holds what a context's service package has in the monolith
// layout beyond what a service has: Start, which runs the context's events
// without an HTTP server of its own, Deliver, the in-process bus's way in,
// and metrics labelled with the context; and the context's public package,
// all the monolith's main sees of it.

// facadePkg is the import path of the context's public package: the
// context's folder itself, internal/<context>, whose internal/ folder no
// other context may import from.
func (s *service) facadePkg() string { return s.x.Module }

// facadeName is the Go name of the context's public package.
func (s *service) facadeName() string { return names.Package(s.c.Base()) }

// facade emits the context's public package, internal/<context>: the
// monolith's main imports it, and it alone, of the context.
func (s *service) facade() {
	f := newFile(s.facadePkg(), s.facadeName(), genfile.Generated)
	f.ImportName(s.servicePkg(), "service")
	pkgDoc(f, "Package %s is the %s bounded context as a module of the %s monolith. Its insides, the same hexagon as its service's in the services layout, are under internal/, where Go lets no other context import them; this package is all the monolith's main sees of it.", s.facadeName(), s.c.Name, s.m.System)
	doc(f, "Service is the context, wired: see New.")
	f.Type().Id("Service").Op("=").Qual(s.servicePkg(), "Service")
	f.Line()
	doc(f, "Config is the context's configuration.")
	f.Type().Id("Config").Op("=").Qual(s.servicePkg(), "Config")
	f.Line()
	doc(f, "ConfigFromEnv reads the context's configuration from the environment, as its service would.")
	f.Func().Id("ConfigFromEnv").Params().Params(jen.Id("Config"), jen.Error()).Block(jen.Return(jen.Qual(s.servicePkg(), "ConfigFromEnv").Call()))
	f.Line()
	doc(f, "New wires the context. With a DATABASE_URL it opens the database and brings its tables up to the model; without one it keeps its data in memory.")
	f.Func().Id("New").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("cfg").Id("Config"), jen.Id("logger").Op("*").Qual("log/slog", "Logger")).Params(jen.Op("*").Id("Service"), jen.Error()).Block(
		jen.Return(jen.Qual(s.servicePkg(), "New").Call(jen.Id("ctx"), jen.Id("cfg"), jen.Id("logger"))),
	)
	s.add("module_gen.go", genfile.Generated, f)
}
