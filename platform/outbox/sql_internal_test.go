package outbox

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"eventstorm/platform/database"
	"eventstorm/platform/internal/sqltest"
	"eventstorm/platform/message"
)

// TestSQLOutbox runs the tests of the SQL outbox, one subtest each, in one
// database per server, the outbox emptied before each.
func TestSQLOutbox(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		test func(t *testing.T, s sqltest.Server, rawURL string)
	}{
		{"Add", testSQLAdd},
		{"Relay", testSQLRelay},
		{"batches", testSQLRelayBatches},
		{"two relays", testSQLTwoRelays},
		{"Relay stops", testSQLRelayStops},
		{"prune", testSQLPrune},
	}
	sqltest.Each(t, func(t *testing.T, s sqltest.Server, rawURL string) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) { tt.test(t, s, rawURL) })
		}
	})
}

// sqlOutbox opens the database at rawURL with the outbox's tables, the
// outbox empty, and returns it with its outbox.
func sqlOutbox(t *testing.T, rawURL string) (*database.DB, *SQL) {
	t.Helper()
	db := openDB(t, rawURL)
	ctx := context.Background()
	if err := db.Migrate(ctx, database.Schema{Lock: "outbox-test", Tables: Tables}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Conn(ctx).ExecContext(ctx, "DELETE FROM eventstorm_outbox"); err != nil {
		t.Fatal(err)
	}
	return db, NewSQL(db)
}

// openDB opens the database at rawURL, closed when the test ends.
func openDB(t *testing.T, rawURL string) *database.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db, err := database.Open(ctx, rawURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// rowCounts are how many events the outbox table holds, pending and sent.
func rowCounts(t *testing.T, db *database.DB) (pending, sent int) {
	t.Helper()
	ctx := context.Background()
	err := db.Conn(ctx).QueryRowContext(ctx, "SELECT COUNT(*) - COUNT(sent_at), COUNT(sent_at) FROM eventstorm_outbox").Scan(&pending, &sent)
	if err != nil {
		t.Fatal(err)
	}
	return pending, sent
}

// waitSent waits until the outbox has no event pending and n sent: the
// relay marks them after their publication, and stopping it in between
// would leave them to publish again.
func waitSent(t *testing.T, db *database.DB, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		p, sent := rowCounts(t, db)
		if p == 0 && sent == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d pending and %d sent after 5 s, want 0 and %d", p, sent, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// addAll adds messages in a transaction, committed, and wakes the relay.
func addAll(t *testing.T, db *database.DB, o *SQL, msgs []message.Message) {
	t.Helper()
	ctx := context.Background()
	if err := db.InTx(ctx, func(ctx context.Context) error { return o.Add(ctx, msgs) }); err != nil {
		t.Fatal(err)
	}
	o.Wake()
}

// testSQLAdd checks that Add writes in the transaction of its context, or
// on its own without one, and that nothing added is written.
func testSQLAdd(t *testing.T, s sqltest.Server, rawURL string) {
	db, o := sqlOutbox(t, rawURL)
	ctx := context.Background()
	boom := errors.New("boom")
	err := db.InTx(ctx, func(ctx context.Context) error {
		if err := o.Add(ctx, events(0, 3)); err != nil {
			return err
		}
		if p, _ := rowCounts(t, db); p != 0 {
			t.Errorf("%d events visible outside the transaction before it commits", p)
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if p, sent := rowCounts(t, db); p != 0 || sent != 0 {
		t.Errorf("%d pending and %d sent after a rollback, want none", p, sent)
	}
	if err := o.Add(ctx, nil); err != nil {
		t.Errorf("Add of nothing: %v", err)
	}
	if err := o.Add(ctx, events(3, 5)); err != nil {
		t.Fatal(err)
	}
	if p, _ := rowCounts(t, db); p != 2 {
		t.Errorf("%d pending after an Add without a transaction, want 2", p)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := o.Add(cctx, events(5, 6)); err == nil {
		t.Error("Add with a cancelled context succeeded")
	}
}

// testSQLRelay adds events in several transactions and relays them: all
// are published whole, in the order added, marked sent, and a second pass
// publishes nothing.
func testSQLRelay(t *testing.T, s sqltest.Server, rawURL string) {
	db, o := sqlOutbox(t, rawURL)
	want := events(0, 12)
	// Times in another zone and data that is not text come back as they
	// were.
	want[1].Time = time.Date(2026, 3, 1, 14, 0, 0, 123456000, time.FixedZone("CET", 3600))
	want[2].Data = []byte{0, 0xff, 0xfe, '\'', '"', '\\'}
	want[3].Data = bytes.Repeat([]byte("x"), 100_000)
	want[4].Key = "clé ünïcode"
	addAll(t, db, o, want[:5])
	addAll(t, db, o, want[5:6])
	b := newBroker(nil)
	stop := relaying(t, o, b.publish)
	b.waitFor(t, 6, 5*time.Second)
	addAll(t, db, o, want[6:])
	b.waitFor(t, len(want), 5*time.Second)
	waitSent(t, db, len(want))
	stop()
	checkMessages(t, b.all(), want)
	n, err := o.relayOnce(context.Background(), b.publish, quiet)
	if err != nil || n != 0 {
		t.Errorf("a second pass published %d (%v), want nothing", n, err)
	}
	if got := len(b.published()); got != len(want) {
		t.Errorf("%d published in all, want %d once each", got, len(want))
	}
}

// TestSQLRelayFailure checks that a failed publication leaves the events
// pending, unmarked, and that the relay publishes them after its pause,
// with those committed meanwhile, in order.
func TestSQLRelayFailure(t *testing.T) {
	t.Parallel()
	sqltest.Each(t, func(t *testing.T, s sqltest.Server, rawURL string) {
		db, o := sqlOutbox(t, rawURL)
		ctx := context.Background()
		addAll(t, db, o, events(0, 4))
		boom := errors.New("broker down")
		down := newBroker(func(int, []message.Message) error { return boom })
		if n, err := o.relayOnce(ctx, down.publish, quiet); !errors.Is(err, boom) || n != 0 {
			t.Errorf("relayOnce with the broker down = %d, %v", n, err)
		}
		if p, sent := rowCounts(t, db); p != 4 || sent != 0 {
			t.Fatalf("%d pending and %d sent after a failure, want 4 and 0", p, sent)
		}

		var logs bytes.Buffer
		logger := slog.New(slog.NewTextHandler(&logs, nil))
		var failedAt time.Time
		b := newBroker(func(call int, msgs []message.Message) error {
			if call == 1 {
				addAll(t, db, o, events(4, 6)) // committed meanwhile
				failedAt = time.Now()
				return boom
			}
			if call == 2 && time.Since(failedAt) < 900*time.Millisecond {
				t.Errorf("retried %v after the failure, want a pause of 1 s", time.Since(failedAt))
			}
			return nil
		})
		rctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); o.Relay(rctx, b.publish, logger) }()
		got := b.waitFor(t, 6, 5*time.Second)
		waitSent(t, db, 6)
		cancel()
		<-done
		if want := idsOf(events(0, 6)); !slices.Equal(got, want) {
			t.Errorf("published %v, want %v", got, want)
		}
		if !strings.Contains(logs.String(), "broker down") {
			t.Errorf("the failure was not logged: %q", logs.String())
		}
	})
}

// testSQLRelayBatches relays more events than one pass takes: every one is
// published, in order, in passes of at most relayBatch that follow one
// another at once.
func testSQLRelayBatches(t *testing.T, s sqltest.Server, rawURL string) {
	db, o := sqlOutbox(t, rawURL)
	const total = 2*relayBatch + 123
	want := events(0, total)
	addAll(t, db, o, want[:relayBatch+1])
	addAll(t, db, o, want[relayBatch+1:])
	b := newBroker(nil)
	relaying(t, o, b.publish)
	got := b.waitFor(t, total, 10*time.Second)
	if !slices.Equal(got, idsOf(want)) {
		t.Errorf("published %d events, not the %d added once each in order", len(got), total)
	}
	b.mu.Lock()
	var sizes []int
	for _, batch := range b.batches {
		sizes = append(sizes, len(batch))
	}
	b.mu.Unlock()
	if !slices.Equal(sizes, []int{relayBatch, relayBatch, 123}) {
		t.Errorf("publications of %v events, want %d, %d, 123", sizes, relayBatch, relayBatch)
	}
	waitSent(t, db, total)
}

// testSQLTwoRelays runs two replicas' relays on one outbox while events are
// committed: the lease lets one publish at a time, so every event is
// published exactly once and in order overall.
func testSQLTwoRelays(t *testing.T, s sqltest.Server, rawURL string) {
	db, a := sqlOutbox(t, rawURL)
	b := NewSQL(openDB(t, rawURL)) // another replica, its own pool
	broker := newBroker(func(int, []message.Message) error {
		time.Sleep(2 * time.Millisecond) // widens the window for overlaps
		return nil
	})
	relaying(t, a, broker.publish)
	relaying(t, b, broker.publish)
	const txs, each = 40, 10
	for i := range txs {
		addAll(t, db, a, events(i*each, (i+1)*each))
		b.Wake()
		if i%4 == 0 {
			time.Sleep(3 * time.Millisecond)
		}
	}
	broker.waitFor(t, txs*each, 15*time.Second)
	time.Sleep(300 * time.Millisecond) // a poll more: anything now is a duplicate
	got := broker.published()
	if want := idsOf(events(0, txs*each)); !slices.Equal(got, want) {
		seen := map[string]int{}
		for _, id := range got {
			seen[id]++
		}
		var dup []string
		for id, n := range seen {
			if n > 1 {
				dup = append(dup, id)
			}
		}
		slices.Sort(dup)
		t.Errorf("published %d events, want the %d added once each in order; duplicates %v", len(got), txs*each, dup)
	}
	broker.mu.Lock()
	overlap := broker.overlap
	broker.mu.Unlock()
	if overlap {
		t.Error("two relays published at once")
	}
}

// testSQLRelayStops checks that Relay returns once its context is done,
// idle or pausing after a failure.
func testSQLRelayStops(t *testing.T, s sqltest.Server, rawURL string) {
	db, o := sqlOutbox(t, rawURL)
	for _, publish := range []message.Publisher{
		message.Discard,
		func(context.Context, []message.Message) error { return errors.New("down") },
	} {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); o.Relay(ctx, publish, quiet) }()
		addAll(t, db, o, events(0, 1))
		time.Sleep(50 * time.Millisecond)
		cancel()
		select {
		case <-done:
		case <-time.After(time.Second):
			t.Fatal("Relay still runs 1 s after its context's end")
		}
	}
}

// testSQLPrune checks that pruning deletes the events sent more than a day
// ago, and only those.
func testSQLPrune(t *testing.T, s sqltest.Server, rawURL string) {
	db, o := sqlOutbox(t, rawURL)
	ctx := context.Background()
	addAll(t, db, o, events(0, 6))
	p := db.Dialect().Param
	mark := func(from, to int, at time.Time) {
		if _, err := db.Conn(ctx).ExecContext(ctx, "UPDATE eventstorm_outbox SET sent_at = "+p(1)+" WHERE event_id >= "+p(2)+" AND event_id < "+p(3), at.UTC(), event(from).ID, event(to).ID); err != nil {
			t.Fatal(err)
		}
	}
	mark(0, 2, time.Now().Add(-keepSent-time.Hour)) // old
	mark(2, 4, time.Now().Add(-keepSent+time.Hour)) // recent
	if err := o.prune(ctx); err != nil {
		t.Fatal(err)
	}
	ids, err := database.QueryRows(ctx, db.Conn(ctx), func(s database.Scanner) (string, error) {
		var id string
		return id, s.Scan(&id)
	}, "SELECT event_id FROM eventstorm_outbox ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	if want := idsOf(events(2, 6)); !slices.Equal(ids, want) {
		t.Errorf("after pruning %v, want %v", ids, want)
	}
}
