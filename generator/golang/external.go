package golang

import (
	"strconv"

	"eventstorm/generator/genfile"
	"eventstorm/model"
)

func (s *service) externalPkg(x *model.ExternalSystem) string {
	return s.pkg("internal/adapters/external/" + externalPkgName(x))
}

// externalPkgName is the name of an external system's adapter package, and
// of its folder, kept clear of the generated code's locals as an
// aggregate's is (an external system A).
func externalPkgName(x *model.ExternalSystem) string { return packageName(x.Base()) }

// externals writes, per external system a command uses, a scaffolded stub
// adapter that logs its calls: the team replaces it with the real client.
func (s *service) externals() {
	for _, x := range s.c.ExternalSystems {
		if !s.usedSystem(x) {
			continue
		}
		name := externalPkgName(x)
		g := s.newSource(s.externalPkg(x), name, genfile.Scaffolded)
		g.importName(s.commandPkg(), "command")
		g.packageDoc("Package %s is the adapter of the external system %s. It starts as a stub that logs each call and answers with an empty result: replace the bodies with calls to the real system.", name, x.Name)
		logger := "*" + g.q("log/slog", "Logger")
		g.comment("Client calls %s.", x.Name)
		g.structType("Client", [][]string{{"logger", logger}})
		g.line("")
		g.comment("New returns a client of %s.", x.Name)
		g.line("func New(logger %s) *Client {", logger)
		g.line("return &Client{logger: logger}")
		g.line("}")
		for _, op := range x.Calls {
			g.line("")
			result := g.q(s.commandPkg(), s.callType(x, op)+"Result")
			g.comment("%s calls %s. The stub logs the request and returns an empty result.", op.Ident(), op.Name)
			g.line("func (c *Client) %s(ctx %s, req %s) (%s, error) {", op.Ident(), g.q("context", "Context"), g.q(s.commandPkg(), s.callType(x, op)+"Request"), result)
			g.line("c.logger.InfoContext(ctx, %s, \"request\", req)", strconv.Quote(x.Name+": "+op.Name+" (stub)"))
			g.line("return %s{}, nil", result)
			g.line("}")
		}
		s.addSource("internal/adapters/external/"+name+"/"+name+".go", g)
	}
}

// callType is the name an external system's call gives its request and
// result types (callType+"Request", callType+"Result") in the command
// package: the call's, or the system's and the call's when another external
// system of the context has a call of that name.
func (s *service) callType(x *model.ExternalSystem, op *model.Operation) string {
	for _, other := range s.c.ExternalSystems {
		if other == x {
			continue
		}
		for _, o := range other.Calls {
			if o.Ident() == op.Ident() {
				return x.Ident() + op.Ident()
			}
		}
	}
	return op.Ident()
}
