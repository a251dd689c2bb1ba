package outbox

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/platform/database"
	"eventstorm/platform/internal/sqltest"
	"eventstorm/platform/kafka"
	"eventstorm/platform/message"
)

// relayTopic is the topic of the events in the tests on a broker.
const relayTopic = "ordering.order"

// startBroker starts an in-process broker on port (0 for any) with the
// relay's topic, keeping its data in dir if not empty.
func startBroker(t *testing.T, port int, dir string) *kfake.Cluster {
	t.Helper()
	opts := []kfake.Opt{kfake.NumBrokers(1), kfake.SeedTopics(3, relayTopic)}
	if port != 0 {
		opts = append(opts, kfake.Ports(port))
	}
	if dir != "" {
		opts = append(opts, kfake.DataDir(dir), kfake.SyncWrites())
	}
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// dialBroker is the service's Kafka client on the brokers at addrs.
func dialBroker(t *testing.T, addrs []string) *kafka.Client {
	t.Helper()
	topology := kafka.Topology{Group: "ordering", Publishes: []string{relayTopic}}
	cl, err := kafka.Dial(kafka.Config{Brokers: addrs, Partitions: 3, ReplicationFactor: 1}, topology, quiet, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}

// topicEvents reads the topic at addrs until it holds n records (or 10 s
// passed, failing the test), waits a little for any more, and returns the
// ids (ce_id) of its records per key, in their order.
func topicEvents(t *testing.T, addrs []string, n int) (all []string, byKey map[string][]string) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addrs...), kgo.ConsumeTopics(relayTopic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	byKey = map[string][]string{}
	deadline := time.Now().Add(10 * time.Second)
	extra := time.Time{}
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		fetches := cl.PollFetches(ctx)
		cancel()
		fetches.EachRecord(func(r *kgo.Record) {
			m, err := kafka.Message(r)
			if err != nil {
				t.Errorf("record %s: %v", r.Key, err)
				return
			}
			all = append(all, m.ID)
			byKey[m.Key] = append(byKey[m.Key], m.ID)
		})
		switch {
		case len(all) >= n && extra.IsZero():
			extra = time.Now().Add(time.Second) // anything more is a duplicate
		case !extra.IsZero() && time.Now().After(extra):
			return all, byKey
		case time.Now().After(deadline):
			t.Fatalf("%d of %d records on the topic after 10 s", len(all), n)
		}
	}
}

// keysOf are the ids of msgs per key, in order.
func keysOf(msgs []message.Message) map[string][]string {
	m := map[string][]string{}
	for _, e := range msgs {
		m[e.Key] = append(m[e.Key], e.ID)
	}
	return m
}

// TestSQLRelayOnBroker runs the relay's tests on a broker, per database
// server.
func TestSQLRelayOnBroker(t *testing.T) {
	t.Parallel()
	sqltest.Each(t, func(t *testing.T, s sqltest.Server, rawURL string) {
		t.Run("too large", func(t *testing.T) { testRelayTooLarge(t, s, rawURL) })
		t.Run("broker down", func(t *testing.T) { testRelayBrokerDown(t, s, rawURL) })
	})
}

// testRelayTooLarge records an event larger than the broker takes among
// others of its aggregate and of others: it is parked with its error,
// counted and logged, once, and every other event is published exactly
// once, in its aggregate's order, the later ones included.
func testRelayTooLarge(t *testing.T, s sqltest.Server, rawURL string) {
	db, o := sqlOutbox(t, rawURL)
	broker := startBroker(t, 0, "")
	t.Cleanup(broker.Close)
	pub := dialBroker(t, broker.ListenAddrs()).Publisher()
	var calls atomic.Int32
	publish := func(ctx context.Context, msgs []message.Message) error {
		calls.Add(1)
		return pub.Publish(ctx, msgs)
	}
	want := events(0, 30)
	big := want[10]
	big.Data = bytes.Repeat([]byte("x"), 1_100_000) // more than a produce batch takes
	ctx := context.Background()
	if err := db.InTx(ctx, func(ctx context.Context) error {
		if err := o.Add(ctx, []message.Message{big}); err == nil {
			t.Error("Add took an event larger than a broker accepts")
		}
		if err := o.add(ctx, want[:10]); err != nil {
			return err
		}
		if err := o.add(ctx, []message.Message{big}); err != nil {
			return err
		}
		return o.add(ctx, want[11:20])
	}); err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); o.Relay(rctx, publish, logger) }()
	defer func() { cancel(); <-done }()
	o.Wake()
	time.Sleep(500 * time.Millisecond)
	addAll(t, db, o, want[20:])
	good := slices.Delete(slices.Clone(want), 10, 11)
	all, byKey := topicEvents(t, broker.ListenAddrs(), len(good))
	if len(all) != len(good) {
		t.Errorf("%d records on the topic, want the %d events other than the large one once each", len(all), len(good))
	}
	for key, ids := range keysOf(good) {
		if !slices.Equal(byKey[key], ids) {
			t.Errorf("key %s: published %v, want %v", key, byKey[key], ids)
		}
	}
	waitSettled(t, db, len(good), 1)
	var parkedID, reason string
	if err := db.Conn(ctx).QueryRowContext(ctx, "SELECT event_id, parked_error FROM eventstorm_outbox WHERE parked_at IS NOT NULL").Scan(&parkedID, &reason); err != nil {
		t.Fatalf("the parked event: %v", err)
	}
	if parkedID != big.ID || !strings.Contains(reason, "MESSAGE_TOO_LARGE") {
		t.Errorf("parked %s with %q, want %s with MESSAGE_TOO_LARGE", parkedID, reason, big.ID)
	}
	before := calls.Load()
	time.Sleep(2 * retryPause)
	if after := calls.Load(); after != before {
		t.Errorf("%d more publications once all was relayed: the parked event is retried", after-before)
	}
	if n := strings.Count(logs.String(), "refused an event for good"); n != 1 {
		t.Errorf("the parked event was logged %d times, want once: %s", n, logs.String())
	}
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(o)
	for name, want := range map[string]float64{
		"events_parked_total":               1,
		"outbox_parked_events":              1,
		"outbox_pending_events":             0,
		"outbox_oldest_pending_age_seconds": 0,
	} {
		if got := gauge(t, reg, name); got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
}

