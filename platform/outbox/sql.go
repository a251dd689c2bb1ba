package outbox

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"eventstorm/platform/database"
	"eventstorm/platform/message"
)

const (
	// relayBatch bounds how many events one relay pass publishes.
	relayBatch = 500
	// relayGather is how long the relay waits, once woken, for more events.
	relayGather = 5 * time.Millisecond
	// relayPoll is how often the relay looks for events it was not woken
	// for: another replica's, or a transaction's that committed late.
	relayPoll = 250 * time.Millisecond
	// keepSent is how long sent events stay in the table.
	keepSent = 24 * time.Hour
)

// Tables are the outbox's tables: eventstorm_outbox holds the events, and
// the one row of eventstorm_relay is the lease of the replica relaying.
var Tables = []database.Table{
	{
		Name: "eventstorm_outbox",
		Create: [2]string{
			database.Postgres: `CREATE TABLE IF NOT EXISTS eventstorm_outbox (id BIGSERIAL PRIMARY KEY, event_id VARCHAR(255) NOT NULL, type VARCHAR(255) NOT NULL, source VARCHAR(255) NOT NULL, occurred_at TIMESTAMPTZ NOT NULL, topic VARCHAR(255) NOT NULL, message_key VARCHAR(255) NOT NULL, data BYTEA NOT NULL, sent_at TIMESTAMPTZ)`,
			database.MySQL:    `CREATE TABLE IF NOT EXISTS eventstorm_outbox (id BIGINT AUTO_INCREMENT PRIMARY KEY, event_id VARCHAR(255) NOT NULL, type VARCHAR(255) NOT NULL, source VARCHAR(255) NOT NULL, occurred_at DATETIME(6) NOT NULL, topic VARCHAR(255) NOT NULL, message_key VARCHAR(255) NOT NULL, data LONGBLOB NOT NULL, sent_at DATETIME(6) NULL, INDEX eventstorm_outbox_pending (sent_at, id)) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
		},
		After: [2][]string{
			database.Postgres: {`CREATE INDEX IF NOT EXISTS eventstorm_outbox_pending ON eventstorm_outbox (id) WHERE sent_at IS NULL`},
		},
	},
	{
		Name: "eventstorm_relay",
		Create: [2]string{
			database.Postgres: `CREATE TABLE IF NOT EXISTS eventstorm_relay (id INT PRIMARY KEY)`,
			database.MySQL:    `CREATE TABLE IF NOT EXISTS eventstorm_relay (id INT PRIMARY KEY)`,
		},
		After: [2][]string{
			database.Postgres: {`INSERT INTO eventstorm_relay (id) VALUES (1) ON CONFLICT DO NOTHING`},
			database.MySQL:    {`INSERT IGNORE INTO eventstorm_relay (id) VALUES (1)`},
		},
	},
}

// SQL is the outbox in the table eventstorm_outbox: repositories insert an
// aggregate's events in the transaction that saves its state, and the relay
// publishes them and marks them sent.
type SQL struct {
	db    *database.DB
	ready chan struct{}
}

// NewSQL returns the outbox of db, whose schema holds Tables.
func NewSQL(db *database.DB) *SQL {
	return &SQL{db: db, ready: make(chan struct{}, 1)}
}

// Add inserts messages in the transaction ctx carries (or on their own
// without one). Call Wake once that transaction has committed.
func (o *SQL) Add(ctx context.Context, msgs []message.Message) error {
	if len(msgs) == 0 {
		return nil
	}
	d := o.db.Dialect()
	var b strings.Builder
	args := make([]any, 0, 7*len(msgs))
	b.WriteString("INSERT INTO eventstorm_outbox (event_id, type, source, occurred_at, topic, message_key, data) VALUES ")
	for i, m := range msgs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(d.Placeholders(len(args), 7))
		args = append(args, m.ID, m.Type, m.Source, m.Time.UTC(), m.Topic, m.Key, m.Data)
	}
	_, err := o.db.Conn(ctx).ExecContext(ctx, b.String(), args...)
	return err
}

// Wake tells the relay that events were committed.
func (o *SQL) Wake() {
	select {
	case o.ready <- struct{}{}:
	default:
	}
}

// Relay publishes the outbox's pending events in the order they were
// recorded, marking them sent, until ctx is done. One replica relays at a
// time (the others skip the locked lease row), so one aggregate's events keep
// their order. A failed publication is retried after a pause; a crash between
// publishing and marking sends them again: delivery is at least once, and
// consumers skip what they handled.
func (o *SQL) Relay(ctx context.Context, publish message.Publisher, logger *slog.Logger) {
	var pruned time.Time
	for {
		n, err := o.relayOnce(ctx, publish)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			logger.Error("relaying the outbox failed; will retry", "error", err)
			if !sleep(ctx, retryPause) {
				return
			}
			continue
		case n == relayBatch:
			continue
		}
		if time.Since(pruned) > time.Hour {
			if err := o.prune(ctx); err != nil {
				logger.Error("pruning the outbox failed", "error", err)
			}
			pruned = time.Now()
		}
		if !o.wait(ctx) {
			return
		}
	}
}

// wait returns when the relay was woken (after letting the commands in
// flight commit too, so one pass relays them all) or relayPoll passed; it
// reports false once ctx is done.
func (o *SQL) wait(ctx context.Context) bool {
	t := time.NewTimer(relayPoll)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-o.ready:
		return sleep(ctx, relayGather)
	case <-t.C:
		return true
	}
}

// relayOnce publishes one batch of pending events and marks them sent, in one
// transaction holding the relay lease; it returns how many it published.
func (o *SQL) relayOnce(ctx context.Context, publish message.Publisher) (int, error) {
	n := 0
	err := o.db.InTx(ctx, func(ctx context.Context) error {
		q := o.db.Conn(ctx)
		var lease int
		err := q.QueryRowContext(ctx, "SELECT id FROM eventstorm_relay WHERE id = 1 FOR UPDATE SKIP LOCKED").Scan(&lease)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // another replica is relaying
		}
		if err != nil {
			return err
		}
		msgs, ids, err := o.pending(ctx, q)
		if err != nil || len(msgs) == 0 {
			return err
		}
		if err := publish(ctx, msgs); err != nil {
			return err
		}
		// Ids, not a range: a row with a lower id may commit later.
		if _, err := q.ExecContext(ctx, "UPDATE eventstorm_outbox SET sent_at = "+o.db.Dialect().Now()+" WHERE id IN ("+strings.Join(ids, ", ")+")"); err != nil {
			return err
		}
		n = len(msgs)
		return nil
	})
	return n, err
}

// pending reads up to relayBatch unsent events in the order they were
// recorded, with their row ids.
func (o *SQL) pending(ctx context.Context, q database.Querier) ([]message.Message, []string, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, event_id, type, source, occurred_at, topic, message_key, data FROM eventstorm_outbox WHERE sent_at IS NULL ORDER BY id LIMIT "+strconv.Itoa(relayBatch))
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var msgs []message.Message
	var ids []string
	for rows.Next() {
		var id int64
		var m message.Message
		if err := rows.Scan(&id, &m.ID, &m.Type, &m.Source, &m.Time, &m.Topic, &m.Key, &m.Data); err != nil {
			return nil, nil, err
		}
		msgs = append(msgs, m)
		ids = append(ids, strconv.FormatInt(id, 10))
	}
	return msgs, ids, rows.Err()
}

// prune deletes events sent more than keepSent ago.
func (o *SQL) prune(ctx context.Context) error {
	_, err := o.db.Conn(ctx).ExecContext(ctx, "DELETE FROM eventstorm_outbox WHERE sent_at < "+o.db.Dialect().Param(1), time.Now().UTC().Add(-keepSent))
	return err
}
