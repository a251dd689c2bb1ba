package golang

import (
	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/generator/ir"
	"eventstorm/model"
)

// Import paths of franz-go the generated tests use.
const (
	kgoPkg   = "github.com/twmb/franz-go/pkg/kgo"
	kfakePkg = "github.com/twmb/franz-go/pkg/kfake"
)

// kafkaTests emits the service's tests against an in-process
// Kafka-protocol broker (kfake): a created aggregate's event is published
// with its CloudEvents headers, and a record that cannot be read goes to
// the dead-letter topic.
func (s *service) kafkaTests() {
	creating := s.creatingCommand()
	consumed := s.x.Consumed
	if creating == nil && len(consumed) == 0 {
		return
	}
	f := testFile(s.servicePkg(), "service")
	f.ImportName(s.servicePkg(), "service")
	f.ImportName(s.kafkaPkg(), "kafka")
	f.ImportName(kgoPkg, "kgo")
	f.ImportName(kfakePkg, "kfake")
	s.startServiceHelper(f)
	f.Line()
	readRecordHelper(f)
	f.Line()
	headerHelper(f)
	if creating != nil {
		f.ImportName(s.examplesPkg(creating.Aggregate), aggregatePkgName(creating.Aggregate)+"test")
		f.Line()
		s.publishTest(f, creating)
	}
	if len(consumed) > 0 {
		f.Line()
		s.deadLetterTest(f, consumed[0])
	}
	s.add("internal/service/kafka_gen_test.go", genfile.Generated, f)
}

// creatingCommand returns the first command of the service that creates an
// aggregate, or nil.
func (s *service) creatingCommand() *model.Command {
	var creating *model.Command
	for _, a := range s.c.Aggregates {
		for _, c := range a.Commands {
			if c.Creates && creating == nil {
				creating = c
			}
		}
	}
	return creating
}

// startServiceHelper emits startService, which runs the service against an
// in-process broker and serves its HTTP API.
func (s *service) startServiceHelper(f *jen.File) {
	doc(f, "startService runs the service against an in-process Kafka-protocol broker until the test ends, and serves its HTTP API.")
	f.Func().Id("startService").Params(tT()).Params(jen.Index().String(), jen.Op("*").Qual("net/http/httptest", "Server")).Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.List(jen.Id("broker"), jen.Err()).Op(":=").Qual(kfakePkg, "NewCluster").Call(jen.Qual(kfakePkg, "Ports").Call(jen.Lit(0))),
		fatalErr(),
		jen.Id("t").Dot("Cleanup").Call(jen.Id("broker").Dot("Close")),
		jen.Id("cfg").Op(":=").Qual(s.servicePkg(), "Config").Add(lit(
			kv("HTTPAddr", jen.Lit("127.0.0.1:0")),
			kv("Kafka", jen.Qual(s.kafkaPkg(), "Config").Values(kv("Brokers", jen.Id("broker").Dot("ListenAddrs").Call()), kv("Partitions", jen.Lit(1)), kv("ReplicationFactor", jen.Lit(1)))),
		)),
		jen.List(jen.Id("ctx"), jen.Id("cancel")).Op(":=").Qual("context", "WithCancel").Call(jen.Qual("context", "Background").Call()),
		jen.List(jen.Id("svc"), jen.Err()).Op(":=").Qual(s.servicePkg(), "New").Call(jen.Id("ctx"), jen.Id("cfg"), jen.Qual("log/slog", "New").Call(jen.Qual("log/slog", "DiscardHandler"))),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("cancel").Call(), jen.Id("t").Dot("Fatal").Call(jen.Err())),
		jen.Id("t").Dot("Cleanup").Call(jen.Func().Params().Block(jen.Id("svc").Dot("Close").Call())),
		jen.Id("done").Op(":=").Make(jen.Chan().Error(), jen.Lit(1)),
		jen.Go().Func().Params().Block(jen.Id("done").Op("<-").Id("svc").Dot("Run").Call(jen.Id("ctx"))).Call(),
		jen.Id("t").Dot("Cleanup").Call(jen.Func().Params().Block(
			jen.Id("cancel").Call(),
			jen.Comment("A cancellation during start-up is a stop, not a failure."),
			jen.If(jen.Err().Op(":=").Op("<-").Id("done"), jen.Err().Op("!=").Nil().Op("&&").Op("!").Qual("errors", "Is").Call(jen.Err(), jen.Qual("context", "Canceled"))).Block(
				jen.Id("t").Dot("Errorf").Call(jen.Lit("Run: %v"), jen.Err()),
			),
		)),
		jen.Id("srv").Op(":=").Qual("net/http/httptest", "NewServer").Call(jen.Id("svc").Dot("Handler").Call()),
		jen.Id("t").Dot("Cleanup").Call(jen.Id("srv").Dot("Close")),
		jen.Return(jen.Id("broker").Dot("ListenAddrs").Call(), jen.Id("srv")),
	)
}

