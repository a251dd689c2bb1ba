package golang

import (
	"eventstorm/model"
	"eventstorm/model/names"
)

// The HTTP API's bodies are types of its own, mapped to and from the
// domain, whose types carry no JSON tags: a request per command, a
// response per aggregate's state and per read model's row, and the API's
// form of each value object they hold.

// requestType is the body of a command's route.
func requestType(c *model.Command) string { return c.Ident() + "Request" }

// responseType is the body answering GET of an aggregate's state.
func responseType(a *model.Aggregate) string { return a.Ident() + "Response" }

// rowResponseType is the body of a read model's row.
func rowResponseType(r *model.ReadModel) string { return r.Ident() + "Response" }

// httpBodies writes the API's bodies of each aggregate and read model,
// and its forms of the value objects they hold (values_gen.go).
func (s *service) httpBodies() {
	var all [][]*model.Field
	for _, a := range s.c.Aggregates {
		s.httpAggregateBodies(a)
		all = append(all, s.newAgg(a).stateFields())
		for _, c := range a.Commands {
			all = append(all, requestFields(a, c))
		}
	}
	for _, r := range s.c.ReadModels {
		all = append(all, r.Fields)
	}
	types := s.valueObjectsIn(all...)
	if len(types) == 0 {
		return
	}
	g := s.httpSource()
	s.wireValueObjects(g, s.httpPkg(), types, "the HTTP API reads and writes it", wireBoth)
	s.addSource("internal/ports/httpapi/values_gen.go", g)
}

// httpAggregateBodies writes the request of each of an aggregate's
// commands and the response of its state (<aggregate>_bodies_gen.go).
func (s *service) httpAggregateBodies(a *model.Aggregate) {
	g := s.httpSource()
	for _, c := range a.Commands {
		s.httpRequest(g, a, c)
	}
	s.httpStateResponse(g, a)
	s.addSource("internal/ports/httpapi/"+names.Snake(a.Base())+"_bodies_gen.go", g)
}

// httpRequest writes a command's request, ToCommand, which makes the
// command of it, and its constructor from a command, for clients and
// tests; a blank line follows each.
func (s *service) httpRequest(g *goSource, a *model.Aggregate, c *model.Command) {
	ap := s.aggregatePkg(a)
	req := requestType(c)
	fields := requestFields(a, c)
	route := "POST /" + a.Kebab() + "/" + c.Kebab()
	if !c.Creates {
		route = "POST /" + a.Kebab() + "/{id}/" + c.Kebab()
	}
	g.comment("%s is the body of %s: the command %s.", req, route, c.Name)
	g.structType(req, s.wireFields(g, s.httpPkg(), fields, jsonTag))
	g.line("")

	params, text := "", "ToCommand is the command r asks for."
	var items []keyValue
	if !c.Creates {
		params = "id " + idTypeName(g, a)
		items = []keyValue{{fieldIdent(a.ID), "id"}}
		text = "ToCommand is the command r asks for, on the " + a.Name + " with the id the path carries."
	}
	g.comment("%s", text)
	cmd := g.q(ap, c.Ident())
	g.line("func (r %s) ToCommand(%s) %s {", req, params, cmd)
	items = append(items, s.fieldItems(g, s.httpPkg(), fields, "r", false, fieldIdentOf, fieldIdentOf)...)
	g.literal("return "+cmd, items, "")
	g.line("}")
	g.line("")

	text = "New" + req + " is the body of a request asking for cmd, as a client sends it."
	if !c.Creates {
		text += " The request's path carries the id."
	}
	g.comment("%s", text)
	g.line("func New%s(cmd %s) %s {", req, cmd, req)
	g.literal("return "+req, s.fieldItems(g, s.httpPkg(), fields, "cmd", true, fieldIdentOf, fieldIdentOf), "")
	g.line("}")
	g.line("")
}

// httpStateResponse writes the response of an aggregate's state and its
// constructor.
func (s *service) httpStateResponse(g *goSource, a *model.Aggregate) {
	resp := responseType(a)
	id := fieldIdent(a.ID)
	state := s.newAgg(a).stateFields()
	g.comment("%s is the body answering GET /%s/{id}: the state of %s.", resp, a.Kebab(), article(a.Name))
	rows := [][]string{
		{id, idTypeName(g, a), tag(map[string]string{"json": names.JSON(a.ID)})},
		{"Version", "int64", tag(map[string]string{"json": "version"})},
	}
	g.structType(resp, append(rows, s.wireFields(g, s.httpPkg(), state, outputTag)...))
	g.line("")
	g.comment("New%s is state as the API answers it.", resp)
	g.line("func New%s(state %s) %s {", resp, g.q(s.aggregatePkg(a), a.Ident()), resp)
	items := []keyValue{{id, "state." + id}, {"Version", "state.Version"}}
	items = append(items, s.fieldItems(g, s.httpPkg(), state, "state", true, stateFieldIdent, fieldIdentOf)...)
	g.literal("return "+resp, items, "")
	g.line("}")
}

// httpRowResponse writes the response of a read model's row and its
// constructor, a blank line after each.
func (s *service) httpRowResponse(g *goSource, r *model.ReadModel) {
	resp := rowResponseType(r)
	g.comment("%s is a row of %s as the API answers it.", resp, r.Name)
	g.structType(resp, s.wireFields(g, s.httpPkg(), r.Fields, outputTag))
	g.line("")
	g.comment("New%s is row as the API answers it.", resp)
	g.line("func New%s(row %s) %s {", resp, g.q(s.queryPkg(), r.Ident()), resp)
	g.literal("return "+resp, s.fieldItems(g, s.httpPkg(), r.Fields, "row", true, fieldIdentOf, fieldIdentOf), "")
	g.line("}")
	g.line("")
}
