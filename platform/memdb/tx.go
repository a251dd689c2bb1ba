package memdb

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
)

// ErrConflict is why a transaction failed to commit: a row it read was
// written by another (a transaction, or a call without one) before it
// committed. Nothing of it was stored; running it again can succeed.
var ErrConflict = errors.New("memdb: a row the transaction read was changed before it committed")

// errEnded is the panic of a write with the context of a transaction that
// has ended.
var errEnded = errors.New("memdb: a write with the context of a transaction that has ended")

// commitMu lets one transaction commit at a time, so that a commit can
// hold the locks of all its tables without a deadlock: outside a commit,
// no one holds two tables' locks.
var commitMu sync.Mutex

// tx is a transaction: what it wrote to each table, the stamps of the rows
// it read, and what to do when it commits.
type tx struct {
	mu sync.Mutex
	// parts are the tables it used, in the order it first used them, and
	// byTable the same by table.
	parts   []participant
	byTable map[any]participant
	// onCommit run, in order, when it commits.
	onCommit []func()
	// locals are values kept for the transaction's length (Local).
	locals map[any]any
	// ended is set when it has committed or rolled back.
	ended bool
}

// participant is a table's part in a transaction.
type participant interface {
	lock()
	unlock()
	// check reports ErrConflict if a row read in the transaction has
	// changed since; the table's lock is held.
	check() error
	// apply stores the transaction's writes; the table's lock is held.
	apply()
	// recycle gives the part back to its table, emptied, for the table's
	// next transaction; the table's lock is held.
	recycle()
}

type txKey struct{}

// current returns the transaction ctx carries, or nil.
func current(ctx context.Context) *tx {
	x, _ := ctx.Value(txKey{}).(*tx)
	return x
}

// InTx runs fn in a transaction: the tables' rows fn writes with its
// context (and the messages queued with OnCommit, such as those of the
// in-memory outbox) are stored together when fn returns nil, and dropped
// when it returns an error or panics. Reads with fn's context see its own
// writes. The commit fails with ErrConflict, storing nothing, if a row fn
// read by key was written meanwhile by someone else; a List is not checked
// (as in SQL's READ COMMITTED, rows added meanwhile are no conflict).
// Called with a context that already carries a transaction, it joins it:
// fn's error is returned, and the outer transaction decides.
func InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if x := current(ctx); x != nil && !x.isEnded() {
		return fn(ctx)
	}
	x := &tx{byTable: map[any]participant{}}
	committed := false
	defer func() {
		if !committed {
			x.end()
		}
	}()
	if err := fn(context.WithValue(ctx, txKey{}, x)); err != nil {
		return err
	}
	committed = true
	return x.commit()
}

// Joined reports whether ctx carries a transaction that has not ended.
func Joined(ctx context.Context) bool {
	x := current(ctx)
	return x != nil && !x.isEnded()
}

// OnCommit queues fn to run when the transaction ctx carries commits, with
// its writes (while readers of its tables wait), and reports true; fn is
// dropped if the transaction rolls back, and must not use the tables.
// Without a transaction it does nothing and reports false. It panics if
// the transaction has ended.
func OnCommit(ctx context.Context, fn func()) bool {
	x := current(ctx)
	if x == nil {
		return false
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.ended {
		panic(errEnded)
	}
	x.onCommit = append(x.onCommit, fn)
	return true
}

// Local returns the value kept under key by the transaction ctx carries,
// making it with mk on first use (fresh reports that), so that a caller
// can gather what the transaction did, such as an inbox's ids, and store it
// from an OnCommit. Without a transaction it returns mk() and fresh.
func Local[V any](ctx context.Context, key any, mk func() V) (v V, fresh bool) {
	x := current(ctx)
	if x == nil {
		return mk(), true
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if v, ok := x.locals[key]; ok {
		return v.(V), false
	}
	if x.locals == nil {
		x.locals = map[any]any{}
	}
	v = mk()
	x.locals[key] = v
	return v, true
}

func (x *tx) isEnded() bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.ended
}

// end ends the transaction without storing anything.
func (x *tx) end() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.ended = true
	for _, p := range x.parts {
		p.lock()
		p.recycle()
		p.unlock()
	}
}

