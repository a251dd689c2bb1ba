package eventstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"eventstorm/platform/database"
	"eventstorm/platform/eventstore"
	"eventstorm/platform/internal/dbtest"
)

// store is what SQL and Memory share.
type store interface {
	Load(ctx context.Context, id string) (eventstore.Stream, error)
	Append(ctx context.Context, id string, expected int64, records []eventstore.Record, state any, after eventstore.After) error
}

// each runs test against Memory and SQL on each database server, with the
// options o.
func each(t *testing.T, o eventstore.Options, test func(t *testing.T, s store, reopen func(o eventstore.Options) store)) {
	t.Run("memory", func(t *testing.T) {
		m := eventstore.NewMemory(o)
		test(t, m, func(eventstore.Options) store { return m })
	})
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		if err := db.Migrate(context.Background(), database.Schema{Lock: "test", Tables: eventstore.Tables(o.Name)}); err != nil {
			t.Fatal(err)
		}
		test(t, eventstore.NewSQL(db, o), func(o eventstore.Options) store { return eventstore.NewSQL(db, o) })
	})
}

// counter is the state of the tests' aggregate: a sum of added numbers.
type counter struct {
	Total   int
	Version int64
}

// records are n events adding 1, 2, … after version from.
func records(from int64, n int) []eventstore.Record {
	var out []eventstore.Record
	at := time.Date(2026, 12, 5, 10, 0, 0, 123000, time.UTC)
	for i := range n {
		v := from + int64(i) + 1
		out = append(out, eventstore.Record{Version: v, Type: "added", EventVersion: 1, Data: []byte(strconv.FormatInt(v, 10)), OccurredAt: at.Add(time.Duration(v) * time.Second)})
	}
	return out
}

