// Package outbox keeps the events a service records until they are
// published: repositories add an aggregate's events with its state (under
// the table's lock or in the memdb transaction in memory, in one
// transaction in SQL), and a relay
// publishes them in the order they were recorded and marks them sent.
package outbox

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"eventstorm/platform/message"
)

// Relayer publishes what an outbox holds until ctx is done, and reports
// the outbox's metrics (see Collect) to the registry it is added to.
type Relayer interface {
	Relay(ctx context.Context, publish message.Publisher, logger *slog.Logger)
	prometheus.Collector
}

// PublishTimeout bounds each publication of a relay: a broker that does not
// answer within it fails the publication, which is retried.
const PublishTimeout = 10 * time.Second

// retryPause is how long a relay waits after a failed publication.
const retryPause = time.Second

// failureLogEvery is how often a relay whose publications keep failing
// says so.
const failureLogEvery = 10 * time.Second

// failures tells the log about a relay's failed passes: the first at once,
// then at most one line every failureLogEvery while they go on, and one when
// the relay publishes again.
type failures struct {
	count  int
	logged time.Time
}

func (f *failures) failed(logger *slog.Logger, err error) {
	f.count++
	if f.count == 1 || time.Since(f.logged) >= failureLogEvery {
		logger.Error("relaying the outbox failed; will retry", "error", err, "failures", f.count)
		f.logged = time.Now()
	}
}

func (f *failures) recovered(logger *slog.Logger) {
	if f.count > 0 {
		logger.Info("relaying the outbox again", "failures", f.count)
		f.count = 0
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

// publishEach publishes msgs, each publication within timeout, and returns
// each message's fate: nil when it was published, a *message.RefusedError
// when the broker refuses it for good (to park it), another error when it
// is left pending, to publish again later. A message refused in a
// publication of several is published again alone before it is taken for
// refused, as a broker refuses a batch whole. A message is left pending,
// and not published alone, after one of its aggregate left pending, so that
// it never overtakes it.
func publishEach(ctx context.Context, publish message.Publisher, msgs []message.Message, timeout time.Duration) []error {
	within := func(msgs []message.Message) []error {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		return message.Results(publish(ctx, msgs), len(msgs))
	}
	errs := within(msgs)
	if errs == nil {
		return make([]error, len(msgs))
	}
	blocked := map[[2]string]error{} // aggregates with a message left pending
	for i, m := range msgs {
		key := [2]string{m.Topic, m.Key}
		if first, ok := blocked[key]; ok {
			if errs[i] != nil {
				errs[i] = first
			}
			continue
		}
		if message.IsRefused(errs[i]) && len(msgs) > 1 {
			errs[i] = nil
			if alone := within(msgs[i : i+1]); alone != nil {
				errs[i] = alone[0]
			}
		}
		if errs[i] != nil && !message.IsRefused(errs[i]) {
			blocked[key] = errs[i]
		}
	}
	return errs
}
