package database_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"eventstorm/platform/database"
	"eventstorm/platform/internal/dbtest"
)

func TestOpenHidesThePassword(t *testing.T) {
	for _, u := range []string{
		"postgres://u:s3cret@127.0.0.1:1/db?connect_timeout=1",
		"mysql://u:s3cret@127.0.0.1:1/db?timeout=1s",
		"mysql://u:s3cret@127.0.0.1:1/db?notaparam=%zz",
		"ftp://u:s3cret@host/db",
		"::not a url s3cret",
	} {
		_, err := database.Open(context.Background(), u)
		if err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Open(%q) = %v", u, err)
		}
	}
}

// notes is a table of the tests' own.
var notes = database.Table{
	Name: "notes",
	Create: [2]string{
		database.Postgres: `CREATE TABLE IF NOT EXISTS notes (id VARCHAR(64) PRIMARY KEY, version BIGINT NOT NULL, body TEXT NOT NULL DEFAULT '')`,
		database.MySQL:    "CREATE TABLE IF NOT EXISTS notes (id VARCHAR(64) PRIMARY KEY, version BIGINT NOT NULL, body TEXT NOT NULL)",
	},
	Columns: []database.Column{{Name: "tag", Add: [2]string{
		database.Postgres: `ALTER TABLE notes ADD COLUMN tag TEXT NOT NULL DEFAULT ''`,
		database.MySQL:    "ALTER TABLE notes ADD COLUMN tag VARCHAR(64) NOT NULL DEFAULT ''",
	}}},
}

func count(t *testing.T, db *database.DB, ctx context.Context, query string) int {
	t.Helper()
	var n int
	if err := db.Conn(ctx).QueryRowContext(ctx, query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestMigrate checks that Migrate creates a table, adds a column an older
// table lacks, applies each hand-written migration once, and that two
// replicas migrating at once both succeed.
func TestMigrate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		old := notes
		old.Columns = nil
		if err := db.Migrate(ctx, database.Schema{Lock: "test", Tables: []database.Table{old}}); err != nil {
			t.Fatal(err)
		}
		m := database.Migration{Name: "0001", Statements: [2][]string{
			database.Postgres: {`INSERT INTO notes (id, version, body) VALUES ('m', 1, 'migrated')`},
			database.MySQL:    {`INSERT INTO notes (id, version, body) VALUES ('m', 1, 'migrated')`},
		}}
		schema := database.Schema{Lock: "test", Tables: []database.Table{notes}, Migrations: []database.Migration{m}}
		var wg sync.WaitGroup
		errs := make([]error, 3)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = db.Migrate(ctx, schema)
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, ctx, "SELECT COUNT(*) FROM notes WHERE tag = '' AND body = 'migrated'"); n != 1 {
			t.Errorf("%d rows from the migration, with the added column, want 1", n)
		}
		if n := count(t, db, ctx, "SELECT COUNT(*) FROM eventstorm_migrations"); n != 1 {
			t.Errorf("%d migrations recorded, want 1", n)
		}
	})
}

// TestTransactions checks InTx's commit, rollback and joining, and
// SaveVersioned's conflicts.
func TestTransactions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		if err := db.Migrate(ctx, database.Schema{Lock: "test", Tables: []database.Table{notes}}); err != nil {
			t.Fatal(err)
		}
		d := db.Dialect()
		insert := "INSERT INTO notes (id, version, body) VALUES " + d.Placeholders(0, 3)
		update := "UPDATE notes SET version = " + d.Param(1) + ", body = " + d.Param(2) + " WHERE id = " + d.Param(3) + " AND version = " + d.Param(4)
		boom := errors.New("boom")
		err := db.InTx(ctx, func(ctx context.Context) error {
			if !db.Joined(ctx) {
				t.Error("not joined inside InTx")
			}
			if err := db.SaveVersioned(ctx, insert, update, []any{"a", 1, "x"}, 0, func(context.Context) error { return nil }); err != nil {
				return err
			}
			return db.InTx(ctx, func(ctx context.Context) error { return boom }) // joins: all rolls back
		})
		if !errors.Is(err, boom) || count(t, db, ctx, "SELECT COUNT(*) FROM notes") != 0 {
			t.Fatalf("a failed joined transaction kept rows or lost its error: %v", err)
		}
		save := func(args []any, expected int64) error {
			return db.SaveVersioned(ctx, insert, update, args, expected, func(context.Context) error { return nil })
		}
		if err := save([]any{"a", 1, "x"}, 0); err != nil {
			t.Fatal(err)
		}
		if err := save([]any{"a", 1, "y"}, 0); !errors.Is(err, database.ErrConflict) {
			t.Errorf("insert of a taken key: %v", err)
		}
		if err := save([]any{"a", 2, "y"}, 1); err != nil {
			t.Errorf("update at the expected version: %v", err)
		}
		if err := save([]any{"a", 3, "z"}, 1); !errors.Is(err, database.ErrConflict) {
			t.Errorf("update at a stale version: %v", err)
		}
		rows, err := database.QueryRows(ctx, db.Conn(ctx), func(s database.Scanner) (string, error) {
			var body string
			return body, s.Scan(&body)
		}, "SELECT body FROM notes")
		if err != nil || len(rows) != 1 || rows[0] != "y" {
			t.Errorf("rows %v, %v", rows, err)
		}
		_, err = db.Conn(ctx).ExecContext(ctx, insert, "a", 1, "x")
		if !database.IsDuplicate(err) || database.IsDuplicate(errors.New("x")) {
			t.Errorf("IsDuplicate(%v) is wrong", err)
		}
	})
}
