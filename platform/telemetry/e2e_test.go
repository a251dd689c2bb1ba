package telemetry_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"eventstorm/platform/database"
	"eventstorm/platform/inbox"
	"eventstorm/platform/internal/dbtest"
	"eventstorm/platform/kafka"
	"eventstorm/platform/message"
	"eventstorm/platform/outbox"
	"eventstorm/platform/telemetry"
)

// The flow of the end-to-end test: ordering records OrderPlaced over HTTP;
// history projects it and, as a policy, records HistoryStarted.
const (
	ordersTopic  = "shop.ordering.order"
	historyTopic = "shop.history.history"
	history      = "history"
)

// recorder sets a global TracerProvider recording every span until the
// test ends.
func recorder(t *testing.T) *tracetest.SpanRecorder {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	telemetry.UseTracerProvider(tp)
	t.Cleanup(func() { telemetry.UseTracerProvider(nil) })
	return rec
}

// syncBuffer is a log destination written from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// lines are the JSON log lines written, decoded.
func (s *syncBuffer) lines(t *testing.T) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(s.b.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

// adder is an outbox as a repository uses it.
type adder func(ctx context.Context, msgs ...message.Message) error

// flow is the two services wired on one broker.
type flow struct {
	orders, history outbox.Relayer
	addOrder        adder
	addHistory      adder
	log             *syncBuffer
	brokers         []string
}

// TestOneTraceAcrossServices places an order over HTTP through the
// middleware into the outbox (in memory, then in SQL on each server), which
// the relay publishes to kfake; another service consumes it, projects it
// and, as a policy, records an event of its own. Every span shares the
// request's trace with the right parents, and the correlation id of the
// request reaches the consumer's log line, the records' headers and the
// policy's event, whose causation is the order's event.
func TestOneTraceAcrossServices(t *testing.T) {
	t.Run("memory", func(t *testing.T) {
		o, h := outbox.NewMemory(), outbox.NewMemory()
		testFlow(t, o, h, memoryAdder(o), memoryAdder(h))
	})
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		if err := db.Migrate(t.Context(), database.Schema{Lock: "e2e", Tables: outbox.Tables}); err != nil {
			t.Fatal(err)
		}
		o := outbox.NewSQL(db)
		// The history service's outbox is in memory: one table holds one
		// outbox.
		h := outbox.NewMemory()
		testFlow(t, o, h, sqlAdder(o), memoryAdder(h))
	})
}

func memoryAdder(o *outbox.Memory) adder {
	return func(ctx context.Context, msgs ...message.Message) error { o.AddTx(ctx, msgs...); return nil }
}

func sqlAdder(o *outbox.SQL) adder {
	return func(ctx context.Context, msgs ...message.Message) error {
		err := o.Add(ctx, msgs)
		o.Wake()
		return err
	}
}

func testFlow(t *testing.T, orders, hist outbox.Relayer, addOrder, addHistory adder) {
	spans := recorder(t)
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(1, ordersTopic, historyTopic, ordersTopic+".history.dlq"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cluster.Close)
	f := &flow{orders: orders, history: hist, addOrder: addOrder, addHistory: addHistory, log: &syncBuffer{}, brokers: cluster.ListenAddrs()}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	f.relay(t, ctx, "ordering", orders, []string{ordersTopic})
	f.relay(t, ctx, history, hist, []string{historyTopic})
	handled := f.consume(t, ctx)

	srv := httptest.NewServer(telemetry.Middleware(f.orderingAPI(), slog.New(slog.NewJSONHandler(f.log, nil)), slog.LevelInfo))
	defer srv.Close()
	req, _ := http.NewRequest("POST", srv.URL+"/orders", nil)
	req.Header.Set("X-Correlation-ID", "order-42")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := res.Header.Get("X-Correlation-ID"); got != "order-42" {
		t.Errorf("X-Correlation-ID answered %q, want order-42", got)
	}
	select {
	case <-handled:
	case <-time.After(15 * time.Second):
		t.Fatal("the order was not handled")
	}
	records := f.read(t, historyTopic, 1)
	checkPolicyRecord(t, records[0])
	cancel()
	checkSpans(t, spans.Ended())
	checkConsumerLog(t, f.log.lines(t))
}

// orderingAPI records OrderPlaced in a use-case span, through the outbox.
func (f *flow) orderingAPI() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) {
		err := func() (err error) {
			ctx, span := telemetry.Start(r.Context(), "Place Order")
			defer telemetry.End(span, &err)
			return f.addOrder(ctx, message.Message{ID: "evt-1", Type: "shop.ordering.order-placed", Source: "ordering", Time: time.Now(), Topic: ordersTopic, Key: "o1", Data: []byte(`{}`)})
		}()
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.WriteHeader(http.StatusCreated)
	})
	return mux
}

