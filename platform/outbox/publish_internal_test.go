package outbox

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"eventstorm/platform/database"
	"eventstorm/platform/internal/sqltest"
	"eventstorm/platform/message"
)

// fakeBroker publishes with a result per message, as kafka.Publisher does:
// it refuses for good the messages whose data is in refuse, when published
// with others or (aloneToo) alone, fails those of the keys in down, and with
// them every later message of their keys (the client fails a partition's
// later records), and records what it accepts.
type fakeBroker struct {
	mu        sync.Mutex
	refuse    map[string]bool
	aloneToo  bool
	down      map[string]bool
	published []string
	calls     [][]string
}

func (b *fakeBroker) publish(_ context.Context, msgs []message.Message) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.calls = append(b.calls, idsOf(msgs))
	errs := make([]error, len(msgs))
	failed := false
	stalled := map[string]bool{}
	for i, m := range msgs {
		switch {
		case b.refuse[m.ID] && (len(msgs) > 1 || b.aloneToo):
			errs[i] = message.Refused(errors.New("MESSAGE_TOO_LARGE"))
		case b.down[m.Key] || stalled[m.Key]:
			errs[i] = errors.New("broker down")
			stalled[m.Key] = true
		default:
			b.published = append(b.published, m.ID)
			continue
		}
		failed = true
	}
	if failed {
		return &message.PublishError{Errs: errs}
	}
	return nil
}

// TestPublishEach checks each message's fate after a publication with a
// result per message.
func TestPublishEach(t *testing.T) {
	msgs := events(0, 14) // keys order-0 to order-6, twice
	cases := []struct {
		name      string
		broker    *fakeBroker
		plain     error // the publisher fails whole with it instead
		published []string
		refused   []string
		pending   []string
	}{
		{name: "all published", broker: &fakeBroker{}, published: idsOf(msgs)},
		{
			name:      "refused in the batch, published alone",
			broker:    &fakeBroker{refuse: map[string]bool{"e0003": true}},
			published: append(idsOf(msgs[:3]), append(idsOf(msgs[4:]), "e0003")...),
		},
		{
			name:      "refused for good",
			broker:    &fakeBroker{refuse: map[string]bool{"e0003": true}, aloneToo: true},
			published: append(idsOf(msgs[:3]), idsOf(msgs[4:])...),
			refused:   []string{"e0003"},
		},
		{
			name:      "a key down",
			broker:    &fakeBroker{down: map[string]bool{"order-2": true}},
			published: []string{"e0000", "e0001", "e0003", "e0004", "e0005", "e0006", "e0007", "e0008", "e0010", "e0011", "e0012", "e0013"},
			pending:   []string{"e0002", "e0009"},
		},
		{
			name:      "refused after a pending one of its key is left pending",
			broker:    &fakeBroker{down: map[string]bool{"order-2": true}, refuse: map[string]bool{"e0009": true}, aloneToo: true},
			published: []string{"e0000", "e0001", "e0003", "e0004", "e0005", "e0006", "e0007", "e0008", "e0010", "e0011", "e0012", "e0013"},
			pending:   []string{"e0002", "e0009"},
		},
		{name: "failed whole", plain: errors.New("boom"), pending: idsOf(msgs)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			publish := func(ctx context.Context, msgs []message.Message) error {
				if c.plain != nil {
					return c.plain
				}
				return c.broker.publish(ctx, msgs)
			}
			errs := publishEach(context.Background(), publish, msgs, time.Second)
			if len(errs) != len(msgs) {
				t.Fatalf("%d results for %d messages", len(errs), len(msgs))
			}
			var refused, pending []string
			for i, err := range errs {
				switch {
				case err == nil:
				case message.IsRefused(err):
					refused = append(refused, msgs[i].ID)
				default:
					pending = append(pending, msgs[i].ID)
				}
			}
			if c.broker != nil && !slices.Equal(c.broker.published, c.published) {
				t.Errorf("published %v, want %v", c.broker.published, c.published)
			}
			if !slices.Equal(refused, c.refused) || !slices.Equal(pending, c.pending) {
				t.Errorf("refused %v and pending %v, want %v and %v", refused, pending, c.refused, c.pending)
			}
		})
	}
}

// TestMemoryRelayRefused checks that the in-memory relay drops, logs and
// counts a message refused for good, publishes its neighbours once, and
// retries only those left pending, in their order.
func TestMemoryRelayRefused(t *testing.T) {
	o := NewMemory()
	b := &fakeBroker{refuse: map[string]bool{"e0003": true}, aloneToo: true, down: map[string]bool{"order-5": true}}
	var logs syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); o.Relay(ctx, b.publish, newTextLogger(&logs)) }()
	o.Add(events(0, 14)...)
	deadline := time.Now().Add(5 * time.Second)
	for {
		b.mu.Lock()
		n := len(b.published)
		b.mu.Unlock()
		if n == 11 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	b.mu.Lock()
	b.down = nil
	b.mu.Unlock()
	time.Sleep(1500 * time.Millisecond) // the pause after a failure
	cancel()
	<-done
	want := []string{"e0000", "e0001", "e0002", "e0004", "e0006", "e0007", "e0008", "e0009", "e0010", "e0011", "e0013", "e0005", "e0012"}
	if !slices.Equal(b.published, want) {
		t.Errorf("published %v, want %v", b.published, want)
	}
	if n := strings.Count(logs.String(), "refused an event for good"); n != 1 {
		t.Errorf("logged the refusal %d times: %s", n, logs.String())
	}
	if o.parkedCount != 1 || o.Pending() != 0 {
		t.Errorf("%d parked and %d pending, want 1 and 0", o.parkedCount, o.Pending())
	}
}

