package kafka

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/platform/inbox"
	"eventstorm/platform/message"
	"eventstorm/platform/telemetry"
)

// firstBackoff is the pause after a record's first failed attempt; it
// doubles with each attempt, up to Config.RetryBackoffMax.
const firstBackoff = 100 * time.Millisecond

// retryLogInterval is how often at most a stalled partition logs its
// back-off steps (the first failure and the recovery are always logged).
const retryLogInterval = 5 * time.Second

// Consume reads the consumed topics in the service's group until ctx is done.
// Each record is handled through the inbox, and its offset committed only
// once its effect is stored, or, for poison, once its dead letter is: a
// restart resumes after the last committed offset, and an event redelivered
// after its effect was stored is found in the inbox and skipped.
//
// The records of a partition's fetch are handled together, in one
// transaction, and one at a time if that fails. A poison record (one that is
// not an event, or one the handler fails with message.Poison) goes to the
// dead-letter topic with the reason, and the partition moves on. Any other
// failure is transient (a database or the network down, a timeout): the
// record is never dead-lettered; its partition is paused and the record
// retried with a capped exponential back-off with jitter until it succeeds
// or ctx is done, while the other partitions go on. Check says whether a
// partition is stalled so.
func (c *Client) Consume(ctx context.Context, in inbox.Inbox, handle message.Handler) {
	defer c.stopStalls()
	for {
		epoch := c.stalls.current()
		fetches := c.cl.PollFetches(ctx)
		if fetches.IsClientClosed() || ctx.Err() != nil {
			return
		}
		fetches.EachError(func(topic string, partition int32, err error) {
			c.logger.Error("fetch failed", "topic", topic, "partition", partition, "error", err)
		})
		fetches.EachPartition(func(p kgo.FetchTopicPartition) {
			c.handlePartition(ctx, epoch, p, in, handle)
		})
		if ctx.Err() != nil {
			// Stopped mid-fetch: commit nothing more, so the rest is
			// redelivered.
			return
		}
		if err := c.cl.CommitMarkedOffsets(ctx); err != nil {
			c.logger.Error("commit failed", "error", err)
		}
	}
}

// handlePartition handles a partition's records of one fetch, together when
// they all succeed, else one at a time, pausing the partition on a transient
// failure, and records the partition's lag. epoch is the stalls' epoch
// before the fetch.
func (c *Client) handlePartition(ctx context.Context, epoch uint64, p kgo.FetchTopicPartition, in inbox.Inbox, handle message.Handler) {
	n := len(p.Records)
	if n == 0 || c.stalls.queue(p) {
		return
	}
	defer c.metrics.lag(p.Topic, p.Partition, p.HighWatermark-p.Records[n-1].Offset-1)
	b := c.handleBatch(ctx, p.Records, in, handle)
	if b.err == nil {
		c.cl.MarkCommitRecords(p.Records[n-1])
		return
	}
	// Something in the batch failed: one record at a time. The attempt
	// that failed the batch was the failing record's first.
	for i, r := range p.Records {
		if ctx.Err() != nil {
			return
		}
		pr := &pending{r: r}
		switch {
		case i == b.failed:
			pr.before.err = b.cause
		case i < b.failed:
			pr.before.handled = b.handled[i]
		}
		if err := c.process(ctx, pr, in, handle); err != nil {
			if ctx.Err() == nil {
				c.stall(ctx, epoch, pr, err, p.Records[i+1:], in, handle)
			}
			return
		}
	}
}

// batch is what handling a partition's records of one fetch together did.
type batch struct {
	// err is why the batch failed; nil when it succeeded.
	err error
	// failed is the index of the record whose handling failed the batch,
	// with cause its error; -1 when none did (the batch's own commit
	// failed).
	failed int
	cause  error
	// handled says which records before it were handled (not skipped).
	handled []bool
}

// inBatch is what a failed batch did with a record handled one at a time
// after it.
type inBatch struct {
	// err is the error of its attempt in the batch, which failed it.
	err error
	// handled says it was handled in the batch, whose effects an inbox
	// that does not roll a failed batch back may keep (the generated
	// services' inboxes roll it back, in memory as in SQL).
	handled bool
}

