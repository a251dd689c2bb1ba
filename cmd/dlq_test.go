package cmd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/platform/inbox"
	"eventstorm/platform/kafka"
	"eventstorm/platform/message"
)

// The dead letters' setting: order-history reads the orders, and refuses
// some of them as poison.
const (
	dlqTopic  = "shop.ordering.order"
	dlqGroup  = "order-history"
	dlqLetter = "shop.ordering.order.order-history.dlq"
)

var dlqConsumer = kafka.Topology{Group: dlqGroup, Consumes: []string{dlqTopic}}

// dlqCluster is an in-process broker with the orders topic and its
// dead-letter topic, one partition each unless said otherwise.
func dlqCluster(t *testing.T, partitions int32) string {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(partitions, dlqTopic, dlqLetter))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c.ListenAddrs()[0]
}

// orderEvent is an order event numbered i.
func orderEvent(key string, i int) message.Message {
	return message.Message{
		ID: fmt.Sprintf("%s-%d", key, i), Type: "shop.ordering.order-placed", Source: "/shop/ordering",
		Time:  time.Date(2026, 12, 4, 10, 0, i, 0, time.UTC),
		Topic: dlqTopic, Key: key, Data: fmt.Appendf(nil, `{"orderId":%q,"seq":%d}`, key, i),
	}
}

// seen is what a consumer handled, safe for concurrent use.
type seen struct {
	mu  sync.Mutex
	ids []string
}

func (s *seen) add(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ids = append(s.ids, id)
}

func (s *seen) list() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.ids)
}

