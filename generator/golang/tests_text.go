package golang

import (
	"fmt"
	"sort"
	"strconv"

	"eventstorm/model"
)

// Text the emitters of generated tests share: ids, seeded event streams,
// the guarded route of the auth test, literals always one item a line, and
// sample keys.

// newIDExpr is a fresh aggregate id of the aggregate's id
// type.
func newIDExpr(g *goSource, a *model.Aggregate) string {
	if a.IDType == model.String {
		return g.q(uuidPkg, "NewString") + "()"
	}
	return g.q(uuidPkg, "New") + "()"
}

// seedStream is it writes the statements of a use
// case's test that save a new event-sourced aggregate with the id in id,
// its stream holding one event.
func (s *service) seedStream(g *goSource, a *model.Aggregate) {
	ap := s.aggregatePkg(a)
	g.line("seed := &%s{%s: id}", g.q(ap, a.Ident()), fieldIdent(a.ID))
	g.line("created := &%s{}", g.q(ap, seedEvent(a).Ident()))
	g.line("seed.Record(%s{Now: %s, NewID: %s}, created)", g.q(s.domainPkg(), "Stamp"), g.q("time", "Now"), g.q(uuidPkg, "New"))
	g.line("if err := repo.Save(ctx, seed, 0, []%s{created}); err != nil {", g.q(ap, eventIface(a)))
	g.line("t.Fatal(err)")
	g.line("}")
}

// guardedTarget is the route TestAuth calls, chosen as guardedRoute
// chooses it, with the command whose example is its body (nil for a read,
// whose body is empty).
func (s *service) guardedTarget() (rt guardedRoute, first *model.Command, ok bool) {
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
		return guardedRoute{method: "POST", path: path, role: actorRole(first)}, first, true
	}
	for _, r := range s.c.ReadModels {
		return guardedRoute{method: "GET", path: "/" + r.Kebab() + "/" + s.missingKey(r.KeyField().Type)}, nil, true
	}
	return guardedRoute{}, nil, false
}

// authTest is after a blank line, it writes TestAuth,
// the service with AUTH_MODE=jwt, trusting an issuer made in the test,
// refusing callers without a valid token or without the role and letting
// the others through.
func (s *service) authTest(g *goSource) {
	rt, first, ok := s.guardedTarget()
	if !ok {
		return
	}
	authtest := s.platformPkg("authtest")
	need := "a valid token"
	if rt.role != "" {
		need = fmt.Sprintf("a valid token with the role %s", rt.role)
	}
	g.line("")
	g.comment("TestAuth serves the API with AUTH_MODE=jwt, trusting a key made here: %s %s needs %s.", rt.method, rt.path, need)
	g.line("func TestAuth(t *%s) {", g.q("testing", "T"))
	g.line("issuer := %s(t)", g.q(authtest, "NewIssuer"))
	g.line("svc, err := %s(%s(), %s{Auth: issuer.Config()}, %s(%s))", g.q(s.servicePkg(), "New"), g.q("context", "Background"),
		g.q(s.servicePkg(), "Config"), g.q("log/slog", "New"), g.q("log/slog", "DiscardHandler"))
	g.line("if err != nil {")
	g.line("t.Fatal(err)")
	g.line("}")
	g.line("srv := %s(svc.Handler())", g.q("net/http/httptest", "NewServer"))
	g.line("defer srv.Close()")
	body := `""`
	if first != nil {
		body = s.exampleBody(g, first)
	}
	g.line("body := %s", body)
	g.line("%s(t, issuer, %s, func(token string) int {", g.q(authtest, "CheckGuarded"), strconv.Quote(rt.role))
	g.line("return %s(t, srv.Client(), %s, srv.URL+%s, body, token)", g.q(authtest, "Status"), strconv.Quote(rt.method), strconv.Quote(rt.path))
	g.line("})")
	g.line("}")
}

// multiline is the composite literal typ{items},
// one item a line, as lines of Go. Single-line items are aligned in runs,
// as gofmt aligns them: an item over several lines ends a run.
func multiline(typ string, items []sampleItem) []string {
	if len(items) == 0 {
		return []string{typ + "{}"}
	}
	out := []string{typ + "{"}
	var run []keyValue
	flush := func() {
		if len(run) > 0 {
			out = append(out, keyedLines(run)...)
			run = nil
		}
	}
	for _, it := range items {
		if len(it.value) == 1 {
			run = append(run, keyValue{it.key, it.value[0]})
			continue
		}
		flush()
		out = append(out, joinLines([]string{it.key + ": "}, it.value, []string{","})...)
	}
	flush()
	return append(out, "}")
}

// keySamples is up to three keys of a read model in
// the order both the databases and the in-memory store sort them, each as
// lines of Go.
func (s *service) keySamples(g *goSource, t *model.TypeRef) [][]string {
	var out [][]string
	switch {
	case t.Kind == model.Named && t.Type.IsEnum():
		values := make([]string, 0, len(t.Type.Enum))
		for _, v := range t.Type.Enum {
			values = append(values, v.Value)
		}
		sort.Strings(values)
		for _, v := range values[:min(3, len(values))] {
			out = append(out, []string{g.q(s.domainPkg(), t.Type.Ident()) + "(" + strconv.Quote(v) + ")"})
		}
		return out
	case t.Kind != model.Scalar:
		return nil
	}
	for i := 1; i <= 3; i++ {
		switch t.Scalar {
		case model.String:
			out = append(out, []string{strconv.Quote(fmt.Sprintf("key-%d", i))})
		case model.Int:
			out = append(out, []string{fmt.Sprintf("int64(%d)", i)})
		case model.Decimal:
			out = append(out, []string{fmt.Sprintf("%s(%d)", g.q(decimalPkg, "NewFromInt"), i)})
		case model.UUID:
			out = append(out, []string{fmt.Sprintf("%s(%q)", g.q(uuidPkg, "MustParse"), fmt.Sprintf("00000000-0000-4000-8000-00000000000%d", i))})
		case model.Time:
			out = append(out, []string{fmt.Sprintf("%s(2026, 11, %d, 9, 30, 0, 0, %s)", g.q("time", "Date"), i, g.q("time", "UTC"))})
		case model.Date:
			out = append(out, literalText(g.q(s.domainPkg(), "Date"), []sampleItem{{"Year", []string{"2026"}}, {"Month", []string{"11"}}, {"Day", []string{strconv.Itoa(i)}}}))
		}
	}
	return out
}
