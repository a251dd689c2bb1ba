package inbox

import (
	"context"
	"sync"
)

// Memory keeps the ids of the events handled in memory, so that one
// redelivered after its effect was stored is skipped. It lives as long as the
// stores it guards.
type Memory struct {
	mu  sync.Mutex
	ids map[string]struct{}
}

// NewMemory returns an empty inbox.
func NewMemory() *Memory {
	return &Memory{ids: map[string]struct{}{}}
}

// Handle runs fn, the handling of the event with the id, unless the id was
// handled before, and records the id if fn succeeds; it reports whether fn ran
// and succeeded. Events are handled one at a time.
func (in *Memory) Handle(ctx context.Context, id string, fn func(ctx context.Context) error) (bool, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if _, ok := in.ids[id]; ok {
		return false, nil
	}
	if err := fn(ctx); err != nil {
		return false, err
	}
	in.ids[id] = struct{}{}
	return true, nil
}

// Batch runs fn. In memory nothing can be undone: the events fn handled before
// it failed stay handled, and are skipped when they come again.
func (in *Memory) Batch(ctx context.Context, fn func(ctx context.Context) error) error {
	return fn(ctx)
}
