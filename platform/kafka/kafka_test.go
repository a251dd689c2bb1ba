package kafka

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/platform/message"
)

func TestTopologyTopics(t *testing.T) {
	cases := []struct {
		name string
		top  Topology
		want []string
	}{
		{name: "empty", top: Topology{Group: "g"}, want: []string{}},
		{name: "publishes only", top: Topology{Group: "g", Publishes: []string{"b", "a"}}, want: []string{"a", "b"}},
		{name: "consumes only", top: Topology{Group: "g", Consumes: []string{"x"}}, want: []string{"x", "x.g.dlq"}},
		{
			name: "both, overlapping and repeated",
			top:  Topology{Group: "g", Publishes: []string{"b", "a", "b"}, Consumes: []string{"c", "b", "c"}},
			want: []string{"a", "b", "b.g.dlq", "c", "c.g.dlq"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			publishes := slices.Clone(c.top.Publishes)
			got := c.top.Topics()
			if !slices.Equal(got, c.want) {
				t.Errorf("Topics() = %q, want %q", got, c.want)
			}
			if !slices.Equal(c.top.Publishes, publishes) {
				t.Errorf("Topics() changed Publishes to %q", c.top.Publishes)
			}
		})
	}
}

func TestDeadLetterTopic(t *testing.T) {
	top := Topology{Group: "order-history"}
	if got, want := top.DeadLetterTopic("shop.ordering.order"), "shop.ordering.order.order-history.dlq"; got != want {
		t.Errorf("DeadLetterTopic = %q, want %q", got, want)
	}
}

