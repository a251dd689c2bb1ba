package adaptertest_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"eventstorm/platform/fault"
	"eventstorm/platform/internal/tbspy"
	"eventstorm/platform/message"
	"eventstorm/platform/outbox"
)

// stream is an event-sourced repository of things: a save appends its
// events, so one without events changes nothing; it checks the expected
// version unless lax.
type stream struct {
	things
	lax bool
}

func (r *stream) Save(_ context.Context, s *thing, expected int64, events []note) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	stored := r.saved[s.ID]
	if stored.Version != expected && !r.lax {
		return fault.ErrConflict
	}
	for _, e := range events {
		stored.ID, stored.Version = s.ID, stored.Version+1
		stored.Notes = append(slices.Clone(stored.Notes), e.ID)
		r.out.Add(message.Message{ID: e.ID, Key: fmt.Sprint(s.ID)})
	}
	if len(events) > 0 {
		r.saved[s.ID] = stored
	}
	return nil
}

// TestEventSourcedRepositoryContract checks the contract of an
// event-sourced repository: it passes with EventSourced set, whose
// concurrent saves carry an event each (and the winner's is relayed too);
// without it, two saves with no event both succeed, as they should on a
// stream, and the contract says so; a stream that does not check versions
// fails.
func TestEventSourcedRepositoryContract(t *testing.T) {
	tests := []struct {
		name         string
		eventSourced bool
		lax          bool
		want         string
	}{
		{"event sourced", true, false, ""},
		{"taken for state-stored", false, false, "concurrent saves: <nil> and <nil>, want one success and one domain.ErrConflict"},
		{"no version check", true, true, "Save with a stale version: <nil>, want domain.ErrConflict"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &stream{things: things{saved: map[int]thing{}, out: outbox.NewMemory()}, lax: tt.lax}
			c := thingContract(&r.things)
			c.Repo, c.EventSourced = r, tt.eventSourced
			tbspy.Want(t, tt.want, func(tb testing.TB) { c.Check(tb, nil) })
		})
	}
}
