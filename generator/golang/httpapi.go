package golang

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
	"eventstorm/platform/httpx"
)

// MaxBodyBytes bounds the request bodies the generated HTTP APIs read: the
// runtime's httpx.MaxBodyBytes.
const MaxBodyBytes = httpx.MaxBodyBytes

func (s *service) httpPkg() string { return s.pkg("internal/ports/httpapi") }

func (s *service) httpFile() *jen.File {
	f := newFile(s.httpPkg(), "httpapi", genfile.Generated)
	f.ImportName(s.commandPkg(), "command")
	f.ImportName(s.queryPkg(), "query")
	f.ImportName(s.domainPkg(), "domain")
	for _, a := range s.c.Aggregates {
		f.ImportName(s.aggregatePkg(a), aggregatePkgName(a))
	}
	return f
}

// Route is one route of a generated HTTP API.
type Route struct {
	Method, Pattern string
	Summary         string
	handler         string // the App method serving it
	// Role is what a caller needs for a command an actor issues: the actor
	// in kebab-case; empty for a command no actor issues and for reads.
	Role string
	// Read says that the route reads (GET), which AUTH_PUBLIC_READS opens.
	Read bool
}

// actorRole is the role a command's actor stands for: its name in
// kebab-case, "" without an actor.
func actorRole(c *model.Command) string {
	if c.Actor == "" {
		return ""
	}
	return names.Kebab(c.Actor)
}

// Routes lists the HTTP routes of a context's service, in the order they
// are registered.
func Routes(c *model.Context) []Route {
	var out []Route
	for _, a := range c.Aggregates {
		for _, cmd := range a.Commands {
			if cmd.Creates {
				out = append(out, Route{Method: "POST", Pattern: "/" + a.Kebab() + "/" + cmd.Kebab(), Summary: cmd.Name + ": creates " + article(a.Name), handler: commandRouteHandler(cmd), Role: actorRole(cmd)})
			} else {
				out = append(out, Route{Method: "POST", Pattern: "/" + a.Kebab() + "/{id}/" + cmd.Kebab(), Summary: cmd.Name, handler: commandRouteHandler(cmd), Role: actorRole(cmd)})
			}
		}
		out = append(out, Route{Method: "GET", Pattern: "/" + a.Kebab() + "/{id}", Summary: "the state of " + article(a.Name), handler: getRouteHandler(a), Read: true})
	}
	for _, r := range c.ReadModels {
		out = append(out,
			Route{Method: "GET", Pattern: "/" + r.Kebab() + "/{key}", Summary: "one row of " + r.Name, handler: getRowHandler(r), Read: true},
			Route{Method: "GET", Pattern: "/" + r.Kebab(), Summary: "a page of rows of " + r.Name + " (?limit=&after=)", handler: listRowsHandler(r), Read: true},
		)
	}
	return out
}

func commandRouteHandler(c *model.Command) string { return names.GoUnexported(c.Base()) }
func getRouteHandler(a *model.Aggregate) string   { return "get" + a.Ident() }
func getRowHandler(r *model.ReadModel) string     { return "get" + r.Ident() }
func listRowsHandler(r *model.ReadModel) string   { return "list" + r.Ident() }
func getQueryField(a *model.Aggregate) string     { return "Get" + a.Ident() }

// httpAPI emits the inbound HTTP port: the routes of the context's
// commands, aggregates and read models, with RFC 9457 problem responses.
func (s *service) httpAPI() {
	s.httpRoutes()
	for _, a := range s.c.Aggregates {
		s.httpAggregate(a)
	}
	for _, r := range s.c.ReadModels {
		s.httpReadModel(r)
	}
	s.httpBodies()
}

