// Package adaptertest checks a service's outbound adapters — repositories
// with their outbox, read-model stores — against one contract, in memory
// and in PostgreSQL and MySQL databases created for the test. The
// generated adapter tests call it with the service's adapters.
package adaptertest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"encoding/json"

	"eventstorm/platform/database"
)

// Servers are the database servers tests run against when the environment
// names them: where tests may create databases.
var Servers = []struct{ Name, Env string }{
	{"postgres", "TEST_POSTGRES_URL"},
	{"mysql", "TEST_MYSQL_URL"},
}

// Backends runs test against the in-memory adapters memory makes, then
// against the SQL adapters sql makes on a database created for the test
// on each server of Servers the environment names (e.g.
// TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres,
// TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/), brought up to schema; db
// is nil in memory.
func Backends[A any](t *testing.T, memory func() A, sql func(*database.DB) A, schema database.Schema, test func(t *testing.T, a A, db *database.DB)) {
	t.Run("memory", func(t *testing.T) {
		test(t, memory(), nil)
	})
	for _, s := range Servers {
		t.Run(s.Name, func(t *testing.T) {
			server := os.Getenv(s.Env)
			if server == "" {
				t.Skipf("set %s to a server where tests may create databases", s.Env)
			}
			db := Database(t, server, schema)
			test(t, sql(db), db)
		})
	}
}

// Database creates a database with a unique name on the server at
// serverURL, opens it as the service does, bringing it up to schema, and
// drops it when the test ends.
func Database(t testing.TB, serverURL string, schema database.Schema) *database.DB {
	t.Helper()
	db, err := database.OpenSchema(context.Background(), NewDatabase(t, serverURL), schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// NewDatabase creates a database with a unique name on the server at
// serverURL, drops it when the test ends, and returns its URL.
func NewDatabase(t testing.TB, serverURL string) string {
	t.Helper()
	ctx := context.Background()
	admin, err := database.Open(ctx, serverURL)
	if err != nil {
		t.Fatalf("the database server: %v", err)
	}
	b := make([]byte, 8)
	rand.Read(b)
	name := "test_" + hex.EncodeToString(b)
	if _, err := admin.Conn(ctx).ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.Conn(ctx).ExecContext(ctx, "DROP DATABASE "+name); err != nil {
			t.Errorf("drop the test database %s: %v", name, err)
		}
	})
	u, err := url.Parse(serverURL)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// SameJSON fails the test unless got and want have the same JSON: values
// read back from a database differ in representation only (a decimal's
// scale, a time's location).
func SameJSON(t testing.TB, got, want any) {
	t.Helper()
	g, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	w, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if string(g) != string(w) {
		t.Errorf("read back\n%s\nwant\n%s", g, w)
	}
}
