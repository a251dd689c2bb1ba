package adaptertest

import (
	"context"
	"errors"
	"testing"

	"eventstorm/platform/fault"
)

// Store is a read model's store: rows of type R with keys of type K.
type Store[K, R any] interface {
	Get(ctx context.Context, key K) (R, error)
	List(ctx context.Context, after *K, limit int) ([]R, error)
	Put(ctx context.Context, row R) error
	Delete(ctx context.Context, key K) error
}

// StoreContract is what the contract of a read model's stores needs to
// know of the read model.
type StoreContract[K, R any] struct {
	// Store is the store under test.
	Store Store[K, R]
	// Keys are two or three keys, in the order the stores list them.
	Keys []K
	// Empty is a row with the key and no other field set; Full one with
	// every field set.
	Empty, Full func(key K) R
	// Key is a row's key.
	Key func(row R) K
}

// Check checks that the store keeps rows alike: a missing row is
// fault.ErrNotFound; rows put, replaced, read back with every field as
// written, listed in key order a page at a time, and deleted.
func (c StoreContract[K, R]) Check(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	if _, err := c.Store.Get(ctx, c.Keys[0]); !errors.Is(err, fault.ErrNotFound) {
		t.Fatalf("Get of a missing row: %v, want domain.ErrNotFound", err)
	}
	// Put in reverse order: listing sorts by key.
	for i := len(c.Keys) - 1; i >= 0; i-- {
		if err := c.Store.Put(ctx, c.Empty(c.Keys[i])); err != nil {
			t.Fatal(err)
		}
	}
	// Every field set: each column must read back as written.
	changed := c.Full(c.Keys[0])
	if err := c.Store.Put(ctx, changed); err != nil {
		t.Fatal(err)
	}
	got, err := c.Store.Get(ctx, c.Keys[0])
	if err != nil {
		t.Fatal(err)
	}
	SameJSON(t, got, changed)
	c.checkPages(t)
	if err := c.Store.Delete(ctx, c.Keys[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Store.Get(ctx, c.Keys[0]); !errors.Is(err, fault.ErrNotFound) {
		t.Errorf("Get of a deleted row: %v, want domain.ErrNotFound", err)
	}
}

// checkPages lists the rows a page short of all, then the rest after the
// first page's last key: every key once, in order.
func (c StoreContract[K, R]) checkPages(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	size := max(1, len(c.Keys)-1)
	page, err := c.Store.List(ctx, nil, size)
	if err != nil {
		t.Fatal(err)
	}
	if len(page) != size {
		t.Fatalf("first page: %v, want %d rows", page, size)
	}
	last := c.Key(page[len(page)-1])
	rest, err := c.Store.List(ctx, &last, 10)
	if err != nil {
		t.Fatal(err)
	}
	all := append(page, rest...)
	if len(all) != len(c.Keys) {
		t.Fatalf("pages of %d and %d rows, want %d in all", len(page), len(rest), len(c.Keys))
	}
	for i, row := range all {
		SameJSON(t, c.Key(row), c.Keys[i])
	}
}