// TestSQLRelayPerRecord checks the SQL relay with a result per message: a
// message refused for good is parked with its error and the others are
// published once; those of a key the broker fails stay pending, their
// neighbours are not published again, and they follow in order once the
// broker takes them.
func TestSQLRelayPerRecord(t *testing.T) {
	t.Parallel()
	sqltest.Each(t, func(t *testing.T, s sqltest.Server, rawURL string) {
		db, o := sqlOutbox(t, rawURL)
		b := &fakeBroker{refuse: map[string]bool{"e0003": true}, aloneToo: true, down: map[string]bool{"order-5": true}}
		addAll(t, db, o, events(0, 14))
		ctx := context.Background()
		n, err := o.relayOnce(ctx, b.publish, quiet)
		if n != 12 || err == nil || !strings.Contains(err.Error(), "broker down") {
			t.Errorf("relayOnce = %d, %v; want 12 settled and the failure", n, err)
		}
		var pending []string
		pending, err = database.QueryRows(ctx, db.Conn(ctx), func(s database.Scanner) (string, error) {
			var id string
			return id, s.Scan(&id)
		}, "SELECT event_id FROM eventstorm_outbox WHERE sent_at IS NULL AND parked_at IS NULL ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"e0005", "e0012"}; !slices.Equal(pending, want) {
			t.Errorf("pending %v, want %v", pending, want)
		}
		b.mu.Lock()
		b.down = nil
		b.mu.Unlock()
		if n, err := o.relayOnce(ctx, b.publish, quiet); n != 2 || err != nil {
			t.Errorf("second pass = %d, %v; want 2", n, err)
		}
		if n, err := o.relayOnce(ctx, b.publish, quiet); n != 0 || err != nil {
			t.Errorf("third pass = %d, %v; want nothing", n, err)
		}
		want := []string{"e0000", "e0001", "e0002", "e0004", "e0006", "e0007", "e0008", "e0009", "e0010", "e0011", "e0013", "e0005", "e0012"}
		if !slices.Equal(b.published, want) {
			t.Errorf("published %v, want %v", b.published, want)
		}
		var parked, reason string
		if err := db.Conn(ctx).QueryRowContext(ctx, "SELECT event_id, parked_error FROM eventstorm_outbox WHERE parked_at IS NOT NULL").Scan(&parked, &reason); err != nil || parked != "e0003" || !strings.Contains(reason, "MESSAGE_TOO_LARGE") {
			t.Errorf("parked %s (%q, %v), want e0003 with its error", parked, reason, err)
		}
		var owner sql.NullString
		if err := db.Conn(ctx).QueryRowContext(ctx, "SELECT owner FROM eventstorm_relay WHERE id = 1").Scan(&owner); err != nil || owner.Valid {
			t.Errorf("the lease is held by %v (%v) after the passes, want given back", owner, err)
		}
	})
}

// TestSQLLease checks the relay lease: held by one relay until given back
// or expired, then taken by another; and that the schema runner adds the
// lease's and the parking's columns to tables of an earlier version.
func TestSQLLease(t *testing.T) {
	t.Parallel()
	sqltest.Each(t, func(t *testing.T, s sqltest.Server, rawURL string) {
		db := openDB(t, rawURL)
		ctx := context.Background()
		old := map[string][2]string{ // the tables as the previous version created them
			"postgres": {`CREATE TABLE eventstorm_outbox (id BIGSERIAL PRIMARY KEY, event_id VARCHAR(255) NOT NULL, type VARCHAR(255) NOT NULL, source VARCHAR(255) NOT NULL, occurred_at TIMESTAMPTZ NOT NULL, topic VARCHAR(255) NOT NULL, message_key VARCHAR(255) NOT NULL, data BYTEA NOT NULL, sent_at TIMESTAMPTZ)`, `CREATE TABLE eventstorm_relay (id INT PRIMARY KEY)`},
			"mysql":    {`CREATE TABLE eventstorm_outbox (id BIGINT AUTO_INCREMENT PRIMARY KEY, event_id VARCHAR(255) NOT NULL, type VARCHAR(255) NOT NULL, source VARCHAR(255) NOT NULL, occurred_at DATETIME(6) NOT NULL, topic VARCHAR(255) NOT NULL, message_key VARCHAR(255) NOT NULL, data LONGBLOB NOT NULL, sent_at DATETIME(6) NULL)`, `CREATE TABLE eventstorm_relay (id INT PRIMARY KEY)`},
		}[s.Name]
		for _, stmt := range old {
			if _, err := db.Conn(ctx).ExecContext(ctx, stmt); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Migrate(ctx, database.Schema{Lock: "lease-test", Tables: Tables}); err != nil {
			t.Fatal(err)
		}
		a, b := NewSQL(db), NewSQL(db)
		take := func(o *SQL, want bool) {
			t.Helper()
			got, err := o.lease(ctx)
			if err != nil || got != want {
				t.Fatalf("lease = %v, %v; want %v", got, err, want)
			}
		}
		take(a, true)
		take(a, true) // extended
		take(b, false)
		if _, err := db.Conn(ctx).ExecContext(ctx, "UPDATE eventstorm_relay SET lease_until = "+longAgo(s)+" WHERE id = 1"); err != nil {
			t.Fatal(err)
		}
		take(b, true) // a's expired
		take(a, false)
		b.release()
		take(a, true)
	})
}

// longAgo is an expression of a time long past, in the server's dialect.
func longAgo(s sqltest.Server) string {
	if s.Name == "mysql" {
		return "UTC_TIMESTAMP(6) - INTERVAL 1 HOUR"
	}
	return "now() - interval '1 hour'"
}
