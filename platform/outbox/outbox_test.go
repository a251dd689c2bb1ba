package outbox_test

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"eventstorm/platform/database"
	"eventstorm/platform/internal/dbtest"
	"eventstorm/platform/message"
	"eventstorm/platform/outbox"
)

var logger = slog.New(slog.DiscardHandler)

func msgs(from, n int) []message.Message {
	var out []message.Message
	for i := from; i < from+n; i++ {
		out = append(out, message.Message{ID: "e" + strconv.Itoa(i), Type: "t", Source: "/s", Time: time.Now().UTC().Truncate(time.Microsecond), Topic: "x", Key: "k", Data: []byte(`{}`)})
	}
	return out
}

// collector is a publisher that records what it is given, failing the
// first fail calls, and says when it has n messages.
type collector struct {
	mu   sync.Mutex
	got  []string
	fail int
	want int
	done chan struct{}
}

func newCollector(want, fail int) *collector {
	return &collector{want: want, fail: fail, done: make(chan struct{})}
}

func (c *collector) publish(_ context.Context, ms []message.Message) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail > 0 {
		c.fail--
		return errors.New("broker down")
	}
	for _, m := range ms {
		c.got = append(c.got, m.ID)
	}
	if len(c.got) >= c.want {
		select {
		case <-c.done:
		default:
			close(c.done)
		}
	}
	return nil
}

func (c *collector) wait(t *testing.T) []string {
	t.Helper()
	select {
	case <-c.done:
	case <-time.After(20 * time.Second):
		t.Fatalf("published %d of %d", len(c.got), c.want)
	}
	time.Sleep(50 * time.Millisecond) // anything more would be a duplicate
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.got)
}

func ids(ms []message.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}

// TestMemory checks that the in-memory relay publishes every message once,
// in order, those added while it publishes and those of a failed
// publication included.
func TestMemory(t *testing.T) {
	o := outbox.NewMemory()
	c := newCollector(30, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); o.Relay(ctx, c.publish, logger) }()
	o.Add(msgs(0, 10)...)
	o.Add(msgs(10, 10)...)
	o.Add(msgs(20, 10)...)
	got := c.wait(t)
	cancel()
	<-done
	if want := ids(msgs(0, 30)); !slices.Equal(got, want) {
		t.Errorf("published %v, want %v once each in order", got, want)
	}
	if o.Pending() != 0 {
		t.Errorf("%d still pending", o.Pending())
	}
}

// TestSQL checks the SQL outbox: rolled-back messages are never published;
// two relays at once (two replicas) publish every committed message once,
// in order, across batches, after a failed publication.
func TestSQL(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		if err := db.Migrate(ctx, database.Schema{Lock: "t", Tables: outbox.Tables}); err != nil {
			t.Fatal(err)
		}
		a, b := outbox.NewSQL(db), outbox.NewSQL(db)
		err := db.InTx(ctx, func(ctx context.Context) error {
			if err := a.Add(ctx, msgs(1000, 3)); err != nil {
				return err
			}
			return errors.New("rolled back")
		})
		if err == nil {
			t.Fatal("the transaction did not fail")
		}
		const n = 1200 // more than a relay's batch
		for i := 0; i < n; i += 100 {
			if err := a.Add(ctx, msgs(i, 100)); err != nil {
				t.Fatal(err)
			}
		}
		a.Wake()
		c := newCollector(n, 1)
		rctx, cancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		for _, o := range []*outbox.SQL{a, b} {
			wg.Add(1)
			go func() { defer wg.Done(); o.Relay(rctx, c.publish, logger) }()
		}
		got := c.wait(t)
		cancel()
		wg.Wait()
		if want := ids(msgs(0, n)); !slices.Equal(got, want) {
			t.Errorf("published %d messages, want the %d committed once each in order", len(got), n)
		}
	})
}

// TestSQLKeepsWhoIssued checks that an event's issuer is stored with it
// and published.
func TestSQLKeepsWhoIssued(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		if err := db.Migrate(ctx, database.Schema{Lock: "t", Tables: outbox.Tables}); err != nil {
			t.Fatal(err)
		}
		o := outbox.NewSQL(db)
		m := msgs(0, 1)
		m[0].IssuedBy = "ada@example.com"
		if err := o.Add(ctx, m); err != nil {
			t.Fatal(err)
		}
		rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		var got []message.Message
		o.Relay(rctx, func(_ context.Context, msgs []message.Message) error {
			got = append(got, msgs...)
			cancel()
			return nil
		}, logger)
		if len(got) != 1 || got[0].IssuedBy != "ada@example.com" {
			t.Errorf("published %+v, want the event issued by ada@example.com", got)
		}
	})
}