// readRecordHelper emits readRecord, which waits for a matching record on a
// topic.
func readRecordHelper(f *jen.File) {
	doc(f, "readRecord waits up to 20 seconds for a record on topic for which match is true.")
	f.Func().Id("readRecord").Params(tT(), jen.Id("brokers").Index().String(), jen.Id("topic").String(), jen.Id("match").Func().Params(jen.Op("*").Qual(kgoPkg, "Record")).Bool()).Op("*").Qual(kgoPkg, "Record").Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.List(jen.Id("client"), jen.Err()).Op(":=").Qual(kgoPkg, "NewClient").Call(
			jen.Qual(kgoPkg, "SeedBrokers").Call(jen.Id("brokers").Op("...")),
			jen.Qual(kgoPkg, "ConsumeTopics").Call(jen.Id("topic")),
			jen.Qual(kgoPkg, "ConsumeResetOffset").Call(jen.Qual(kgoPkg, "NewOffset").Call().Dot("AtStart").Call()),
		),
		fatalErr(),
		jen.Defer().Id("client").Dot("Close").Call(),
		jen.List(jen.Id("ctx"), jen.Id("cancel")).Op(":=").Qual("context", "WithTimeout").Call(jen.Qual("context", "Background").Call(), jen.Lit(20).Op("*").Qual("time", "Second")),
		jen.Defer().Id("cancel").Call(),
		jen.For().Block(
			jen.Id("fetches").Op(":=").Id("client").Dot("PollFetches").Call(jen.Id("ctx")),
			jen.If(jen.Id("ctx").Dot("Err").Call().Op("!=").Nil()).Block(
				jen.Id("t").Dot("Fatalf").Call(jen.Lit("no matching record on %s"), jen.Id("topic")),
			),
			jen.For(jen.Id("it").Op(":=").Id("fetches").Dot("RecordIter").Call(), jen.Op("!").Id("it").Dot("Done").Call(), jen.Empty()).Block(
				jen.If(jen.Id("r").Op(":=").Id("it").Dot("Next").Call(), jen.Id("match").Call(jen.Id("r"))).Block(jen.Return(jen.Id("r"))),
			),
		),
	)
}

// headerHelper emits header, which returns a record's header value.
func headerHelper(f *jen.File) {
	doc(f, "header returns a record's header value.")
	f.Func().Id("header").Params(jen.Id("r").Op("*").Qual(kgoPkg, "Record"), jen.Id("key").String()).String().Block(
		jen.For(jen.List(jen.Id("_"), jen.Id("h")).Op(":=").Range().Id("r").Dot("Headers")).Block(
			jen.If(jen.Id("h").Dot("Key").Op("==").Id("key")).Block(jen.Return(jen.String().Call(jen.Id("h").Dot("Value")))),
		),
		jen.Return(jen.Lit("")),
	)
}

