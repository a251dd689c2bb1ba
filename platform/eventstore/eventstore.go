// Package eventstore keeps event-sourced aggregates: an aggregate's events
// are its storage, appended to its stream under an expected version, and
// its state is rebuilt by applying them, from the latest snapshot when
// snapshots are taken. SQL (PostgreSQL and MySQL) and Memory store streams
// alike; both write the events' messages to the outbox in the same
// transaction as the events.
package eventstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"eventstorm/platform/env"
)

// ErrConflict says that the stream's version is not the one expected: an
// append raced another, or the state it extends was stale.
var ErrConflict = errors.New("event stream version conflict")

// SnapshotEveryVar names the environment variable giving how many events
// apart snapshots are taken: 0 (the default) takes none.
const SnapshotEveryVar = "SNAPSHOT_EVERY"

// Record is one event of a stream as stored.
type Record struct {
	// Version is its position in the stream, from 1.
	Version int64
	// Type names the event (its ce_type).
	Type string
	// EventVersion is the version of the event's schema it was written in.
	EventVersion int
	// Data is the event as JSON.
	Data []byte
	// OccurredAt is when the event occurred.
	OccurredAt time.Time
}

// Stream is a stream as loaded: the latest usable snapshot, if any, and
// the records after it, in order.
type Stream struct {
	// Snapshot is the state as JSON at SnapshotVersion; nil without one.
	Snapshot []byte
	// SnapshotVersion is the version of the last event Snapshot includes.
	SnapshotVersion int64
	// Records are the events after the snapshot, in order.
	Records []Record
}

// Empty reports whether the stream has no event: the aggregate does not
// exist.
func (s Stream) Empty() bool { return s.Snapshot == nil && len(s.Records) == 0 }

// Version is the version of the stream's last event, 0 when empty.
func (s Stream) Version() int64 {
	if n := len(s.Records); n > 0 {
		return s.Records[n-1].Version
	}
	return s.SnapshotVersion
}

// Options describe the streams of one aggregate type.
type Options struct {
	// Name is the aggregate's table name; its streams are kept in the
	// tables Tables(Name) makes.
	Name string
	// Shape identifies the state's fields as the snapshots encode them: a
	// snapshot taken with another shape is ignored, so a changed state is
	// rebuilt from its events.
	Shape string
	// SnapshotEvery takes a snapshot each time the stream passes a multiple
	// of that many events; 0 takes none.
	SnapshotEvery int
}

// SnapshotEvery reads SNAPSHOT_EVERY, the number of events between
// snapshots: 0 (no snapshot) when unset.
func SnapshotEvery() (int, error) {
	return env.Int(SnapshotEveryVar, 0, 0, 1_000_000)
}

// WithEnv returns o taking snapshots every SNAPSHOT_EVERY events. A bad
// value stops the service at start-up (config.FromEnv checks it); here it
// leaves o as it is.
func (o Options) WithEnv() Options {
	if n, err := SnapshotEvery(); err == nil {
		o.SnapshotEvery = n
	}
	return o
}

// snapshotDue reports whether appending n events after version expected
// passes a multiple of every.
func snapshotDue(every int, expected int64, n int) bool {
	if every <= 0 || n == 0 {
		return false
	}
	e := int64(every)
	return expected/e != (expected+int64(n))/e
}

// Rebuild sets state from the stream: it decodes the snapshot into it, if
// any, then applies each later record, decoded by decode, in order.
func Rebuild[S, E any](s Stream, state *S, decode func(Record) (E, error), apply func(E)) error {
	if s.Snapshot != nil {
		if err := json.Unmarshal(s.Snapshot, state); err != nil {
			return fmt.Errorf("decode the snapshot at version %d: %w", s.SnapshotVersion, err)
		}
	}
	for _, r := range s.Records {
		e, err := decode(r)
		if err != nil {
			return fmt.Errorf("decode the event %s at version %d: %w", r.Type, r.Version, err)
		}
		apply(e)
	}
	return nil
}

// checkRecords checks that records continue a stream at version expected:
// numbered expected+1, expected+2, and so on.
func checkRecords(expected int64, records []Record) error {
	for i, r := range records {
		if want := expected + int64(i) + 1; r.Version != want {
			return fmt.Errorf("eventstore: the record %s has version %d, want %d", r.Type, r.Version, want)
		}
	}
	return nil
}

// snapshotOf encodes state when a snapshot is due.
func snapshotOf(o Options, expected int64, records []Record, state any) ([]byte, error) {
	if !snapshotDue(o.SnapshotEvery, expected, len(records)) {
		return nil, nil
	}
	data, err := json.Marshal(state)
	if err != nil {
		return nil, fmt.Errorf("eventstore: encode the snapshot of %s: %w", o.Name, err)
	}
	return data, nil
}

// After runs in the transaction of an append, after its events are
// written: to write their messages to the outbox.
type After func(ctx context.Context) error
