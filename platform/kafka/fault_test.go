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
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"eventstorm/platform/inbox"
	"eventstorm/platform/message"
)

// errDown is a dependency's failure: transient.
var errDown = errors.New("dial tcp 10.0.0.5:5432: connect: connection refused")

// outage is a dependency that is down until it is brought back.
type outage struct {
	down     atomic.Bool
	failures atomic.Int64
}

func newOutage() *outage {
	o := &outage{}
	o.down.Store(true)
	return o
}

// call fails while the dependency is down.
func (o *outage) call() error {
	if o.down.Load() {
		o.failures.Add(1)
		return errDown
	}
	return nil
}

// waitFailures waits until the dependency was called n times while down.
func (o *outage) waitFailures(t *testing.T, n int64) {
	t.Helper()
	waitFor(t, fmt.Sprintf("%d failed calls", n), func() bool { return o.failures.Load() >= n })
}

// waitFor waits up to 10 s for cond.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// committedAt is the group's committed offset of one partition of topic, 0
// when none.
func (c cluster) committedAt(t *testing.T, group, topic string, partition int32) int64 {
	t.Helper()
	offsets, err := c.adm.FetchOffsets(ctxFor(t), group)
	if errors.Is(err, kerr.GroupIDNotFound) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	o, ok := offsets.Lookup(topic, partition)
	if !ok || o.Err != nil || o.At < 0 {
		return 0
	}
	return o.At
}

// produceTo produces records to the partition of the topic given by each
// record, in one call.
func (c cluster) produceTo(t *testing.T, records ...*kgo.Record) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(c.cfg.Brokers...), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if err := cl.ProduceSync(ctxFor(t), records...).FirstErr(); err != nil {
		t.Fatal(err)
	}
}

// onPartition is the i-th order event as a record for the partition.
func onPartition(partition int32, key string, i int) *kgo.Record {
	r := Record(orderMsg(key, i))
	r.Partition = partition
	return r
}

