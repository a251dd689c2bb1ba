// Package dbtest gives the runtime's tests a database of their own on each
// server the machine has: PostgreSQL at TEST_POSTGRES_URL and MySQL or
// MariaDB at TEST_MYSQL_URL (the local servers by default), created with a
// unique name and dropped when the test ends.
package dbtest

import (
	"context"
	"os"
	"testing"

	"eventstorm/platform/adaptertest"
	"eventstorm/platform/database"
)

// Servers are the servers to test against, by dialect name.
var Servers = []struct {
	Name, Env, Default string
}{
	{"postgres", "TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"},
	{"mysql", "TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/mysql"},
}

// Each runs test once per server, with a fresh database opened as a
// service opens it.
func Each(t *testing.T, test func(t *testing.T, db *database.DB)) {
	for _, s := range Servers {
		t.Run(s.Name, func(t *testing.T) {
			test(t, Open(t, s.Env, s.Default))
		})
	}
}

// Open creates a database with a unique name on the server at the URL in
// env (or def), opens it, and drops it when the test ends. Without a
// server it skips the test, or fails it when CI is set.
func Open(t *testing.T, env, def string) *database.DB {
	t.Helper()
	db, err := database.Open(context.Background(), adaptertest.NewDatabase(t, Server(t, env, def)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Server is the URL of the server in env (or def), once it answers.
// Without a server it skips the test, or fails it when CI is set.
func Server(t *testing.T, env, def string) string {
	t.Helper()
	server := os.Getenv(env)
	if server == "" {
		server = def
	}
	admin, err := database.Open(context.Background(), server)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no database server at %s: %v", env, err)
		}
		t.Skipf("no database server at %s: %v", env, err)
	}
	admin.Close()
	return server
}
