package inbox

import (
	"context"
	"sync"

	"eventstorm/platform/memdb"
)

// Memory keeps the ids of the events handled recently in memory, so that one
// redelivered after its effect was stored is skipped: the last generation to
// 2×generation ids, in two maps, the older dropped when the newer is full,
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
	// mu guards the generations of committed ids: ids, the newer, and old.
	mu       sync.Mutex
	ids, old map[string]struct{}
}

// generation is how many ids a generation holds: 65,536, 4 to 8 MB of them.
const generation = 1 << 16

// NewMemory returns an empty inbox.
func NewMemory() *Memory {
	return &Memory{ids: make(map[string]struct{}, generation)}
}

// serialKey marks a context in which the inbox's serial lock is held.
type serialKey struct{ in *Memory }

// pending are the ids handled in a transaction that has not committed: a
// redelivery within the same transaction finds them, and its commit
// records them (memdb.OnCommit), its rollback forgets them. Plain maps,
// not memdb tables: the serial lock keeps their writers apart already,
// and the consumer pays for each look-up on every event.
type pending map[string]struct{}

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
		ids, fresh := memdb.Local(ctx, in, func() pending { return pending{} })
		if fresh {
			memdb.OnCommit(ctx, func() { in.record(ids) })
		}
		if _, ok := ids[id]; ok || in.seen(id) {
			return nil
		}
		if err := fn(ctx); err != nil {
			return err
		}
		ids[id] = struct{}{}
		handled = true
		return nil
	})
	return handled && err == nil, err
}

// seen reports whether the id was recorded in either generation.
func (in *Memory) seen(id string) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	if _, ok := in.ids[id]; ok {
		return true
	}
	_, ok := in.old[id]
	return ok
}

// record stores the ids of a committed transaction in the newer
// generation, which becomes the older when it is full (the older one is
// dropped then), so that memory and the cost of a look-up stay bounded.
func (in *Memory) record(ids pending) {
	in.mu.Lock()
	defer in.mu.Unlock()
	for id := range ids {
		if len(in.ids) >= generation {
			in.old, in.ids = in.ids, make(map[string]struct{}, generation)
		}
		in.ids[id] = struct{}{}
	}
}

// Batch runs fn, which handles several events, in one transaction: their
// effects and ids are stored together, or none is.
func (in *Memory) Batch(ctx context.Context, fn func(ctx context.Context) error) error {
	return in.inTx(ctx, fn)
}