// TestConsumeThroughOutage checks that a handler failing for a transient
// reason for a while (its database down) holds its partition back: the
// record is retried with back-off until the dependency is back, then
// handled once; nothing is dead-lettered; the offset is not committed past
// it meanwhile, and is after; Check reports the stall and the metrics count
// it. The failing record comes first, in the middle or last of its fetch,
// and the outage is short or long against the back-off's cap.
func TestConsumeThroughOutage(t *testing.T) {
	cases := []struct {
		at       int
		failures int64 // failed attempts before the dependency comes back
		limit    time.Duration
	}{
		{at: 0, failures: 3, limit: 100 * time.Millisecond},
		{at: 2, failures: 6, limit: 150 * time.Millisecond},
		{at: 4, failures: 2, limit: 30 * time.Second},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("at %d, %d failures, back-off up to %v", tc.at, tc.failures, tc.limit), func(t *testing.T) {
			t.Parallel()
			c := orderCluster(t, 1)
			c.cfg.RetryBackoffMax = tc.limit
			all := msgs(0, 5, "o1")
			c.publish(t, nil, all...) // one batch
			db := newOutage()
			reg := prometheus.NewRegistry()
			var seen, attempts journal
			r := c.consume(t, t.Context(), inbox.NewMemory(), NewMetrics(reg, consumer), func(ctx context.Context, m message.Message) error {
				if m.ID == all[tc.at].ID {
					attempts.add(m)
					if err := db.call(); err != nil {
						return fmt.Errorf("saving %s: %w", m.ID, err)
					}
				}
				seen.stored(ctx, m)
				return nil
			})
			db.waitFailures(t, tc.failures)

			// Down: the records before the failing one are committed,
			// not it nor those after it.
			c.waitCommitted(t, consumer.Group, topic, int64(tc.at))
			time.Sleep(50 * time.Millisecond)
			if got := c.committed(t, consumer.Group, topic); got != int64(tc.at) {
				t.Errorf("committed %d records while the record at %d failed", got, tc.at)
			}
			err := r.client.Check(t.Context())
			if !errors.Is(err, ErrStalled) || !strings.Contains(err.Error(), errDown.Error()) {
				t.Errorf("Check() = %v while the database is down, want ErrStalled", err)
			}
			if got := metricValue(t, reg, "consumer_paused_partitions", "topic", topic); got != 1 {
				t.Errorf("consumer_paused_partitions = %v while down, want 1", got)
			}
			if got := metricValue(t, reg, "events_retried_total", "type", all[tc.at].Type); got < float64(tc.failures-1) {
				t.Errorf("events_retried_total = %v after %d failures", got, tc.failures)
			}

			db.down.Store(false)
			c.waitCommitted(t, consumer.Group, topic, 5)
			var want []string
			for _, m := range all {
				want = append(want, m.ID)
			}
			if got := seen.seen(); !slices.Equal(got, want) {
				t.Errorf("handled %q, want %q", got, want)
			}
			if n := c.endOffsets(t, consumer.DeadLetterTopic(topic)); n != 0 {
				t.Errorf("%d records dead-lettered", n)
			}
			waitFor(t, "Check() to be nil", func() bool { return r.client.Check(t.Context()) == nil })
			if got := metricValue(t, reg, "consumer_paused_partitions"); got != 0 {
				t.Errorf("consumer_paused_partitions = %v after, want 0", got)
			}
			if got := metricValue(t, reg, "events_consumed_total"); got != 5 {
				t.Errorf("events_consumed_total = %v, want 5", got)
			}
			if got := metricValue(t, reg, "events_dead_lettered_total"); got != 0 {
				t.Errorf("events_dead_lettered_total = %v, want 0", got)
			}
			// The pauses grow, with jitter, up to the cap.
			attempts.mu.Lock()
			times := slices.Clone(attempts.times)
			attempts.mu.Unlock()
			for i := 1; i < len(times); i++ {
				least := min(firstBackoff<<(i-1), tc.limit) / 2
				if gap := times[i].Sub(times[i-1]); gap < least {
					t.Errorf("attempt %d came %v after the one before, want at least %v", i+1, gap, least)
				}
				if most := min(firstBackoff<<(i-1), tc.limit) + time.Second; i > 1 && times[i].Sub(times[i-1]) > most {
					t.Errorf("attempt %d came %v after the one before, want at most %v", i+1, times[i].Sub(times[i-1]), most)
				}
			}
		})
	}
}

// TestConsumeOtherPartitionsGoOn checks that while one partition is paused
// on a transient failure, the others are consumed and committed, and that
// the paused one, once its dependency is back, handles its records in order,
// those published while it was paused included.
func TestConsumeOtherPartitionsGoOn(t *testing.T) {
	c := orderCluster(t, 3)
	c.cfg.RetryBackoffMax = 100 * time.Millisecond
	db := newOutage()
	var seen journal
	r := c.consume(t, t.Context(), inbox.NewMemory(), nil, func(_ context.Context, m message.Message) error {
		if m.Key == "stuck" {
			if err := db.call(); err != nil {
				return err
			}
		}
		seen.add(m)
		return nil
	})
	c.produceTo(t, onPartition(0, "stuck", 0), onPartition(0, "stuck", 1))
	db.waitFailures(t, 2)

	// Partitions 1 and 2 go on, in several fetches, while 0 waits.
	for i := range 3 {
		c.produceTo(t, onPartition(1, "a", i), onPartition(2, "b", i))
		waitFor(t, "partitions 1 and 2 committed", func() bool {
			return c.committedAt(t, consumer.Group, topic, 1) == int64(i+1) && c.committedAt(t, consumer.Group, topic, 2) == int64(i+1)
		})
	}
	c.produceTo(t, onPartition(0, "stuck", 2))
	time.Sleep(100 * time.Millisecond)
	if got := c.committedAt(t, consumer.Group, topic, 0); got != 0 {
		t.Errorf("partition 0 committed at %d while its first record fails", got)
	}
	if err := r.client.Check(t.Context()); !errors.Is(err, ErrStalled) {
		t.Errorf("Check() = %v, want ErrStalled", err)
	} else if want := topic + " partition 0 "; !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), errDown.Error()) {
		t.Errorf("Check() = %q, want it to name %q and the failure", err, want)
	}
	if got := seen.count("stuck-0") + seen.count("stuck-1") + seen.count("stuck-2"); got != 0 {
		t.Errorf("partition 0 handled %d records while its first fails", got)
	}

	db.down.Store(false)
	waitFor(t, "partition 0 committed", func() bool { return c.committedAt(t, consumer.Group, topic, 0) == 3 })
	var stuck []string
	for _, id := range seen.seen() {
		if strings.HasPrefix(id, "stuck-") {
			stuck = append(stuck, id)
		}
	}
	if want := []string{"stuck-0", "stuck-1", "stuck-2"}; !slices.Equal(stuck, want) {
		t.Errorf("partition 0 handled %q, want %q", stuck, want)
	}
	if err := r.client.Check(t.Context()); err != nil {
		t.Errorf("Check() = %v after the outage", err)
	}
	if n := c.endOffsets(t, consumer.DeadLetterTopic(topic)); n != 0 {
		t.Errorf("%d records dead-lettered", n)
	}
}

