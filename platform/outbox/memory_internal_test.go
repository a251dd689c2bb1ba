package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"eventstorm/platform/message"
)

var (
	_ Relayer = (*Memory)(nil)
	_ Relayer = (*SQL)(nil)
)

// quiet is the relays' logger in the tests.
var quiet = slog.New(slog.DiscardHandler)

// event is a message numbered n.
func event(n int) message.Message {
	return message.Message{
		ID:     fmt.Sprintf("e%04d", n),
		Type:   "shop.ordering.order-placed",
		Source: "/ordering",
		Time:   time.Date(2026, 3, 1, 12, 0, 0, n*1000, time.UTC),
		Topic:  "ordering.order",
		Key:    fmt.Sprintf("order-%d", n%7),
		Data:   []byte(fmt.Sprintf(`{"n":%d}`, n)),
	}
}

// events are the messages numbered from to to-1.
func events(from, to int) []message.Message {
	var list []message.Message
	for n := from; n < to; n++ {
		list = append(list, event(n))
	}
	return list
}

// idsOf are the messages' ids.
func idsOf(msgs []message.Message) []string {
	ids := make([]string, len(msgs))
	for i, m := range msgs {
		ids[i] = m.ID
	}
	return ids
}

// broker is a publisher that records the publications it accepts, one call
// at a time, in order. Before each call it runs its hook, if any, with the
// call's number from 1; the hook's error fails the call.
type broker struct {
	mu       sync.Mutex
	calls    int
	batches  [][]message.Message // accepted, copied
	hook     func(call int, msgs []message.Message) error
	inFlight int
	overlap  bool // two calls ran at once
	changed  chan struct{}
}

func newBroker(hook func(call int, msgs []message.Message) error) *broker {
	return &broker{hook: hook, changed: make(chan struct{}, 1)}
}

func (b *broker) publish(ctx context.Context, msgs []message.Message) error {
	b.mu.Lock()
	b.calls++
	call := b.calls
	b.inFlight++
	if b.inFlight > 1 {
		b.overlap = true
	}
	b.mu.Unlock()
	var err error
	if b.hook != nil {
		err = b.hook(call, msgs)
	}
	b.mu.Lock()
	b.inFlight--
	if err == nil {
		// Copied: the relay may reuse the slice once the call returns.
		b.batches = append(b.batches, slices.Clone(msgs))
	}
	b.mu.Unlock()
	select {
	case b.changed <- struct{}{}:
	default:
	}
	return err
}

// published are the accepted messages' ids, in order.
func (b *broker) published() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var ids []string
	for _, batch := range b.batches {
		ids = append(ids, idsOf(batch)...)
	}
	return ids
}

// callCount is how many calls were made, failed ones included.
func (b *broker) callCount() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.calls
}

// waitFor waits until n messages were accepted, and returns their ids.
func (b *broker) waitFor(t *testing.T, n int, within time.Duration) []string {
	t.Helper()
	deadline := time.After(within)
	for {
		if got := b.published(); len(got) >= n {
			return got
		}
		select {
		case <-b.changed:
		case <-deadline:
			t.Fatalf("%d of %d messages published within %v", len(b.published()), n, within)
		}
	}
}

// relaying runs a relay until the test ends (or stop is called), and
// checks that it returns once its context is cancelled.
func relaying(t *testing.T, r Relayer, publish message.Publisher) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.Relay(ctx, publish, quiet)
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Error("Relay did not return within 5 s of its context's end")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// TestMemoryRelayPublishesInOrder adds messages before and while the relay
// runs: all are published once, in the order added, the backlog in one
// publication.
func TestMemoryRelayPublishesInOrder(t *testing.T) {
	t.Parallel()
	o := NewMemory()
	o.Add(events(0, 3)...)
	o.Add()
	o.Add(events(3, 5)...)
	if o.Pending() != 5 {
		t.Fatalf("Pending = %d, want 5", o.Pending())
	}
	b := newBroker(nil)
	relaying(t, o, b.publish)
	b.waitFor(t, 5, 5*time.Second)
	if len(b.batches) != 1 {
		t.Errorf("the backlog went in %d publications, want 1", len(b.batches))
	}
	for n := 5; n < 50; n++ {
		o.Add(event(n))
	}
	got := b.waitFor(t, 50, 5*time.Second)
	if want := idsOf(events(0, 50)); !slices.Equal(got, want) {
		t.Errorf("published %v, want %v", got, want)
	}
	time.Sleep(20 * time.Millisecond)
	if got := b.published(); len(got) != 50 || o.Pending() != 0 {
		t.Errorf("%d published, %d pending, want 50 and 0", len(got), o.Pending())
	}
	checkMessages(t, b.all(), events(0, 50))
}

