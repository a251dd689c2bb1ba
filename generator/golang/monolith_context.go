package golang

import (
	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/generator/ir"
	"eventstorm/model/names"
)

// This file holds what a context's service package has in the monolith
// layout beyond what a service has: Start, which runs the context's events
// without an HTTP server of its own, Deliver, the in-process bus's way in,
// and metrics labelled with the context; and the context's public package,
// all the monolith's main sees of it.

// facadePkg is the import path of the context's public package: the
// context's folder itself, internal/<context>, whose internal/ folder no
// other context may import from.
func (s *service) facadePkg() string { return s.x.Module }

// facadeName is the Go name of the context's public package.
func (s *service) facadeName() string { return names.Package(s.c.Base()) }

// monolithMetrics registers the context's Kafka metrics labelled with the
// context, so that the monolith's one /metrics tells the contexts apart.
func (s *service) monolithMetrics() []jen.Code {
	return []jen.Code{
		jen.Id("svc").Dot("registry").Op("=").Id("registry"),
		part("Metrics").Op("=").Qual(s.kafkaPkg(), "NewMetrics").Call(
			jen.Qual(promPkg, "WrapRegistererWith").Call(jen.Qual(promPkg, "Labels").Values(jen.Lit("context").Op(":").Lit(s.c.Kebab())), jen.Id("registry")),
			jen.Id("topology"),
		),
	}
}

// monolithRun emits Start, the context's events (Kafka, or the relay to a
// publisher the monolith gives), Run, which serves the context alone as a
// service would (its tests run it), and, for a context that reads events,
// Deliver.
func (s *service) monolithRun(f *jen.File) {
	starts := s.x.Records || s.x.Reads
	if starts {
		s.startFunc(f)
		f.Line()
	}
	var body []jen.Code
	if starts {
		args := []jen.Code{jen.Id("ctx")}
		if s.x.Records {
			inProcess := jen.Qual(s.messagePkg(), "Discard")
			if s.x.Reads {
				inProcess = jen.Id("svc").Dot("publishInProcess")
			}
			args = append(args, inProcess)
		}
		body = append(body,
			jen.List(jen.Id("stop"), jen.Err()).Op(":=").Id("svc").Dot("Start").Call(args...),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.Defer().Id("stop").Call(),
		)
	}
	body = append(body, jen.Return(jen.Qual(s.runnerPkg(), "Run").Call(jen.Id("ctx"), part("RunConfig").Call(part("Config").Dot("HTTPAddr")))))
	doc(f, "Run serves the context alone, as its own service would: its HTTP API on cfg.HTTPAddr and its events (see Start), with its own events reaching its own policies and read models when there is no broker, until ctx is done; then it finishes the requests in flight, for at most SHUTDOWN_TIMEOUT, 10 seconds by default. The monolith serves every context on one server instead; Run is for the context's tests.")
	f.Func().Params(jen.Id("svc").Op("*").Id("Service")).Id("Run").Params(jen.Id("ctx").Qual("context", "Context")).Error().Block(body...)
	if s.x.Reads {
		f.Line()
		s.deliverFunc(f)
	}
	if s.x.Records && s.x.Reads {
		f.Line()
		s.publishInProcessFunc(f, "the context's own policies and read models, for Run", jen.Id("svc").Dot("Deliver"))
	}
	if s.x.Records || s.x.Reads {
		f.Line()
		s.checksFunc(f)
		f.Line()
		doc(f, "Metrics gathers the context's metrics, each labelled context=%q, for the monolith's GET /metrics.", s.c.Kebab())
		f.Func().Params(jen.Id("svc").Op("*").Id("Service")).Id("Metrics").Params().Qual(promPkg, "Gatherer").Block(jen.Return(jen.Id("svc").Dot("registry")))
	}
}

