package golang

import (
	"path"
	"strings"

	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/generator/ir"
	"eventstorm/model"
	"eventstorm/model/names"
	"eventstorm/platform"
)

// monoContext is what the monolith's main knows of one context.
type monoContext struct {
	s                    *service
	field, config, start string // its Service field, Config field and stop function
	readers              []*monoContext
}

// publishMethod is the monolith's in-process bus from the context.
func (c *monoContext) publishMethod() string { return "publish" + c.s.c.Ident() }

// mainLocals are the identifiers the monolith's main files declare that a
// context's package name must not hide, with the packages they import.
var mainLocals = map[string]bool{
	"cfg": true, "ctx": true, "err": true, "logger": true, "mono": true, "stop": true, "m": true, "msgs": true,
	"mux": true, "server": true, "listener": true, "served": true, "shutdownCtx": true, "cancel": true,
	"w": true, "r": true, "u": true, "db": true, "create": true, "name": true, "q": true, "dsn": true, "connector": true,
	"config": true, "monolith": true, "main": true, "run": true, "configFromEnv": true, "newMonolith": true,
	"message": true, "httpx": true, "runner": true, "env": true, "database": true, "prometheus": true, "promhttp": true,
}

// Monolith plans the monolith's main, cmd/<system>/: configuration, every
// context wired, the in-process bus between them and the one HTTP server.
// The contexts themselves come from Services with ir.LayoutMonolith.
func Monolith(m *model.Model) ([]genfile.File, error) {
	sys := names.Kebab(m.SystemBase())
	var contexts []*monoContext
	byContext := map[*model.Context]*monoContext{}
	for _, c := range m.Contexts {
		s := newService(ir.NewContext(m, c, ir.LayoutMonolith))
		mc := &monoContext{
			s:     s,
			field: field(c.Base()) + "Context", config: field(c.Base()) + "Config", start: "stop" + c.Ident(),
		}
		contexts = append(contexts, mc)
		byContext[c] = mc
	}
	for _, reader := range contexts {
		seen := map[*monoContext]bool{}
		for _, e := range reader.s.x.Consumed {
			from := byContext[e.Aggregate.Context]
			if !seen[from] {
				seen[from] = true
				from.readers = append(from.readers, reader)
			}
		}
	}
	g := &monoGen{m: m, sys: sys, dir: "cmd/" + sys, pkg: m.Module + "/cmd/" + sys, contexts: contexts}
	g.mainFile()
	g.monolithFile()
	return g.files, g.err
}

// monoGen emits the monolith's main package.
type monoGen struct {
	m        *model.Model
	sys      string // the system in kebab-case: the binary
	dir, pkg string
	contexts []*monoContext
	files    []genfile.File
	err      error
}

// platformPkg is the import path of a package of the runtime in the
// monolith's module.
func (g *monoGen) platformPkg(name string) string {
	return g.m.Module + "/" + platform.Dir + "/" + name
}

func (g *monoGen) newFile() *jen.File {
	f := newFile(g.pkg, "main", genfile.Generated)
	for _, name := range platformNames {
		f.ImportName(g.platformPkg(name), name)
	}
	for _, c := range g.contexts {
		name := c.s.facadeName()
		switch {
		case mainLocals[name]:
			f.ImportAlias(c.s.facadePkg(), name+"ctx")
		case path.Base(c.s.facadePkg()) != name:
			// A folder such as order-history holds package orderhistory:
			// say so at the import.
			f.ImportAlias(c.s.facadePkg(), name)
		default:
			f.ImportName(c.s.facadePkg(), name)
		}
	}
	return f
}

func (g *monoGen) add(name string, f *jen.File) {
	p := g.dir + "/" + name
	src, err := render(p, f)
	if err != nil {
		if g.err == nil {
			g.err = err
		}
		return
	}
	g.files = append(g.files, genfile.File{Path: p, Owner: genfile.Generated, Bytes: src})
}

func (g *monoGen) usesDB() bool {
	for _, c := range g.contexts {
		if c.s.x.Stores {
			return true
		}
	}
	return false
}

