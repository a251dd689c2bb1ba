package outbox

import (
	"context"
	"log/slog"
	"sync"

	"eventstorm/platform/message"
)

// Memory keeps the messages of recorded events in memory until the relay has
// published them: nothing survives a restart.
type Memory struct {
	mu      sync.Mutex
	pending []message.Message
	ready   chan struct{}
}

// NewMemory returns an empty outbox.
func NewMemory() *Memory {
	return &Memory{ready: make(chan struct{}, 1)}
}

// Add appends messages and wakes the relay. Repositories call it while they
// hold their own lock, so that state and messages change together.
func (o *Memory) Add(msgs ...message.Message) {
	o.mu.Lock()
	o.pending = append(o.pending, msgs...)
	o.mu.Unlock()
	select {
	case o.ready <- struct{}{}:
	default:
	}
}

// Pending is how many messages wait to be published.
func (o *Memory) Pending() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.pending)
}

// Relay publishes the outbox's pending messages, all that are pending at once,
// until ctx is done. When a publication fails the messages stay in the outbox
// and are sent again after a pause, so none is lost or reordered.
func (o *Memory) Relay(ctx context.Context, publish message.Publisher, logger *slog.Logger) {
	// The relay takes the pending messages and leaves an empty slice, the
	// one it published last, for Add to fill meanwhile: nothing is copied.
	var spare []message.Message
	for {
		o.mu.Lock()
		batch := o.pending
		o.pending = spare[:0]
		o.mu.Unlock()
		if len(batch) > 0 {
			if err := publish(ctx, batch); err != nil {
				// Back in front of the messages added meanwhile.
				o.mu.Lock()
				o.pending = append(batch, o.pending...)
				o.mu.Unlock()
				if ctx.Err() != nil {
					return
				}
				logger.Error("publish failed; will retry", "messages", len(batch), "error", err)
				if !sleep(ctx, retryPause) {
					return
				}
				spare = nil
				continue
			}
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
