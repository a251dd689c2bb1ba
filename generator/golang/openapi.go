package golang

import (
	"fmt"
	"slices"
	"strings"

	"eventstorm/model"
)

// componentSchemas is where OpenAPI and AsyncAPI documents keep schemas.
const componentSchemas = "#/components/schemas/"

// The problem responses of the HTTP API, by status: each is a
// components/responses entry whose body is an RFC 9457 problem.
var problemResponses = []struct {
	status int
	name   string
	desc   string
}{
	{400, "BadRequest", "The body is not the JSON asked for, or an id, key or query parameter is malformed."},
	{401, "Unauthorized", "The service runs with AUTH_MODE=jwt and the request has no valid bearer token."},
	{403, "Forbidden", "The service runs with AUTH_MODE=jwt and the caller's token lacks the role the command needs."},
	{404, "NotFound", "No aggregate or row has the id or key."},
	{409, "Conflict", "The aggregate changed meanwhile; read it again and retry."},
	{413, "ContentTooLarge", fmt.Sprintf("The body is larger than %d bytes (HTTP_MAX_BODY_BYTES), or the events it would record are larger than a broker record.", MaxBodyBytes)},
	{415, "UnsupportedMediaType", "The body is not sent as application/json."},
	{422, "UnprocessableContent", "A business rule rejects the command; detail names the rule."},
	{500, "InternalServerError", "The service failed; the error is in its log."},
	{503, "ServiceUnavailable", "The service is shutting down, or a dependency (its database) is out of reach: retry after the Retry-After header's seconds."},
}

// problemSchema names the schema of problem details; identifiers have no
// dots, so it clashes with no element of the model.
const problemSchema = "Problem.Details"

// openAPI emits api/openapi.yaml: OpenAPI 3.1 of the service's HTTP API,
// an operation per route of Routes with its bodies' schemas, and the
// probes every service serves.
func (s *service) openAPI() {
	ss := s.newSchemas(componentSchemas)
	ops := map[string]func(Route) *obj{}
	var tags []any
	for _, a := range s.c.Aggregates {
		tags = append(tags, openAPITag(a.Name, a.Description))
		for _, c := range a.Commands {
			ops[commandRouteHandler(c)] = func(rt Route) *obj { return s.commandOp(ss, rt, a, c) }
		}
		ops[getRouteHandler(a)] = func(rt Route) *obj { return s.getAggregateOp(ss, rt, a) }
	}
	for _, r := range s.c.ReadModels {
		tags = append(tags, openAPITag(r.Name, r.Description))
		ops[getRowHandler(r)] = func(rt Route) *obj { return s.getRowOp(ss, rt, r) }
		ops[listRowsHandler(r)] = func(rt Route) *obj { return s.listRowsOp(ss, rt, r) }
	}
	paths := &obj{}
	for _, rt := range Routes(s.c) {
		op, ok := ops[rt.handler]
		if !ok {
			if s.err == nil {
				s.err = fmt.Errorf("openapi: no operation describes the route %s %s", rt.Method, rt.Pattern)
			}
			return
		}
		paths.child(rt.Pattern).set(strings.ToLower(rt.Method), op(rt).set("security", []any{(&obj{}).set(bearerScheme, jsonList(roles(rt)...))}))
	}
	s.openAPIProbes(paths)
	tags = append(tags, openAPITag(probeTag, "What every service serves for its platform."))

	ss.defs[problemSchema] = (&obj{}).
		set("description", "An RFC 9457 problem details object; problem types other than about:blank may add members.").
		set("type", "object").
		set("properties", (&obj{}).
			set("type", (&obj{}).set("type", "string").set("format", "uri-reference").set("description", "The problem type; about:blank for a status's own meaning.")).
			set("title", (&obj{}).set("type", "string").set("description", "The status's reason phrase.")).
			set("status", (&obj{}).set("type", "integer").set("description", "The HTTP status.")).
			set("detail", (&obj{}).set("type", "string").set("description", "What went wrong in this request.")).
			set("instance", (&obj{}).set("type", "string").set("format", "uri-reference").set("description", "The request's path."))).
		set("required", jsonList("type", "title", "status"))
	responses := &obj{}
	used := refsTo(paths, "#/components/responses/")
	for _, p := range problemResponses {
		if !used[p.name] {
			continue
		}
		responses.set(p.name, (&obj{}).set("description", p.desc).set("content", (&obj{}).
			set("application/problem+json", (&obj{}).set("schema", refTo(componentSchemas+problemSchema)))))
	}

	desc := fmt.Sprintf("The HTTP API of the %s service of %s: a route per command, the state of its aggregates and the rows of its read models. Errors are RFC 9457 problem details.", s.c.Name, s.m.System)
	if s.c.Description != "" {
		desc = s.c.Description + "\n\n" + desc
	}
	doc := (&obj{}).
		set("openapi", "3.1.0").
		set("info", (&obj{}).set("title", s.c.Name).set("description", desc).set("version", contractVersion)).
		set("servers", []any{(&obj{}).
			set("url", fmt.Sprintf("http://127.0.0.1:%d", devPort+slices.Index(s.m.Contexts, s.c))).
			set("description", "`eventstorm dev` with its default --http-port; the service listens on HTTP_ADDR (default :8080).")}).
		set("tags", tags).
		set("paths", paths).
		set("components", (&obj{}).set("schemas", sortedObj(ss.defs)).set("responses", responses).set("securitySchemes", (&obj{}).
			set(bearerScheme, (&obj{}).set("type", "http").set("scheme", "bearer").set("bearerFormat", "JWT").
				set("description", "With AUTH_MODE=jwt, a token of AUTH_ISSUER for AUTH_AUDIENCE; a command an actor issues needs the actor's role (the roles claim, AUTH_ROLES_CLAIM), reads any valid token unless AUTH_PUBLIC_READS. With AUTH_MODE=none (the default) no token is asked for."))))
	s.addDoc("openapi.yaml", doc)
}

