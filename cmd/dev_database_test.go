package cmd

import (
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"eventstorm/internal/devrun"
)

// The machine's database servers (.ci/run starts them).
const (
	testPostgres = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	testMySQL    = "mysql://root@127.0.0.1:3306/"
)

// uniqueSystem renames the system of the model in dir to one of its own,
// so that the databases dev creates for it clash with no other test's, and
// returns its snake_case name.
func uniqueSystem(t *testing.T, dir string) string {
	t.Helper()
	file := filepath.Join(dir, ModelFile)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	suffix := strings.ToLower(strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r
		}
		return -1
	}, rand.Text()))[:8]
	renamed := strings.Replace(string(data), "\nsystem: Shop\n", "\nsystem: Shop "+suffix+"\n", 1)
	if renamed == string(data) {
		t.Fatalf("%s has no line 'system: Shop'", file)
	}
	if err := os.WriteFile(file, []byte(renamed), 0o644); err != nil {
		t.Fatal(err)
	}
	return "shop_" + suffix
}

// openAdmin opens the database server at rawURL (testPostgres or
// testMySQL, with the path naming a database on PostgreSQL) and closes it
// when the test ends.
func openAdmin(t *testing.T, rawURL string) *sql.DB {
	t.Helper()
	db, err := devrun.OpenDatabase(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// dropDatabasesAtEnd drops the databases when the test ends.
func dropDatabasesAtEnd(t *testing.T, server string, names ...string) {
	t.Cleanup(func() {
		db := openAdmin(t, server)
		for _, name := range names {
			drop := `DROP DATABASE IF EXISTS "` + name + `" WITH (FORCE)`
			if strings.HasPrefix(server, "mysql:") {
				drop = "DROP DATABASE IF EXISTS `" + name + "`"
			}
			if _, err := db.Exec(drop); err != nil {
				t.Errorf("dropping %s: %v", name, err)
			}
		}
	})
}

// devRunsOnPostgres runs the generated system in dir on PostgreSQL with
// --database-url and follows an order from the first service to the
// second one's table.
func devRunsOnPostgres(t *testing.T, dir, system string) {
	history := system + "_order_history"
	dropDatabasesAtEnd(t, testPostgres, system+"_ordering", history)
	// Trust authentication ignores the password; dev must not show it.
	r := runSample(t, dir, "postgres://postgres:secret@127.0.0.1:5432/?sslmode=disable", false)
	d, urls := r.devRun, r.urls

	id := placeOrderSeenInHistory(t, d, urls)
	var status string
	db := openAdmin(t, "postgres://postgres@127.0.0.1:5432/"+history+"?sslmode=disable")
	if err := db.QueryRow("SELECT status FROM order_history WHERE order_id = $1", id).Scan(&status); err != nil || status != "placed" {
		t.Errorf("the order's row in %s.order_history: status %q, %v; want placed", history, status, err)
	}

	out := d.out.String()
	for _, want := range []string{
		`(?m)^ordering +postgres://postgres:xxxxx@127\.0\.0\.1:5432/` + system + `_ordering\?sslmode=disable \(DATABASE_URL\)$`,
		`(?m)^order-history +postgres://postgres:xxxxx@127\.0\.0\.1:5432/` + history + `\?sslmode=disable \(DATABASE_URL\)$`,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("the output has no line matching %s:\n%s", want, d)
		}
	}
	if strings.Contains(out+d.err.String(), "secret") {
		t.Errorf("the output shows the password:\n%s", d)
	}
	d.stop(t, 10*time.Second)
}

// printDatabaseURL is a service that prints its DATABASE_URL and exits.
const printDatabaseURL = "package main\n\nimport (\"fmt\"; \"os\")\n\nfunc main() { fmt.Println(\"DATABASE_URL=\" + os.Getenv(\"DATABASE_URL\")) }\n"

// devOutput runs dev on dir until every service has exited and returns
// what it printed.
func devOutput(t *testing.T, dir, databaseURL string) string {
	t.Helper()
	d := startDev(dir, freePorts(t, 1), freePorts(t, 2), databaseURL)
	defer d.cancel()
	select {
	case <-d.done:
	case <-time.After(2 * time.Minute):
		t.Fatalf("dev did not end when every service had exited:\n%s", d)
	}
	return d.out.String()
}

func TestDevGivesEachServiceItsDatabase(t *testing.T) {
	dir := writeSystem(t, map[string]string{"ordering": printDatabaseURL, "order-history": printDatabaseURL})
	system := uniqueSystem(t, dir)
	t.Setenv("DATABASE_URL", "postgres://from-the-environment/db")

	// Without --database-url, DATABASE_URL is passed through as it is.
	out := devOutput(t, dir, "")
	for _, want := range []string{
		"ordering      | DATABASE_URL=postgres://from-the-environment/db\n",
		"order-history | DATABASE_URL=postgres://from-the-environment/db\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}

	// With it, each service gets its own database, which wins over
	// DATABASE_URL, created on the server.
	dropDatabasesAtEnd(t, testMySQL, system+"_ordering", system+"_order_history")
	out = devOutput(t, dir, "mysql://root@127.0.0.1:3306/?tls=false")
	for _, want := range []string{
		"ordering      | DATABASE_URL=mysql://root@127.0.0.1:3306/" + system + "_ordering?tls=false\n",
		"order-history | DATABASE_URL=mysql://root@127.0.0.1:3306/" + system + "_order_history?tls=false\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	rows, err := openAdmin(t, testMySQL).Query("SHOW DATABASES LIKE '" + system + "\\_%'")
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		found = append(found, name)
	}
	if want := []string{system + "_order_history", system + "_ordering"}; strings.Join(found, " ") != strings.Join(want, " ") {
		t.Errorf("databases on MariaDB: %v, want %v", found, want)
	}
}

func TestDevStopsOnABadDatabaseServer(t *testing.T) {
	dir := writeSystem(t, map[string]string{"ordering": printDatabaseURL, "order-history": printDatabaseURL})
	for _, tc := range []struct{ url, msg string }{
		{"sqlite:///tmp/shop.db", `--database-url: database URL sqlite:///tmp/shop.db: scheme "sqlite": want postgres:// or mysql://`},
		{"postgres://me:secret@127.0.0.1:port/", "--database-url: the database URL is not a URL such as"},
		{"postgres://me:secret@127.0.0.1:1/?connect_timeout=2", "--database-url: connecting to the database server postgres://me:xxxxx@127.0.0.1:1/"},
	} {
		r := run(t, "dev", dir, "--database-url", tc.url, "--kafka", "127.0.0.1:0", "--http-port", strconv.Itoa(freePorts(t, 2)))
		if r.code != exitFail || !strings.Contains(r.err, tc.msg) {
			t.Errorf("--database-url %s: want exit 1 and %q, got:\n%s", tc.url, tc.msg, r)
		}
		if strings.Contains(r.out, "Building") || strings.Contains(r.out+r.err, "secret") {
			t.Errorf("--database-url %s: dev went on building, or showed the password:\n%s", tc.url, r)
		}
	}
}

// placeOrderSeenInHistory places an order through the first service and
// waits, at most 30 s, for the second to show it in the order history; it
// returns the order's id.
func placeOrderSeenInHistory(t *testing.T, d *devRun, urls []string) string {
	t.Helper()
	resp, err := http.Post(urls[0]+"/order/place-order", "application/json", strings.NewReader(`{"customerId": "c1", "amount": "12.50"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	id := strings.TrimPrefix(resp.Header.Get("Location"), "/order/")
	if resp.StatusCode != http.StatusCreated || id == "" {
		t.Fatalf("POST /order/place-order: %s, Location %q, want 201 Created and the order's:\n%s", resp.Status, resp.Header.Get("Location"), d)
	}
	var row struct{ OrderID, Status string }
	deadline := time.Now().Add(30 * time.Second)
	for row.Status == "" && time.Now().Before(deadline) {
		resp, err := http.Get(urls[1] + "/order-history/" + id)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			if err := json.Unmarshal(body, &row); err != nil {
				t.Fatalf("GET /order-history/%s: %v in %s", id, err, body)
			}
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if row.OrderID != id || row.Status != "placed" {
		t.Fatalf("GET /order-history/%s gave %+v within 30s, want the placed order:\n%s", id, row, d)
	}
	return id
}
