package kafka

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/platform/inbox"
	"eventstorm/platform/message"
)

// TestMessageWithoutCodec checks that a client without a codec reads plain
// JSON as it is and takes a schema registry's wire-format header off.
func TestMessageWithoutCodec(t *testing.T) {
	cases := []struct{ name, value, want string }{
		{"plain JSON", `{"a":1}`, `{"a":1}`},
		{"wire format", "\x00\x00\x00\x00\x07{\"a\":1}", `{"a":1}`},
		{"wire format, empty", "\x00\x00\x00\x00\x07", ``},
		{"too short for the header", "\x00\x01", "\x00\x01"},
		{"empty", ``, ``},
	}
	var c Client
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := Record(orderMsg("o1", 1))
			r.Value = []byte(tc.value)
			m, err := c.message(t.Context(), r)
			if err != nil || string(m.Data) != tc.want {
				t.Fatalf("message = %q, %v; want %q", m.Data, err, tc.want)
			}
		})
	}
}

// testCodec frames a value with an F; its Decode fails for a transient
// reason while failures is positive, and finds an unframed value poison.
type testCodec struct{ failures atomic.Int64 }

func (*testCodec) Encode(_, typ string, value []byte) ([]byte, error) {
	if typ == "shop.ordering.unregistered" {
		return nil, errors.New("no schema for " + typ)
	}
	return append([]byte("F"), value...), nil
}

func (c *testCodec) Decode(_ context.Context, value []byte) ([]byte, error) {
	if c.failures.Add(-1) >= 0 {
		return nil, errDown
	}
	if !bytes.HasPrefix(value, []byte("F")) {
		return nil, message.Poison(errors.New("not framed"))
	}
	return value[1:], nil
}

// TestCodecThroughBroker publishes through a codec and consumes with it:
// the records carry the frame, the handler gets the JSON, a registry
// failing for a while holds the partition back and dead-letters nothing,
// and only a record the codec can never read is dead-lettered.
func TestCodecThroughBroker(t *testing.T) {
	c := orderCluster(t, 1)
	pub, err := Connect(ctxFor(t), c.cfg, publisher, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	codec := &testCodec{}
	pub.UseCodec(codec)
	all := msgs(0, 3, "o1")
	if err := pub.Publisher().Publish(ctxFor(t), all); err != nil {
		t.Fatal(err)
	}
	odd := orderMsg("o1", 9)
	odd.Type = "shop.ordering.unregistered"
	err = pub.Publisher().Publish(ctxFor(t), []message.Message{odd})
	var perr *message.PublishError
	if !errors.As(err, &perr) || message.IsRefused(perr.Errs[0]) {
		t.Errorf("publishing an event the codec cannot frame: %v, want a transient failure", err)
	}
	c.produceTo(t, onPartition(0, "o1", 3)) // unframed: poison
	c.produceTo(t, onPartition(0, "o1", 4))
	c.produceTo(t, &kgo.Record{Topic: topic, Key: []byte("o1"), Value: []byte("F{}"), Headers: Record(orderMsg("o1", 5)).Headers})

	codec.failures.Store(3)
	client, err := Dial(c.cfg, consumer, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	client.UseCodec(codec)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	var seen journal
	go func() {
		defer close(done)
		client.Consume(ctx, inbox.NewMemory(), func(ctx context.Context, m message.Message) error {
			if m.ID != "o1-5" && !bytes.HasPrefix(m.Data, []byte(`{"seq":`)) {
				return message.Poison(errors.New("the handler got " + string(m.Data)))
			}
			seen.stored(ctx, m)
			return nil
		})
	}()
	defer func() { cancel(); <-done; client.Close() }()
	c.waitCommitted(t, consumer.Group, topic, 6)
	if got, want := seen.seen(), []string{"o1-0", "o1-1", "o1-2", "o1-5"}; !slices.Equal(got, want) {
		t.Errorf("handled %q, want %q", got, want)
	}
	if n := c.endOffsets(t, consumer.DeadLetterTopic(topic)); n != 2 {
		t.Errorf("%d records dead-lettered, want the 2 unframed ones", n)
	}
	if codec.failures.Load() >= 0 {
		t.Errorf("the codec's failures were not all met: %d left", codec.failures.Load())
	}
}

// TestNoCodecAllocatesNothingMore checks that without a codec, building and
// reading a record allocates no more than Record and Message do.
func TestNoCodecAllocatesNothingMore(t *testing.T) {
	var c Client
	m := orderMsg("o1", 1)
	r := Record(m)
	ctx := t.Context()
	cases := []struct {
		name      string
		bare, hop func()
	}{
		{"record", func() { _ = Record(m) }, func() { _, _ = c.record(m) }},
		{"message", func() { _, _ = Message(r) }, func() { _, _ = c.message(ctx, r) }},
	}
	for _, tc := range cases {
		bare, hop := testing.AllocsPerRun(100, tc.bare), testing.AllocsPerRun(100, tc.hop)
		if hop > bare {
			t.Errorf("%s: %v allocations through the client without a codec, %v bare", tc.name, hop, bare)
		}
	}
}
