// Package sqltest gives the platform's tests a database of their own on each
// SQL server the machine has: PostgreSQL at TEST_POSTGRES_URL and MySQL or
// MariaDB at TEST_MYSQL_URL (the local servers by default). Each database
// has a unique name and is dropped when its test ends; no other database is
// touched. Without a server a test is skipped, or fails when CI is set.
//
// It hands out URLs, not pools, so that the tests of platform/database
// itself can use it. Only tests import it.
package sqltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Server is a database server to test against.
type Server struct {
	// Name is the dialect's name, the name of its subtest: postgres or
	// mysql.
	Name string
	// Env names the variable holding the server's URL, and Default is the
	// URL without it.
	Env, Default string
}

// Servers are the servers every SQL test runs against, in the order of
// the platform's dialects (Postgres, then MySQL).
var Servers = []Server{
	{Name: "postgres", Env: "TEST_POSTGRES_URL", Default: "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"},
	{Name: "mysql", Env: "TEST_MYSQL_URL", Default: "mysql://root@127.0.0.1:3306/mysql"},
}

// Each runs test as one subtest per server, named after its dialect, with
// the URL of a fresh database on it.
func Each(t *testing.T, test func(t *testing.T, s Server, url string)) {
	t.Helper()
	for _, s := range Servers {
		t.Run(s.Name, func(t *testing.T) {
			test(t, s, s.NewDatabase(t))
		})
	}
}

// URL is the server's URL, from its variable or the default.
func (s Server) URL() string {
	if u := os.Getenv(s.Env); u != "" {
		return u
	}
	return s.Default
}

// Admin returns a pool connected to the server's URL as given, closed when
// the test ends. An unreachable server skips the test (fails it with CI
// set).
func (s Server) Admin(t testing.TB) *sql.DB {
	t.Helper()
	db, err := open(s.URL())
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = db.PingContext(ctx)
		cancel()
		if err != nil {
			db.Close()
		}
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no %s server at %s (%s): %v", s.Name, redacted(s.URL()), s.Env, err)
		}
		t.Skipf("no %s server at %s (set %s): %v", s.Name, redacted(s.URL()), s.Env, err)
	}
	db.SetMaxOpenConns(2)
	t.Cleanup(func() { db.Close() })
	return db
}

// NewDatabase creates a database with a unique name on the server and
// returns the server's URL naming it instead; the database is dropped when
// the test ends, after the cleanups registered later (the test's pools).
func (s Server) NewDatabase(t testing.TB) string {
	t.Helper()
	admin := s.Admin(t)
	b := make([]byte, 8)
	rand.Read(b)
	name := "es_test_" + hex.EncodeToString(b)
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("creating the test database %s: %v", name, err)
	}
	t.Cleanup(func() { s.Drop(t, admin, name) })
	u, err := url.Parse(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// Drop drops the database name if it exists, for tests that made one more
// (SchemaURL's on MySQL), with a pool of Admin's.
func (s Server) Drop(t testing.TB, admin *sql.DB, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	stmt := "DROP DATABASE IF EXISTS " + name
	if s.Name == "postgres" {
		// A connection a test leaked would keep the database.
		if _, err := admin.ExecContext(ctx, stmt+" WITH (FORCE)"); err == nil {
			return
		}
	}
	if _, err := admin.ExecContext(ctx, stmt); err != nil {
		t.Errorf("dropping the test database %s: %v", name, err)
	}
}

// Quote quotes an identifier of the server's dialect.
func (s Server) Quote(name string) string {
	if s.Name == "postgres" {
		return `"` + name + `"`
	}
	return "`" + name + "`"
}

// open opens a pool on a postgres:// or mysql:// URL, its connections
// given up on after 10 s.
func open(rawURL string) (*sql.DB, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("not a URL")
	}
	switch u.Scheme {
	case "postgres", "postgresql":
		cfg, err := pgx.ParseConfig(rawURL)
		if err != nil {
			return nil, err
		}
		if cfg.ConnectTimeout == 0 {
			cfg.ConnectTimeout = 10 * time.Second
		}
		return stdlib.OpenDB(*cfg), nil
	case "mysql":
		dsn := "tcp(" + u.Host + ")/" + strings.TrimPrefix(u.Path, "/")
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
		if cfg.Timeout == 0 {
			cfg.Timeout = 10 * time.Second
		}
		c, err := mysql.NewConnector(cfg)
		if err != nil {
			return nil, err
		}
		return sql.OpenDB(c), nil
	}
	return nil, fmt.Errorf("scheme %q: want postgres:// or mysql://", u.Scheme)
}

// redacted is a URL fit for a message.
func redacted(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Opaque != "" {
		return "(not a URL)"
	}
	u.RawQuery = ""
	return u.Redacted()
}
