package golang

import (
	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/generator/ir"
	"eventstorm/model"
)

func (s *service) servicePkg() string { return s.pkg("internal/service") }

// wiring emits the composition root: configuration from the environment,
// the adapters, use cases and ports wired together, and a Run that serves
// until its context ends and then shuts down gracefully.
func (s *service) wiring() {
	f := s.serviceFile()
	pkgDoc(f, "Package service wires the %s service: it reads the configuration, chooses the adapters, builds the use cases and ports, and runs them.", s.c.Name)
	s.configDecl(f)
	s.serviceType(f)
	s.newFunc(f)
	doc(f, "Close releases the service's database connections, if it has any.")
	f.Func().Params(jen.Id("svc").Op("*").Id("Service")).Id("Close").Params().Error().Block(jen.Return(part("Close").Call()))
	f.Line()
	doc(f, "Handler is the service's HTTP API.")
	f.Func().Params(jen.Id("svc").Op("*").Id("Service")).Id("Handler").Params().Qual("net/http", "Handler").Block(jen.Return(part("Handler")))
	f.Line()
	if s.layout == ir.LayoutMonolith {
		s.monolithRun(f)
	} else {
		s.runFunc(f)
	}
	s.add("internal/service/service_gen.go", genfile.Generated, f)
	s.adaptersFile()
	if s.layout == ir.LayoutMonolith {
		s.facade()
	} else {
		s.mainFile()
	}
}

// serviceFile starts a file of the service package.
func (s *service) serviceFile() *jen.File {
	f := newFile(s.servicePkg(), "service", genfile.Generated)
	for path, name := range map[string]string{
		s.commandPkg(): "command", s.queryPkg(): "query", s.projectionPkg(): "projection",
		s.policyPkg(): "policy", s.consumerPkg(): "consumer", s.httpPkg(): "httpapi",
		s.memoryPkg(): "memory", s.messagePkg(): "message", s.kafkaPkg(): "kafka",
		s.sqlPkg(): "sqldb", s.databasePkg(): "database", s.outboxPkg(): "outbox",
		s.inboxPkg(): "inbox", s.envPkg(): "env", s.runnerPkg(): "runner", s.httpxPkg(): "httpx",
	} {
		f.ImportName(path, name)
	}
	return f
}

// serviceType declares the Service and, for a service on Kafka, its
// topology.
func (s *service) serviceType(f *jen.File) {
	fields := []jen.Code{jen.Id("parts").Op("*").Qual(s.runnerPkg(), "Parts")}
	if s.x.Records || s.x.Reads {
		if s.layout == ir.LayoutMonolith {
			fields = append(fields,
				jen.Id("registry").Op("*").Qual(promPkg, "Registry"),
				jen.Comment("kafkaChecks are Kafka's and the consumer's readiness checks, once Start has connected."),
				jen.Id("kafkaChecks").Index().Qual(s.httpxPkg(), "Check"),
			)
		}
		doc(f, "topology is the service's place on Kafka: its consumer group, the topics of its aggregates and those it reads.")
		f.Var().Id("topology").Op("=").Add(s.topology())
		f.Line()
	}
	doc(f, "Service is the %s service, wired and ready to run.", s.c.Name)
	f.Type().Id("Service").Struct(fields...)
	f.Line()
}

