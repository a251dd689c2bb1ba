package generator_test

import (
	"context"
	"encoding/binary"
	"errors"
	"net/http"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"

	"eventstorm/generator"
	"eventstorm/samples"
)

// placedSubject is the subject of Order Placed in the order sample:
// <topic>-<ce_type>.
const placedSubject = "shop.ordering.order-shop.ordering.order-placed"

// TestOrderFlowThroughSchemaRegistry runs the generated order system's two
// services on an in-process broker with a fake schema registry: the
// command side registers its events' schemas at start-up (and with
// register-schemas alone), its records carry the schema id of the event's
// JSON Schema in the registry's wire format, the query side reads them, and
// a registry refusing a schema stops a service at start-up naming the
// subject.
func TestOrderFlowThroughSchemaRegistry(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs generated services; skipped with -short")
	}
	s, err := samples.Get("order")
	if err != nil {
		t.Fatal(err)
	}
	plan := planSample(t, s)
	var placedSchema string
	for _, f := range plan {
		if f.Path == "services/ordering/api/events/shop.ordering.order-placed.json" {
			placedSchema = string(f.Bytes)
		}
	}
	dir, bin := t.TempDir(), t.TempDir()
	writePlan(t, dir, plan)
	for _, svc := range []string{"ordering", "order-history"} {
		if out, err := goCmd(t, dir, "build", "-o", filepath.Join(bin, svc), "./services/"+svc+"/cmd/"+svc); err != nil {
			t.Fatalf("build %s: %v\n%s", svc, err, out)
		}
	}
	ordering := filepath.Join(bin, "ordering")

	t.Run("register-schemas", func(t *testing.T) {
		reg := srfake.New()
		defer reg.Close()
		cmd := exec.Command(ordering, "register-schemas")
		cmd.Env = []string{"SCHEMA_REGISTRY_URL=" + reg.URL()}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("register-schemas: %v\n%s", err, out)
		}
		checkSubjects(t, reg.URL())
		cmd = exec.Command(ordering, "register-schemas")
		if out, err := cmd.CombinedOutput(); exitCode(err) != 2 || !strings.Contains(string(out), "SCHEMA_REGISTRY_URL is not set") {
			t.Errorf("register-schemas without a registry: %v, want exit 2 saying so\n%s", err, out)
		}
	})

	t.Run("incompatible", func(t *testing.T) {
		reg := srfake.New()
		defer reg.Close()
		reg.Intercept(func(w http.ResponseWriter, req *http.Request) bool {
			if req.Method != http.MethodPost || req.URL.Path != "/subjects/"+placedSubject+"/versions" {
				return false
			}
			w.WriteHeader(http.StatusConflict)
			_, _ = w.Write([]byte(`{"error_code":409,"message":"Schema being registered is incompatible with an earlier schema"}`))
			return true
		})
		broker, err := kfake.NewCluster(kfake.Ports(0))
		if err != nil {
			t.Fatal(err)
		}
		defer broker.Close()
		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, ordering)
		cmd.Env = []string{"HTTP_ADDR=" + freeAddr(t), "KAFKA_BROKERS=" + strings.Join(broker.ListenAddrs(), ","), "SCHEMA_REGISTRY_URL=" + reg.URL()}
		out, err := cmd.CombinedOutput()
		if exitCode(err) != 1 || !strings.Contains(string(out), "incompatible with the schemas of subject "+placedSubject) {
			t.Errorf("ordering with an incompatible schema: %v, want exit 1 naming the subject\n%s", err, out)
		}
	})

	t.Run("flow", func(t *testing.T) {
		reg := srfake.New()
		defer reg.Close()
		broker, err := kfake.NewCluster(kfake.Ports(0))
		if err != nil {
			t.Fatal(err)
		}
		defer broker.Close()
		addrs := map[string]string{}
		for _, svc := range []string{"ordering", "order-history"} {
			addrs[svc] = freeAddr(t)
			startService(t, filepath.Join(bin, svc), "HTTP_ADDR="+addrs[svc], "KAFKA_BROKERS="+strings.Join(broker.ListenAddrs(), ","), "SCHEMA_REGISTRY_URL="+reg.URL())
		}
		for _, addr := range addrs {
			getJSON(t, "http://"+addr+"/readyz", func(map[string]any) bool { return true })
		}
		checkSubjects(t, reg.URL())
		id := placeOrderAt(t, addrs["ordering"], `{"customerId": "c1", "amount": "12.50"}`)
		// The query side read the framed record.
		getJSON(t, "http://"+addrs["order-history"]+"/order-history/"+id, func(v map[string]any) bool { return v["status"] == "placed" })
		checkFramed(t, broker.ListenAddrs(), reg.URL(), placedSchema)
	})
}

