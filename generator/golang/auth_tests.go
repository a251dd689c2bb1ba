package golang

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"eventstorm/model"
)

// guardedRoute is the route the generated authentication test calls: the
// first command an actor issues, else the first command, else the first
// read; with its path (a missing id or key where it has one) and body.
type guardedRoute struct {
	method, path, role string
	body               jen.Code
}

func (s *service) guardedRoute() (guardedRoute, bool) {
	var first *model.Command
	for _, a := range s.c.Aggregates {
		for _, c := range a.Commands {
			if first == nil || (actorRole(first) == "" && actorRole(c) != "") {
				first = c
			}
		}
	}
	if first != nil {
		a := first.Aggregate
		path := "/" + a.Kebab() + "/" + first.Kebab()
		if !first.Creates {
			path = "/" + a.Kebab() + "/" + s.missingKey(a.IDField().Type) + "/" + first.Kebab()
		}
		return guardedRoute{method: "POST", path: path, role: actorRole(first), body: s.exampleBody(first)}, true
	}
	for _, r := range s.c.ReadModels {
		return guardedRoute{method: "GET", path: "/" + r.Kebab() + "/" + s.missingKey(r.KeyField().Type), body: jen.Lit("")}, true
	}
	return guardedRoute{}, false
}

// authTest emits TestAuth: the service with AUTH_MODE=jwt, trusting an
// issuer made in the test, refuses callers without a valid token or
// without the role, and lets the others through.
func (s *service) authTest(f *jen.File) {
	rt, ok := s.guardedRoute()
	if !ok {
		return
	}
	authtest := s.platformPkg("authtest")
	need := "a valid token"
	if rt.role != "" {
		need = fmt.Sprintf("a valid token with the role %s", rt.role)
	}
	doc(f, "TestAuth serves the API with AUTH_MODE=jwt, trusting a key made here: %s %s needs %s.", rt.method, rt.path, need)
	f.Func().Id("TestAuth").Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(
		jen.Id("issuer").Op(":=").Qual(authtest, "NewIssuer").Call(jen.Id("t")),
		jen.List(jen.Id("svc"), jen.Err()).Op(":=").Qual(s.servicePkg(), "New").Call(
			jen.Qual("context", "Background").Call(),
			jen.Qual(s.servicePkg(), "Config").Values(jen.Id("Auth").Op(":").Id("issuer").Dot("Config").Call()),
			jen.Qual("log/slog", "New").Call(jen.Qual("log/slog", "DiscardHandler")),
		),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err())),
		jen.Id("srv").Op(":=").Qual("net/http/httptest", "NewServer").Call(jen.Id("svc").Dot("Handler").Call()),
		jen.Defer().Id("srv").Dot("Close").Call(),
		jen.Id("body").Op(":=").Add(rt.body),
		jen.Qual(authtest, "CheckGuarded").Call(jen.Id("t"), jen.Id("issuer"), jen.Lit(rt.role), jen.Func().Params(jen.Id("token").String()).Int().Block(
			jen.Return(jen.Qual(authtest, "Status").Call(jen.Id("t"), jen.Id("srv").Dot("Client").Call(), jen.Lit(rt.method), jen.Id("srv").Dot("URL").Op("+").Lit(rt.path), jen.Id("body"), jen.Id("token"))),
		)),
	)
	f.Line()
}