// consumeOrders runs order-history's consumer, with the inbox, until the
// group has committed n records of the orders topic; handle says which
// events are poison.
func consumeOrders(t *testing.T, addr string, in inbox.Inbox, n int64, handle message.Handler) {
	t.Helper()
	client, err := kafka.Dial(kafka.Config{Brokers: []string{addr}}, dlqConsumer, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		client.Consume(ctx, in, handle)
	}()
	defer func() { cancel(); <-done }()
	cl := dlqClient(t, addr)
	deadline := time.Now().Add(15 * time.Second)
	for {
		if committedOrders(t, cl) >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("order-history did not commit %d records", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func dlqClient(t *testing.T, addr string, opts ...kgo.Opt) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(addr)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}

// committedOrders is how many records of the orders topic order-history
// committed.
func committedOrders(t *testing.T, cl *kgo.Client) int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	var n int64
	resp, err := newAdmin(cl).FetchOffsets(ctx, dlqGroup)
	if err != nil {
		return 0
	}
	for _, ps := range resp {
		for _, o := range ps {
			if o.Topic == dlqTopic && o.Err == nil && o.At > 0 {
				n += o.At
			}
		}
	}
	return n
}

func newAdmin(cl *kgo.Client) *kadm.Client { return kadm.NewClient(cl) }

// publishOrders publishes events to the orders topic.
func publishOrders(t *testing.T, addr string, msgs ...message.Message) {
	t.Helper()
	cl := dlqClient(t, addr)
	var records []*kgo.Record
	for _, m := range msgs {
		records = append(records, kafka.Record(m))
	}
	if err := cl.ProduceSync(t.Context(), records...).FirstErr(); err != nil {
		t.Fatal(err)
	}
}

// deadLetters publishes n order events and has order-history refuse those
// the poison function names, so that they are dead-lettered; it returns the
// events.
func deadLetters(t *testing.T, addr string, n int, poison func(i int) bool) []message.Message {
	t.Helper()
	var all []message.Message
	for i := range n {
		all = append(all, orderEvent("o"+fmt.Sprint(i%2), i))
	}
	publishOrders(t, addr, all...)
	refused := map[string]bool{}
	for i, m := range all {
		refused[m.ID] = poison(i)
	}
	consumeOrders(t, addr, inbox.NewMemory(), int64(n), func(_ context.Context, m message.Message) error {
		if refused[m.ID] {
			return message.Poison(errors.New("amount: \"abc\" is not a decimal"))
		}
		return nil
	})
	return all
}

// TestDlqListShowReplay dead-letters events as a service does, lists them,
// shows one, replays chosen ones to the orders topic with their original
// headers, and checks that the service, its cause fixed, handles each
// replayed event once however often it is replayed.
func TestDlqListShowReplay(t *testing.T) {
	addr := dlqCluster(t, 1)
	all := deadLetters(t, addr, 5, func(i int) bool { return i == 1 || i == 3 })

	r := run(t, "dlq", "list", "--brokers", addr)
	if r.code != 0 {
		t.Fatalf("list: exit %d\n%s%s", r.code, r.out, r.err)
	}
	for _, want := range []string{
		dlqLetter + ": 2 dead letters",
		"PARTITION", "OFFSET", "TIME", "KEY", "TOPIC", "REASON",
		`"o1"`, dlqTopic, `poison message: amount: "abc" is not a decimal`,
		"2 dead letters in 1 dead-letter topic.",
	} {
		if !strings.Contains(r.out, want) {
			t.Errorf("list does not say %q:\n%s", want, r.out)
		}
	}
	lines := strings.Split(r.out, "\n")
	rows := 0
	for _, l := range lines {
		if f := strings.Fields(l); len(f) > 2 && f[0] == "0" && (f[1] == "0" || f[1] == "1") {
			rows++
			if _, err := time.Parse(time.RFC3339, f[2]); err != nil {
				t.Errorf("row %q: time %q: %v", l, f[2], err)
			}
		}
	}
	if rows != 2 {
		t.Errorf("list has %d rows of dead letters, want 2:\n%s", rows, r.out)
	}

	r = run(t, "dlq", "show", "--brokers", addr, dlqLetter, "1")
	if r.code != 0 {
		t.Fatalf("show: exit %d\n%s%s", r.code, r.out, r.err)
	}
	for _, want := range []string{
		"dead letter  " + dlqLetter + " partition 0 offset 1",
		`key          "o1"`,
		"from         " + dlqTopic + " partition 0 offset 3",
		"group        " + dlqGroup,
		"attempts     1",
		`reason       poison message: amount: "abc" is not a decimal`,
		"  ce_id: " + all[3].ID,
		"  ce_type: shop.ordering.order-placed",
		"  dlq_error: ",
		"payload\n{\n  \"orderId\": \"o1\",\n  \"seq\": 3\n}",
	} {
		if !strings.Contains(r.out, want) {
			t.Errorf("show does not say %q:\n%s", want, r.out)
		}
	}

	// Replay the second dead letter twice, then all: the orders topic gets
	// each again with its original headers, and a service whose inbox
	// holds what it handled handles each once.
	for _, args := range [][]string{{"0:1"}, {"1"}, {"--all"}} {
		r = run(t, append([]string{"dlq", "replay", "--brokers", addr, dlqLetter}, args...)...)
		if r.code != 0 {
			t.Fatalf("replay %q: exit %d\n%s%s", args, r.code, r.out, r.err)
		}
	}
	if !strings.Contains(r.out, "Replayed 2 dead letters of "+dlqLetter) || !strings.Contains(r.out, "(ce_id "+all[1].ID+")") {
		t.Errorf("replay --all says:\n%s", r.out)
	}
	records := readAll(t, addr, dlqTopic, 9)
	var replayed []string
	for _, rec := range records[5:] {
		h := map[string]string{}
		var keys []string
		for _, x := range rec.Headers {
			h[x.Key] = string(x.Value)
			keys = append(keys, x.Key)
		}
		replayed = append(replayed, h["ce_id"])
		if want := []string{"ce_specversion", "ce_id", "ce_type", "ce_source", "ce_time", "content-type"}; !slices.Equal(keys, want) {
			t.Errorf("replayed headers %q, want the original %q", keys, want)
		}
	}
	if want := []string{all[3].ID, all[3].ID, all[1].ID, all[3].ID}; !slices.Equal(replayed, want) {
		t.Errorf("replayed %q, want %q", replayed, want)
	}
	for _, i := range []int{1, 3} {
		orig := kafka.Record(all[i])
		var got *kgo.Record
		for _, rec := range records[5:] {
			if string(rec.Key) == string(orig.Key) && string(rec.Value) == string(orig.Value) {
				got = rec
			}
		}
		if got == nil {
			t.Errorf("%s not replayed with its key and value", all[i].ID)
		}
	}

	// The cause fixed, order-history handles what it had refused, once.
	in := inbox.NewMemory()
	var handled seen
	consumeOrders(t, addr, in, 9, func(_ context.Context, m message.Message) error {
		handled.add(m.ID)
		return nil
	})
	if got, want := handled.list(), []string{all[3].ID, all[1].ID}; !slices.Equal(got, want) {
		t.Errorf("handled %q after the replays, want %q once each", got, want)
	}
}

// readAll reads the n first records of topic.
func readAll(t *testing.T, addr, topic string, n int) []*kgo.Record {
	t.Helper()
	cl := dlqClient(t, addr, kgo.ConsumeTopics(topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	var out []*kgo.Record
	for len(out) < n && ctx.Err() == nil {
		out = append(out, cl.PollFetches(ctx).Records()...)
	}
	if len(out) != n {
		t.Fatalf("%s holds %d records, want %d", topic, len(out), n)
	}
	return out
}

// TestDlqListSelects checks list's choice of topics: all dead-letter topics,
// those of a group, those of a topic read, and saying when there is none;
// brokers from KAFKA_BROKERS.
func TestDlqListSelects(t *testing.T) {
	addr := dlqCluster(t, 3)
	deadLetters(t, addr, 4, func(i int) bool { return i == 2 })
	// Another service's dead-letter topic, empty, and a topic that is not
	// one.
	admin := newAdmin(dlqClient(t, addr))
	if _, err := admin.CreateTopics(t.Context(), 1, 1, nil, "shop.ordering.order.billing.dlq", "shop.billing.invoice"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KAFKA_BROKERS", addr)
	cases := []struct {
		name      string
		args      []string
		want, not []string
	}{
		{name: "all", args: nil, want: []string{dlqLetter + ": 1 dead letter", "shop.ordering.order.billing.dlq: no dead letters", "1 dead letter in 2 dead-letter topics."}, not: []string{"shop.billing.invoice"}},
		{name: "group", args: []string{"--group", "billing"}, want: []string{"shop.ordering.order.billing.dlq: no dead letters"}, not: []string{dlqLetter}},
		{name: "dead-letter topic", args: []string{dlqLetter}, want: []string{dlqLetter + ": 1 dead letter"}, not: []string{"billing"}},
		{name: "topic read", args: []string{dlqTopic}, want: []string{dlqLetter, "shop.ordering.order.billing.dlq"}},
		{name: "none", args: []string{"--group", "nobody"}, want: []string{"No dead-letter topics of group nobody."}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, append([]string{"dlq", "list"}, c.args...)...)
			if r.code != 0 {
				t.Fatalf("exit %d\n%s%s", r.code, r.out, r.err)
			}
			for _, w := range c.want {
				if !strings.Contains(r.out, w) {
					t.Errorf("output does not say %q:\n%s", w, r.out)
				}
			}
			for _, w := range c.not {
				if strings.Contains(r.out, w) {
					t.Errorf("output names %q:\n%s", w, r.out)
				}
			}
		})
	}
}

// TestDlqFailures checks the exit codes: 2 for a wrong command line, 1 for
// what cannot be found or reached.
func TestDlqFailures(t *testing.T) {
	addr := dlqCluster(t, 1)
	deadLetters(t, addr, 2, func(i int) bool { return i == 0 })
	t.Setenv("KAFKA_BROKERS", "")
	cases := []struct {
		name string
		args []string
		code int
		says string
	}{
		{name: "no brokers", args: []string{"list"}, code: 2, says: "KAFKA_BROKERS"},
		{name: "show without offset", args: []string{"show", "--brokers", addr, dlqLetter}, code: 2, says: "takes 2 arguments"},
		{name: "bad offset", args: []string{"show", "--brokers", addr, dlqLetter, "x"}, code: 2, says: "OFFSET"},
		{name: "bad partition", args: []string{"show", "--brokers", addr, dlqLetter, "x:0"}, code: 2, says: "the partition must be a whole number"},
		{name: "replay neither", args: []string{"replay", "--brokers", addr, dlqLetter}, code: 2, says: "--all"},
		{name: "replay both", args: []string{"replay", "--brokers", addr, dlqLetter, "0", "--all"}, code: 2, says: "not both"},
		{name: "replay no topic", args: []string{"replay", "--brokers", addr}, code: 2, says: "dead-letter topic"},
		{name: "unknown subcommand", args: []string{"purge"}, code: 2},
		{name: "unknown flag", args: []string{"list", "--nope"}, code: 2},
		{name: "no such topic", args: []string{"show", "--brokers", addr, "nope.dlq", "0"}, code: 1, says: "no topic nope.dlq"},
		{name: "no such dead letter", args: []string{"show", "--brokers", addr, dlqLetter, "7"}, code: 1, says: "no dead letter 7"},
		{name: "replay no such dead letter", args: []string{"replay", "--brokers", addr, dlqLetter, "0:7"}, code: 1, says: "no dead letter 0:7"},
		{name: "unreachable", args: []string{"list", "--brokers", "127.0.0.1:1", "--timeout", "500ms"}, code: 1, says: "brokers 127.0.0.1:1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, append([]string{"dlq"}, c.args...)...)
			if r.code != c.code || !strings.Contains(r.err, c.says) {
				t.Errorf("exit %d, stderr %q; want exit %d saying %q\n%s", r.code, r.err, c.code, c.says, r.out)
			}
		})
	}
	r := run(t, "dlq", "list", "--brokers", addr)
	if r.code != 0 || !strings.Contains(r.out, "1 dead letter in 1 dead-letter topic.") {
		t.Errorf("list after the failures: exit %d\n%s%s", r.code, r.out, r.err)
	}
}