// handleBatch hands a partition's records of one fetch on together, their
// effects and ids stored at once, which saves a transaction per record; if
// any record fails, it stores nothing (in a database) and says which.
func (c *Client) handleBatch(ctx context.Context, records []*kgo.Record, in inbox.Inbox, handle message.Handler) batch {
	var types []string
	b := batch{failed: -1}
	b.err = in.Batch(ctx, func(ctx context.Context) error {
		types, b.handled, b.failed, b.cause = types[:0], b.handled[:0], -1, nil
		// One message for the batch's records in turn: the handler gets a
		// copy, and handleOne's closure would move each to the heap.
		var m message.Message
		for i, r := range records {
			var err error
			m, err = c.message(ctx, r)
			if err == nil {
				var ok bool
				ok, err = c.handleOne(ctx, r, &m, in, handle)
				if ok {
					types = append(types, m.Type)
				}
				b.handled = append(b.handled, ok)
			}
			if err != nil {
				b.failed, b.cause = i, err
				return err
			}
		}
		return nil
	})
	if b.err != nil {
		return b
	}
	for i := 0; i < len(types); {
		j := i + 1
		for j < len(types) && types[j] == types[i] {
			j++
		}
		c.metrics.consumedN(types[i], j-i)
		i = j
	}
	c.activity.add(0, len(types))
	return b
}

// handleOne hands m, read from r, to handle through the inbox, in the span
// of its handling, and reports whether it was handled (not skipped). At
// DEBUG it logs the event first, with the span, correlation and causation
// ids (LOG_LEVEL=debug follows each event through the services' logs).
func (c *Client) handleOne(ctx context.Context, r *kgo.Record, m *message.Message, in inbox.Inbox, handle message.Handler) (handled bool, err error) {
	ctx, span := startHandling(ctx, *m, r.Partition, r.Offset)
	defer telemetry.End(span, &err)
	if c.logger != nil && c.logger.Enabled(ctx, slog.LevelDebug) {
		c.logger.DebugContext(ctx, "handling an event", "topic", r.Topic, "partition", r.Partition, "offset", r.Offset, "type", m.Type, "id", m.ID)
	}
	return in.Handle(ctx, m.ID, func(ctx context.Context) error {
		return handle(ctx, *m)
	})
}

// recordContext is ctx carrying the trace context, the correlation id and,
// as the causation id, the id of the event r holds, from its headers, so
// that a log line about r says them.
func recordContext(ctx context.Context, r *kgo.Record) context.Context {
	ctx = telemetry.Extract(ctx, header(r, headerTraceParent), header(r, headerTraceState))
	return telemetry.WithCause(ctx, header(r, headerCorrelationID), header(r, headerID))
}

// pending is a record handled one at a time, over its attempts.
type pending struct {
	r *kgo.Record
	// before is what a failed batch did with it; its err is used once.
	before inBatch
	// attempts counts the times it was handed to the handler.
	attempts int
	// poison is why it can never be handled, once found: then only its
	// dead letter is left to produce.
	poison error
}

// process hands one record on, or sends it to the dead-letter topic when it
// is poison, and marks it for commit once that is stored. An error is
// transient: the record is to be processed again later.
func (c *Client) process(ctx context.Context, p *pending, in inbox.Inbox, handle message.Handler) error {
	if p.poison == nil {
		m, err := c.message(ctx, p.r)
		if err == nil {
			handled := false
			err, p.before.err = p.before.err, nil
			if err == nil {
				handled, err = c.handleOne(ctx, p.r, &m, in, handle)
			}
			p.attempts++
			if err == nil {
				// Handled now, or in the failed batch if the inbox
				// kept that (it then skips the record now).
				if handled || p.before.handled {
					c.metrics.consumed(m.Type)
					c.activity.add(0, 1)
				}
				c.cl.MarkCommitRecords(p.r)
				return nil
			}
		}
		if !message.IsPoison(err) {
			return err
		}
		p.poison = err
	}
	if err := c.deadLetter(ctx, p.r, p.poison, p.attempts); err != nil {
		return err
	}
	c.cl.MarkCommitRecords(p.r)
	return nil
}

