package golang

import (
	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

func (s *service) externalPkg(x *model.ExternalSystem) string {
	return s.pkg("internal/adapters/external/" + names.Package(x.Base()))
}

// externals emits, per external system a command uses, a scaffolded stub
// adapter that logs its calls: the team replaces it with the real client.
func (s *service) externals() {
	for _, x := range s.c.ExternalSystems {
		if !s.usedSystem(x) {
			continue
		}
		name := names.Package(x.Base())
		f := newFile(s.externalPkg(x), name, genfile.Scaffolded)
		f.ImportName(s.commandPkg(), "command")
		pkgDoc(f, "Package %s is the adapter of the external system %s. It starts as a stub that logs each call and answers with an empty result: replace the bodies with calls to the real system.", name, x.Name)
		doc(f, "Client calls %s.", x.Name)
		f.Type().Id("Client").Struct(jen.Id("logger").Op("*").Qual("log/slog", "Logger"))
		f.Line()
		doc(f, "New returns a client of %s.", x.Name)
		f.Func().Id("New").Params(jen.Id("logger").Op("*").Qual("log/slog", "Logger")).Op("*").Id("Client").Block(
			jen.Return(jen.Op("&").Id("Client").Add(lit(kv("logger", jen.Id("logger"))))),
		)
		for _, op := range x.Calls {
			f.Line()
			doc(f, "%s calls %s. The stub logs the request and returns an empty result.", op.Ident(), op.Name)
			f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(op.Ident()).Params(
				jen.Id("ctx").Qual("context", "Context"),
				jen.Id("req").Qual(s.commandPkg(), op.Ident()+"Request"),
			).Params(jen.Qual(s.commandPkg(), op.Ident()+"Result"), jen.Error()).Block(
				jen.Id("c").Dot("logger").Dot("InfoContext").Call(jen.Id("ctx"), jen.Lit(x.Name+": "+op.Name+" (stub)"), jen.Lit("request"), jen.Id("req")),
				jen.Return(jen.Qual(s.commandPkg(), op.Ident()+"Result").Values(), jen.Nil()),
			)
		}
		s.add("internal/adapters/external/"+name+"/"+name+".go", genfile.Scaffolded, f)
	}
}
