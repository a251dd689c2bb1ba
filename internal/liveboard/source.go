package liveboard

import (
	"context"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Watch reads the model's topics on brokers, from their start, and the
// dead-letter topics of its consumers, counting their records on the
// board, and measures the consumer groups' lag every LagEvery, until ctx
// is done. It joins no group and creates no topic: a topic that does not
// exist yet is read once a service creates it. It returns an error only
// when the client cannot be made.
func (b *Board) Watch(ctx context.Context, brokers []string) error {
	cl, err := kgo.NewClient(append([]kgo.Opt{
		kgo.SeedBrokers(brokers...),
		kgo.ClientID("eventstorm-board"),
		kgo.ConsumeTopics(b.x.allTopics()...),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.FetchMaxWait(250 * time.Millisecond),
		// A missing topic is looked up again this often.
		kgo.MetadataMinAge(250 * time.Millisecond),
		kgo.MetadataMaxAge(2 * time.Second),
		kgo.DialTimeout(5 * time.Second),
	}, b.o.KafkaOpts...)...)
	if err != nil {
		return fmt.Errorf("kafka: %w", err)
	}
	defer cl.Close()
	lagDone := make(chan struct{})
	go func() {
		defer close(lagDone)
		b.watchLag(ctx, kadm.NewClient(cl))
	}()
	if len(b.x.allTopics()) > 0 {
		b.consume(ctx, cl)
	} else {
		<-ctx.Done() // a model without aggregates has nothing to read
	}
	<-lagDone
	return nil
}

// consume counts the records cl fetches until ctx is done.
func (b *Board) consume(ctx context.Context, cl *kgo.Client) {
	for {
		fetches := cl.PollFetches(ctx)
		if ctx.Err() != nil || fetches.IsClientClosed() {
			return
		}
		if fetches.NumRecords() == 0 {
			continue
		}
		b.update(func(s *state) {
			fetches.EachRecord(func(r *kgo.Record) {
				s.record(r.Topic, ceType(r), r.Timestamp)
			})
		})
	}
}

// ceType is a record's CloudEvents type: its ce_type header.
func ceType(r *kgo.Record) string {
	for _, h := range r.Headers {
		if h.Key == "ce_type" {
			return string(h.Value)
		}
	}
	return ""
}

// watchLag measures the groups' lag every LagEvery until ctx is done.
func (b *Board) watchLag(ctx context.Context, adm *kadm.Client) {
	tick := time.NewTicker(b.o.LagEvery)
	defer tick.Stop()
	for {
		b.measureLag(ctx, adm)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// measureLag measures the groups' lag once, within a deadline, and notes
// whether the broker answered.
func (b *Board) measureLag(ctx context.Context, adm *kadm.Client) {
	within, cancel := context.WithTimeout(ctx, max(2*b.o.LagEvery, 2*time.Second))
	defer cancel()
	lags, err := groupLags(within, adm, b.x)
	if err != nil && ctx.Err() != nil {
		return // stopping
	}
	now := time.Now()
	b.update(func(s *state) {
		s.connection(err)
		for g, lag := range lags {
			s.lag(g, lag, now)
		}
	})
}