func (s *service) httpRoutes() {
	f := s.httpFile()
	pkgDoc(f, "Package httpapi is the HTTP API of the %s context: a route per command, the state of its aggregates and the rows of its read models, with errors as RFC 9457 problem details.", s.c.Name)
	fields := []jen.Code{
		jen.Comment("Logger records the errors the API answers with 500."),
		jen.Id("Logger").Op("*").Qual("log/slog", "Logger"),
		jen.Comment("Ready reports whether the service takes traffic (GET /readyz)."),
		jen.Id("Ready").Func().Params().Bool(),
		jen.Comment("Auth checks callers; nil lets everyone in (AUTH_MODE=none)."),
		jen.Id("Auth").Op("*").Qual(s.platformPkg("auth"), "Guard"),
	}
	fields = append(fields,
		jen.Comment("Metrics serves the service's metrics (GET /metrics), in the Prometheus text format."),
		jen.Id("Metrics").Qual("net/http", "Handler"),
	)
	for _, a := range s.c.Aggregates {
		for _, c := range a.Commands {
			fields = append(fields, jen.Id(c.Ident()).Op("*").Qual(s.commandPkg(), handlerType(c)))
		}
		fields = append(fields, jen.Id(getQueryField(a)).Op("*").Qual(s.queryPkg(), getHandlerType(a)))
	}
	for _, r := range s.c.ReadModels {
		fields = append(fields, jen.Id(r.Ident()).Op("*").Qual(s.queryPkg(), rowHandlerType(r)))
	}
	doc(f, "App is what the API serves: the context's use cases and queries.")
	f.Type().Id("App").Struct(fields...)
	f.Line()

	probes := []jen.Code{kv("Ready", jen.Id("app").Dot("Ready"))}
	probes = append(probes, kv("Metrics", jen.Id("app").Dot("Metrics")))
	routes := []jen.Code{
		jen.Id("mux").Op(":=").Qual(s.httpxPkg(), "NewMux").Call(jen.Qual(s.httpxPkg(), "Probes").Add(multiline(probes...))),
	}
	for _, rt := range Routes(s.c) {
		guarded := jen.Id("app").Dot("Auth").Dot("Command").Call(jen.Lit(rt.Role), jen.Id("app").Dot(rt.handler))
		if rt.Read {
			guarded = jen.Id("app").Dot("Auth").Dot("Read").Call(jen.Id("app").Dot(rt.handler))
		}
		routes = append(routes, jen.Id("mux").Dot("HandleFunc").Call(jen.Lit(rt.Method+" "+rt.Pattern), guarded))
	}
	routes = append(routes, jen.Return(jen.Id("mux")))
	doc(f, "NewHandler returns the API's routes, with /healthz, /readyz and, where the service has events, /metrics. Commands an actor issues need the actor's role, reads an authenticated caller, when app.Auth is set.")
	f.Func().Id("NewHandler").Params(jen.Id("app").Op("*").Id("App")).Qual("net/http", "Handler").Block(routes...)
	s.add("internal/ports/httpapi/api_gen.go", genfile.Generated, f)
}

// parseKey emits a function parsing a path or query value as an id or key.
func (s *service) parseKey(f *jen.File, name, what string, t *model.TypeRef) {
	var body []jen.Code
	if t.Kind == model.Named {
		body = []jen.Code{
			jen.Id("v").Op(":=").Qual(s.domainPkg(), t.Type.Ident()).Call(jen.Id("s")),
			jen.If(jen.Op("!").Id("v").Dot("Valid").Call()).Block(
				jen.Return(jen.Id("v"), jen.Qual("fmt", "Errorf").Call(jen.Lit(fmt.Sprintf("%%q is not %s", article(what))), jen.Id("s"))),
			),
			jen.Return(jen.Id("v"), jen.Nil()),
		}
	} else {
		var parse jen.Code
		switch t.Scalar {
		case model.String:
			body = []jen.Code{jen.Return(jen.Id("s"), jen.Nil())}
		case model.UUID:
			parse = jen.Qual(uuidPkg, "Parse").Call(jen.Id("s"))
		case model.Int:
			parse = jen.Qual("strconv", "ParseInt").Call(jen.Id("s"), jen.Lit(10), jen.Lit(64))
		case model.Date:
			parse = jen.Qual(s.domainPkg(), "ParseDate").Call(jen.Id("s"))
		case model.Decimal:
			parse = jen.Qual(decimalPkg, "NewFromString").Call(jen.Id("s"))
		case model.Time:
			parse = jen.Qual("time", "Parse").Call(jen.Qual("time", "RFC3339Nano"), jen.Id("s"))
		}
		if parse != nil {
			body = []jen.Code{
				jen.List(jen.Id("v"), jen.Err()).Op(":=").Add(parse),
				jen.If(jen.Err().Op("!=").Nil()).Block(
					jen.Return(jen.Id("v"), jen.Qual("fmt", "Errorf").Call(jen.Lit(fmt.Sprintf("%%q is not %s", article(what))), jen.Id("s"))),
				),
				jen.Return(jen.Id("v"), jen.Nil()),
			}
		}
	}
	doc(f, "%s parses %s as written in a URL.", name, article(what))
	f.Func().Id(name).Params(jen.Id("s").String()).Params(goType(t, s.domainTypes), jen.Error()).Block(body...)
	f.Line()
}