// all are the accepted messages, in order.
func (b *broker) all() []message.Message {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Concat(b.batches...)
}

// checkMessages checks that messages went through whole: every attribute
// and the data, the time to the microsecond.
func checkMessages(t *testing.T, got, want []message.Message) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d messages, want %d", len(got), len(want))
	}
	for i, g := range got {
		w := want[i]
		if g.ID != w.ID || g.Type != w.Type || g.Source != w.Source || !g.Time.Equal(w.Time) || g.Topic != w.Topic || g.Key != w.Key || string(g.Data) != string(w.Data) {
			t.Errorf("message %d is %+v, want %+v", i, g, w)
		}
	}
}

// TestMemoryRelayFailures checks a broker that fails: the messages stay
// pending, in order, in front of those added meanwhile, and are published
// again after the pause.
func TestMemoryRelayFailures(t *testing.T) {
	t.Parallel()
	boom := errors.New("broker down")

	t.Run("kept while the broker is down", func(t *testing.T) {
		t.Parallel()
		o := NewMemory()
		o.Add(events(0, 3)...)
		b := newBroker(func(int, []message.Message) error { return boom })
		ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
		defer cancel()
		start := time.Now()
		o.Relay(ctx, b.publish, quiet)
		if took := time.Since(start); took > 2500*time.Millisecond {
			t.Errorf("Relay returned %v after the start, 1 s after its context's end", took)
		}
		// Tried at once, and after the 1 s pause: at most twice.
		if n := b.callCount(); n < 1 || n > 2 {
			t.Errorf("%d attempts in 1.5 s, want 1 or 2 (a pause of 1 s between)", n)
		}
		if o.Pending() != 3 {
			t.Fatalf("Pending = %d after failures, want 3", o.Pending())
		}
		ok := newBroker(nil)
		relaying(t, o, ok.publish)
		if got := ok.waitFor(t, 3, 5*time.Second); !slices.Equal(got, idsOf(events(0, 3))) {
			t.Errorf("published %v once the broker is back", got)
		}
	})

	t.Run("retried after a pause, ahead of those added meanwhile", func(t *testing.T) {
		t.Parallel()
		o := NewMemory()
		o.Add(events(0, 3)...)
		var failedAt time.Time
		b := newBroker(func(call int, msgs []message.Message) error {
			if call == 1 {
				// Added while the publication fails.
				o.Add(events(3, 5)...)
				failedAt = time.Now()
				return boom
			}
			if call == 2 && time.Since(failedAt) < 900*time.Millisecond {
				t.Errorf("retried %v after the failure, want a pause of 1 s", time.Since(failedAt))
			}
			return nil
		})
		relaying(t, o, b.publish)
		got := b.waitFor(t, 5, 5*time.Second)
		if want := idsOf(events(0, 5)); !slices.Equal(got, want) {
			t.Errorf("published %v, want %v", got, want)
		}
		if n := b.callCount(); n != 2 {
			t.Errorf("%d calls, want 2: the failed one, then all pending at once", n)
		}
	})

	t.Run("a publication ended by the context", func(t *testing.T) {
		t.Parallel()
		o := NewMemory()
		o.Add(events(0, 2)...)
		ctx, cancel := context.WithCancel(context.Background())
		b := newBroker(func(int, []message.Message) error {
			cancel()
			return context.Canceled
		})
		start := time.Now()
		o.Relay(ctx, b.publish, quiet)
		if took := time.Since(start); took > 500*time.Millisecond {
			t.Errorf("Relay returned after %v, want at once (no pause once the context ends)", took)
		}
		if o.Pending() != 2 || b.callCount() != 1 {
			t.Errorf("%d pending after %d calls, want 2 after 1", o.Pending(), b.callCount())
		}
	})
}