// partition names a topic's partition.
type partition struct {
	topic string
	id    int32
}

// stalls are the partitions paused on a transient failure, each retried by a
// goroutine of its own.
type stalls struct {
	mu sync.Mutex
	// epoch counts the revocations; revoked is the epoch at which each
	// partition was last revoked or lost, so that a fetch's partition
	// revoked while it was being handled is not paused for good.
	epoch   uint64
	revoked map[partition]uint64
	paused  map[partition]*stall
	wg      sync.WaitGroup
}

// stall is a partition paused on a transient failure.
type stall struct {
	cancel context.CancelFunc
	done   chan struct{}
	// since is when it stalled; err is the last failure, failures how
	// many in a row, and logged when one was last logged.
	since, logged time.Time
	err           error
	failures      int
	// queue are records of it fetched after it was paused, to handle
	// after the one retried, in order.
	queue []*kgo.Record
}

// current is the epoch, to take before a fetch.
func (s *stalls) current() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.epoch
}

// queue appends the fetch's records to its partition's stall, if it is
// paused (a fetch under way when it was paused), and reports whether it did.
func (s *stalls) queue(p kgo.FetchTopicPartition) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.paused[partition{p.Topic, p.Partition}]
	if st == nil {
		return false
	}
	st.queue = append(st.queue, p.Records...)
	return true
}

// stall pauses the partition of p, whose processing failed with err, and
// retries p then the records of rest in the background until they are all
// handled or ctx is done; then it resumes the partition. epoch is the
// stalls' epoch before the fetch: a partition revoked since is left to its
// new owner, which starts at the committed offset.
func (c *Client) stall(ctx context.Context, epoch uint64, p *pending, err error, rest []*kgo.Record, in inbox.Inbox, handle message.Handler) {
	key := partition{p.r.Topic, p.r.Partition}
	s := &c.stalls
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.revoked[key] > epoch {
		return
	}
	ctx, cancel := context.WithCancel(ctx)
	st := &stall{cancel: cancel, done: make(chan struct{}), since: time.Now(), err: err, queue: rest}
	if s.paused == nil {
		s.paused = map[partition]*stall{}
	}
	s.paused[key] = st
	c.cl.PauseFetchPartitions(map[string][]int32{key.topic: {key.id}})
	c.metrics.paused(key.topic, 1)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer close(st.done)
		c.retry(ctx, key, st, p, err, in, handle)
	}()
}

// retry processes p, which failed with err, until it succeeds, then the
// records queued behind it, each until it succeeds, backing off between
// attempts; then it resumes the partition and commits. It returns early
// when ctx is done.
func (c *Client) retry(ctx context.Context, key partition, st *stall, p *pending, err error, in inbox.Inbox, handle message.Handler) {
	limit := c.cfg.retryBackoffMax()
	for p != nil {
		for failures := 1; err != nil; failures++ {
			pause := backoff(failures, limit)
			c.failed(key, st, p, err, failures, pause)
			if !sleep(ctx, pause) {
				return
			}
			err = c.process(ctx, p, in, handle)
			if ctx.Err() != nil {
				return
			}
		}
		p = c.next(key, st)
		if p != nil {
			err = c.process(ctx, p, in, handle)
			if ctx.Err() != nil {
				return
			}
		}
	}
	if err := c.cl.CommitMarkedOffsets(ctx); err != nil && ctx.Err() == nil {
		c.logger.Error("commit failed", "error", err)
	}
}

// failed notes a transient failure of a stalled partition's record: in the
// metrics, in what Check reports, and, at most every retryLogInterval, in
// the log.
func (c *Client) failed(key partition, st *stall, p *pending, err error, failures int, pause time.Duration) {
	c.metrics.retried(header(p.r, headerType))
	c.stalls.mu.Lock()
	st.err, st.failures = err, failures
	since, log := st.since, time.Since(st.logged) >= c.retryLogInterval
	if log {
		st.logged = time.Now()
	}
	c.stalls.mu.Unlock()
	if log {
		c.logger.WarnContext(recordContext(context.Background(), p.r), "handling failed for a transient reason; partition paused, retrying after a back-off",
			"topic", key.topic, "partition", key.id, "offset", p.r.Offset, "id", header(p.r, headerID),
			"failures", failures, "paused_for", time.Since(since).Round(time.Millisecond), "retry_in", pause.Round(time.Millisecond), "error", err)
	}
}

