package adaptertest

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"eventstorm/platform/database"
	"eventstorm/platform/fault"
	"eventstorm/platform/message"
	"eventstorm/platform/outbox"
)

// Repository is an aggregate's repository: states of type S, with ids of
// type ID, saved with their new events of type E.
type Repository[ID comparable, S, E any] interface {
	Load(ctx context.Context, id ID) (*S, error)
	Save(ctx context.Context, state *S, expected int64, events []E) error
}

// RepositoryContract is what the contract of an aggregate's repositories
// needs to know of the aggregate.
type RepositoryContract[ID comparable, S, E any] struct {
	// Name is the aggregate's, for messages.
	Name string
	// Repo is the repository under test.
	Repo Repository[ID, S, E]
	// NewID returns an id no aggregate has.
	NewID func() ID
	// New returns a new state with the id.
	New func(id ID) *S
	// Version is the state's version.
	Version func(state *S) *int64
	// Record records a new event on the state, stamped, and returns it and
	// its id. Nil for an aggregate without events, whose saves only raise
	// its version.
	Record func(state *S) (E, string)
	// Relay relays the outbox the repository saves events to.
	Relay outbox.Relayer
	// Key is the message key of an id.
	Key func(id ID) string
	// EventSourced says that the aggregate's events are its storage: a
	// save without events changes nothing, so the concurrent saves record
	// an event each.
	EventSourced bool
}

