package golang

import (
	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/model"
)

func (s *service) servicePkg() string { return s.pkg("internal/service") }

// wiring emits the composition root: configuration from the environment,
// the adapters, use cases and ports wired together, and a Run that serves
// until its context ends and then shuts down gracefully.
func (s *service) wiring() {
	hasOutbox := len(s.c.Aggregates) > 0
	consumes := len(s.consumed()) > 0
	f := newFile(s.servicePkg(), "service", genfile.Generated)
	for path, name := range map[string]string{
		s.commandPkg(): "command", s.queryPkg(): "query", s.projectionPkg(): "projection",
		s.policyPkg(): "policy", s.consumerPkg(): "consumer", s.httpPkg(): "httpapi",
		s.memoryPkg(): "memory", s.messagePkg(): "message", s.kafkaPkg(): "kafka",
		s.sqlPkg(): "sqldb",
	} {
		f.ImportName(path, name)
	}
	pkgDoc(f, "Package service wires the %s service: it reads the configuration, chooses the adapters, builds the use cases and ports, and runs them.", s.c.Name)
	hasKafka := hasOutbox || consumes
	usesDB := s.usesDB()
	s.configDecl(f, hasKafka, usesDB)
	fields := []jen.Code{
		jen.Id("cfg").Id("Config"),
		jen.Id("logger").Op("*").Qual("log/slog", "Logger"),
		jen.Id("handler").Qual("net/http", "Handler"),
		jen.Id("ready").Qual("sync/atomic", "Bool"),
	}
	if usesDB {
		fields = append(fields, jen.Id("db").Op("*").Qual(s.sqlPkg(), "DB"))
	}
	if hasOutbox {
		fields = append(fields, jen.Id("relay").Id("relay"))
	}
	if consumes {
		fields = append(fields,
			jen.Id("dispatch").Qual(s.messagePkg(), "Handler"),
			jen.Id("inbox").Qual(s.kafkaPkg(), "Inbox"),
		)
	}
	if hasKafka {
		fields = append(fields, jen.Id("metrics").Op("*").Qual(s.kafkaPkg(), "Metrics"))
		if s.layout == LayoutMonolith {
			fields = append(fields, jen.Id("registry").Op("*").Qual(promPkg, "Registry"))
		}
	}
	doc(f, "Service is the %s service, wired and ready to run.", s.c.Name)
	f.Type().Id("Service").Struct(fields...)
	f.Line()

	body := []jen.Code{jen.Id("svc").Op(":=").Op("&").Id("Service").Values(kv("cfg", jen.Id("cfg")), kv("logger", jen.Id("logger")))}
	app := []jen.Code{
		kv("Logger", jen.Id("logger")),
		kv("Ready", jen.Id("svc").Dot("ready").Dot("Load")),
	}
	if usesDB {
		body = append(body,
			jen.Var().Id("a").Id("adapters"),
			jen.If(jen.Id("cfg").Dot("DatabaseURL").Op("==").Lit("")).Block(
				jen.Id("a").Op("=").Id("memoryAdapters").Call(),
			).Else().Block(
				jen.List(jen.Id("db"), jen.Err()).Op(":=").Qual(s.sqlPkg(), "Open").Call(jen.Id("ctx"), jen.Id("cfg").Dot("DatabaseURL")),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
				jen.Id("svc").Dot("db").Op("=").Id("db"),
				jen.Id("a").Op("=").Id("sqlAdapters").Call(jen.Id("db")),
			),
		)
	}
	if hasOutbox {
		body = append(body, jen.Id("svc").Dot("relay").Op("=").Id("a").Dot("relay"))
	}
	if hasKafka {
		body = append(body, jen.Id("registry").Op(":=").Qual(promPkg, "NewRegistry").Call())
		if s.layout == LayoutMonolith {
			body = append(body, s.monolithMetrics()...)
		} else {
			body = append(body, jen.Id("svc").Dot("metrics").Op("=").Qual(s.kafkaPkg(), "NewMetrics").Call(jen.Id("registry")))
		}
		app = append(app, kv("Metrics", jen.Qual(promPkg+"/promhttp", "HandlerFor").Call(jen.Id("registry"), jen.Qual(promPkg+"/promhttp", "HandlerOpts").Values())))
	}
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
			app = append(app, kv(c.Ident(), jen.Id(h)))
		}
		app = append(app, kv(getQueryField(a), jen.Qual(s.queryPkg(), "New"+getHandlerType(a)).Call(jen.Id(repo))))
	}
	var dispatchArgs []jen.Code
	for _, r := range s.c.ReadModels {
		store := field(r.Base()) + "Store"
		body = append(body, jen.Id(store).Op(":=").Id("a").Dot(store))
		app = append(app, kv(r.Ident(), jen.Qual(s.queryPkg(), "New"+rowHandlerType(r)).Call(jen.Id(store))))
		dispatchArgs = append(dispatchArgs, jen.Qual(s.projectionPkg(), "New"+r.Ident()).Call(jen.Id(store)))
	}
	for _, p := range s.c.Policies {
		dispatchArgs = append(dispatchArgs, jen.Qual(s.policyPkg(), "New"+p.Ident()).Call(jen.Id(handlers[p.Command()])))
	}
	if consumes {
		body = append(body,
			jen.Id("svc").Dot("dispatch").Op("=").Qual(s.consumerPkg(), "NewDispatcher").Call(dispatchArgs...).Dot("Handle"),
			jen.Id("svc").Dot("inbox").Op("=").Id("a").Dot("inbox"),
		)
	}
	body = append(body,
		jen.Id("svc").Dot("handler").Op("=").Qual(s.httpPkg(), "NewHandler").Call(jen.Op("&").Qual(s.httpPkg(), "App").Values(app...)),
		jen.Return(jen.Id("svc"), jen.Nil()),
	)
	newDoc := "New wires the service. With a DATABASE_URL it opens the database and brings its tables up to the model; without one it keeps its data in memory and runs alone, with no infrastructure. Without Kafka brokers its own events reach its own policies and read models through an in-process bus."
	if s.layout == LayoutMonolith {
		newDoc = "New wires the context. With a DATABASE_URL it opens the database and brings its tables up to the model; without one it keeps its data in memory. The monolith starts its events with Start and serves its routes on the one server of all contexts; Run serves it alone."
	}
	doc(f, "%s", newDoc)
	f.Func().Id("New").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("cfg").Id("Config"), jen.Id("logger").Op("*").Qual("log/slog", "Logger")).Params(jen.Op("*").Id("Service"), jen.Error()).Block(body...)
	f.Line()
	doc(f, "Close releases the service's database connections, if it has any.")
	closeBody := []jen.Code{jen.Return(jen.Nil())}
	if usesDB {
		closeBody = []jen.Code{
			jen.If(jen.Id("svc").Dot("db").Op("==").Nil()).Block(jen.Return(jen.Nil())),
			jen.Return(jen.Id("svc").Dot("db").Dot("Close").Call()),
		}
	}
	f.Func().Params(jen.Id("svc").Op("*").Id("Service")).Id("Close").Params().Error().Block(closeBody...)
	f.Line()
	doc(f, "Handler is the service's HTTP API.")
	f.Func().Params(jen.Id("svc").Op("*").Id("Service")).Id("Handler").Params().Qual("net/http", "Handler").Block(jen.Return(jen.Id("svc").Dot("handler")))
	f.Line()
	if s.layout == LayoutMonolith {
		s.monolithRun(f, hasOutbox, consumes)
	} else {
		s.runFunc(f, hasOutbox, consumes)
	}
	s.add("internal/service/service_gen.go", genfile.Generated, f)
	s.adaptersFile(hasOutbox, consumes)
	if s.layout == LayoutMonolith {
		s.facade(hasOutbox, consumes)
	} else {
		s.mainFile()
	}
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

