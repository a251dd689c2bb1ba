// Package memdb keeps a service's rows in memory, for running it alone with
// no infrastructure: tables of rows by key, listed in key order as the SQL
// adapters list them. Nothing survives a restart.
package memdb

import (
	"context"
	"slices"
	"sync"
)

// Table keeps rows of type R by key K.
type Table[K comparable, R any] struct {
	mu      sync.Mutex
	rows    map[K]R
	compare func(a, b K) int
}

// NewTable returns an empty table whose rows are listed in the order
// compare gives their keys (bytewise, as the SQL adapters order them);
// compare may be nil for a table that is never listed.
func NewTable[K comparable, R any](compare func(a, b K) int) *Table[K, R] {
	return &Table[K, R]{rows: map[K]R{}, compare: compare}
}

// Get returns the row with the key, and whether there is one.
func (t *Table[K, R]) Get(_ context.Context, key K) (R, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	row, ok := t.rows[key]
	return row, ok
}

// List returns up to limit rows in key order, after the key if it is not
// nil.
func (t *Table[K, R]) List(_ context.Context, after *K, limit int) []R {
	t.mu.Lock()
	defer t.mu.Unlock()
	keys := make([]K, 0, len(t.rows))
	for k := range t.rows {
		if after == nil || t.compare(k, *after) > 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, t.compare)
	keys = keys[:min(max(limit, 0), len(keys))]
	rows := make([]R, 0, len(keys))
	for _, k := range keys {
		rows = append(rows, t.rows[k])
	}
	return rows
}

// Put stores the row under the key, replacing the row there.
func (t *Table[K, R]) Put(_ context.Context, key K, row R) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rows[key] = row
}

// Delete removes the row with the key, if there is one.
func (t *Table[K, R]) Delete(_ context.Context, key K) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.rows, key)
}

// Update runs fn on the row with the key (the zero row and false when
// there is none) and stores the row it returns, unless it returns an
// error, all under the table's lock: so a check of the row and its change
// happen at once.
func (t *Table[K, R]) Update(_ context.Context, key K, fn func(row R, ok bool) (R, error)) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	row, ok := t.rows[key]
	row, err := fn(row, ok)
	if err != nil {
		return err
	}
	t.rows[key] = row
	return nil
}
