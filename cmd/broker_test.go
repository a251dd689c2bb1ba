package cmd

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// syncBuffer is a bytes.Buffer safe for a command's goroutines and the
// test reading it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startBroker runs runBroker on a free port in the background and returns
// its address and a stop function that cancels it and waits for it.
func startBroker(t *testing.T, dataDir string) (addr string, stop func()) {
	t.Helper()
	var out syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	opts := &brokerOptions{
		streams:   &IOStreams{In: strings.NewReader(""), Out: &out, Err: &out},
		addr:      "127.0.0.1:0",
		dataDir:   dataDir,
		listening: func(a string) { ready <- a },
	}
	go func() { done <- runBroker(ctx, opts) }()
	select {
	case addr = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("the broker did not start: %v\n%s", err, out.String())
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("the broker did not start within 10s")
	}
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("broker: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("the broker did not stop within 10s of its context's end")
		}
	}
	t.Cleanup(stop)
	if !strings.Contains(out.String(), "listening on "+addr) {
		t.Errorf("the broker does not say where it listens:\n%s", out.String())
	}
	return addr, stop
}

// client returns a franz-go client of the broker at addr.
func client(t *testing.T, addr string, opts ...kgo.Opt) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(addr), kgo.FetchMaxWait(200 * time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}

// produce writes one record per value to topic, waiting for each.
func produce(t *testing.T, addr, topic string, values ...string) {
	t.Helper()
	cl := client(t, addr, kgo.AllowAutoTopicCreation(), kgo.DefaultProduceTopic(topic))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, v := range values {
		if err := cl.ProduceSync(ctx, &kgo.Record{Key: []byte("k"), Value: []byte(v)}).FirstErr(); err != nil {
			t.Fatalf("producing %q: %v", v, err)
		}
	}
	cl.Close()
}

// consume polls cl until it has n records, and takes no more.
func consume(t *testing.T, cl *kgo.Client, n int) []*kgo.Record {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var got []*kgo.Record
	for len(got) < n {
		fs := cl.PollRecords(ctx, n-len(got))
		if ctx.Err() != nil {
			t.Fatalf("got %d records within 10s, want %d", len(got), n)
		}
		for _, e := range fs.Errors() {
			t.Logf("fetch %s[%d]: %v", e.Topic, e.Partition, e.Err)
		}
		got = append(got, fs.Records()...)
	}
	return got
}

func values(rs []*kgo.Record) string {
	var vs []string
	for _, r := range rs {
		vs = append(vs, string(r.Value))
	}
	return strings.Join(vs, ",")
}

func TestBrokerProducesAndConsumes(t *testing.T) {
	addr, stop := startBroker(t, "")
	produce(t, addr, "shop.ordering.order", "placed")
	cl := client(t, addr, kgo.ConsumeTopics("shop.ordering.order"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if got := values(consume(t, cl, 1)); got != "placed" {
		t.Errorf("consumed %q, want %q", got, "placed")
	}
	cl.Close()
	start := time.Now()
	stop()
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the broker took %v to stop", d)
	}
}

func TestBrokerDataDirKeepsTopicsAndCommittedOffsets(t *testing.T) {
	dir := t.TempDir()
	const topic, group = "shop.ordering.order", "order-history"
	addr, stop := startBroker(t, dir)
	produce(t, addr, topic, "first", "second")
	// The group reads the first record and commits it.
	cl := client(t, addr, kgo.ConsumeTopics(topic), kgo.ConsumerGroup(group), kgo.DisableAutoCommit(),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	rs := consume(t, cl, 1)
	if got := string(rs[0].Value); got != "first" {
		t.Fatalf("the group read %q first, want %q", got, "first")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := cl.CommitRecords(ctx, rs[0]); err != nil {
		t.Fatalf("commit: %v", err)
	}
	cl.Close()
	stop()

	addr, _ = startBroker(t, dir)
	all := client(t, addr, kgo.ConsumeTopics(topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if got := values(consume(t, all, 2)); got != "first,second" {
		t.Errorf("after a restart the topic holds %q, want %q", got, "first,second")
	}
	cl = client(t, addr, kgo.ConsumeTopics(topic), kgo.ConsumerGroup(group), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if got := values(consume(t, cl, 1)); got != "second" {
		t.Errorf("after a restart the group goes on with %q, want %q (its committed offset was lost)", got, "second")
	}
}

func TestBrokerWithoutDataDirForgets(t *testing.T) {
	addr, stop := startBroker(t, "")
	produce(t, addr, "t", "gone")
	stop()
	addr, _ = startBroker(t, "")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req := kmsg.NewPtrMetadataRequest()
	topic := kmsg.NewMetadataRequestTopic()
	topic.Topic = kmsg.StringPtr("t")
	req.Topics = append(req.Topics, topic)
	resp, err := req.RequestWith(ctx, client(t, addr))
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Topics) != 1 || resp.Topics[0].ErrorCode != kerr.UnknownTopicOrPartition.Code {
		t.Errorf("a broker without --data-dir still knows topic t after a restart: %+v", resp.Topics)
	}
}

func TestBrokerRejectsABadAddress(t *testing.T) {
	r := run(t, "broker", "--addr", "localhost")
	r.want(t, exitUsage)
	if !strings.Contains(r.err, `--addr "localhost" is not host:port`) {
		t.Errorf("unclear message:\n%s", r)
	}
	r = run(t, "broker", "--addr", "127.0.0.1:http")
	r.want(t, exitUsage)
}
