package adaptertest_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"eventstorm/platform/adaptertest"
	"eventstorm/platform/database"
	"eventstorm/platform/fault"
	"eventstorm/platform/internal/dbtest"
	"eventstorm/platform/internal/tbspy"
	"eventstorm/platform/memdb"
	"eventstorm/platform/message"
	"eventstorm/platform/outbox"
)

// thing is an aggregate's state; note its event.
type thing struct {
	ID      int
	Version int64
	Notes   []string
}

type note struct{ ID string }

// things is a repository of things on an outbox; fault says what it does
// wrong.
type things struct {
	mu    sync.Mutex
	saved map[int]thing
	out   *outbox.Memory
	fault string
}

func (r *things) Load(_ context.Context, id int) (*thing, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.saved[id]
	if !ok {
		return nil, fault.ErrNotFound
	}
	s.Notes = slices.Clone(s.Notes)
	return &s, nil
}

func (r *things) Save(_ context.Context, s *thing, expected int64, events []note) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if stored := r.saved[s.ID]; stored.Version != expected && r.fault != "no-conflicts" {
		return fault.ErrConflict
	}
	r.saved[s.ID] = thing{ID: s.ID, Version: s.Version, Notes: slices.Clone(s.Notes)}
	for _, e := range events {
		r.out.Add(message.Message{ID: e.ID, Key: fmt.Sprint(s.ID)})
		if r.fault == "duplicates" {
			r.out.Add(message.Message{ID: e.ID, Key: fmt.Sprint(s.ID)})
		}
	}
	return nil
}

func thingContract(r *things) adaptertest.RepositoryContract[int, thing, note] {
	n := 0
	return adaptertest.RepositoryContract[int, thing, note]{
		Name:    "Thing",
		Repo:    r,
		NewID:   func() int { return 7 },
		New:     func(id int) *thing { return &thing{ID: id} },
		Version: func(s *thing) *int64 { return &s.Version },
		Record: func(s *thing) (note, string) {
			n++
			e := note{ID: fmt.Sprintf("e%d", n)}
			s.Version++
			s.Notes = append(s.Notes, e.ID)
			return e, e.ID
		},
		Relay: r.out,
		Key:   func(id int) string { return fmt.Sprint(id) },
	}
}

func TestRepositoryContract(t *testing.T) {
	tests := []struct{ fault, want string }{
		{"", ""},
		{"no-conflicts", "Save with a stale version: <nil>, want domain.ErrConflict"},
		{"duplicates", "relayed [e1 e1 e2 e2 e3 e3], want [e1 e2 e3]"},
	}
	for _, tt := range tests {
		t.Run("fault "+tt.fault, func(t *testing.T) {
			r := &things{saved: map[int]thing{}, out: outbox.NewMemory(), fault: tt.fault}
			tbspy.Want(t, tt.want, func(tb testing.TB) { thingContract(r).Check(tb, nil) })
		})
	}
}

// board is a read model's store on a memdb table; fault says what it
// does wrong.
type board struct {
	rows  *memdb.Table[string, row]
	fault string
}

type row struct{ Key, Text string }

func (b *board) Get(ctx context.Context, key string) (row, error) {
	r, ok := b.rows.Get(ctx, key)
	if !ok {
		return row{}, fault.ErrNotFound
	}
	if b.fault == "loses-text" {
		r.Text = ""
	}
	return r, nil
}

func (b *board) List(ctx context.Context, after *string, limit int) ([]row, error) {
	rows := b.rows.List(ctx, after, limit)
	if b.fault == "unsorted" {
		slices.Reverse(rows)
	}
	return rows, nil
}

func (b *board) Put(ctx context.Context, r row) error {
	b.rows.Put(ctx, r.Key, r)
	return nil
}

func (b *board) Delete(ctx context.Context, key string) error {
	if b.fault != "keeps-deleted" {
		b.rows.Delete(ctx, key)
	}
	return nil
}

func TestStoreContract(t *testing.T) {
	tests := []struct{ fault, want string }{
		{"", ""},
		{"loses-text", `"Text":""`},
		{"unsorted", "pages of 2 and 2 rows, want 3 in all"},
		{"keeps-deleted", "Get of a deleted row: <nil>, want domain.ErrNotFound"},
	}
	for _, tt := range tests {
		t.Run("fault "+tt.fault, func(t *testing.T) {
			c := adaptertest.StoreContract[string, row]{
				Store: &board{rows: memdb.NewTable[string, row](cmp.Compare[string]), fault: tt.fault},
				Keys:  []string{"k1", "k2", "k3"},
				Empty: func(key string) row { return row{Key: key} },
				Full:  func(key string) row { return row{Key: key, Text: "text"} },
				Key:   func(r row) string { return r.Key },
			}
			tbspy.Want(t, tt.want, c.Check)
		})
	}
}

func TestDatabase(t *testing.T) {
	for _, s := range dbtest.Servers {
		t.Run(s.Name, func(t *testing.T) {
			server := dbtest.Server(t, s.Env, s.Default)
			var name string
			t.Run("created", func(t *testing.T) {
				db := adaptertest.Database(t, server, database.Schema{Lock: "adaptertest"})
				if err := db.Conn(context.Background()).QueryRowContext(context.Background(), "SELECT "+currentDatabase(db)).Scan(&name); err != nil {
					t.Fatal(err)
				}
			})
			admin, err := database.Open(context.Background(), server)
			if err != nil {
				t.Fatal(err)
			}
			defer admin.Close()
			if name == "" {
				t.Fatal("no database was created")
			}
			var n int
			q := "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '" + name + "'"
			if admin.Dialect() == database.Postgres {
				q = "SELECT COUNT(*) FROM pg_database WHERE datname = '" + name + "'"
			}
			if err := admin.Conn(context.Background()).QueryRowContext(context.Background(), q).Scan(&n); err != nil || n != 0 {
				t.Errorf("the test database %s is still there (%d, %v)", name, n, err)
			}
		})
	}
}

// currentDatabase is the SQL function naming the database of db.
func currentDatabase(db *database.DB) string {
	if db.Dialect() == database.Postgres {
		return "current_database()"
	}
	return "DATABASE()"
}
