package golang

import (
	"sort"

	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
)

// Import paths of franz-go.
const (
	kgoPkg  = "github.com/twmb/franz-go/pkg/kgo"
	kadmPkg = "github.com/twmb/franz-go/pkg/kadm"
	kerrPkg = "github.com/twmb/franz-go/pkg/kerr"
)

func (s *service) kafkaPkg() string { return s.pkg("internal/adapters/kafka") }

// publishedTopics are the topics of the context's own aggregates, sorted.
func (s *service) publishedTopics() []string {
	var out []string
	for _, a := range s.c.Aggregates {
		out = append(out, Topic(s.m, a))
	}
	return sortedCopy(out)
}

// kafka emits the Kafka adapter: a franz-go client that creates the
// service's topics, publishes the outbox's messages with CloudEvents
// headers, and consumes the topics the service reads in its own group,
// committing offsets only after the handler's result is stored.
func (s *service) kafka() {
	if len(s.c.Aggregates) == 0 && len(s.consumed()) == 0 {
		return
	}
	s.kafkaClient()
	if len(s.consumed()) > 0 {
		s.kafkaConsumer()
	}
	s.kafkaMetrics()
}

const promPkg = "github.com/prometheus/client_golang/prometheus"

// kafkaMetrics emits the counters of events published, consumed, retried
// and dead-lettered, and the consumer lag, for /metrics.
func (s *service) kafkaMetrics() {
	f := newFile(s.kafkaPkg(), "kafka", genfile.Generated)
	f.ImportName(promPkg, "prometheus")
	doc(f, "Metrics count the events the service publishes and consumes.")
	f.Type().Id("Metrics").Struct(
		jen.Comment("Published counts events published, by topic."),
		jen.Id("Published").Op("*").Qual(promPkg, "CounterVec"),
		jen.Comment("Consumed counts events handled, by type."),
		jen.Id("Consumed").Op("*").Qual(promPkg, "CounterVec"),
		jen.Comment("Retried counts failed attempts at handling an event that were retried, by type."),
		jen.Id("Retried").Op("*").Qual(promPkg, "CounterVec"),
		jen.Comment("DeadLettered counts records sent to a dead-letter topic, by their topic."),
		jen.Id("DeadLettered").Op("*").Qual(promPkg, "CounterVec"),
		jen.Comment("Lag is how many records of a partition are not consumed yet, as of the last fetch."),
		jen.Id("Lag").Op("*").Qual(promPkg, "GaugeVec"),
	)
	f.Line()
	counter := func(name, help, label string) jen.Code {
		return jen.Qual(promPkg, "NewCounterVec").Call(jen.Qual(promPkg, "CounterOpts").Values(
			kv("Name", jen.Lit(name)), kv("Help", jen.Lit(help)),
		), jen.Index().String().Values(jen.Lit(label)))
	}
	doc(f, "NewMetrics registers the metrics with reg.")
	f.Func().Id("NewMetrics").Params(jen.Id("reg").Qual(promPkg, "Registerer")).Op("*").Id("Metrics").Block(
		jen.Id("m").Op(":=").Op("&").Id("Metrics").Values(
			kv("Published", counter("events_published_total", "Events published to Kafka.", "topic")),
			kv("Consumed", counter("events_consumed_total", "Events consumed from Kafka and handled.", "type")),
			kv("Retried", counter("events_retried_total", "Failed attempts at handling an event that were retried.", "type")),
			kv("DeadLettered", counter("events_dead_lettered_total", "Records sent to a dead-letter topic.", "topic")),
			kv("Lag", jen.Qual(promPkg, "NewGaugeVec").Call(jen.Qual(promPkg, "GaugeOpts").Values(
				kv("Name", jen.Lit("consumer_lag")), kv("Help", jen.Lit("Records of a partition not consumed yet, as of the last fetch.")),
			), jen.Index().String().Values(jen.Lit("topic"), jen.Lit("partition")))),
		),
		jen.Id("reg").Dot("MustRegister").Call(jen.Id("m").Dot("Published"), jen.Id("m").Dot("Consumed"), jen.Id("m").Dot("Retried"), jen.Id("m").Dot("DeadLettered"), jen.Id("m").Dot("Lag")),
		jen.Return(jen.Id("m")),
	)
	s.add("internal/adapters/kafka/metrics_gen.go", genfile.Generated, f)
}

