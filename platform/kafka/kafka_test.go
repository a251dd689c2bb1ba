package kafka

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/platform/inbox"
	"eventstorm/platform/message"
)

const topic = "shop.ordering.order"

var topology = Topology{Group: "order-history", Consumes: []string{topic}}

func TestTopology(t *testing.T) {
	top := Topology{Group: "g", Publishes: []string{"b", "a"}, Consumes: []string{"b", "c"}}
	want := []string{"a", "b", "b.g.dlq", "c", "c.g.dlq"}
	if got := top.Topics(); !slices.Equal(got, want) {
		t.Errorf("Topics = %v, want %v", got, want)
	}
}

func TestConfigFromEnv(t *testing.T) {
	t.Setenv("KAFKA_BROKERS", "a:1, b:2")
	t.Setenv("KAFKA_PARTITIONS", "")
	t.Setenv("KAFKA_REPLICATION_FACTOR", "2")
	cfg, err := ConfigFromEnv()
	if err != nil || !slices.Equal(cfg.Brokers, []string{"a:1", "b:2"}) || cfg.Partitions != 3 || cfg.ReplicationFactor != 2 {
		t.Errorf("ConfigFromEnv = %+v, %v", cfg, err)
	}
	t.Setenv("KAFKA_PARTITIONS", "0")
	if _, err := ConfigFromEnv(); err == nil {
		t.Error("KAFKA_PARTITIONS=0 accepted")
	}
}

// TestRecordRoundTrip checks the CloudEvents headers of a published
// record, and that reading it back gives the message.
func TestRecordRoundTrip(t *testing.T) {
	m := message.Message{ID: "e1", Type: "shop.ordering.order-placed", Source: "/shop/ordering", Time: time.Date(2026, 11, 24, 9, 30, 0, 5, time.FixedZone("x", 3600)), Topic: topic, Key: "o1", Data: []byte(`{"amount":"1"}`)}
	r := Record(m)
	headers := map[string]string{}
	for _, h := range r.Headers {
		headers[h.Key] = string(h.Value)
	}
	want := map[string]string{"ce_specversion": "1.0", "ce_id": "e1", "ce_type": m.Type, "ce_source": m.Source, "ce_time": "2026-11-24T08:30:00.000000005Z", "content-type": "application/json"}
	for k, v := range want {
		if headers[k] != v {
			t.Errorf("header %s = %q, want %q", k, headers[k], v)
		}
	}
	if string(r.Key) != "o1" || r.Topic != topic {
		t.Errorf("key %q topic %q", r.Key, r.Topic)
	}
	back, err := Message(r)
	if err != nil || back.ID != m.ID || back.Type != m.Type || back.Key != m.Key || !back.Time.Equal(m.Time) || string(back.Data) != string(m.Data) {
		t.Errorf("read back %+v, %v", back, err)
	}
	r.Headers = r.Headers[:1]
	if _, err := Message(r); !message.IsPoison(err) {
		t.Errorf("a record without ce_id is not poison: %v", err)
	}
}

func TestMetricsByRole(t *testing.T) {
	for _, c := range []struct {
		top  Topology
		want []string
	}{
		{Topology{Publishes: []string{"a"}}, []string{"events_published_total"}},
		{Topology{Consumes: []string{"a"}}, []string{"consumer_lag", "events_consumed_total", "events_dead_lettered_total", "events_retried_total"}},
	} {
		reg := prometheus.NewRegistry()
		m := NewMetrics(reg, c.top)
		m.published("a")
		m.consumed("t")
		m.retried("t")
		m.deadLettered("a")
		m.lag("a", 0, 1)
		families, err := reg.Gather()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range families {
			got = append(got, f.GetName())
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%+v: metrics %v, want %v", c.top, got, c.want)
		}
	}
	var none *Metrics
	none.consumed("t") // no panic
}

