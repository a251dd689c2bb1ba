package golang

import (
	"fmt"
	"strconv"
	"strings"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
	"eventstorm/platform/httpx"
)

// MaxBodyBytes bounds the request bodies the generated HTTP APIs read: the
// runtime's httpx.MaxBodyBytes.
const MaxBodyBytes = httpx.MaxBodyBytes

func (s *service) httpPkg() string { return s.pkg("internal/ports/httpapi") }

// httpSource starts a file of the HTTP API's package, its command,
// query, domain and aggregate packages known by their names.
func (s *service) httpSource() *goSource {
	g := s.newSource(s.httpPkg(), "httpapi", genfile.Generated)
	g.importName(s.commandPkg(), "command")
	g.importName(s.queryPkg(), "query")
	g.importName(s.domainPkg(), "domain")
	for _, a := range s.c.Aggregates {
		g.importName(s.aggregatePkg(a), aggregatePkgName(a))
	}
	return g
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

// httpRoutes writes the API's router (api_gen.go): App, what the API
// serves, and NewHandler, which registers a route per command, aggregate
// and read model.
func (s *service) httpRoutes() {
	g := s.httpSource()
	g.packageDoc("Package httpapi is the HTTP API of the %s context: a route per command, the state of its aggregates and the rows of its read models, with errors as RFC 9457 problem details.", s.c.Name)
	g.comment("App is what the API serves: the context's use cases and queries.")
	g.line("type App struct {")
	g.comment("Logger records the errors the API answers with 500.")
	g.table([][]string{{"Logger", "*" + g.q("log/slog", "Logger")}})
	g.comment("Ready reports whether the service takes traffic (GET /readyz).")
	g.table([][]string{{"Ready", "func() bool"}})
	g.comment("Auth checks callers; nil lets everyone in (AUTH_MODE=none).")
	g.table([][]string{{"Auth", "*" + g.q(s.platformPkg("auth"), "Guard")}})
	g.line("// Metrics serves the service's metrics (GET /metrics), in the Prometheus text format.")
	fields := [][]string{{"Metrics", g.q("net/http", "Handler")}}
	for _, a := range s.c.Aggregates {
		for _, c := range a.Commands {
			fields = append(fields, []string{c.Ident(), "*" + g.q(s.commandPkg(), handlerType(c))})
		}
		fields = append(fields, []string{getQueryField(a), "*" + g.q(s.queryPkg(), getHandlerType(a))})
	}
	for _, r := range s.c.ReadModels {
		fields = append(fields, []string{r.Ident(), "*" + g.q(s.queryPkg(), rowHandlerType(r))})
	}
	g.table(fields)
	g.line("}")
	g.line("")
	g.comment("NewHandler returns the API's routes, with /healthz, /readyz and, where the service has events, /metrics. Commands an actor issues need the actor's role, reads an authenticated caller, when app.Auth is set.")
	g.line("func NewHandler(app *App) %s {", g.q("net/http", "Handler"))
	g.line("mux := %s(%s{", g.q(s.httpxPkg(), "NewMux"), g.q(s.httpxPkg(), "Probes"))
	g.keyed([]keyValue{{"Ready", "app.Ready"}, {"Metrics", "app.Metrics"}})
	g.line("})")
	for _, rt := range Routes(s.c) {
		guarded := fmt.Sprintf("app.Auth.Command(%s, app.%s)", strconv.Quote(rt.Role), rt.handler)
		if rt.Read {
			guarded = "app.Auth.Read(app." + rt.handler + ")"
		}
		g.line("mux.HandleFunc(%s, %s)", strconv.Quote(rt.Method+" "+rt.Pattern), guarded)
	}
	g.line("return mux")
	g.line("}")
	s.addSource("internal/ports/httpapi/api_gen.go", g)
}

// parseKey writes a function parsing a path or query value as an id or
// key, and a blank line.
func (s *service) parseKey(g *goSource, name, what string, t *model.TypeRef) {
	g.comment("%s parses %s as written in a URL.", name, article(what))
	sig := fmt.Sprintf("func %s(s string) (%s, error) {", name, g.typeName(t, s.domainType(g)))
	notKey := strconv.Quote(fmt.Sprintf("%%q is not %s", article(what)))
	var parse string
	switch {
	case t.Kind == model.Named:
		g.line("%s", sig)
		g.line("v := %s(s)", g.q(s.domainPkg(), t.Type.Ident()))
		g.line("if !v.Valid() {")
		g.line("return v, %s(%s, s)", g.q("fmt", "Errorf"), notKey)
		g.line("}")
		g.line("return v, nil")
		g.line("}")
		g.line("")
		return
	case t.Scalar == model.String:
		g.line("%s", sig)
		g.line("return s, nil")
		g.line("}")
		g.line("")
		return
	case t.Scalar == model.UUID:
		parse = g.q(uuidPkg, "Parse") + "(s)"
	case t.Scalar == model.Int:
		parse = g.q("strconv", "ParseInt") + "(s, 10, 64)"
	case t.Scalar == model.Date:
		parse = g.q(s.domainPkg(), "ParseDate") + "(s)"
	case t.Scalar == model.Decimal:
		parse = g.q(decimalPkg, "NewFromString") + "(s)"
	case t.Scalar == model.Time:
		parse = g.q("time", "Parse") + "(" + g.q("time", "RFC3339Nano") + ", s)"
	default: // no key is of another type (model.Validate)
		g.line("%s}", sig)
		g.line("")
		return
	}
	g.line("%s", sig)
	g.line("v, err := %s", parse)
	g.line("if err != nil {")
	g.line("return v, %s(%s, s)", g.q("fmt", "Errorf"), notKey)
	g.line("}")
	g.line("return v, nil")
	g.line("}")
	g.line("")
}

// httpAggregate writes an aggregate's routes (<aggregate>_gen.go): the
// parsing of its id, the answer to its commands, a handler per command and
// the handler of GET of its state.
func (s *service) httpAggregate(a *model.Aggregate) {
	g := s.httpSource()
	id := fieldIdent(a.ID)
	ref := names.GoUnexported(a.Base()) + "Ref"
	parse := "parse" + a.Ident() + "ID"
	s.parseKey(g, parse, a.Name+" id", a.IDField().Type)
	g.comment("%s is the answer to a command on %s: its id and new version.", ref, article(a.Name))
	g.structType(ref, [][]string{
		{id, idTypeName(g, a), tag(map[string]string{"json": names.JSON(a.ID)})},
		{"Version", "int64", tag(map[string]string{"json": "version"})},
	})
	g.line("")
	for _, c := range a.Commands {
		s.httpCommandRoute(g, a, c, ref, parse)
		g.line("")
	}
	g.comment("%s serves GET /%s/{id}: the %s's current state.", getRouteHandler(a), a.Kebab(), a.Name)
	s.httpHandlerLine(g, getRouteHandler(a))
	s.httpPathID(g, parse)
	g.line("state, err := app.%s.Handle(r.Context(), id)", getQueryField(a))
	s.httpWriteError(g)
	g.line("%s(w, %s, New%s(*state))", g.q(s.httpxPkg(), "WriteJSON"), g.q("net/http", "StatusOK"), responseType(a))
	g.line("}")
	s.addSource("internal/ports/httpapi/"+names.Snake(a.Base())+"_gen.go", g)
}

// httpHandlerLine opens an App method serving a route.
func (s *service) httpHandlerLine(g *goSource, handler string) {
	g.line("func (app *App) %s(w %s, r *%s) {", handler, g.q("net/http", "ResponseWriter"), g.q("net/http", "Request"))
}

// httpPathID writes the parsing of the id a route's path carries, answered
// 400 when it is none.
func (s *service) httpPathID(g *goSource, parse string) {
	g.line(`id, err := %s(r.PathValue("id"))`, parse)
	g.line("if err != nil {")
	g.line("%s(w, r, %s, err.Error())", g.q(s.httpxPkg(), "WriteProblem"), g.q("net/http", "StatusBadRequest"))
	g.line("return")
	g.line("}")
}

// httpWriteError writes the answer to a use case's or query's error.
func (s *service) httpWriteError(g *goSource) {
	g.line("if err != nil {")
	g.line("%s(w, r, app.Logger, err)", g.q(s.httpxPkg(), "WriteError"))
	g.line("return")
	g.line("}")
}

// httpCommandRoute writes the handler of a command's route: it decodes
// the request, issues the command as the caller and answers with the
// aggregate's ref.
func (s *service) httpCommandRoute(g *goSource, a *model.Aggregate, c *model.Command, ref, parse string) {
	id := fieldIdent(a.ID)
	if c.Creates {
		g.comment("%s serves POST /%s/%s: %s creates %s, answered 201 with its id and a Location.", commandRouteHandler(c), a.Kebab(), c.Kebab(), c.Name, article(a.Name))
	} else {
		g.comment("%s serves POST /%s/{id}/%s: %s on an existing %s, answered 200 with its new version.", commandRouteHandler(c), a.Kebab(), c.Kebab(), c.Name, a.Name)
	}
	s.httpHandlerLine(g, commandRouteHandler(c))
	if !c.Creates {
		s.httpPathID(g, parse)
	}
	g.line("var req %s", requestType(c))
	g.line("if !%s(%s) {", g.q(s.httpxPkg(), "Decode"), strings.Join(append([]string{"w", "r", "&req"}, requiredNames(a, c)...), ", "))
	g.line("return")
	g.line("}")
	if c.Creates {
		g.line("issuedCmd := req.ToCommand()")
	} else {
		g.line("issuedCmd := req.ToCommand(id)")
	}
	g.line("issuedCmd.%s, _ = %s(r.Context())", callerField(c), g.q(s.platformPkg("identity"), "FromContext"))
	g.line("state, err := app.%s.Handle(r.Context(), issuedCmd)", c.Ident())
	s.httpWriteError(g)
	answer := fmt.Sprintf("%s{%s: state.%s, Version: state.Version}", ref, id, id)
	if c.Creates {
		idString := "state." + id
		if a.IDType != model.String {
			idString += ".String()"
		}
		g.line("w.Header().Set(%s, %s+%s)", strconv.Quote("Location"), strconv.Quote("/"+a.Kebab()+"/"), idString)
		g.line("%s(w, %s, %s)", g.q(s.httpxPkg(), "WriteJSON"), g.q("net/http", "StatusCreated"), answer)
	} else {
		g.line("%s(w, %s, %s)", g.q(s.httpxPkg(), "WriteJSON"), g.q("net/http", "StatusOK"), answer)
	}
	g.line("}")
}

// formatKey is a key, the expression v of type t, as it appears in a URL.
func formatKey(g *goSource, t *model.TypeRef, v string) string {
	if t.Kind == model.Named {
		return "string(" + v + ")"
	}
	switch t.Scalar {
	case model.String:
		return v
	case model.Int:
		return g.q("strconv", "FormatInt") + "(" + v + ", 10)"
	case model.Time:
		return v + ".Format(" + g.q("time", "RFC3339Nano") + ")"
	}
	return v + ".String()"
}

// httpReadModel writes a read model's routes (<read model>_gen.go): the
// parsing of its key, its row's response, and the handlers of GET of a row
// and of a page of rows.
func (s *service) httpReadModel(rm *model.ReadModel) {
	g := s.httpSource()
	key := rm.KeyField()
	parse := "parse" + rm.Ident() + "Key"
	keyOf := names.GoUnexported(rm.Base()) + "Key"
	s.parseKey(g, parse, rm.Name+" key", key.Type)
	s.httpRowResponse(g, rm)
	g.comment("%s is a row's key as written in a URL: the next page's after=.", keyOf)
	g.line("func %s(row %s) string {", keyOf, g.q(s.queryPkg(), rm.Ident()))
	g.line("return %s", formatKey(g, key.Type, "row."+key.Ident()))
	g.line("}")
	g.line("")
	args := func(call string, extra ...string) string {
		return strings.Join(append([]string{"w", "r", "app.Logger", parse, "app." + rm.Ident() + "." + call, "New" + rowResponseType(rm)}, extra...), ", ")
	}
	g.comment("%s serves GET /%s/{key}: one row.", getRowHandler(rm), rm.Kebab())
	s.httpHandlerLine(g, getRowHandler(rm))
	g.line("%s(%s)", g.q(s.httpxPkg(), "GetRow"), args("Get"))
	g.line("}")
	g.line("")
	g.comment("%s serves GET /%s?limit=&after=: a page of rows in key order, 50 unless limit (at most 1000) says otherwise, after the key given.", listRowsHandler(rm), rm.Kebab())
	s.httpHandlerLine(g, listRowsHandler(rm))
	g.line("%s(%s)", g.q(s.httpxPkg(), "ListRows"), args("List", keyOf))
	g.line("}")
	s.addSource("internal/ports/httpapi/"+names.Snake(rm.Base())+"_gen.go", g)
}

// requiredNames are the JSON names, quoted, of the members a command's
// body must have: its fields that are not optional, as its OpenAPI schema
// requires (requestFields).
func requiredNames(a *model.Aggregate, c *model.Command) []string {
	var out []string
	for _, f := range requestFields(a, c) {
		if f.Type.Kind != model.Optional {
			out = append(out, strconv.Quote(f.JSON()))
		}
	}
	return out
}