// Check checks that the repository keeps states alike: a missing one is
// fault.ErrNotFound, saved state reads back, a stale or concurrent save is
// fault.ErrConflict, and the events saved with the state are relayed once,
// in order, even by two replicas at once (the second one reading db when
// it is not nil).
func (c RepositoryContract[ID, S, E]) Check(t testing.TB, db *database.DB) {
	t.Helper()
	ctx := context.Background()
	id := c.NewID()
	if _, err := c.Repo.Load(ctx, id); !errors.Is(err, fault.ErrNotFound) {
		t.Fatalf("Load of a missing %s: %v, want domain.ErrNotFound", c.Name, err)
	}
	state := c.New(id)
	recorded := c.saveThree(t, state)
	loaded, err := c.Repo.Load(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	SameJSON(t, loaded, state)
	if won := c.checkConflicts(t, id, state); won != "" {
		recorded = append(recorded, won)
	}
	if c.Record != nil {
		c.checkRelayed(t, db, c.Key(id), recorded)
	}
}

// saveThree saves the state three times, each time with a new event when
// the aggregate has events, and returns their ids.
func (c RepositoryContract[ID, S, E]) saveThree(t testing.TB, state *S) []string {
	t.Helper()
	var recorded []string
	for expected := int64(0); expected < 3; expected++ {
		var events []E
		if c.Record != nil {
			e, id := c.Record(state)
			events, recorded = append(events, e), append(recorded, id)
		} else {
			*c.Version(state)++
		}
		if err := c.Repo.Save(context.Background(), state, expected, events); err != nil {
			t.Fatalf("Save at version %d: %v", *c.Version(state), err)
		}
	}
	return recorded
}

// checkConflicts checks that a stale save, the save of a new aggregate
// whose id is taken, and the loser of two concurrent saves are
// fault.ErrConflict. It returns the id of the event the winner saved, if
// any.
func (c RepositoryContract[ID, S, E]) checkConflicts(t testing.TB, id ID, state *S) string {
	t.Helper()
	ctx := context.Background()
	if err := c.Repo.Save(ctx, state, 1, nil); !errors.Is(err, fault.ErrConflict) {
		t.Errorf("Save with a stale version: %v, want domain.ErrConflict", err)
	}
	taken := c.New(id)
	*c.Version(taken) = 1
	if err := c.Repo.Save(ctx, taken, 0, nil); !errors.Is(err, fault.ErrConflict) {
		t.Errorf("Save of a new %s whose id is taken: %v, want domain.ErrConflict", c.Name, err)
	}
	// Two concurrent saves of the next version: one wins.
	if c.EventSourced && c.Record != nil {
		return c.raceEvents(t, state)
	}
	next := *state
	*c.Version(&next)++
	errs := make(chan error, 2)
	for range 2 {
		go func() { errs <- c.Repo.Save(ctx, &next, *c.Version(state), nil) }()
	}
	if first, second := <-errs, <-errs; (first == nil) == (second == nil) || !errors.Is(errors.Join(first, second), fault.ErrConflict) {
		t.Errorf("concurrent saves: %v and %v, want one success and one domain.ErrConflict", first, second)
	}
	return ""
}

// raceEvents saves two copies of the state at once, each with a new event
// of its own, checks that one wins and the other is fault.ErrConflict, and
// returns the id of the winner's event.
func (c RepositoryContract[ID, S, E]) raceEvents(t testing.TB, state *S) string {
	t.Helper()
	type result struct {
		id  string
		err error
	}
	expected := *c.Version(state)
	results := make(chan result, 2)
	for range 2 {
		next := *state
		e, eventID := c.Record(&next)
		go func() {
			results <- result{eventID, c.Repo.Save(context.Background(), &next, expected, []E{e})}
		}()
	}
	first, second := <-results, <-results
	if (first.err == nil) == (second.err == nil) || !errors.Is(errors.Join(first.err, second.err), fault.ErrConflict) {
		t.Errorf("concurrent saves: %v and %v, want one success and one domain.ErrConflict", first.err, second.err)
		return ""
	}
	if first.err == nil {
		return first.id
	}
	return second.id
}

// checkRelayed checks that the recorded events of the aggregate keyed key
// are relayed once, in order, by the relay and a second replica's.
func (c RepositoryContract[ID, S, E]) checkRelayed(t testing.TB, db *database.DB, key string, recorded []string) {
	t.Helper()
	relays := []outbox.Relayer{c.Relay}
	if db != nil {
		// A second replica's relay must not publish the same events.
		relays = append(relays, outbox.NewSQL(db))
	}
	var relayedIDs []string
	for _, m := range Relayed(t, relays, len(recorded)) {
		if m.Key == key {
			relayedIDs = append(relayedIDs, m.ID)
		}
	}
	if !slices.Equal(relayedIDs, recorded) {
		t.Errorf("relayed %v, want %v", relayedIDs, recorded)
	}
	// Sent once: nothing is left for a relay to publish again.
	if n := Pending(c.Relay); n != 0 {
		t.Errorf("%v events still pending once relayed, want 0", n)
	}
}

// Pending is the number of events r's outbox holds unpublished, as its
// outbox_pending_events gauge says; -1 when it does not say.
func Pending(r outbox.Relayer) float64 {
	reg := prometheus.NewRegistry()
	if err := reg.Register(r); err != nil {
		return -1
	}
	families, err := reg.Gather()
	if err != nil {
		return -1
	}
	for _, f := range families {
		if f.GetName() == "outbox_pending_events" && len(f.GetMetric()) == 1 {
			return f.GetMetric()[0].GetGauge().GetValue()
		}
	}
	return -1
}

// waitSent waits until no relay has events pending, or ctx is done.
func waitSent(ctx context.Context, relays []outbox.Relayer) {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		sent := true
		for _, r := range relays {
			sent = sent && Pending(r) == 0
		}
		if sent {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Relayed runs the relays, as replicas would, until they have published n
// messages, lets them mark them sent, and returns them.
func Relayed(t testing.TB, relays []outbox.Relayer, n int) []message.Message {
	t.Helper()
	var mu sync.Mutex
	var got []message.Message
	enough := make(chan struct{})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for _, r := range relays {
		wg.Go(func() {
			r.Relay(ctx, func(_ context.Context, msgs []message.Message) error {
				mu.Lock()
				defer mu.Unlock()
				got = append(got, msgs...)
				if len(got) >= n && len(got)-len(msgs) < n {
					close(enough)
				}
				return nil
			}, slog.New(slog.DiscardHandler))
		})
	}
	select {
	case <-enough:
		// Marking them sent follows the publication: wait for it.
		waitSent(ctx, relays)
	case <-ctx.Done():
	}
	cancel()
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	if len(got) < n {
		t.Fatalf("the relay published %d messages, want %d", len(got), n)
	}
	return got
}