func (g *monoGen) mainFile() {
	f := g.newFile()
	db := ""
	if g.usesDB() {
		db = " DATABASE_URL (postgres://... or mysql://user:pass@host:port/db; each context keeps its tables in a schema of its own there; without it data stays in memory), DATABASE_URL_<CONTEXT> for a context's own database instead;"
	}
	for _, c := range g.contexts {
		if eventSourced(c.s.c.Aggregates) {
			db += snapshotVar + ";"
			break
		}
	}
	pkgDoc(f, "Command %s runs the %s system as one process, a modular monolith: every bounded context is a module under internal/, and one HTTP server serves all their routes. Configure it with environment variables: HTTP_ADDR (default :8080);%s KAFKA_BROKERS (comma-separated; without it the contexts' events travel between them in process), KAFKA_PARTITIONS and KAFKA_REPLICATION_FACTOR for the topics it creates, KAFKA_RETRY_BACKOFF_MAX (default 30s: the longest wait between retries of an event that failed for a passing reason), KAFKA_SASL_* and KAFKA_TLS* for a secured cluster; SCHEMA_REGISTRY_URL and the other SCHEMA_REGISTRY_* variables, with which each context on Kafka registers its events' JSON Schemas and frames its records in the registry's wire format; TLS_CERT_FILE and TLS_KEY_FILE for HTTPS, CORS_ORIGINS, ADMIN_ADDR for the metrics; AUTH_MODE (none, or jwt with AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL or AUTH_JWKS_FILE: a command needs its actor's role).", g.sys, g.m.System, db)
	f.Func().Id("main").Params().Block(jen.Qual("os", "Exit").Call(jen.Id("run").Call()))
	f.Line()
	doc(f, "run runs the monolith until SIGINT or SIGTERM and returns the exit code.")
	f.Func().Id("run").Params().Int().Block(
		jen.Id("logger").Op(":=").Qual("log/slog", "New").Call(jen.Qual("log/slog", "NewJSONHandler").Call(jen.Qual("os", "Stdout"), jen.Nil())).Dot("With").Call(jen.Lit("service"), jen.Lit(g.sys)),
		jen.List(jen.Id("ctx"), jen.Id("stop")).Op(":=").Qual("os/signal", "NotifyContext").Call(jen.Qual("context", "Background").Call(), jen.Qual("os", "Interrupt"), jen.Qual("syscall", "SIGTERM")),
		jen.Defer().Id("stop").Call(),
		jen.List(jen.Id("cfg"), jen.Err()).Op(":=").Id("configFromEnv").Call(),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Id("logger").Dot("Error").Call(jen.Lit("bad configuration"), jen.Lit("error"), jen.Err()),
			jen.Return(jen.Lit(2)),
		),
		jen.List(jen.Id("mono"), jen.Err()).Op(":=").Id("newMonolith").Call(jen.Id("ctx"), jen.Id("cfg"), jen.Id("logger")),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Id("logger").Dot("Error").Call(jen.Lit("start-up failed"), jen.Lit("error"), jen.Err()),
			jen.Return(jen.Lit(1)),
		),
		jen.Defer().Id("mono").Dot("close").Call(),
		jen.If(jen.Err().Op(":=").Id("mono").Dot("run").Call(jen.Id("ctx")), jen.Err().Op("!=").Nil()).Block(
			jen.Id("logger").Dot("Error").Call(jen.Lit("monolith failed"), jen.Lit("error"), jen.Err()),
			jen.Return(jen.Lit(1)),
		),
		jen.Return(jen.Lit(0)),
	)
	g.add("main.go", f)
}

// ctxPkg qualifies a name of a context's public package.
func (c *monoContext) ctxPkg(name string) *jen.Statement { return jen.Qual(c.s.facadePkg(), name) }

func (g *monoGen) monolithFile() {
	f := g.newFile()
	g.configDecl(f)
	fields := []jen.Code{
		jen.Id("cfg").Id("config"),
		jen.Id("logger").Op("*").Qual("log/slog", "Logger"),
		jen.Id("handler").Qual("net/http", "Handler"),
		jen.Id("ready").Qual("sync/atomic", "Bool"),
	}
	for _, c := range g.contexts {
		fields = append(fields, jen.Id(c.field).Op("*").Add(c.ctxPkg("Service")))
	}
	doc(f, "monolith is every context of the system, wired in one process behind one HTTP server.")
	f.Type().Id("monolith").Struct(fields...)
	f.Line()
	g.newMonolith(f)
	g.closeFunc(f)
	g.routes(f)
	g.runFunc(f)
	g.bus(f)
	g.add("monolith_gen.go", f)
}

