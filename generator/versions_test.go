package generator_test

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/generator"
	"eventstorm/samples"
)

// versionsV1 is a small system before its event has versions: Ordering
// publishes Order Placed, Order History reads it into rows.
const versionsV1 = `eventstorm: 1
system: Shop
contexts:
  - name: Ordering
    aggregates:
      - name: Order
        fields: { customerId: string, amount: decimal }
        commands:
          - name: Place Order
            creates: true
            fields: { customerId: string, amount: decimal }
            emits: [Order Placed]
        events:
          - name: Order Placed
            fields: { customerId: string, amount: decimal }
  - name: Order History
    readModels:
      - name: Order History
        key: orderId
        fields: { orderId: uuid, customerId: string, amount: decimal, status: string }
        from:
          - event: Ordering.Order Placed
            set: { status: placed }
`

// versionsV2 is the same system with version 2 of Order Placed beside
// version 1 (docs/versions.md, step 1): a currency added, the order
// history keeping it.
var versionsV2 = strings.NewReplacer(
	"fields: { customerId: string, amount: decimal }\n        commands", "fields: { customerId: string, amount: decimal, currency: string }\n        commands",
	"            fields: { customerId: string, amount: decimal }\n            emits", "            fields: { customerId: string, amount: decimal, currency: string }\n            emits",
	"          - name: Order Placed\n            fields: { customerId: string, amount: decimal }\n",
	"          - name: Order Placed\n            version: 2\n            fields: { customerId: string, amount: decimal, currency: string }\n            earlier:\n              - version: 1\n                fields: { customerId: string, amount: decimal }\n",
	"amount: decimal, status: string }", "amount: decimal, currency: string, status: string }",
).Replace(versionsV1)

// buildVersionService generates a model's system and builds one of its
// services, returning the binary.
func buildVersionService(t *testing.T, name, model, svc string) string {
	t.Helper()
	dir := t.TempDir()
	writePlan(t, dir, planSample(t, samples.Sample{Name: name, Data: []byte(model)}))
	bin := filepath.Join(t.TempDir(), svc)
	if out, err := goCmd(t, dir, "build", "-o", bin, "./services/"+svc+"/cmd/"+svc); err != nil {
		t.Fatalf("build %s of %s: %v\n%s", svc, name, err, out)
	}
	return bin
}

// placeOrders places n orders through a producer and returns their ids.
func placeOrders(t *testing.T, addr string, n int, body string) []string {
	t.Helper()
	var ids []string
	for i := range n {
		ids = append(ids, placeOrderAt(t, addr, fmt.Sprintf(body, i)))
	}
	return ids
}