func TestConfigFromEnv(t *testing.T) {
	cases := []struct {
		name                                    string
		brokers, partitions, replicate, backoff string
		want                                    Config
		badVar                                  string // the variable the error names; "" for none
	}{
		{name: "defaults", want: Config{Partitions: 3, ReplicationFactor: 1, RetryBackoffMax: 30 * time.Second}},
		{
			name: "all set", brokers: " a:9092, ,b:9092 ", partitions: "12", replicate: "3", backoff: "1m30s",
			want: Config{Brokers: []string{"a:9092", "b:9092"}, Partitions: 12, ReplicationFactor: 3, RetryBackoffMax: 90 * time.Second},
		},
		{name: "bounds", partitions: "10000", replicate: "100", backoff: "1h", want: Config{Partitions: 10000, ReplicationFactor: 100, RetryBackoffMax: time.Hour}},
		{name: "lowest back-off", backoff: "100ms", want: Config{Partitions: 3, ReplicationFactor: 1, RetryBackoffMax: 100 * time.Millisecond}},
		{name: "back-off too short", backoff: "99ms", badVar: "KAFKA_RETRY_BACKOFF_MAX"},
		{name: "back-off too long", backoff: "61m", badVar: "KAFKA_RETRY_BACKOFF_MAX"},
		{name: "back-off without unit", backoff: "30", badVar: "KAFKA_RETRY_BACKOFF_MAX"},
		{name: "no partitions", partitions: "0", badVar: "KAFKA_PARTITIONS"},
		{name: "too many partitions", partitions: "10001", badVar: "KAFKA_PARTITIONS"},
		{name: "partitions not a number", partitions: "three", badVar: "KAFKA_PARTITIONS"},
		{name: "no replication", replicate: "0", badVar: "KAFKA_REPLICATION_FACTOR"},
		{name: "too much replication", replicate: "101", badVar: "KAFKA_REPLICATION_FACTOR"},
		{name: "replication not a number", replicate: "1.5", badVar: "KAFKA_REPLICATION_FACTOR"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("KAFKA_BROKERS", c.brokers)
			t.Setenv("KAFKA_PARTITIONS", c.partitions)
			t.Setenv("KAFKA_REPLICATION_FACTOR", c.replicate)
			t.Setenv("KAFKA_RETRY_BACKOFF_MAX", c.backoff)
			cfg, err := ConfigFromEnv()
			if c.badVar != "" {
				if err == nil || !strings.Contains(err.Error(), c.badVar+"=") {
					t.Errorf("ConfigFromEnv() = %+v, %v; want an error naming %s", cfg, err, c.badVar)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(cfg.Brokers, c.want.Brokers) || cfg.Partitions != c.want.Partitions || cfg.ReplicationFactor != c.want.ReplicationFactor || cfg.RetryBackoffMax != c.want.RetryBackoffMax {
				t.Errorf("ConfigFromEnv() = %+v, want %+v", cfg, c.want)
			}
		})
	}
}

func headerMap(r *kgo.Record) map[string]string {
	h := map[string]string{}
	for _, x := range r.Headers {
		h[x.Key] = string(x.Value)
	}
	return h
}

// TestRecord checks a message as a record: its topic, key and value, and
// its CloudEvents attributes as headers in binary mode.
func TestRecord(t *testing.T) {
	m := message.Message{
		ID: "e1", Type: "shop.ordering.order-placed", Source: "/shop/ordering",
		Time:  time.Date(2026, 11, 24, 9, 30, 0, 5, time.FixedZone("CET", 3600)),
		Topic: "shop.ordering.order", Key: "o1", Data: []byte(`{"amount":"1"}`),
	}
	r := Record(m)
	if r.Topic != m.Topic || string(r.Key) != "o1" || string(r.Value) != `{"amount":"1"}` {
		t.Errorf("topic %q key %q value %s", r.Topic, r.Key, r.Value)
	}
	var keys []string
	for _, h := range r.Headers {
		keys = append(keys, h.Key)
	}
	if want := []string{"ce_specversion", "ce_id", "ce_type", "ce_source", "ce_time", "content-type"}; !slices.Equal(keys, want) {
		t.Errorf("headers %q, want %q", keys, want)
	}
	want := map[string]string{
		"ce_specversion": "1.0",
		"ce_id":          "e1",
		"ce_type":        "shop.ordering.order-placed",
		"ce_source":      "/shop/ordering",
		"ce_time":        "2026-11-24T08:30:00.000000005Z", // RFC 3339 with nanoseconds, in UTC
		"content-type":   "application/json",
	}
	if got := headerMap(r); !maps.Equal(got, want) {
		t.Errorf("headers %v, want %v", got, want)
	}
	if got := headerMap(Record(message.Message{ID: "e3", Type: "t", IssuedBy: "ada"})); got["ce_issuedby"] != "ada" {
		t.Errorf("the headers of an event issued by ada: %v, want ce_issuedby ada", got)
	}
	traced := headerMap(Record(message.Message{ID: "e3", Type: "t", TraceParent: "00-a-b-01", TraceState: "v=1", CorrelationID: "c", CausationID: "e0"}))
	for k, v := range map[string]string{"traceparent": "00-a-b-01", "tracestate": "v=1", "ce_correlationid": "c", "ce_causationid": "e0"} {
		if traced[k] != v {
			t.Errorf("header %s = %q, want %q", k, traced[k], v)
		}
	}
	// The bytes of one record's key and headers are its own: a second
	// record does not change them.
	Record(message.Message{ID: "e2", Type: "other", Source: "/x", Key: "o2", Topic: "t"})
	if got := headerMap(r); !maps.Equal(got, want) || string(r.Key) != "o1" {
		t.Errorf("after another Record, key %q headers %v", r.Key, got)
	}
}

// TestRecordRoundTrip checks that Message reads back what Record wrote.
func TestRecordRoundTrip(t *testing.T) {
	cases := []message.Message{
		{ID: "e1", Type: "shop.ordering.order-placed", Source: "/shop/ordering", Time: time.Date(2026, 11, 24, 9, 30, 0, 123456789, time.UTC), Topic: "shop.ordering.order", Key: "o1", Data: []byte(`{"a":1}`)},
		{ID: "7f9c1a52-0d8e-4b1e-9a53-2f6d0c1e9b77", Type: "t", Source: "", Time: time.Date(2027, 1, 2, 3, 4, 5, 0, time.FixedZone("", -7*3600)), Topic: "x", Key: "", Data: nil},
		{ID: "ü", Type: "ünïcode", Source: "/s", Time: time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), Topic: "x", Key: "k", Data: []byte(`{}`)},
		{ID: "e4", Type: "t", Source: "/s", Time: time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), Topic: "x", Key: "k", Data: []byte(`{}`), IssuedBy: "ada@example.com"},
		{ID: "e5", Type: "t", Source: "/s", Time: time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), Topic: "x", Key: "k", Data: []byte(`{}`),
			TraceParent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", TraceState: "vendor=x", CorrelationID: "order-42", CausationID: "e4"},
	}
	for _, m := range cases {
		t.Run(m.ID, func(t *testing.T) {
			r := Record(m)
			r.Partition, r.Offset = 2, 41 // as a consumer gets it
			got, err := Message(r)
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != m.ID || got.Type != m.Type || got.Source != m.Source || !got.Time.Equal(m.Time) || got.Topic != m.Topic || got.Key != m.Key || string(got.Data) != string(m.Data) || got.IssuedBy != m.IssuedBy ||
				got.TraceParent != m.TraceParent || got.TraceState != m.TraceState || got.CorrelationID != m.CorrelationID || got.CausationID != m.CausationID {
				t.Errorf("read back %+v, want %+v", got, m)
			}
			if got.Time.Location() != time.UTC {
				t.Errorf("time %v not in UTC", got.Time)
			}
		})
	}
}

