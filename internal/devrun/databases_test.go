package devrun

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// The machine's servers (.ci/run starts them): PostgreSQL with trust
// authentication, MariaDB with a root user without password.
const (
	testPostgres = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	testMySQL    = "mysql://root@127.0.0.1:3306/"
)

// uniqueNames returns names for new databases, unique to this run, and
// drops the databases of those names on the server when the test ends.
func uniqueNames(t *testing.T, s *DatabaseServer, n int) []string {
	t.Helper()
	suffix := strings.ToLower(rand.Text()[:10])
	var names []string
	for i := range n {
		names = append(names, fmt.Sprintf("devrun_test_%s_%d", suffix, i))
	}
	t.Cleanup(func() {
		db, err := s.open()
		if err != nil {
			t.Error(err)
			return
		}
		defer db.Close()
		for _, name := range names {
			drop := `DROP DATABASE IF EXISTS "` + name + `" WITH (FORCE)`
			if s.mysql {
				drop = "DROP DATABASE IF EXISTS `" + name + "`"
			}
			if _, err := db.Exec(drop); err != nil {
				t.Errorf("dropping %s: %v", name, err)
			}
		}
	})
	return names
}

func TestCreateDatabases(t *testing.T) {
	for _, tc := range []struct {
		server, want string
	}{
		{testPostgres, "postgres://postgres@127.0.0.1:5432/%s?sslmode=disable"},
		{testMySQL, "mysql://root@127.0.0.1:3306/%s"},
	} {
		t.Run(tc.server, func(t *testing.T) {
			s, err := ParseDatabaseServer(tc.server)
			if err != nil {
				t.Fatal(err)
			}
			names := uniqueNames(t, s, 2)
			for range 2 { // the second call finds them and is fine
				if err := s.CreateDatabases(context.Background(), names); err != nil {
					t.Fatalf("%v (is the server up? .ci/run starts it)", err)
				}
			}
			for _, name := range names {
				u := s.DatabaseURL(name)
				if want := fmt.Sprintf(tc.want, name); u.String() != want {
					t.Errorf("DatabaseURL(%q) = %s, want %s", name, u, want)
				}
				// A service given that URL is connected to that database.
				db := openURL(t, u.String())
				var current string
				query := "SELECT current_database()"
				if s.mysql {
					query = "SELECT DATABASE()"
				}
				if err := db.QueryRow(query).Scan(&current); err != nil {
					t.Fatal(err)
				}
				if current != name {
					t.Errorf("connected to %s through %s, want %s", current, u, name)
				}
			}
		})
	}
}

// openURL opens a database as a generated service would, and closes it
// when the test ends.
func openURL(t *testing.T, rawURL string) *sql.DB {
	t.Helper()
	db, err := OpenDatabase(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestCreateDatabasesConcurrently(t *testing.T) {
	for _, server := range []string{testPostgres, testMySQL} {
		t.Run(server, func(t *testing.T) {
			s, err := ParseDatabaseServer(server)
			if err != nil {
				t.Fatal(err)
			}
			names := uniqueNames(t, s, 1)
			var wg sync.WaitGroup
			errs := make([]error, 4)
			for i := range errs {
				wg.Go(func() { errs[i] = s.CreateDatabases(context.Background(), names) })
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Errorf("concurrent CreateDatabases: %v", err)
				}
			}
		})
	}
}

func TestCreateDatabasesReportsAnUnreachableServer(t *testing.T) {
	s, err := ParseDatabaseServer("postgres://me:secret@127.0.0.1:1/postgres?connect_timeout=2")
	if err != nil {
		t.Fatal(err)
	}
	err = s.CreateDatabases(context.Background(), []string{"shop_ordering"})
	if err == nil || !strings.Contains(err.Error(), "connecting to the database server postgres://me:xxxxx@127.0.0.1:1/") {
		t.Errorf("CreateDatabases on a closed port: %v, want an error naming the server", err)
	}
	if err != nil && strings.Contains(err.Error(), "secret") {
		t.Errorf("the error shows the password: %v", err)
	}
}

func TestCreateDatabasesChecksNamesFirst(t *testing.T) {
	// The server is never reached: a bad name stops everything before.
	s, err := ParseDatabaseServer("postgres://127.0.0.1:1/")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		strings.Repeat("a", 64): "has 64 characters, more than the 63",
		"Shop":                  "want lower-case ASCII letters",
		"shop\"; DROP":          "want lower-case ASCII letters",
		"":                      "want lower-case ASCII letters",
	} {
		err := s.CreateDatabases(context.Background(), []string{"fine", name})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CreateDatabases(%q): %v, want %q", name, err, want)
		}
	}
	if err := checkDatabaseName(strings.Repeat("a", 63)); err != nil {
		t.Errorf("a 63-character name: %v", err)
	}
}

func TestParseDatabaseServer(t *testing.T) {
	for raw, want := range map[string]string{
		"postgres://u:secret@host:5432/db?sslmode=disable": "postgres://u:secret@host:5432/x?sslmode=disable",
		"postgresql://host/": "postgresql://host/x",
		"postgres://host":    "postgres://host/x",
		"mysql://root:secret@host:3306/admin?tls=false": "mysql://root:secret@host:3306/x?tls=false",
		"mysql://root@host":                             "mysql://root@host/x",
	} {
		s, err := ParseDatabaseServer(raw)
		if err != nil {
			t.Errorf("ParseDatabaseServer(%q): %v", raw, err)
			continue
		}
		if got := s.DatabaseURL("x").String(); got != want {
			t.Errorf("ParseDatabaseServer(%q).DatabaseURL(\"x\") = %s, want %s", raw, got, want)
		}
	}
	for raw, want := range map[string]string{
		"postgres://u:secret@host:port/db":   "is not a URL such as",
		"localhost:5432":                     "is not a URL such as",
		"sqlite://u:secret@host/db":          `database URL sqlite://u:xxxxx@host/db: scheme "sqlite": want postgres:// or mysql://`,
		"":                                   `scheme "": want postgres:// or mysql://`,
		"mysql://u:secret@host/db?tls=maybe": "database URL mysql://u:xxxxx@host/db?tls=maybe: ",
		"postgres://u:secret@host/db?sslmode=sometimes": "database URL postgres://u:xxxxx@host/db?sslmode=sometimes: ",
	} {
		_, err := ParseDatabaseServer(raw)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseDatabaseServer(%q): %v, want %q", raw, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("ParseDatabaseServer(%q) shows the password: %v", raw, err)
		}
	}
}
