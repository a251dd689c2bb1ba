package kafka

import (
	"context"
	"errors"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/platform/message"
)

// PublishEach is Publish with a result per message, what the outbox relay
// uses: it sends messages to their topics, keyed by their aggregate's id,
// with the CloudEvents attributes as headers (binary mode), and waits until
// the brokers acknowledge them or ctx is done; give it a deadline. When some
// fail it returns a *message.PublishError with each message's error, those
// the broker refuses for good (too large, invalid) marked
// message.Refused, so that the caller sends again only the others. One
// aggregate's records keep their order: the client fails every record
// buffered for a partition after one that failed.
func (c *Client) PublishEach(ctx context.Context, msgs []message.Message) error {
	records := make([]*kgo.Record, len(msgs))
	index := make(map[*kgo.Record]int, len(msgs))
	for i, m := range msgs {
		records[i] = Record(m)
		index[records[i]] = i
	}
	var errs []error
	published := 0
	for _, res := range c.cl.ProduceSync(ctx, records...) {
		i, ok := index[res.Record]
		if !ok {
			continue
		}
		if res.Err != nil {
			if errs == nil {
				errs = make([]error, len(msgs))
			}
			errs[i] = classify(res.Err)
			continue
		}
		c.metrics.published(msgs[i].Topic)
		published++
	}
	c.activity.add(published, 0)
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