// TestVersionsSideBySide runs producers and readers of an event built from
// the model before and after version 2 of the event was added, on one
// in-process broker per case: every order placed reaches the reader's
// rows, whichever version its producer published. A version 2 reader gets
// version 1 records upcast (the currency its scaffolded hook leaves empty)
// and version 2 records whole, with both producers running at once as in a
// rolling update; a reader built before versions existed reads version 2
// records by field name.
func TestVersionsSideBySide(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs generated services; skipped with -short")
	}
	bins := map[string]string{
		"ordering v1":      buildVersionService(t, "versions-v1", versionsV1, "ordering"),
		"ordering v2":      buildVersionService(t, "versions-v2", versionsV2, "ordering"),
		"order-history v1": buildVersionService(t, "versions-v1", versionsV1, "order-history"),
		"order-history v2": buildVersionService(t, "versions-v2", versionsV2, "order-history"),
	}
	const v1Body, v2Body = `{"customerId": "c%d", "amount": "12.5"}`, `{"customerId": "c%d", "amount": "7.25", "currency": "EUR"}`
	cases := []struct {
		name      string
		producers []string
		reader    string
	}{
		{name: "v1 and v2 producers, v2 reader", producers: []string{"ordering v1", "ordering v2"}, reader: "order-history v2"},
		{name: "v2 producer, v1 reader", producers: []string{"ordering v2"}, reader: "order-history v1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			broker, err := kfake.NewCluster(kfake.Ports(0))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(broker.Close)
			run := func(who string) string {
				addr := freeAddr(t)
				startService(t, bins[who], "HTTP_ADDR="+addr, "KAFKA_BROKERS="+strings.Join(broker.ListenAddrs(), ","))
				getJSON(t, "http://"+addr+"/readyz", func(map[string]any) bool { return true })
				return addr
			}
			reader := run(c.reader)
			want := map[string]map[string]any{} // order id -> the row's fields wanted
			for _, p := range c.producers {
				addr := run(p)
				body, fields := v1Body, map[string]any{"amount": "12.5"}
				if strings.HasSuffix(p, "v2") {
					body, fields = v2Body, map[string]any{"amount": "7.25"}
					if strings.HasSuffix(c.reader, "v2") {
						fields["currency"] = "EUR"
					}
				} else if strings.HasSuffix(c.reader, "v2") {
					fields["currency"] = "" // version 1 carried none
				}
				for _, id := range placeOrders(t, addr, 5, body) {
					want[id] = fields
				}
			}
			for id, fields := range want {
				row := getJSON(t, "http://"+reader+"/order-history/"+id, func(v map[string]any) bool { return v["status"] == "placed" })
				for k, v := range fields {
					if row[k] != v && !(v == "" && row[k] == nil) {
						t.Errorf("order %s: %s is %v, want %v (row %v)", id, k, row[k], v, row)
					}
				}
			}
			// Every record read says which version it holds: version 2 in
			// ce_dataschema, version 1 by having none.
			schemas := map[string]int{}
			for _, r := range topicRecords(t, broker.ListenAddrs(), "shop.ordering.order")["shop.ordering.order"] {
				schemas[header(r, "ce_dataschema")]++
			}
			wantSchemas := map[string]int{"events/shop.ordering.order-placed.v2.json": 5}
			if len(c.producers) == 2 {
				wantSchemas[""] = 5
			}
			if !maps.Equal(schemas, wantSchemas) {
				t.Errorf("records by ce_dataschema %v, want %v", schemas, wantSchemas)
			}
		})
	}
}

// versionFiles are the files of the versions test model whose version code
// is compared with testdata/versions/<path>.golden: the producer's data
// schema, the reader's copy with its upcasters, hooks and tests, and its
// dispatcher.
var versionFiles = []string{
	"services/ordering/internal/messaging/order_versions_gen.go",
	"services/ordering/internal/messaging/order_gen.go",
	"services/order-history/internal/contract/ordering/order_placed_versions_gen.go",
	"services/order-history/internal/contract/ordering/order_placed_versions_gen_test.go",
	"services/order-history/internal/contract/ordering/order_placed_v1.go",
	"services/order-history/internal/contract/ordering/order_placed_v2.go",
	"services/order-history/internal/contract/ordering/events_gen.go",
	"services/order-history/internal/ports/consumer/dispatcher_gen.go",
	"services/order-history/api/events/shop.ordering.order-placed.v1.json",
	"services/order-history/api/asyncapi.yaml",
	"services/order-history/api/contract_gen_test.go",
}

// TestVersionsGolden compares the version code planned for
// testdata/models/versions.yaml with its golden files (refresh them with
// -update) and checks who owns each: the upcasters' hooks are the team's.
func TestVersionsGolden(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "models", "versions.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	planned := map[string]generator.File{}
	for _, f := range planSample(t, samples.Sample{Name: "versions", Data: data}) {
		planned[f.Path] = f
	}
	for _, p := range versionFiles {
		f, ok := planned[p]
		if !ok {
			t.Errorf("%s is not planned", p)
			continue
		}
		if scaffolded := strings.HasSuffix(p, "_v1.go") || strings.HasSuffix(p, "_v2.go"); scaffolded != (f.Owner == generator.Scaffolded) {
			t.Errorf("%s has the owner %v", p, f.Owner)
		}
		golden := filepath.Join("testdata", "versions", filepath.FromSlash(p)+goldenSuffix)
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, f.Bytes, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(f.Bytes, want) {
			t.Errorf("%s differs from %s; run go test ./generator -run TestVersionsGolden -update and review the diff", p, golden)
		}
	}
}