func (s *service) runFunc(f *jen.File, hasOutbox, consumes bool) {
	var body []jen.Code
	if hasOutbox {
		inProcess := jen.Func().Params(jen.Qual("context", "Context"), jen.Index().Qual(s.messagePkg(), "Message")).Error().Block(jen.Return(jen.Nil()))
		if consumes {
			inProcess = jen.Id("svc").Dot("publishInProcess")
		}
		body = append(body, jen.Var().Id("publish").Qual(s.messagePkg(), "Publisher").Op("=").Add(inProcess))
	}
	if hasOutbox || consumes {
		kafkaBody := []jen.Code{
			jen.List(jen.Id("client"), jen.Err()).Op(":=").Qual(s.kafkaPkg(), "Dial").Call(jen.Id("svc").Dot("cfg").Dot("Kafka"), jen.Id("svc").Dot("logger"), jen.Id("svc").Dot("metrics")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.Defer().Id("client").Dot("Close").Call(),
			jen.If(jen.Err().Op(":=").Id("client").Dot("EnsureTopics").Call(jen.Id("ctx")), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("kafka: %w"), jen.Err())),
			),
		}
		if hasOutbox {
			kafkaBody = append(kafkaBody, jen.Id("publish").Op("=").Id("client").Dot("Publish"))
		}
		if consumes {
			kafkaBody = append(kafkaBody,
				jen.Comment("The consumer stops after the relay and before the client closes."),
				jen.List(jen.Id("consumeCtx"), jen.Id("stopConsuming")).Op(":=").Qual("context", "WithCancel").Call(jen.Qual("context", "Background").Call()),
				jen.Id("consumed").Op(":=").Make(jen.Chan().Struct()),
				jen.Go().Func().Params().Block(
					jen.Defer().Close(jen.Id("consumed")),
					jen.Id("client").Dot("Consume").Call(jen.Id("consumeCtx"), jen.Id("svc").Dot("inbox"), jen.Id("svc").Dot("dispatch")),
				).Call(),
				jen.Defer().Func().Params().Block(
					jen.Id("stopConsuming").Call(),
					jen.Op("<-").Id("consumed"),
				).Call(),
			)
		}
		body = append(body, jen.If(jen.Len(jen.Id("svc").Dot("cfg").Dot("Kafka").Dot("Brokers")).Op(">").Lit(0)).Block(kafkaBody...))
	}
	var background []jen.Code
	if hasOutbox {
		// The relay outlives ctx so that events recorded by requests still
		// in flight during shutdown are handed on.
		background = append(background,
			jen.List(jen.Id("relayCtx"), jen.Id("stopRelay")).Op(":=").Qual("context", "WithCancel").Call(jen.Qual("context", "Background").Call()),
			jen.Defer().Id("stopRelay").Call(),
			jen.Go().Id("svc").Dot("relay").Dot("Relay").Call(jen.Id("relayCtx"), jen.Id("publish"), jen.Id("svc").Dot("logger")),
		)
	}
	body = append(body, serveUntilDone("svc", jen.Id("svc").Dot("cfg").Dot("HTTPAddr"), background)...)
	doc(f, "Run connects to Kafka when brokers are configured, serves the HTTP API and relays recorded events until ctx is done, then stops taking requests and finishes those in flight, for at most 10 seconds.")
	f.Func().Params(jen.Id("svc").Op("*").Id("Service")).Id("Run").Params(jen.Id("ctx").Qual("context", "Context")).Error().Block(body...)
	if hasOutbox && consumes {
		f.Line()
		s.publishInProcessFunc(f, "the service's own policies and read models", jen.Id("svc").Dot("dispatch"))
	}
}

