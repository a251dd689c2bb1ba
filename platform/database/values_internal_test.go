package database

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"eventstorm/platform/internal/sqltest"
)

// testColumnsRoundTrip writes JSON and Time columns to each server and reads
// them back: lists and value objects as JSON, times in UTC to the
// microsecond, the zero time as NULL, and NULL leaving a JSON field as it
// is.
// money is a value object of the tests.
type money struct {
	Amount   int    `json:"amount"`
	Currency string `json:"currency"`
}

func testColumnsRoundTrip(t *testing.T, s sqltest.Server, rawURL string) {
	d := openTest(t, rawURL)
	ctx := context.Background()
	mustExec(t, ctx, d, [2]string{
		Postgres: "CREATE TABLE vals (id INT PRIMARY KEY, tags TEXT, price TEXT, at TIMESTAMPTZ)",
		MySQL:    "CREATE TABLE vals (id INT PRIMARY KEY, tags TEXT, price TEXT, at DATETIME(6) NULL)",
	}[d.Dialect()])
	insert := "INSERT INTO vals (id, tags, price, at) VALUES " + d.Dialect().Placeholders(0, 4)
	paris := time.FixedZone("CEST", 2*3600)
	at := time.Date(2026, 7, 14, 10, 30, 15, 123456789, paris)
	tags := []string{"a", "b c", "é"}
	price := money{1250, "EUR"}
	var zero time.Time
	if _, err := d.Conn(ctx).ExecContext(ctx, insert, 1, JSON{&tags}, JSON{&price}, Time{&at}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Conn(ctx).ExecContext(ctx, insert, 2, JSON{[]string{}}, nil, Time{&zero}); err != nil {
		t.Fatal(err)
	}
	var nulls int
	if err := d.Conn(ctx).QueryRowContext(ctx, "SELECT COUNT(*) FROM vals WHERE at IS NULL").Scan(&nulls); err != nil || nulls != 1 {
		t.Errorf("%d NULL times (%v), want the zero time's", nulls, err)
	}
	type row struct {
		tags  []string
		price money
		at    time.Time
	}
	rows, err := QueryRows(ctx, d.Conn(ctx), func(s Scanner) (row, error) {
		r := row{price: money{-1, "kept"}, at: time.Now()}
		return r, s.Scan(JSON{&r.tags}, JSON{&r.price}, Time{&r.at})
	}, "SELECT tags, price, at FROM vals ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	if r := rows[0]; !slices.Equal(r.tags, tags) || r.price != price || !r.at.Equal(at.Truncate(time.Microsecond)) || r.at.Location() != time.UTC {
		t.Errorf("read %v %v %v, want %v %v %v in UTC", r.tags, r.price, r.at, tags, price, at.Truncate(time.Microsecond))
	}
	if r := rows[1]; r.tags == nil || len(r.tags) != 0 || r.price != (money{-1, "kept"}) || !r.at.IsZero() {
		t.Errorf("read %#v %v %v, want an empty list, the field as it was, the zero time", r.tags, r.price, r.at)
	}

	none, err := QueryRows(ctx, d.Conn(ctx), func(s Scanner) (int, error) {
		var n int
		return n, s.Scan(&n)
	}, "SELECT id FROM vals WHERE id > 99")
	if err != nil || none == nil || len(none) != 0 {
		t.Errorf("QueryRows of no row = %#v, %v, want an empty list", none, err)
	}
	if _, err := QueryRows(ctx, d.Conn(ctx), func(s Scanner) (int, error) { return 0, errors.New("bad row") }, "SELECT id FROM vals"); err == nil || err.Error() != "bad row" {
		t.Errorf("QueryRows with a failing scan = %v", err)
	}
	if _, err := QueryRows(ctx, d.Conn(ctx), func(s Scanner) (int, error) { return 0, nil }, "SELECT nothing FROM nowhere"); err == nil {
		t.Error("QueryRows of a bad query succeeded")
	}
}

// TestColumnsScan checks the values JSON and Time accept and refuse.
func TestColumnsScan(t *testing.T) {
	var list []int
	for _, src := range []any{[]byte("[1,2]"), "[1,2]"} {
		list = nil
		if err := (JSON{&list}).Scan(src); err != nil || !slices.Equal(list, []int{1, 2}) {
			t.Errorf("JSON scan of %T: %v, %v", src, list, err)
		}
	}
	if err := (JSON{&list}).Scan(nil); err != nil || !slices.Equal(list, []int{1, 2}) {
		t.Errorf("JSON scan of NULL changed the field to %v (%v)", list, err)
	}
	if err := (JSON{&list}).Scan(42); err == nil {
		t.Error("JSON scan of an int succeeded")
	}
	if err := (JSON{&list}).Scan("{not json"); err == nil {
		t.Error("JSON scan of bad JSON succeeded")
	}
	v, err := JSON{map[string]int{"b": 2, "a": 1}}.Value()
	if err != nil || v != `{"a":1,"b":2}` {
		t.Errorf("JSON value = %v, %v", v, err)
	}
	if _, err := (JSON{func() {}}).Value(); err == nil {
		t.Error("JSON value of a func succeeded")
	}
	at := time.Now()
	if err := (Time{&at}).Scan("2026-01-01"); err == nil {
		t.Error("Time scan of a string succeeded")
	}
	if err := (Time{&at}).Scan(nil); err != nil || !at.IsZero() {
		t.Errorf("Time scan of NULL = %v, %v", at, err)
	}
}

// testSaveVersioned checks versioned writes: a new row, a taken key, an
// update at the expected version and at a stale one, each in one
// transaction with the after function, which rolls the write back when it
// fails.
func testSaveVersioned(t *testing.T, s sqltest.Server, rawURL string) {
	d := openTest(t, rawURL)
	ctx := context.Background()
	mustExec(t, ctx, d,
		"CREATE TABLE notes (id VARCHAR(20) PRIMARY KEY, body VARCHAR(50) NOT NULL, version BIGINT NOT NULL)",
		"CREATE TABLE note_events (body VARCHAR(50) NOT NULL)")
	p := d.Dialect().Param
	insert := "INSERT INTO notes (id, body, version) VALUES " + d.Dialect().Placeholders(0, 3)
	update := "UPDATE notes SET body = " + p(1) + ", version = " + p(2) + " WHERE id = " + p(3) + " AND version = " + p(4)
	boom := errors.New("boom")
	event := func(body string, fail bool) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			if !d.Joined(ctx) {
				t.Error("after runs outside the transaction")
			}
			if _, err := d.Conn(ctx).ExecContext(ctx, "INSERT INTO note_events (body) VALUES ("+p(1)+")", body); err != nil {
				return err
			}
			if fail {
				return boom
			}
			return nil
		}
	}
	tests := []struct {
		name     string
		args     []any
		expected int64
		fail     bool
		want     error
	}{
		{"new", []any{"n1", "first", 1}, 0, false, nil},
		{"new, taken key", []any{"n1", "again", 1}, 0, false, ErrConflict},
		{"new, after fails", []any{"n2", "lost", 1}, 0, true, boom},
		{"update", []any{"n1", "second", 2}, 1, false, nil},
		{"update, stale", []any{"n1", "stale", 2}, 1, false, ErrConflict},
		{"update, missing", []any{"n9", "nobody", 2}, 1, false, ErrConflict},
		{"update, after fails", []any{"n1", "lost", 3}, 2, true, boom},
	}
	var events []string
	for _, tt := range tests {
		args := slices.Clone(tt.args)
		err := d.SaveVersioned(ctx, insert, update, tt.args, tt.expected, event(tt.args[1].(string), tt.fail))
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: SaveVersioned = %v, want %v", tt.name, err, tt.want)
		}
		if !slices.Equal(args, tt.args) {
			t.Errorf("%s: SaveVersioned changed its arguments to %v", tt.name, tt.args)
		}
		if err == nil {
			events = append(events, tt.args[1].(string))
		}
	}
	if got := strs(t, d, "SELECT body FROM notes ORDER BY id"); !slices.Equal(got, []string{"second"}) {
		t.Errorf("notes %v, want [second]", got)
	}
	got := strs(t, d, "SELECT body FROM note_events")
	slices.Sort(got)
	slices.Sort(events)
	if !slices.Equal(got, events) {
		t.Errorf("events %v, want those of the saves that succeeded, %v", got, events)
	}
	var version int64
	if err := d.Conn(ctx).QueryRowContext(ctx, "SELECT version FROM notes WHERE id = 'n1'").Scan(&version); err != nil || version != 2 {
		t.Errorf("version %d (%v), want 2", version, err)
	}
}

