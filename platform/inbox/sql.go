package inbox

import (
	"context"

	"eventstorm/platform/database"
)

// Tables are the inbox's table, eventstorm_inbox.
var Tables = []database.Table{
	{
		Name: "eventstorm_inbox",
		Create: [2]string{
			database.Postgres: `CREATE TABLE IF NOT EXISTS eventstorm_inbox (event_id VARCHAR(255) PRIMARY KEY, handled_at TIMESTAMPTZ NOT NULL)`,
			database.MySQL:    `CREATE TABLE IF NOT EXISTS eventstorm_inbox (event_id VARCHAR(255) PRIMARY KEY, handled_at DATETIME(6) NOT NULL) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
		},
	},
}

// record inserts an event's id unless it is there, per dialect.
var record = [2]string{
	database.Postgres: "INSERT INTO eventstorm_inbox (event_id, handled_at) VALUES ($1, now()) ON CONFLICT DO NOTHING",
	database.MySQL:    "INSERT INTO eventstorm_inbox (event_id, handled_at) VALUES (?, CURRENT_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE event_id = event_id",
}

// SQL is the inbox in the table eventstorm_inbox: an event's id is recorded in
// the transaction of its effect, so that a redelivered event is recognised and
// skipped, whatever crashed in between.
type SQL struct {
	db *database.DB
}

// NewSQL returns the inbox of db, whose schema holds Tables.
func NewSQL(db *database.DB) *SQL {
	return &SQL{db: db}
}

// Handle runs fn, the handling of the event with the id, in a transaction
// that also records the id, and reports true. If the id was recorded before,
// it skips fn and reports false. If fn fails, nothing is recorded and its
// writes are rolled back.
func (in *SQL) Handle(ctx context.Context, id string, fn func(ctx context.Context) error) (bool, error) {
	handled := false
	err := in.db.InTx(ctx, func(ctx context.Context) error {
		// Recording first makes a concurrent redelivery wait on the key,
		// then find it taken.
		res, err := in.db.Conn(ctx).ExecContext(ctx, record[in.db.Dialect()], id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		handled = true
		return fn(ctx)
	})
	return handled && err == nil, err
}

// Batch runs fn, which handles several events, in one transaction: their
// effects and ids commit together, or none does.
func (in *SQL) Batch(ctx context.Context, fn func(ctx context.Context) error) error {
	return in.db.InTx(ctx, fn)
}