// publishInProcessFunc declares publishInProcess, which hands recorded
// events to deliver, for the readers named.
func (s *service) publishInProcessFunc(f *jen.File, readers string, deliver jen.Code) {
	doc(f, "publishInProcess hands recorded events to %s. A failure is logged, not retried: with no broker there is no redelivery.", readers)
	f.Func().Params(jen.Id("svc").Op("*").Id("Service")).Id("publishInProcess").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("msgs").Index().Qual(s.messagePkg(), "Message")).Error().Block(
		jen.For(jen.List(jen.Id("_"), jen.Id("m")).Op(":=").Range().Id("msgs")).Block(
			jen.If(jen.Err().Op(":=").Add(deliver).Call(jen.Id("ctx"), jen.Id("m")), jen.Err().Op("!=").Nil()).Block(
				jen.Id("svc").Dot("logger").Dot("Error").Call(jen.Lit("handling an event failed"), jen.Lit("type"), jen.Id("m").Dot("Type"), jen.Lit("id"), jen.Id("m").Dot("ID"), jen.Lit("error"), jen.Err()),
			),
		),
		jen.Return(jen.Nil()),
	)
}

// serveUntilDone is the end of a Run method on recv, whose handler, logger
// and ready fields it uses: listen on addr, start the background work, serve
// until ctx is done, then stop taking requests and finish those in flight,
// for at most 10 seconds.
func serveUntilDone(recv string, addr jen.Code, background []jen.Code) []jen.Code {
	body := []jen.Code{
		jen.Id("server").Op(":=").Op("&").Qual("net/http", "Server").Values(
			kv("Addr", addr),
			kv("Handler", jen.Id(recv).Dot("handler")),
			kv("ReadHeaderTimeout", jen.Lit(10).Op("*").Qual("time", "Second")),
		),
		jen.Id("listener").Op(",").Err().Op(":=").Qual("net", "Listen").Call(jen.Lit("tcp"), jen.Id("server").Dot("Addr")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Id(recv).Dot("logger").Dot("Info").Call(jen.Lit("listening"), jen.Lit("addr"), jen.Id("listener").Dot("Addr").Call().Dot("String").Call()),
	}
	body = append(body, background...)
	return append(body,
		jen.Id(recv).Dot("ready").Dot("Store").Call(jen.True()),
		jen.Id("served").Op(":=").Make(jen.Chan().Error(), jen.Lit(1)),
		jen.Go().Func().Params().Block(jen.Id("served").Op("<-").Id("server").Dot("Serve").Call(jen.Id("listener"))).Call(),
		jen.Select().Block(
			jen.Case(jen.Err().Op(":=").Op("<-").Id("served")).Block(jen.Return(jen.Err())),
			jen.Case(jen.Op("<-").Id("ctx").Dot("Done").Call()),
		),
		jen.Id(recv).Dot("logger").Dot("Info").Call(jen.Lit("shutting down")),
		jen.Id(recv).Dot("ready").Dot("Store").Call(jen.False()),
		jen.List(jen.Id("shutdownCtx"), jen.Id("cancel")).Op(":=").Qual("context", "WithTimeout").Call(jen.Qual("context", "Background").Call(), jen.Lit(10).Op("*").Qual("time", "Second")),
		jen.Defer().Id("cancel").Call(),
		jen.Return(jen.Id("server").Dot("Shutdown").Call(jen.Id("shutdownCtx"))),
	)
}

func (s *service) mainFile() {
	path := s.pkg("cmd/" + s.c.Kebab())
	f := newFile(path, "main", genfile.Generated)
	f.ImportName(s.servicePkg(), "service")
	pkgDoc(f, "Command %s runs the %s service. Configure it with environment variables: HTTP_ADDR (default :8080); DATABASE_URL (postgres://... or mysql://user:pass@host:port/db; without it data stays in memory); KAFKA_BROKERS (comma-separated; without it events stay in process), KAFKA_PARTITIONS and KAFKA_REPLICATION_FACTOR for the topics it creates.", s.c.Kebab(), s.c.Name)
	f.Func().Id("main").Params().Block(jen.Qual("os", "Exit").Call(jen.Id("run").Call()))
	f.Line()
	doc(f, "run runs the service until SIGINT or SIGTERM and returns the exit code.")
	f.Func().Id("run").Params().Int().Block(
		jen.Id("logger").Op(":=").Qual("log/slog", "New").Call(jen.Qual("log/slog", "NewJSONHandler").Call(jen.Qual("os", "Stdout"), jen.Nil())).Dot("With").Call(jen.Lit("service"), jen.Lit(s.c.Kebab())),
		jen.List(jen.Id("ctx"), jen.Id("stop")).Op(":=").Qual("os/signal", "NotifyContext").Call(jen.Qual("context", "Background").Call(), jen.Qual("os", "Interrupt"), jen.Qual("syscall", "SIGTERM")),
		jen.Defer().Id("stop").Call(),
		jen.List(jen.Id("cfg"), jen.Err()).Op(":=").Qual(s.servicePkg(), "ConfigFromEnv").Call(),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Id("logger").Dot("Error").Call(jen.Lit("bad configuration"), jen.Lit("error"), jen.Err()),
			jen.Return(jen.Lit(2)),
		),
		jen.List(jen.Id("svc"), jen.Err()).Op(":=").Qual(s.servicePkg(), "New").Call(jen.Id("ctx"), jen.Id("cfg"), jen.Id("logger")),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Id("logger").Dot("Error").Call(jen.Lit("start-up failed"), jen.Lit("error"), jen.Err()),
			jen.Return(jen.Lit(1)),
		),
		jen.Defer().Id("svc").Dot("Close").Call(),
		jen.If(jen.Err().Op(":=").Id("svc").Dot("Run").Call(jen.Id("ctx")), jen.Err().Op("!=").Nil()).Block(
			jen.Id("logger").Dot("Error").Call(jen.Lit("service failed"), jen.Lit("error"), jen.Err()),
			jen.Return(jen.Lit(1)),
		),
		jen.Return(jen.Lit(0)),
	)
	s.add("cmd/"+s.c.Kebab()+"/main.go", genfile.Generated, f)
}

