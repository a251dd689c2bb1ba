// Package database keeps a service's data in PostgreSQL (through pgx) or in
// MySQL 8 / MariaDB 10.6+ (through go-sql-driver/mysql), as DATABASE_URL
// says: it opens the pool, carries transactions in contexts, writes the
// dialects' differences once, and brings a schema up to the model.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// Dialect is the kind of database behind a DB; statements are written once
// per dialect, in arrays indexed by it.
type Dialect int

const (
	// Postgres is PostgreSQL, through pgx.
	Postgres Dialect = iota
	// MySQL is MySQL 8 or MariaDB 10.6+, through go-sql-driver/mysql.
	MySQL
)

// DB is a service's database.
type DB struct {
	db      *sql.DB
	dialect Dialect
}

// Open connects to the database at rawURL, postgres://user:pass@host:port/db
// or mysql://user:pass@host:port/db (query parameters go to the driver), and
// checks that it answers. Errors never quote the password.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	d, err := connect(rawURL)
	if err != nil {
		return nil, err
	}
	// Requests and the consumer share the pool; keeping idle connections
	// saves a connection set-up per transaction under load.
	d.db.SetMaxOpenConns(32)
	d.db.SetMaxIdleConns(32)
	d.db.SetConnMaxIdleTime(5 * time.Minute)
	if err := d.db.PingContext(ctx); err != nil {
		d.db.Close()
		return nil, fmt.Errorf("database: %w", err)
	}
	return d, nil
}

// connect opens a pool for the URL's scheme without connecting yet.
func connect(rawURL string) (*DB, error) {
	u, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	switch u.Scheme {
	case "postgres", "postgresql":
		cfg, err := pgx.ParseConfig(rawURL)
		if err != nil {
			return nil, fmt.Errorf("DATABASE_URL %s: %w", redacted(u), err)
		}
		return &DB{db: stdlib.OpenDB(*cfg), dialect: Postgres}, nil
	case "mysql":
		cfg, err := MySQLConfig(u)
		if err != nil {
			return nil, fmt.Errorf("DATABASE_URL %s: %w", redacted(u), err)
		}
		connector, err := mysql.NewConnector(cfg)
		if err != nil {
			return nil, fmt.Errorf("DATABASE_URL %s: %w", redacted(u), err)
		}
		return &DB{db: sql.OpenDB(connector), dialect: MySQL}, nil
	}
	return nil, unknownScheme(u)
}

// errNotURL says that DATABASE_URL is not a URL; it cannot quote it, which
// would quote the password too.
var errNotURL = errors.New("DATABASE_URL is not a URL such as postgres://user:pass@host:5432/db")

// parseURL parses a database URL. A string that is not one, such as a
// driver's DSN (user:pass@tcp(host)/db) or key=value settings, is
// errNotURL: it would connect somewhere unintended, and its password could
// be anywhere in it.
func parseURL(rawURL string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Opaque != "" || u.Scheme == "" {
		return nil, errNotURL
	}
	return u, nil
}

// unknownScheme is the error of a URL of a scheme other than postgres://
// and mysql://; it quotes the scheme only, as anything else in a string
// that is not the URL asked for can be a password.
func unknownScheme(u *url.URL) error {
	return fmt.Errorf("DATABASE_URL: scheme %q: want postgres:// or mysql://", u.Scheme)
}

// redacted is a database URL fit for a message: its password masked, in
// the user information or in a query parameter (pgx takes password and
// sslpassword there); parameters that do not parse are left out.
func redacted(u *url.URL) string {
	c := *u
	if c.RawQuery != "" {
		q, err := url.ParseQuery(c.RawQuery)
		for k := range q {
			if l := strings.ToLower(k); l == "password" || l == "sslpassword" {
				q[k] = []string{"xxxxx"}
			}
		}
		c.RawQuery = q.Encode()
		if err != nil {
			c.RawQuery = ""
		}
	}
	return c.Redacted()
}

// MySQLConfig translates mysql://user:pass@host:port/db?param=value into the
// driver's configuration. Times are read and written in UTC.
func MySQLConfig(u *url.URL) (*mysql.Config, error) {
	dsn := "tcp(" + u.Host + ")/" + url.PathEscape(strings.TrimPrefix(u.Path, "/"))
	if u.RawQuery != "" {
		dsn += "?" + u.RawQuery
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	if u.Port() == "" {
		cfg.Addr = net.JoinHostPort(u.Hostname(), "3306")
	}
	cfg.User = u.User.Username()
	cfg.Passwd, _ = u.User.Password()
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	// Rows affected are the rows changed, whatever the URL says: the inbox
	// tells a new event id from a recorded one by them.
	cfg.ClientFoundRows = false
	return cfg, nil
}

// Close closes the pool.
func (d *DB) Close() error {
	return d.db.Close()
}

// Dialect is the kind of database.
func (d *DB) Dialect() Dialect {
	return d.dialect
}

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	return d.db.PingContext(ctx)
}

