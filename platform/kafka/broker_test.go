package kafka

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/platform/inbox"
	"eventstorm/platform/memdb"
	"eventstorm/platform/message"
)

// The tests' topology: order-history reads the orders ordering publishes.
const topic = "shop.ordering.order"

var (
	consumer  = Topology{Group: "order-history", Consumes: []string{topic}}
	publisher = Topology{Group: "ordering", Publishes: []string{topic}}
)

// cluster is an in-process Kafka-protocol broker for one test.
type cluster struct {
	cfg  Config
	cl   *kgo.Client
	adm  *kadm.Client
	fake *kfake.Cluster
}

// newCluster starts a broker whose topics, if any, have partitions
// partitions, with an admin client to look at it.
func newCluster(t *testing.T, partitions int32, topics ...string) cluster {
	t.Helper()
	opts := []kfake.Opt{kfake.NumBrokers(1)}
	if len(topics) > 0 {
		opts = append(opts, kfake.SeedTopics(partitions, topics...))
	}
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	cl, err := kgo.NewClient(kgo.SeedBrokers(c.ListenAddrs()...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cluster{cfg: Config{Brokers: c.ListenAddrs(), Partitions: partitions, ReplicationFactor: 1}, cl: cl, adm: kadm.NewClient(cl), fake: c}
}

// orderCluster is a broker with the topic and its dead-letter topic.
func orderCluster(t *testing.T, partitions int32) cluster {
	return newCluster(t, partitions, topic, consumer.DeadLetterTopic(topic))
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// publish publishes msgs in one call, counting in metrics.
func (c cluster) publish(t *testing.T, metrics *Metrics, msgs ...message.Message) {
	t.Helper()
	pub, err := Connect(ctxFor(t), c.cfg, publisher, slog.New(slog.DiscardHandler), metrics)
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	if err := pub.Publish(ctxFor(t), msgs); err != nil {
		t.Fatal(err)
	}
}

// committed is the sum of the group's committed offsets on topic: how many
// records of it the group consumed.
func (c cluster) committed(t *testing.T, group, topic string) int64 {
	t.Helper()
	n, err := c.committedErr(group, topic)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (c cluster) committedErr(group, topic string) (int64, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	offsets, err := c.adm.FetchOffsets(ctx, group)
	if errors.Is(err, kerr.GroupIDNotFound) {
		return 0, nil // nothing committed yet
	}
	if err != nil {
		return 0, err
	}
	var n int64
	offsets.Each(func(o kadm.OffsetResponse) {
		if o.Topic == topic && o.Err == nil && o.At > 0 {
			n += o.At
		}
	})
	return n, nil
}

// endOffsets is how many records topic holds, over its partitions.
func (c cluster) endOffsets(t *testing.T, topic string) int64 {
	t.Helper()
	ends, err := c.adm.ListEndOffsets(ctxFor(t), topic)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	ends.Each(func(o kadm.ListedOffset) { n += o.Offset })
	return n
}

// waitCommitted waits until the group committed n records of topic.
func (c cluster) waitCommitted(t *testing.T, group, topic string, n int64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := c.committed(t, group, topic)
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("group %s committed %d records of %s, want %d", group, got, topic, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// read reads the n first records of topic, from the start.
func (c cluster) read(t *testing.T, topic string, n int) []*kgo.Record {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(c.cfg.Brokers...), kgo.ConsumeTopics(topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx := ctxFor(t)
	var out []*kgo.Record
	for len(out) < n && ctx.Err() == nil {
		out = append(out, cl.PollFetches(ctx).Records()...)
	}
	if len(out) < n {
		t.Fatalf("read %d records of %s, want %d", len(out), topic, n)
	}
	return out
}

// running is a Consume in progress.
type running struct {
	client *Client
	cancel context.CancelFunc
	done   chan struct{}
	once   sync.Once
}

// consume starts Consume in the consumer's group, until ctx is done or it
// is stopped.
func (c cluster) consume(t *testing.T, ctx context.Context, in inbox.Inbox, metrics *Metrics, handle message.Handler) *running {
	t.Helper()
	client, err := Dial(c.cfg, consumer, slog.New(slog.DiscardHandler), metrics)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(ctx)
	r := &running{client: client, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		client.Consume(ctx, in, handle)
	}()
	t.Cleanup(r.stop)
	return r
}

// stop cancels Consume, waits for it to return and closes the client.
func (r *running) stop() {
	r.once.Do(func() {
		r.cancel()
		<-r.done
		r.client.Close()
	})
}

// wait waits for Consume to return by itself.
func (r *running) wait(t *testing.T) {
	t.Helper()
	select {
	case <-r.done:
	case <-time.After(10 * time.Second):
		t.Fatal("Consume did not return")
	}
}

// orderMsg is the i-th event of the order with the key.
func orderMsg(key string, i int) message.Message {
	return message.Message{
		ID:     key + "-" + strconv.Itoa(i),
		Type:   "shop.ordering.order-placed",
		Source: "/shop/ordering",
		Time:   time.Date(2026, 11, 24, 9, 0, i, 0, time.UTC),
		Topic:  topic,
		Key:    key,
		Data:   []byte(`{"seq":` + strconv.Itoa(i) + `}`),
	}
}

// msgs is n events, over the keys in turn.
func msgs(first, n int, keys ...string) []message.Message {
	var out []message.Message
	for i := first; i < first+n; i++ {
		out = append(out, orderMsg(keys[i%len(keys)], i))
	}
	return out
}

// journal is what a handler saw, safe for concurrent use.
type journal struct {
	mu    sync.Mutex
	ids   []string
	times []time.Time
}

func (l *journal) add(m message.Message) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ids = append(l.ids, m.ID)
	l.times = append(l.times, time.Now())
}

// stored adds m as an effect its handling stores, as a service's stores
// do: with the memory transaction the inbox runs the handling in, so only
// when the inbox commits it, never when it rolls back (as in SQL).
func (l *journal) stored(ctx context.Context, m message.Message) {
	if !memdb.OnCommit(ctx, func() { l.add(m) }) {
		l.add(m)
	}
}

func (l *journal) seen() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.ids)
}

func (l *journal) count(id string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, x := range l.ids {
		if x == id {
			n++
		}
	}
	return n
}

// metricValue sums a metric's values over its labels, those with the
// label values given if any (name=value pairs).
func metricValue(t *testing.T, reg *prometheus.Registry, name string, labels ...string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
	metrics:
		for _, m := range f.GetMetric() {
			for i := 0; i+1 < len(labels); i += 2 {
				found := false
				for _, l := range m.GetLabel() {
					if l.GetName() == labels[i] && l.GetValue() == labels[i+1] {
						found = true
					}
				}
				if !found {
					continue metrics
				}
			}
			sum += m.GetCounter().GetValue() + m.GetGauge().GetValue()
		}
	}
	return sum
}

// TestEnsureTopics checks that EnsureTopics creates exactly the topology's
// topics, with the configured partitions, and may run again.
func TestEnsureTopics(t *testing.T) {
	c := newCluster(t, 4)
	top := Topology{Group: "g", Publishes: []string{"p2", "p1"}, Consumes: []string{"c1", "p1"}}
	client, err := Dial(c.cfg, top, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	for run := range 2 {
		if err := client.EnsureTopics(ctxFor(t)); err != nil {
			t.Fatalf("run %d: %v", run+1, err)
		}
		topics, err := c.adm.ListTopics(ctxFor(t))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := topics.Names(), []string{"c1", "c1.g.dlq", "p1", "p1.g.dlq", "p2"}; !slices.Equal(got, want) {
			t.Errorf("run %d: topics %q, want %q", run+1, got, want)
		}
		for _, d := range topics.Sorted() {
			if len(d.Partitions) != 4 {
				t.Errorf("run %d: %s has %d partitions, want 4", run+1, d.Topic, len(d.Partitions))
			}
		}
	}
}

// TestEnsureTopicsKeepsExisting checks that a topic that exists, with other
// partitions, is left as it is.
func TestEnsureTopicsKeepsExisting(t *testing.T) {
	c := newCluster(t, 1, topic)
	c.cfg.Partitions = 3
	client, err := Connect(ctxFor(t), c.cfg, consumer, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	topics, err := c.adm.ListTopics(ctxFor(t))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]int{}
	for _, d := range topics.Sorted() {
		parts[d.Topic] = len(d.Partitions)
	}
	if want := map[string]int{topic: 1, consumer.DeadLetterTopic(topic): 3}; len(parts) != 2 || parts[topic] != 1 || parts[consumer.DeadLetterTopic(topic)] != 3 {
		t.Errorf("partitions %v, want %v", parts, want)
	}
}

// TestEnsureTopicsFailure checks that a topic the brokers refuse to create
// fails Connect, naming it.
func TestEnsureTopicsFailure(t *testing.T) {
	c := newCluster(t, 1)
	c.cfg.ReplicationFactor = 3 // one broker
	client, err := Connect(ctxFor(t), c.cfg, publisher, slog.New(slog.DiscardHandler), nil)
	if err == nil {
		client.Close()
		t.Fatal("Connect created a topic with 3 replicas on 1 broker")
	}
	if !strings.Contains(err.Error(), topic) {
		t.Errorf("error %q does not name the topic", err)
	}
}

// TestEnsureTopicsNone checks that a service without topics asks nothing
// of the brokers.
func TestEnsureTopicsNone(t *testing.T) {
	client, err := Dial(Config{Brokers: []string{"127.0.0.1:1"}}, Topology{Group: "g"}, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	if err := client.EnsureTopics(ctx); err != nil {
		t.Error(err)
	}
}

// TestDialJoinsGroupOnlyToConsume checks that a publisher joins no consumer
// group, and a consumer joins its own.
func TestDialJoinsGroupOnlyToConsume(t *testing.T) {
	c := orderCluster(t, 1)
	reg := prometheus.NewRegistry()
	c.publish(t, NewMetrics(reg, publisher), orderMsg("o1", 0))
	if got := metricValue(t, reg, "events_published_total", "topic", topic); got != 1 {
		t.Errorf("events_published_total = %v, want 1", got)
	}
	groups, err := c.adm.ListGroups(ctxFor(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 0 {
		t.Errorf("groups after publishing: %q, want none", groups.Groups())
	}
	var seen journal
	c.consume(t, t.Context(), inbox.NewMemory(), nil, func(_ context.Context, m message.Message) error { seen.add(m); return nil })
	c.waitCommitted(t, consumer.Group, topic, 1)
	groups, err = c.adm.ListGroups(ctxFor(t))
	if err != nil {
		t.Fatal(err)
	}
	if got := groups.Groups(); !slices.Equal(got, []string{consumer.Group}) {
		t.Errorf("groups while consuming: %q, want %q", got, consumer.Group)
	}
}

// TestConsumeOnceInKeyOrder checks that every published event is handled
// once, each key's events in order; that Consume commits what it handled;
// and that a new client of the group, after the first stopped, starts after
// the committed offsets.
func TestConsumeOnceInKeyOrder(t *testing.T) {
	c := orderCluster(t, 3)
	keys := []string{"o1", "o2", "o3", "o4", "o5"}
	pubReg := prometheus.NewRegistry()
	pubMetrics := NewMetrics(pubReg, publisher)
	all := msgs(0, 40, keys...)
	c.publish(t, pubMetrics, all[:10]...)
	c.publish(t, pubMetrics, all[10:25]...)
	c.publish(t, pubMetrics, all[25:]...)
	if got := metricValue(t, pubReg, "events_published_total"); got != 40 {
		t.Errorf("events_published_total = %v, want 40", got)
	}

	reg := prometheus.NewRegistry()
	var seen journal
	handle := func(_ context.Context, m message.Message) error { seen.add(m); return nil }
	r := c.consume(t, t.Context(), inbox.NewMemory(), NewMetrics(reg, consumer), handle)
	c.waitCommitted(t, consumer.Group, topic, 40)
	r.stop()
	got := seen.seen()
	if len(got) != 40 {
		t.Errorf("handled %d events, want 40", len(got))
	}
	for _, m := range all {
		if n := seen.count(m.ID); n != 1 {
			t.Errorf("%s handled %d times", m.ID, n)
		}
	}
	last := map[string]int{}
	for _, id := range got {
		key, seq, _ := strings.Cut(id, "-")
		n, _ := strconv.Atoi(seq)
		if prev, ok := last[key]; ok && n < prev {
			t.Errorf("%s handled after %s-%d", id, key, prev)
		}
		last[key] = n
	}
	if got := metricValue(t, reg, "events_consumed_total", "type", "shop.ordering.order-placed"); got != 40 {
		t.Errorf("events_consumed_total = %v, want 40", got)
	}
	if got := metricValue(t, reg, "consumer_lag"); got != 0 {
		t.Errorf("consumer_lag = %v, want 0", got)
	}

	// A new client of the group, with an inbox that knows nothing, starts
	// after the committed offsets: it handles only the new events.
	more := msgs(40, 6, keys...)
	c.publish(t, nil, more...)
	var again journal
	c.consume(t, t.Context(), inbox.NewMemory(), nil, func(_ context.Context, m message.Message) error { again.add(m); return nil })
	c.waitCommitted(t, consumer.Group, topic, 46)
	var want []string
	for _, m := range more {
		want = append(want, m.ID)
	}
	if got := again.seen(); !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
		t.Errorf("the second client handled %q, want %q", got, want)
	}
}

// TestConsumeCommitsAfterHandling checks that no record's offset is
// committed before its handling is over.
func TestConsumeCommitsAfterHandling(t *testing.T) {
	c := orderCluster(t, 1)
	for i := range 5 {
		c.publish(t, nil, orderMsg("o1", i)) // each its own batch
	}
	var mu sync.Mutex
	var early []string
	r := c.consume(t, t.Context(), inbox.NewMemory(), nil, func(_ context.Context, m message.Message) error {
		// The event o1-i is at offset i.
		offset, _ := strconv.Atoi(strings.TrimPrefix(m.ID, "o1-"))
		got, err := c.committedErr(consumer.Group, topic)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case err != nil:
			early = append(early, err.Error())
		case got > int64(offset):
			early = append(early, fmt.Sprintf("%s while %d committed", m.ID, got))
		}
		return nil
	})
	c.waitCommitted(t, consumer.Group, topic, 5)
	r.stop()
	if len(early) > 0 {
		t.Errorf("committed before handled: %q", early)
	}
}

// recordingInbox is an inbox that notes the ids it is given.
type recordingInbox struct {
	inbox.Inbox
	mu  sync.Mutex
	ids []string
}

func (in *recordingInbox) Handle(ctx context.Context, id string, fn func(ctx context.Context) error) (bool, error) {
	in.mu.Lock()
	in.ids = append(in.ids, id)
	in.mu.Unlock()
	return in.Inbox.Handle(ctx, id, fn)
}

func (in *recordingInbox) given() []string {
	in.mu.Lock()
	defer in.mu.Unlock()
	return slices.Compact(slices.Clone(in.ids))
}

// TestConsumeStoppedMidFetch checks that Consume stopped in the middle of a
// fetch commits none of it, so that its records are delivered again to the
// next client of the group, and that the handlings of the stopped fetch,
// rolled back with it (in memory as in SQL), are done again.
func TestConsumeStoppedMidFetch(t *testing.T) {
	c := orderCluster(t, 1)
	all := msgs(0, 10, "o1")
	c.publish(t, nil, all...) // one batch: one fetch
	ids := func(ms []message.Message) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.ID)
		}
		return out
	}

	in := inbox.NewMemory()
	var first, firstStored journal
	ctx, stop := context.WithCancel(t.Context())
	r := c.consume(t, ctx, in, nil, func(ctx context.Context, m message.Message) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		first.add(m)
		firstStored.stored(ctx, m)
		if m.ID == all[3].ID {
			stop() // the service stops while handling the fourth
		}
		return nil
	})
	r.wait(t)
	r.stop()
	if got, want := first.seen(), ids(all[:4]); !slices.Equal(got, want) {
		t.Errorf("the first client handled %q, want %q", got, want)
	}
	if got := firstStored.seen(); len(got) != 0 {
		t.Errorf("the first client's stopped fetch stored %q, want nothing", got)
	}
	if got := c.committed(t, consumer.Group, topic); got != 0 {
		t.Errorf("the stopped fetch committed %d records", got)
	}

	// The next client, with the same inbox: every record comes again, and
	// is handled, as the stopped fetch's were rolled back.
	reg := prometheus.NewRegistry()
	rec := &recordingInbox{Inbox: in}
	var second journal
	c.consume(t, t.Context(), rec, NewMetrics(reg, consumer), func(_ context.Context, m message.Message) error { second.add(m); return nil })
	c.waitCommitted(t, consumer.Group, topic, 10)
	if got, want := rec.given(), ids(all); !slices.Equal(got, want) {
		t.Errorf("redelivered %q, want %q", got, want)
	}
	if got, want := second.seen(), ids(all); !slices.Equal(got, want) {
		t.Errorf("the second client handled %q, want %q", got, want)
	}
	if got := metricValue(t, reg, "events_consumed_total"); got != 10 {
		t.Errorf("events_consumed_total = %v, want 10", got)
	}
}

// TestConsumeSkipsRedeliveredEvent checks that an event published twice,
// as a relay does after a crash, is handled once.
func TestConsumeSkipsRedeliveredEvent(t *testing.T) {
	c := orderCluster(t, 1)
	m := orderMsg("o1", 0)
	c.publish(t, nil, m, orderMsg("o1", 1))
	c.publish(t, nil, m) // published again, in another batch
	reg := prometheus.NewRegistry()
	var seen journal
	c.consume(t, t.Context(), inbox.NewMemory(), NewMetrics(reg, consumer), func(_ context.Context, m message.Message) error { seen.add(m); return nil })
	c.waitCommitted(t, consumer.Group, topic, 3)
	if got, want := seen.seen(), []string{"o1-0", "o1-1"}; !slices.Equal(got, want) {
		t.Errorf("handled %q, want %q", got, want)
	}
	if got := metricValue(t, reg, "events_consumed_total"); got != 2 {
		t.Errorf("events_consumed_total = %v, want 2", got)
	}
}

// TestConsumeFailures checks what becomes of records whose handling fails:
// retried with a doubling backoff until it succeeds when the failure is
// transient, never dead-lettered; sent to the dead-letter topic at once,
// with the reason and where it came from, when poison; and that the
// partition moves on. The failing record comes first, in the middle or last
// of its fetch.
func TestConsumeFailures(t *testing.T) {
	transient := errors.New("database down")
	noHeaders := func(r *kgo.Record) {
		r.Headers = []kgo.RecordHeader{{Key: "trace", Value: []byte("t1")}}
		r.Value = []byte("raw")
	}
	setTime := func(v string) func(r *kgo.Record) {
		return func(r *kgo.Record) {
			r.Headers = slices.Clone(r.Headers)
			for i := range r.Headers {
				if r.Headers[i].Key == "ce_time" {
					r.Headers[i].Value = []byte(v)
				}
			}
		}
	}
	cases := []struct {
		name    string
		fail    func(attempt int) error // the failing record's attempt, from 1
		change  func(r *kgo.Record)     // makes the failing record poison before it is produced
		calls   int                     // attempts at the failing record
		retried float64
		dead    string // dlq_attempts; "" for not dead-lettered
		errText string
	}{
		{name: "transient once", fail: func(a int) error { return errIf(a <= 1, transient) }, calls: 2, retried: 1},
		{name: "transient", fail: func(a int) error { return errIf(a <= 3, transient) }, calls: 4, retried: 3},
		{name: "transient wrapped", fail: func(a int) error { return errIf(a <= 2, fmt.Errorf("saving: %w", transient)) }, calls: 3, retried: 2},
		{name: "deadline", fail: func(a int) error { return errIf(a <= 1, context.DeadlineExceeded) }, calls: 2, retried: 1},
		{name: "poison", fail: func(int) error { return message.Poison(errors.New("not the event's JSON")) }, calls: 1, dead: "1", errText: "poison message: not the event's JSON"},
		{name: "poison wrapped", fail: func(int) error { return fmt.Errorf("decoding: %w", message.Poison(errors.New("bad"))) }, calls: 1, dead: "1", errText: "decoding: poison message: bad"},
		{name: "poison without cause", fail: func(int) error { return message.Poison(nil) }, calls: 1, dead: "1", errText: "poison message"},
		{name: "poison after transient", fail: func(a int) error {
			if a <= 2 {
				return transient
			}
			return message.Poison(errors.New("rule broken"))
		}, calls: 3, retried: 2, dead: "3", errText: "rule broken"},
		{name: "without headers", change: noHeaders, calls: 0, dead: "0", errText: "ce_id"},
		{name: "bad ce_time", change: setTime("yesterday"), calls: 0, dead: "0", errText: `ce_time "yesterday"`},
		{name: "empty ce_time", change: setTime(""), calls: 0, dead: "0", errText: "ce_time"},
	}
	for _, c := range cases {
		for _, at := range []int{0, 2, 4} {
			t.Run(fmt.Sprintf("%s at %d", c.name, at), func(t *testing.T) {
				t.Parallel()
				checkFailure(t, at, c.fail, c.change, c.calls, c.retried, c.dead, c.errText)
			})
		}
	}
}

func errIf(cond bool, err error) error {
	if cond {
		return err
	}
	return nil
}

// checkFailure publishes five records in one batch, the one at offset at
// failing as fail says, or made poison by change, and checks what Consume
// made of them.
func checkFailure(t *testing.T, at int, fail func(int) error, change func(*kgo.Record), calls int, retried float64, dead, errText string) {
	c := orderCluster(t, 1)
	all := msgs(0, 5, "o1")
	records := make([]*kgo.Record, len(all))
	for i, m := range all {
		records[i] = Record(m)
	}
	if change != nil {
		change(records[at])
	}
	failing := records[at]
	if err := c.cl.ProduceSync(ctxFor(t), records...).FirstErr(); err != nil {
		t.Fatal(err)
	}

	reg := prometheus.NewRegistry()
	var seen, attempts journal
	c.consume(t, t.Context(), inbox.NewMemory(), NewMetrics(reg, consumer), func(ctx context.Context, m message.Message) error {
		if m.ID == all[at].ID {
			attempts.add(m)
			if fail == nil { // a record poison before it reaches the handler
				return nil
			}
			if err := fail(len(attempts.seen())); err != nil {
				return err
			}
		}
		seen.stored(ctx, m)
		return nil
	})
	c.waitCommitted(t, consumer.Group, topic, 5)

	// Every other record is handled once, in order, and the failing one
	// once if it succeeds in the end.
	var want []string
	for i, m := range all {
		if i != at || dead == "" {
			want = append(want, m.ID)
		}
	}
	if got := seen.seen(); !slices.Equal(got, want) {
		t.Errorf("handled %q, want %q", got, want)
	}
	if got := len(attempts.seen()); got != calls {
		t.Errorf("%d attempts at the failing record, want %d", got, calls)
	}
	// The backoff doubles from firstBackoff, with jitter: each pause is at
	// least half of it.
	for i := 1; i < len(attempts.times); i++ {
		if gap, least := attempts.times[i].Sub(attempts.times[i-1]), firstBackoff<<(i-1)/2; gap < least {
			t.Errorf("attempt %d came %v after the one before, want at least %v", i+1, gap, least)
		}
	}
	metrics := map[string]float64{
		"events_consumed_total":      float64(len(want)),
		"events_retried_total":       retried,
		"events_dead_lettered_total": 0,
		"consumer_lag":               0,
		"consumer_paused_partitions": 0,
	}
	if dead != "" {
		metrics["events_dead_lettered_total"] = 1
	}
	for name, want := range metrics {
		if got := metricValue(t, reg, name); got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	dlq := consumer.DeadLetterTopic(topic)
	if dead == "" {
		if n := c.endOffsets(t, dlq); n != 0 {
			t.Errorf("%d records dead-lettered", n)
		}
		return
	}
	if got := metricValue(t, reg, "events_dead_lettered_total", "topic", topic); got != 1 {
		t.Errorf("events_dead_lettered_total{topic=%q} = %v, want 1", topic, got)
	}
	if n := c.endOffsets(t, dlq); n != 1 {
		t.Errorf("%d dead letters, want 1", n)
	}
	letters := c.read(t, dlq, 1)
	d := letters[0]
	if string(d.Key) != string(failing.Key) || string(d.Value) != string(failing.Value) {
		t.Errorf("dead letter key %q value %q, want %q %q", d.Key, d.Value, failing.Key, failing.Value)
	}
	n := len(failing.Headers)
	if len(d.Headers) != n+6 || !slices.EqualFunc(d.Headers[:n], failing.Headers, func(a, b kgo.RecordHeader) bool {
		return a.Key == b.Key && string(a.Value) == string(b.Value)
	}) {
		t.Fatalf("dead letter headers %v, want the original %v then 6 more", d.Headers, failing.Headers)
	}
	h := headerMap(d)
	if h["dlq_attempts"] != dead || h["dlq_offset"] != strconv.Itoa(at) || !strings.Contains(h["dlq_error"], errText) {
		t.Errorf("dlq_attempts %q dlq_offset %q dlq_error %q; want %s, %d and an error with %q", h["dlq_attempts"], h["dlq_offset"], h["dlq_error"], dead, at, errText)
	}
	if h["dlq_topic"] != topic || h["dlq_partition"] != "0" || h["dlq_group"] != consumer.Group {
		t.Errorf("dlq_topic %q dlq_partition %q dlq_group %q; want %q, 0 and %q", h["dlq_topic"], h["dlq_partition"], h["dlq_group"], topic, consumer.Group)
	}
}
