package inbox

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"eventstorm/platform/database"
	"eventstorm/platform/internal/sqltest"
	"eventstorm/platform/memdb"
)

var (
	_ Inbox = (*Memory)(nil)
	_ Inbox = (*SQL)(nil)
)

// errBoom is the handlers' failure.
var errBoom = errors.New("boom")

// subject is an inbox under test, with a way to see the effects its
// handlers stored.
type subject struct {
	in Inbox
	// effect stores an event's effect with the connection of ctx.
	effect func(ctx context.Context, id string) error
	// effects are the effects stored, sorted.
	effects func(t *testing.T) []string
	// recorded are the ids recorded, sorted.
	recorded func(t *testing.T) []string
}

// memorySubject is the in-memory inbox, its effects in an in-memory table,
// written in the inbox's transaction as a service's read models are.
func memorySubject() subject {
	in := NewMemory()
	stored := memdb.NewTable[int, string](cmp.Compare[int])
	var mu sync.Mutex
	n := 0
	all := func(ids map[string]struct{}) []string { return slices.Collect(maps.Keys(ids)) }
	return subject{
		in: in,
		effect: func(ctx context.Context, id string) error {
			mu.Lock()
			n++
			k := n
			mu.Unlock()
			stored.Put(ctx, k, id)
			return nil
		},
		effects: func(*testing.T) []string {
			return slices.Sorted(slices.Values(stored.List(context.Background(), nil, 1<<20)))
		},
		recorded: func(*testing.T) []string {
			in.mu.Lock()
			defer in.mu.Unlock()
			return slices.Sorted(slices.Values(append(all(in.ids), all(in.old)...)))
		},
	}
}

// sqlSubject is the SQL inbox in the database at rawURL, emptied, its
// effects in a table of the test's own.
func sqlSubject(t *testing.T, rawURL string) (subject, *database.DB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db, err := database.Open(ctx, rawURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	effects := database.Table{
		Name: "test_effects",
		Create: [2]string{
			database.Postgres: "CREATE TABLE IF NOT EXISTS test_effects (id VARCHAR(64) NOT NULL)",
			database.MySQL:    "CREATE TABLE IF NOT EXISTS test_effects (id VARCHAR(64) NOT NULL)",
		},
	}
	if err := db.Migrate(ctx, database.Schema{Lock: "inbox-test", Tables: append(slices.Clone(Tables), effects)}); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"eventstorm_inbox", "test_effects"} {
		if _, err := db.Conn(ctx).ExecContext(ctx, "DELETE FROM "+table); err != nil {
			t.Fatal(err)
		}
	}
	list := func(t *testing.T, query string) []string {
		t.Helper()
		ctx := context.Background()
		ids, err := database.QueryRows(ctx, db.Conn(ctx), func(s database.Scanner) (string, error) {
			var id string
			return id, s.Scan(&id)
		}, query)
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	insert := "INSERT INTO test_effects (id) VALUES (" + db.Dialect().Param(1) + ")"
	return subject{
		in: NewSQL(db),
		effect: func(ctx context.Context, id string) error {
			_, err := db.Conn(ctx).ExecContext(ctx, insert, id)
			return err
		},
		effects:  func(t *testing.T) []string { return list(t, "SELECT id FROM test_effects ORDER BY id") },
		recorded: func(t *testing.T) []string { return list(t, "SELECT event_id FROM eventstorm_inbox ORDER BY event_id") },
	}, db
}

// TestInbox runs the tests of the inboxes: in memory, and in SQL on each
// server, in one database per server emptied before each test.
func TestInbox(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		test func(t *testing.T, s subject)
	}{
		{"Handle", testHandle},
		{"concurrent Handle", testHandleConcurrently},
		{"Batch", testBatch},
	}
	t.Run("memory", func(t *testing.T) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) { tt.test(t, memorySubject()) })
		}
		t.Run("Handle joins", testMemoryHandleJoins)
		t.Run("a panic stores nothing", testMemoryPanic)
	})
	sqltest.Each(t, func(t *testing.T, _ sqltest.Server, rawURL string) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s, _ := sqlSubject(t, rawURL)
				tt.test(t, s)
			})
		}
		t.Run("Handle joins", func(t *testing.T) { testSQLHandleJoins(t, rawURL) })
	})
}

