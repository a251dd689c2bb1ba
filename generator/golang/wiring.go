package golang

import (
	"slices"
	"strconv"
	"strings"

	"eventstorm/generator/genfile"
	"eventstorm/generator/ir"
	"eventstorm/model"
)

func (s *service) servicePkg() string { return s.pkg("internal/service") }

// wiring emits the composition root: configuration from the environment,
// the adapters, use cases and ports wired together, and a Run that serves
// until its context ends and then shuts down gracefully.
func (s *service) wiring() {
	g := s.serviceFile()
	g.packageDoc("Package service wires the %s service: it reads the configuration, chooses the adapters, builds the use cases and ports, and runs them.", s.c.Name)
	s.configDecl(g)
	s.serviceType(g)
	s.newFunc(g)
	g.line("")
	g.comment("Close releases the service's database connections, if it has any.")
	g.line("func (svc *Service) Close() error {")
	g.line("return svc.parts.Close()")
	g.line("}")
	g.line("")
	g.comment("Handler is the service's HTTP API.")
	g.line("func (svc *Service) Handler() %s {", g.q("net/http", "Handler"))
	g.line("return svc.parts.Handler")
	g.line("}")
	g.line("")
	if s.layout == ir.LayoutMonolith {
		s.monolithRun(g)
	} else {
		s.runFunc(g)
	}
	s.addSource("internal/service/service_gen.go", g)
	s.adaptersFile()
	if s.layout == ir.LayoutMonolith {
		s.facade()
	} else {
		s.mainFile()
	}
}

// serviceType writes the Service and, for a service on Kafka, its
// topology.
func (s *service) serviceType(g *goSource) {
	if s.x.Records || s.x.Reads {
		g.comment("topology is the service's place on Kafka: its consumer group, the topics of its aggregates and those it reads.")
		s.topology(g)
		g.line("")
	}
	g.comment("Service is the %s service, wired and ready to run.", s.c.Name)
	g.line("type Service struct {")
	rows := [][]string{{"parts", "*" + g.q(s.runnerPkg(), "Parts")}}
	if (s.x.Records || s.x.Reads) && s.layout == ir.LayoutMonolith {
		rows = append(rows, []string{"registry", "*" + g.q(promPkg, "Registry")})
		g.table(rows)
		g.text("// kafkaChecks are Kafka's and the consumer's readiness checks, once Start has connected.")
		rows = [][]string{{"kafkaChecks", "[]" + g.q(s.httpxPkg(), "Check")}}
	}
	g.table(rows)
	g.line("}")
	g.line("")
}

// newFunc writes New, which wires the adapters, use cases and ports.
func (s *service) newFunc(g *goSource) {
	g.comment("%s", s.newDoc())
	g.line("func New(ctx %s, cfg Config, logger *%s) (*Service, error) {", g.q("context", "Context"), g.q("log/slog", "Logger"))
	prefix := "svc := &Service{parts: &" + g.q(s.runnerPkg(), "Parts")
	parts := []keyValue{{"Config", "cfg"}, {"Logger", "logger"}}
	if s.x.Records || s.x.Reads {
		parts = append(parts, keyValue{"Topology", "topology"})
	}
	if s.registersSchemas() {
		parts = append(parts, keyValue{"Schemas", g.q(s.schemasPkg(), "Published")})
	}
	g.literal(prefix, parts, "}")
	g.line("guard, err := %s(ctx, cfg.Auth, logger)", g.q(s.platformPkg("auth"), "New"))
	g.line("if err != nil {")
	g.line("return nil, err")
	g.line("}")
	if s.x.Stores {
		g.line("a, err := svc.openAdapters(ctx)")
		g.line("if err != nil {")
		g.line("return nil, err")
		g.line("}")
	}
	if s.x.Records {
		g.line("svc.parts.Relay = a.relay")
	}
	// Every service's /metrics has the Go runtime's, the process's and the
	// HTTP metrics; the monolith, whose contexts share a process, registers
	// those once for all (a context's registry has only its own).
	if s.layout != ir.LayoutMonolith {
		g.line("registry := %s()", g.q(s.platformPkg("telemetry"), "NewRegistry"))
	} else {
		g.line("registry := %s()", g.q(promPkg, "NewRegistry"))
	}
	if s.x.Records || s.x.Reads {
		if s.layout == ir.LayoutMonolith {
			s.monolithMetrics(g)
		} else {
			g.line("svc.parts.Metrics = %s(registry, topology)", g.q(s.kafkaPkg(), "NewMetrics"))
		}
		if s.x.Records {
			// The outbox's metrics: pending, oldest pending, parked.
			registerer := "registry"
			if s.layout == ir.LayoutMonolith {
				registerer = s.labelledRegistry(g)
			}
			g.line("%s.MustRegister(a.relay)", registerer)
		}
	}
	s.useCases(g)
	g.line("svc.parts.Handler = %s(&%s{", g.q(s.httpPkg(), "NewHandler"), g.q(s.httpPkg(), "App"))
	g.keyed(s.appItems(g))
	g.line("})")
	g.line("return svc, nil")
	g.line("}")
}