// newFunc emits New, which wires the adapters, use cases and ports.
func (s *service) newFunc(f *jen.File) {
	parts := []jen.Code{kv("Config", jen.Id("cfg")), kv("Logger", jen.Id("logger"))}
	if s.x.Records || s.x.Reads {
		parts = append(parts, kv("Topology", jen.Id("topology")))
	}
	if s.registersSchemas() {
		parts = append(parts, kv("Schemas", jen.Qual(s.schemasPkg(), "Published")))
	}
	body := []jen.Code{
		jen.Id("svc").Op(":=").Op("&").Id("Service").Values(jen.Id("parts").Op(":").Op("&").Qual(s.runnerPkg(), "Parts").Add(lit(parts...))),
		jen.List(jen.Id("guard"), jen.Err()).Op(":=").Qual(s.platformPkg("auth"), "New").Call(jen.Id("ctx"), jen.Id("cfg").Dot("Auth"), jen.Id("logger")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
	}
	app := []jen.Code{
		kv("Logger", jen.Id("logger")),
		kv("Ready", part("Ready").Dot("Load")),
		kv("Auth", jen.Id("guard")),
	}
	if s.x.Stores {
		body = append(body,
			jen.List(jen.Id("a"), jen.Err()).Op(":=").Id("svc").Dot("openAdapters").Call(jen.Id("ctx")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		)
	}
	if s.x.Records {
		body = append(body, part("Relay").Op("=").Id("a").Dot("relay"))
	}
	// Every service's /metrics has the Go runtime's, the process's and the
	// HTTP metrics; the monolith, whose contexts share a process, registers
	// those once for all (a context's registry has only its own).
	if s.layout != ir.LayoutMonolith {
		body = append(body, jen.Id("registry").Op(":=").Qual(s.platformPkg("telemetry"), "NewRegistry").Call())
	} else {
		body = append(body, jen.Id("registry").Op(":=").Qual(promPkg, "NewRegistry").Call())
	}
	if s.x.Records || s.x.Reads {
		if s.layout == ir.LayoutMonolith {
			body = append(body, s.monolithMetrics()...)
		} else {
			body = append(body, part("Metrics").Op("=").Qual(s.kafkaPkg(), "NewMetrics").Call(jen.Id("registry"), jen.Id("topology")))
		}
		if s.x.Records {
			// The outbox's metrics: pending, oldest pending, parked.
			registerer := jen.Id("registry")
			if s.layout == ir.LayoutMonolith {
				registerer = jen.Qual(promPkg, "WrapRegistererWith").Call(jen.Qual(promPkg, "Labels").Values(jen.Lit("context").Op(":").Lit(s.c.Kebab())), jen.Id("registry"))
			}
			body = append(body, registerer.Dot("MustRegister").Call(jen.Id("a").Dot("relay")))
		}
	}
	app = append(app, kv("Metrics", jen.Qual(promPkg+"/promhttp", "HandlerFor").Call(jen.Id("registry"), jen.Qual(promPkg+"/promhttp", "HandlerOpts").Values())))
	wired, dispatchArgs := s.useCases(&app)
	body = append(body, wired...)
	if s.x.Reads {
		body = append(body,
			part("Dispatch").Op("=").Qual(s.consumerPkg(), "NewDispatcher").Call(dispatchArgs...).Dot("Handle"),
			part("Inbox").Op("=").Id("a").Dot("inbox"),
		)
	}
	body = append(body,
		part("Handler").Op("=").Qual(s.httpPkg(), "NewHandler").Call(jen.Op("&").Qual(s.httpPkg(), "App").Add(multiline(app...))),
		jen.Return(jen.Id("svc"), jen.Nil()),
	)
	doc(f, "%s", s.newDoc())
	f.Func().Id("New").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("cfg").Id("Config"), jen.Id("logger").Op("*").Qual("log/slog", "Logger")).Params(jen.Op("*").Id("Service"), jen.Error()).Block(body...)
	f.Line()
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

// useCases wires the use cases, queries, projections and policies, adding
// the HTTP API's fields to app; it returns the statements and the
// consumer dispatcher's arguments.
func (s *service) useCases(app *[]jen.Code) (body, dispatchArgs []jen.Code) {
	for _, x := range s.c.ExternalSystems {
		if s.usedSystem(x) {
			body = append(body, jen.Id(field(x.Base())).Op(":=").Qual(s.externalPkg(x), "New").Call(jen.Id("logger")))
		}
	}
	handlers := map[*model.Command]string{}
	for _, a := range s.c.Aggregates {
		repo := field(a.Base()) + "Repo"
		body = append(body, jen.Id(repo).Op(":=").Id("a").Dot(repo))
		for _, c := range a.Commands {
			args := []jen.Code{jen.Id(repo)}
			for _, x := range c.UsedSystems() {
				args = append(args, jen.Id(field(x.Base())))
			}
			h := field(c.Base()) + "Handler"
			handlers[c] = h
			body = append(body, jen.Id(h).Op(":=").Qual(s.commandPkg(), "New"+handlerType(c)).Call(args...))
			*app = append(*app, kv(c.Ident(), jen.Id(h)))
		}
		*app = append(*app, kv(getQueryField(a), jen.Qual(s.queryPkg(), "New"+getHandlerType(a)).Call(jen.Id(repo))))
	}
	for _, r := range s.c.ReadModels {
		store := field(r.Base()) + "Store"
		body = append(body, jen.Id(store).Op(":=").Id("a").Dot(store))
		*app = append(*app, kv(r.Ident(), jen.Qual(s.queryPkg(), "New"+rowHandlerType(r)).Call(jen.Id(store))))
		dispatchArgs = append(dispatchArgs, jen.Qual(s.projectionPkg(), "New"+r.Ident()).Call(jen.Id(store)))
	}
	for _, p := range s.c.Policies {
		dispatchArgs = append(dispatchArgs, jen.Qual(s.policyPkg(), "New"+p.Ident()).Call(jen.Id(handlers[p.Command()])))
	}
	return body, dispatchArgs
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

// runFunc emits Run, which runs the service's parts.
func (s *service) runFunc(f *jen.File) {
	doc(f, "%s", s.runDoc())
	f.Func().Params(jen.Id("svc").Op("*").Id("Service")).Id("Run").Params(jen.Id("ctx").Qual("context", "Context")).Error().Block(
		jen.Return(part("Run").Call(jen.Id("ctx"))),
	)
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

// part is the runtime part of the service named: svc.parts.<name>.
func part(name string) *jen.Statement { return jen.Id("svc").Dot("parts").Dot(name) }

// publishInProcessFunc declares publishInProcess, which hands recorded
// events to deliver, for the readers named.
func (s *service) publishInProcessFunc(f *jen.File, readers string, deliver jen.Code) {
	doc(f, "publishInProcess hands recorded events to %s. A failure is logged, not retried: with no broker there is no redelivery.", readers)
	f.Func().Params(jen.Id("svc").Op("*").Id("Service")).Id("publishInProcess").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("msgs").Index().Qual(s.messagePkg(), "Message")).Error().Block(
		jen.For(jen.List(jen.Id("_"), jen.Id("m")).Op(":=").Range().Id("msgs")).Block(
			jen.If(jen.Err().Op(":=").Add(deliver).Call(jen.Id("ctx"), jen.Id("m")), jen.Err().Op("!=").Nil()).Block(
				part("Logger").Dot("Error").Call(jen.Lit("handling an event failed"), jen.Lit("type"), jen.Id("m").Dot("Type"), jen.Lit("id"), jen.Id("m").Dot("ID"), jen.Lit("error"), jen.Err()),
			),
		),
		jen.Return(jen.Nil()),
	)
}

func (s *service) mainFile() {
	path := s.pkg("cmd/" + s.c.Kebab())
	f := newFile(path, "main", genfile.Generated)
	f.ImportName(s.servicePkg(), "service")
	f.ImportName(s.runnerPkg(), "runner")
	pkgDoc(f, "Command %s runs the %s service until SIGINT or SIGTERM. Configure it with environment variables: HTTP_ADDR (default :8080); HTTP_MAX_BODY_BYTES (default 1000000: a larger request body is answered 413); SHUTDOWN_TIMEOUT (default 10s: how long requests in flight may take to finish at a stop); DATABASE_URL (postgres://... or mysql://user:pass@host:port/db; without it data stays in memory); KAFKA_BROKERS (comma-separated; without it events stay in process), KAFKA_PARTITIONS and KAFKA_REPLICATION_FACTOR for the topics it creates, KAFKA_RETRY_BACKOFF_MAX (default 30s: the longest wait between retries of an event that failed for a passing reason), KAFKA_SASL_* and KAFKA_TLS* for a secured cluster; TLS_CERT_FILE and TLS_KEY_FILE for HTTPS, CORS_ORIGINS, ADMIN_ADDR for the metrics; LOG_LEVEL (default info) and ACCESS_LOG_LEVEL (default info, or off); OTEL_TRACES_EXPORTER, OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_TRACES_SAMPLER and the other OTEL_* variables for tracing (off when unset); AUTH_MODE (none, or jwt with AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL or AUTH_JWKS_FILE: a command needs its actor's role).%s%s", s.c.Kebab(), s.c.Name, s.registryDoc(), s.snapshotDoc())
	var register []jen.Code
	if s.registersSchemas() {
		f.ImportName(s.schemasPkg(), "events")
		register = append(register, jen.If(jen.Len(jen.Qual("os", "Args")).Op("==").Lit(2).Op("&&").Qual("os", "Args").Index(jen.Lit(1)).Op("==").Lit(registerSchemasArg)).Block(
			jen.Qual("os", "Exit").Call(jen.Qual(s.runnerPkg(), "RegisterSchemas").Call(jen.Lit(s.c.Kebab()), jen.Qual(s.schemasPkg(), "Published"))),
		))
	}
	f.Func().Id("main").Params().Block(append(register,
		jen.Qual("os", "Exit").Call(jen.Qual(s.runnerPkg(), "Main").Call(jen.Lit(s.c.Kebab()), jen.Qual(s.servicePkg(), "ConfigFromEnv"), jen.Qual(s.servicePkg(), "New"))),
	)...)
	s.add("cmd/"+s.c.Kebab()+"/main.go", genfile.Generated, f)
}

// configDecl declares the service's configuration, the runtime's, and its
// reading from the environment.
func (s *service) configDecl(f *jen.File) {
	doc(f, "Config is the service's configuration: HTTP_ADDR, DATABASE_URL and the KAFKA_* variables.")
	f.Type().Id("Config").Op("=").Qual(s.configPkg(), "Service")
	f.Line()
	doc(f, "ConfigFromEnv reads the configuration from the environment.")
	f.Func().Id("ConfigFromEnv").Params().Params(jen.Id("Config"), jen.Error()).Block(
		jen.Return(jen.Qual(s.configPkg(), "FromEnv").Call()),
	)
	f.Line()
}
