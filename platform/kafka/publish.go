package kafka

import (
	"context"
	"errors"
	"sync"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/platform/message"
	"eventstorm/platform/telemetry"
)

// Publisher publishes the outbox's events with a result per event, each
// record produced once however often it is asked for: what an outbox relay
// publishes with (its Publish).
type Publisher struct {
	c       *Client
	mu      sync.Mutex
	flights map[string]*flight // by event id
}

// flight is a record the client is producing; done is closed once it is
// acknowledged or failed, with err.
type flight struct {
	done chan struct{}
	err  error
}

// Publisher returns a Publisher on c.
func (c *Client) Publisher() *Publisher {
	return &Publisher{c: c, flights: map[string]*flight{}}
}

// Publish sends messages to their topics, keyed by their aggregate's id,
// with the CloudEvents attributes as headers (binary mode), and waits until
// the brokers acknowledge them or ctx is done, however the client retries:
// give it a deadline. When some fail it returns a *message.PublishError with
// each message's error, those the broker refuses for good (too large,
// invalid) marked message.Refused, so that the caller sends again only the
// others. One aggregate's records keep their order: the client fails every
// record buffered for a partition after one that failed.
//
// The client may not fail a record it sent without an answer (an
// idempotent producer cannot), as when the broker went down meanwhile: it
// keeps it, and produces it once the broker is back. Publish reports it
// failed at the deadline, and when asked for the same event again waits for
// that record rather than producing another: a broker outage publishes
// nothing twice.
func (p *Publisher) Publish(ctx context.Context, msgs []message.Message) error {
	flights := make([]*flight, len(msgs))
	var fresh []int // the messages with no record in flight yet
	p.mu.Lock()
	for i, m := range msgs {
		if f, ok := p.flights[m.ID]; ok {
			flights[i] = f
			continue
		}
		flights[i] = &flight{done: make(chan struct{})}
		p.flights[m.ID] = flights[i]
		fresh = append(fresh, i)
	}
	p.mu.Unlock()
	// Outside the lock: Produce waits while the client's buffer is full,
	// for promises that take the lock.
	for _, i := range fresh {
		f, topic, id := flights[i], msgs[i].Topic, msgs[i].ID
		m, span := startPublish(ctx, msgs[i])
		done := func(_ *kgo.Record, err error) {
			telemetry.End(span, &err)
			if err != nil {
				f.err = classify(err)
			} else {
				p.c.metrics.published(topic)
				p.c.activity.add(1, 0)
			}
			p.mu.Lock()
			delete(p.flights, id)
			p.mu.Unlock()
			close(f.done)
		}
		r, err := p.c.record(m)
		if err != nil {
			done(nil, err)
			continue
		}
		p.c.cl.Produce(ctx, r, done)
	}
	var errs []error
	for i, f := range flights {
		var err error
		select {
		case <-f.done:
			err = f.err
		case <-ctx.Done():
			err = ctx.Err()
		}
		if err != nil {
			if errs == nil {
				errs = make([]error, len(msgs))
			}
			errs[i] = err
		}
	}
	if errs != nil {
		return &message.PublishError{Errs: errs}
	}
	return nil
}

// refusals are the errors with which a broker refuses a record for good,
// whatever the state of the cluster: sending it again gets the same answer.
// Other errors that are not retriable, such as an authorization failure,
// concern every record and are fixed by an operator: they stay transient.
var refusals = []error{
	kerr.MessageTooLarge,
	kerr.RecordListTooLarge,
	kerr.InvalidRecord,
	kerr.InvalidTimestamp,
	kerr.InvalidTopicException,
	kerr.CorruptMessage,
}

// classify marks the error of a record the broker refuses for good.
func classify(err error) error {
	for _, r := range refusals {
		if errors.Is(err, r) {
			return message.Refused(err)
		}
	}
	return err
}

// Ping checks that a broker answers, for the readiness probe.
func (c *Client) Ping(ctx context.Context) error {
	return c.cl.Ping(ctx)
}