// startFunc emits Start: with Kafka brokers the context connects, creates
// its topics, uses the schema registry when one is configured, consumes in its own group and publishes its outbox to Kafka,
// exactly as its service does; without, its relay hands the outbox to the
// publisher it is given. The function Start returns stops the relay first,
// so that the events of requests finished meanwhile are handed on, then
// the consumer, then the Kafka client.
func (s *service) startFunc(f *jen.File) {
	params := []jen.Code{jen.Id("ctx").Qual("context", "Context")}
	if s.x.Records {
		params = append(params, jen.Id("publish").Qual(s.messagePkg(), "Publisher"))
	}
	kafkaBody := []jen.Code{
		jen.List(jen.Id("client"), jen.Err()).Op(":=").Qual(s.kafkaPkg(), "Connect").Call(jen.Id("ctx"), part("Config").Dot("Kafka"), jen.Id("topology"), part("Logger"), part("Metrics")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		// With SCHEMA_REGISTRY_URL: its schemas registered, its records
		// framed in the registry's wire format.
		jen.If(jen.Err().Op(":=").Add(part("UseRegistry")).Call(jen.Id("ctx"), jen.Id("client")), jen.Err().Op("!=").Nil()).Block(
			jen.Id("client").Dot("Close").Call(),
			jen.Return(jen.Nil(), jen.Err()),
		),
	}
	check := func(name string, fn jen.Code) jen.Code {
		return jen.Qual(s.httpxPkg(), "Check").Values(jen.Dict{jen.Id("Name"): jen.Lit(s.c.Kebab() + " " + name), jen.Id("Check"): fn})
	}
	kafkaBody = append(kafkaBody, jen.Id("svc").Dot("kafkaChecks").Op("=").Append(jen.Id("svc").Dot("kafkaChecks"), check("kafka", jen.Id("client").Dot("Ping"))))
	if s.x.Reads {
		kafkaBody = append(kafkaBody, jen.Id("svc").Dot("kafkaChecks").Op("=").Append(jen.Id("svc").Dot("kafkaChecks"), check("consumer", jen.Id("client").Dot("Check"))))
	}
	if s.x.Records {
		kafkaBody = append(kafkaBody, jen.Id("publish").Op("=").Id("client").Dot("Publisher").Call().Dot("Publish"))
	}
	stopKafka := []jen.Code{jen.Id("client").Dot("Close").Call()}
	if s.x.Reads {
		kafkaBody = append(kafkaBody,
			jen.List(jen.Id("consumeCtx"), jen.Id("stopConsuming")).Op(":=").Qual("context", "WithCancel").Call(jen.Qual("context", "Background").Call()),
			jen.Id("consumed").Op(":=").Make(jen.Chan().Struct()),
			jen.Go().Func().Params().Block(
				jen.Defer().Close(jen.Id("consumed")),
				jen.Id("client").Dot("Consume").Call(jen.Id("consumeCtx"), part("Inbox"), part("Dispatch")),
			).Call(),
		)
		stopKafka = []jen.Code{jen.Id("stopConsuming").Call(), jen.Op("<-").Id("consumed"), jen.Id("client").Dot("Close").Call()}
	}
	kafkaBody = append(kafkaBody, jen.Id("stopKafka").Op("=").Func().Params().Block(stopKafka...))
	body := []jen.Code{
		jen.Id("stopKafka").Op(":=").Func().Params().Block(),
		jen.If(jen.Len(part("Config").Dot("Kafka").Dot("Brokers")).Op(">").Lit(0)).Block(kafkaBody...),
	}
	what := "reads events from Kafka in its own consumer group, as its service does; without, the monolith hands it events with Deliver"
	if s.x.Records {
		what = "publishes its outbox to Kafka, as its service does; without, its outbox relay hands recorded events to publish, the monolith's in-process bus"
		if s.x.Reads {
			what = "consumes in its own consumer group and publishes its outbox to Kafka, as its service does; without, its outbox relay hands recorded events to publish, the monolith's in-process bus, and the bus hands it events with Deliver"
		}
		body = append(body,
			jen.List(jen.Id("relayCtx"), jen.Id("stopRelay")).Op(":=").Qual("context", "WithCancel").Call(jen.Qual("context", "Background").Call()),
			jen.Id("relayed").Op(":=").Make(jen.Chan().Struct()),
			jen.Go().Func().Params().Block(
				jen.Defer().Close(jen.Id("relayed")),
				part("Relay").Dot("Relay").Call(jen.Id("relayCtx"), jen.Id("publish"), part("Logger")),
			).Call(),
			jen.Return(jen.Func().Params().Block(
				jen.Id("stopRelay").Call(),
				jen.Op("<-").Id("relayed"),
				jen.Id("stopKafka").Call(),
			), jen.Nil()),
		)
	} else {
		body = append(body, jen.Return(jen.Id("stopKafka"), jen.Nil()))
	}
	doc(f, "Start starts the context's events beside its HTTP API: with Kafka brokers configured it connects and creates its topics when missing, then %s. The function it returns stops them: first the relay, so that the events of requests finished meanwhile are handed on, then the consumer, then the Kafka client.", what)
	f.Func().Params(jen.Id("svc").Op("*").Id("Service")).Id("Start").Params(params...).Params(jen.Func().Params(), jen.Error()).Block(body...)
}

// deliverFunc emits Deliver, by which the monolith's in-process bus hands
// the context an event, through its inbox and dispatcher as its Kafka
// consumer would.
func (s *service) deliverFunc(f *jen.File) {
	types := jen.Dict{}
	for _, e := range s.x.Consumed {
		types[jen.Lit(ir.EventType(s.m, e))] = jen.True()
	}
	doc(f, "readTypes are the types (ce_type) of the events the context reads.")
	f.Var().Id("readTypes").Op("=").Map(jen.String()).Bool().Values(types)
	f.Line()
	doc(f, "Deliver hands an event from the monolith's in-process bus to the context's policies and read models, through its inbox as its Kafka consumer would, in the span of its handling: an event handled before is skipped, and one of a type the context does not read is ignored.")
	f.Func().Params(jen.Id("svc").Op("*").Id("Service")).Id("Deliver").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("m").Qual(s.messagePkg(), "Message")).Error().Block(
		jen.If(jen.Op("!").Id("readTypes").Index(jen.Id("m").Dot("Type"))).Block(jen.Return(jen.Nil())),
		jen.Return(part("Deliver").Call(jen.Id("ctx"), jen.Id("m"))),
	)
}

