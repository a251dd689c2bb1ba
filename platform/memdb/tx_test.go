package memdb

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
)

// tables are two tables a transaction writes together.
type tables struct {
	a *Table[string, int]
	b *Table[int, string]
}

func newTables() tables {
	return tables{a: NewTable[string, int](cmp.Compare[string]), b: NewTable[int, string](cmp.Compare[int])}
}

// contents are the rows of both tables, read without a transaction.
func (ts tables) contents() string {
	ctx := context.Background()
	return fmt.Sprint(ts.a.List(ctx, nil, 100), ts.b.List(ctx, nil, 100))
}

// TestInTx checks that a transaction's writes to several tables, and its
// OnCommit, are stored together when it commits and not at all when it
// fails or panics, nested transactions joining the outer one.
func TestInTx(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name string
		// fn runs in the transaction; it writes a=1 (over a=0), b=1 and
		// deletes c, then does what the case does.
		fn        func(ctx context.Context, ts tables) error
		wantErr   error
		wantPanic bool
		want      string
		committed bool
	}{
		{
			name:      "commits",
			fn:        func(context.Context, tables) error { return nil },
			want:      "[1] [one]",
			committed: true,
		},
		{
			name:    "an error rolls back",
			fn:      func(context.Context, tables) error { return boom },
			wantErr: boom,
			want:    "[0 9] []",
		},
		{
			name:      "a panic rolls back",
			fn:        func(context.Context, tables) error { panic(boom) },
			wantPanic: true,
			want:      "[0 9] []",
		},
		{
			name: "a nested transaction joins: its writes commit with the outer",
			fn: func(ctx context.Context, ts tables) error {
				return InTx(ctx, func(ctx context.Context) error {
					ts.b.Put(ctx, 2, "two")
					return nil
				})
			},
			want:      "[1] [one two]",
			committed: true,
		},
		{
			name: "a nested transaction's error fails the outer whole",
			fn: func(ctx context.Context, ts tables) error {
				return InTx(ctx, func(ctx context.Context) error {
					ts.b.Put(ctx, 2, "two")
					return boom
				})
			},
			wantErr: boom,
			want:    "[0 9] []",
		},
		{
			name: "a failed Update stores nothing of its own",
			fn: func(ctx context.Context, ts tables) error {
				err := ts.b.Update(ctx, 1, func(string, bool) (string, error) { return "bad", boom })
				if !errors.Is(err, boom) {
					return fmt.Errorf("Update: %v", err)
				}
				return nil
			},
			want:      "[1] [one]",
			committed: true,
		},
		{
			name: "a row written outside after the transaction read it: conflict",
			fn: func(ctx context.Context, ts tables) error {
				ts.a.Put(context.Background(), "a", 5)
				return nil
			},
			wantErr: ErrConflict,
			want:    "[5 9] []",
		},
		{
			name: "a row added outside where the transaction found none: conflict",
			fn: func(ctx context.Context, ts tables) error {
				if _, ok := ts.b.Get(ctx, 3); ok {
					return errors.New("found b 3")
				}
				ts.b.Put(context.Background(), 3, "three")
				return nil
			},
			wantErr: ErrConflict,
			want:    "[0 9] [three]",
		},
		{
			name: "a row written outside that the transaction never read: no conflict",
			fn: func(ctx context.Context, ts tables) error {
				ts.b.Put(context.Background(), 3, "three")
				ts.a.Put(context.Background(), "z", 7)
				return nil
			},
			want:      "[1 7] [one three]",
			committed: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTables()
			bg := context.Background()
			ts.a.Put(bg, "a", 0)
			ts.a.Put(bg, "c", 9)
			committed := false
			var err error
			panicked := func() (panicked bool) {
				defer func() { panicked = recover() != nil }()
				err = InTx(bg, func(ctx context.Context) error {
					if !Joined(ctx) {
						t.Error("not joined in InTx")
					}
					if err := ts.a.Update(ctx, "a", func(v int, ok bool) (int, error) {
						if !ok || v != 0 {
							t.Errorf("Update saw %d, %v; want 0", v, ok)
						}
						return 1, nil
					}); err != nil {
						return err
					}
					ts.b.Put(ctx, 1, "one")
					ts.a.Delete(ctx, "c")
					if !OnCommit(ctx, func() { committed = true }) {
						t.Error("OnCommit in a transaction reports false")
					}
					// Read your writes; others do not see them.
					if v, ok := ts.a.Get(ctx, "a"); !ok || v != 1 {
						t.Errorf("Get a in the transaction = %d, %v; want 1", v, ok)
					}
					if _, ok := ts.a.Get(ctx, "c"); ok {
						t.Error("Get of a row the transaction deleted found it")
					}
					if got := ts.contents(); got != "[0 9] []" {
						t.Errorf("outside the transaction before it commits: %s", got)
					}
					return tt.fn(ctx, ts)
				})
				return false
			}()
			if panicked != tt.wantPanic {
				t.Errorf("panicked = %v, want %v", panicked, tt.wantPanic)
			}
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Errorf("InTx = %v, want %v", err, tt.wantErr)
			}
			if got := ts.contents(); got != tt.want {
				t.Errorf("after: %s, want %s", got, tt.want)
			}
			if committed != tt.committed {
				t.Errorf("OnCommit ran: %v, want %v", committed, tt.committed)
			}
		})
	}
}