// commit checks that the rows the transaction read are unchanged, then
// stores its writes in every table and runs its onCommit, holding the
// locks of all its tables; or stores nothing and returns ErrConflict.
func (x *tx) commit() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.ended = true
	commitMu.Lock()
	defer commitMu.Unlock()
	for _, p := range x.parts {
		p.lock()
		defer p.unlock()
	}
	for _, p := range x.parts {
		if err := p.check(); err != nil {
			for _, p := range x.parts {
				p.recycle()
			}
			return err
		}
	}
	for _, p := range x.parts {
		p.apply()
		p.recycle()
	}
	for _, fn := range x.onCommit {
		fn()
	}
	return nil
}

// txTable is a table's part in a transaction.
type txTable[K comparable, R any] struct {
	t *Table[K, R]
	// writes are the rows written, by key.
	writes map[K]write[R]
	// reads are the stamps of the rows read from the table, by key (0
	// when there was none), as first read.
	reads map[K]uint64
}

// write is a row written, or its deletion.
type write[R any] struct {
	row     R
	deleted bool
}

// part returns the table's part in the transaction, adding one if it has
// none; x.mu is held.
func part[K comparable, R any](x *tx, t *Table[K, R]) *txTable[K, R] {
	if p, ok := x.byTable[t]; ok {
		return p.(*txTable[K, R])
	}
	t.mu.Lock()
	p := t.spare
	t.spare = nil
	t.mu.Unlock()
	if p == nil {
		p = &txTable[K, R]{t: t, writes: map[K]write[R]{}, reads: map[K]uint64{}}
	}
	x.byTable[t] = p
	x.parts = append(x.parts, p)
	return p
}

func (p *txTable[K, R]) lock()   { p.t.mu.Lock() }
func (p *txTable[K, R]) unlock() { p.t.mu.Unlock() }

// get returns the row with the key as the transaction sees it: its own
// write, else the table's row, whose stamp it notes.
func (p *txTable[K, R]) get(key K) (R, bool) {
	if w, ok := p.writes[key]; ok {
		return w.row, !w.deleted
	}
	p.t.mu.Lock()
	e, ok := p.t.rows[key]
	p.t.mu.Unlock()
	if _, seen := p.reads[key]; !seen {
		p.reads[key] = e.stamp
	}
	return e.row, ok
}

// list is List as the transaction sees it.
func (p *txTable[K, R]) list(after *K, limit int) []R {
	t := p.t
	t.mu.Lock()
	keys := t.keys(after)
	rows := make(map[K]R, len(keys))
	for _, k := range keys {
		rows[k] = t.rows[k].row
	}
	t.mu.Unlock()
	for k, w := range p.writes {
		_, had := rows[k]
		switch {
		case w.deleted:
			delete(rows, k)
		case after == nil || t.compare(k, *after) > 0:
			if !had {
				keys = append(keys, k)
			}
			rows[k] = w.row
		}
	}
	keys = slices.DeleteFunc(keys, func(k K) bool {
		_, ok := rows[k]
		return !ok
	})
	return t.page(keys, limit, func(k K) R { return rows[k] })
}

func (p *txTable[K, R]) check() error {
	for k, stamp := range p.reads {
		if p.t.rows[k].stamp != stamp {
			return fmt.Errorf("%w (key %v)", ErrConflict, k)
		}
	}
	return nil
}

// recycle keeps the part as its table's spare, its maps emptied but
// their room kept: a consumer's transactions, one per batch of records,
// then do not grow new maps each time.
func (p *txTable[K, R]) recycle() {
	clear(p.writes)
	clear(p.reads)
	p.t.spare = p
}

func (p *txTable[K, R]) apply() {
	for k, w := range p.writes {
		if w.deleted {
			delete(p.t.rows, k)
		} else {
			p.t.put(k, w.row)
		}
	}
}