// checkSubjects checks that the registry holds the ordering service's two
// subjects, with BACKWARD compatibility.
func checkSubjects(t *testing.T, url string) {
	t.Helper()
	cl, err := sr.NewClient(sr.URLs(url))
	if err != nil {
		t.Fatal(err)
	}
	subjects, err := cl.Subjects(t.Context())
	want := []string{"shop.ordering.order-shop.ordering.order-cancelled", placedSubject}
	if err != nil || !slices.Equal(subjects, want) {
		t.Fatalf("subjects %v, %v; want %v", subjects, err, want)
	}
	for _, c := range cl.Compatibility(t.Context(), want...) {
		if c.Err != nil || c.Level != sr.CompatBackward {
			t.Errorf("compatibility of %s: %v %v, want BACKWARD", c.Subject, c.Level, c.Err)
		}
	}
}

// checkFramed reads the order topic's Order Placed record and checks that
// its value is the magic byte, the id of schema, then the event's JSON.
func checkFramed(t *testing.T, brokers []string, url, schema string) {
	t.Helper()
	reader, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumeTopics("shop.ordering.order"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	fetches := reader.PollRecords(ctx, 1)
	if fetches.NumRecords() == 0 {
		t.Fatalf("no record on shop.ordering.order: %v", fetches.Err())
	}
	v := fetches.Records()[0].Value
	if len(v) < 6 || v[0] != 0 || v[5] != '{' {
		t.Fatalf("record value %q, want the magic byte 0, a 4-byte schema id, then JSON", v)
	}
	cl, _ := sr.NewClient(sr.URLs(url))
	got, err := cl.SchemaByID(ctx, int(binary.BigEndian.Uint32(v[1:5])))
	if err != nil || got.Schema != schema || got.Type != sr.TypeJSON {
		t.Errorf("the record's schema id resolves to %q (%v), want api/events/shop.ordering.order-placed.json", got.Schema, err)
	}
}

// exitCode is the exit code of a command's error, 0 for none.
func exitCode(err error) int {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// TestMonolithOrderFlowThroughSchemaRegistry runs the order sample's
// monolith on an in-process broker with a fake schema registry: the
// Ordering context registers its subjects, its records carry the schema
// id, and the Order History context reads them.
func TestMonolithOrderFlowThroughSchemaRegistry(t *testing.T) {
	bin := buildMonolith(t)
	broker, err := kfake.NewCluster(kfake.Ports(0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(broker.Close)
	reg := srfake.New()
	t.Cleanup(reg.Close)
	addr := freeAddr(t)
	startService(t, bin, "HTTP_ADDR="+addr, "DATABASE_URL=", "KAFKA_BROKERS="+strings.Join(broker.ListenAddrs(), ","), "SCHEMA_REGISTRY_URL="+reg.URL())
	orderFlow(t, addr)
	checkSubjects(t, reg.URL())
	s, err := samples.Get("order")
	if err != nil {
		t.Fatal(err)
	}
	_, files, err := planLayout(t, s, generator.LayoutMonolith)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f.Path, "api/events/shop.ordering.order-placed.json") && strings.Contains(f.Path, "ordering") {
			checkFramed(t, broker.ListenAddrs(), reg.URL(), string(f.Bytes))
			return
		}
	}
	t.Fatal("the monolith's plan has no schema of Order Placed")
}
