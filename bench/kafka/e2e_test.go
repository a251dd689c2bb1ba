// Package kafka benchmarks the generated order flow through Kafka end to
// end, beside a bare franz-go loop on the same in-process broker.
package kafka

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/bench/generated"
)

// BenchmarkGeneratedOrderFlow places b.N orders through the Ordering
// service's HTTP API (8 clients at once) and times until the Order History
// service has stored them and committed their offsets: HTTP → use case →
// outbox → relay → Kafka → consumer → projection → commit.
func BenchmarkGeneratedOrderFlow(b *testing.B) {
	orderingBin, historyBin := generated.OrderSystem(b)
	broker, err := kfake.NewCluster(kfake.Ports(0))
	if err != nil {
		b.Fatal(err)
	}
	defer broker.Close()
	brokers := "KAFKA_BROKERS=" + strings.Join(broker.ListenAddrs(), ",")
	ordering := generated.Run(b, orderingBin, brokers)
	generated.Run(b, historyBin, brokers)
	watch, err := kgo.NewClient(kgo.SeedBrokers(broker.ListenAddrs()...))
	if err != nil {
		b.Fatal(err)
	}
	defer watch.Close()
	adm := kadm.NewClient(watch)

	b.ResetTimer()
	start := time.Now()
	if err := generated.PlaceOrders(ordering, b.N, 8); err != nil {
		b.Fatal(err)
	}
	for generated.Committed(adm, "order-history") < int64(b.N) {
		time.Sleep(time.Millisecond)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "events/s")
}

// BenchmarkBareProduceConsume produces b.N records and consumes them in a
// group, committing after each poll, with franz-go alone: the baseline.
func BenchmarkBareProduceConsume(b *testing.B) {
	broker, err := kfake.NewCluster(kfake.Ports(0), kfake.SeedTopics(3, "bare"))
	if err != nil {
		b.Fatal(err)
	}
	defer broker.Close()
	producer, err := kgo.NewClient(kgo.SeedBrokers(broker.ListenAddrs()...), kgo.DefaultProduceTopic("bare"))
	if err != nil {
		b.Fatal(err)
	}
	defer producer.Close()
	consumer, err := kgo.NewClient(kgo.SeedBrokers(broker.ListenAddrs()...), kgo.ConsumerGroup("bare"),
		kgo.ConsumeTopics("bare"), kgo.DisableAutoCommit(), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		b.Fatal(err)
	}
	defer consumer.Close()
	value := []byte(`{"eventId":"6f1c1b0e-3d7a-4b8e-9a51-2f7f7b0c1d22","orderId":"0b7c2f8e-8f6c-4c57-9d0e-3b1f2a6d9c41","customerId":"c1","amount":"12.50"}`)

	b.ResetTimer()
	start := time.Now()
	go func() {
		for i := range b.N {
			producer.Produce(context.Background(), &kgo.Record{Key: fmt.Appendf(nil, "%d", i), Value: value}, nil)
		}
		_ = producer.Flush(context.Background())
	}()
	seen := 0
	for seen < b.N {
		fetches := consumer.PollFetches(context.Background())
		seen += fetches.NumRecords()
		if err := consumer.CommitUncommittedOffsets(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "events/s")
}