func (s *service) httpAggregate(a *model.Aggregate) {
	f := s.httpFile()
	g := s.newAgg(a)
	id := fieldIdent(a.ID)
	ref := names.GoUnexported(a.Base()) + "Ref"
	parse := "parse" + a.Ident() + "ID"
	idRef := a.IDField().Type
	s.parseKey(f, parse, a.Name+" id", idRef)
	doc(f, "%s is the answer to a command on %s: its id and new version.", ref, article(a.Name))
	f.Type().Id(ref).Struct(
		jen.Id(id).Add(g.idType()).Tag(map[string]string{"json": names.JSON(a.ID)}),
		jen.Id("Version").Int64().Tag(map[string]string{"json": "version"}),
	)
	f.Line()
	w := jen.Id("w").Qual("net/http", "ResponseWriter")
	r := jen.Id("r").Op("*").Qual("net/http", "Request")
	pathID := func() []jen.Code {
		return []jen.Code{
			jen.List(jen.Id("id"), jen.Err()).Op(":=").Id(parse).Call(jen.Id("r").Dot("PathValue").Call(jen.Lit("id"))),
			jen.If(jen.Err().Op("!=").Nil()).Block(
				jen.Qual(s.httpxPkg(), "WriteProblem").Call(jen.Id("w"), jen.Id("r"), jen.Qual("net/http", "StatusBadRequest"), jen.Err().Dot("Error").Call()),
				jen.Return(),
			),
		}
	}
	idString := jen.Id("state").Dot(id)
	if a.IDType != model.String {
		idString = idString.Dot("String").Call()
	}
	for _, c := range a.Commands {
		var body []jen.Code
		if !c.Creates {
			body = append(body, pathID()...)
		}
		body = append(body,
			jen.Var().Id("req").Id(requestType(c)),
			jen.If(jen.Op("!").Qual(s.httpxPkg(), "Decode").Call(append([]jen.Code{jen.Id("w"), jen.Id("r"), jen.Op("&").Id("req")}, requiredNames(a, c)...)...)).Block(jen.Return()),
		)
		toCommand := jen.Id("req").Dot("ToCommand").Call()
		if !c.Creates {
			toCommand = jen.Id("req").Dot("ToCommand").Call(jen.Id("id"))
		}
		body = append(body,
			jen.Id("issuedCmd").Op(":=").Add(toCommand),
			jen.List(jen.Id("issuedCmd").Dot(callerField(c)), jen.Id("_")).Op("=").Qual(s.platformPkg("identity"), "FromContext").Call(jen.Id("r").Dot("Context").Call()),
			jen.List(jen.Id("state"), jen.Err()).Op(":=").Id("app").Dot(c.Ident()).Dot("Handle").Call(jen.Id("r").Dot("Context").Call(), jen.Id("issuedCmd")),
			jen.If(jen.Err().Op("!=").Nil()).Block(
				jen.Qual(s.httpxPkg(), "WriteError").Call(jen.Id("w"), jen.Id("r"), jen.Id("app").Dot("Logger"), jen.Err()),
				jen.Return(),
			),
		)
		answer := jen.Id(ref).Add(lit(kv(id, jen.Id("state").Dot(id)), kv("Version", jen.Id("state").Dot("Version"))))
		if c.Creates {
			body = append(body,
				jen.Id("w").Dot("Header").Call().Dot("Set").Call(jen.Lit("Location"), jen.Lit("/"+a.Kebab()+"/").Op("+").Add(idString.Clone())),
				jen.Qual(s.httpxPkg(), "WriteJSON").Call(jen.Id("w"), jen.Qual("net/http", "StatusCreated"), answer),
			)
			doc(f, "%s serves POST /%s/%s: %s creates %s, answered 201 with its id and a Location.", commandRouteHandler(c), a.Kebab(), c.Kebab(), c.Name, article(a.Name))
		} else {
			body = append(body, jen.Qual(s.httpxPkg(), "WriteJSON").Call(jen.Id("w"), jen.Qual("net/http", "StatusOK"), answer))
			doc(f, "%s serves POST /%s/{id}/%s: %s on an existing %s, answered 200 with its new version.", commandRouteHandler(c), a.Kebab(), c.Kebab(), c.Name, a.Name)
		}
		f.Func().Params(jen.Id("app").Op("*").Id("App")).Id(commandRouteHandler(c)).Params(w, r).Block(body...)
		f.Line()
	}
	body := append(pathID(),
		jen.List(jen.Id("state"), jen.Err()).Op(":=").Id("app").Dot(getQueryField(a)).Dot("Handle").Call(jen.Id("r").Dot("Context").Call(), jen.Id("id")),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Qual(s.httpxPkg(), "WriteError").Call(jen.Id("w"), jen.Id("r"), jen.Id("app").Dot("Logger"), jen.Err()),
			jen.Return(),
		),
		jen.Qual(s.httpxPkg(), "WriteJSON").Call(jen.Id("w"), jen.Qual("net/http", "StatusOK"), jen.Id("New"+responseType(a)).Call(jen.Op("*").Id("state"))),
	)
	doc(f, "%s serves GET /%s/{id}: the %s's current state.", getRouteHandler(a), a.Kebab(), a.Name)
	f.Func().Params(jen.Id("app").Op("*").Id("App")).Id(getRouteHandler(a)).Params(w, r).Block(body...)
	s.add("internal/ports/httpapi/"+names.Snake(a.Base())+"_gen.go", genfile.Generated, f)
}

