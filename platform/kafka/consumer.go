package kafka

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/platform/inbox"
	"eventstorm/platform/message"
)

// MaxAttempts bounds how often a record is handled before it goes to the
// dead-letter topic.
const MaxAttempts = 5

// firstBackoff is the pause after a record's first failed attempt; it
// doubles with each attempt.
const firstBackoff = 100 * time.Millisecond

// Consume reads the consumed topics in the service's group until ctx is done.
// Each record is handled through the inbox, and its offset committed only once
// every record of the fetch is handled: a restart resumes after the last
// committed offset, and an event redelivered after its effect was stored is
// found in the inbox and skipped.
func (c *Client) Consume(ctx context.Context, in inbox.Inbox, handle message.Handler) {
	for {
		fetches := c.cl.PollFetches(ctx)
		if fetches.IsClientClosed() || ctx.Err() != nil {
			return
		}
		fetches.EachError(func(topic string, partition int32, err error) {
			c.logger.Error("fetch failed", "topic", topic, "partition", partition, "error", err)
		})
		fetches.EachPartition(func(p kgo.FetchTopicPartition) {
			c.handlePartition(ctx, p, in, handle)
		})
		if ctx.Err() != nil {
			// Stopped mid-fetch: commit nothing, so the rest is redelivered.
			return
		}
		if err := c.cl.CommitUncommittedOffsets(ctx); err != nil {
			c.logger.Error("commit failed", "error", err)
		}
	}
}

// handlePartition handles a partition's records of one fetch, together when
// they all succeed, else one at a time, and records the partition's lag.
func (c *Client) handlePartition(ctx context.Context, p kgo.FetchTopicPartition, in inbox.Inbox, handle message.Handler) {
	if b := c.handleBatch(ctx, p.Records, in, handle); b.err != nil {
		// Something in the batch failed: one record at a time, with
		// retries and the dead-letter topic. The attempt that failed the
		// batch was the failing record's first.
		for i, r := range p.Records {
			if ctx.Err() != nil {
				return
			}
			var before inBatch
			switch {
			case i == b.failed:
				before.err = b.cause
			case i < b.failed:
				before.handled = b.handled[i]
			}
			c.handle(ctx, r, in, handle, before)
		}
	}
	if n := len(p.Records); n > 0 {
		c.metrics.lag(p.Topic, p.Partition, p.HighWatermark-p.Records[n-1].Offset-1)
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
	// handled says it was handled in the batch, whose effects the inbox
	// may keep (in memory, nothing is undone).
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
		for i, r := range records {
			m, err := Message(r)
			if err == nil {
				var ok bool
				ok, err = in.Handle(ctx, m.ID, func(ctx context.Context) error {
					return handle(ctx, m)
				})
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

// handle hands one record on, retrying with backoff, and sends it to the
// dead-letter topic when it cannot be handled; before is what a failed batch
// did with it.
func (c *Client) handle(ctx context.Context, r *kgo.Record, in inbox.Inbox, handle message.Handler, before inBatch) {
	m, err := Message(r)
	if err != nil {
		c.deadLetter(ctx, r, err, 0)
		return
	}
	backoff := firstBackoff
	for attempt := 1; attempt <= MaxAttempts; attempt++ {
		handled, err := false, before.err
		if attempt > 1 || err == nil {
			handled, err = in.Handle(ctx, m.ID, func(ctx context.Context) error {
				return handle(ctx, m)
			})
		}
		switch {
		case err == nil:
			// Handled now, or in the failed batch if the inbox kept
			// that (it then skips the record now).
			if handled || before.handled {
				c.metrics.consumed(m.Type)
				c.activity.add(0, 1)
			}
			return
		case ctx.Err() != nil:
			return
		case message.IsPoison(err) || attempt == MaxAttempts:
			c.deadLetter(ctx, r, err, attempt)
			return
		}
		c.metrics.retried(m.Type)
		c.logger.Warn("handling failed; retrying", "type", m.Type, "id", m.ID, "attempt", attempt, "error", err)
		if !sleep(ctx, backoff) {
			return
		}
		backoff *= 2
	}
}

// deadLetter sends a record that cannot be handled to its dead-letter topic,
// with its headers and the error, so that the partition moves on.
func (c *Client) deadLetter(ctx context.Context, r *kgo.Record, cause error, attempts int) {
	c.metrics.deadLettered(r.Topic)
	c.logger.Error("dead-lettered a record", "topic", r.Topic, "partition", r.Partition, "offset", r.Offset, "error", cause)
	headers := append(slices.Clone(r.Headers),
		kgo.RecordHeader{Key: "dlq_error", Value: []byte(cause.Error())},
		kgo.RecordHeader{Key: "dlq_attempts", Value: []byte(strconv.Itoa(attempts))},
		kgo.RecordHeader{Key: "dlq_offset", Value: []byte(strconv.FormatInt(r.Offset, 10))},
	)
	dead := &kgo.Record{
		Topic:   c.topology.DeadLetterTopic(r.Topic),
		Key:     r.Key,
		Value:   r.Value,
		Headers: headers,
	}
	if err := c.cl.ProduceSync(ctx, dead).FirstErr(); err != nil {
		c.logger.Error("dead-lettering failed", "topic", dead.Topic, "error", err)
	}
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