// refuseProduce makes the broker refuse, as an ACL would, every produce
// request to topic while refuse is true, counting the refusals.
func (c cluster) refuseProduce(t *testing.T, topic string, refuse *atomic.Bool, refused *atomic.Int64) {
	t.Helper()
	topics, err := c.adm.ListTopics(ctxFor(t), topic)
	if err != nil {
		t.Fatal(err)
	}
	id := topics[topic].ID
	var mu sync.Mutex
	c.fake.ControlKey(int16(kmsg.Produce), func(kreq kmsg.Request) (kmsg.Response, error, bool) {
		c.fake.KeepControl()
		mu.Lock()
		defer mu.Unlock()
		req := kreq.(*kmsg.ProduceRequest)
		if !refuse.Load() || !slices.ContainsFunc(req.Topics, func(rt kmsg.ProduceRequestTopic) bool { return rt.Topic == topic || rt.TopicID == id }) {
			return nil, nil, false
		}
		resp := req.ResponseKind().(*kmsg.ProduceResponse)
		for _, rt := range req.Topics {
			st := kmsg.NewProduceResponseTopic()
			st.Topic, st.TopicID = rt.Topic, rt.TopicID
			for _, rp := range rt.Partitions {
				sp := kmsg.NewProduceResponseTopicPartition()
				sp.Partition = rp.Partition
				sp.ErrorCode = kerr.TopicAuthorizationFailed.Code
				st.Partitions = append(st.Partitions, sp)
			}
			resp.Topics = append(resp.Topics, st)
		}
		refused.Add(1)
		return resp, nil, true
	})
}