// TestInTxList checks that List in a transaction sees its writes and
// deletions, in key order, with paging.
func TestInTxList(t *testing.T) {
	bg := context.Background()
	tab := NewTable[string, string](cmp.Compare[string])
	for _, k := range []string{"b", "d", "f"} {
		tab.Put(bg, k, k)
	}
	err := InTx(bg, func(ctx context.Context) error {
		tab.Put(ctx, "a", "a")
		tab.Put(ctx, "d", "D")
		tab.Delete(ctx, "f")
		tab.Put(ctx, "e", "e")
		tab.Delete(ctx, "z")
		for _, tt := range []struct {
			after string
			limit int
			want  []string
		}{
			{"", 10, []string{"a", "b", "D", "e"}},
			{"", 2, []string{"a", "b"}},
			{"b", 10, []string{"D", "e"}},
			{"d", 1, []string{"e"}},
			{"e", 10, []string{}},
		} {
			var after *string
			if tt.after != "" {
				after = &tt.after
			}
			if got := tab.List(ctx, after, tt.limit); !slices.Equal(got, tt.want) {
				t.Errorf("List(after %q, %d) = %v, want %v", tt.after, tt.limit, got, tt.want)
			}
		}
		if got := tab.List(bg, nil, 10); !slices.Equal(got, []string{"b", "d", "f"}) {
			t.Errorf("List outside = %v", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := tab.List(bg, nil, 10); !slices.Equal(got, []string{"a", "b", "D", "e"}) {
		t.Errorf("List after the commit = %v", got)
	}
}

// TestEndedTransaction checks that a transaction's context outlives it
// only for reads: a write panics, a new InTx starts a new transaction.
func TestEndedTransaction(t *testing.T) {
	bg := context.Background()
	tab := NewTable[string, int](cmp.Compare[string])
	var kept context.Context
	if err := InTx(bg, func(ctx context.Context) error {
		kept = ctx
		tab.Put(ctx, "a", 1)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if Joined(kept) {
		t.Error("an ended transaction is joined")
	}
	if v, ok := tab.Get(kept, "a"); !ok || v != 1 {
		t.Errorf("Get with an ended transaction's context = %d, %v", v, ok)
	}
	for name, write := range map[string]func(){
		"Put":      func() { tab.Put(kept, "b", 2) },
		"Delete":   func() { tab.Delete(kept, "a") },
		"Update":   func() { _ = tab.Update(kept, "a", func(int, bool) (int, error) { return 3, nil }) },
		"OnCommit": func() { OnCommit(kept, func() {}) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s with an ended transaction's context did not panic", name)
				}
			}()
			write()
		}()
	}
	if err := InTx(kept, func(ctx context.Context) error {
		tab.Put(ctx, "b", 2)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := tab.List(bg, nil, 10); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("rows %v, want [1 2]", got)
	}
	if OnCommit(bg, func() { t.Error("ran") }) {
		t.Error("OnCommit without a transaction reports true")
	}
}

// TestInTxConcurrent checks, with -race, that concurrent transactions
// moving amounts between accounts, and writes without one, lose no update:
// each transaction that fails with ErrConflict is run again.
func TestInTxConcurrent(t *testing.T) {
	bg := context.Background()
	accounts := NewTable[int, int](cmp.Compare[int])
	log := NewTable[int, string](cmp.Compare[int])
	const n, workers, moves = 4, 8, 200
	for i := range n {
		accounts.Put(bg, i, 100)
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	id, conflicts := 0, 0
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for m := range moves {
				from, to := (w+m)%n, (w+m+1)%n
				for {
					err := InTx(bg, func(ctx context.Context) error {
						take := func(k, d int) error {
							return accounts.Update(ctx, k, func(v int, ok bool) (int, error) { return v + d, nil })
						}
						if err := take(from, -1); err != nil {
							return err
						}
						mu.Lock()
						id++
						i := id
						mu.Unlock()
						log.Put(ctx, i, "moved")
						return take(to, 1)
					})
					if err == nil {
						break
					}
					if !errors.Is(err, ErrConflict) {
						t.Error(err)
						return
					}
					mu.Lock()
					conflicts++
					mu.Unlock()
				}
			}
		}()
	}
	// Writes without a transaction, each under the table's lock.
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range moves {
			_ = accounts.Update(bg, 0, func(v int, ok bool) (int, error) { return v + 1, nil })
			_ = accounts.Update(bg, 0, func(v int, ok bool) (int, error) { return v - 1, nil })
		}
	}()
	wg.Wait()
	sum := 0
	for _, v := range accounts.List(bg, nil, n) {
		sum += v
	}
	if sum != 100*n {
		t.Errorf("the accounts hold %d, want %d: an update was lost", sum, 100*n)
	}
	if got := len(log.List(bg, nil, workers*moves*2)); got != workers*moves {
		t.Errorf("%d moves logged, want %d (one per committed transaction)", got, workers*moves)
	}
	t.Logf("%d conflicts", conflicts)
}

// TestPeek checks that Peek sees the transaction's own writes and the
// table's rows, and that a row peeked and then written by another does not
// fail the commit, where the same row read with Get does.
func TestPeek(t *testing.T) {
	ctx := context.Background()
	for _, read := range []string{"Peek", "Get"} {
		t.Run(read, func(t *testing.T) {
			tb := NewTableSize[string, int](cmp.Compare[string], 4)
			tb.Put(ctx, "x", 1)
			err := InTx(ctx, func(ctx context.Context) error {
				tb.Put(ctx, "mine", 7)
				if v, ok := tb.Peek(ctx, "mine"); !ok || v != 7 {
					t.Errorf("Peek of the transaction's own write: %d, %v", v, ok)
				}
				var v int
				if read == "Peek" {
					v, _ = tb.Peek(ctx, "x")
				} else {
					v, _ = tb.Get(ctx, "x")
				}
				if v != 1 {
					t.Errorf("%s of x: %d, want 1", read, v)
				}
				tb.Put(context.Background(), "x", 2) // another writer
				return nil
			})
			if wantConflict := read == "Get"; errors.Is(err, ErrConflict) != wantConflict {
				t.Errorf("commit after x changed: %v, want a conflict: %v", err, wantConflict)
			}
		})
	}
}

// TestRecycledPart checks that a table's next transaction starts empty
// after one that committed, one that failed and one that conflicted.
func TestRecycledPart(t *testing.T) {
	ctx := context.Background()
	tb := NewTable[string, int](cmp.Compare[string])
	_ = InTx(ctx, func(ctx context.Context) error { tb.Put(ctx, "a", 1); return nil })
	_ = InTx(ctx, func(ctx context.Context) error { tb.Put(ctx, "b", 1); return errors.New("no") })
	_ = InTx(ctx, func(ctx context.Context) error {
		tb.Get(ctx, "a")
		tb.Put(ctx, "c", 1)
		tb.Put(context.Background(), "a", 2)
		return nil
	})
	err := InTx(ctx, func(ctx context.Context) error {
		if _, ok := tb.Get(ctx, "b"); ok {
			t.Error("a failed transaction's write shows in the next")
		}
		if _, ok := tb.Get(ctx, "c"); ok {
			t.Error("a conflicted transaction's write shows in the next")
		}
		return nil
	})
	if err != nil {
		t.Errorf("a transaction after a conflicted one: %v (its reads were kept?)", err)
	}
	if got := fmt.Sprint(tb.List(ctx, nil, 10)); got != "[2]" {
		t.Errorf("rows %s, want [2]", got)
	}
}

// TestLocal checks that a transaction keeps one value per key for its
// length, joined transactions sharing it, and that without a transaction
// each call makes a fresh one.
func TestLocal(t *testing.T) {
	type key struct{ name string }
	mk := func() map[string]int { return map[string]int{} }
	err := InTx(context.Background(), func(ctx context.Context) error {
		first, fresh := Local(ctx, key{"a"}, mk)
		if !fresh {
			t.Error("first use of a key is not fresh")
		}
		first["x"] = 1
		err := InTx(ctx, func(ctx context.Context) error {
			again, fresh := Local(ctx, key{"a"}, mk)
			if fresh || again["x"] != 1 {
				t.Errorf("joined transaction: fresh %v, value %v, want the outer one's", fresh, again)
			}
			return nil
		})
		if other, fresh := Local(ctx, key{"b"}, mk); !fresh || len(other) != 0 {
			t.Errorf("another key: fresh %v, value %v", fresh, other)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = InTx(context.Background(), func(ctx context.Context) error {
		if v, fresh := Local(ctx, key{"a"}, mk); !fresh || len(v) != 0 {
			t.Errorf("a new transaction sees fresh %v, value %v, want its own", fresh, v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, fresh := Local(context.Background(), key{"a"}, mk); !fresh {
		t.Error("without a transaction the value is not fresh")
	}
}
