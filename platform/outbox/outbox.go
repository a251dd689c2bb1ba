// Package outbox keeps the events a service records until they are
// published: repositories add an aggregate's events with its state (in one
// critical section in memory, in one transaction in SQL), and a relay
// publishes them in the order they were recorded and marks them sent.
package outbox

import (
	"context"
	"log/slog"
	"time"

	"eventstorm/platform/message"
)

// Relayer publishes what an outbox holds until ctx is done.
type Relayer interface {
	Relay(ctx context.Context, publish message.Publisher, logger *slog.Logger)
}

// retryPause is how long a relay waits after a failed publication.
const retryPause = time.Second

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