// TestConsumeDeadLetterFails checks that a poison record whose dead letter
// the broker refuses is not committed past: its dead letter is retried as a
// transient failure, its partition paused, and once the broker takes it the
// record is dead-lettered once and committed.
func TestConsumeDeadLetterFails(t *testing.T) {
	cases := []struct {
		name string
		at   int
	}{
		{name: "first", at: 0},
		{name: "middle", at: 1},
		{name: "last", at: 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := orderCluster(t, 1)
			c.cfg.RetryBackoffMax = 100 * time.Millisecond
			dlq := consumer.DeadLetterTopic(topic)
			var refuse atomic.Bool
			var refused atomic.Int64
			refuse.Store(true)
			c.refuseProduce(t, dlq, &refuse, &refused)
			all := msgs(0, 3, "o1")
			c.publish(t, nil, all...)
			reg := prometheus.NewRegistry()
			var calls atomic.Int64
			r := c.consume(t, t.Context(), inbox.NewMemory(), NewMetrics(reg, consumer), func(_ context.Context, m message.Message) error {
				if m.ID == all[tc.at].ID {
					calls.Add(1)
					return message.Poison(errors.New("amount: not a decimal"))
				}
				return nil
			})
			waitFor(t, "3 refused dead letters", func() bool { return refused.Load() >= 3 })
			time.Sleep(50 * time.Millisecond)
			if got := c.committed(t, consumer.Group, topic); got != int64(tc.at) {
				t.Errorf("committed %d records while the dead letter of the one at %d is refused, want %d", got, tc.at, tc.at)
			}
			if err := r.client.Check(t.Context()); !errors.Is(err, ErrStalled) || !strings.Contains(err.Error(), "dead letter") {
				t.Errorf("Check() = %v, want ErrStalled on the dead letter", err)
			}
			if got := metricValue(t, reg, "events_dead_lettered_total"); got != 0 {
				t.Errorf("events_dead_lettered_total = %v while refused", got)
			}

			refuse.Store(false)
			c.waitCommitted(t, consumer.Group, topic, 3)
			if n := c.endOffsets(t, dlq); n != 1 {
				t.Errorf("%d dead letters, want 1", n)
			}
			d := c.read(t, dlq, 1)[0]
			if h := headerMap(d); h["ce_id"] != all[tc.at].ID || !strings.Contains(h["dlq_error"], "amount: not a decimal") || h["dlq_offset"] != strconv.Itoa(tc.at) {
				t.Errorf("dead letter headers %v", h)
			}
			// Poison is found once: only its dead letter is retried.
			if got := calls.Load(); got != 1 {
				t.Errorf("the poison record was handled %d times, want 1", got)
			}
			if got := metricValue(t, reg, "events_dead_lettered_total"); got != 1 {
				t.Errorf("events_dead_lettered_total = %v, want 1", got)
			}
		})
	}
}

// TestConsumeStopsWhileStalled checks that Consume returns promptly when
// stopped while a partition is paused, committing nothing past the failing
// record, and that the next client of the group gets it again.
func TestConsumeStopsWhileStalled(t *testing.T) {
	c := orderCluster(t, 1)
	c.cfg.RetryBackoffMax = 100 * time.Millisecond
	c.publish(t, nil, msgs(0, 3, "o1")...)
	db := newOutage()
	r := c.consume(t, t.Context(), inbox.NewMemory(), nil, func(_ context.Context, m message.Message) error {
		if m.ID == "o1-1" {
			return db.call()
		}
		return nil
	})
	db.waitFailures(t, 2)
	start := time.Now()
	r.stop()
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("stopping took %v", d)
	}
	if got := c.committed(t, consumer.Group, topic); got != 1 {
		t.Errorf("committed %d records, want 1", got)
	}
	db.down.Store(false)
	var seen journal
	c.consume(t, t.Context(), inbox.NewMemory(), nil, func(_ context.Context, m message.Message) error { seen.add(m); return nil })
	c.waitCommitted(t, consumer.Group, topic, 3)
	if got, want := seen.seen(), []string{"o1-1", "o1-2"}; !slices.Equal(got, want) {
		t.Errorf("the next client handled %q, want %q", got, want)
	}
}

// logLines is a slog.Handler that keeps the messages logged, with their
// level.
type logLines struct {
	mu    sync.Mutex
	lines []string
}

func (l *logLines) Enabled(context.Context, slog.Level) bool { return true }
func (l *logLines) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *logLines) WithGroup(string) slog.Handler            { return l }
func (l *logLines) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, r.Level.String()+" "+r.Message)
	return nil
}

// count is how many messages starting with prefix were logged.
func (l *logLines) count(prefix string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, line := range l.lines {
		if strings.HasPrefix(line, prefix) {
			n++
		}
	}
	return n
}