// TestVersionOneIsUnversioned checks that an event written at version: 1
// with no earlier versions generates the same system, byte for byte, as
// one without versions, and that version 2 plans its schema, its data
// schema function and the reader's upcaster hook.
func TestVersionOneIsUnversioned(t *testing.T) {
	v1 := planSample(t, samples.Sample{Name: "v1", Data: []byte(versionsV1)})
	explicit := strings.Replace(versionsV1, "          - name: Order Placed\n", "          - name: Order Placed\n            version: 1\n", 1)
	same := planSample(t, samples.Sample{Name: "v1", Data: []byte(explicit)})
	if len(v1) != len(same) {
		t.Fatalf("%d files with version: 1, %d without", len(same), len(v1))
	}
	for i := range v1 {
		if v1[i].Path == "eventstorm.yaml" { // the copy of the model
			continue
		}
		if v1[i].Path != same[i].Path || !bytes.Equal(v1[i].Bytes, same[i].Bytes) {
			t.Errorf("%s differs with version: 1 written", v1[i].Path)
		}
	}
	v2 := map[string][]byte{}
	for _, f := range planSample(t, samples.Sample{Name: "v2", Data: []byte(versionsV2)}) {
		v2[f.Path] = f.Bytes
	}
	for _, p := range []string{"services/ordering/api/events/shop.ordering.order-placed.v2.json", "services/order-history/internal/contract/ordering/order_placed_v1.go"} {
		if v2[p] == nil {
			t.Errorf("version 2 plans no %s", p)
		}
	}
	if v2["services/ordering/internal/messaging/order_versions_gen.go"] == nil {
		t.Error("the producer of version 2 has no data schema function")
	}
}

// versionsV3 is the system once version 1 of Order Placed is dropped
// (docs/versions.md, step 3): readers accept version 2 only.
var versionsV3 = strings.Replace(versionsV2, "            earlier:\n              - version: 1\n                fields: { customerId: string, amount: decimal }\n", "", 1)

// TestVersionDroppedIsDeadLettered runs a version 1 producer against a
// reader that no longer accepts version 1: its records are not lost but
// dead-lettered, each with a reason naming the version, for a replay once
// a reader that accepts them is released.
func TestVersionDroppedIsDeadLettered(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs generated services; skipped with -short")
	}
	if versionsV3 == versionsV2 {
		t.Fatal("versionsV3 still lists version 1")
	}
	producer := buildVersionService(t, "versions-v1", versionsV1, "ordering")
	reader := buildVersionService(t, "versions-v3", versionsV3, "order-history")
	broker, err := kfake.NewCluster(kfake.Ports(0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(broker.Close)
	brokers := "KAFKA_BROKERS=" + strings.Join(broker.ListenAddrs(), ",")
	for _, bin := range []string{reader, producer} {
		addr := freeAddr(t)
		startService(t, bin, "HTTP_ADDR="+addr, brokers)
		getJSON(t, "http://"+addr+"/readyz", func(map[string]any) bool { return true })
		if bin == producer {
			placeOrders(t, addr, 3, `{"customerId": "c%d", "amount": "12.5"}`)
		}
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(broker.ListenAddrs()...), kgo.ConsumeTopics("shop.ordering.order.order-history.dlq"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for dead := 0; dead < 3; {
		fetches := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("%d of 3 version 1 records dead-lettered", dead)
		}
		fetches.EachRecord(func(r *kgo.Record) {
			dead++
			if reason := header(r, "dlq_error"); !strings.Contains(reason, "version 1 of Ordering.Order Placed is not one this service reads (2)") {
				t.Errorf("dead letter's reason %q does not name the version", reason)
			}
		})
	}
}