// testHandle checks that Handle runs the handling of an id once: it
// reports true the first time, false without running anything for a
// redelivery, and after a failure records nothing, the effect undone, so
// the id runs again.
func testHandle(t *testing.T, s subject) {
	ctx := context.Background()
	runs := map[string]int{}
	handler := func(id string, fail bool) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			runs[id]++
			if err := s.effect(ctx, id); err != nil {
				return err
			}
			if fail {
				return fmt.Errorf("handling %s: %w", id, errBoom)
			}
			return nil
		}
	}
	steps := []struct {
		id      string
		fail    bool
		handled bool
		err     error
		runs    int // of the id, in all
	}{
		{"a", false, true, nil, 1},
		{"a", false, false, nil, 1},
		{"b", false, true, nil, 1},
		{"a", true, false, nil, 1}, // recorded: a failing handler does not even run
		{"c", true, false, errBoom, 1},
		{"c", true, false, errBoom, 2},
		{"c", false, true, nil, 3},
		{"c", false, false, nil, 3},
	}
	for i, st := range steps {
		handled, err := s.in.Handle(ctx, st.id, handler(st.id, st.fail))
		if handled != st.handled || !errors.Is(err, st.err) || (st.err == nil && err != nil) {
			t.Errorf("step %d: Handle(%q) = %v, %v, want %v, %v", i, st.id, handled, err, st.handled, st.err)
		}
		if runs[st.id] != st.runs {
			t.Errorf("step %d: %q ran %d times, want %d", i, st.id, runs[st.id], st.runs)
		}
	}
	wantEffects := []string{"a", "b", "c"}
	if got := s.recorded(t); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("recorded %q, want the ids handled", got)
	}
	if got := s.effects(t); !slices.Equal(got, wantEffects) {
		t.Errorf("effects %q, want %q", got, wantEffects)
	}
}

// testHandleConcurrently delivers the same id from several goroutines at
// once: its handling runs once. When the first handling fails, a
// redelivery waiting for it runs.
func testHandleConcurrently(t *testing.T, s subject) {
	ctx := context.Background()
	for _, tc := range []struct {
		id        string
		failFirst bool
		wantRuns  int32
	}{
		{"same", false, 1},
		{"first fails", true, 2},
	} {
		var runs atomic.Int32
		var handled atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				ok, err := s.in.Handle(ctx, tc.id, func(ctx context.Context) error {
					n := runs.Add(1)
					if err := s.effect(ctx, tc.id); err != nil {
						return err
					}
					time.Sleep(50 * time.Millisecond) // the other delivery arrives meanwhile
					if tc.failFirst && n == 1 {
						return errBoom
					}
					return nil
				})
				if ok {
					handled.Add(1)
				}
				if err != nil && !errors.Is(err, errBoom) {
					t.Error(err)
				}
			}()
		}
		close(start)
		wg.Wait()
		if runs.Load() != tc.wantRuns || handled.Load() != 1 {
			t.Errorf("%s: ran %d times, %d handled, want %d and 1", tc.id, runs.Load(), handled.Load(), tc.wantRuns)
		}
	}
	if rec, want := s.recorded(t), []string{"first fails", "same"}; !slices.Equal(rec, want) {
		t.Errorf("recorded %q, want %q", rec, want)
	}
	if got, want := s.effects(t), []string{"first fails", "same"}; !slices.Equal(got, want) {
		t.Errorf("effects %q, want %q: the failed run's undone", got, want)
	}
}

