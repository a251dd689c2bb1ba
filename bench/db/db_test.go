// Package db benchmarks the generated order system on PostgreSQL — commands
// through HTTP into the database, and events through the consumer into the
// read model — each beside a bare pgx loop writing the same rows, in the
// same run, on the same server.
//
// Run: go test ./bench/db -run '^$' -bench . -benchtime 5000x -count 3
// (BENCH_POSTGRES_URL names the server; default: this machine's.)
package db

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/bench/generated"
)

func server() string {
	if s := os.Getenv("BENCH_POSTGRES_URL"); s != "" {
		return s
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// database creates a database for one benchmark run and drops it after.
func database(b *testing.B) string {
	b.Helper()
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, server())
	if err != nil {
		b.Fatal(err)
	}
	name := "bench_" + strings.ReplaceAll(uuid.NewString(), "-", "")[:16]
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_, _ = admin.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)")
		admin.Close(ctx)
	})
	u, _ := url.Parse(server())
	u.Path = "/" + name
	return u.String()
}

// BenchmarkCommandsHTTP places b.N orders through the Ordering service's
// HTTP API from 8 clients, the service on PostgreSQL: HTTP → use case →
// the order row and its outbox row in one transaction.
func BenchmarkCommandsHTTP(b *testing.B) {
	ordering, _ := generated.OrderSystem(b)
	addr := generated.Run(b, ordering, "DATABASE_URL="+database(b))
	b.ResetTimer()
	start := time.Now()
	if err := generated.PlaceOrders(addr, b.N, 8); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "commands/s")
}