// configDecl declares the service's configuration and its reading from the
// environment.
func (s *service) configDecl(f *jen.File, hasKafka, usesDB bool) {
	fields := []jen.Code{
		jen.Comment("HTTPAddr is the HTTP API's listen address (HTTP_ADDR, default :8080)."),
		jen.Id("HTTPAddr").String(),
	}
	if usesDB {
		fields = append(fields,
			jen.Comment("DatabaseURL is the database keeping the service's data (DATABASE_URL): postgres://user:pass@host:5432/db or mysql://user:pass@host:3306/db. Empty keeps it in memory."),
			jen.Id("DatabaseURL").String(),
		)
	}
	if hasKafka {
		fields = append(fields,
			jen.Comment("Kafka is how to reach Kafka (KAFKA_BROKERS, KAFKA_PARTITIONS, KAFKA_REPLICATION_FACTOR). With no brokers the service keeps its events in process."),
			jen.Id("Kafka").Qual(s.kafkaPkg(), "Config"),
		)
	}
	configValues := []jen.Code{kv("HTTPAddr", jen.Qual("os", "Getenv").Call(jen.Lit("HTTP_ADDR")))}
	if usesDB {
		configValues = append(configValues, kv("DatabaseURL", jen.Qual("os", "Getenv").Call(jen.Lit("DATABASE_URL"))))
	}
	doc(f, "Config is the service's configuration, read from the environment.")
	f.Type().Id("Config").Struct(fields...)
	f.Line()
	body := []jen.Code{
		jen.Id("cfg").Op(":=").Id("Config").Values(configValues...),
		jen.If(jen.Id("cfg").Dot("HTTPAddr").Op("==").Lit("")).Block(jen.Id("cfg").Dot("HTTPAddr").Op("=").Lit(":8080")),
	}
	if hasKafka {
		body = append(body,
			jen.If(jen.Id("brokers").Op(":=").Qual("os", "Getenv").Call(jen.Lit("KAFKA_BROKERS")), jen.Id("brokers").Op("!=").Lit("")).Block(
				jen.Id("cfg").Dot("Kafka").Dot("Brokers").Op("=").Qual("strings", "Split").Call(jen.Id("brokers"), jen.Lit(",")),
			),
			jen.List(jen.Id("partitions"), jen.Err()).Op(":=").Id("intFromEnv").Call(jen.Lit("KAFKA_PARTITIONS"), jen.Lit(3), jen.Lit(1), jen.Lit(10000)),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("cfg"), jen.Err())),
			jen.List(jen.Id("replication"), jen.Err()).Op(":=").Id("intFromEnv").Call(jen.Lit("KAFKA_REPLICATION_FACTOR"), jen.Lit(1), jen.Lit(1), jen.Lit(100)),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("cfg"), jen.Err())),
			jen.Id("cfg").Dot("Kafka").Dot("Partitions").Op("=").Int32().Call(jen.Id("partitions")),
			jen.Id("cfg").Dot("Kafka").Dot("ReplicationFactor").Op("=").Int16().Call(jen.Id("replication")),
		)
	}
	body = append(body, jen.Return(jen.Id("cfg"), jen.Nil()))
	doc(f, "ConfigFromEnv reads the configuration from the environment.")
	f.Func().Id("ConfigFromEnv").Params().Params(jen.Id("Config"), jen.Error()).Block(body...)
	f.Line()
	if hasKafka {
		doc(f, "intFromEnv reads a whole number from the environment variable name, def when unset; it must lie in [low, high].")
		f.Func().Id("intFromEnv").Params(jen.Id("name").String(), jen.List(jen.Id("def"), jen.Id("low"), jen.Id("high")).Int()).Params(jen.Int(), jen.Error()).Block(
			jen.Id("s").Op(":=").Qual("os", "Getenv").Call(jen.Id("name")),
			jen.If(jen.Id("s").Op("==").Lit("")).Block(jen.Return(jen.Id("def"), jen.Nil())),
			jen.List(jen.Id("n"), jen.Err()).Op(":=").Qual("strconv", "Atoi").Call(jen.Id("s")),
			jen.If(jen.Err().Op("!=").Nil().Op("||").Id("n").Op("<").Id("low").Op("||").Id("n").Op(">").Id("high")).Block(
				jen.Return(jen.Lit(0), jen.Qual("fmt", "Errorf").Call(jen.Lit("%s=%q: want a whole number from %d to %d"), jen.Id("name"), jen.Id("s"), jen.Id("low"), jen.Id("high"))),
			),
			jen.Return(jen.Id("n"), jen.Nil()),
		)
		f.Line()
	}
}
