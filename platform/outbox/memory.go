package outbox

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"eventstorm/platform/memdb"
	"eventstorm/platform/message"
)

// Memory keeps the messages of recorded events in memory until the relay has
// published them: nothing survives a restart.
type Memory struct {
	mu      sync.Mutex
	pending []message.Message
	ready   chan struct{}
	// publishing is how many messages the relay is publishing, and oldest
	// the time of the oldest of them.
	publishing int
	oldest     time.Time
	// parkedCount and parkedTotal count the messages the broker refused
	// for good.
	parkedCount int
	parkedTotal prometheus.Counter
	// publishTimeout bounds each publication.
	publishTimeout time.Duration
}

// NewMemory returns an empty outbox.
func NewMemory() *Memory {
	return &Memory{ready: make(chan struct{}, 1), parkedTotal: newParkedCounter(), publishTimeout: PublishTimeout}
}

// Add appends messages at once and wakes the relay.
func (o *Memory) Add(msgs ...message.Message) {
	o.mu.Lock()
	o.pending = append(o.pending, msgs...)
	o.mu.Unlock()
	select {
	case o.ready <- struct{}{}:
	default:
	}
}

// AddTx adds messages with the memory transaction ctx carries
// (memdb.InTx): when it commits, with the rows it writes, or never if it
// rolls back. Without a transaction it is Add. Repositories call it while
// they save the state the messages' events changed, so that state and
// messages are stored together. It does so in an "outbox insert" span, and
// stamps the messages with that span's trace context and the correlation
// and causation ids of ctx (message.Stamp).
func (o *Memory) AddTx(ctx context.Context, msgs ...message.Message) {
	if len(msgs) == 0 {
		return
	}
	ctx, span := startInsert(ctx, len(msgs))
	defer span.End()
	msgs = message.Stamp(ctx, msgs)
	if !memdb.OnCommit(ctx, func() { o.Add(msgs...) }) {
		o.Add(msgs...)
	}
}

// Pending is how many messages wait to be published.
func (o *Memory) Pending() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.pending)
}

// Relay publishes the outbox's pending messages, all that are pending at once,
// until ctx is done, each publication within PublishTimeout. Each message has
// its own result: one the broker refuses for good (too large, invalid) is
// logged, counted and dropped; those that failed otherwise stay in the
// outbox, with the messages of their aggregates after them, and are sent
// again after a pause, so none is lost or reordered.
func (o *Memory) Relay(ctx context.Context, publish message.Publisher, logger *slog.Logger) {
	// The relay takes the pending messages and leaves an empty slice, the
	// one it published last, for Add to fill meanwhile: nothing is copied.
	var spare []message.Message
	var failing failures
	for {
		o.mu.Lock()
		batch := o.pending
		if len(batch) > 0 {
			// Only a batch taken hands spare to Add: taking an empty one
			// would leave Add filling the array the next batch is read from.
			o.pending = spare[:0]
			o.publishing = len(batch)
			o.oldest = batch[0].Time
		}
		o.mu.Unlock()
		if len(batch) > 0 {
			var retry []message.Message
			var failed error
			parked := 0
			for i, err := range publishEach(ctx, publish, batch, o.publishTimeout) {
				m := batch[i]
				switch {
				case err == nil:
				case message.IsRefused(err):
					o.parkedTotal.Inc()
					parked++
					logger.Error("the broker refused an event for good; it is dropped and the relay goes on",
						"id", m.ID, "type", m.Type, "topic", m.Topic, "key", m.Key, "bytes", len(m.Data), "error", err)
				default:
					retry = append(retry, m)
					if failed == nil {
						failed = err
					}
				}
			}
			o.mu.Lock()
			o.parkedCount += parked
			if len(retry) > 0 {
				// Back in front of the messages added meanwhile.
				o.pending = append(retry, o.pending...)
			}
			o.publishing = 0
			o.oldest = time.Time{}
			o.mu.Unlock()
			if failed != nil {
				if ctx.Err() != nil {
					return
				}
				failing.failed(logger, failed)
				if !sleep(ctx, retryPause) {
					return
				}
				spare = nil
				continue
			}
			failing.recovered(logger)
			clear(batch) // lets the messages' data go
			spare = batch
		}
		select {
		case <-ctx.Done():
			return
		case <-o.ready:
		}
	}
}
