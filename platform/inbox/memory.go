package inbox

import (
	"context"
	"strings"
	"sync"

	"eventstorm/platform/memdb"
)

// Memory keeps the ids of the events handled recently in memory, so that one
// redelivered after its effect was stored is skipped: the last generation to
// 2×generation ids, in two tables, the older dropped when the newer is full,
// so that memory and the cost of a look-up stay bounded however long the
// service runs. In memory a redelivery comes from the records read since the
// last commit (after a rebalance) or from the relay publishing an event
// again, both far fewer. It lives as long as the stores it guards.
//
// As in SQL, an event's handling runs in a transaction (memdb.InTx) with
// its id: the rows it writes in the in-memory tables and the messages it
// adds to the in-memory outbox are stored with the id when it succeeds,
// and dropped with it when it fails.
type Memory struct {
	// serial lets one Handle or Batch run at a time, so that a
	// redelivery waits for the handling under way, then finds its id.
	serial sync.Mutex
	// mu guards the generations: ids, old and how many ids holds.
	mu       sync.Mutex
	ids, old *memdb.Table[string, string]
	n        int
}

// generation is how many ids a generation holds: 65,536, 4 to 8 MB of them.
const generation = 1 << 16

// NewMemory returns an empty inbox.
func NewMemory() *Memory {
	return &Memory{ids: newIDs()}
}

// newIDs returns an empty generation of ids, each row its id, listed in
// order for tests.
func newIDs() *memdb.Table[string, string] {
	return memdb.NewTableSize[string, string](strings.Compare, generation)
}

// serialKey marks a context in which the inbox's serial lock is held.
type serialKey struct{ in *Memory }

// inTx runs fn in a transaction, joining the one ctx carries, one Handle or
// Batch at a time.
func (in *Memory) inTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if ctx.Value(serialKey{in}) == nil {
		in.serial.Lock()
		defer in.serial.Unlock()
		ctx = context.WithValue(ctx, serialKey{in}, true)
	}
	return memdb.InTx(ctx, fn)
}

// Handle runs fn, the handling of the event with the id, unless the id was
// handled recently, in a transaction that records the id if fn succeeds
// (joining the transaction ctx carries, as Batch's); it reports whether fn
// ran and succeeded. If fn fails, nothing is recorded and its writes are
// dropped. Events are handled one at a time.
func (in *Memory) Handle(ctx context.Context, id string, fn func(ctx context.Context) error) (bool, error) {
	handled := false
	err := in.inTx(ctx, func(ctx context.Context) error {
		in.mu.Lock()
		ids, old := in.ids, in.old
		in.mu.Unlock()
		// The ids are written one handling at a time (serial), so their
		// reads need no conflict check.
		if _, ok := ids.Peek(ctx, id); ok {
			return nil
		}
		if old != nil {
			if _, ok := old.Peek(ctx, id); ok {
				return nil
			}
		}
		if err := fn(ctx); err != nil {
			return err
		}
		ids.Put(ctx, id, id)
		in.recorded()
		handled = true
		return nil
	})
	return handled && err == nil, err
}

// recorded counts an id recorded in the newer generation, which becomes
// the older when it is full. It counts ids written, not committed: an id
// whose handling fails is counted too, and the generation turns over a
// little early, which only shortens the window a little; an id written
// just before the turn is stored in the table that became the older one,
// where it is still found.
func (in *Memory) recorded() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.n++
	if in.n >= generation {
		in.old, in.ids, in.n = in.ids, newIDs(), 0
	}
}

// Batch runs fn, which handles several events, in one transaction: their
// effects and ids are stored together, or none is.
func (in *Memory) Batch(ctx context.Context, fn func(ctx context.Context) error) error {
	return in.inTx(ctx, fn)
}