// TestMessagePoison checks that a record without the attributes that
// identify its event is poison.
func TestMessagePoison(t *testing.T) {
	full := Record(message.Message{ID: "e1", Type: "t", Source: "/s", Time: time.Now(), Topic: "x", Key: "k", Data: []byte(`{}`)})
	without := func(keys ...string) []kgo.RecordHeader {
		return slices.DeleteFunc(slices.Clone(full.Headers), func(h kgo.RecordHeader) bool { return slices.Contains(keys, h.Key) })
	}
	empty := func(key string) []kgo.RecordHeader {
		hs := slices.Clone(full.Headers)
		for i := range hs {
			if hs[i].Key == key {
				hs[i].Value = nil
			}
		}
		return hs
	}
	with := func(key, value string) []kgo.RecordHeader {
		hs := slices.Clone(full.Headers)
		for i := range hs {
			if hs[i].Key == key {
				hs[i].Value = []byte(value)
			}
		}
		return hs
	}
	cases := []struct {
		name    string
		headers []kgo.RecordHeader
		poison  bool
		says    string // what the error says, if anything
	}{
		{name: "complete", headers: full.Headers},
		{name: "no source, time or content type", headers: without("ce_source", "ce_time", "content-type", "ce_specversion")},
		{name: "no headers", headers: nil, poison: true},
		{name: "no ce_id", headers: without("ce_id"), poison: true},
		{name: "no ce_type", headers: without("ce_type"), poison: true},
		{name: "empty ce_id", headers: empty("ce_id"), poison: true},
		{name: "empty ce_type", headers: empty("ce_type"), poison: true},
		{name: "empty ce_time", headers: empty("ce_time"), poison: true, says: `ce_time ""`},
		{name: "ce_time not RFC 3339", headers: with("ce_time", "24/11/2026 09:30"), poison: true, says: `ce_time "24/11/2026 09:30" is not an RFC 3339 time`},
		{name: "ce_time without zone", headers: with("ce_time", "2026-11-24T09:30:00"), poison: true, says: "ce_time"},
		{name: "ce_time long garbage", headers: with("ce_time", strings.Repeat("x", 1000)), poison: true, says: strings.Repeat("x", 64) + `..."`},
		{name: "ce_time with offset", headers: with("ce_time", "2026-11-24T09:30:00+01:00")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &kgo.Record{Topic: "x", Key: []byte("k"), Value: []byte(`{}`), Headers: c.headers}
			_, err := Message(r)
			if c.poison != message.IsPoison(err) || !c.poison && err != nil {
				t.Errorf("Message() error %v; want poison: %v", err, c.poison)
			}
			if c.says != "" && (err == nil || !strings.Contains(err.Error(), c.says)) {
				t.Errorf("Message() error %v; want one saying %s", err, c.says)
			}
		})
	}
}

// TestIntern checks that interned values read back right, the same string
// for the same bytes, and that the set of them stays bounded.
func TestIntern(t *testing.T) {
	a := intern([]byte("shop.ordering.order-placed"))
	b := intern([]byte("shop.ordering.order-placed"))
	if a != "shop.ordering.order-placed" || b != a || unsafe.StringData(a) != unsafe.StringData(b) {
		t.Errorf("intern gave %q and %q (same memory: %v)", a, b, unsafe.StringData(a) == unsafe.StringData(b))
	}
	for i := range 2 * maxValues {
		v := fmt.Sprintf("type-%d", i)
		if got := intern([]byte(v)); got != v {
			t.Fatalf("intern(%q) = %q", v, got)
		}
	}
	if n := len(*values.Load()); n > maxValues {
		t.Errorf("%d values interned, more than %d", n, maxValues)
	}
}