// relay publishes an outbox to the broker until ctx is done.
func (f *flow) relay(t *testing.T, ctx context.Context, group string, o outbox.Relayer, topics []string) {
	client, err := kafka.Dial(kafka.Config{Brokers: f.brokers}, kafka.Topology{Group: group, Publishes: topics}, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(client.Close)
	done := make(chan struct{})
	go func() {
		defer close(done)
		o.Relay(ctx, client.Publisher().Publish, slog.New(slog.DiscardHandler))
	}()
	t.Cleanup(func() { <-done })
}

// consume runs the history service's consumer: it projects the order in a
// span, logs it with its context, and records HistoryStarted; the returned
// channel is closed once it has.
func (f *flow) consume(t *testing.T, ctx context.Context) <-chan struct{} {
	logger := telemetry.Logger(slog.New(slog.NewJSONHandler(f.log, &slog.HandlerOptions{Level: slog.LevelDebug})))
	client, err := kafka.Dial(kafka.Config{Brokers: f.brokers}, kafka.Topology{Group: history, Consumes: []string{ordersTopic}}, logger, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(client.Close)
	handled := make(chan struct{})
	var once sync.Once
	done := make(chan struct{})
	go func() {
		defer close(done)
		client.Consume(ctx, inbox.NewMemory(), func(ctx context.Context, m message.Message) (err error) {
			ctx, span := telemetry.Start(ctx, "Project Order History")
			defer telemetry.End(span, &err)
			logger.InfoContext(ctx, "projected", "event", m.ID)
			err = f.addHistory(ctx, message.Message{ID: "evt-2", Type: "shop.history.history-started", Source: history, Time: time.Now(), Topic: historyTopic, Key: "o1", Data: []byte(`{}`)})
			once.Do(func() { close(handled) })
			return err
		})
	}()
	t.Cleanup(func() { <-done })
	return handled
}

// read reads n records of topic from the start.
func (f *flow) read(t *testing.T, topic string, n int) []*kgo.Record {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(f.brokers...), kgo.ConsumeTopics(topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
	defer cancel()
	var out []*kgo.Record
	for len(out) < n {
		fetches := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("read %d records of %s, want %d", len(out), topic, n)
		}
		out = append(out, fetches.Records()...)
	}
	return out
}

// header is the value of a record's header.
func header(r *kgo.Record, key string) string {
	for _, h := range r.Headers {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}

// checkPolicyRecord checks the headers of the policy's event: the
// request's correlation id, the order's event as its cause, a traceparent.
func checkPolicyRecord(t *testing.T, r *kgo.Record) {
	t.Helper()
	if got := header(r, "ce_correlationid"); got != "order-42" {
		t.Errorf("the policy's event has ce_correlationid %q, want order-42", got)
	}
	if got := header(r, "ce_causationid"); got != "evt-1" {
		t.Errorf("the policy's event has ce_causationid %q, want evt-1", got)
	}
	if header(r, "traceparent") == "" {
		t.Error("the policy's event has no traceparent")
	}
}

// checkSpans checks that the spans of both services form one trace:
// HTTP server > Place Order > outbox insert > send > process > Project >
// outbox insert > send.
func checkSpans(t *testing.T, spans []sdktrace.ReadOnlySpan) {
	t.Helper()
	byName := map[string][]sdktrace.ReadOnlySpan{}
	for _, s := range spans {
		byName[s.Name()] = append(byName[s.Name()], s)
	}
	chain := []struct {
		name string
		kind trace.SpanKind
	}{
		{"POST /orders", trace.SpanKindServer},
		{"Place Order", trace.SpanKindInternal},
		{"outbox insert", trace.SpanKindInternal},
		{"send " + ordersTopic, trace.SpanKindProducer},
		{"process " + ordersTopic, trace.SpanKindConsumer},
		{"Project Order History", trace.SpanKindInternal},
		{"outbox insert", trace.SpanKindInternal},
		{"send " + historyTopic, trace.SpanKindProducer},
	}
	var parent sdktrace.ReadOnlySpan
	used := map[sdktrace.ReadOnlySpan]bool{}
	for _, link := range chain {
		var found sdktrace.ReadOnlySpan
		for _, s := range byName[link.name] {
			if !used[s] && (parent == nil || s.Parent().SpanID() == parent.SpanContext().SpanID()) {
				found = s
				break
			}
		}
		if found == nil {
			t.Fatalf("no span %q child of the previous one; spans (name<parent>id): %v", link.name, names(spans))
		}
		used[found] = true
		if found.SpanKind() != link.kind {
			t.Errorf("span %q is of kind %v, want %v", link.name, found.SpanKind(), link.kind)
		}
		if parent != nil && found.SpanContext().TraceID() != parent.SpanContext().TraceID() {
			t.Errorf("span %q is in trace %v, want %v", link.name, found.SpanContext().TraceID(), parent.SpanContext().TraceID())
		}
		parent = found
	}
}

func names(spans []sdktrace.ReadOnlySpan) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Name()+"<"+s.Parent().SpanID().String()+">"+s.SpanContext().SpanID().String())
	}
	return out
}