// configDecl declares the monolith's configuration: the listen address,
// the shared database, and each context's configuration, read as its
// service reads it but for the database.
func (g *monoGen) configDecl(f *jen.File) {
	usesDB := g.usesDB()
	fields := []jen.Code{
		jen.Comment("httpAddr is the one HTTP server's listen address (HTTP_ADDR, default :8080)."),
		jen.Id("httpAddr").String(),
	}
	values := []jen.Code{kv("httpAddr", jen.Qual(g.platformPkg("env"), "String").Call(jen.Lit("HTTP_ADDR"), jen.Lit(":8080")))}
	if usesDB {
		fields = append(fields,
			jen.Comment("databaseURL is the database of every context without a DATABASE_URL_<CONTEXT> of its own (DATABASE_URL): each keeps its tables in a schema of its own there. Empty keeps their data in memory."),
			jen.Id("databaseURL").String(),
		)
		values = append(values, kv("databaseURL", jen.Qual("os", "Getenv").Call(jen.Lit("DATABASE_URL"))))
	}
	body := []jen.Code{
		jen.Id("cfg").Op(":=").Id("config").Add(lit(values...)),
		jen.Var().Err().Error(),
	}
	for _, c := range g.contexts {
		fields = append(fields, jen.Id(c.config).Add(c.ctxPkg("Config")))
		body = append(body, jen.If(jen.List(jen.Id("cfg").Dot(c.config), jen.Err()).Op("=").Add(c.ctxPkg("ConfigFromEnv")).Call(), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Id("cfg"), jen.Qual("fmt", "Errorf").Call(jen.Lit(c.s.c.Kebab()+": %w"), jen.Err())),
		))
		if c.s.x.Stores {
			body = append(body, jen.Id("cfg").Dot(c.config).Dot("DatabaseURL").Op("=").Qual("os", "Getenv").Call(jen.Lit(ir.MonolithDatabaseEnv(c.s.c))))
		}
	}
	body = append(body, jen.Return(jen.Id("cfg"), jen.Nil()))
	doc(f, "config is the monolith's configuration, read from the environment.")
	f.Type().Id("config").Struct(fields...)
	f.Line()
	doc(f, "configFromEnv reads the configuration from the environment: each context's as its service reads it, but for its database, which is DATABASE_URL_<CONTEXT> or else a schema of DATABASE_URL.")
	f.Func().Id("configFromEnv").Params().Params(jen.Id("config"), jen.Error()).Block(body...)
	f.Line()
}

func (g *monoGen) newMonolith(f *jen.File) {
	usesDB := g.usesDB()
	body := []jen.Code{
		jen.Id("mono").Op(":=").Op("&").Id("monolith").Add(lit(kv("cfg", jen.Id("cfg")), kv("logger", jen.Id("logger")))),
		jen.Var().Err().Error(),
	}
	for _, c := range g.contexts {
		name := c.s.c.Kebab()
		fail := func(err jen.Code) jen.Code {
			return jen.Block(
				jen.Id("mono").Dot("close").Call(),
				jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit(name+": %w"), err)),
			)
		}
		if c.s.x.Stores {
			url := jen.Id("cfg").Dot(c.config).Dot("DatabaseURL")
			body = append(body, jen.If(url.Clone().Op("==").Lit("").Op("&&").Id("cfg").Dot("databaseURL").Op("!=").Lit("")).Block(
				jen.If(jen.List(url.Clone(), jen.Err()).Op("=").Qual(g.platformPkg("database"), "SchemaURL").Call(jen.Id("ctx"), jen.Id("cfg").Dot("databaseURL"), jen.Lit(c.s.c.Snake())), jen.Err().Op("!=").Nil()).Add(fail(jen.Err())),
			))
		}
		body = append(body, jen.If(
			jen.List(jen.Id("mono").Dot(c.field), jen.Err()).Op("=").Add(c.ctxPkg("New")).Call(jen.Id("ctx"), jen.Id("cfg").Dot(c.config), jen.Id("logger").Dot("With").Call(jen.Lit("context"), jen.Lit(name))),
			jen.Err().Op("!=").Nil(),
		).Add(fail(jen.Err())))
	}
	body = append(body,
		jen.Id("mono").Dot("handler").Op("=").Id("mono").Dot("routes").Call(),
		jen.Return(jen.Id("mono"), jen.Nil()),
	)
	what := "wires every context."
	if usesDB {
		what = "wires every context. With DATABASE_URL, each context that keeps data gets a schema of its own in that database, unless DATABASE_URL_<CONTEXT> names one for it."
	}
	doc(f, "newMonolith %s", what)
	f.Func().Id("newMonolith").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("cfg").Id("config"), jen.Id("logger").Op("*").Qual("log/slog", "Logger")).Params(jen.Op("*").Id("monolith"), jen.Error()).Block(body...)
	f.Line()
}

