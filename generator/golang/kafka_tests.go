package golang

import (
	"fmt"
	"strconv"

	"eventstorm/generator/genfile"
	"eventstorm/generator/ir"
	"eventstorm/model"
)

// Import paths of franz-go the generated tests use.
const (
	kgoPkg   = "github.com/twmb/franz-go/pkg/kgo"
	kfakePkg = "github.com/twmb/franz-go/pkg/kfake"
)

// kafkaTests writes internal/service/kafka_gen_test.go: the service's
// tests against an in-process Kafka-protocol broker (kfake), a created
// aggregate's event is published with its CloudEvents headers, and a
// record that cannot be read goes to the dead-letter topic.
func (s *service) kafkaTests() {
	creating := s.creatingCommand()
	consumed := s.x.Consumed
	if creating == nil && len(consumed) == 0 {
		return
	}
	g := s.newSource(s.servicePkg()+"_test", "service_test", genfile.Generated)
	g.importName(s.servicePkg(), "service")
	g.importName(s.kafkaPkg(), "kafka")
	g.importName(kgoPkg, "kgo")
	g.importName(kfakePkg, "kfake")
	if creating != nil {
		g.importName(s.examplesPkg(creating.Aggregate), aggregatePkgName(creating.Aggregate)+"test")
	}
	s.startServiceHelper(g)
	g.line("")
	readRecordHelper(g)
	g.line("")
	headerHelper(g)
	if creating != nil {
		g.line("")
		s.publishTest(g, creating)
	}
	if len(consumed) > 0 {
		g.line("")
		s.deadLetterTest(g, consumed[0])
	}
	s.addSource("internal/service/kafka_gen_test.go", g)
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

// fatalErr writes the check that fails the test when err is not nil.
func fatalErr(g *goSource) {
	g.line("if err != nil {")
	g.line("t.Fatal(err)")
	g.line("}")
}

// startServiceHelper writes startService, which runs the service against
// an in-process broker and serves its HTTP API.
func (s *service) startServiceHelper(g *goSource) {
	g.comment("startService runs the service against an in-process Kafka-protocol broker until the test ends, and serves its HTTP API.")
	g.line("func startService(t *%s) ([]string, *%s) {", g.q("testing", "T"), g.q("net/http/httptest", "Server"))
	g.line("t.Helper()")
	g.line("broker, err := %s(%s(0))", g.q(kfakePkg, "NewCluster"), g.q(kfakePkg, "Ports"))
	fatalErr(g)
	g.line("t.Cleanup(broker.Close)")
	g.line("cfg := %s{HTTPAddr: %s, Kafka: %s{Brokers: broker.ListenAddrs(), Partitions: 1, ReplicationFactor: 1}}",
		g.q(s.servicePkg(), "Config"), strconv.Quote("127.0.0.1:0"), g.q(s.kafkaPkg(), "Config"))
	g.line("ctx, cancel := %s(%s())", g.q("context", "WithCancel"), g.q("context", "Background"))
	g.line("svc, err := %s(ctx, cfg, %s(%s))", g.q(s.servicePkg(), "New"), g.q("log/slog", "New"), g.q("log/slog", "DiscardHandler"))
	g.line("if err != nil {")
	g.line("cancel()")
	g.line("t.Fatal(err)")
	g.line("}")
	g.line("t.Cleanup(func() {")
	g.line("svc.Close()")
	g.line("})")
	g.line("done := make(chan error, 1)")
	g.line("go func() {")
	g.line("done <- svc.Run(ctx)")
	g.line("}()")
	g.line("t.Cleanup(func() {")
	g.line("cancel()")
	g.text("// A cancellation during start-up is a stop, not a failure.")
	g.line("if err := <-done; err != nil && !%s(err, %s) {", g.q("errors", "Is"), g.q("context", "Canceled"))
	g.line("t.Errorf(%s, err)", strconv.Quote("Run: %v"))
	g.line("}")
	g.line("})")
	g.line("srv := %s(svc.Handler())", g.q("net/http/httptest", "NewServer"))
	g.line("t.Cleanup(srv.Close)")
	g.line("return broker.ListenAddrs(), srv")
	g.line("}")
}

// readRecordHelper writes readRecord, which waits for a matching record on
// a topic.
func readRecordHelper(g *goSource) {
	g.comment("readRecord waits up to 20 seconds for a record on topic for which match is true.")
	g.line("func readRecord(t *%s, brokers []string, topic string, match func(*%s) bool) *%s {", g.q("testing", "T"), g.q(kgoPkg, "Record"), g.q(kgoPkg, "Record"))
	g.line("t.Helper()")
	g.line("client, err := %s(%s(brokers...), %s(topic), %s(%s().AtStart()))", g.q(kgoPkg, "NewClient"), g.q(kgoPkg, "SeedBrokers"),
		g.q(kgoPkg, "ConsumeTopics"), g.q(kgoPkg, "ConsumeResetOffset"), g.q(kgoPkg, "NewOffset"))
	fatalErr(g)
	g.line("defer client.Close()")
	g.line("ctx, cancel := %s(%s(), 20*%s)", g.q("context", "WithTimeout"), g.q("context", "Background"), g.q("time", "Second"))
	g.line("defer cancel()")
	g.line("for {")
	g.line("fetches := client.PollFetches(ctx)")
	g.line("if ctx.Err() != nil {")
	g.line("t.Fatalf(%s, topic)", strconv.Quote("no matching record on %s"))
	g.line("}")
	g.line("for it := fetches.RecordIter(); !it.Done(); {")
	g.line("if r := it.Next(); match(r) {")
	g.line("return r")
	g.line("}")
	g.line("}")
	g.line("}")
	g.line("}")
}

// headerHelper writes header, which returns a record's header value.
func headerHelper(g *goSource) {
	g.comment("header returns a record's header value.")
	g.line("func header(r *%s, key string) string {", g.q(kgoPkg, "Record"))
	g.line("for _, h := range r.Headers {")
	g.line("if h.Key == key {")
	g.line("return string(h.Value)")
	g.line("}")
	g.line("}")
	g.line(`return ""`)
	g.line("}")
}

// publishTest writes TestPublishesToKafka: the creating command's event is
// published to its topic, keyed by the new aggregate's id, with the
// CloudEvents headers.
func (s *service) publishTest(g *goSource, creating *model.Command) {
	a := creating.Aggregate
	route := "/" + a.Kebab() + "/" + creating.Kebab()
	topic := ir.Topic(s.m, a)
	g.comment("TestPublishesToKafka checks that %s publishes its event to %s, keyed by the new %s's id, with the CloudEvents headers.", creating.Name, topic, a.Name)
	g.line("func TestPublishesToKafka(t *%s) {", g.q("testing", "T"))
	g.line("brokers, srv := startService(t)")
	g.line("resp, err := %s(srv.URL+%s, %s, %s(%s))", g.q("net/http", "Post"), strconv.Quote(route), strconv.Quote("application/json"),
		g.q("strings", "NewReader"), s.exampleBody(g, creating))
	fatalErr(g)
	g.line("defer resp.Body.Close()")
	g.line("if resp.StatusCode == %s {", g.q("net/http", "StatusUnprocessableEntity"))
	g.line("t.Fatalf(%s)", strconv.Quote("a rule rejects the example of "+creating.Name+": keep "+s.examplePath(creating)+" valid"))
	g.line("}")
	g.line("var created map[string]any")
	g.line("if err := %s(resp.Body).Decode(&created); err != nil || resp.StatusCode != %s {", g.q("encoding/json", "NewDecoder"), g.q("net/http", "StatusCreated"))
	g.line("t.Fatalf(%s, resp.StatusCode, created, err)", strconv.Quote("POST "+route+": %d %v %v"))
	g.line("}")
	g.line("id := %s(created[%s])", g.q("fmt", "Sprint"), strconv.Quote(a.IDField().JSON()))
	g.line("r := readRecord(t, brokers, %s, func(r *%s) bool {", strconv.Quote(topic), g.q(kgoPkg, "Record"))
	g.line("return string(r.Key) == id")
	g.line("})")
	g.line("for key, want := range map[string]string{%s: %s, %s: %s, %s: %s} {",
		strconv.Quote("ce_specversion"), strconv.Quote("1.0"), strconv.Quote("ce_source"), strconv.Quote(ir.Source(s.m, s.c)),
		strconv.Quote("content-type"), strconv.Quote("application/json"))
	g.line("if got := header(r, key); got != want {")
	g.line("t.Errorf(%s, key, got, want)", strconv.Quote("header %s = %q, want %q"))
	g.line("}")
	g.line("}")
	g.line(`if header(r, "ce_id") == "" || header(r, "ce_type") == "" || !%s(r.Value) {`, g.q("encoding/json", "Valid"))
	g.line("t.Errorf(%s, r.Headers, r.Value)", strconv.Quote("record without ce_id, ce_type or a JSON value: %v %s"))
	g.line("}")
	g.line("}")
}

// deadLetterTest writes TestDeadLettersPoison: a record on the topic of
// event e that is not an event's JSON goes to the dead-letter topic.
func (s *service) deadLetterTest(g *goSource, e *model.Event) {
	topic := ir.Topic(s.m, e.Aggregate)
	g.comment("TestDeadLettersPoison checks that a record that is not an event's JSON goes to the dead-letter topic with the error.")
	g.line("func TestDeadLettersPoison(t *%s) {", g.q("testing", "T"))
	g.line("brokers, _ := startService(t)")
	g.line("client, err := %s(%s(brokers...))", g.q(kgoPkg, "NewClient"), g.q(kgoPkg, "SeedBrokers"))
	fatalErr(g)
	g.line("defer client.Close()")
	g.line("poison := &%s{", g.q(kgoPkg, "Record"))
	g.keyed([]keyValue{
		{"Topic", strconv.Quote(topic)},
		{"Key", `[]byte("poison")`},
		{"Value", `[]byte("not json")`},
		{"Headers", fmt.Sprintf("[]%s{{Key: %s, Value: []byte(%s)}, {Key: %s, Value: []byte(%s)}}", g.q(kgoPkg, "RecordHeader"),
			strconv.Quote("ce_type"), strconv.Quote(ir.EventType(s.m, e)), strconv.Quote("ce_id"), strconv.Quote("poison-1"))},
	})
	g.line("}")
	g.line("if err := client.ProduceSync(%s(), poison).FirstErr(); err != nil {", g.q("context", "Background"))
	g.line("t.Fatal(err)")
	g.line("}")
	g.line("r := readRecord(t, brokers, %s, func(r *%s) bool {", strconv.Quote(topic+"."+s.c.Kebab()+".dlq"), g.q(kgoPkg, "Record"))
	g.line(`return string(r.Key) == "poison"`)
	g.line("})")
	g.line(`if header(r, "ce_id") != "poison-1" || header(r, "dlq_error") == "" {`)
	g.line("t.Errorf(%s, r.Headers)", strconv.Quote("dead letter headers %v"))
	g.line("}")
	g.line("}")
}