// formatKey writes a key as it appears in a URL.
func formatKey(t *model.TypeRef, v *jen.Statement) jen.Code {
	if t.Kind == model.Named {
		return jen.String().Call(v)
	}
	switch t.Scalar {
	case model.String:
		return v
	case model.Int:
		return jen.Qual("strconv", "FormatInt").Call(v, jen.Lit(10))
	case model.Time:
		return v.Dot("Format").Call(jen.Qual("time", "RFC3339Nano"))
	}
	return v.Dot("String").Call()
}

func (s *service) httpReadModel(rm *model.ReadModel) {
	f := s.httpFile()
	key := rm.KeyField()
	parse := "parse" + rm.Ident() + "Key"
	keyOf := names.GoUnexported(rm.Base()) + "Key"
	s.parseKey(f, parse, rm.Name+" key", key.Type)
	s.httpRowResponse(f, rm)
	doc(f, "%s is a row's key as written in a URL: the next page's after=.", keyOf)
	f.Func().Id(keyOf).Params(jen.Id("row").Qual(s.queryPkg(), rm.Ident())).String().Block(
		jen.Return(formatKey(key.Type, jen.Id("row").Dot(key.Ident()))),
	)
	f.Line()
	w := jen.Id("w").Qual("net/http", "ResponseWriter")
	r := jen.Id("r").Op("*").Qual("net/http", "Request")
	args := func(call string, extra ...jen.Code) []jen.Code {
		return append([]jen.Code{jen.Id("w"), jen.Id("r"), jen.Id("app").Dot("Logger"), jen.Id(parse), jen.Id("app").Dot(rm.Ident()).Dot(call), jen.Id("New" + rowResponseType(rm))}, extra...)
	}
	doc(f, "%s serves GET /%s/{key}: one row.", getRowHandler(rm), rm.Kebab())
	f.Func().Params(jen.Id("app").Op("*").Id("App")).Id(getRowHandler(rm)).Params(w, r).Block(
		jen.Qual(s.httpxPkg(), "GetRow").Call(args("Get")...),
	)
	f.Line()
	doc(f, "%s serves GET /%s?limit=&after=: a page of rows in key order, 50 unless limit (at most 1000) says otherwise, after the key given.", listRowsHandler(rm), rm.Kebab())
	f.Func().Params(jen.Id("app").Op("*").Id("App")).Id(listRowsHandler(rm)).Params(w.Clone(), r.Clone()).Block(
		jen.Qual(s.httpxPkg(), "ListRows").Call(args("List", jen.Id(keyOf))...),
	)
	s.add("internal/ports/httpapi/"+names.Snake(rm.Base())+"_gen.go", genfile.Generated, f)
}

// requiredNames are the JSON names of the members a command's body must
// have: its fields that are not optional, as its OpenAPI schema requires
// (requestFields).
func requiredNames(a *model.Aggregate, c *model.Command) []jen.Code {
	var out []jen.Code
	for _, f := range requestFields(a, c) {
		if f.Type.Kind != model.Optional {
			out = append(out, jen.Lit(f.JSON()))
		}
	}
	return out
}
