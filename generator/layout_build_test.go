package generator_test

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/generator"
	"eventstorm/samples"
)

// testedInPolyrepo are the samples whose services also run their tests in
// the polyrepo layout; every model's services build and vet. A context's
// insides are the same in every layout (TestLayoutsKeepContextInsides) and
// TestSamplesBuildVetTest runs their tests, so the order sample's stand
// for what this layout changes: a module per context.
var testedInPolyrepo = map[string]bool{"order": true}

// builtInPolyrepo are the edge-case models built in the polyrepo layout
// beside the samples: a context's insides are the same in every layout
// (TestLayoutsKeepContextInsides) and every model builds in the others, so
// what this layout adds, a module per context with its own go.mod, go.sum
// and copy of the runtime, is checked on the samples and on a model with an
// empty context and names outside ASCII.
var builtInPolyrepo = map[string]bool{"models/hangul": true}

// TestPolyrepoBuildVet generates the samples and a few edge-case models in
// the polyrepo layout and checks, inside each service's folder alone, that
// it builds and vets as a module of its own with a tidy go.mod and go.sum;
// for a few samples the services' tests pass too, but for the pending
// scenarios.
func TestPolyrepoBuildVet(t *testing.T) {
	if testing.Short() {
		t.Skip("builds generated systems; skipped with -short")
	}
	for _, s := range layoutModels(t) {
		if strings.HasPrefix(s.Name, "models/") && !builtInPolyrepo[s.Name] {
			continue
		}
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			m, files, err := planLayout(t, s, generator.LayoutPolyrepo)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			writePlan(t, dir, files)
			var tests strings.Builder
			failed := false
			for _, c := range m.Contexts {
				svc := filepath.Join(dir, generator.ContextDir(c, generator.LayoutPolyrepo))
				for _, args := range [][]string{{"build", "./..."}, {"mod", "tidy", "-diff"}, {"vet", "./..."}} {
					if out, err := goCmd(t, svc, args...); err != nil {
						t.Fatalf("%s: go %s: %v\n%s", c.Kebab(), strings.Join(args, " "), err, out)
					}
				}
				if testedInPolyrepo[s.Name] {
					out, err := goCmd(t, svc, "test", "./...")
					tests.WriteString(out)
					failed = failed || err != nil
				}
			}
			if failed && !onlyPendingFailures(t, s, generator.LayoutPolyrepo, tests.String()) {
				t.Fatalf("go test:\n%s", tests.String())
			}
		})
	}
}

// TestMonolithBuildVetTest generates every sample and edge-case model in
// the monolith layout and checks that it builds (./cmd/... included), vets
// and passes staticcheck, with a tidy go.mod, and that the samples pass
// their tests but for the pending scenarios.
func TestMonolithBuildVetTest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds generated systems; skipped with -short")
	}
	for _, s := range layoutModels(t) {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			_, files, err := planLayout(t, s, generator.LayoutMonolith)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			writePlan(t, dir, files)
			for _, args := range [][]string{{"build", "./..."}, {"mod", "tidy", "-diff"}, {"vet", "./..."}} {
				if out, err := goCmd(t, dir, args...); err != nil {
					t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
				}
			}
			staticcheck(t, dir)
			if strings.HasPrefix(s.Name, "models/") {
				// A context's insides are its service's (TestLayoutsKeepContextInsides),
				// whose tests TestSamplesBuildVetTest runs; the monolith's own
				// wiring is tested on the samples and by TestMonolithOrderFlow*.
				return
			}
			out, err := goCmd(t, dir, "test", "./...")
			if err != nil && !onlyPendingFailures(t, s, generator.LayoutMonolith, out) {
				t.Fatalf("go test: %v\n%s", err, out)
			}
		})
	}
}

// buildMonolith generates the order sample as a monolith and builds its
// binary from ./cmd/....
func buildMonolith(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs a generated system; skipped with -short")
	}
	s, err := samples.Get("order")
	if err != nil {
		t.Fatal(err)
	}
	_, files, err := planLayout(t, s, generator.LayoutMonolith)
	if err != nil {
		t.Fatal(err)
	}
	dir, bin := t.TempDir(), t.TempDir()
	writePlan(t, dir, files)
	if out, err := goCmd(t, dir, "build", "-o", bin+"/", "./cmd/..."); err != nil {
		t.Fatalf("go build ./cmd/...: %v\n%s", err, out)
	}
	return filepath.Join(bin, "shop")
}

