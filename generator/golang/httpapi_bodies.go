package golang

import (
	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
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

// httpBodies emits the API's bodies of each aggregate and read model,
// and its forms of the value objects they hold.
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
	f := s.httpFile()
	s.wireValueObjects(f, s.httpPkg(), types, "the HTTP API reads and writes it", wireBoth)
	s.add("internal/ports/httpapi/values_gen.go", genfile.Generated, f)
}

// httpAggregateBodies emits the request of each of an aggregate's
// commands and the response of its state.
func (s *service) httpAggregateBodies(a *model.Aggregate) {
	f := s.httpFile()
	for _, c := range a.Commands {
		s.httpRequest(f, a, c)
	}
	s.httpStateResponse(f, a)
	s.add("internal/ports/httpapi/"+names.Snake(a.Base())+"_bodies_gen.go", genfile.Generated, f)
}

// httpRequest emits a command's request, ToCommand, which makes the
// command of it, and its constructor from a command, for clients and
// tests.
func (s *service) httpRequest(f *jen.File, a *model.Aggregate, c *model.Command) {
	ap := s.aggregatePkg(a)
	req := requestType(c)
	fields := requestFields(a, c)
	route := "POST /" + a.Kebab() + "/" + c.Kebab()
	if !c.Creates {
		route = "POST /" + a.Kebab() + "/{id}/" + c.Kebab()
	}
	doc(f, "%s is the body of %s: the command %s.", req, route, c.Name)
	f.Type().Id(req).Struct(s.wireFields(s.httpPkg(), fields, jsonTag)...)
	f.Line()

	var params, items []jen.Code
	text := "ToCommand is the command r asks for."
	if !c.Creates {
		params = []jen.Code{jen.Id("id").Add(idGoType(a))}
		items = []jen.Code{kv(fieldIdent(a.ID), jen.Id("id"))}
		text = "ToCommand is the command r asks for, on the " + a.Name + " with the id the path carries."
	}
	items = append(items, s.fieldItems(s.httpPkg(), fields, "r", false, fieldIdentOf, fieldIdentOf)...)
	doc(f, "%s", text)
	f.Func().Params(jen.Id("r").Id(req)).Id("ToCommand").Params(params...).Qual(ap, c.Ident()).Block(
		jen.Return(jen.Qual(ap, c.Ident()).Add(lit(items...))),
	)
	f.Line()

	text = "New" + req + " is the body of a request asking for cmd, as a client sends it."
	if !c.Creates {
		text += " The request's path carries the id."
	}
	doc(f, "%s", text)
	f.Func().Id("New" + req).Params(jen.Id("cmd").Qual(ap, c.Ident())).Id(req).Block(
		jen.Return(jen.Id(req).Add(s.fieldMap(s.httpPkg(), fields, "cmd", true, fieldIdentOf, fieldIdentOf))),
	)
	f.Line()
}

// httpStateResponse emits the response of an aggregate's state and its
// constructor.
func (s *service) httpStateResponse(f *jen.File, a *model.Aggregate) {
	g := s.newAgg(a)
	resp := responseType(a)
	id := fieldIdent(a.ID)
	fields := []jen.Code{
		jen.Id(id).Add(g.idType()).Tag(map[string]string{"json": names.JSON(a.ID)}),
		jen.Id("Version").Int64().Tag(map[string]string{"json": "version"}),
	}
	fields = append(fields, s.wireFields(s.httpPkg(), g.stateFields(), outputTag)...)
	doc(f, "%s is the body answering GET /%s/{id}: the state of %s.", resp, a.Kebab(), article(a.Name))
	f.Type().Id(resp).Struct(fields...)
	f.Line()
	items := []jen.Code{
		kv(id, jen.Id("state").Dot(id)),
		kv("Version", jen.Id("state").Dot("Version")),
	}
	items = append(items, s.fieldItems(s.httpPkg(), g.stateFields(), "state", true, stateFieldIdent, fieldIdentOf)...)
	doc(f, "New%s is state as the API answers it.", resp)
	f.Func().Id("New" + resp).Params(jen.Id("state").Qual(s.aggregatePkg(a), a.Ident())).Id(resp).Block(
		jen.Return(jen.Id(resp).Add(lit(items...))),
	)
}

// httpRowResponse emits the response of a read model's row and its
// constructor.
func (s *service) httpRowResponse(f *jen.File, r *model.ReadModel) {
	resp := rowResponseType(r)
	doc(f, "%s is a row of %s as the API answers it.", resp, r.Name)
	f.Type().Id(resp).Struct(s.wireFields(s.httpPkg(), r.Fields, outputTag)...)
	f.Line()
	doc(f, "New%s is row as the API answers it.", resp)
	f.Func().Id("New" + resp).Params(jen.Id("row").Qual(s.queryPkg(), r.Ident())).Id(resp).Block(
		jen.Return(jen.Id(resp).Add(s.fieldMap(s.httpPkg(), r.Fields, "row", true, fieldIdentOf, fieldIdentOf))),
	)
	f.Line()
}
