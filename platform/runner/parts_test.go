package runner

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kfake"

	"eventstorm/platform/config"
	"eventstorm/platform/httpx"
	"eventstorm/platform/inbox"
	"eventstorm/platform/kafka"
	"eventstorm/platform/message"
	"eventstorm/platform/outbox"
)

// handled records the ids of the events a service's dispatcher was handed.
type handled struct {
	mu  sync.Mutex
	ids []string
}

func (h *handled) dispatch(_ context.Context, m message.Message) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ids = append(h.ids, m.ID)
	return nil
}

// wait waits until the dispatcher was handed want, in order.
func (h *handled) wait(t *testing.T, want ...string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		h.mu.Lock()
		got := slices.Clone(h.ids)
		h.mu.Unlock()
		if slices.Equal(got, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("handled %v, want %v", got, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// newParts is a service in memory on a free address that records and reads
// the topic "shop.test.thing", with brokers when given.
func newParts(t *testing.T, h *handled, brokers ...string) (*Parts, *outbox.Memory) {
	t.Helper()
	events := outbox.NewMemory()
	topology := kafka.Topology{Group: "test", Publishes: []string{"shop.test.thing"}, Consumes: []string{"shop.test.thing"}}
	p := &Parts{
		Config:   config.Service{HTTPAddr: freeAddr(t), Kafka: kafka.Config{Brokers: brokers, Partitions: 1, ReplicationFactor: 1}},
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		Topology: topology,
		Relay:    events,
		Inbox:    inbox.NewMemory(),
		Dispatch: h.dispatch,
	}
	p.Metrics = kafka.NewMetrics(prometheus.NewRegistry(), topology)
	p.Handler = httpx.NewMux(httpx.Probes{Ready: p.Ready.Load})
	return p, events
}

// start runs p until the test ends, and waits until it is ready.
func start(t *testing.T, p *Parts) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	for deadline := time.Now().Add(10 * time.Second); !p.Ready.Load(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the service did not become ready")
		}
	}
}

func thing(id string) message.Message {
	return message.Message{ID: id, Type: "shop.test.thing-done", Source: "test", Topic: "shop.test.thing", Key: "k", Data: []byte(`{}`), Time: time.Now()}
}

// TestPartsDeliverInProcess: without brokers, what the service records
// reaches its own readers through its inbox, once.
func TestPartsDeliverInProcess(t *testing.T) {
	var h handled
	p, events := newParts(t, &h)
	start(t, p)
	events.Add(thing("a"), thing("b"), thing("a"))
	h.wait(t, "a", "b")
	if err := p.Deliver(t.Context(), thing("b")); err != nil {
		t.Fatal(err)
	}
	h.wait(t, "a", "b")
	if err := p.Close(); err != nil {
		t.Errorf("Close without a database: %v", err)
	}
}

// TestPartsThroughKafka: with brokers, what the service records is
// published to Kafka and read back by its consumer, and /readyz checks
// Kafka and the consumer.
func TestPartsThroughKafka(t *testing.T) {
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cluster.Close)
	var h handled
	p, events := newParts(t, &h, cluster.ListenAddrs()...)
	start(t, p)
	events.Add(thing("a"), thing("b"))
	h.wait(t, "a", "b")
	res, err := http.Get("http://" + p.Config.HTTPAddr + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, name := range []string{`"kafka"`, `"consumer"`} {
		if !strings.Contains(string(body), name) {
			t.Errorf("/readyz = %s, want a %s check", body, name)
		}
	}
}
