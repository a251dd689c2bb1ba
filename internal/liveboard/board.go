// Package liveboard is the live board of `eventstorm dev --board`: the
// model's HTML sticky board (the diagram package's), served over HTTP and
// animated from what happens on Kafka. Each event sticky shows how many
// records of the event its topic holds and when the last was written; a
// command lights up once an event it emits was seen; an event that was
// dead-lettered turns red, and so do the policies and read models of a
// context whose consumer group lags behind its topics or dead-lettered a
// record. The page gets the board's state from a server-sent event stream,
// in full on connecting and again on each change; it loads nothing else
// and works offline.
package liveboard

import (
	"net/http"
	"reflect"
	"sync"
	"time"

	"eventstorm/model"

	"github.com/twmb/franz-go/pkg/kgo"
)

// Options configure a Board; the zero value is the defaults.
type Options struct {
	// LagEvery is how often Watch measures the consumer groups' lag;
	// 0 means every second.
	LagEvery time.Duration
	// LagGrace is how long a group's lag must stay above zero before its
	// consumers turn red; 0 means 3 seconds.
	LagGrace time.Duration
	// KafkaOpts are more options of Watch's Kafka client: the TLS and
	// SASL settings of a secured broker.
	KafkaOpts []kgo.Opt
}

// Board is the live board of a model: an http.Handler serving the page
// (GET /), its stream of updates (GET /events) and the state as JSON
// (GET /state). Watch feeds it from Kafka.
type Board struct {
	o       Options
	x       *index
	page    []byte
	handler http.Handler

	mu      sync.Mutex
	st      *state
	changed chan struct{} // closed and replaced when the state changes
}

// New returns the board of m, a validated model, showing nothing seen yet.
func New(m *model.Model, o Options) (*Board, error) {
	if o.LagEvery <= 0 {
		o.LagEvery = time.Second
	}
	if o.LagGrace <= 0 {
		o.LagGrace = 3 * time.Second
	}
	page, err := renderPage(m)
	if err != nil {
		return nil, err
	}
	x := newIndex(m)
	b := &Board{o: o, x: x, page: page, st: newState(x, o.LagGrace), changed: make(chan struct{})}
	b.handler = b.routes()
	return b, nil
}

// Snapshot is what the board shows now.
func (b *Board) Snapshot() Snapshot {
	s, _ := b.current()
	return s
}

// current is what the board shows now and a channel closed when that
// changes.
func (b *Board) current() (Snapshot, <-chan struct{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.st.snapshot(), b.changed
}

// update changes the state with f and, if that changed what the board
// shows, wakes the streams.
func (b *Board) update(f func(*state)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	before := b.st.snapshot()
	f(b.st)
	if reflect.DeepEqual(before, b.st.snap) {
		return
	}
	close(b.changed)
	b.changed = make(chan struct{})
}
