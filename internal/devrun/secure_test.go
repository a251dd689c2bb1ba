package devrun

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/model"
	"eventstorm/platform/inbox"
	"eventstorm/platform/kafka"
	"eventstorm/platform/message"
	"eventstorm/samples"
)

const orderTopic = "shop.ordering.order"

// secureOrderBroker starts a secured broker for the order sample.
func secureOrderBroker(t *testing.T) (*Broker, *Security) {
	t.Helper()
	s, err := samples.Get("order")
	if err != nil {
		t.Fatal(err)
	}
	m, diags := model.Load("order.yaml", s.Data)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if diags := model.Validate(m); diags.HasErrors() {
		t.Fatal(diags)
	}
	sec, err := NewSecurity(m, []string{"ordering", "order-history"}, t.TempDir(), "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	b, err := StartBroker(BrokerOptions{Addr: "127.0.0.1:0", Security: sec})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b, sec
}

// connect connects as the service user principal with topology.
func connect(t *testing.T, ctx context.Context, b *Broker, sec *Security, principal string, topology kafka.Topology) (*kafka.Client, error) {
	t.Helper()
	u, ok := sec.User(principal)
	if !ok {
		t.Fatalf("no user %s", principal)
	}
	security := sec.ClientSecurity(u)
	cfg := kafka.Config{Brokers: []string{b.Addr()}, Partitions: 1, ReplicationFactor: 1, Security: security}
	return kafka.Connect(ctx, cfg, topology, slog.New(slog.DiscardHandler), nil)
}

func placed(id string) message.Message {
	return message.Message{ID: id, Type: "shop.ordering.order-placed", Source: "/shop/ordering", Time: time.Now(), Topic: orderTopic, Key: "o1", Data: []byte(`{}`)}
}

// TestSecureBrokerEnforcesTheModel runs the order sample's two principals
// against a secured broker: each does what the model says, and is refused
// the rest.
func TestSecureBrokerEnforcesTheModel(t *testing.T) {
	b, sec := secureOrderBroker(t)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()

	ordering, err := connect(t, ctx, b, sec, "ordering", kafka.Topology{Group: "ordering", Publishes: []string{orderTopic}})
	if err != nil {
		t.Fatalf("ordering connects: %v", err)
	}
	defer ordering.Close()
	if err := ordering.Publish(ctx, []message.Message{placed("e1")}); err != nil {
		t.Fatalf("ordering publishes its events: %v", err)
	}

	history, err := connect(t, ctx, b, sec, "order-history", kafka.Topology{Group: "order-history", Consumes: []string{orderTopic}})
	if err != nil {
		t.Fatalf("order-history connects: %v", err)
	}
	defer history.Close()
	got := make(chan string, 1)
	consumeCtx, stop := context.WithCancel(ctx)
	defer stop()
	go history.Consume(consumeCtx, inbox.NewMemory(), func(_ context.Context, m message.Message) error {
		select {
		case got <- m.ID:
		default:
		}
		return nil
	})
	select {
	case id := <-got:
		if id != "e1" {
			t.Errorf("order-history read %s, want e1", id)
		}
	case <-ctx.Done():
		t.Fatal("order-history did not read the event it consumes")
	}

	refused, cancelRefused := context.WithTimeout(ctx, 3*time.Second)
	defer cancelRefused()
	if err := history.Publish(refused, []message.Message{placed("forged")}); !errors.Is(err, kerr.TopicAuthorizationFailed) {
		t.Errorf("order-history writing Ordering's topic: %v, want TOPIC_AUTHORIZATION_FAILED", err)
	}
	if err := readAs(t, b, sec, "ordering"); !errors.Is(err, kerr.TopicAuthorizationFailed) {
		t.Errorf("ordering reading a topic it does not consume: %v, want TOPIC_AUTHORIZATION_FAILED", err)
	}
	wrong := sec.Users[0]
	wrong.Password = "not-" + wrong.Password
	security := sec.ClientSecurity(wrong)
	cfg := kafka.Config{Brokers: []string{b.Addr()}, Security: security}
	if c, err := kafka.Connect(refused, cfg, kafka.Topology{Group: wrong.Name, Publishes: []string{orderTopic}}, slog.New(slog.DiscardHandler), nil); err == nil {
		c.Close()
		t.Error("a wrong password was let in")
	}
}

// readAs reads the order topic's partition 0 directly as the service user
// principal, and returns the first fetch error.
func readAs(t *testing.T, b *Broker, sec *Security, principal string) error {
	t.Helper()
	u, _ := sec.User(principal)
	security := sec.ClientSecurity(u)
	opts := append([]kgo.Opt{
		kgo.SeedBrokers(b.Addr()),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{orderTopic: {0: kgo.NewOffset().AtStart()}}),
	}, security.Opts()...)
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		fetches := cl.PollFetches(ctx)
		for _, fe := range fetches.Errors() {
			if !errors.Is(fe.Err, context.DeadlineExceeded) {
				return fe.Err
			}
		}
		if fetches.NumRecords() > 0 {
			return nil
		}
	}
	return ctx.Err()
}