// TestConsumeLogsBackoffRateLimited checks that a paused partition logs its
// first failure at once, then at most one back-off step per interval, and
// its recovery.
func TestConsumeLogsBackoffRateLimited(t *testing.T) {
	c := orderCluster(t, 1)
	c.cfg.RetryBackoffMax = 100 * time.Millisecond
	c.publish(t, nil, orderMsg("o1", 0))
	var logged logLines
	client, err := Dial(c.cfg, consumer, slog.New(&logged), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	client.retryLogInterval = 400 * time.Millisecond
	db := newOutage()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		client.Consume(ctx, inbox.NewMemory(), func(context.Context, message.Message) error { return db.call() })
	}()
	defer func() { cancel(); <-done }()
	const warn = "WARN handling failed for a transient reason"
	db.waitFailures(t, 1)
	waitFor(t, "the first failure logged", func() bool { return logged.count(warn) == 1 })
	start := time.Now()
	db.waitFailures(t, 12)
	elapsed := time.Since(start)
	got := logged.count(warn)
	if most := 2 + int(elapsed/client.retryLogInterval); got > most || got < 2 {
		t.Errorf("%d back-off lines for %d failures in %v, want from 2 to %d", got, db.failures.Load(), elapsed, most)
	}
	if logged.count("INFO partition resumed") != 0 {
		t.Error("logged a recovery during the outage")
	}
	db.down.Store(false)
	c.waitCommitted(t, consumer.Group, topic, 1)
	waitFor(t, "the recovery logged", func() bool { return logged.count("INFO partition resumed") == 1 })
}

// TestConsumeRebalanceWhileStalled checks that a member whose partitions are
// paused on a transient failure gives one up when another member joins the
// group, without waiting for its dependency: the retry of the partition it
// loses stops, the new member handles and commits its records, and the
// partition the first member keeps is handled once its dependency is back.
// No event is handled by both.
func TestConsumeRebalanceWhileStalled(t *testing.T) {
	c := orderCluster(t, 2)
	c.cfg.RetryBackoffMax = 100 * time.Millisecond
	c.produceTo(t, onPartition(0, "p0", 0), onPartition(0, "p0", 1), onPartition(1, "p1", 0), onPartition(1, "p1", 1))

	dbA := newOutage()
	regA := prometheus.NewRegistry()
	var seenA, seenB journal
	a := c.consume(t, t.Context(), inbox.NewMemory(), NewMetrics(regA, consumer), func(_ context.Context, m message.Message) error {
		if err := dbA.call(); err != nil {
			return err
		}
		seenA.add(m)
		return nil
	})
	waitFor(t, "both partitions paused", func() bool { return metricValue(t, regA, "consumer_paused_partitions") == 2 })

	c.consume(t, t.Context(), inbox.NewMemory(), nil, func(_ context.Context, m message.Message) error {
		seenB.add(m)
		return nil
	})
	waitFor(t, "the new member to handle a partition", func() bool { return len(seenB.seen()) == 2 })
	moved := seenB.seen()[0][:2] // p0 or p1: the partition's key
	other := map[string]string{"p0": "p1", "p1": "p0"}[moved]
	movedPartition := int32(0)
	if moved == "p1" {
		movedPartition = 1
	}
	waitFor(t, "the moved partition committed", func() bool { return c.committedAt(t, consumer.Group, topic, movedPartition) == 2 })
	waitFor(t, "the first member to pause only the partition it keeps", func() bool {
		return metricValue(t, regA, "consumer_paused_partitions") == 1
	})
	if err := a.client.Check(t.Context()); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("partition %d ", 1-movedPartition)) {
		t.Errorf("Check() = %v, want the stall of partition %d", err, 1-movedPartition)
	}
	if got := c.committedAt(t, consumer.Group, topic, 1-movedPartition); got != 0 {
		t.Errorf("the stalled partition committed at %d", got)
	}

	dbA.down.Store(false)
	waitFor(t, "the kept partition committed", func() bool { return c.committedAt(t, consumer.Group, topic, 1-movedPartition) == 2 })
	if got, want := seenA.seen(), []string{other + "-0", other + "-1"}; !slices.Equal(got, want) {
		t.Errorf("the first member handled %q, want %q", got, want)
	}
	if got, want := seenB.seen(), []string{moved + "-0", moved + "-1"}; !slices.Equal(got, want) {
		t.Errorf("the new member handled %q, want %q", got, want)
	}
	if err := a.client.Check(t.Context()); err != nil {
		t.Errorf("Check() = %v after the outage", err)
	}
}
