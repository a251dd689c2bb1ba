package generator_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/twmb/franz-go/pkg/kfake"

	"eventstorm/samples"

	"eventstorm/internal/devrun"
)

// serverDB connects to a database server, or to the database its URL
// names.
func serverDB(t *testing.T, server string) *sql.DB {
	t.Helper()
	db, err := devrun.OpenDatabase(server)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// createDatabases creates uniquely named databases on the server, dropped
// when the test ends, and returns the URL of each.
func createDatabases(t *testing.T, server string, n int) []string {
	t.Helper()
	admin := serverDB(t, server)
	t.Cleanup(func() { admin.Close() })
	u, err := url.Parse(server)
	if err != nil {
		t.Fatal(err)
	}
	drop := "DROP DATABASE %s"
	if u.Scheme != "mysql" {
		drop += " WITH (FORCE)"
	}
	var urls []string
	for range n {
		name := "es_" + strings.ReplaceAll(uuid.NewString(), "-", "")[:20]
		if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
			t.Fatalf("create database on %s: %v", u.Redacted(), err)
		}
		t.Cleanup(func() {
			if _, err := admin.Exec(fmt.Sprintf(drop, name)); err != nil {
				t.Errorf("drop database %s: %v", name, err)
			}
		})
		dbURL := *u
		dbURL.Path = "/" + name
		urls = append(urls, dbURL.String())
	}
	return urls
}

// process is a service binary that can be killed and started again.
type process struct {
	t    *testing.T
	bin  string
	addr string // its HTTP address
	env  []string
	cmd  *exec.Cmd
	log  *os.File
}

func (p *process) start() {
	p.t.Helper()
	p.cmd = exec.Command(p.bin)
	p.cmd.Env = append(os.Environ(), p.env...)
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	if err := p.cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
}

// kill stops the process at once, as a crash would.
func (p *process) kill() {
	_ = p.cmd.Process.Kill()
	_ = p.cmd.Wait()
}

// startProcess runs a service until the test ends.
func startProcess(t *testing.T, bin string, env ...string) *process {
	t.Helper()
	log, err := os.Create(bin + ".log")
	if err != nil {
		t.Fatal(err)
	}
	p := &process{t: t, bin: bin, env: env, log: log}
	p.start()
	t.Cleanup(func() {
		_ = p.cmd.Process.Signal(os.Interrupt)
		_ = p.cmd.Wait()
		log.Close()
		if t.Failed() {
			out, _ := os.ReadFile(bin + ".log")
			t.Logf("%s log (last 3000 bytes):\n%s", filepath.Base(bin), out[max(0, len(out)-3000):])
		}
	})
	return p
}

// orderSample is the order sample's model.
func orderSample(t *testing.T) samples.Sample {
	t.Helper()
	s, err := samples.Get("order")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// buildOrderSystem generates the order sample, or a variant s of it, and
// builds its two services.
func buildOrderSystem(t *testing.T, s samples.Sample) (ordering, history string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs generated services; skipped with -short")
	}
	dir, bin := t.TempDir(), t.TempDir()
	writePlan(t, dir, planSample(t, s))
	for _, svc := range []string{"ordering", "order-history"} {
		if out, err := goCmd(t, dir, "build", "-o", filepath.Join(bin, svc), "./services/"+svc+"/cmd/"+svc); err != nil {
			t.Fatalf("build %s: %v\n%s", svc, err, out)
		}
	}
	return filepath.Join(bin, "ordering"), filepath.Join(bin, "order-history")
}