// BenchmarkBareCommandInserts writes the same rows as a command, an order
// row and an outbox row in one transaction each, with pgx in a loop from 8
// connections: the baseline of BenchmarkCommandsHTTP.
func BenchmarkBareCommandInserts(b *testing.B) {
	ctx := context.Background()
	dbURL := database(b)
	setup, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		b.Fatal(err)
	}
	defer setup.Close(ctx)
	for _, stmt := range []string{
		`CREATE TABLE "order" ("order_id" UUID PRIMARY KEY, "version" BIGINT NOT NULL DEFAULT 0, "customer_id" TEXT NOT NULL DEFAULT '', "amount" NUMERIC NOT NULL DEFAULT 0, "reason" TEXT NOT NULL DEFAULT '')`,
		`CREATE TABLE eventstorm_outbox (id BIGSERIAL PRIMARY KEY, event_id VARCHAR(255) NOT NULL, type VARCHAR(255) NOT NULL, source VARCHAR(255) NOT NULL, occurred_at TIMESTAMPTZ NOT NULL, topic VARCHAR(255) NOT NULL, message_key VARCHAR(255) NOT NULL, data BYTEA NOT NULL, sent_at TIMESTAMPTZ)`,
	} {
		if _, err := setup.Exec(ctx, stmt); err != nil {
			b.Fatal(err)
		}
	}
	data := []byte(`{"eventId":"6f1c1b0e-3d7a-4b8e-9a51-2f7f7b0c1d22","orderId":"0b7c2f8e-8f6c-4c57-9d0e-3b1f2a6d9c41","occurredAt":"2026-11-24T09:30:00Z","version":1,"customerId":"c1","amount":"12.50"}`)
	next := make(chan struct{})
	var wg sync.WaitGroup
	conns := make([]*pgx.Conn, 8)
	for i := range conns {
		if conns[i], err = pgx.Connect(ctx, dbURL); err != nil {
			b.Fatal(err)
		}
		defer conns[i].Close(ctx)
	}
	b.ResetTimer()
	start := time.Now()
	for _, conn := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range next {
				id := uuid.New()
				err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
					if _, err := tx.Exec(ctx, `INSERT INTO "order" ("order_id", "version", "customer_id", "amount", "reason") VALUES ($1, $2, $3, $4, $5)`, id, 1, "c1", "12.50", ""); err != nil {
						return err
					}
					_, err := tx.Exec(ctx, `INSERT INTO eventstorm_outbox (event_id, type, source, occurred_at, topic, message_key, data) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
						uuid.NewString(), "shop.ordering.order-placed", "/shop/ordering", time.Now(), "shop.ordering.order", id.String(), data)
					return err
				})
				if err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	for range b.N {
		next <- struct{}{}
	}
	close(next)
	wg.Wait()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "commands/s")
}

// produce writes n Order Placed records as the Ordering service would.
func produce(b *testing.B, brokers []string, n int) {
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.DefaultProduceTopic("shop.ordering.order"))
	if err != nil {
		b.Fatal(err)
	}
	defer cl.Close()
	if _, err := kadm.NewClient(cl).CreateTopics(context.Background(), 3, 1, nil, "shop.ordering.order"); err != nil {
		b.Fatal(err)
	}
	records := make([]*kgo.Record, n)
	for i := range records {
		id := uuid.NewString()
		records[i] = &kgo.Record{Key: []byte(id), Value: fmt.Appendf(nil,
			`{"eventId":"%s","orderId":"%s","occurredAt":"2026-11-24T09:30:00Z","version":1,"customerId":"c%d","amount":"12.50"}`, uuid.New(), id, i),
			Headers: []kgo.RecordHeader{
				{Key: "ce_specversion", Value: []byte("1.0")}, {Key: "ce_id", Value: []byte(uuid.NewString())},
				{Key: "ce_type", Value: []byte("shop.ordering.order-placed")}, {Key: "ce_source", Value: []byte("/shop/ordering")},
				{Key: "content-type", Value: []byte("application/json")},
			}}
	}
	if err := cl.ProduceSync(context.Background(), records...).FirstErr(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkConsumer times the Order History service, on PostgreSQL, from
// its start until its group has committed b.N Order Placed records produced
// beforehand: consume → projection row and inbox row in one transaction →
// commit.
func BenchmarkConsumer(b *testing.B) {
	_, history := generated.OrderSystem(b)
	broker, err := kfake.NewCluster(kfake.Ports(0))
	if err != nil {
		b.Fatal(err)
	}
	defer broker.Close()
	produce(b, broker.ListenAddrs(), b.N)
	watch, err := kgo.NewClient(kgo.SeedBrokers(broker.ListenAddrs()...))
	if err != nil {
		b.Fatal(err)
	}
	defer watch.Close()
	adm := kadm.NewClient(watch)
	dbURL := database(b)
	b.ResetTimer()
	start := time.Now()
	generated.Run(b, history, "DATABASE_URL="+dbURL, "KAFKA_BROKERS="+strings.Join(broker.ListenAddrs(), ","))
	for generated.Committed(adm, "order-history") < int64(b.N) {
		time.Sleep(5 * time.Millisecond)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
}

// BenchmarkBareProjectionInserts writes the same rows as the consumer, a
// history row (upserted) and an inbox row in one transaction per event,
// with pgx in a loop: the baseline of BenchmarkConsumer.
func BenchmarkBareProjectionInserts(b *testing.B) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, database(b))
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, stmt := range []string{
		`CREATE TABLE "order_history" ("order_id" UUID PRIMARY KEY, "customer_id" TEXT NOT NULL DEFAULT '', "amount" NUMERIC NOT NULL DEFAULT 0, "status" TEXT NOT NULL DEFAULT '', "reason" TEXT NOT NULL DEFAULT '')`,
		`CREATE TABLE eventstorm_inbox (event_id VARCHAR(255) PRIMARY KEY, handled_at TIMESTAMPTZ NOT NULL)`,
	} {
		if _, err := conn.Exec(ctx, stmt); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO eventstorm_inbox (event_id, handled_at) VALUES ($1, now())`, uuid.NewString()); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO "order_history" ("order_id", "customer_id", "amount", "status", "reason") VALUES ($1, $2, $3, $4, $5)`,
				uuid.New(), fmt.Sprint("c", i), "12.50", "placed", "")
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
}
