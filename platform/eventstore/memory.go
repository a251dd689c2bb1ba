package eventstore

import (
	"context"
	"slices"

	"eventstorm/platform/memdb"
)

// memStream is a stream as Memory keeps it.
type memStream struct {
	records         []Record
	snapshot        []byte
	snapshotVersion int64
}

// Memory keeps the streams of one aggregate type in memory: nothing
// survives a restart. Appends join the memdb transaction ctx carries.
type Memory struct {
	opts    Options
	streams *memdb.Table[string, memStream]
}

// NewMemory returns an empty store of the streams o describes.
func NewMemory(o Options) *Memory {
	return &Memory{opts: o, streams: memdb.NewTable[string, memStream](nil)}
}

// Load returns the stream with the id, as SQL.Load does.
func (m *Memory) Load(ctx context.Context, id string) (Stream, error) {
	s, _ := m.streams.Get(ctx, id)
	st := Stream{Snapshot: s.snapshot, SnapshotVersion: s.snapshotVersion}
	for _, r := range s.records {
		if r.Version > s.snapshotVersion {
			st.Records = append(st.Records, r)
		}
	}
	return st, nil
}

// Append appends records to the stream with the id, as SQL.Append does;
// after runs under the stream's lock, or in the memdb transaction ctx
// carries, so that it can queue the events' messages (outbox.Memory.AddTx)
// that are stored with them.
func (m *Memory) Append(ctx context.Context, id string, expected int64, records []Record, state any, after After) error {
	if err := checkRecords(expected, records); err != nil {
		return err
	}
	snapshot, err := snapshotOf(m.opts, expected, records, state)
	if err != nil {
		return err
	}
	return m.streams.Update(ctx, id, func(s memStream, _ bool) (memStream, error) {
		if int64(len(s.records)) != expected {
			return s, ErrConflict
		}
		if err := after(ctx); err != nil {
			return s, err
		}
		// A new slice: the stored one may be shared with a reader's copy.
		s.records = slices.Concat(s.records, records)
		if snapshot != nil {
			s.snapshot, s.snapshotVersion = snapshot, expected+int64(len(records))
		}
		return s, nil
	})
}
