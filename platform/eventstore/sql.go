package eventstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"eventstorm/platform/database"
)

// Tables are the tables of the streams of the aggregate type name:
// eventstorm_events_<name> holds the events, one row per stream id and
// version (its primary key, so that of two appends at one version one
// fails), and eventstorm_snapshots_<name> the latest snapshot per stream.
func Tables(name string) []database.Table {
	events, snapshots := eventsTable(name), snapshotsTable(name)
	return []database.Table{
		{Name: events, Create: [2]string{
			database.Postgres: `CREATE TABLE IF NOT EXISTS "` + events + `" (stream_id VARCHAR(200) NOT NULL, version BIGINT NOT NULL, event_type VARCHAR(255) NOT NULL, event_version INTEGER NOT NULL, data TEXT NOT NULL, occurred_at TIMESTAMPTZ NULL, PRIMARY KEY (stream_id, version))`,
			database.MySQL:    "CREATE TABLE IF NOT EXISTS `" + events + "` (stream_id VARCHAR(200) NOT NULL, version BIGINT NOT NULL, event_type VARCHAR(255) NOT NULL, event_version INT NOT NULL, data LONGTEXT NOT NULL, occurred_at DATETIME(6) NULL, PRIMARY KEY (stream_id, version)) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
		}},
		{Name: snapshots, Create: [2]string{
			database.Postgres: `CREATE TABLE IF NOT EXISTS "` + snapshots + `" (stream_id VARCHAR(200) PRIMARY KEY, version BIGINT NOT NULL, shape VARCHAR(64) NOT NULL, state TEXT NOT NULL)`,
			database.MySQL:    "CREATE TABLE IF NOT EXISTS `" + snapshots + "` (stream_id VARCHAR(200) PRIMARY KEY, version BIGINT NOT NULL, shape VARCHAR(64) NOT NULL, state LONGTEXT NOT NULL) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
		}},
	}
}

func eventsTable(name string) string    { return "eventstorm_events_" + name }
func snapshotsTable(name string) string { return "eventstorm_snapshots_" + name }

// TableNames are the names of Tables(name), for checks of their length.
func TableNames(name string) []string { return []string{eventsTable(name), snapshotsTable(name)} }

// statements are an SQL store's statements in one dialect.
type statements struct {
	snapshot, records, head, insert, upsertSnapshot string
}

// newStatements are the statements on the tables of name in dialect d.
func newStatements(d database.Dialect, name string) statements {
	q := func(s string) string {
		if d == database.MySQL {
			return "`" + s + "`"
		}
		return `"` + s + `"`
	}
	events, snapshots := q(eventsTable(name)), q(snapshotsTable(name))
	upsert := `INSERT INTO ` + snapshots + ` (stream_id, version, shape, state) VALUES ($1, $2, $3, $4) ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, shape = excluded.shape, state = excluded.state`
	if d == database.MySQL {
		upsert = "INSERT INTO " + snapshots + " (stream_id, version, shape, state) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE version = VALUES(version), shape = VALUES(shape), state = VALUES(state)"
	}
	return statements{
		snapshot:       fmt.Sprintf("SELECT version, state FROM %s WHERE stream_id = %s AND shape = %s", snapshots, d.Param(1), d.Param(2)),
		records:        fmt.Sprintf("SELECT version, event_type, event_version, data, occurred_at FROM %s WHERE stream_id = %s AND version > %s ORDER BY version", events, d.Param(1), d.Param(2)),
		head:           fmt.Sprintf("SELECT COALESCE(MAX(version), 0) FROM %s WHERE stream_id = %s", events, d.Param(1)),
		insert:         fmt.Sprintf("INSERT INTO %s (stream_id, version, event_type, event_version, data, occurred_at) VALUES %s", events, d.Placeholders(0, 6)),
		upsertSnapshot: upsert,
	}
}

// SQL keeps the streams of one aggregate type in a database whose schema
// holds Tables(Options.Name).
type SQL struct {
	db    *database.DB
	opts  Options
	stmts statements
}

// NewSQL returns the store of the streams o describes in db.
func NewSQL(db *database.DB, o Options) *SQL {
	return &SQL{db: db, opts: o, stmts: newStatements(db.Dialect(), o.Name)}
}

// Load returns the stream with the id: its latest snapshot of the current
// shape, if any, and the events after it. A stream with no event is
// Empty.
func (s *SQL) Load(ctx context.Context, id string) (Stream, error) {
	var st Stream
	conn := s.db.Conn(ctx)
	var state string
	err := conn.QueryRowContext(ctx, s.stmts.snapshot, id, s.opts.Shape).Scan(&st.SnapshotVersion, &state)
	switch {
	case err == nil:
		st.Snapshot = []byte(state)
	case !errors.Is(err, sql.ErrNoRows):
		return Stream{}, err
	}
	st.Records, err = database.QueryRows(ctx, conn, scanRecord, s.stmts.records, id, st.SnapshotVersion)
	if err != nil {
		return Stream{}, err
	}
	return st, nil
}

// scanRecord reads a record's row.
func scanRecord(row database.Scanner) (Record, error) {
	var r Record
	var data string
	err := row.Scan(&r.Version, &r.Type, &r.EventVersion, &data, database.Time{T: &r.OccurredAt})
	r.Data = []byte(data)
	return r, err
}

// Append appends records to the stream with the id, in the transaction
// ctx carries or a new one, if the stream's version is still expected (0
// for a new stream), else returns ErrConflict; then it runs after in that
// transaction. records are numbered from expected+1; state, the state
// they lead to, is snapshotted when the stream passes a multiple of
// Options.SnapshotEvery.
func (s *SQL) Append(ctx context.Context, id string, expected int64, records []Record, state any, after After) error {
	if err := checkRecords(expected, records); err != nil {
		return err
	}
	snapshot, err := snapshotOf(s.opts, expected, records, state)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.write(ctx, id, expected, records, snapshot); err != nil {
			return err
		}
		return after(ctx)
	})
}

// write checks the stream's version and writes the records and snapshot.
func (s *SQL) write(ctx context.Context, id string, expected int64, records []Record, snapshot []byte) error {
	conn := s.db.Conn(ctx)
	var head int64
	if err := conn.QueryRowContext(ctx, s.stmts.head, id).Scan(&head); err != nil {
		return err
	}
	if head != expected {
		return ErrConflict
	}
	for _, r := range records {
		_, err := conn.ExecContext(ctx, s.stmts.insert, id, r.Version, r.Type, r.EventVersion, string(r.Data), database.Time{T: &r.OccurredAt})
		if database.IsDuplicate(err) {
			return ErrConflict
		}
		if err != nil {
			return err
		}
	}
	if snapshot == nil {
		return nil
	}
	_, err := conn.ExecContext(ctx, s.stmts.upsertSnapshot, id, expected+int64(len(records)), s.opts.Shape, string(snapshot))
	return err
}