// bearerScheme names the OpenAPI security scheme of bearer tokens.
const bearerScheme = "bearerAuth"

// roles are the roles a route's security requirement lists: OpenAPI 3.1
// lets a scheme other than OAuth name the roles it needs.
func roles(rt Route) []string {
	if rt.Role == "" {
		return nil
	}
	return []string{rt.Role}
}

// authProblems are the statuses a route's guard answers: 401 always, 403
// for a command an actor issues.
func authProblems(rt Route) []int {
	if rt.Role == "" {
		return []int{401}
	}
	return []int{401, 403}
}

// contractVersion is the version of every contract document: the model
// has no version of its own to give them.
const contractVersion = "1.0.0"

// devPort is the HTTP port of the first service under `eventstorm dev`
// (generator.FirstPort); the i-th context's service gets devPort+i.
const devPort = 8080

// probeTag groups the probes; it has a space, unlike every model tag that
// could be named the same.
const probeTag = "service probes"

func openAPITag(name, desc string) *obj {
	t := (&obj{}).set("name", name)
	if desc != "" {
		t.set("description", desc)
	}
	return t
}

func refTo(to string) *obj { return (&obj{}).set("$ref", to) }

// refsTo lists the names that $refs in v refer to under prefix.
func refsTo(v any, prefix string) map[string]bool {
	out := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case *obj:
			for i, k := range v.keys {
				if to, ok := v.vals[i].(string); ok && k == "$ref" && strings.HasPrefix(to, prefix) {
					out[strings.TrimPrefix(to, prefix)] = true
				}
				walk(v.vals[i])
			}
		case []any:
			for _, item := range v {
				walk(item)
			}
		}
	}
	walk(v)
	return out
}

// jsonContent is a JSON body of a schema.
func jsonContent(schema *obj) *obj {
	return (&obj{}).set("application/json", (&obj{}).set("schema", schema))
}

// openAPIOp starts an operation of a route, tagged with its element.
func openAPIOp(rt Route, tagName, desc string) *obj {
	op := (&obj{}).set("operationId", rt.handler).set("summary", rt.Summary)
	if desc != "" {
		op.set("description", desc)
	}
	return op.set("tags", jsonList(tagName))
}

// pathParam is the path parameter name of a route, of a type.
func pathParam(ss *schemas, name, desc string, t *model.TypeRef) *obj {
	return (&obj{}).set("name", name).set("in", "path").set("required", true).set("description", desc).set("schema", ss.value(t))
}