// facade emits the context's public package, internal/<context>: the
// monolith's main imports it, and it alone, of the context.
func (s *service) facade() {
	f := newFile(s.facadePkg(), s.facadeName(), genfile.Generated)
	f.ImportName(s.servicePkg(), "service")
	pkgDoc(f, "Package %s is the %s bounded context as a module of the %s monolith. Its insides, the same hexagon as its service's in the services layout, are under internal/, where Go lets no other context import them; this package is all the monolith's main sees of it.", s.facadeName(), s.c.Name, s.m.System)
	doc(f, "Service is the context, wired: see New.")
	f.Type().Id("Service").Op("=").Qual(s.servicePkg(), "Service")
	f.Line()
	doc(f, "Config is the context's configuration.")
	f.Type().Id("Config").Op("=").Qual(s.servicePkg(), "Config")
	f.Line()
	doc(f, "ConfigFromEnv reads the context's configuration from the environment, as its service would.")
	f.Func().Id("ConfigFromEnv").Params().Params(jen.Id("Config"), jen.Error()).Block(jen.Return(jen.Qual(s.servicePkg(), "ConfigFromEnv").Call()))
	f.Line()
	doc(f, "New wires the context. With a DATABASE_URL it opens the database and brings its tables up to the model; without one it keeps its data in memory.")
	f.Func().Id("New").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("cfg").Id("Config"), jen.Id("logger").Op("*").Qual("log/slog", "Logger")).Params(jen.Op("*").Id("Service"), jen.Error()).Block(
		jen.Return(jen.Qual(s.servicePkg(), "New").Call(jen.Id("ctx"), jen.Id("cfg"), jen.Id("logger"))),
	)
	s.add("module_gen.go", genfile.Generated, f)
}

// checksFunc emits Checks, the context's readiness checks for the
// monolith's GET /readyz.
func (s *service) checksFunc(f *jen.File) {
	body := []jen.Code{jen.Var().Id("checks").Index().Qual(s.httpxPkg(), "Check")}
	if s.x.Stores {
		body = append(body, jen.If(part("DB").Op("!=").Nil()).Block(
			jen.Id("checks").Op("=").Append(jen.Id("checks"), jen.Qual(s.httpxPkg(), "Check").Values(jen.Dict{
				jen.Id("Name"): jen.Lit(s.c.Kebab() + " database"), jen.Id("Check"): part("DB").Dot("Ping"),
			})),
		))
	}
	body = append(body, jen.Return(jen.Append(jen.Id("checks"), jen.Id("svc").Dot("kafkaChecks").Op("..."))))
	doc(f, "Checks are the context's readiness checks for the monolith's GET /readyz: its database's, if it has one, and, once Start has connected, Kafka's%s.", map[bool]string{true: " and its consumer's", false: ""}[s.x.Reads])
	f.Func().Params(jen.Id("svc").Op("*").Id("Service")).Id("Checks").Params().Index().Qual(s.httpxPkg(), "Check").Block(body...)
}
