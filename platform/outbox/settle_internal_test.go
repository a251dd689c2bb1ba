package outbox

import (
	"context"
	"slices"
	"testing"

	"eventstorm/platform/internal/sqltest"
	"eventstorm/platform/message"
)

// TestSQLRelaySettleFailure: the database goes away between the
// publication of a batch and its marking (TestFaults saw it cutting the
// network to PostgreSQL). The next pass marks the batch rather than read
// it again as pending and publish it twice.
func TestSQLRelaySettleFailure(t *testing.T) {
	t.Parallel()
	sqltest.Each(t, func(t *testing.T, s sqltest.Server, rawURL string) {
		db, o := sqlOutbox(t, rawURL)
		ctx := context.Background()
		addAll(t, db, o, events(0, 4))
		exec := func(q string) {
			t.Helper()
			if _, err := db.Conn(ctx).ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		// The table out of reach once the batch is published, as the
		// database would be.
		b := newBroker(func(call int, _ []message.Message) error {
			if call == 1 {
				exec("ALTER TABLE eventstorm_outbox RENAME TO eventstorm_outbox_away")
			}
			return nil
		})
		if _, err := o.relayOnce(ctx, b.publish, quiet); err == nil {
			t.Fatal("relayOnce marked its batch in a table that is away")
		}
		exec("ALTER TABLE eventstorm_outbox_away RENAME TO eventstorm_outbox")
		for range 2 {
			if _, err := o.relayOnce(ctx, b.publish, quiet); err != nil {
				t.Fatal(err)
			}
		}
		if p, sent := rowCounts(t, db); p != 0 || sent != 4 {
			t.Errorf("%d pending and %d sent, want 0 and 4", p, sent)
		}
		if got, want := b.published(), idsOf(events(0, 4)); !slices.Equal(got, want) {
			t.Errorf("published %v, want each of %v once", got, want)
		}
	})
}