// testSchemaURL checks that two parts of a system get rooms of their own in
// one database: tables of the same name that never meet.
func testSchemaURL(t *testing.T, s sqltest.Server, rawURL string) {
	ctx := context.Background()
	var urls []string
	for _, part := range []string{"ordering", "billing"} {
		u, err := SchemaURL(ctx, rawURL, part)
		if err != nil {
			t.Fatal(err)
		}
		if s.Name == "mysql" {
			// A database of its own next to the test's: drop it too.
			admin := s.Admin(t)
			name := rawURL[strings.LastIndex(rawURL, "/")+1:] + "_" + part
			t.Cleanup(func() { s.Drop(t, admin, name) })
			if !strings.HasSuffix(u, "/"+name) {
				t.Errorf("SchemaURL = %s, want the database %s", u, name)
			}
		}
		again, err := SchemaURL(ctx, rawURL, part)
		if err != nil || again != u {
			t.Errorf("SchemaURL again = %s, %v, want %s", again, err, u)
		}
		urls = append(urls, u)
	}
	for i, u := range urls {
		d := openTest(t, u)
		mustExec(t, ctx, d, "CREATE TABLE things (id INT PRIMARY KEY)")
		for j := 0; j <= i; j++ {
			mustExec(t, ctx, d, "INSERT INTO things (id) VALUES ("+string(rune('1'+j))+")")
		}
	}
	for i, u := range urls {
		d := openTest(t, u)
		if n := countOf(t, ctx, d.Conn(ctx), "SELECT COUNT(*) FROM things"); n != i+1 {
			t.Errorf("%s has %d things, want %d", u, n, i+1)
		}
	}
	base := openTest(t, rawURL)
	var n int
	if err := base.Conn(ctx).QueryRowContext(ctx, "SELECT COUNT(*) FROM things").Scan(&n); err == nil {
		t.Error("the parts' tables are in the database itself")
	}
}

// TestSchemaURLErrors checks SchemaURL's refusals, none quoting the
// password.
func TestSchemaURLErrors(t *testing.T) {
	for _, bad := range []string{"mysql://u:s3cret@127.0.0.1:3306", "mysql://u:s3cret@127.0.0.1:3306/", "ftp://u:s3cret@h/db", "u:s3cret@tcp(h)/db", "postgres://u:s3cret@h/db?sslmode=bogus"} {
		if _, err := SchemaURL(context.Background(), bad, "part"); err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("SchemaURL(%q) = %v", bad, err)
		}
	}
}
