package memdb

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"testing"
)

// TestTable checks Get, Put, Delete, Update and List in key order with
// paging.
func TestTable(t *testing.T) {
	ctx := context.Background()
	tab := NewTable[string, int](cmp.Compare[string])
	for i, k := range []string{"c", "a", "d", "b"} {
		tab.Put(ctx, k, i)
	}
	if v, ok := tab.Get(ctx, "d"); !ok || v != 2 {
		t.Errorf("Get d = %d, %v", v, ok)
	}
	if _, ok := tab.Get(ctx, "z"); ok {
		t.Error("Get of a missing key found a row")
	}
	if got := tab.List(ctx, nil, 10); !slices.Equal(got, []int{1, 3, 0, 2}) {
		t.Errorf("List = %v, want rows in key order a b c d", got)
	}
	after := "b"
	if got := tab.List(ctx, &after, 1); !slices.Equal(got, []int{0}) {
		t.Errorf("List after b, 1 = %v, want [0] (c)", got)
	}
	if got := tab.List(ctx, nil, 0); len(got) != 0 || got == nil {
		t.Errorf("List with limit 0 = %#v, want an empty list", got)
	}
	tab.Delete(ctx, "a")
	if got := tab.List(ctx, nil, 10); !slices.Equal(got, []int{3, 0, 2}) {
		t.Errorf("after Delete a: %v", got)
	}
	boom := errors.New("boom")
	if err := tab.Update(ctx, "c", func(v int, ok bool) (int, error) { return 99, boom }); err != boom {
		t.Errorf("Update error = %v", err)
	}
	if v, _ := tab.Get(ctx, "c"); v != 0 {
		t.Errorf("a failed Update changed the row to %d", v)
	}
	if err := tab.Update(ctx, "e", func(v int, ok bool) (int, error) {
		if ok {
			t.Error("Update of a missing key says it exists")
		}
		return 7, nil
	}); err != nil {
		t.Fatal(err)
	}
	if v, ok := tab.Get(ctx, "e"); !ok || v != 7 {
		t.Errorf("after Update e: %d, %v", v, ok)
	}
}
