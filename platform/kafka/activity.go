package kafka

import (
	"log/slog"
	"sync"
	"time"
)

// activityInterval is how often at most a client logs its traffic.
const activityInterval = 10 * time.Second

// activity logs at INFO, at most once per activityInterval, how many events
// a client published and consumed since it last did: the service's traffic
// on Kafka shows in its log (in `eventstorm dev`, say) without a line per
// event. The first event is logged at once.
type activity struct {
	mu                  sync.Mutex
	logger              *slog.Logger
	last                time.Time
	published, consumed int
}

// add counts events published and consumed, and logs the counts when the
// interval has passed.
func (a *activity) add(published, consumed int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.published += published
	a.consumed += consumed
	now := time.Now()
	if now.Sub(a.last) < activityInterval {
		return
	}
	a.last = now
	a.logger.Info("kafka traffic since the last report", "published", a.published, "consumed", a.consumed)
	a.published, a.consumed = 0, 0
}