func TestNewMetrics(t *testing.T) {
	consumer := []string{"consumer_lag", "consumer_paused_partitions", "events_consumed_total", "events_dead_lettered_total", "events_retried_total"}
	cases := []struct {
		name string
		top  Topology
		want []string
	}{
		{name: "publisher", top: Topology{Group: "g", Publishes: []string{"a"}}, want: []string{"events_published_total"}},
		{name: "consumer", top: Topology{Group: "g", Consumes: []string{"a"}}, want: consumer},
		{name: "both", top: Topology{Group: "g", Publishes: []string{"a"}, Consumes: []string{"b"}}, want: append([]string{"events_published_total"}, consumer...)},
		{name: "neither", top: Topology{Group: "g"}, want: nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			reg := prometheus.NewRegistry()
			m := NewMetrics(reg, c.top)
			// Counting what the service does not do must not panic, nor
			// create the metric.
			m.published("a")
			m.consumed("t")
			m.consumedN("t", 2)
			m.retried("t")
			m.deadLettered("a", "t")
			m.lag("a", 0, 1)
			m.paused("a", 1)
			families, err := reg.Gather()
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range families {
				got = append(got, f.GetName())
			}
			if want := slices.Sorted(slices.Values(c.want)); !slices.Equal(got, want) {
				t.Errorf("metrics %q, want %q", got, want)
			}
			values := map[string]float64{}
			for _, f := range families {
				for _, x := range f.GetMetric() {
					values[f.GetName()] += x.GetCounter().GetValue() + x.GetGauge().GetValue()
				}
			}
			want := map[string]float64{"events_published_total": 1, "events_consumed_total": 3, "events_retried_total": 1, "events_dead_lettered_total": 1, "consumer_lag": 1, "consumer_paused_partitions": 1}
			for _, name := range c.want {
				if values[name] != want[name] {
					t.Errorf("%s = %v, want %v", name, values[name], want[name])
				}
			}
		})
	}
}

func TestNilMetrics(t *testing.T) {
	var m *Metrics
	m.published("a")
	m.consumed("t")
	m.consumedN("t", 3)
	m.retried("t")
	m.deadLettered("a", "t")
	m.lag("a", 0, 1)
	m.paused("a", -1)
}

func TestPoisonIsAMessagePoison(t *testing.T) {
	_, err := Message(&kgo.Record{})
	var p *message.PoisonError
	if !errors.As(err, &p) || !strings.Contains(err.Error(), "ce_id") {
		t.Errorf("Message of an empty record: %v", err)
	}
}

// TestBackoff checks the pauses between attempts: from firstBackoff,
// doubling, capped, each between half of that and all of it, and not all
// the same.
func TestBackoff(t *testing.T) {
	cases := []struct {
		failures int
		limit    time.Duration
		want     time.Duration // before jitter
	}{
		{1, 30 * time.Second, 100 * time.Millisecond},
		{2, 30 * time.Second, 200 * time.Millisecond},
		{4, 30 * time.Second, 800 * time.Millisecond},
		{9, 30 * time.Second, 25600 * time.Millisecond},
		{10, 30 * time.Second, 30 * time.Second},
		{1000, 30 * time.Second, 30 * time.Second},
		{1, 100 * time.Millisecond, 100 * time.Millisecond},
		{3, 250 * time.Millisecond, 250 * time.Millisecond},
		{1, 50 * time.Millisecond, 50 * time.Millisecond},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d failures, at most %v", c.failures, c.limit), func(t *testing.T) {
			seen := map[time.Duration]bool{}
			for range 200 {
				d := backoff(c.failures, c.limit)
				if d < c.want/2 || d > c.want {
					t.Fatalf("backoff = %v, want from %v to %v", d, c.want/2, c.want)
				}
				seen[d] = true
			}
			if len(seen) < 10 {
				t.Errorf("only %d different pauses in 200: no jitter", len(seen))
			}
		})
	}
}