// publishTest emits TestPublishesToKafka: the creating command's event is
// published to its topic, keyed by the new aggregate's id, with the
// CloudEvents headers.
func (s *service) publishTest(f *jen.File, creating *model.Command) {
	a := creating.Aggregate
	route := "/" + a.Kebab() + "/" + creating.Kebab()
	doc(f, "TestPublishesToKafka checks that %s publishes its event to %s, keyed by the new %s's id, with the CloudEvents headers.", creating.Name, ir.Topic(s.m, a), a.Name)
	f.Func().Id("TestPublishesToKafka").Params(tT()).Block(
		jen.List(jen.Id("brokers"), jen.Id("srv")).Op(":=").Id("startService").Call(jen.Id("t")),
		jen.List(jen.Id("resp"), jen.Err()).Op(":=").Qual("net/http", "Post").Call(jen.Id("srv").Dot("URL").Op("+").Lit(route), jen.Lit("application/json"), jen.Qual("strings", "NewReader").Call(s.exampleBody(creating))),
		fatalErr(),
		jen.Defer().Id("resp").Dot("Body").Dot("Close").Call(),
		jen.If(jen.Id("resp").Dot("StatusCode").Op("==").Qual("net/http", "StatusUnprocessableEntity")).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("a rule rejects the example of "+creating.Name+": keep "+s.examplePath(creating)+" valid")),
		),
		jen.Var().Id("created").Map(jen.String()).Any(),
		jen.If(jen.Err().Op(":=").Qual("encoding/json", "NewDecoder").Call(jen.Id("resp").Dot("Body")).Dot("Decode").Call(jen.Op("&").Id("created")), jen.Err().Op("!=").Nil().Op("||").Id("resp").Dot("StatusCode").Op("!=").Qual("net/http", "StatusCreated")).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("POST "+route+": %d %v %v"), jen.Id("resp").Dot("StatusCode"), jen.Id("created"), jen.Err()),
		),
		jen.Id("id").Op(":=").Qual("fmt", "Sprint").Call(jen.Id("created").Index(jen.Lit(a.IDField().JSON()))),
		jen.Id("r").Op(":=").Id("readRecord").Call(jen.Id("t"), jen.Id("brokers"), jen.Lit(ir.Topic(s.m, a)), jen.Func().Params(jen.Id("r").Op("*").Qual(kgoPkg, "Record")).Bool().Block(
			jen.Return(jen.String().Call(jen.Id("r").Dot("Key")).Op("==").Id("id")),
		)),
		jen.For(jen.List(jen.Id("key"), jen.Id("want")).Op(":=").Range().Map(jen.String()).String().Values(
			jen.Lit("ce_specversion").Op(":").Lit("1.0"),
			jen.Lit("ce_source").Op(":").Lit(ir.Source(s.m, s.c)),
			jen.Lit("content-type").Op(":").Lit("application/json"),
		)).Block(
			jen.If(jen.Id("got").Op(":=").Id("header").Call(jen.Id("r"), jen.Id("key")), jen.Id("got").Op("!=").Id("want")).Block(
				jen.Id("t").Dot("Errorf").Call(jen.Lit("header %s = %q, want %q"), jen.Id("key"), jen.Id("got"), jen.Id("want")),
			),
		),
		jen.If(jen.Id("header").Call(jen.Id("r"), jen.Lit("ce_id")).Op("==").Lit("").Op("||").Id("header").Call(jen.Id("r"), jen.Lit("ce_type")).Op("==").Lit("").Op("||").Op("!").Qual("encoding/json", "Valid").Call(jen.Id("r").Dot("Value"))).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit("record without ce_id, ce_type or a JSON value: %v %s"), jen.Id("r").Dot("Headers"), jen.Id("r").Dot("Value")),
		),
	)
}

// deadLetterTest emits TestDeadLettersPoison: a record on the topic of
// event e that is not an event's JSON goes to the dead-letter topic.
func (s *service) deadLetterTest(f *jen.File, e *model.Event) {
	topic := ir.Topic(s.m, e.Aggregate)
	doc(f, "TestDeadLettersPoison checks that a record that is not an event's JSON goes to the dead-letter topic with the error.")
	f.Func().Id("TestDeadLettersPoison").Params(tT()).Block(
		jen.List(jen.Id("brokers"), jen.Id("_")).Op(":=").Id("startService").Call(jen.Id("t")),
		jen.List(jen.Id("client"), jen.Err()).Op(":=").Qual(kgoPkg, "NewClient").Call(jen.Qual(kgoPkg, "SeedBrokers").Call(jen.Id("brokers").Op("..."))),
		fatalErr(),
		jen.Defer().Id("client").Dot("Close").Call(),
		jen.Id("poison").Op(":=").Op("&").Qual(kgoPkg, "Record").Add(lit(
			kv("Topic", jen.Lit(topic)),
			kv("Key", jen.Index().Byte().Call(jen.Lit("poison"))),
			kv("Value", jen.Index().Byte().Call(jen.Lit("not json"))),
			kv("Headers", jen.Index().Qual(kgoPkg, "RecordHeader").Values(
				jen.Values(kv("Key", jen.Lit("ce_type")), kv("Value", jen.Index().Byte().Call(jen.Lit(ir.EventType(s.m, e))))),
				jen.Values(kv("Key", jen.Lit("ce_id")), kv("Value", jen.Index().Byte().Call(jen.Lit("poison-1")))),
			)),
		)),
		jen.If(jen.Err().Op(":=").Id("client").Dot("ProduceSync").Call(jen.Qual("context", "Background").Call(), jen.Id("poison")).Dot("FirstErr").Call(), jen.Err().Op("!=").Nil()).Block(
			jen.Id("t").Dot("Fatal").Call(jen.Err()),
		),
		jen.Id("r").Op(":=").Id("readRecord").Call(jen.Id("t"), jen.Id("brokers"), jen.Lit(topic+"."+s.c.Kebab()+".dlq"), jen.Func().Params(jen.Id("r").Op("*").Qual(kgoPkg, "Record")).Bool().Block(
			jen.Return(jen.String().Call(jen.Id("r").Dot("Key")).Op("==").Lit("poison")),
		)),
		jen.If(jen.Id("header").Call(jen.Id("r"), jen.Lit("ce_id")).Op("!=").Lit("poison-1").Op("||").Id("header").Call(jen.Id("r"), jen.Lit("dlq_error")).Op("==").Lit("")).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit("dead letter headers %v"), jen.Id("r").Dot("Headers")),
		),
	)
}