// rebuild loads the stream id and rebuilds its counter.
func rebuild(t *testing.T, s store, id string) (counter, eventstore.Stream) {
	t.Helper()
	st, err := s.Load(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var c counter
	decode := func(r eventstore.Record) (eventstore.Record, error) { return r, nil }
	apply := func(r eventstore.Record) {
		n, _ := strconv.Atoi(string(r.Data))
		c.Total += n
		c.Version = r.Version
	}
	if err := eventstore.Rebuild(st, &c, decode, apply); err != nil {
		t.Fatal(err)
	}
	return c, st
}

func noop(context.Context) error { return nil }

func TestAppendAndLoad(t *testing.T) {
	each(t, eventstore.Options{Name: "counter"}, func(t *testing.T, s store, _ func(eventstore.Options) store) {
		ctx := context.Background()
		if st, err := s.Load(ctx, "a"); err != nil || !st.Empty() || st.Version() != 0 {
			t.Fatalf("Load of a new stream = %+v, %v; want empty", st, err)
		}
		want := records(0, 3)
		ran := 0
		if err := s.Append(ctx, "a", 0, want, nil, func(context.Context) error { ran++; return nil }); err != nil || ran != 1 {
			t.Fatalf("Append = %v, after ran %d times", err, ran)
		}
		if err := s.Append(ctx, "b", 0, records(0, 1), nil, noop); err != nil {
			t.Fatal(err)
		}
		st, err := s.Load(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		if st.Version() != 3 || st.Snapshot != nil || len(st.Records) != 3 {
			t.Fatalf("loaded %+v, want 3 records", st)
		}
		for i, r := range st.Records {
			if w := want[i]; r.Version != w.Version || r.Type != w.Type || r.EventVersion != w.EventVersion || string(r.Data) != string(w.Data) || !r.OccurredAt.Equal(w.OccurredAt) {
				t.Errorf("record %d = %+v, want %+v", i, r, w)
			}
		}
		if c, _ := rebuild(t, s, "a"); c != (counter{Total: 6, Version: 3}) {
			t.Errorf("rebuilt %+v, want a total of 6 at version 3", c)
		}
	})
}

func TestAppendConflicts(t *testing.T) {
	failed := errors.New("outbox down")
	cases := []struct {
		name     string
		expected int64
		records  []eventstore.Record
		after    eventstore.After
		want     error
	}{
		{"stale", 1, records(1, 1), noop, eventstore.ErrConflict},
		{"new stream whose id is taken", 0, records(0, 1), noop, eventstore.ErrConflict},
		{"ahead of the stream", 5, records(5, 1), noop, eventstore.ErrConflict},
		{"stale without events", 1, nil, noop, eventstore.ErrConflict},
		{"after fails", 2, records(2, 1), func(context.Context) error { return failed }, failed},
	}
	each(t, eventstore.Options{Name: "counter"}, func(t *testing.T, s store, _ func(eventstore.Options) store) {
		ctx := context.Background()
		if err := s.Append(ctx, "a", 0, records(0, 2), nil, noop); err != nil {
			t.Fatal(err)
		}
		for _, tc := range cases {
			if err := s.Append(ctx, "a", tc.expected, tc.records, nil, tc.after); !errors.Is(err, tc.want) {
				t.Errorf("%s: Append = %v, want %v", tc.name, err, tc.want)
			}
		}
		if c, _ := rebuild(t, s, "a"); c != (counter{Total: 3, Version: 2}) {
			t.Errorf("after failed appends the stream rebuilds as %+v, want its 2 events only", c)
		}
		if err := s.Append(ctx, "a", 2, nil, nil, noop); err != nil {
			t.Errorf("Append of no event at the current version = %v", err)
		}
	})
}

func TestConcurrentAppends(t *testing.T) {
	each(t, eventstore.Options{Name: "counter"}, func(t *testing.T, s store, _ func(eventstore.Options) store) {
		for round := range 5 {
			id := fmt.Sprint("race-", round)
			errs := make(chan error, 2)
			for range 2 {
				go func() { errs <- s.Append(context.Background(), id, 0, records(0, 2), nil, noop) }()
			}
			first, second := <-errs, <-errs
			if (first == nil) == (second == nil) || !errors.Is(errors.Join(first, second), eventstore.ErrConflict) {
				t.Fatalf("concurrent appends: %v and %v, want one success and one conflict", first, second)
			}
			if c, _ := rebuild(t, s, id); c.Version != 2 {
				t.Errorf("the stream is at %d after the race, want 2", c.Version)
			}
		}
	})
}

func TestSnapshots(t *testing.T) {
	o := eventstore.Options{Name: "counter", Shape: "v1", SnapshotEvery: 2}
	each(t, o, func(t *testing.T, s store, reopen func(eventstore.Options) store) {
		ctx := context.Background()
		var c counter
		for v := range int64(5) {
			r := records(v, 1)
			c.Total += int(v + 1)
			c.Version = v + 1
			if err := s.Append(ctx, "a", v, r, c, noop); err != nil {
				t.Fatal(err)
			}
		}
		got, st := rebuild(t, s, "a")
		if got != (counter{Total: 15, Version: 5}) {
			t.Errorf("rebuilt %+v, want a total of 15 at version 5", got)
		}
		var snap counter
		if err := json.Unmarshal(st.Snapshot, &snap); err != nil || st.SnapshotVersion != 4 || snap != (counter{Total: 10, Version: 4}) || len(st.Records) != 1 {
			t.Errorf("loaded snapshot %s at %d (%v) and %d records, want the state at 4 and 1 record", st.Snapshot, st.SnapshotVersion, err, len(st.Records))
		}
		if _, ok := s.(*eventstore.Memory); ok {
			return
		}
		// A snapshot of another shape is ignored: the state is rebuilt from
		// every event.
		o.Shape = "v2"
		got, st = rebuild(t, reopen(o), "a")
		if st.Snapshot != nil || len(st.Records) != 5 || got != (counter{Total: 15, Version: 5}) {
			t.Errorf("with another shape: snapshot %s, %d records, rebuilt %+v; want no snapshot and 5 records", st.Snapshot, len(st.Records), got)
		}
	})
}

func TestAppendChecksVersions(t *testing.T) {
	each(t, eventstore.Options{Name: "counter"}, func(t *testing.T, s store, _ func(eventstore.Options) store) {
		bad := records(1, 2) // versions 2 and 3 after version 0
		if err := s.Append(context.Background(), "a", 0, bad, nil, noop); err == nil || errors.Is(err, eventstore.ErrConflict) {
			t.Errorf("Append of misnumbered records = %v, want an error naming the version", err)
		}
	})
}

func TestRebuildReportsBadData(t *testing.T) {
	var c counter
	st := eventstore.Stream{Snapshot: []byte("{"), SnapshotVersion: 2}
	if err := eventstore.Rebuild(st, &c, func(r eventstore.Record) (int, error) { return 0, nil }, func(int) {}); err == nil {
		t.Error("Rebuild of a broken snapshot succeeded")
	}
	st = eventstore.Stream{Records: records(0, 1)}
	bad := errors.New("unknown event")
	if err := eventstore.Rebuild(st, &c, func(r eventstore.Record) (int, error) { return 0, bad }, func(int) {}); !errors.Is(err, bad) {
		t.Errorf("Rebuild of an undecodable record = %v, want %v", err, bad)
	}
}

func TestSnapshotEvery(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  int
		ok    bool
	}{{"", 0, true}, {"50", 50, true}, {"-1", 0, false}, {"many", 0, false}} {
		t.Setenv(eventstore.SnapshotEveryVar, tc.value)
		got, err := eventstore.SnapshotEvery()
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("SNAPSHOT_EVERY=%q: %d, %v; want %d, ok %v", tc.value, got, err, tc.want, tc.ok)
		}
	}
}

func TestTableNames(t *testing.T) {
	var names []string
	for _, tb := range eventstore.Tables("order") {
		names = append(names, tb.Name)
	}
	if want := eventstore.TableNames("order"); !slices.Equal(names, want) {
		t.Errorf("tables %v, want %v", names, want)
	}
}

func TestWithEnv(t *testing.T) {
	o := eventstore.Options{Name: "counter", SnapshotEvery: 7}
	for _, tc := range []struct {
		value string
		want  int
	}{{"", 0}, {"3", 3}, {"-3", 7}} {
		t.Setenv(eventstore.SnapshotEveryVar, tc.value)
		if got := o.WithEnv().SnapshotEvery; got != tc.want {
			t.Errorf("SNAPSHOT_EVERY=%q: every %d, want %d", tc.value, got, tc.want)
		}
	}
}