func (s *service) kafkaFile() *jen.File {
	f := newFile(s.kafkaPkg(), "kafka", genfile.Generated)
	f.ImportName(kgoPkg, "kgo")
	f.ImportName(kadmPkg, "kadm")
	f.ImportName(kerrPkg, "kerr")
	f.ImportName(s.messagePkg(), "message")
	return f
}

func (s *service) kafkaClient() {
	f := s.kafkaFile()
	consumes := len(s.consumed()) > 0
	pkgDoc(f, "Package kafka connects the %s service to Kafka with franz-go: it creates the topics the service uses, publishes the events it records, and consumes the events it reads.", s.c.Name)
	doc(f, "Group is the service's consumer group. It is fixed: a new group name would read every topic again from the start.")
	f.Const().Id("Group").Op("=").Lit(s.c.Kebab())
	f.Line()
	var topics []jen.Code
	for _, t := range s.publishedTopics() {
		topics = append(topics, jen.Lit(t))
	}
	doc(f, "PublishedTopics are the topics of this context's aggregates.")
	f.Var().Id("PublishedTopics").Op("=").Index().String().Values(topics...)
	f.Line()
	doc(f, "Config says how to reach Kafka and how to create missing topics.")
	f.Type().Id("Config").Struct(
		jen.Comment("Brokers are the seed brokers (KAFKA_BROKERS, comma-separated)."),
		jen.Id("Brokers").Index().String(),
		jen.Comment("Partitions and ReplicationFactor apply to topics created at start-up."),
		jen.Id("Partitions").Int32(),
		jen.Id("ReplicationFactor").Int16(),
	)
	f.Line()
	clientFields := []jen.Code{
		jen.Id("cl").Op("*").Qual(kgoPkg, "Client"),
		jen.Id("cfg").Id("Config"),
		jen.Id("logger").Op("*").Qual("log/slog", "Logger"),
		jen.Id("metrics").Op("*").Id("Metrics"),
	}
	doc(f, "Client is the service's connection to Kafka.")
	f.Type().Id("Client").Struct(clientFields...)
	f.Line()
	opts := []jen.Code{
		jen.Qual(kgoPkg, "SeedBrokers").Call(jen.Id("cfg").Dot("Brokers").Op("...")),
		jen.Qual(kgoPkg, "ClientID").Call(jen.Id("Group")),
	}
	if consumes {
		opts = append(opts,
			jen.Qual(kgoPkg, "ConsumerGroup").Call(jen.Id("Group")),
			jen.Qual(kgoPkg, "ConsumeTopics").Call(jen.Id("ConsumedTopics").Op("...")),
			jen.Qual(kgoPkg, "DisableAutoCommit").Call(),
			jen.Qual(kgoPkg, "ConsumeResetOffset").Call(jen.Qual(kgoPkg, "NewOffset").Call().Dot("AtStart").Call()),
			jen.Qual(kgoPkg, "SessionTimeout").Call(jen.Id("sessionTimeout")),
		)
		doc(f, "sessionTimeout is how long the group waits for a member that stopped heartbeating, one that crashed, before giving its partitions to the others or to its restarted self: 10 s rather than the client's default 45 s.")
		f.Const().Id("sessionTimeout").Op("=").Lit(10).Op("*").Qual("time", "Second")
		f.Line()
	}
	init := []jen.Code{kv("cl", jen.Id("cl")), kv("cfg", jen.Id("cfg")), kv("logger", jen.Id("logger")), kv("metrics", jen.Id("metrics"))}
	doc(f, "Dial connects to the brokers; nothing is sent until the client is used. The client counts what it does in metrics.")
	f.Func().Id("Dial").Params(jen.Id("cfg").Id("Config"), jen.Id("logger").Op("*").Qual("log/slog", "Logger"), jen.Id("metrics").Op("*").Id("Metrics")).Params(jen.Op("*").Id("Client"), jen.Error()).Block(
		jen.List(jen.Id("cl"), jen.Err()).Op(":=").Qual(kgoPkg, "NewClient").Call(opts...),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Op("&").Id("Client").Values(init...), jen.Nil()),
	)
	f.Line()
	doc(f, "Close leaves the consumer group and closes the connections.")
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id("Close").Params().Block(jen.Id("c").Dot("cl").Dot("Close").Call())
	f.Line()
	topicList := jen.Id("PublishedTopics")
	if consumes {
		topicList = jen.Id("topics").Call()
	}
	doc(f, "EnsureTopics creates the topics the service publishes to and reads from, and the dead-letter topics of those it reads, when they are missing.")
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id("EnsureTopics").Params(jen.Id("ctx").Qual("context", "Context")).Error().Block(
		jen.Id("adm").Op(":=").Qual(kadmPkg, "NewClient").Call(jen.Id("c").Dot("cl")),
		jen.List(jen.Id("created"), jen.Err()).Op(":=").Id("adm").Dot("CreateTopics").Call(jen.Id("ctx"), jen.Id("c").Dot("cfg").Dot("Partitions"), jen.Id("c").Dot("cfg").Dot("ReplicationFactor"), jen.Nil(), topicList.Op("...")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.For(jen.List(jen.Id("_"), jen.Id("t")).Op(":=").Range().Id("created").Dot("Sorted").Call()).Block(
			jen.If(jen.Id("t").Dot("Err").Op("!=").Nil().Op("&&").Op("!").Qual("errors", "Is").Call(jen.Id("t").Dot("Err"), jen.Qual(kerrPkg, "TopicAlreadyExists"))).Block(
				jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("create topic %s: %w"), jen.Id("t").Dot("Topic"), jen.Id("t").Dot("Err"))),
			),
		),
		jen.Return(jen.Nil()),
	)
	f.Line()
	doc(f, "Publish sends messages to their topics, keyed by their aggregate's id, with the CloudEvents attributes as headers (binary mode), and waits until the brokers acknowledge them all.")
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id("Publish").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("msgs").Index().Qual(s.messagePkg(), "Message")).Error().Block(
		jen.Id("records").Op(":=").Make(jen.Index().Op("*").Qual(kgoPkg, "Record"), jen.Len(jen.Id("msgs"))),
		jen.For(jen.List(jen.Id("i"), jen.Id("m")).Op(":=").Range().Id("msgs")).Block(
			jen.Id("records").Index(jen.Id("i")).Op("=").Id("record").Call(jen.Id("m")),
		),
		jen.If(jen.Err().Op(":=").Id("c").Dot("cl").Dot("ProduceSync").Call(jen.Id("ctx"), jen.Id("records").Op("...")).Dot("FirstErr").Call(), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Err()),
		),
		jen.For(jen.List(jen.Id("_"), jen.Id("m")).Op(":=").Range().Id("msgs")).Block(
			jen.Id("c").Dot("metrics").Dot("Published").Dot("WithLabelValues").Call(jen.Id("m").Dot("Topic")).Dot("Inc").Call(),
		),
		jen.Return(jen.Nil()),
	)
	f.Line()
	doc(f, "record is a message as a Kafka record.")
	f.Func().Id("record").Params(jen.Id("m").Qual(s.messagePkg(), "Message")).Op("*").Qual(kgoPkg, "Record").Block(
		jen.Return(jen.Op("&").Qual(kgoPkg, "Record").Values(
			kv("Topic", jen.Id("m").Dot("Topic")),
			kv("Key", jen.Index().Byte().Call(jen.Id("m").Dot("Key"))),
			kv("Value", jen.Id("m").Dot("Data")),
			kv("Headers", jen.Index().Qual(kgoPkg, "RecordHeader").Values(
				jen.Values(kv("Key", jen.Lit("ce_specversion")), kv("Value", jen.Index().Byte().Call(jen.Lit("1.0")))),
				jen.Values(kv("Key", jen.Lit("ce_id")), kv("Value", jen.Index().Byte().Call(jen.Id("m").Dot("ID")))),
				jen.Values(kv("Key", jen.Lit("ce_type")), kv("Value", jen.Index().Byte().Call(jen.Id("m").Dot("Type")))),
				jen.Values(kv("Key", jen.Lit("ce_source")), kv("Value", jen.Index().Byte().Call(jen.Id("m").Dot("Source")))),
				jen.Values(kv("Key", jen.Lit("ce_time")), kv("Value", jen.Index().Byte().Call(jen.Id("m").Dot("Time").Dot("UTC").Call().Dot("Format").Call(jen.Qual("time", "RFC3339Nano"))))),
				jen.Values(kv("Key", jen.Lit("content-type")), kv("Value", jen.Index().Byte().Call(jen.Lit("application/json")))),
			)),
		)),
	)
	s.add("internal/adapters/kafka/client_gen.go", genfile.Generated, f)
}