// TestMemoryAddDuringPublish adds messages while a publication is under
// way: they stay pending and go next, after the ones being sent.
func TestMemoryAddDuringPublish(t *testing.T) {
	t.Parallel()
	o := NewMemory()
	o.Add(events(0, 3)...)
	started, release := make(chan struct{}), make(chan struct{})
	b := newBroker(func(call int, msgs []message.Message) error {
		if call == 1 {
			o.Add(events(3, 6)...)
			if o.Pending() != 3 {
				t.Errorf("Pending = %d during the publication, want the 3 added", o.Pending())
			}
			close(started) // only now does the test add the seventh
			<-release
		}
		return nil
	})
	relaying(t, o, b.publish)
	<-started
	o.Add(event(6)) // queued behind the publication under way
	close(release)
	got := b.waitFor(t, 7, 5*time.Second)
	if want := idsOf(events(0, 7)); !slices.Equal(got, want) {
		t.Errorf("published %v, want %v", got, want)
	}
	b.mu.Lock()
	first := idsOf(b.batches[0])
	b.mu.Unlock()
	if !slices.Equal(first, idsOf(events(0, 3))) {
		t.Errorf("the first publication was %v, want the 3 pending when it began", first)
	}
}

// TestMemoryRelayConcurrentAdds has writers add while the relay publishes
// and fails now and then: every message is published once, each writer's
// in order.
func TestMemoryRelayConcurrentAdds(t *testing.T) {
	t.Parallel()
	const writers, each = 4, 300
	o := NewMemory()
	b := newBroker(func(call int, msgs []message.Message) error {
		if call == 3 {
			return errors.New("broker down once")
		}
		return nil
	})
	relaying(t, o, b.publish)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				o.Add(message.Message{ID: fmt.Sprintf("w%d-%04d", w, i), Data: []byte{byte(i)}})
				if i%50 == 0 {
					time.Sleep(time.Millisecond)
				}
			}
		}()
	}
	wg.Wait()
	got := b.waitFor(t, writers*each, 10*time.Second)
	if len(got) != writers*each {
		t.Errorf("%d published, want %d", len(got), writers*each)
	}
	seen := map[string]bool{}
	next := make([]int, writers)
	for _, id := range got {
		if seen[id] {
			t.Errorf("%s published twice", id)
		}
		seen[id] = true
		var w, i int
		fmt.Sscanf(id, "w%d-%d", &w, &i)
		if i != next[w] {
			t.Errorf("%s published after w%d-%04d: out of order", id, w, next[w]-1)
		}
		next[w] = i + 1
	}
	b.mu.Lock()
	for _, batch := range b.batches {
		for _, m := range batch {
			var w, i int
			fmt.Sscanf(m.ID, "w%d-%d", &w, &i)
			if len(m.Data) != 1 || m.Data[0] != byte(i) {
				t.Errorf("%s carries %v, another message's data", m.ID, m.Data)
			}
		}
	}
	b.mu.Unlock()
}

// TestMemoryRelayStops checks that Relay returns once its context is
// done, whether idle or pausing after a failure.
func TestMemoryRelayStops(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		pending int
		publish message.Publisher
	}{
		{"idle", 0, message.Discard},
		{"pausing after a failure", 1, func(context.Context, []message.Message) error { return errors.New("down") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := NewMemory()
			o.Add(events(0, tt.pending)...)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { defer close(done); o.Relay(ctx, tt.publish, quiet) }()
			time.Sleep(50 * time.Millisecond)
			cancel()
			select {
			case <-done:
			case <-time.After(500 * time.Millisecond):
				t.Fatal("Relay still runs 500 ms after its context's end")
			}
			if o.Pending() != tt.pending {
				t.Errorf("Pending = %d, want %d", o.Pending(), tt.pending)
			}
		})
	}
}
