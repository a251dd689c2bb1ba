package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"eventstorm/platform/internal/sqltest"
)

// openTest opens the database at rawURL as a service does, closed when the
// test ends.
func openTest(t *testing.T, rawURL string) *DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	d, err := Open(ctx, rawURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// mustExec runs statements with the connection of ctx, failing the test on
// an error.
func mustExec(t *testing.T, ctx context.Context, d *DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := d.Conn(ctx).ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// countOf runs a COUNT query with q.
func countOf(t *testing.T, ctx context.Context, q Querier, query string, args ...any) int {
	t.Helper()
	var n int
	if err := q.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// TestOpenErrorsHideThePassword opens URLs that cannot work, each with the
// password s3cret somewhere: each is an error that says what is wrong and
// never quotes the password.
func TestOpenErrorsHideThePassword(t *testing.T) {
	tests := []struct {
		name, url string
		want      string // in the error
	}{
		{"not a URL: bad port", "postgres://u:s3cret@127.0.0.1:port/db", "not a URL"},
		{"not a URL: control character", "postgres://u:s3cret@127.0.0.1/db\x7f", "not a URL"},
		{"not a URL: key=value settings", "host=127.0.0.1 user=u password=s3cret dbname=db", "not a URL"},
		{"not a URL: a driver DSN", "u:s3cret@tcp(127.0.0.1:3306)/db", "not a URL"},
		{"not a URL: no slashes", "mysql:u:s3cret@127.0.0.1/db", "not a URL"},
		{"unknown scheme", "ftp://u:s3cret@127.0.0.1/db", `scheme "ftp"`},
		{"unknown scheme: mariadb", "mariadb://u:s3cret@127.0.0.1:3306/db", `scheme "mariadb"`},
		{"bad mysql param", "mysql://u:s3cret@127.0.0.1:3306/db?parseTime=maybe", "maybe"},
		{"bad mysql param, password in the query", "mysql://u@127.0.0.1:3306/db?password=s3cret&parseTime=maybe", "maybe"},
		{"bad mysql param, badly escaped query", "mysql://u@127.0.0.1:3306/db?password=s3cret%zz&parseTime=maybe", "DATABASE_URL"},
		{"bad postgres param", "postgres://u:s3cret@127.0.0.1:5432/db?sslmode=bogus", "sslmode"},
		{"bad postgres param, password in the query", "postgres://u@127.0.0.1:5432/db?password=s3cret&sslmode=bogus", "sslmode"},
		{"bad postgres param, sslpassword in the query", "postgresql://u@127.0.0.1:5432/db?sslpassword=s3cret&sslmode=bogus", "sslmode"},
		{"no postgres server", "postgres://u:s3cret@127.0.0.1:1/db?connect_timeout=5", "127.0.0.1:1"},
		{"no postgres server, password in the query", "postgres://u@127.0.0.1:1/db?connect_timeout=5&password=s3cret", "127.0.0.1:1"},
		{"no mysql server", "mysql://u:s3cret@127.0.0.1:1/db?timeout=5s", "127.0.0.1:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			d, err := Open(ctx, tt.url)
			if err == nil {
				d.Close()
				t.Fatalf("Open(%q) succeeded", tt.url)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("the error quotes the password: %v", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

// TestMySQLConfig checks the translation of mysql:// URLs into the
// driver's configuration: the default port, the credentials unescaped, the
// parameters passed on, and times in UTC whatever the URL says.
func TestMySQLConfig(t *testing.T) {
	tests := []struct {
		url                    string
		addr, user, pass, name string
		check                  func(t *testing.T, got string, timeout time.Duration)
	}{
		{url: "mysql://u:p@db.example/shop", addr: "db.example:3306", user: "u", pass: "p", name: "shop"},
		{url: "mysql://u:p@db.example:3307/shop", addr: "db.example:3307", user: "u", pass: "p", name: "shop"},
		{url: "mysql://[::1]/shop", addr: "[::1]:3306", name: "shop"},
		{url: "mysql://[::1]:3310/shop", addr: "[::1]:3310", name: "shop"},
		{url: "mysql://u%40corp:p%40ss%3Aw%2Fd@127.0.0.1/my%20shop", addr: "127.0.0.1:3306", user: "u@corp", pass: "p@ss:w/d", name: "my shop"},
		{url: "mysql://root@localhost", addr: "localhost:3306", user: "root"},
		{url: "mysql://u@h/shop?timeout=7s&loc=Local&parseTime=false&clientFoundRows=true", addr: "h:3306", user: "u", name: "shop",
			check: func(t *testing.T, _ string, timeout time.Duration) {
				if timeout != 7*time.Second {
					t.Errorf("timeout %v, want the URL's 7s", timeout)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			u, err := url.Parse(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := MySQLConfig(u)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Net != "tcp" || cfg.Addr != tt.addr || cfg.User != tt.user || cfg.Passwd != tt.pass || cfg.DBName != tt.name {
				t.Errorf("net %q addr %q user %q password %q db %q, want tcp %q %q %q %q", cfg.Net, cfg.Addr, cfg.User, cfg.Passwd, cfg.DBName, tt.addr, tt.user, tt.pass, tt.name)
			}
			if !cfg.ParseTime || cfg.Loc != time.UTC {
				t.Errorf("parseTime %v loc %v, want times parsed in UTC", cfg.ParseTime, cfg.Loc)
			}
			if cfg.ClientFoundRows {
				t.Error("clientFoundRows is on: the inbox would take a recorded id for a new one")
			}
			if tt.check != nil {
				tt.check(t, cfg.Addr, cfg.Timeout)
			}
		})
	}
	u, _ := url.Parse("mysql://u:s3cret@h/db?parseTime=maybe")
	if _, err := MySQLConfig(u); err == nil {
		t.Error("a bad parameter is accepted")
	}
}

// TestDialect checks the statements' pieces each dialect writes.
func TestDialect(t *testing.T) {
	tests := []struct {
		d                Dialect
		param1, param12  string
		placeholders     string // Placeholders(2, 3)
		none             string // Placeholders(5, 0)
		now              string
		placeholdersFrom string // Placeholders(0, 1)
	}{
		{Postgres, "$1", "$12", "($3, $4, $5)", "()", "now()", "($1)"},
		{MySQL, "?", "?", "(?, ?, ?)", "()", "CURRENT_TIMESTAMP(6)", "(?)"},
	}
	for _, tt := range tests {
		if got := tt.d.Param(1); got != tt.param1 {
			t.Errorf("%d: Param(1) = %q, want %q", tt.d, got, tt.param1)
		}
		if got := tt.d.Param(12); got != tt.param12 {
			t.Errorf("%d: Param(12) = %q, want %q", tt.d, got, tt.param12)
		}
		if got := tt.d.Placeholders(2, 3); got != tt.placeholders {
			t.Errorf("%d: Placeholders(2, 3) = %q, want %q", tt.d, got, tt.placeholders)
		}
		if got := tt.d.Placeholders(5, 0); got != tt.none {
			t.Errorf("%d: Placeholders(5, 0) = %q, want %q", tt.d, got, tt.none)
		}
		if got := tt.d.Placeholders(0, 1); got != tt.placeholdersFrom {
			t.Errorf("%d: Placeholders(0, 1) = %q, want %q", tt.d, got, tt.placeholdersFrom)
		}
		if got := tt.d.Now(); got != tt.now {
			t.Errorf("%d: Now() = %q, want %q", tt.d, got, tt.now)
		}
	}
}

// TestOnTheServer runs the tests that need a server, one subtest each, in
// one database per server: each makes tables of its own.
func TestOnTheServer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		test func(t *testing.T, s sqltest.Server, rawURL string)
	}{
		{"dialect", testDialectOnTheServer},
		{"InTx", testInTx},
		{"IsDuplicate", testIsDuplicate},
		{"columns", testColumnsRoundTrip},
		{"SaveVersioned", testSaveVersioned},
		{"OpenSchema", testOpenSchema},
		{"SchemaURL", testSchemaURL},
	}
	sqltest.Each(t, func(t *testing.T, s sqltest.Server, rawURL string) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) { tt.test(t, s, rawURL) })
		}
	})
}

// testDialectOnTheServer runs the dialect's pieces on its server: Open
// finds the dialect from the scheme, Now is a current time with
// fractions of a second, and Placeholders take their arguments in order.
func testDialectOnTheServer(t *testing.T, s sqltest.Server, rawURL string) {
	d := openTest(t, rawURL)
	want := map[string]Dialect{"postgres": Postgres, "mysql": MySQL}[s.Name]
	if d.Dialect() != want {
		t.Fatalf("Dialect() = %d, want %d", d.Dialect(), want)
	}
	ctx := context.Background()
	if err := d.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	mustExec(t, ctx, d, "CREATE TABLE pieces (a VARCHAR(10), b INT, c VARCHAR(10))")
	if _, err := d.Conn(ctx).ExecContext(ctx, "INSERT INTO pieces (a, b, c) VALUES "+d.Dialect().Placeholders(0, 3)+", "+d.Dialect().Placeholders(3, 3), "x", 1, "y", "z", 2, "w"); err != nil {
		t.Fatal(err)
	}
	var a, c string
	if err := d.Conn(ctx).QueryRowContext(ctx, "SELECT a, c FROM pieces WHERE b = "+d.Dialect().Param(1), 2).Scan(&a, &c); err != nil || a != "z" || c != "w" {
		t.Errorf("row of b = 2: %q %q %v, want z w", a, c, err)
	}
	var now time.Time
	if err := d.Conn(ctx).QueryRowContext(ctx, "SELECT "+d.Dialect().Now()).Scan(&now); err != nil {
		t.Fatal(err)
	}
	if time.Since(now).Abs() > time.Minute {
		t.Errorf("Now is %v, %v away from the clock", now, time.Since(now))
	}
}

// testInTx checks InTx and Conn: a transaction commits when fn
// returns nil, rolls back on an error or a panic, is what Conn returns
// inside (and invisible outside until it commits), and is joined by an
// inner InTx of the same DB, never of another.
func testInTx(t *testing.T, s sqltest.Server, rawURL string) {
	d := openTest(t, rawURL)
	ctx := context.Background()
	mustExec(t, ctx, d, "CREATE TABLE items (id VARCHAR(20) PRIMARY KEY)")
	insert := "INSERT INTO items (id) VALUES (" + d.Dialect().Param(1) + ")"
	add := func(ctx context.Context, db *DB, id string) error {
		_, err := db.Conn(ctx).ExecContext(ctx, insert, id)
		return err
	}
	stored := func(t *testing.T, id string) bool {
		t.Helper()
		return countOf(t, ctx, d.Conn(ctx), "SELECT COUNT(*) FROM items WHERE id = "+d.Dialect().Param(1), id) == 1
	}
	boom := errors.New("boom")
	tests := []struct {
		name    string
		fn      func(ctx context.Context) error
		wantErr error
		stored  []string
		absent  []string
	}{
		{
			name: "commits on nil",
			fn: func(ctx context.Context) error {
				if !d.Joined(ctx) {
					t.Error("Joined is false inside InTx")
				}
				if err := add(ctx, d, "c1"); err != nil {
					return err
				}
				if stored(t, "c1") {
					t.Error("the pool sees a row before the transaction commits: Conn did not use the transaction")
				}
				if countOf(t, ctx, d.Conn(ctx), "SELECT COUNT(*) FROM items WHERE id = 'c1'") != 1 {
					t.Error("the transaction does not see its own row")
				}
				return add(ctx, d, "c2")
			},
			stored: []string{"c1", "c2"},
		},
		{
			name: "rolls back on an error",
			fn: func(ctx context.Context) error {
				if err := add(ctx, d, "r1"); err != nil {
					return err
				}
				return fmt.Errorf("wrapped: %w", boom)
			},
			wantErr: boom,
			absent:  []string{"r1"},
		},
		{
			name: "an inner error rolls back the outer transaction",
			fn: func(ctx context.Context) error {
				if err := add(ctx, d, "o1"); err != nil {
					return err
				}
				return d.InTx(ctx, func(ctx context.Context) error {
					if !d.Joined(ctx) {
						t.Error("Joined is false in the inner InTx")
					}
					if err := add(ctx, d, "i1"); err != nil {
						return err
					}
					return boom
				})
			},
			wantErr: boom,
			absent:  []string{"o1", "i1"},
		},
		{
			name: "an inner InTx commits nothing of its own",
			fn: func(ctx context.Context) error {
				if err := d.InTx(ctx, func(ctx context.Context) error { return add(ctx, d, "i2") }); err != nil {
					return err
				}
				if stored(t, "i2") {
					t.Error("the inner InTx committed on its own")
				}
				return boom
			},
			wantErr: boom,
			absent:  []string{"i2"},
		},
		{
			name: "inner and outer commit together",
			fn: func(ctx context.Context) error {
				if err := add(ctx, d, "o3"); err != nil {
					return err
				}
				return d.InTx(ctx, func(ctx context.Context) error { return add(ctx, d, "i3") })
			},
			stored: []string{"o3", "i3"},
		},
		{
			name: "a failed statement's error comes back and rolls back",
			fn: func(ctx context.Context) error {
				if err := add(ctx, d, "f1"); err != nil {
					return err
				}
				return add(ctx, d, "f1")
			},
			wantErr: errDuplicate,
			absent:  []string{"f1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := d.InTx(ctx, tt.fn)
			switch {
			case tt.wantErr == errDuplicate:
				if !IsDuplicate(err) {
					t.Errorf("InTx = %v, want the duplicate key", err)
				}
			case !errors.Is(err, tt.wantErr):
				t.Errorf("InTx = %v, want %v", err, tt.wantErr)
			}
			for _, id := range tt.stored {
				if !stored(t, id) {
					t.Errorf("%s is not stored", id)
				}
			}
			for _, id := range tt.absent {
				if stored(t, id) {
					t.Errorf("%s is stored", id)
				}
			}
		})
	}

	t.Run("rolls back on a panic", func(t *testing.T) {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("the panic did not come through")
				}
			}()
			d.InTx(ctx, func(ctx context.Context) error {
				if err := add(ctx, d, "p1"); err != nil {
					t.Error(err)
				}
				panic("boom")
			})
		}()
		if stored(t, "p1") {
			t.Error("p1 is stored")
		}
		// The connection went back to the pool usable.
		if err := d.InTx(ctx, func(ctx context.Context) error { return add(ctx, d, "p2") }); err != nil || !stored(t, "p2") {
			t.Errorf("a transaction after the panic: %v", err)
		}
	})

	t.Run("Joined and Conn outside a transaction", func(t *testing.T) {
		if d.Joined(ctx) {
			t.Error("Joined is true outside InTx")
		}
		if _, ok := d.Conn(ctx).(*sql.DB); !ok {
			t.Errorf("Conn outside InTx is a %T, want the pool", d.Conn(ctx))
		}
		err := d.InTx(ctx, func(ctx context.Context) error {
			if _, ok := d.Conn(ctx).(*sql.Tx); !ok {
				t.Errorf("Conn inside InTx is a %T, want the transaction", d.Conn(ctx))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})

	t.Run("another DB never joins", func(t *testing.T) {
		other := openTest(t, rawURL)
		err := d.InTx(ctx, func(ctx context.Context) error {
			if other.Joined(ctx) {
				t.Error("another DB's Joined is true in d's transaction")
			}
			if _, ok := other.Conn(ctx).(*sql.DB); !ok {
				t.Errorf("another DB's Conn is a %T in d's transaction, want its pool", other.Conn(ctx))
			}
			// other's InTx is a transaction of its own, committed
			// whatever becomes of d's.
			if err := other.InTx(ctx, func(ctx context.Context) error {
				if !other.Joined(ctx) || !d.Joined(ctx) {
					t.Error("a context carrying both transactions does not report both")
				}
				return add(ctx, other, "x1")
			}); err != nil {
				return err
			}
			if err := add(ctx, d, "x2"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if !stored(t, "x1") || stored(t, "x2") {
			t.Errorf("x1 stored %v (want true: other's own transaction), x2 stored %v (want false)", stored(t, "x1"), stored(t, "x2"))
		}
	})

	t.Run("a cancelled context begins nothing", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		ran := false
		if err := d.InTx(cctx, func(context.Context) error { ran = true; return nil }); err == nil || ran {
			t.Errorf("InTx with a cancelled context = %v, ran %v", err, ran)
		}
	})
}

// errDuplicate stands for a unique-key violation in TestInTx.
var errDuplicate = errors.New("duplicate")

// testIsDuplicate checks IsDuplicate against the errors of a real unique
// violation on each server, wrapped or not, and against other errors.
func testIsDuplicate(t *testing.T, s sqltest.Server, rawURL string) {
	d := openTest(t, rawURL)
	ctx := context.Background()
	mustExec(t, ctx, d,
		"CREATE TABLE dup (id INT PRIMARY KEY, email VARCHAR(50) NOT NULL, UNIQUE (email))",
		"INSERT INTO dup (id, email) VALUES (1, 'a@example.com')")
	exec := func(stmt string) error {
		_, err := d.Conn(ctx).ExecContext(ctx, stmt)
		return err
	}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"primary key", exec("INSERT INTO dup (id, email) VALUES (1, 'b@example.com')"), true},
		{"unique key", exec("INSERT INTO dup (id, email) VALUES (2, 'a@example.com')"), true},
		{"unique key on update", exec("INSERT INTO dup (id, email) VALUES (3, 'c@example.com')"), false},
		{"unique key on update, the update", exec("UPDATE dup SET email = 'a@example.com' WHERE id = 3"), true},
		{"not null", exec("INSERT INTO dup (id, email) VALUES (4, NULL)"), false},
		{"syntax", exec("INSERT INTO dup VALUE VALUES"), false},
		{"missing table", exec("INSERT INTO nowhere (id) VALUES (1)"), false},
		{"no rows", d.Conn(ctx).QueryRowContext(ctx, "SELECT id FROM dup WHERE id = 99").Scan(new(int)), false},
		{"nil", nil, false},
		{"plain", errors.New("duplicate key value violates unique constraint"), false},
	}
	for _, tt := range tests {
		if tt.want && tt.err == nil {
			t.Errorf("%s: the statement succeeded", tt.name)
			continue
		}
		if got := IsDuplicate(tt.err); got != tt.want {
			t.Errorf("%s: IsDuplicate(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
		if got := IsDuplicate(fmt.Errorf("saving: %w", tt.err)); tt.err != nil && got != tt.want {
			t.Errorf("%s, wrapped: IsDuplicate = %v, want %v", tt.name, got, tt.want)
		}
	}
}
