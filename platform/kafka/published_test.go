package kafka

import (
	"bytes"
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"eventstorm/platform/message"
)

// TestPublishedCount checks that events_published_total counts every event
// the broker took, and only those, when the broker refuses one of the
// batch: both with Publisher.Publish (the relay's) and Client.Publish,
// which counted none of a batch that had one failure.
func TestPublishedCount(t *testing.T) {
	for _, tc := range []struct {
		name    string
		publish func(c *Client) message.Publisher
	}{
		{"Publisher", func(c *Client) message.Publisher { return c.Publisher().Publish }},
		{"Client", func(c *Client) message.Publisher { return c.Publish }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := orderCluster(t, 3)
			reg := prometheus.NewRegistry()
			client, err := Connect(ctxFor(t), c.cfg, publisher, slog.New(slog.DiscardHandler), NewMetrics(reg, publisher))
			if err != nil {
				t.Fatal(err)
			}
			defer client.Close()
			batch := msgs(0, 10, "o1", "o2", "o3", "o4")
			batch[9].Data = bytes.Repeat([]byte("x"), 1_100_000) // more than a produce batch takes
			ctx, cancel := context.WithTimeout(ctxFor(t), 10*time.Second)
			defer cancel()
			if err := tc.publish(client)(ctx, batch); err == nil {
				t.Fatal("a batch with a record too large was published")
			}
			if got := metricValue(t, reg, "events_published_total", "topic", topic); got != 9 {
				t.Errorf("events_published_total = %v, want the 9 the broker took", got)
			}
		})
	}
}