// newDoc says what New does, as far as the service has it.
func (s *service) newDoc() string {
	doc := "New wires the service."
	if s.layout == ir.LayoutMonolith {
		doc = "New wires the context."
	}
	if s.x.Stores {
		doc += " With a DATABASE_URL it opens the database and brings its tables up to the model; without one it keeps its data in memory."
	}
	switch {
	case s.layout == ir.LayoutMonolith:
		doc += " The monolith starts its events with Start and serves its routes on the one server of all contexts; Run serves it alone."
	case s.x.Records && s.x.Reads:
		doc += " Without Kafka brokers its own events reach its own policies and read models in process, and it runs alone, with no infrastructure."
	case s.x.Records:
		doc += " Without Kafka brokers nothing reads its events, and it runs alone, with no infrastructure."
	}
	return doc
}

// useCases writes the wiring of the use cases, queries, projections and
// policies, and, for a service that reads events, the consumer's
// dispatcher.
func (s *service) useCases(g *goSource) {
	for _, x := range s.c.ExternalSystems {
		if s.usedSystem(x) {
			g.line("%s := %s(logger)", clientVar(x), g.q(s.externalPkg(x), "New"))
		}
	}
	for _, a := range s.c.Aggregates {
		repo := field(a.Base()) + "Repo"
		g.line("%s := a.%s", repo, repo)
		for _, c := range a.Commands {
			args := []string{repo}
			for _, x := range c.UsedSystems() {
				args = append(args, clientVar(x))
			}
			g.line("%s := %s(%s)", commandHandlerVar(c), g.q(s.commandPkg(), "New"+handlerType(c)), strings.Join(args, ", "))
		}
	}
	for _, r := range s.c.ReadModels {
		store := field(r.Base()) + "Store"
		g.line("%s := a.%s", store, store)
	}
	if !s.x.Reads {
		return
	}
	dispatcher := g.q(s.consumerPkg(), "NewDispatcher")
	var args []string
	for _, r := range s.c.ReadModels {
		args = append(args, g.q(s.projectionPkg(), "New"+r.Ident())+"("+field(r.Base())+"Store)")
	}
	for _, p := range s.c.Policies {
		args = append(args, g.q(s.policyPkg(), "New"+p.Ident())+"("+commandHandlerVar(p.Command())+")")
	}
	g.line("svc.parts.Dispatch = %s(%s).Handle", dispatcher, strings.Join(args, ", "))
	g.line("svc.parts.Inbox = a.inbox")
}

// commandHandlerVar is the variable New holds a command's use case in.
func commandHandlerVar(c *model.Command) string { return field(c.Base()) + "Handler" }