// next is the next record queued behind the handled ones of a stalled
// partition; when there is none, it resumes the partition and returns nil.
func (c *Client) next(key partition, st *stall) *pending {
	s := &c.stalls
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(st.queue) > 0 {
		r := st.queue[0]
		st.queue = st.queue[1:]
		return &pending{r: r}
	}
	if s.paused[key] == st {
		delete(s.paused, key)
		c.cl.ResumeFetchPartitions(map[string][]int32{key.topic: {key.id}})
		c.metrics.paused(key.topic, -1)
		if st.failures > 0 || st.err != nil {
			c.logger.Info("partition resumed: its records are handled again", "topic", key.topic, "partition", key.id,
				"paused_for", time.Since(st.since).Round(time.Millisecond), "failures", st.failures)
		}
	}
	return nil
}

// revoke stops the retries of partitions the group took away, and resumes
// them, so that they are fetched again if they come back.
func (c *Client) revoke(cl *kgo.Client, revoked map[string][]int32) {
	s := &c.stalls
	s.mu.Lock()
	s.epoch++
	if s.revoked == nil {
		s.revoked = map[partition]uint64{}
	}
	var stopped []*stall
	for topic, ids := range revoked {
		for _, id := range ids {
			key := partition{topic, id}
			s.revoked[key] = s.epoch
			if st := s.paused[key]; st != nil {
				st.cancel()
				stopped = append(stopped, st)
				delete(s.paused, key)
				c.metrics.paused(topic, -1)
			}
		}
	}
	s.mu.Unlock()
	for _, st := range stopped {
		<-st.done
	}
	if len(stopped) > 0 {
		cl.ResumeFetchPartitions(revoked)
	}
}

// stopStalls stops every retry and waits for them, when Consume returns.
func (c *Client) stopStalls() {
	s := &c.stalls
	s.mu.Lock()
	for key, st := range s.paused {
		st.cancel()
		delete(s.paused, key)
		c.cl.ResumeFetchPartitions(map[string][]int32{key.topic: {key.id}})
		c.metrics.paused(key.topic, -1)
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// ErrStalled is what Check's error wraps while a partition is paused on a
// transient failure.
var ErrStalled = errors.New("kafka: consuming stalled on a transient failure")

// Check is the consumer's readiness check, for /readyz: nil while every
// partition is consumed, and while a partition is paused on a transient
// failure (its database down, say), an error wrapping ErrStalled that names
// the partition, how long it has been paused, how many attempts failed and
// the last failure. It turns nil again once the record is handled. It does
// not reach the brokers, and ctx is not used.
func (c *Client) Check(context.Context) error {
	s := &c.stalls
	s.mu.Lock()
	defer s.mu.Unlock()
	var worst *stall
	var at partition
	for key, st := range s.paused {
		if worst == nil || st.since.Before(worst.since) {
			worst, at = st, key
		}
	}
	if worst == nil {
		return nil
	}
	more := ""
	if n := len(s.paused); n > 1 {
		more = fmt.Sprintf(" (and %d more partitions)", n-1)
	}
	return fmt.Errorf("%w: %s partition %d paused for %s%s after %d failed attempts: %v",
		ErrStalled, at.topic, at.id, time.Since(worst.since).Round(time.Second), more, max(worst.failures, 1), worst.err)
}

// backoff is the pause after the failures-th failure in a row: firstBackoff
// doubled for each failure after the first, at most limit, with jitter: a
// random duration between half of that and all of it, so that consumers
// that failed together do not retry together.
func backoff(failures int, limit time.Duration) time.Duration {
	d := firstBackoff
	for i := 1; i < failures && d < limit; i++ {
		d *= 2
	}
	d = min(d, limit)
	half := d / 2
	return half + rand.N(d-half+1)
}

// header is the value of the record's header with the key, "" without one.
func header(r *kgo.Record, key string) string {
	for _, h := range r.Headers {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}

// sleep waits for d or until ctx is done, and reports whether ctx is still
// live.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
