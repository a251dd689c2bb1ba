package golang

import (
	"path"
	"strconv"
	"strings"

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
	alias                string // the name its public package is imported under, if not its own
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
		name := s.facadeName()
		switch {
		case mainLocals[name]:
			mc.alias = name + "ctx"
		case path.Base(s.facadePkg()) != name:
			// A folder such as order-history holds package orderhistory:
			// say so at the import.
			mc.alias = name
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

// monoGen writes the monolith's main package.
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

// newSource starts a file of the monolith's main package, importing the
// runtime's packages under their names and each context's public package
// under its name, or an alias where that name would be hidden or is not
// its folder's.
func (g *monoGen) newSource() *goSource {
	src := newGoSource(g.pkg, "main", g.m.Module, genfile.Generated, g.platformPkg)
	for _, c := range g.contexts {
		if c.alias == "" {
			src.importName(c.s.facadePkg(), c.s.facadeName())
		}
	}
	return src
}

// ctxPkg qualifies a name of a context's public package, importing it under
// its alias if it has one.
func (c *monoContext) ctxPkg(src *goSource, name string) string {
	p := c.s.facadePkg()
	if c.alias != "" {
		src.importAlias(p, c.alias)
	}
	return src.q(p, name)
}

// add puts a file of the monolith's main package into the plan.
func (g *monoGen) add(name string, src *goSource) {
	f, err := src.file(g.dir + "/" + name)
	if err != nil {
		if g.err == nil {
			g.err = err
		}
		return
	}
	g.files = append(g.files, f)
}

// usesDB reports whether some context keeps its data in a database.
func (g *monoGen) usesDB() bool {
	for _, c := range g.contexts {
		if c.s.x.Stores {
			return true
		}
	}
	return false
}

// mainFile writes main.go: the package comment, which lists the
// environment variables, main and run.
func (g *monoGen) mainFile() {
	src := g.newSource()
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
	src.packageDoc("Command %s runs the %s system as one process, a modular monolith: every bounded context is a module under internal/, and one HTTP server serves all their routes. Configure it with environment variables: HTTP_ADDR (default :8080);%s KAFKA_BROKERS (comma-separated; without it the contexts' events travel between them in process), KAFKA_PARTITIONS and KAFKA_REPLICATION_FACTOR for the topics it creates, KAFKA_RETRY_BACKOFF_MAX (default 30s: the longest wait between retries of an event that failed for a passing reason), KAFKA_SASL_* and KAFKA_TLS* for a secured cluster; SCHEMA_REGISTRY_URL and the other SCHEMA_REGISTRY_* variables, with which each context on Kafka registers its events' JSON Schemas and frames its records in the registry's wire format; TLS_CERT_FILE and TLS_KEY_FILE for HTTPS, CORS_ORIGINS, ADMIN_ADDR for the metrics; AUTH_MODE (none, or jwt with AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL or AUTH_JWKS_FILE: a command needs its actor's role).", g.sys, g.m.System, db)
	os := func(name string) string { return src.q("os", name) }
	src.line("func main() {")
	src.line("%s(run())", os("Exit"))
	src.line("}")
	src.line("")
	src.comment("run runs the monolith until SIGINT or SIGTERM and returns the exit code.")
	src.line("func run() int {")
	src.line("logger := %s(%s(%s, nil)).With(\"service\", %s)", src.q("log/slog", "New"), src.q("log/slog", "NewJSONHandler"), os("Stdout"), strconv.Quote(g.sys))
	src.line("ctx, stop := %s(%s(), %s, %s)", src.q("os/signal", "NotifyContext"), src.q("context", "Background"), os("Interrupt"), src.q("syscall", "SIGTERM"))
	src.line("defer stop()")
	src.line("cfg, err := configFromEnv()")
	mainFail(src, "err != nil", "bad configuration", 2)
	src.line("mono, err := newMonolith(ctx, cfg, logger)")
	mainFail(src, "err != nil", "start-up failed", 1)
	src.line("defer mono.close()")
	mainFail(src, "err := mono.run(ctx); err != nil", "monolith failed", 1)
	src.line("return 0")
	src.line("}")
	g.add("main.go", src)
}

// mainFail writes run's logging of a failure and returning its exit code.
func mainFail(src *goSource, cond, msg string, code int) {
	src.line("if %s {", cond)
	src.line("logger.Error(%s, \"error\", err)", strconv.Quote(msg))
	src.line("return %d", code)
	src.line("}")
}

// monolithFile writes monolith_gen.go: the configuration, the monolith
// type with its constructor, close, routes and run, and the in-process bus.
func (g *monoGen) monolithFile() {
	src := g.newSource()
	g.configDecl(src)
	rows := [][]string{
		{"cfg", "config"},
		{"logger", "*" + src.q("log/slog", "Logger")},
		{"handler", src.q("net/http", "Handler")},
		{"ready", src.q("sync/atomic", "Bool")},
	}
	for _, c := range g.contexts {
		rows = append(rows, []string{c.field, "*" + c.ctxPkg(src, "Service")})
	}
	src.comment("monolith is every context of the system, wired in one process behind one HTTP server.")
	src.structType("monolith", rows)
	src.line("")
	g.newMonolith(src)
	g.closeFunc(src)
	g.routes(src)
	g.runFunc(src)
	g.bus(src)
	g.add("monolith_gen.go", src)
}

// configDecl writes the monolith's configuration: the listen address, the
// shared database, and each context's configuration, read as its service
// reads it but for the database.
func (g *monoGen) configDecl(src *goSource) {
	usesDB := g.usesDB()
	values := []keyValue{{"httpAddr", src.q(g.platformPkg("env"), "String") + `("HTTP_ADDR", ":8080")`}}
	if usesDB {
		values = append(values, keyValue{"databaseURL", src.q("os", "Getenv") + `("DATABASE_URL")`})
	}
	src.comment("config is the monolith's configuration, read from the environment.")
	src.line("type config struct {")
	src.text("// httpAddr is the one HTTP server's listen address (HTTP_ADDR, default :8080).")
	rows := [][]string{{"httpAddr", "string"}}
	if usesDB {
		src.table(rows)
		src.text("// databaseURL is the database of every context without a DATABASE_URL_<CONTEXT> of its own (DATABASE_URL): each keeps its tables in a schema of its own there. Empty keeps their data in memory.")
		rows = [][]string{{"databaseURL", "string"}}
	}
	for _, c := range g.contexts {
		rows = append(rows, []string{c.config, c.ctxPkg(src, "Config")})
	}
	src.table(rows)
	src.line("}")
	src.line("")
	src.comment("configFromEnv reads the configuration from the environment: each context's as its service reads it, but for its database, which is DATABASE_URL_<CONTEXT> or else a schema of DATABASE_URL.")
	src.line("func configFromEnv() (config, error) {")
	src.literal("cfg := config", values, "")
	src.line("var err error")
	for _, c := range g.contexts {
		src.line("if cfg.%s, err = %s(); err != nil {", c.config, c.ctxPkg(src, "ConfigFromEnv"))
		src.line("return cfg, %s(%s, err)", src.q("fmt", "Errorf"), strconv.Quote(c.s.c.Kebab()+": %w"))
		src.line("}")
		if c.s.x.Stores {
			src.line("cfg.%s.DatabaseURL = %s(%s)", c.config, src.q("os", "Getenv"), strconv.Quote(ir.MonolithDatabaseEnv(c.s.c)))
		}
	}
	src.line("return cfg, nil")
	src.line("}")
	src.line("")
}

// newMonolith writes newMonolith, which wires every context.
func (g *monoGen) newMonolith(src *goSource) {
	what := "wires every context."
	if g.usesDB() {
		what = "wires every context. With DATABASE_URL, each context that keeps data gets a schema of its own in that database, unless DATABASE_URL_<CONTEXT> names one for it."
	}
	src.comment("newMonolith %s", what)
	src.line("func newMonolith(ctx %s, cfg config, logger *%s) (*monolith, error) {", src.q("context", "Context"), src.q("log/slog", "Logger"))
	src.line("mono := &monolith{cfg: cfg, logger: logger}")
	src.line("var err error")
	for _, c := range g.contexts {
		name := c.s.c.Kebab()
		fail := func() {
			src.line("mono.close()")
			src.line("return nil, %s(%s, err)", src.q("fmt", "Errorf"), strconv.Quote(name+": %w"))
			src.line("}")
		}
		if c.s.x.Stores {
			url := "cfg." + c.config + ".DatabaseURL"
			src.line("if %s == \"\" && cfg.databaseURL != \"\" {", url)
			src.line("if %s, err = %s(ctx, cfg.databaseURL, %s); err != nil {", url, src.q(g.platformPkg("database"), "SchemaURL"), strconv.Quote(c.s.c.Snake()))
			fail()
			src.line("}")
		}
		src.line("if mono.%s, err = %s(ctx, cfg.%s, logger.With(\"context\", %s)); err != nil {", c.field, c.ctxPkg(src, "New"), c.config, strconv.Quote(name))
		fail()
	}
	src.line("mono.handler = mono.routes()")
	src.line("return mono, nil")
	src.line("}")
	src.line("")
}

// closeFunc writes close, which closes the contexts wired, the last first.
func (g *monoGen) closeFunc(src *goSource) {
	src.comment("close releases the database connections of the contexts wired so far, the last first.")
	src.line("func (mono *monolith) close() {")
	for i := len(g.contexts) - 1; i >= 0; i-- {
		c := g.contexts[i]
		src.line("if mono.%s != nil {", c.field)
		src.line("mono.%s.Close()", c.field)
		src.line("}")
	}
	src.line("}")
	src.line("")
}

// routes writes routes, which serves every context's routes, as their
// services do, and the probes once for all.
func (g *monoGen) routes(src *goSource) {
	httpx := g.platformPkg("httpx")
	src.comment("routes serves every context's routes, the paths its service serves, and /healthz, /readyz and /metrics (the Go runtime's, the process's and the HTTP metrics, then each context's) once for all.")
	src.line("func (mono *monolith) routes() %s {", src.q("net/http", "Handler"))
	src.line("mux := %s(%s{", src.q(httpx, "NewMux"), src.q(httpx, "Probes"))
	src.line("Ready: mono.ready.Load,")
	src.line("Metrics: %s(%s{", src.q(promPkg+"/promhttp", "HandlerFor"), src.q(promPkg, "Gatherers"))
	src.line("%s(),", src.q(g.platformPkg("telemetry"), "NewRegistry"))
	for _, c := range g.contexts {
		if c.s.x.OnKafka() {
			src.line("mono.%s.Metrics(),", c.field)
		}
	}
	src.line("}, %s{}),", src.q(promPkg+"/promhttp", "HandlerOpts"))
	src.line("})")
	for _, c := range g.contexts {
		for _, r := range Routes(c.s.c) {
			src.line("mux.Handle(%s, mono.%s.Handler())", strconv.Quote(r.Method+" "+r.Pattern), c.field)
		}
	}
	src.line("return mux")
	src.line("}")
	src.line("")
}

// runFunc writes run, which starts every context's events and serves
// every route on one server.
func (g *monoGen) runFunc(src *goSource) {
	src.comment("run starts every context's events, serves every route on one server (with /readyz checking each context's database, Kafka and consumer) until ctx is done, then stops taking requests and finishes those in flight, for at most SHUTDOWN_TIMEOUT (10 seconds by default), and stops the contexts' events, the last started first.")
	src.line("func (mono *monolith) run(ctx %s) error {", src.q("context", "Context"))
	src.line("var checks []%s", src.q(g.platformPkg("httpx"), "Check"))
	for _, c := range g.contexts {
		if !c.s.x.OnKafka() {
			continue
		}
		args := "ctx"
		if c.s.x.Records {
			if len(c.readers) > 0 {
				args += ", mono." + c.publishMethod()
			} else {
				args += ", " + src.q(g.platformPkg("message"), "Discard")
			}
		}
		src.line("%s, err := mono.%s.Start(%s)", c.start, c.field, args)
		src.line("if err != nil {")
		src.line("return %s(%s, err)", src.q("fmt", "Errorf"), strconv.Quote(c.s.c.Kebab()+": %w"))
		src.line("}")
		src.line("defer %s()", c.start)
		src.line("checks = append(checks, mono.%s.Checks()...)", c.field)
	}
	runner := g.platformPkg("runner")
	first := "mono.cfg." + g.contexts[0].config
	src.line("return %s(ctx, %s{", src.q(runner, "Run"), src.q(runner, "Config"))
	src.keyed([]keyValue{
		{"Addr", "mono.cfg.httpAddr"},
		{"Handler", "mono.handler"},
		{"Ready", "&mono.ready"},
		{"Checks", "checks"},
		// The variables every context reads alike: the first's.
		{"ShutdownTimeout", first + ".ShutdownTimeout"},
		{"Limits", first + ".Limits"},
		{"Edge", first + ".Edge"},
		{"Logger", "mono.logger"},
	})
	src.line("})")
	src.line("}")
}

// bus writes, per context that records events read by some context, the
// in-process bus from it: each event goes to every context that reads
// events of the context, through that context's Deliver.
func (g *monoGen) bus(src *goSource) {
	used := false
	for _, c := range g.contexts {
		if !c.s.x.Records || len(c.readers) == 0 {
			continue
		}
		used = true
		var who []string
		for _, r := range c.readers {
			who = append(who, r.s.c.Name)
		}
		src.line("")
		src.comment("%s is the in-process bus from the %s context, which its relay publishes to without Kafka: each event it recorded goes to every context that reads some of its events (%s), and each ignores the types it does not read. A failure is logged, not retried: with no broker there is no redelivery.", c.publishMethod(), c.s.c.Name, strings.Join(who, ", "))
		src.line("func (mono *monolith) %s(ctx %s, msgs []%s) error {", c.publishMethod(), src.q("context", "Context"), src.q(g.platformPkg("message"), "Message"))
		src.line("for _, m := range msgs {")
		for _, r := range c.readers {
			src.line("if err := mono.%s.Deliver(ctx, m); err != nil {", r.field)
			src.line("mono.failed(%s, m.Type, m.ID, err)", strconv.Quote(r.s.c.Kebab()))
			src.line("}")
		}
		src.line("}")
		src.line("return nil")
		src.line("}")
	}
	if used {
		src.line("")
		src.comment("failed logs an event a context could not handle.")
		src.line("func (mono *monolith) failed(name, typ, id string, err error) {")
		src.line(`mono.logger.Error("handling an event failed", "context", name, "type", typ, "id", id, "error", err)`)
		src.line("}")
	}
}