// orderFlow places an order on the monolith at addr and waits for its
// history row, then cancels it and waits for the row to say so: the events
// go from the Ordering context to the Order History context in one process.
func orderFlow(t *testing.T, addr string) {
	t.Helper()
	getJSON(t, "http://"+addr+"/readyz", func(v map[string]any) bool { return v["status"] == "ready" })
	id := placeOrderAt(t, addr, `{"customerId": "c1", "amount": "12.50"}`)
	row := getJSON(t, "http://"+addr+"/order-history/"+id, func(v map[string]any) bool { return v["status"] == "placed" })
	if row["customerId"] != "c1" || row["amount"] != "12.5" && row["amount"] != "12.50" {
		t.Fatalf("history row %v", row)
	}
	resp, err := http.Post("http://"+addr+"/order/"+id+"/cancel-order", "application/json", strings.NewReader(`{"reason": "changed my mind"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("cancel order: %d", resp.StatusCode)
	}
	getJSON(t, "http://"+addr+"/order-history/"+id, func(v map[string]any) bool {
		return v["status"] == "cancelled" && v["reason"] == "changed my mind"
	})
}

// TestMonolithOrderFlow builds the order sample's monolith from ./cmd/...
// and runs it with HTTP_ADDR alone, no database and no broker: an order
// placed on POST /order/place-order appears on GET /order-history/{id}
// through the in-process bus.
func TestMonolithOrderFlow(t *testing.T) {
	bin := buildMonolith(t)
	addr := freeAddr(t)
	startService(t, bin, "HTTP_ADDR="+addr, "DATABASE_URL=", "KAFKA_BROKERS=")
	orderFlow(t, addr)
}

// TestMonolithOrderFlowThroughKafka runs the order sample's monolith with
// KAFKA_BROKERS set: the same flow goes through an in-process broker, the
// Order History context consuming in its own consumer group, as its service
// does, and the one /metrics tells the contexts apart.
func TestMonolithOrderFlowThroughKafka(t *testing.T) {
	bin := buildMonolith(t)
	broker, err := kfake.NewCluster(kfake.Ports(0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(broker.Close)
	addr := freeAddr(t)
	startService(t, bin, "HTTP_ADDR="+addr, "DATABASE_URL=", "KAFKA_BROKERS="+strings.Join(broker.ListenAddrs(), ","))
	orderFlow(t, addr)

	client, err := kgo.NewClient(kgo.SeedBrokers(broker.ListenAddrs()...))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	groups, err := kadm.NewClient(client).ListGroups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := groups.Groups(); len(got) != 1 || got[0] != "order-history" {
		t.Errorf("consumer groups %v, want the Order History context's, order-history", got)
	}
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`events_published_total{context="ordering",topic="shop.ordering.order"} 2`, `events_consumed_total{context="order-history",type="shop.ordering.order-placed"} 1`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics has no %s:\n%s", want, body)
		}
	}
}

// TestMonolithOrderFlowOnPostgreSQL runs the order sample's monolith on one
// PostgreSQL database: each context keeps its tables in a schema of its
// own, so that the two contexts' eventstorm tables do not meet.
func TestMonolithOrderFlowOnPostgreSQL(t *testing.T) {
	bin := buildMonolith(t)
	dbURL := createDatabases(t, testServer("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"), 1)[0]
	addr := freeAddr(t)
	startService(t, bin, "HTTP_ADDR="+addr, "DATABASE_URL="+dbURL, "KAFKA_BROKERS=")
	orderFlow(t, addr)
	db := serverDB(t, dbURL)
	defer db.Close()
	got := ids(t, db, `SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_name LIKE 'eventstorm_%' AND table_name <> 'eventstorm_migrations' ORDER BY 1`)
	want := []string{"order_history.eventstorm_inbox", "ordering.eventstorm_outbox", "ordering.eventstorm_relay"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("eventstorm's tables are %v, want %v", got, want)
	}
}