// testBatch checks Batch: the effects and ids of the events it handles are
// stored together when it succeeds; nothing of a failed batch is stored,
// so its events run again.
func testBatch(t *testing.T, s subject) {
	ctx := context.Background()
	handleAll := func(ids ...string) func(ctx context.Context) error {
		before := len(s.effects(t))
		return func(ctx context.Context) error {
			for _, id := range ids {
				if _, err := s.in.Handle(ctx, id, func(ctx context.Context) error {
					if n := len(s.effects(t)); n != before {
						t.Errorf("%d effects visible outside the batch before it commits, want %d", n, before)
					}
					return s.effect(ctx, id)
				}); err != nil {
					return err
				}
			}
			return nil
		}
	}
	if err := s.in.Batch(ctx, handleAll("b1", "b2", "b3")); err != nil {
		t.Fatal(err)
	}
	if got := s.effects(t); !slices.Equal(got, []string{"b1", "b2", "b3"}) {
		t.Errorf("effects %q after a batch", got)
	}
	if !slices.Equal(s.recorded(t), []string{"b1", "b2", "b3"}) {
		t.Errorf("recorded %q after a batch", s.recorded(t))
	}

	// A failing batch: x is new, b1 a redelivery, then a handler fails.
	failing := func(ctx context.Context) error {
		if err := handleAll("x")(ctx); err != nil {
			return err
		}
		handled, err := s.in.Handle(ctx, "b1", func(context.Context) error {
			t.Error("b1 ran again in a batch")
			return nil
		})
		if handled || err != nil {
			t.Errorf("Handle of b1 again in a batch = %v, %v", handled, err)
		}
		_, err = s.in.Handle(ctx, "y", func(ctx context.Context) error {
			if err := s.effect(ctx, "y"); err != nil {
				return err
			}
			return errBoom
		})
		return err
	}
	if err := s.in.Batch(ctx, failing); !errors.Is(err, errBoom) {
		t.Fatalf("failing Batch = %v, want %v", err, errBoom)
	}
	ran := 0
	again := func(id string) {
		handled, err := s.in.Handle(ctx, id, func(ctx context.Context) error { ran++; return s.effect(ctx, id) })
		if err != nil {
			t.Fatal(err)
		}
		if !handled {
			t.Errorf("%s after the failed batch: not handled", id)
		}
	}
	again("x")
	again("y")
	if got, want := s.effects(t), []string{"b1", "b2", "b3", "x", "y"}; !slices.Equal(got, want) {
		t.Errorf("effects %q, want %q: the failed batch stored nothing", got, want)
	}
	if got, want := s.recorded(t), []string{"b1", "b2", "b3", "x", "y"}; !slices.Equal(got, want) {
		t.Errorf("recorded %q, want %q", got, want)
	}
}

// testSQLHandleJoins checks that Handle in a transaction of the caller's
// records its id in it: rolled back with it, committed with it.
func testSQLHandleJoins(t *testing.T, rawURL string) {
	s, db := sqlSubject(t, rawURL)
	ctx := context.Background()
	err := db.InTx(ctx, func(ctx context.Context) error {
		if ok, err := s.in.Handle(ctx, "j1", func(ctx context.Context) error { return s.effect(ctx, "j1") }); !ok || err != nil {
			t.Errorf("Handle in a transaction = %v, %v", ok, err)
		}
		return errBoom
	})
	if !errors.Is(err, errBoom) {
		t.Fatal(err)
	}
	if len(s.recorded(t)) != 0 || len(s.effects(t)) != 0 {
		t.Errorf("recorded %q, effects %q after the caller's rollback", s.recorded(t), s.effects(t))
	}
	if ok, err := s.in.Handle(ctx, "j1", func(ctx context.Context) error { return s.effect(ctx, "j1") }); !ok || err != nil {
		t.Errorf("Handle after the rollback = %v, %v, want it to run", ok, err)
	}
}