// txKey marks the transaction of a DB that a context carries. It names the
// DB, so that a transaction of one database is never joined by another's
// statements: the monolith's contexts each have their own, and one's relay
// hands events to another's inbox in the same call.
type txKey struct{ db *DB }

// Querier runs statements: the pool, or the transaction of a context.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Conn returns the transaction ctx carries, if any, or the pool.
func (d *DB) Conn(ctx context.Context) Querier {
	if tx, ok := ctx.Value(txKey{d}).(*sql.Tx); ok {
		return tx
	}
	return d.db
}

// InTx runs fn in a transaction, committed if fn returns nil and rolled back
// otherwise; the statements run with fn's context (through Conn) run in it.
// Called with a context that already carries a transaction, it joins it, so
// that a consumer's effect and its inbox record commit together.
func (d *DB) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if d.Joined(ctx) {
		return fn(ctx)
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // a no-op once committed
	if err := fn(context.WithValue(ctx, txKey{d}, tx)); err != nil {
		return err
	}
	return tx.Commit()
}

// Joined reports whether ctx carries a transaction of d, which InTx and
// Conn join.
func (d *DB) Joined(ctx context.Context) bool {
	_, ok := ctx.Value(txKey{d}).(*sql.Tx)
	return ok
}

// Param is the placeholder of the i-th argument of a statement, from 1.
func (d Dialect) Param(i int) string {
	if d == MySQL {
		return "?"
	}
	return "$" + strconv.Itoa(i)
}

// Placeholders is a parenthesised list of n placeholders for the arguments
// after the first done.
func (d Dialect) Placeholders(done, n int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = d.Param(done + i + 1)
	}
	return "(" + strings.Join(ps, ", ") + ")"
}

// Now is the current time in SQL.
func (d Dialect) Now() string {
	if d == MySQL {
		return "CURRENT_TIMESTAMP(6)"
	}
	return "now()"
}

// IsDuplicate reports whether err is a unique-key violation.
func IsDuplicate(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var myErr *mysql.MySQLError
	return errors.As(err, &myErr) && myErr.Number == 1062
}

// Scanner reads the columns of a row: *sql.Row and *sql.Rows.
type Scanner interface {
	Scan(dest ...any) error
}

// QueryRows runs a query and reads every row it returns with scan, in
// order; no row is an empty list, not nil.
func QueryRows[R any](ctx context.Context, q Querier, scan func(Scanner) (R, error), query string, args ...any) ([]R, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []R{}
	for rows.Next() {
		row, err := scan(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, row)
	}
	return list, rows.Err()
}

// ErrConflict says that a versioned row changed since it was read, or that
// a new one's key is taken.
var ErrConflict = errors.New("version conflict")

// SaveVersioned writes a versioned row, in the transaction ctx carries or a
// new one, then runs after in that transaction (to write the row's events to
// the outbox, say). args are the row's columns, its key first. With expected
// 0 the row is new: insert takes args, and a taken key is ErrConflict.
// Otherwise update takes the columns after the key, then the key, then
// expected, and changes the row only if its version is still expected, else
// ErrConflict.
func (d *DB) SaveVersioned(ctx context.Context, insert, update string, args []any, expected int64, after func(ctx context.Context) error) error {
	return d.InTx(ctx, func(ctx context.Context) error {
		if err := d.writeVersioned(ctx, insert, update, args, expected); err != nil {
			return err
		}
		return after(ctx)
	})
}

// writeVersioned is SaveVersioned's insert or update.
func (d *DB) writeVersioned(ctx context.Context, insert, update string, args []any, expected int64) error {
	if expected == 0 {
		_, err := d.Conn(ctx).ExecContext(ctx, insert, args...)
		if IsDuplicate(err) {
			return ErrConflict
		}
		return err
	}
	updateArgs := append(append(args[1:len(args):len(args)], args[0]), expected)
	res, err := d.Conn(ctx).ExecContext(ctx, update, updateArgs...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrConflict
	}
	return nil
}
