package outbox

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"eventstorm/platform/memdb"
)

// pendingIDs are the ids of the messages the outbox holds, in order.
func (o *Memory) pendingIDs() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	var ids []string
	for _, m := range o.pending {
		ids = append(ids, m.ID)
	}
	return ids
}

// TestMemoryAddTx checks that messages added with a memory transaction's
// context are stored when it commits, with its rows, in the order they
// were added, and dropped when it fails; without one they are added at
// once.
func TestMemoryAddTx(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name string
		// fail is the transaction's error.
		fail error
		// joined adds the second messages in a nested InTx.
		joined bool
		want   []string
		row    bool
	}{
		{name: "committed", want: idsOf(events(0, 5)), row: true},
		{name: "committed, nested", joined: true, want: idsOf(events(0, 5)), row: true},
		{name: "rolled back", fail: boom},
		{name: "rolled back, nested", joined: true, fail: boom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := NewMemory()
			states := memdb.NewTable[string, int](cmp.Compare[string])
			bg := context.Background()
			err := memdb.InTx(bg, func(ctx context.Context) error {
				states.Put(ctx, "order-1", 1)
				o.AddTx(ctx, events(0, 2)...)
				o.AddTx(ctx)
				second := func(ctx context.Context) error {
					o.AddTx(ctx, events(2, 5)...)
					return nil
				}
				if tt.joined {
					if err := memdb.InTx(ctx, second); err != nil {
						return err
					}
				} else if err := second(ctx); err != nil {
					return err
				}
				if o.Pending() != 0 {
					t.Errorf("%d messages pending before the commit", o.Pending())
				}
				select {
				case <-o.ready:
					t.Error("the relay was woken before the commit")
				default:
				}
				return tt.fail
			})
			if !errors.Is(err, tt.fail) {
				t.Fatalf("InTx = %v, want %v", err, tt.fail)
			}
			if got := o.pendingIDs(); !slices.Equal(got, tt.want) {
				t.Errorf("pending %v, want %v", got, tt.want)
			}
			if _, ok := states.Get(bg, "order-1"); ok != tt.row {
				t.Errorf("the row was stored: %v, want %v", ok, tt.row)
			}
			if len(tt.want) > 0 {
				select {
				case <-o.ready:
				default:
					t.Error("the relay was not woken by the commit")
				}
			}
		})
	}
	t.Run("without a transaction", func(t *testing.T) {
		o := NewMemory()
		o.AddTx(context.Background(), events(0, 2)...)
		if got, want := o.pendingIDs(), idsOf(events(0, 2)); !slices.Equal(got, want) {
			t.Errorf("pending %v, want %v", got, want)
		}
	})
}

// TestMemoryAddTxConcurrent checks, with -race, that concurrent
// transactions each saving a version of an aggregate with its message, some
// failing, some conflicting, leave the outbox with the messages of the
// versions stored, in version order.
func TestMemoryAddTxConcurrent(t *testing.T) {
	o := NewMemory()
	versions := memdb.NewTable[string, int](cmp.Compare[string])
	bg := context.Background()
	boom := errors.New("boom")
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				err := memdb.InTx(bg, func(ctx context.Context) error {
					err := versions.Update(ctx, "order-1", func(v int, _ bool) (int, error) {
						o.AddTx(ctx, event(v+1))
						return v + 1, nil
					})
					if err != nil {
						return err
					}
					if (w+i)%5 == 0 {
						return boom
					}
					return nil
				})
				if err != nil && !errors.Is(err, boom) && !errors.Is(err, memdb.ErrConflict) {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	v, _ := versions.Get(bg, "order-1")
	if got, want := o.pendingIDs(), idsOf(events(1, v+1)); !slices.Equal(got, want) {
		t.Errorf("pending %v, want the messages of versions 1 to %d, in order", got, v)
	}
}