// checkConsumerLog checks that the handler's log line and the consumer's
// own DEBUG line about the event say the request's correlation id, the
// order's event as cause, and a trace id; and that the
// access log line says the route and status.
func checkConsumerLog(t *testing.T, lines []map[string]any) {
	t.Helper()
	var projected, access, handling map[string]any
	for _, l := range lines {
		switch l["msg"] {
		case "projected":
			projected = l
		case "handling an event":
			handling = l
		case "http request":
			access = l
		}
	}
	if projected == nil || access == nil {
		t.Fatalf("no consumer or access log line in %v", lines)
	}
	if projected["correlation_id"] != "order-42" || projected["causation_id"] != "evt-1" || projected["trace_id"] == nil {
		t.Errorf("consumer log line %v, want correlation_id order-42, causation_id evt-1 and a trace_id", projected)
	}
	if handling == nil || handling["correlation_id"] != "order-42" || handling["causation_id"] != "evt-1" || handling["trace_id"] != projected["trace_id"] || handling["type"] != "shop.ordering.order-placed" {
		t.Errorf("the consumer's DEBUG line %v, want the correlation id, the event as cause, its type and the trace id", handling)
	}
	if access["correlation_id"] != "order-42" || access["route"] != "POST /orders" || access["status"] != float64(201) || access["trace_id"] != projected["trace_id"] {
		t.Errorf("access log line %v, want the correlation id, route, status and the consumer's trace id", access)
	}
}

// TestDeadLetterKeepsTraceAndCorrelation checks that a poison event's dead
// letter keeps its trace context and correlation and causation ids beside
// the reason, and is counted by type.
func TestDeadLetterKeepsTraceAndCorrelation(t *testing.T) {
	recorder(t)
	dlq := ordersTopic + ".history.dlq"
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(1, ordersTopic, dlq))
	if err != nil {
		t.Fatal(err)
	}
	defer cluster.Close()
	brokers := cluster.ListenAddrs()
	pub, err := kafka.Dial(kafka.Config{Brokers: brokers}, kafka.Topology{Group: "ordering", Publishes: []string{ordersTopic}}, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	ctx := telemetry.WithCausationID(telemetry.WithCorrelationID(t.Context(), "corr-7"), "evt-0")
	ctx, span := telemetry.Start(ctx, "Place Order")
	msgs := message.Stamp(ctx, []message.Message{{ID: "evt-9", Type: "shop.ordering.order-placed", Source: "ordering", Time: time.Now(), Topic: ordersTopic, Key: "o1", Data: []byte(`{}`)}})
	span.End()
	if err := pub.Publish(ctx, msgs); err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	log := &syncBuffer{}
	consumer, err := kafka.Dial(kafka.Config{Brokers: brokers}, kafka.Topology{Group: history, Consumes: []string{ordersTopic}},
		telemetry.Logger(slog.New(slog.NewJSONHandler(log, nil))), kafka.NewMetrics(reg, kafka.Topology{Consumes: []string{ordersTopic}}))
	if err != nil {
		t.Fatal(err)
	}
	defer consumer.Close()
	cctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		consumer.Consume(cctx, inbox.NewMemory(), func(context.Context, message.Message) error {
			return message.Poison(errors.New("not an order"))
		})
	}()
	f := &flow{brokers: brokers}
	dead := f.read(t, dlq, 1)[0]
	cancel()
	<-done
	want := map[string]string{
		"ce_correlationid": "corr-7",
		"ce_causationid":   "evt-0",
		"traceparent":      "00-" + span.SpanContext().TraceID().String(),
		"dlq_error":        "poison message: not an order",
	}
	for k, v := range want {
		if got := header(dead, k); !strings.HasPrefix(got, v) {
			t.Errorf("dead letter header %s = %q, want %q...", k, got, v)
		}
	}
	var line map[string]any
	for _, l := range log.lines(t) {
		if l["msg"] == "dead-lettered a poison record" {
			line = l
		}
	}
	if line == nil || line["correlation_id"] != "corr-7" || line["causation_id"] != "evt-9" || line["trace_id"] != span.SpanContext().TraceID().String() {
		t.Errorf("dead-letter log line %v, want correlation_id corr-7, causation_id evt-9 and the trace id", line)
	}
	if got := counter(t, reg, "events_dead_lettered_total", map[string]string{"topic": ordersTopic, "type": "shop.ordering.order-placed"}); got != 1 {
		t.Errorf("events_dead_lettered_total{topic,type} = %v, want 1", got)
	}
}

// counter is the value of the series of the metric with the labels.
func counter(t *testing.T, reg prometheus.Gatherer, name string, labels map[string]string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
	series:
		for _, m := range f.GetMetric() {
			got := map[string]string{}
			for _, l := range m.GetLabel() {
				got[l.GetName()] = l.GetValue()
			}
			for k, v := range labels {
				if got[k] != v {
					continue series
				}
			}
			if m.GetHistogram() != nil {
				return float64(m.GetHistogram().GetSampleCount())
			}
			return m.GetCounter().GetValue()
		}
	}
	return 0
}