func (g *monoGen) closeFunc(f *jen.File) {
	var body []jen.Code
	for i := len(g.contexts) - 1; i >= 0; i-- {
		c := g.contexts[i]
		body = append(body, jen.If(jen.Id("mono").Dot(c.field).Op("!=").Nil()).Block(jen.Id("mono").Dot(c.field).Dot("Close").Call()))
	}
	doc(f, "close releases the database connections of the contexts wired so far, the last first.")
	f.Func().Params(jen.Id("mono").Op("*").Id("monolith")).Id("close").Params().Block(body...)
	f.Line()
}

// routes serves every context's routes, as their services do, and the
// probes once for all.
func (g *monoGen) routes(f *jen.File) {
	httpx := g.platformPkg("httpx")
	probes := []jen.Code{kv("Ready", jen.Id("mono").Dot("ready").Dot("Load"))}
	gatherers := []jen.Code{jen.Qual(g.platformPkg("telemetry"), "NewRegistry").Call()}
	for _, c := range g.contexts {
		if c.s.x.OnKafka() {
			gatherers = append(gatherers, jen.Id("mono").Dot(c.field).Dot("Metrics").Call())
		}
	}
	probes = append(probes, kv("Metrics", jen.Qual(promPkg+"/promhttp", "HandlerFor").Call(
		jen.Qual(promPkg, "Gatherers").Add(multiline(gatherers...)), jen.Qual(promPkg+"/promhttp", "HandlerOpts").Values(),
	)))
	body := []jen.Code{jen.Id("mux").Op(":=").Qual(httpx, "NewMux").Call(jen.Qual(httpx, "Probes").Add(multiline(probes...)))}
	for _, c := range g.contexts {
		for _, r := range Routes(c.s.c) {
			body = append(body, jen.Id("mux").Dot("Handle").Call(jen.Lit(r.Method+" "+r.Pattern), jen.Id("mono").Dot(c.field).Dot("Handler").Call()))
		}
	}
	body = append(body, jen.Return(jen.Id("mux")))
	doc(f, "routes serves every context's routes, the paths its service serves, and /healthz, /readyz and /metrics (the Go runtime's, the process's and the HTTP metrics, then each context's) once for all.")
	f.Func().Params(jen.Id("mono").Op("*").Id("monolith")).Id("routes").Params().Qual("net/http", "Handler").Block(body...)
	f.Line()
}