// runOrderSystem builds the order system of the model s (the order sample
// or a variant) and runs Ordering and Order History on a new in-process
// broker, each on its database of dbs, until the test ends; both are ready
// when it returns.
func runOrderSystem(t *testing.T, s samples.Sample, dbs []string) (ordering, history *process) {
	t.Helper()
	orderingBin, historyBin := buildOrderSystem(t, s)
	broker, err := kfake.NewCluster(kfake.Ports(0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(broker.Close)
	brokers := "KAFKA_BROKERS=" + strings.Join(broker.ListenAddrs(), ",")
	start := func(bin, db string) *process {
		addr := freeAddr(t)
		p := startProcess(t, bin, "HTTP_ADDR="+addr, brokers, "DATABASE_URL="+db)
		p.addr = addr
		return p
	}
	ordering, history = start(orderingBin, dbs[0]), start(historyBin, dbs[1])
	for _, p := range []*process{ordering, history} {
		getJSON(t, "http://"+p.addr+"/readyz", func(map[string]any) bool { return true })
	}
	return ordering, history
}

// placeOrder places an order and returns its id, or "" if it was not
// accepted (the service is down, or died answering).
func placeOrder(client *http.Client, addr string, i int) string {
	body := fmt.Sprintf(`{"customerId": "c%d", "amount": "%d.50"}`, i, i%100+1)
	resp, err := client.Post("http://"+addr+"/order/place-order", "application/json", bytes.NewBufferString(body))
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	var created struct {
		OrderID string `json:"orderId"`
	}
	if resp.StatusCode != http.StatusCreated || json.NewDecoder(resp.Body).Decode(&created) != nil {
		return ""
	}
	return created.OrderID
}

// ids reads a column of ids.
func ids(t *testing.T, db *sql.DB, query string) []string {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

// TestOrdersSurviveCrashes runs the generated order system on PostgreSQL
// and an in-process broker, places 2,000 orders, kills the query service
// (SIGKILL) and later the command service in the middle of the stream,
// restarts each, and checks that every accepted order is in the history
// exactly once: the outbox lost no event, and the inbox applied none twice.
func TestOrdersSurviveCrashes(t *testing.T) {
	ordersSurviveCrashes(t, orderSample(t), 2000, `SELECT "order_id" FROM "order"`)
}

// ordersSurviveCrashes is TestOrdersSurviveCrashes on the model s with
// orders orders; placedQuery reads the ids of the orders the ordering
// database holds, each once.
func ordersSurviveCrashes(t *testing.T, s samples.Sample, orders int, placedQuery string) {
	t.Helper()
	dbs := createDatabases(t, testServer("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"), 2)
	ordering, history := runOrderSystem(t, s, dbs)
	orderingAddr := ordering.addr

	client := &http.Client{Timeout: 5 * time.Second}
	var mu sync.Mutex
	var accepted []string
	next := make(chan int)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				// Retry while the command side is down.
				for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
					if id := placeOrder(client, orderingAddr, i); id != "" {
						mu.Lock()
						accepted = append(accepted, id)
						mu.Unlock()
						break
					}
				}
			}
		}()
	}
	for i := range orders {
		switch i {
		case orders / 4:
			history.kill()
			t.Log("killed order-history")
		case orders / 4 * 2:
			history.start()
		case orders / 4 * 3:
			ordering.kill()
			t.Log("killed ordering")
			ordering.start()
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if len(accepted) < orders*9/10 {
		t.Fatalf("only %d of %d orders accepted", len(accepted), orders)
	}

	orderingDB, historyDB := serverDB(t, dbs[0]), serverDB(t, dbs[1])
	defer orderingDB.Close()
	defer historyDB.Close()
	placed := map[string]bool{}
	for _, id := range ids(t, orderingDB, placedQuery) {
		placed[id] = true
	}
	var stored []string
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		if stored = ids(t, historyDB, `SELECT "order_id" FROM "order_history"`); len(stored) >= len(placed) {
			break
		}
	}
	inHistory := map[string]int{}
	for _, id := range stored {
		inHistory[id]++
	}
	for _, id := range accepted {
		if !placed[id] {
			t.Errorf("accepted order %s is not in the ordering database", id)
		}
	}
	for id := range placed {
		if inHistory[id] != 1 {
			t.Errorf("order %s is %d times in the history, want once", id, inHistory[id])
		}
	}
	if len(stored) != len(placed) {
		t.Errorf("%d history rows for %d orders", len(stored), len(placed))
	}
	handled := ids(t, historyDB, `SELECT event_id FROM eventstorm_inbox`)
	if len(handled) != len(placed) {
		t.Errorf("%d events handled for %d orders placed, each with one event", len(handled), len(placed))
	}
	t.Logf("%d orders accepted, %d placed, %d in the history", len(accepted), len(placed), len(stored))
}

// TestOrderFlowOnMariaDB runs the generated order system on MariaDB (the
// MySQL driver): an order placed reaches the history table.
func TestOrderFlowOnMariaDB(t *testing.T) {
	dbs := createDatabases(t, testServer("TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/"), 2)
	ordering, history := runOrderSystem(t, orderSample(t), dbs)
	orderingAddr, historyAddr := ordering.addr, history.addr
	id := placeOrder(http.DefaultClient, orderingAddr, 7)
	if id == "" {
		t.Fatal("the order was not accepted")
	}
	row := getJSON(t, "http://"+historyAddr+"/order-history/"+id, func(v map[string]any) bool { return v["status"] == "placed" })
	// The amount keeps the scale it was sent with, on MySQL too.
	if row["customerId"] != "c7" || row["amount"] != "8.50" {
		t.Errorf("history row %v", row)
	}
	db := serverDB(t, dbs[1])
	defer db.Close()
	var customer string
	if err := db.QueryRow("SELECT `customer_id` FROM `order_history` WHERE `order_id` = ?", id).Scan(&customer); err != nil || customer != "c7" {
		t.Errorf("order_history row: %q, %v", customer, err)
	}
}
