package inbox

import (
	"context"
	"sync"
)

// Memory keeps the ids of the events handled recently in memory, so that one
// redelivered after its effect was stored is skipped: the last generation to
// 2×generation ids, in two maps, the older dropped when the newer is full, so
// that memory and the cost of a look-up stay bounded however long the service
// runs. In memory a redelivery comes from the records read since the last
// commit (after a rebalance) or from the relay publishing an event again,
// both far fewer. It lives as long as the stores it guards.
type Memory struct {
	mu       sync.Mutex
	ids, old map[string]struct{}
}

// generation is how many ids a generation holds: 65,536, 4 to 8 MB of them.
const generation = 1 << 16

// NewMemory returns an empty inbox.
func NewMemory() *Memory {
	return &Memory{ids: make(map[string]struct{}, generation)}
}

// Handle runs fn, the handling of the event with the id, unless the id was
// handled recently, and records the id if fn succeeds; it reports whether fn
// ran and succeeded. Events are handled one at a time.
func (in *Memory) Handle(ctx context.Context, id string, fn func(ctx context.Context) error) (bool, error) {
	in.mu.Lock()
	if _, ok := in.ids[id]; ok {
		in.mu.Unlock()
		return false, nil
	}
	if _, ok := in.old[id]; ok {
		in.mu.Unlock()
		return false, nil
	}
	if err := fn(ctx); err != nil {
		in.mu.Unlock()
		return false, err
	}
	if len(in.ids) >= generation {
		in.old, in.ids = in.ids, make(map[string]struct{}, generation)
	}
	in.ids[id] = struct{}{}
	in.mu.Unlock()
	return true, nil
}

// Batch runs fn. In memory nothing can be undone: the events fn handled before
// it failed stay handled, and are skipped when they come again.
func (in *Memory) Batch(ctx context.Context, fn func(ctx context.Context) error) error {
	return fn(ctx)
}