// testMemoryHandleJoins checks that Handle in a memory transaction of the
// caller's records its id in it: rolled back with it, committed with it.
func testMemoryHandleJoins(t *testing.T) {
	s := memorySubject()
	ctx := context.Background()
	for _, fail := range []bool{true, false} {
		err := memdb.InTx(ctx, func(ctx context.Context) error {
			if ok, err := s.in.Handle(ctx, "j1", func(ctx context.Context) error { return s.effect(ctx, "j1") }); !ok || err != nil {
				t.Errorf("Handle in a transaction = %v, %v", ok, err)
			}
			if ok, err := s.in.Handle(ctx, "j1", func(ctx context.Context) error { return s.effect(ctx, "j1") }); ok || err != nil {
				t.Errorf("Handle of the same id again in the transaction = %v, %v, want it skipped", ok, err)
			}
			if fail {
				return errBoom
			}
			return nil
		})
		if fail != errors.Is(err, errBoom) {
			t.Fatal(err)
		}
		want := []string{"j1"}
		if fail {
			want = nil
		}
		if !slices.Equal(s.recorded(t), want) || !slices.Equal(s.effects(t), want) {
			t.Errorf("recorded %q, effects %q after the caller's transaction (failed: %v)", s.recorded(t), s.effects(t), fail)
		}
	}
}

// testMemoryPanic checks that a handler's panic stores neither its effect
// nor its id, and leaves the inbox usable.
func testMemoryPanic(t *testing.T) {
	s := memorySubject()
	ctx := context.Background()
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the handler's panic was swallowed")
			}
		}()
		s.in.Handle(ctx, "p", func(ctx context.Context) error {
			if err := s.effect(ctx, "p"); err != nil {
				return err
			}
			panic(errBoom)
		})
	}()
	if len(s.recorded(t)) != 0 || len(s.effects(t)) != 0 {
		t.Errorf("recorded %q, effects %q after a panic", s.recorded(t), s.effects(t))
	}
	if ok, err := s.in.Handle(ctx, "p", func(ctx context.Context) error { return s.effect(ctx, "p") }); !ok || err != nil {
		t.Errorf("Handle after the panic = %v, %v, want it to run", ok, err)
	}
}

// TestSQLClientFoundRows opens MySQL with clientFoundRows=true, which
// counts a duplicate id's row as affected: the inbox still skips a
// redelivery.
func TestSQLClientFoundRows(t *testing.T) {
	t.Parallel()
	u, err := url.Parse(sqltest.Servers[1].NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("clientFoundRows", "true")
	u.RawQuery = q.Encode()
	s, _ := sqlSubject(t, u.String())
	ctx := context.Background()
	for i, want := range []bool{true, false} {
		ok, err := s.in.Handle(ctx, "e", func(ctx context.Context) error { return s.effect(ctx, "e") })
		if ok != want || err != nil {
			t.Errorf("delivery %d: Handle = %v, %v, want %v", i+1, ok, err, want)
		}
	}
}

// TestMemoryForgets checks the in-memory inbox's bound: an id is
// remembered for at least a generation of later ids and forgotten after
// two, and neither generation grows past its size.
func TestMemoryForgets(t *testing.T) {
	t.Parallel()
	in := NewMemory()
	ctx := context.Background()
	nop := func(context.Context) error { return nil }
	handle := func(id string) bool {
		ok, err := in.Handle(ctx, id, nop)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	handle("first")
	for i := range generation {
		handle(fmt.Sprint(i))
	}
	if handle("first") {
		t.Error("forgotten after one generation of later ids")
	}
	for i := generation; i < 2*generation; i++ {
		handle(fmt.Sprint(i))
	}
	if n, old := len(in.ids), len(in.old); n > generation || old > generation {
		t.Errorf("generations of %d and %d ids, want at most %d", n, old, generation)
	}
	if !handle("first") {
		t.Error("still remembered after two generations of later ids")
	}
	if handle(fmt.Sprint(2*generation - 1)) {
		t.Error("the latest id is forgotten")
	}
}
