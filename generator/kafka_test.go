package generator_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/samples"
)

// freeAddr is a loopback address with a free port.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startService runs a built service binary with the environment given and
// stops it when the test ends.
func startService(t *testing.T, bin string, env ...string) {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), env...)
	log, err := os.Create(bin + ".log")
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			t.Errorf("%s did not stop within 10 s of SIGINT", filepath.Base(bin))
		}
		log.Close()
		if t.Failed() {
			out, _ := os.ReadFile(bin + ".log")
			t.Logf("%s log:\n%s", filepath.Base(bin), out)
		}
	})
}

// getJSON polls url until it answers 200 with JSON for which ok is true.
// placeOrderAt sends Place Order with body to the Ordering API at addr and
// returns the new order's id; anything but 201 fails the test.
func placeOrderAt(t *testing.T, addr, body string) string {
	t.Helper()
	resp, err := http.Post("http://"+addr+"/order/place-order", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var placed struct {
		OrderID string `json:"orderId"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&placed); err != nil || resp.StatusCode != http.StatusCreated || placed.OrderID == "" {
		t.Fatalf("place order at %s: %d %v %v", addr, resp.StatusCode, placed, err)
	}
	return placed.OrderID
}

func getJSON(t *testing.T, url string, ok func(map[string]any) bool) map[string]any {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		resp, err := http.Get(url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			last = fmt.Sprintf("%d %s", resp.StatusCode, body)
			var v map[string]any
			if resp.StatusCode == http.StatusOK && json.Unmarshal(body, &v) == nil && ok(v) {
				return v
			}
		} else {
			last = err.Error()
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("GET %s: never as expected; last answer: %s", url, last)
	return nil
}

// runSystem generates a model's system, builds the services named, and runs
// each against a new in-process broker until the test ends; it returns the
// broker and each service's HTTP address once all are ready.
func runSystem(t *testing.T, s samples.Sample, services ...string) (*kfake.Cluster, map[string]string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs generated services; skipped with -short")
	}
	broker, err := kfake.NewCluster(kfake.Ports(0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(broker.Close)
	dir := t.TempDir()
	writePlan(t, dir, planSample(t, s))
	bin := t.TempDir()
	addrs := map[string]string{}
	for _, svc := range services {
		if out, err := goCmd(t, dir, "build", "-o", filepath.Join(bin, svc), "./services/"+svc+"/cmd/"+svc); err != nil {
			t.Fatalf("build %s: %v\n%s", svc, err, out)
		}
		addrs[svc] = freeAddr(t)
		startService(t, filepath.Join(bin, svc), "HTTP_ADDR="+addrs[svc], "KAFKA_BROKERS="+strings.Join(broker.ListenAddrs(), ","))
	}
	for _, svc := range services {
		getJSON(t, "http://"+addrs[svc]+"/readyz", func(map[string]any) bool { return true })
	}
	return broker, addrs
}

// TestOrderFlowThroughKafka runs the generated order system's two services
// against an in-process Kafka-protocol broker: an order placed on the
// command side reaches the query side's history, its record carries the
// CloudEvents headers, and a poison record goes to the dead-letter topic
// while later records are still handled.
func TestOrderFlowThroughKafka(t *testing.T) {
	s, err := samples.Get("order")
	if err != nil {
		t.Fatal(err)
	}
	broker, addrs := runSystem(t, s, "ordering", "order-history")
	ordering, history := addrs["ordering"], addrs["order-history"]

	// A poison record first: the consumer must dead-letter it and go on.
	client, err := kgo.NewClient(kgo.SeedBrokers(broker.ListenAddrs()...))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	poison := &kgo.Record{Topic: "shop.ordering.order", Key: []byte("poison"), Value: []byte("not json"),
		Headers: []kgo.RecordHeader{{Key: "ce_type", Value: []byte("shop.ordering.order-placed")}, {Key: "ce_id", Value: []byte("poison-1")}}}
	if err := client.ProduceSync(ctx, poison).FirstErr(); err != nil {
		t.Fatal(err)
	}

	id := placeOrderAt(t, ordering, `{"customerId": "c1", "amount": "12.50"}`)
	row := getJSON(t, "http://"+history+"/order-history/"+id, func(v map[string]any) bool { return v["status"] == "placed" })
	if row["customerId"] != "c1" || row["amount"] != "12.5" && row["amount"] != "12.50" {
		t.Fatalf("history row %v", row)
	}

	// The command side's record, read by an independent consumer.
	reader, err := kgo.NewClient(kgo.SeedBrokers(broker.ListenAddrs()...),
		kgo.ConsumeTopics("shop.ordering.order", "shop.ordering.order.order-history.dlq"),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	var sawEvent, sawDead bool
	for !(sawEvent && sawDead) {
		fetches := reader.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("saw the event: %v, saw the dead letter: %v", sawEvent, sawDead)
		}
		fetches.EachRecord(func(r *kgo.Record) {
			h := map[string]string{}
			for _, x := range r.Headers {
				h[x.Key] = string(x.Value)
			}
			switch {
			case r.Topic == "shop.ordering.order" && string(r.Key) == id:
				sawEvent = true
				if h["ce_type"] != "shop.ordering.order-placed" || h["ce_id"] == "" || h["ce_specversion"] != "1.0" ||
					h["ce_source"] != "/shop/ordering" || h["content-type"] != "application/json" || h["ce_time"] == "" {
					t.Errorf("event headers %v", h)
				}
			case strings.HasSuffix(r.Topic, ".dlq"):
				sawDead = true
				if string(r.Key) != "poison" || h["ce_id"] != "poison-1" || !strings.Contains(h["dlq_error"], "not the JSON of Ordering.Order Placed") {
					t.Errorf("dead letter %s %v", r.Key, h)
				}
			}
		})
	}
}

// TestPoliciesAcrossServicesThroughKafka follows four hops between two
// generated services on an in-process broker: Place Order in Ordering,
// a Shipping policy prepares a parcel, Shipping's own policy dispatches it
// (a service reading its own topic), and an Ordering policy marks the order
// shipped.
func TestPoliciesAcrossServicesThroughKafka(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "models", "hops.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	broker, addrs := runSystem(t, samples.Sample{Name: "hops", Data: data}, "ordering", "shipping")
	resp, err := http.Post("http://"+addrs["ordering"]+"/order/place-order", "application/json", strings.NewReader(`{"customerId": "c1"}`))
	if err != nil {
		t.Fatal(err)
	}
	var placed map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&placed); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("place order: %d %v %v", resp.StatusCode, placed, err)
	}
	resp.Body.Close()
	// Version 2: Order Placed, then Order Shipped from the last hop.
	orderID := placed["orderId"].(string)
	getJSON(t, "http://"+addrs["ordering"]+"/order/"+orderID, func(v map[string]any) bool {
		return v["version"] == float64(2)
	})
	kcatInterop(t, broker.ListenAddrs()[0], orderID)
}

// kcatInterop checks the generated services against an independent Kafka
// client, librdkafka's kcat: it reads the CloudEvents headers a service
// wrote, and an event it produces makes a policy react.
func kcatInterop(t *testing.T, broker, orderID string) {
	if _, err := exec.LookPath("kcat"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("kcat is missing; .ci/run installs it")
		}
		t.Skip("kcat is not installed")
	}
	out, err := exec.Command("kcat", "-b", broker, "-C", "-t", "shop.ordering.order", "-e", "-q", "-f", "%k|%h\n").CombinedOutput()
	if err != nil {
		t.Fatalf("kcat -C: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), orderID+"|ce_specversion=1.0,ce_id=") || !strings.Contains(string(out), "ce_type=shop.ordering.order-placed") {
		t.Fatalf("kcat read:\n%s", out)
	}

	// An Order Placed event written by kcat, twice, as a redelivery would:
	// Shipping prepares one parcel, since it skips an event id it handled.
	id := "0b7c2f8e-8f6c-4c57-9d0e-3b1f2a6d9c41"
	event := `{"eventId":"6f1c1b0e-3d7a-4b8e-9a51-2f7f7b0c1d22","orderId":"` + id + `","occurredAt":"2026-11-24T09:30:00Z","version":1,"customerId":"kcat"}`
	cmd := exec.Command("kcat", "-b", broker, "-P", "-t", "shop.ordering.order", "-k", id,
		"-H", "ce_specversion=1.0", "-H", "ce_id=6f1c1b0e-3d7a-4b8e-9a51-2f7f7b0c1d22",
		"-H", "ce_type=shop.ordering.order-placed", "-H", "ce_source=/kcat", "-H", "content-type=application/json")
	cmd.Stdin = strings.NewReader(event + "\n" + event + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("kcat -P: %v\n%s", err, out)
	}
	prepared := func() int {
		out, _ := exec.Command("kcat", "-b", broker, "-C", "-t", "shop.shipping.parcel", "-e", "-q", "-f", "%h|%s\n").CombinedOutput()
		n := 0
		for _, line := range strings.Split(string(out), "\n") {
			if strings.Contains(line, "ce_type=shop.shipping.parcel-prepared") && strings.Contains(line, `"orderId":"`+id+`"`) {
				n++
			}
		}
		return n
	}
	deadline := time.Now().Add(20 * time.Second)
	for prepared() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no Parcel Prepared for the order kcat placed")
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(2 * time.Second) // room for a wrongly handled duplicate
	if n := prepared(); n != 1 {
		t.Fatalf("the event delivered twice prepared %d parcels, want 1", n)
	}
}