func (g *monoGen) runFunc(f *jen.File) {
	body := []jen.Code{jen.Var().Id("checks").Index().Qual(g.platformPkg("httpx"), "Check")}
	for _, c := range g.contexts {
		if !c.s.x.OnKafka() {
			continue
		}
		args := []jen.Code{jen.Id("ctx")}
		if c.s.x.Records {
			if len(c.readers) > 0 {
				args = append(args, jen.Id("mono").Dot(c.publishMethod()))
			} else {
				args = append(args, jen.Qual(g.platformPkg("message"), "Discard"))
			}
		}
		body = append(body,
			jen.List(jen.Id(c.start), jen.Err()).Op(":=").Id("mono").Dot(c.field).Dot("Start").Call(args...),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit(c.s.c.Kebab()+": %w"), jen.Err()))),
			jen.Defer().Id(c.start).Call(),
			jen.Id("checks").Op("=").Append(jen.Id("checks"), jen.Id("mono").Dot(c.field).Dot("Checks").Call().Op("...")),
		)
	}
	body = append(body, jen.Return(jen.Qual(g.platformPkg("runner"), "Run").Call(jen.Id("ctx"), jen.Qual(g.platformPkg("runner"), "Config").Add(multiline(
		kv("Addr", jen.Id("mono").Dot("cfg").Dot("httpAddr")),
		kv("Handler", jen.Id("mono").Dot("handler")),
		kv("Ready", jen.Op("&").Id("mono").Dot("ready")),
		kv("Checks", jen.Id("checks")),
		// The variables every context reads alike: the first's.
		kv("ShutdownTimeout", jen.Id("mono").Dot("cfg").Dot(g.contexts[0].config).Dot("ShutdownTimeout")),
		kv("Limits", jen.Id("mono").Dot("cfg").Dot(g.contexts[0].config).Dot("Limits")),
		kv("Edge", jen.Id("mono").Dot("cfg").Dot(g.contexts[0].config).Dot("Edge")),
		kv("Logger", jen.Id("mono").Dot("logger")),
	)))))
	doc(f, "run starts every context's events, serves every route on one server (with /readyz checking each context's database, Kafka and consumer) until ctx is done, then stops taking requests and finishes those in flight, for at most SHUTDOWN_TIMEOUT (10 seconds by default), and stops the contexts' events, the last started first.")
	f.Func().Params(jen.Id("mono").Op("*").Id("monolith")).Id("run").Params(jen.Id("ctx").Qual("context", "Context")).Error().Block(body...)
}

// bus emits, per context that records events read by some context, the
// in-process bus from it: each event goes to every context that reads
// events of the context, through that context's Deliver.
func (g *monoGen) bus(f *jen.File) {
	used := false
	for _, c := range g.contexts {
		if !c.s.x.Records || len(c.readers) == 0 {
			continue
		}
		used = true
		var deliver []jen.Code
		var who []string
		for _, r := range c.readers {
			who = append(who, r.s.c.Name)
			deliver = append(deliver, jen.If(
				jen.Err().Op(":=").Id("mono").Dot(r.field).Dot("Deliver").Call(jen.Id("ctx"), jen.Id("m")),
				jen.Err().Op("!=").Nil(),
			).Block(jen.Id("mono").Dot("failed").Call(jen.Lit(r.s.c.Kebab()), jen.Id("m").Dot("Type"), jen.Id("m").Dot("ID"), jen.Err())))
		}
		f.Line()
		doc(f, "%s is the in-process bus from the %s context, which its relay publishes to without Kafka: each event it recorded goes to every context that reads some of its events (%s), and each ignores the types it does not read. A failure is logged, not retried: with no broker there is no redelivery.", c.publishMethod(), c.s.c.Name, strings.Join(who, ", "))
		f.Func().Params(jen.Id("mono").Op("*").Id("monolith")).Id(c.publishMethod()).Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("msgs").Index().Qual(g.platformPkg("message"), "Message")).Error().Block(
			jen.For(jen.List(jen.Id("_"), jen.Id("m")).Op(":=").Range().Id("msgs")).Block(deliver...),
			jen.Return(jen.Nil()),
		)
	}
	if used {
		f.Line()
		doc(f, "failed logs an event a context could not handle.")
		f.Func().Params(jen.Id("mono").Op("*").Id("monolith")).Id("failed").Params(jen.List(jen.Id("name"), jen.Id("typ"), jen.Id("id")).String(), jen.Err().Error()).Block(
			jen.Id("mono").Dot("logger").Dot("Error").Call(jen.Lit("handling an event failed"), jen.Lit("context"), jen.Id("name"), jen.Lit("type"), jen.Id("typ"), jen.Lit("id"), jen.Id("id"), jen.Lit("error"), jen.Err()),
		)
	}
}