// responsesOf are an operation's responses: the success, then the problems of
// the statuses given.
func responsesOf(success string, ok *obj, problems ...int) *obj {
	out := (&obj{}).set(success, ok)
	for _, p := range problemResponses {
		if slices.Contains(problems, p.status) {
			out.set(fmt.Sprint(p.status), refTo("#/components/responses/"+p.name))
		}
	}
	return out
}

// parseCanFail reports whether a value of t read from a URL can be malformed:
// every key type but a string can.
func parseCanFail(t *model.TypeRef) bool { return t.Kind != model.Scalar || t.Scalar != model.String }

func (s *service) commandOp(ss *schemas, rt Route, a *model.Aggregate, c *model.Command) *obj {
	var desc []string
	if c.Actor != "" {
		desc = append(desc, "By "+article(c.Actor)+".")
	}
	if c.Description != "" {
		desc = append(desc, c.Description)
	}
	for _, r := range c.Rules {
		desc = append(desc, "Rule (422 when broken): "+r.Text)
	}
	op := openAPIOp(rt, a.Name, strings.Join(desc, "\n\n"))
	idRef := a.Ident() + ".Ref"
	ss.defs[idRef] = ss.object((&obj{}).set("description", fmt.Sprintf("The %s a command changed: its id and new version.", a.Name)),
		[]*model.Field{a.IDField(), {Name: "version", Type: &model.TypeRef{Kind: model.Scalar, Scalar: model.Int}}}, nil, true)
	fields := requestFields(a, c)
	body := ss.object((&obj{}).set("title", c.Name), fields, nil, false)
	ss.defs[c.Ident()] = body
	req := (&obj{}).set("required", slices.ContainsFunc(fields, func(f *model.Field) bool { return f.Type.Kind != model.Optional }))
	if c.Creates {
		op.set("requestBody", req.set("content", jsonContent(refTo(componentSchemas+c.Ident()))))
		created := (&obj{}).set("description", fmt.Sprintf("The new %s's id and version.", a.Name)).
			set("headers", (&obj{}).set("Location", (&obj{}).
				set("description", fmt.Sprintf("The new %s's path, /%s/{%s}.", a.Name, a.Kebab(), a.ID)).
				set("required", true).
				set("schema", (&obj{}).set("type", "string").set("format", "uri-reference")))).
			set("content", jsonContent(refTo(componentSchemas+idRef)))
		return op.set("responses", responsesOf("201", created, append(authProblems(rt), 400, 409, 413, 415, 422, 500, 503)...))
	}
	op.set("parameters", []any{pathParam(ss, "id", fmt.Sprintf("The %s's id (%s).", a.Name, a.ID), a.IDField().Type)})
	op.set("requestBody", req.set("content", jsonContent(refTo(componentSchemas+c.Ident()))))
	changed := (&obj{}).set("description", fmt.Sprintf("The %s's id and new version.", a.Name)).set("content", jsonContent(refTo(componentSchemas+idRef)))
	return op.set("responses", responsesOf("200", changed, append(authProblems(rt), 400, 404, 409, 413, 415, 422, 500, 503)...))
}

// requestFields are the fields of a command's body: the id of the
// aggregate a command changes travels in the path instead.
func requestFields(a *model.Aggregate, c *model.Command) []*model.Field {
	if c.Creates {
		return c.Fields
	}
	var out []*model.Field
	for _, f := range c.Fields {
		if f.Ident() != fieldIdent(a.ID) {
			out = append(out, f)
		}
	}
	return out
}

func (s *service) getAggregateOp(ss *schemas, rt Route, a *model.Aggregate) *obj {
	op := openAPIOp(rt, a.Name, "")
	op.set("parameters", []any{pathParam(ss, "id", fmt.Sprintf("The %s's id (%s).", a.Name, a.ID), a.IDField().Type)})
	state := (&obj{}).set("title", a.Name)
	desc := fmt.Sprintf("The state of %s, rebuilt from its events.", article(a.Name))
	if a.Description != "" {
		desc = a.Description + "\n\n" + desc
	}
	state.set("description", desc)
	fields := append([]*model.Field{a.IDField(), {Name: "version", Type: &model.TypeRef{Kind: model.Scalar, Scalar: model.Int}}}, s.newAgg(a).stateFields()...)
	ss.defs[a.Ident()] = ss.object(state, fields, map[string]string{"version": "How many events the " + a.Name + " has recorded."}, true)
	ok := (&obj{}).set("description", "The "+a.Name+".").set("content", jsonContent(refTo(componentSchemas+a.Ident())))
	problems := append(authProblems(rt), 404, 500, 503)
	if parseCanFail(a.IDField().Type) {
		problems = append(problems, 400)
	}
	return op.set("responses", responsesOf("200", ok, problems...))
}