// testRelayBrokerDown records events while the broker is down: the relay's
// publications fail at their deadline, never with a database transaction
// open meanwhile, the pending metrics grow, and once the broker is back
// every event is published once, in order.
func testRelayBrokerDown(t *testing.T, s sqltest.Server, rawURL string) {
	db, o := sqlOutbox(t, rawURL)
	o.publishTimeout = 1500 * time.Millisecond
	port := freePort(t)
	dir := t.TempDir()
	broker := startBroker(t, port, dir)
	addrs := broker.ListenAddrs()
	pub := dialBroker(t, addrs).Publisher()
	ctx := context.Background()
	if err := pub.Publish(ctx, events(1000, 1001)); err != nil { // connected
		t.Fatal(err)
	}
	broker.Close()

	var inFlight atomic.Bool
	var attempts atomic.Int32
	publish := func(ctx context.Context, msgs []message.Message) error {
		attempts.Add(1)
		inFlight.Store(true)
		defer inFlight.Store(false)
		return pub.Publish(ctx, msgs)
	}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); o.Relay(rctx, publish, quiet) }()
	defer func() { cancel(); <-done }()
	want := events(0, 40)
	addAll(t, db, o, want[:20])
	checked := 0
	start := time.Now()
	for time.Since(start) < 4*time.Second {
		if inFlight.Load() {
			if n := openTransactions(t, s, db); n > 0 {
				t.Fatalf("%d transactions open while the relay publishes", n)
			}
			checked++
		}
		time.Sleep(20 * time.Millisecond)
	}
	if checked < 10 || attempts.Load() < 2 {
		t.Fatalf("checked %d times during %d publications, want the relay blocked in publishing", checked, attempts.Load())
	}
	addAll(t, db, o, want[20:])
	if p, sent := rowCounts(t, db); p != 40 || sent != 0 {
		t.Fatalf("%d pending and %d sent with the broker down, want 40 and 0", p, sent)
	}
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(o)
	if got := gauge(t, reg, "outbox_pending_events"); got != 40 {
		t.Errorf("outbox_pending_events = %v, want 40", got)
	}
	if age := gauge(t, reg, "outbox_oldest_pending_age_seconds"); age <= 0 {
		t.Errorf("outbox_oldest_pending_age_seconds = %v, want the age of the first event", age)
	}

	back := startBroker(t, port, dir) // the broker restarted
	want = append(events(1000, 1001), want...)
	t.Cleanup(back.Close)
	all, byKey := topicEvents(t, addrs, len(want))
	if len(all) != len(want) {
		t.Errorf("%d records on the topic, want the %d events once each", len(all), len(want))
	}
	for key, ids := range keysOf(want) {
		if !slices.Equal(byKey[key], ids) {
			t.Errorf("key %s: published %v, want %v", key, byKey[key], ids)
		}
	}
	waitSent(t, db, len(want)-1)
}

// waitSettled waits until the outbox has sent events sent, parked parked,
// and none pending.
func waitSettled(t *testing.T, db *database.DB, sent, parked int) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var s, p, n int
		err := db.Conn(ctx).QueryRowContext(ctx, "SELECT COUNT(sent_at), COUNT(parked_at), COUNT(*) FROM eventstorm_outbox").Scan(&s, &p, &n)
		if err != nil {
			t.Fatal(err)
		}
		if s == sent && p == parked && n == sent+parked {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d sent, %d parked and %d pending after 5 s, want %d, %d and none", s, p, n-s-p, sent, parked)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// gauge is the value of the gauge or counter name that reg gathers.
func gauge(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() == name {
			if c := f.GetMetric()[0].GetCounter(); c != nil {
				return c.GetValue()
			}
			return f.GetMetric()[0].GetGauge().GetValue()
		}
	}
	t.Fatalf("no metric %s", name)
	return 0
}

// openTransactions counts the transactions open on the test's database.
func openTransactions(t *testing.T, s sqltest.Server, db *database.DB) int {
	t.Helper()
	ctx := context.Background()
	query := "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'"
	if s.Name == "mysql" {
		query = "SELECT COUNT(*) FROM information_schema.innodb_trx t JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id WHERE p.db = DATABASE() AND p.id <> CONNECTION_ID()"
	}
	var n int
	if err := db.Conn(ctx).QueryRowContext(ctx, query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// freePort is a TCP port free on the loopback interface.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// syncBuffer is a buffer for logs written from the relay's goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newTextLogger logs as text to w.
func newTextLogger(w *syncBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, nil))
}
