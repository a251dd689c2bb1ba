// Package memdb keeps a service's rows in memory, for running it alone with
// no infrastructure: tables of rows by key, listed in key order as the SQL
// adapters list them. Nothing survives a restart.
//
// A call made with the context of a transaction (InTx) reads the
// transaction's own writes and buffers its writes until the transaction
// commits, as the SQL adapters do with the transaction their context
// carries; a call made with another context reads and writes the table at
// once.
package memdb

import (
	"context"
	"slices"
	"sync"
)

// Table keeps rows of type R by key K.
type Table[K comparable, R any] struct {
	mu   sync.Mutex
	rows map[K]entry[R]
	// stamp is the last stamp given to a written row: a transaction checks
	// at its commit that the rows it read still have the stamps it saw.
	stamp   uint64
	compare func(a, b K) int
	// spare is the part of a finished transaction, kept for the next.
	spare *txTable[K, R]
}

// entry is a row with the stamp of its last write.
type entry[R any] struct {
	row   R
	stamp uint64
}

// NewTable returns an empty table whose rows are listed in the order
// compare gives their keys (bytewise, as the SQL adapters order them);
// compare may be nil for a table that is never listed.
func NewTable[K comparable, R any](compare func(a, b K) int) *Table[K, R] {
	return &Table[K, R]{rows: map[K]entry[R]{}, compare: compare}
}

// NewTableSize is NewTable with room for n rows, for a table known to grow
// that large: it is not rehashed on the way.
func NewTableSize[K comparable, R any](compare func(a, b K) int, n int) *Table[K, R] {
	return &Table[K, R]{rows: make(map[K]entry[R], n), compare: compare}
}

// Peek is Get without the conflict check: in a transaction it sees the
// transaction's writes, else the table's row, and a later write of the row
// by someone else does not fail the commit. It is for a table whose
// writers are kept apart otherwise, such as an inbox's ids, written one
// handling at a time: it saves the transaction noting the read.
func (t *Table[K, R]) Peek(ctx context.Context, key K) (R, bool) {
	if x, w := t.joined(ctx, false); x != nil {
		defer x.mu.Unlock()
		if wr, ok := w.writes[key]; ok {
			return wr.row, !wr.deleted
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.rows[key]
	return e.row, ok
}

// Get returns the row with the key, and whether there is one.
func (t *Table[K, R]) Get(ctx context.Context, key K) (R, bool) {
	if x, w := t.joined(ctx, false); x != nil {
		defer x.mu.Unlock()
		return w.get(key)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.rows[key]
	return e.row, ok
}

// List returns up to limit rows in key order, after the key if it is not
// nil.
func (t *Table[K, R]) List(ctx context.Context, after *K, limit int) []R {
	if x, w := t.joined(ctx, false); x != nil {
		defer x.mu.Unlock()
		return w.list(after, limit)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	keys := t.keys(after)
	return t.page(keys, limit, func(k K) R { return t.rows[k].row })
}

// keys are the keys of the table's rows after the key if it is not nil, in
// no order; t.mu is held.
func (t *Table[K, R]) keys(after *K) []K {
	keys := make([]K, 0, len(t.rows))
	for k := range t.rows {
		if after == nil || t.compare(k, *after) > 0 {
			keys = append(keys, k)
		}
	}
	return keys
}

// page sorts keys and returns the rows of the first limit of them.
func (t *Table[K, R]) page(keys []K, limit int, row func(K) R) []R {
	slices.SortFunc(keys, t.compare)
	keys = keys[:min(max(limit, 0), len(keys))]
	rows := make([]R, 0, len(keys))
	for _, k := range keys {
		rows = append(rows, row(k))
	}
	return rows
}

// Put stores the row under the key, replacing the row there.
func (t *Table[K, R]) Put(ctx context.Context, key K, row R) {
	if x, w := t.joined(ctx, true); x != nil {
		defer x.mu.Unlock()
		w.writes[key] = write[R]{row: row}
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.put(key, row)
}

// put stores the row with a new stamp; t.mu is held.
func (t *Table[K, R]) put(key K, row R) {
	t.stamp++
	t.rows[key] = entry[R]{row: row, stamp: t.stamp}
}

// Delete removes the row with the key, if there is one.
func (t *Table[K, R]) Delete(ctx context.Context, key K) {
	if x, w := t.joined(ctx, true); x != nil {
		defer x.mu.Unlock()
		w.writes[key] = write[R]{deleted: true}
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.rows, key)
}

// Update runs fn on the row with the key (the zero row and false when
// there is none) and stores the row it returns, unless it returns an
// error, all under the table's lock: so a check of the row and its change
// happen at once. In a transaction, fn sees the transaction's view and
// its row is stored at the commit, which fails with ErrConflict if the
// row changed meanwhile; fn must not use another table with a context
// that carries no transaction.
func (t *Table[K, R]) Update(ctx context.Context, key K, fn func(row R, ok bool) (R, error)) error {
	if x, w := t.joined(ctx, true); x != nil {
		// fn runs without the transaction's lock: it may queue messages
		// for the commit (OnCommit).
		row, ok := w.get(key)
		x.mu.Unlock()
		row, err := fn(row, ok)
		if err != nil {
			return err
		}
		x, w = t.joined(ctx, true)
		defer x.mu.Unlock()
		w.writes[key] = write[R]{row: row}
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.rows[key]
	row, err := fn(e.row, ok)
	if err != nil {
		return err
	}
	t.put(key, row)
	return nil
}

// joined returns the live transaction ctx carries, locked, and the table's
// part in it; nil when ctx carries none. A read with the context of an
// ended transaction reads the table at once; a write with it panics, since
// its writes would be lost, or made outside it.
func (t *Table[K, R]) joined(ctx context.Context, write bool) (*tx, *txTable[K, R]) {
	x := current(ctx)
	if x == nil {
		return nil, nil
	}
	x.mu.Lock()
	if x.ended {
		x.mu.Unlock()
		if write {
			panic(errEnded)
		}
		return nil, nil
	}
	return x, part(x, t)
}