func (s *service) rowSchema(ss *schemas, r *model.ReadModel) *obj {
	if _, ok := ss.defs[r.Ident()]; !ok {
		row := (&obj{}).set("title", r.Name)
		desc := "A row of the read model " + r.Name + "."
		if r.Description != "" {
			desc = r.Description + "\n\n" + desc
		}
		ss.defs[r.Ident()] = ss.object(row.set("description", desc), r.Fields, nil, true)
	}
	return refTo(componentSchemas + r.Ident())
}

func (s *service) getRowOp(ss *schemas, rt Route, r *model.ReadModel) *obj {
	key := r.KeyField()
	op := openAPIOp(rt, r.Name, "")
	op.set("parameters", []any{pathParam(ss, "key", fmt.Sprintf("The row's key (%s).", key.JSON()), key.Type)})
	ok := (&obj{}).set("description", "The row.").set("content", jsonContent(s.rowSchema(ss, r)))
	problems := append(authProblems(rt), 404, 500, 503)
	if parseCanFail(key.Type) {
		problems = append(problems, 400)
	}
	return op.set("responses", responsesOf("200", ok, problems...))
}

func (s *service) listRowsOp(ss *schemas, rt Route, r *model.ReadModel) *obj {
	key := r.KeyField()
	op := openAPIOp(rt, r.Name, "The rows in key order, a page at a time: pass a page's next as after= to get the page after it.")
	op.set("parameters", []any{
		(&obj{}).set("name", "limit").set("in", "query").set("description", "How many rows a page holds at most.").
			set("schema", (&obj{}).set("type", "integer").set("minimum", 1).set("maximum", 1000).set("default", 50)),
		(&obj{}).set("name", "after").set("in", "query").set("description", fmt.Sprintf("The key (%s) after which the page starts.", key.JSON())).
			set("schema", ss.value(key.Type)),
	})
	page := r.Ident() + ".Page"
	ss.defs[page] = (&obj{}).
		set("description", "A page of rows of "+r.Name+".").
		set("type", "object").
		set("properties", (&obj{}).
			set("items", (&obj{}).set("type", "array").set("items", s.rowSchema(ss, r))).
			set("next", (&obj{}).set("type", "string").set("description", "The after= of the next page; absent on the last."))).
		set("required", jsonList("items")).
		set("additionalProperties", false)
	ok := (&obj{}).set("description", "A page of rows.").set("content", jsonContent(refTo(componentSchemas+page)))
	return op.set("responses", responsesOf("200", ok, append(authProblems(rt), 400, 500, 503)...))
}

// openAPIProbes adds the routes every service serves for its platform: liveness,
// readiness and, where the service has events, its metrics.
func (s *service) openAPIProbes(paths *obj) {
	status := func(value string) *obj {
		return (&obj{}).set("type", "object").
			set("properties", (&obj{}).set("status", (&obj{}).set("const", value))).
			set("required", jsonList("status")).set("additionalProperties", false)
	}
	probe := func(id, summary string) *obj {
		return (&obj{}).set("operationId", id).set("summary", summary).set("tags", jsonList(probeTag))
	}
	paths.child("/healthz").set("get", probe("service.healthz", "liveness: answers while the process lives").
		set("responses", (&obj{}).set("200", (&obj{}).set("description", "Alive.").set("content", jsonContent(status("ok"))))))
	paths.child("/readyz").set("get", probe("service.readyz", "readiness: answers 200 while the service takes traffic").
		set("responses", responsesOf("200", (&obj{}).set("description", "Ready.").set("content", jsonContent(status("ready"))), 503)))
	if len(s.c.Aggregates) > 0 || s.x.Reads {
		paths.child("/metrics").set("get", probe("service.metrics", "the service's metrics, in the Prometheus text format").
			set("responses", (&obj{}).set("200", (&obj{}).set("description", "The metrics.").
				set("content", (&obj{}).set("text/plain", (&obj{}).set("schema", (&obj{}).set("type", "string")))))))
	}
}
