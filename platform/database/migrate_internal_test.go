package database

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"eventstorm/platform/internal/sqltest"
)

// both is a statement the same in both dialects.
func both(stmt string) [2]string {
	return [2]string{stmt, stmt}
}

// bothList is statements the same in both dialects.
func bothList(stmts ...string) [2][]string {
	return [2][]string{stmts, stmts}
}

// columnNames lists a table's columns, sorted.
func columnNames(t *testing.T, d *DB, table string) []string {
	t.Helper()
	ctx := context.Background()
	conn, err := d.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	set, err := d.columns(ctx, conn, table)
	if err != nil {
		t.Fatal(err)
	}
	var list []string
	for c := range set {
		list = append(list, strings.ToLower(c))
	}
	slices.Sort(list)
	return list
}

// strs reads a query's single string column.
func strs(t *testing.T, d *DB, query string) []string {
	t.Helper()
	list, err := QueryRows(context.Background(), d.Conn(context.Background()), func(s Scanner) (string, error) {
		var v string
		return v, s.Scan(&v)
	}, query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return list
}

// TestMigrateTables checks the tables' part of Migrate: missing tables are
// created, an older table gets the columns it lacks (its rows kept, the
// columns it has left alone), and the statements to run after run each
// time, harmlessly.
func TestMigrateTables(t *testing.T) {
	t.Parallel()
	sqltest.Each(t, func(t *testing.T, s sqltest.Server, rawURL string) {
		d := openTest(t, rawURL)
		ctx := context.Background()
		// An older version of the model made orders without note and
		// placed_at.
		mustExec(t, ctx, d,
			"CREATE TABLE orders (id VARCHAR(20) PRIMARY KEY, total INT NOT NULL)",
			"INSERT INTO orders (id, total) VALUES ('o1', 5)")
		create := [2]string{
			Postgres: "CREATE TABLE IF NOT EXISTS orders (id VARCHAR(20) PRIMARY KEY, total INT NOT NULL, note VARCHAR(50) NOT NULL DEFAULT '', placed_at TIMESTAMPTZ)",
			MySQL:    "CREATE TABLE IF NOT EXISTS orders (id VARCHAR(20) PRIMARY KEY, total INT NOT NULL, note VARCHAR(50) NOT NULL DEFAULT '', placed_at DATETIME(6) NULL)",
		}
		orders := Table{
			Name:   "orders",
			Create: create,
			Columns: []Column{
				// total exists: adding it again would fail.
				{Name: "total", Add: both("ALTER TABLE orders ADD COLUMN total INT NOT NULL")},
				{Name: "note", Add: both("ALTER TABLE orders ADD COLUMN note VARCHAR(50) NOT NULL DEFAULT ''")},
				{Name: "placed_at", Add: [2]string{
					Postgres: "ALTER TABLE orders ADD COLUMN placed_at TIMESTAMPTZ",
					MySQL:    "ALTER TABLE orders ADD COLUMN placed_at DATETIME(6) NULL",
				}},
			},
			After: [2][]string{
				Postgres: {
					"CREATE INDEX IF NOT EXISTS orders_total ON orders (total)",
					"INSERT INTO orders (id, total) VALUES ('seed', 0) ON CONFLICT DO NOTHING",
				},
				MySQL: {"INSERT IGNORE INTO orders (id, total) VALUES ('seed', 0)"},
			},
		}
		lines := Table{
			Name:   "order_lines",
			Create: both("CREATE TABLE IF NOT EXISTS order_lines (order_id VARCHAR(20) NOT NULL, n INT NOT NULL, PRIMARY KEY (order_id, n))"),
		}
		schema := Schema{Lock: "shop", Tables: []Table{orders, lines}}
		for range 2 {
			if err := d.Migrate(ctx, schema); err != nil {
				t.Fatal(err)
			}
		}
		if got, want := columnNames(t, d, "orders"), []string{"id", "note", "placed_at", "total"}; !slices.Equal(got, want) {
			t.Errorf("orders has columns %v, want %v", got, want)
		}
		if got, want := columnNames(t, d, "order_lines"), []string{"n", "order_id"}; !slices.Equal(got, want) {
			t.Errorf("order_lines has columns %v, want %v", got, want)
		}
		if got := strs(t, d, "SELECT id FROM orders WHERE note = '' ORDER BY id"); !slices.Equal(got, []string{"o1", "seed"}) {
			t.Errorf("orders %v, want the old row o1 (with the added column's default) and one seed", got)
		}
		if got := strs(t, d, "SELECT name FROM eventstorm_migrations"); len(got) != 0 {
			t.Errorf("migrations recorded without any: %v", got)
		}

		t.Run("a failing statement names its table", func(t *testing.T) {
			for _, bad := range []Table{
				{Name: "broken", Create: both("CREATE TABLE broken (")},
				{Name: "orders", Create: create, Columns: []Column{{Name: "more", Add: both("ALTER TABLE orders ADD COLUMN more NOPE")}}},
				{Name: "orders", Create: create, After: bothList("INSERT INTO orders (id) VALUES ('no total')")},
			} {
				err := d.Migrate(ctx, Schema{Lock: "shop", Tables: []Table{bad}})
				if err == nil || !strings.Contains(err.Error(), bad.Name) {
					t.Errorf("Migrate of a broken %s = %v", bad.Name, err)
				}
			}
			// The lock was released: the same DB and another both migrate.
			if err := d.Migrate(ctx, schema); err != nil {
				t.Error(err)
			}
			if err := openTest(t, rawURL).Migrate(ctx, schema); err != nil {
				t.Error(err)
			}
		})
	})
}

// TestMigrations checks the hand-written migrations: each applied once, in
// order, recorded; a later run applies only the new ones; a failing one
// stops there, recorded not, and goes on once fixed.
func TestMigrations(t *testing.T) {
	t.Parallel()
	sqltest.Each(t, func(t *testing.T, s sqltest.Server, rawURL string) {
		d := openTest(t, rawURL)
		ctx := context.Background()
		autoID := [2]string{Postgres: "SERIAL", MySQL: "INT AUTO_INCREMENT"}[d.Dialect()]
		// m1 would fail if applied twice; the log's ids give the order.
		m1 := Migration{Name: "0001_log", Statements: bothList("CREATE TABLE log (n " + autoID + " PRIMARY KEY, name VARCHAR(20) NOT NULL)")}
		m2 := Migration{Name: "0002_first", Statements: bothList("INSERT INTO log (name) VALUES ('m2')")}
		m3 := Migration{Name: "0003_second", Statements: bothList("INSERT INTO log (name) VALUES ('m3a')", "INSERT INTO log (name) VALUES ('m3b')")}
		m4 := Migration{Name: "0004_new", Statements: [2][]string{
			Postgres: {"INSERT INTO log (name) VALUES ('m4-pg')"},
			MySQL:    {"INSERT INTO log (name) VALUES ('m4-my')"},
		}}
		log := func() []string { return strs(t, d, "SELECT name FROM log ORDER BY n") }
		recorded := func() []string { return strs(t, d, "SELECT name FROM eventstorm_migrations ORDER BY name") }

		for range 2 {
			if err := d.Migrate(ctx, Schema{Lock: "shop", Migrations: []Migration{m1, m2, m3}}); err != nil {
				t.Fatal(err)
			}
		}
		if got, want := log(), []string{"m2", "m3a", "m3b"}; !slices.Equal(got, want) {
			t.Errorf("log %v, want %v: each migration once, in order", got, want)
		}
		if got, want := recorded(), []string{m1.Name, m2.Name, m3.Name}; !slices.Equal(got, want) {
			t.Errorf("recorded %v, want %v", got, want)
		}

		if err := d.Migrate(ctx, Schema{Lock: "shop", Migrations: []Migration{m1, m2, m3, m4}}); err != nil {
			t.Fatal(err)
		}
		wantM4 := [2]string{Postgres: "m4-pg", MySQL: "m4-my"}[d.Dialect()]
		if got, want := log(), []string{"m2", "m3a", "m3b", wantM4}; !slices.Equal(got, want) {
			t.Errorf("log %v, want %v: only the new migration, in its dialect", got, want)
		}

		bad := Migration{Name: "0005_bad", Statements: bothList("INSERT INTO log (name) VALUES ('m5')", "INSERT INTO nowhere (x) VALUES (1)")}
		m6 := Migration{Name: "0006_after", Statements: bothList("INSERT INTO log (name) VALUES ('m6')")}
		err := d.Migrate(ctx, Schema{Lock: "shop", Migrations: []Migration{m1, m2, m3, m4, bad, m6}})
		if err == nil || !strings.Contains(err.Error(), bad.Name) {
			t.Fatalf("Migrate with a failing migration = %v, want an error naming %s", err, bad.Name)
		}
		if got := recorded(); slices.Contains(got, bad.Name) || slices.Contains(got, m6.Name) {
			t.Errorf("recorded %v: the failed migration or the one after it", got)
		}
		if slices.Contains(log(), "m6") {
			t.Error("the migration after the failing one ran")
		}
		fixed := Migration{Name: bad.Name, Statements: bothList("INSERT INTO log (name) VALUES ('m5 fixed')")}
		if err := d.Migrate(ctx, Schema{Lock: "shop", Migrations: []Migration{m1, m2, m3, m4, fixed, m6}}); err != nil {
			t.Fatal(err)
		}
		if got := log(); !slices.Equal(got[len(got)-2:], []string{"m5 fixed", "m6"}) {
			t.Errorf("log %v, want the fixed migration then the next", got)
		}
	})
}

// TestMigrateConcurrently starts replicas together: each migrates the same
// database at once, under the lock, and every one succeeds with each
// migration applied once. Without the lock they would both find a
// migration unapplied and apply it twice (its CREATE TABLE failing).
func TestMigrateConcurrently(t *testing.T) {
	t.Parallel()
	sqltest.Each(t, func(t *testing.T, s sqltest.Server, rawURL string) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		pause := [2]string{Postgres: "SELECT pg_sleep(0.1)", MySQL: "DO SLEEP(0.1)"}
		schema := Schema{
			Lock: "shop",
			Tables: []Table{{
				Name:    "stock",
				Create:  both("CREATE TABLE IF NOT EXISTS stock (sku VARCHAR(20) PRIMARY KEY)"),
				Columns: []Column{{Name: "qty", Add: both("ALTER TABLE stock ADD COLUMN qty INT NOT NULL DEFAULT 0")}},
			}},
			Migrations: []Migration{
				// Slow between looking for applied migrations and
				// recording this one: where replicas would collide.
				{Name: "0001_audit", Statements: [2][]string{
					{pause[Postgres], "CREATE TABLE audit (n INT)", "INSERT INTO audit (n) VALUES (1)"},
					{pause[MySQL], "CREATE TABLE audit (n INT)", "INSERT INTO audit (n) VALUES (1)"},
				}},
			},
		}
		const replicas = 3
		dbs := make([]*DB, replicas)
		for i := range dbs {
			dbs[i] = openTest(t, rawURL)
		}
		var wg sync.WaitGroup
		errs := make([]error, replicas)
		start := make(chan struct{})
		for i, d := range dbs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs[i] = d.Migrate(ctx, schema)
			}()
		}
		close(start)
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		d := dbs[0]
		if n := countOf(t, ctx, d.Conn(ctx), "SELECT COUNT(*) FROM audit"); n != 1 {
			t.Errorf("the migration ran %d times, want once", n)
		}
		if got := strs(t, d, "SELECT name FROM eventstorm_migrations"); !slices.Equal(got, []string{"0001_audit"}) {
			t.Errorf("recorded %v", got)
		}
		if got := columnNames(t, d, "stock"); !slices.Equal(got, []string{"qty", "sku"}) {
			t.Errorf("stock has %v", got)
		}
		// Every replica let go of the lock.
		for _, d := range dbs {
			if err := d.Migrate(ctx, schema); err != nil {
				t.Error(err)
			}
		}
	})
}

// testOpenSchema checks that OpenSchema opens and migrates, and reports a
// schema that cannot be made.
func testOpenSchema(t *testing.T, s sqltest.Server, rawURL string) {
	ctx := context.Background()
	d, err := OpenSchema(ctx, rawURL, Schema{Lock: "shop", Tables: []Table{{Name: "opened", Create: both("CREATE TABLE IF NOT EXISTS opened (id INT PRIMARY KEY)")}}})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	mustExec(t, ctx, d, "INSERT INTO opened (id) VALUES (1)")
	if _, err := OpenSchema(ctx, rawURL, Schema{Lock: "shop", Tables: []Table{{Name: "broken", Create: both("CREATE TABLE broken (")}}}); err == nil || !strings.Contains(err.Error(), "broken") {
		t.Errorf("OpenSchema with a broken table = %v", err)
	}
	if _, err := OpenSchema(ctx, "ftp://u:s3cret@h/db", Schema{}); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("OpenSchema of a bad URL = %v", err)
	}
}