// appItems are the fields of the HTTP API's App: the runtime's, and the
// use cases and queries.
func (s *service) appItems(g *goSource) []keyValue {
	items := []keyValue{
		{"Logger", "logger"},
		{"Ready", "svc.parts.Ready.Load"},
		{"Auth", "guard"},
	}
	promhttp := promPkg + "/promhttp"
	items = append(items, keyValue{"Metrics", g.q(promhttp, "HandlerFor") + "(registry, " + g.q(promhttp, "HandlerOpts") + "{})"})
	for _, a := range s.c.Aggregates {
		repo := field(a.Base()) + "Repo"
		for _, c := range a.Commands {
			items = append(items, keyValue{c.Ident(), commandHandlerVar(c)})
		}
		items = append(items, keyValue{getQueryField(a), g.q(s.queryPkg(), "New"+getHandlerType(a)) + "(" + repo + ")"})
	}
	for _, r := range s.c.ReadModels {
		items = append(items, keyValue{r.Ident(), g.q(s.queryPkg(), "New"+rowHandlerType(r)) + "(" + field(r.Base()) + "Store)"})
	}
	return items
}

// usedSystem reports whether some command uses an external system.
func (s *service) usedSystem(x *model.ExternalSystem) bool {
	for _, a := range s.c.Aggregates {
		for _, c := range a.Commands {
			for _, u := range c.UsedSystems() {
				if u == x {
					return true
				}
			}
		}
	}
	return false
}

// runFunc writes Run, which runs the service's parts.
func (s *service) runFunc(g *goSource) {
	g.comment("%s", s.runDoc())
	g.line("func (svc *Service) Run(ctx %s) error {", g.q("context", "Context"))
	g.line("return svc.parts.Run(ctx)")
	g.line("}")
}

// runDoc says what a service's Run does, as far as the service has it.
func (s *service) runDoc() string {
	doc := "Run serves the HTTP API until ctx is done, then stops taking requests and finishes those in flight, for at most SHUTDOWN_TIMEOUT, 10 seconds by default."
	switch {
	case s.x.Records && s.x.Reads:
		doc = "Run connects to Kafka when brokers are configured, creating the service's topics when missing, consumes the events the service reads, serves the HTTP API and relays the events its repositories record until ctx is done; then it stops taking requests, finishes those in flight (for at most SHUTDOWN_TIMEOUT, 10 seconds by default), relays what they recorded, and stops."
	case s.x.Records:
		doc = "Run connects to Kafka when brokers are configured, creating the service's topics when missing, serves the HTTP API and relays the events its repositories record until ctx is done; then it stops taking requests, finishes those in flight (for at most SHUTDOWN_TIMEOUT, 10 seconds by default), relays what they recorded, and stops."
	case s.x.Reads:
		doc = "Run connects to Kafka when brokers are configured, creating the service's topics when missing, consumes the events the service reads and serves the HTTP API until ctx is done; then it stops taking requests, finishes those in flight (for at most SHUTDOWN_TIMEOUT, 10 seconds by default), and stops consuming."
	}
	return doc
}

// publishInProcessFunc is it writes
// publishInProcess, which hands recorded events to deliver, for the readers
// named.
func (s *service) publishInProcessFunc(g *goSource, readers, deliver string) {
	g.comment("publishInProcess hands recorded events to %s. A failure is logged, not retried: with no broker there is no redelivery.", readers)
	g.line("func (svc *Service) publishInProcess(ctx %s, msgs []%s) error {", g.q("context", "Context"), g.q(s.messagePkg(), "Message"))
	g.line("for _, m := range msgs {")
	g.line("if err := %s(ctx, m); err != nil {", deliver)
	g.line(`svc.parts.Logger.Error("handling an event failed", "type", m.Type, "id", m.ID, "error", err)`)
	g.line("}")
	g.line("}")
	g.line("return nil")
	g.line("}")
}

