package inbox_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"eventstorm/platform/database"
	"eventstorm/platform/inbox"
	"eventstorm/platform/internal/dbtest"
)

// effects is a table of the tests' own, for the effects of handled events.
var effects = database.Table{
	Name: "effects",
	Create: [2]string{
		database.Postgres: `CREATE TABLE IF NOT EXISTS effects (id VARCHAR(64) PRIMARY KEY)`,
		database.MySQL:    "CREATE TABLE IF NOT EXISTS effects (id VARCHAR(64) PRIMARY KEY)",
	},
}

// checkOnce checks that an inbox runs the handling of an id once, records
// nothing when it fails, and runs it once among concurrent redeliveries.
func checkOnce(t *testing.T, in inbox.Inbox, effect func(ctx context.Context, id string) error) {
	ctx := context.Background()
	ran, err := in.Handle(ctx, "e1", func(ctx context.Context) error { return effect(ctx, "e1") })
	if !ran || err != nil {
		t.Fatalf("first Handle: %v, %v", ran, err)
	}
	ran, err = in.Handle(ctx, "e1", func(ctx context.Context) error { t.Error("ran again"); return nil })
	if ran || err != nil {
		t.Errorf("redelivery: %v, %v", ran, err)
	}
	boom := errors.New("boom")
	if _, err := in.Handle(ctx, "e2", func(ctx context.Context) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("failing Handle: %v", err)
	}
	if ran, err := in.Handle(ctx, "e2", func(ctx context.Context) error { return nil }); !ran || err != nil {
		t.Errorf("e2 after its failure: %v, %v (a failure must record nothing)", ran, err)
	}
	var runs atomic.Int32
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := in.Handle(ctx, "e3", func(ctx context.Context) error { runs.Add(1); return effect(ctx, "e3") }); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if runs.Load() != 1 {
		t.Errorf("e3 handled %d times by concurrent redeliveries", runs.Load())
	}
}

func TestMemory(t *testing.T) {
	checkOnce(t, inbox.NewMemory(), func(context.Context, string) error { return nil })
}

// TestSQL checks the SQL inbox, and that a failed handling or batch rolls
// back its effects with its ids.
func TestSQL(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		if err := db.Migrate(ctx, database.Schema{Lock: "t", Tables: append([]database.Table{effects}, inbox.Tables...)}); err != nil {
			t.Fatal(err)
		}
		in := inbox.NewSQL(db)
		insert := "INSERT INTO effects (id) VALUES (" + db.Dialect().Param(1) + ")"
		effect := func(ctx context.Context, id string) error {
			_, err := db.Conn(ctx).ExecContext(ctx, insert, id)
			return err
		}
		checkOnce(t, in, effect)
		boom := errors.New("boom")
		in.Handle(ctx, "e4", func(ctx context.Context) error {
			if err := effect(ctx, "e4"); err != nil {
				return err
			}
			return boom
		})
		err := in.Batch(ctx, func(ctx context.Context) error {
			for _, id := range []string{"e5", "e6"} {
				if _, err := in.Handle(ctx, id, func(ctx context.Context) error { return effect(ctx, id) }); err != nil {
					return err
				}
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		var n, ids int
		db.Conn(ctx).QueryRowContext(ctx, "SELECT COUNT(*) FROM effects").Scan(&n)
		db.Conn(ctx).QueryRowContext(ctx, "SELECT COUNT(*) FROM eventstorm_inbox").Scan(&ids)
		if n != 2 || ids != 3 { // e1 and e3 effects; e1, e2, e3 ids
			t.Errorf("%d effects and %d ids stored, want 2 and 3: a failed handling or batch kept something", n, ids)
		}
		if err := in.Batch(ctx, func(ctx context.Context) error {
			_, err := in.Handle(ctx, "e7", func(ctx context.Context) error { return effect(ctx, "e7") })
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if ran, _ := in.Handle(ctx, "e7", func(context.Context) error { return nil }); ran {
			t.Error("an id of a committed batch was not recorded")
		}
	})
}
