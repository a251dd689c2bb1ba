package golang

import (
	"fmt"
	"slices"
	"strconv"

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

// facade writes the context's public package, internal/<context>: the
// monolith's main imports it, and it alone, of the context.
func (s *service) facade() {
	g := s.newSource(s.facadePkg(), s.facadeName(), genfile.Generated)
	g.importName(s.servicePkg(), "service")
	svc := func(name string) string { return g.q(s.servicePkg(), name) }
	g.packageDoc("Package %s is the %s bounded context as a module of the %s monolith. Its insides, the same hexagon as its service's in the services layout, are under internal/, where Go lets no other context import them; this package is all the monolith's main sees of it.", s.facadeName(), s.c.Name, s.m.System)
	g.comment("Service is the context, wired: see New.")
	g.line("type Service = %s", svc("Service"))
	g.line("")
	g.comment("Config is the context's configuration.")
	g.line("type Config = %s", svc("Config"))
	g.line("")
	g.comment("ConfigFromEnv reads the context's configuration from the environment, as its service would.")
	g.line("func ConfigFromEnv() (Config, error) {")
	g.line("return %s()", svc("ConfigFromEnv"))
	g.line("}")
	g.line("")
	g.comment("New wires the context. With a DATABASE_URL it opens the database and brings its tables up to the model; without one it keeps its data in memory.")
	g.line("func New(ctx %s, cfg Config, logger *%s) (*Service, error) {", g.q("context", "Context"), g.q("log/slog", "Logger"))
	g.line("return %s(ctx, cfg, logger)", svc("New"))
	g.line("}")
	s.addSource("module_gen.go", g)
}

// labelledRegistry is the registry of New wrapped to label what it
// registers with the context, in the monolith.
func (s *service) labelledRegistry(g *goSource) string {
	return fmt.Sprintf("%s(%s{%s: %s}, registry)", g.q(promPkg, "WrapRegistererWith"), g.q(promPkg, "Labels"), strconv.Quote("context"), strconv.Quote(s.c.Kebab()))
}

// monolithMetrics is it writes the
// registering of the context's Kafka metrics, labelled with the context.
func (s *service) monolithMetrics(g *goSource) {
	g.line("svc.registry = registry")
	g.line("svc.parts.Metrics = %s(%s, topology)", g.q(s.kafkaPkg(), "NewMetrics"), s.labelledRegistry(g))
}

// monolithRun is it writes Start, Run, which
// serves the context alone as a service would, and, as the context has
// events, Deliver, publishInProcess, Checks and Metrics.
func (s *service) monolithRun(g *goSource) {
	starts := s.x.Records || s.x.Reads
	if starts {
		s.startFunc(g)
		g.line("")
	}
	g.comment("Run serves the context alone, as its own service would: its HTTP API on cfg.HTTPAddr and its events (see Start), with its own events reaching its own policies and read models when there is no broker, until ctx is done; then it finishes the requests in flight, for at most SHUTDOWN_TIMEOUT, 10 seconds by default. The monolith serves every context on one server instead; Run is for the context's tests.")
	g.line("func (svc *Service) Run(ctx %s) error {", g.q("context", "Context"))
	if starts {
		args := "ctx"
		switch {
		case s.x.Records && s.x.Reads:
			args += ", svc.publishInProcess"
		case s.x.Records:
			args += ", " + g.q(s.messagePkg(), "Discard")
		}
		g.line("stop, err := svc.Start(%s)", args)
		g.line("if err != nil {")
		g.line("return err")
		g.line("}")
		g.line("defer stop()")
	}
	g.line("return %s(ctx, svc.parts.RunConfig(svc.parts.Config.HTTPAddr))", g.q(s.runnerPkg(), "Run"))
	g.line("}")
	if s.x.Reads {
		g.line("")
		s.deliverFunc(g)
	}
	if s.x.Records && s.x.Reads {
		g.line("")
		s.publishInProcessFunc(g, "the context's own policies and read models, for Run", "svc.Deliver")
	}
	if starts {
		g.line("")
		s.checksFunc(g)
		g.line("")
		g.comment("Metrics gathers the context's metrics, each labelled context=%q, for the monolith's GET /metrics.", s.c.Kebab())
		g.line("func (svc *Service) Metrics() %s {", g.q(promPkg, "Gatherer"))
		g.line("return svc.registry")
		g.line("}")
	}
}

// checkSource writes the append of a readiness check named name, run by
// fn, to the checks in list.
func (s *service) checkSource(g *goSource, list, name, fn string) {
	g.line("%s = append(%s, %s{", list, list, g.q(s.httpxPkg(), "Check"))
	g.keyed([]keyValue{{"Check", fn}, {"Name", strconv.Quote(s.c.Kebab() + " " + name)}})
	g.line("})")
}

// startFunc is it writes Start, which starts the
// context's events beside its HTTP API and returns the function that
// stops them.
func (s *service) startFunc(g *goSource) {
	what := "reads events from Kafka in its own consumer group, as its service does; without, the monolith hands it events with Deliver"
	if s.x.Records {
		what = "publishes its outbox to Kafka, as its service does; without, its outbox relay hands recorded events to publish, the monolith's in-process bus"
		if s.x.Reads {
			what = "consumes in its own consumer group and publishes its outbox to Kafka, as its service does; without, its outbox relay hands recorded events to publish, the monolith's in-process bus, and the bus hands it events with Deliver"
		}
	}
	g.comment("Start starts the context's events beside its HTTP API: with Kafka brokers configured it connects and creates its topics when missing, then %s. The function it returns stops them: first the relay, so that the events of requests finished meanwhile are handed on, then the consumer, then the Kafka client.", what)
	params := "ctx " + g.q("context", "Context")
	if s.x.Records {
		params += ", publish " + g.q(s.messagePkg(), "Publisher")
	}
	g.line("func (svc *Service) Start(%s) (func(), error) {", params)
	g.line("stopKafka := func() {}")
	g.line("if len(svc.parts.Config.Kafka.Brokers) > 0 {")
	s.startKafkaSource(g)
	g.line("}")
	if s.x.Records {
		g.line("relayCtx, stopRelay := %s(%s())", g.q("context", "WithCancel"), g.q("context", "Background"))
		g.line("relayed := make(chan struct{})")
		g.line("go func() {")
		g.line("defer close(relayed)")
		g.line("svc.parts.Relay.Relay(relayCtx, publish, svc.parts.Logger)")
		g.line("}()")
		g.line("return func() {")
		g.line("stopRelay()")
		g.line("<-relayed")
		g.line("stopKafka()")
		g.line("}, nil")
	} else {
		g.line("return stopKafka, nil")
	}
	g.line("}")
}

// startKafkaSource writes what Start does with Kafka brokers: connect,
// use the schema registry, check, publish and consume.
func (s *service) startKafkaSource(g *goSource) {
	g.line("client, err := %s(ctx, svc.parts.Config.Kafka, topology, svc.parts.Logger, svc.parts.Metrics)", g.q(s.kafkaPkg(), "Connect"))
	g.line("if err != nil {")
	g.line("return nil, err")
	g.line("}")
	g.line("if err := svc.parts.UseRegistry(ctx, client); err != nil {")
	g.line("client.Close()")
	g.line("return nil, err")
	g.line("}")
	s.checkSource(g, "svc.kafkaChecks", "kafka", "client.Ping")
	if s.x.Reads {
		s.checkSource(g, "svc.kafkaChecks", "consumer", "client.Check")
	}
	if s.x.Records {
		g.line("publish = client.Publisher().Publish")
	}
	if s.x.Reads {
		g.line("consumeCtx, stopConsuming := %s(%s())", g.q("context", "WithCancel"), g.q("context", "Background"))
		g.line("consumed := make(chan struct{})")
		g.line("go func() {")
		g.line("defer close(consumed)")
		g.line("client.Consume(consumeCtx, svc.parts.Inbox, svc.parts.Dispatch)")
		g.line("}()")
	}
	g.line("stopKafka = func() {")
	if s.x.Reads {
		g.line("stopConsuming()")
		g.line("<-consumed")
	}
	g.line("client.Close()")
	g.line("}")
}

// deliverFunc is it writes readTypes and Deliver,
// by which the monolith's in-process bus hands the context an event.
func (s *service) deliverFunc(g *goSource) {
	var types []string
	for _, e := range s.x.Consumed {
		types = append(types, strconv.Quote(ir.EventType(s.m, e)))
	}
	slices.Sort(types) // jen.Dict sorts its keys
	g.comment("readTypes are the types (ce_type) of the events the context reads.")
	if len(types) == 1 {
		g.line("var readTypes = map[string]bool{%s: true}", types[0])
	} else {
		g.line("var readTypes = map[string]bool{")
		items := make([]keyValue, len(types))
		for i, t := range types {
			items[i] = keyValue{t, "true"}
		}
		g.keyed(items)
		g.line("}")
	}
	g.line("")
	g.comment("Deliver hands an event from the monolith's in-process bus to the context's policies and read models, through its inbox as its Kafka consumer would, in the span of its handling: an event handled before is skipped, and one of a type the context does not read is ignored.")
	g.line("func (svc *Service) Deliver(ctx %s, m %s) error {", g.q("context", "Context"), g.q(s.messagePkg(), "Message"))
	g.line("if !readTypes[m.Type] {")
	g.line("return nil")
	g.line("}")
	g.line("return svc.parts.Deliver(ctx, m)")
	g.line("}")
}

// checksFunc is it writes Checks, the context's
// readiness checks for the monolith's GET /readyz.
func (s *service) checksFunc(g *goSource) {
	consumer := ""
	if s.x.Reads {
		consumer = " and its consumer's"
	}
	g.comment("Checks are the context's readiness checks for the monolith's GET /readyz: its database's, if it has one, and, once Start has connected, Kafka's%s.", consumer)
	check := g.q(s.httpxPkg(), "Check")
	g.line("func (svc *Service) Checks() []%s {", check)
	g.line("var checks []%s", check)
	if s.x.Stores {
		g.line("if svc.parts.DB != nil {")
		s.checkSource(g, "checks", "database", "svc.parts.DB.Ping")
		g.line("}")
	}
	g.line("return append(checks, svc.kafkaChecks...)")
	g.line("}")
}