func (s *service) kafkaConsumer() {
	f := s.kafkaFile()
	var topics []jen.Code
	for _, t := range s.topics() {
		topics = append(topics, jen.Lit(t))
	}
	doc(f, "ConsumedTopics are the topics whose events the service reads.")
	f.Var().Id("ConsumedTopics").Op("=").Index().String().Values(topics...)
	f.Line()
	doc(f, "MaxAttempts bounds how often a record is handled before it goes to the dead-letter topic.")
	f.Const().Id("MaxAttempts").Op("=").Lit(5)
	f.Line()
	doc(f, "DeadLetterTopic is where the service's records that keep failing go: <topic>.<group>.dlq.")
	f.Func().Id("DeadLetterTopic").Params(jen.Id("topic").String()).String().Block(
		jen.Return(jen.Id("topic").Op("+").Lit(".").Op("+").Id("Group").Op("+").Lit(".dlq")),
	)
	f.Line()
	doc(f, "topics lists every topic the service creates at start-up.")
	f.Func().Id("topics").Params().Index().String().Block(
		jen.Id("all").Op(":=").Qual("slices", "Clone").Call(jen.Id("PublishedTopics")),
		jen.For(jen.List(jen.Id("_"), jen.Id("t")).Op(":=").Range().Id("ConsumedTopics")).Block(
			jen.Id("all").Op("=").Append(jen.Id("all"), jen.Id("t"), jen.Id("DeadLetterTopic").Call(jen.Id("t"))),
		),
		jen.Qual("slices", "Sort").Call(jen.Id("all")),
		jen.Return(jen.Qual("slices", "Compact").Call(jen.Id("all"))),
	)
	f.Line()
	doc(f, "Inbox keeps the ids of the events handled, with their effect, so that a redelivered event is skipped.")
	f.Type().Id("Inbox").Interface(
		jen.Comment("Handle runs fn, the handling of the event with the id, and records the id with fn's effect, unless the id was recorded before; it reports whether fn ran and succeeded."),
		jen.Id("Handle").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("id").String(), jen.Id("fn").Func().Params(jen.Id("ctx").Qual("context", "Context")).Error()).Params(jen.Bool(), jen.Error()),
		jen.Comment("Batch runs fn, which handles several events, so that their effects and ids are stored together or not at all (in one transaction, in a database)."),
		jen.Id("Batch").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("fn").Func().Params(jen.Id("ctx").Qual("context", "Context")).Error()).Error(),
	)
	f.Line()
	doc(f, "Consume reads the consumed topics in the service's group until ctx is done. Each record is handled, and its offset committed only once every record of the fetch is handled: a restart resumes after the last committed offset, and an event redelivered after its effect was stored is found in the inbox and skipped.")
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id("Consume").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("inbox").Id("Inbox"), jen.Id("handle").Qual(s.messagePkg(), "Handler")).Block(
		jen.For().Block(
			jen.Id("fetches").Op(":=").Id("c").Dot("cl").Dot("PollFetches").Call(jen.Id("ctx")),
			jen.If(jen.Id("fetches").Dot("IsClientClosed").Call().Op("||").Id("ctx").Dot("Err").Call().Op("!=").Nil()).Block(jen.Return()),
			jen.Id("fetches").Dot("EachError").Call(jen.Func().Params(jen.Id("topic").String(), jen.Id("partition").Int32(), jen.Err().Error()).Block(
				jen.Id("c").Dot("logger").Dot("Error").Call(jen.Lit("fetch failed"), jen.Lit("topic"), jen.Id("topic"), jen.Lit("partition"), jen.Id("partition"), jen.Lit("error"), jen.Err()),
			)),
			jen.Id("fetches").Dot("EachPartition").Call(jen.Func().Params(jen.Id("p").Qual(kgoPkg, "FetchTopicPartition")).Block(
				jen.If(jen.Op("!").Id("c").Dot("handleBatch").Call(jen.Id("ctx"), jen.Id("p").Dot("Records"), jen.Id("inbox"), jen.Id("handle"))).Block(
					jen.Comment("Something in the batch failed: one record at a time, with retries and the dead-letter topic."),
					jen.For(jen.List(jen.Id("_"), jen.Id("r")).Op(":=").Range().Id("p").Dot("Records")).Block(
						jen.Id("c").Dot("handle").Call(jen.Id("ctx"), jen.Id("r"), jen.Id("inbox"), jen.Id("handle")),
					),
				),
				jen.If(jen.Id("n").Op(":=").Len(jen.Id("p").Dot("Records")), jen.Id("n").Op(">").Lit(0)).Block(
					jen.Id("lag").Op(":=").Id("p").Dot("HighWatermark").Op("-").Id("p").Dot("Records").Index(jen.Id("n").Op("-").Lit(1)).Dot("Offset").Op("-").Lit(1),
					jen.Id("c").Dot("metrics").Dot("Lag").Dot("WithLabelValues").Call(jen.Id("p").Dot("Topic"), jen.Qual("strconv", "Itoa").Call(jen.Int().Call(jen.Id("p").Dot("Partition")))).Dot("Set").Call(jen.Float64().Call(jen.Id("lag"))),
				),
			)),
			jen.If(jen.Id("ctx").Dot("Err").Call().Op("!=").Nil()).Block(
				jen.Comment("Stopped mid-fetch: commit nothing, so the rest is redelivered."),
				jen.Return(),
			),
			jen.If(jen.Err().Op(":=").Id("c").Dot("cl").Dot("CommitUncommittedOffsets").Call(jen.Id("ctx")), jen.Err().Op("!=").Nil()).Block(
				jen.Id("c").Dot("logger").Dot("Error").Call(jen.Lit("commit failed"), jen.Lit("error"), jen.Err()),
			),
		),
	)
	f.Line()
	doc(f, "handleBatch hands a partition's records of one fetch on together, their effects and ids stored at once, which saves a transaction per record; it reports false, having stored nothing, if any record failed.")
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id("handleBatch").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("records").Index().Op("*").Qual(kgoPkg, "Record"), jen.Id("inbox").Id("Inbox"), jen.Id("handle").Qual(s.messagePkg(), "Handler")).Bool().Block(
		jen.Var().Id("handled").Index().String(),
		jen.Err().Op(":=").Id("inbox").Dot("Batch").Call(jen.Id("ctx"), jen.Func().Params(jen.Id("ctx").Qual("context", "Context")).Error().Block(
			jen.Id("handled").Op("=").Id("handled").Index(jen.Op(":").Lit(0)),
			jen.For(jen.List(jen.Id("_"), jen.Id("r")).Op(":=").Range().Id("records")).Block(
				jen.List(jen.Id("m"), jen.Err()).Op(":=").Id("toMessage").Call(jen.Id("r")),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
				jen.List(jen.Id("ok"), jen.Err()).Op(":=").Id("inbox").Dot("Handle").Call(jen.Id("ctx"), jen.Id("m").Dot("ID"), jen.Func().Params(jen.Id("ctx").Qual("context", "Context")).Error().Block(
					jen.Return(jen.Id("handle").Call(jen.Id("ctx"), jen.Id("m"))),
				)),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
				jen.If(jen.Id("ok")).Block(jen.Id("handled").Op("=").Append(jen.Id("handled"), jen.Id("m").Dot("Type"))),
			),
			jen.Return(jen.Nil()),
		)),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.False())),
		jen.For(jen.List(jen.Id("_"), jen.Id("typ")).Op(":=").Range().Id("handled")).Block(
			jen.Id("c").Dot("metrics").Dot("Consumed").Dot("WithLabelValues").Call(jen.Id("typ")).Dot("Inc").Call(),
		),
		jen.Return(jen.True()),
	)
	f.Line()
	doc(f, "handle hands one record on, retrying with backoff, and sends it to the dead-letter topic when it cannot be handled.")
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id("handle").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("r").Op("*").Qual(kgoPkg, "Record"), jen.Id("inbox").Id("Inbox"), jen.Id("handle").Qual(s.messagePkg(), "Handler")).Block(
		jen.List(jen.Id("m"), jen.Err()).Op(":=").Id("toMessage").Call(jen.Id("r")),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Id("c").Dot("deadLetter").Call(jen.Id("ctx"), jen.Id("r"), jen.Err(), jen.Lit(0)),
			jen.Return(),
		),
		jen.Id("backoff").Op(":=").Lit(100).Op("*").Qual("time", "Millisecond"),
		jen.For(jen.Id("attempt").Op(":=").Lit(1), jen.Id("attempt").Op("<=").Id("MaxAttempts"), jen.Id("attempt").Op("++")).Block(
			jen.List(jen.Id("handled"), jen.Err()).Op(":=").Id("inbox").Dot("Handle").Call(jen.Id("ctx"), jen.Id("m").Dot("ID"), jen.Func().Params(jen.Id("ctx").Qual("context", "Context")).Error().Block(
				jen.Return(jen.Id("handle").Call(jen.Id("ctx"), jen.Id("m"))),
			)),
			jen.Var().Id("poison").Op("*").Qual(s.messagePkg(), "PoisonError"),
			jen.Switch().Block(
				jen.Case(jen.Err().Op("==").Nil()).Block(
					jen.If(jen.Id("handled")).Block(
						jen.Id("c").Dot("metrics").Dot("Consumed").Dot("WithLabelValues").Call(jen.Id("m").Dot("Type")).Dot("Inc").Call(),
					),
					jen.Return(),
				),
				jen.Case(jen.Qual("errors", "As").Call(jen.Err(), jen.Op("&").Id("poison")).Op("||").Id("attempt").Op("==").Id("MaxAttempts")).Block(
					jen.Id("c").Dot("deadLetter").Call(jen.Id("ctx"), jen.Id("r"), jen.Err(), jen.Id("attempt")),
					jen.Return(),
				),
			),
			jen.Id("c").Dot("metrics").Dot("Retried").Dot("WithLabelValues").Call(jen.Id("m").Dot("Type")).Dot("Inc").Call(),
			jen.Id("c").Dot("logger").Dot("Warn").Call(jen.Lit("handling failed; retrying"), jen.Lit("type"), jen.Id("m").Dot("Type"), jen.Lit("id"), jen.Id("m").Dot("ID"), jen.Lit("attempt"), jen.Id("attempt"), jen.Lit("error"), jen.Err()),
			jen.Select().Block(
				jen.Case(jen.Op("<-").Id("ctx").Dot("Done").Call()).Block(jen.Return()),
				jen.Case(jen.Op("<-").Qual("time", "After").Call(jen.Id("backoff"))),
			),
			jen.Id("backoff").Op("*=").Lit(2),
		),
	)
	f.Line()
	doc(f, "deadLetter sends a record that cannot be handled to its dead-letter topic, with its headers and the error, so that the partition moves on.")
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id("deadLetter").Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("r").Op("*").Qual(kgoPkg, "Record"), jen.Id("cause").Error(), jen.Id("attempts").Int()).Block(
		jen.Id("c").Dot("metrics").Dot("DeadLettered").Dot("WithLabelValues").Call(jen.Id("r").Dot("Topic")).Dot("Inc").Call(),
		jen.Id("c").Dot("logger").Dot("Error").Call(jen.Lit("dead-lettered a record"), jen.Lit("topic"), jen.Id("r").Dot("Topic"), jen.Lit("offset"), jen.Id("r").Dot("Offset"), jen.Lit("error"), jen.Id("cause")),
		jen.Id("dead").Op(":=").Op("&").Qual(kgoPkg, "Record").Values(
			kv("Topic", jen.Id("DeadLetterTopic").Call(jen.Id("r").Dot("Topic"))),
			kv("Key", jen.Id("r").Dot("Key")),
			kv("Value", jen.Id("r").Dot("Value")),
			kv("Headers", jen.Append(jen.Qual("slices", "Clone").Call(jen.Id("r").Dot("Headers")),
				jen.Qual(kgoPkg, "RecordHeader").Values(kv("Key", jen.Lit("dlq_error")), kv("Value", jen.Index().Byte().Call(jen.Id("cause").Dot("Error").Call()))),
				jen.Qual(kgoPkg, "RecordHeader").Values(kv("Key", jen.Lit("dlq_attempts")), kv("Value", jen.Index().Byte().Call(jen.Qual("strconv", "Itoa").Call(jen.Id("attempts"))))),
				jen.Qual(kgoPkg, "RecordHeader").Values(kv("Key", jen.Lit("dlq_offset")), kv("Value", jen.Index().Byte().Call(jen.Qual("strconv", "FormatInt").Call(jen.Id("r").Dot("Offset"), jen.Lit(10))))),
			)),
		),
		jen.If(jen.Err().Op(":=").Id("c").Dot("cl").Dot("ProduceSync").Call(jen.Id("ctx"), jen.Id("dead")).Dot("FirstErr").Call(), jen.Err().Op("!=").Nil()).Block(
			jen.Id("c").Dot("logger").Dot("Error").Call(jen.Lit("dead-lettering failed"), jen.Lit("topic"), jen.Id("dead").Dot("Topic"), jen.Lit("error"), jen.Err()),
		),
	)
	f.Line()
	doc(f, "toMessage reads a record as a message from its CloudEvents headers. A record without them is poison; a value that is not the event's JSON is found poison when it is decoded.")
	f.Func().Id("toMessage").Params(jen.Id("r").Op("*").Qual(kgoPkg, "Record")).Params(jen.Qual(s.messagePkg(), "Message"), jen.Error()).Block(
		jen.Id("m").Op(":=").Qual(s.messagePkg(), "Message").Values(kv("Topic", jen.Id("r").Dot("Topic")), kv("Key", jen.String().Call(jen.Id("r").Dot("Key"))), kv("Data", jen.Id("r").Dot("Value"))),
		jen.For(jen.List(jen.Id("_"), jen.Id("h")).Op(":=").Range().Id("r").Dot("Headers")).Block(
			jen.Switch(jen.Id("h").Dot("Key")).Block(
				jen.Case(jen.Lit("ce_id")).Block(jen.Id("m").Dot("ID").Op("=").String().Call(jen.Id("h").Dot("Value"))),
				jen.Case(jen.Lit("ce_type")).Block(jen.Id("m").Dot("Type").Op("=").String().Call(jen.Id("h").Dot("Value"))),
				jen.Case(jen.Lit("ce_source")).Block(jen.Id("m").Dot("Source").Op("=").String().Call(jen.Id("h").Dot("Value"))),
				jen.Case(jen.Lit("ce_time")).Block(jen.List(jen.Id("m").Dot("Time"), jen.Id("_")).Op("=").Qual("time", "Parse").Call(jen.Qual("time", "RFC3339Nano"), jen.String().Call(jen.Id("h").Dot("Value")))),
			),
		),
		jen.Switch().Block(
			jen.Case(jen.Id("m").Dot("ID").Op("==").Lit("").Op("||").Id("m").Dot("Type").Op("==").Lit("")).Block(
				jen.Return(jen.Id("m"), jen.Op("&").Qual(s.messagePkg(), "PoisonError").Values(kv("Err", jen.Qual("errors", "New").Call(jen.Lit("the record has no ce_id or ce_type header"))))),
			),
		),
		jen.Return(jen.Id("m"), jen.Nil()),
	)
	s.add("internal/adapters/kafka/consumer_gen.go", genfile.Generated, f)
}

func sortedCopy(in []string) []string {
	out := append([]string(nil), in...)
	sort.Strings(out)
	return out
}