// broker starts an in-process Kafka-protocol broker with the topic and its
// dead-letter topic, for the test.
func broker(t *testing.T) Config {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(1, topic, topology.DeadLetterTopic(topic)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return Config{Brokers: c.ListenAddrs(), Partitions: 1, ReplicationFactor: 1}
}

func publish(t *testing.T, cfg Config, msgs ...message.Message) {
	t.Helper()
	pub, err := Connect(context.Background(), cfg, Topology{Group: "ordering", Publishes: []string{topic}}, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	if err := pub.Publish(context.Background(), msgs); err != nil {
		t.Fatal(err)
	}
}

func msg(i int) message.Message {
	return message.Message{ID: "e" + strconv.Itoa(i), Type: "placed", Source: "/s", Time: time.Now(), Topic: topic, Key: "k" + strconv.Itoa(i%3), Data: []byte(`{}`)}
}

// consume runs Consume until handle has seen n distinct ids or the time is
// up, and returns the counts by id.
func consume(t *testing.T, cfg Config, in inbox.Inbox, reg *prometheus.Registry, n int, handle func(m message.Message) error) map[string]int {
	t.Helper()
	c, err := Dial(cfg, topology, slog.New(slog.NewTextHandler(io.Discard, nil)), NewMetrics(reg, topology))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var mu sync.Mutex
	seen := map[string]int{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.Consume(ctx, in, func(_ context.Context, m message.Message) error {
			err := handle(m)
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				seen[m.ID]++
				if len(seen) == n {
					// Let the consumer commit the fetch first.
					time.AfterFunc(300*time.Millisecond, cancel)
				}
			}
			return err
		})
	}()
	<-done
	mu.Lock()
	defer mu.Unlock()
	return seen
}

// TestConsumeOncePerEvent checks that published events are handled once
// each, and that a second consumer of the group, after the first committed,
// reads nothing again.
func TestConsumeOncePerEvent(t *testing.T) {
	cfg := broker(t)
	var msgs []message.Message
	for i := range 20 {
		msgs = append(msgs, msg(i))
	}
	publish(t, cfg, msgs...)
	reg := prometheus.NewRegistry()
	in := inbox.NewMemory()
	seen := consume(t, cfg, in, reg, 20, func(message.Message) error { return nil })
	for _, m := range msgs {
		if seen[m.ID] != 1 {
			t.Errorf("%s handled %d times", m.ID, seen[m.ID])
		}
	}
	if got := counter(t, reg, "events_consumed_total"); got != 20 {
		t.Errorf("events_consumed_total = %v, want 20", got)
	}
	// A new consumer in the group starts after the committed offsets.
	publish(t, cfg, msg(100))
	seen = consume(t, cfg, inbox.NewMemory(), prometheus.NewRegistry(), 1, func(message.Message) error { return nil })
	if len(seen) != 1 || seen["e100"] != 1 {
		t.Errorf("the second consumer handled %v, want only e100", seen)
	}
}

// TestRetriesThenDeadLetters checks that a transient failure is retried
// until it succeeds, that a record failing every attempt and a poison one
// go to the dead-letter topic with the error, and that the partition moves
// on past them.
func TestRetriesThenDeadLetters(t *testing.T) {
	cfg := broker(t)
	publish(t, cfg, msg(1), msg(2), msg(3), msg(4))
	attempts := map[string]int{}
	reg := prometheus.NewRegistry()
	seen := consume(t, cfg, inbox.NewMemory(), reg, 2, func(m message.Message) error {
		attempts[m.ID]++
		switch {
		case m.ID == "e1" && attempts[m.ID] < 3:
			return errors.New("database down")
		case m.ID == "e2":
			return errors.New("always fails")
		case m.ID == "e3":
			return message.Poison(errors.New("not the event's JSON"))
		}
		return nil
	})
	if seen["e1"] != 1 || seen["e4"] != 1 || attempts["e2"] != MaxAttempts || attempts["e3"] != 1 {
		t.Errorf("handled %v after attempts %v", seen, attempts)
	}
	// e1's first failure is in the fetch's batch, which then falls back to
	// one record at a time: 1 retry for e1, MaxAttempts-1 for e2.
	if got := counter(t, reg, "events_retried_total"); got != float64(MaxAttempts) {
		t.Errorf("events_retried_total = %v, want %d", got, MaxAttempts)
	}
	dead := readAll(t, cfg, topology.DeadLetterTopic(topic), 2)
	want := map[string]string{"e2": strconv.Itoa(MaxAttempts), "e3": "1"}
	for _, r := range dead {
		h := map[string]string{}
		for _, x := range r.Headers {
			h[x.Key] = string(x.Value)
		}
		if want[h["ce_id"]] != h["dlq_attempts"] || h["dlq_error"] == "" || h["dlq_offset"] == "" || h["ce_type"] != "placed" {
			t.Errorf("dead letter headers %v", h)
		}
		delete(want, h["ce_id"])
	}
	if len(want) != 0 {
		t.Errorf("not dead-lettered: %v", want)
	}
}

// counter sums a counter's values over its labels.
func counter(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, f := range families {
		if f.GetName() == name {
			for _, m := range f.GetMetric() {
				sum += m.GetCounter().GetValue()
			}
		}
	}
	return sum
}

func readAll(t *testing.T, cfg Config, topic string, n int) []*kgo.Record {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(cfg.Brokers...), kgo.ConsumeTopics(topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out []*kgo.Record
	for len(out) < n && ctx.Err() == nil {
		out = append(out, cl.PollFetches(ctx).Records()...)
	}
	return out
}