// mainFile writes cmd/<context>/main.go, the service's command: it runs
// the service, or, with register-schemas, registers its events' schemas.
func (s *service) mainFile() {
	g := s.newSource(s.pkg("cmd/"+s.c.Kebab()), "main", genfile.Generated)
	g.importName(s.servicePkg(), "service")
	g.importName(s.runnerPkg(), "runner")
	g.packageDoc("Command %s runs the %s service until SIGINT or SIGTERM. Configure it with environment variables: HTTP_ADDR (default :8080); HTTP_MAX_BODY_BYTES (default 1000000: a larger request body is answered 413); SHUTDOWN_TIMEOUT (default 10s: how long requests in flight may take to finish at a stop); DATABASE_URL (postgres://... or mysql://user:pass@host:port/db; without it data stays in memory); KAFKA_BROKERS (comma-separated; without it events stay in process), KAFKA_PARTITIONS and KAFKA_REPLICATION_FACTOR for the topics it creates, KAFKA_RETRY_BACKOFF_MAX (default 30s: the longest wait between retries of an event that failed for a passing reason), KAFKA_SASL_* and KAFKA_TLS* for a secured cluster; TLS_CERT_FILE and TLS_KEY_FILE for HTTPS, CORS_ORIGINS, ADMIN_ADDR for the metrics; LOG_LEVEL (default info) and ACCESS_LOG_LEVEL (default info, or off); OTEL_TRACES_EXPORTER, OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_TRACES_SAMPLER and the other OTEL_* variables for tracing (off when unset); AUTH_MODE (none, or jwt with AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL or AUTH_JWKS_FILE: a command needs its actor's role).%s%s", s.c.Kebab(), s.c.Name, s.registryDoc(), s.snapshotDoc())
	name := strconv.Quote(s.c.Kebab())
	g.line("func main() {")
	if s.registersSchemas() {
		g.importName(s.schemasPkg(), "events")
		args := g.q("os", "Args")
		g.line("if len(%s) == 2 && %s[1] == %s {", args, args, strconv.Quote(registerSchemasArg))
		g.line("%s(%s(%s, %s))", g.q("os", "Exit"), g.q(s.runnerPkg(), "RegisterSchemas"), name, g.q(s.schemasPkg(), "Published"))
		g.line("}")
	}
	g.line("%s(%s(%s, %s, %s))", g.q("os", "Exit"), g.q(s.runnerPkg(), "Main"), name, g.q(s.servicePkg(), "ConfigFromEnv"), g.q(s.servicePkg(), "New"))
	g.line("}")
	s.addSource("cmd/"+s.c.Kebab()+"/main.go", g)
}

// configDecl writes the service's configuration, the runtime's, and its
// reading from the environment.
func (s *service) configDecl(g *goSource) {
	g.comment("Config is the service's configuration: HTTP_ADDR, DATABASE_URL and the KAFKA_* variables.")
	g.line("type Config = %s", g.q(s.configPkg(), "Service"))
	g.line("")
	g.comment("ConfigFromEnv reads the configuration from the environment.")
	g.line("func ConfigFromEnv() (Config, error) {")
	g.line("return %s()", g.q(s.configPkg(), "FromEnv"))
	g.line("}")
	g.line("")
}

// serviceFile is it starts a file of the service
// package, its packages known by the names serviceFile gives them.
func (s *service) serviceFile() *goSource {
	g := s.newSource(s.servicePkg(), "service", genfile.Generated)
	for path, name := range map[string]string{
		s.commandPkg(): "command", s.queryPkg(): "query", s.projectionPkg(): "projection",
		s.policyPkg(): "policy", s.consumerPkg(): "consumer", s.httpPkg(): "httpapi",
		s.memoryPkg(): "memory", s.messagePkg(): "message", s.kafkaPkg(): "kafka",
		s.sqlPkg(): "sqldb", s.databasePkg(): "database", s.outboxPkg(): "outbox",
		s.inboxPkg(): "inbox", s.envPkg(): "env", s.runnerPkg(): "runner", s.httpxPkg(): "httpx",
	} {
		g.importName(path, name)
	}
	return g
}

// clientVar is New's variable holding an external system's client: named
// after the system, with Client after it when that name is one of New's
// other locals or a package it uses (an external system A, say).
func clientVar(x *model.ExternalSystem) string {
	v := field(x.Base())
	if newLocals[v] || slices.Contains(platformNames, v) {
		return v + "Client"
	}
	return v
}

// newLocals are the names New gives its locals and parameters and the
// packages it uses.
var newLocals = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields("ctx cfg logger svc guard err a registry registerer dispatcher command query domain consumer httpapi memory sqldb telemetry projection policy slog context prometheus promhttp http time fmt errors os") {
		m[n] = true
	}
	return m
}()
