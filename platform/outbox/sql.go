package outbox

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"eventstorm/platform/database"
	"eventstorm/platform/message"
	"eventstorm/platform/telemetry"
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
	// leaseTTL is how long the relay lease lasts unless given back: a
	// replica that died relaying is replaced after it. It exceeds
	// PublishTimeout with room for marking.
	leaseTTL = 30 * time.Second
	// settleTimeout bounds marking a batch, and giving the lease back.
	settleTimeout = 5 * time.Second
	// maxReason bounds the error kept with a parked event, in bytes.
	maxReason = 1000
)

// Tables are the outbox's tables: eventstorm_outbox holds the events (those
// the broker refused for good parked with their error), and the one row of
// eventstorm_relay is the lease of the replica relaying.
var Tables = []database.Table{
	{
		Name: "eventstorm_outbox",
		Create: [2]string{
			database.Postgres: `CREATE TABLE IF NOT EXISTS eventstorm_outbox (id BIGSERIAL PRIMARY KEY, event_id VARCHAR(255) NOT NULL, type VARCHAR(255) NOT NULL, source VARCHAR(255) NOT NULL, issued_by VARCHAR(255) NOT NULL DEFAULT '', trace_parent VARCHAR(64) NOT NULL DEFAULT '', trace_state VARCHAR(512) NOT NULL DEFAULT '', correlation_id VARCHAR(255) NOT NULL DEFAULT '', causation_id VARCHAR(255) NOT NULL DEFAULT '', data_schema VARCHAR(255) NOT NULL DEFAULT '', occurred_at TIMESTAMPTZ NOT NULL, topic VARCHAR(255) NOT NULL, message_key VARCHAR(255) NOT NULL, data BYTEA NOT NULL, sent_at TIMESTAMPTZ, parked_at TIMESTAMPTZ, parked_error TEXT)`,
			database.MySQL:    `CREATE TABLE IF NOT EXISTS eventstorm_outbox (id BIGINT AUTO_INCREMENT PRIMARY KEY, event_id VARCHAR(255) NOT NULL, type VARCHAR(255) NOT NULL, source VARCHAR(255) NOT NULL, issued_by VARCHAR(255) NOT NULL DEFAULT '', trace_parent VARCHAR(64) NOT NULL DEFAULT '', trace_state VARCHAR(512) NOT NULL DEFAULT '', correlation_id VARCHAR(255) NOT NULL DEFAULT '', causation_id VARCHAR(255) NOT NULL DEFAULT '', data_schema VARCHAR(255) NOT NULL DEFAULT '', occurred_at DATETIME(6) NOT NULL, topic VARCHAR(255) NOT NULL, message_key VARCHAR(255) NOT NULL, data LONGBLOB NOT NULL, sent_at DATETIME(6) NULL, parked_at DATETIME(6) NULL, parked_error TEXT NULL, INDEX eventstorm_outbox_pending (sent_at, id)) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
		},
		Columns: []database.Column{
			{Name: "issued_by", Add: [2]string{
				database.Postgres: `ALTER TABLE eventstorm_outbox ADD COLUMN IF NOT EXISTS issued_by VARCHAR(255) NOT NULL DEFAULT ''`,
				database.MySQL:    `ALTER TABLE eventstorm_outbox ADD COLUMN issued_by VARCHAR(255) NOT NULL DEFAULT ''`,
			}},
			addText("trace_parent", 64),
			addText("trace_state", maxTraceState),
			addText("correlation_id", 255),
			addText("causation_id", 255),
			addText("data_schema", 255),
			{Name: "parked_at", Add: [2]string{
				database.Postgres: `ALTER TABLE eventstorm_outbox ADD COLUMN IF NOT EXISTS parked_at TIMESTAMPTZ`,
				database.MySQL:    `ALTER TABLE eventstorm_outbox ADD COLUMN parked_at DATETIME(6) NULL`,
			}},
			{Name: "parked_error", Add: [2]string{
				database.Postgres: `ALTER TABLE eventstorm_outbox ADD COLUMN IF NOT EXISTS parked_error TEXT`,
				database.MySQL:    `ALTER TABLE eventstorm_outbox ADD COLUMN parked_error TEXT NULL`,
			}},
		},
		After: [2][]string{
			database.Postgres: {`CREATE INDEX IF NOT EXISTS eventstorm_outbox_pending ON eventstorm_outbox (id) WHERE sent_at IS NULL`},
		},
	},
	{
		Name: "eventstorm_relay",
		Create: [2]string{
			database.Postgres: `CREATE TABLE IF NOT EXISTS eventstorm_relay (id INT PRIMARY KEY, owner VARCHAR(64), lease_until TIMESTAMPTZ)`,
			database.MySQL:    `CREATE TABLE IF NOT EXISTS eventstorm_relay (id INT PRIMARY KEY, owner VARCHAR(64) NULL, lease_until DATETIME(6) NULL)`,
		},
		Columns: []database.Column{
			{Name: "owner", Add: [2]string{
				database.Postgres: `ALTER TABLE eventstorm_relay ADD COLUMN IF NOT EXISTS owner VARCHAR(64)`,
				database.MySQL:    `ALTER TABLE eventstorm_relay ADD COLUMN owner VARCHAR(64) NULL`,
			}},
			{Name: "lease_until", Add: [2]string{
				database.Postgres: `ALTER TABLE eventstorm_relay ADD COLUMN IF NOT EXISTS lease_until TIMESTAMPTZ`,
				database.MySQL:    `ALTER TABLE eventstorm_relay ADD COLUMN lease_until DATETIME(6) NULL`,
			}},
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
	// owner names this relay in the lease.
	owner string
	// publishTimeout bounds each publication.
	publishTimeout time.Duration
	// parked counts the events this relay parked.
	parked prometheus.Counter
	// unsettled are the events the relay published or was refused, whose
	// marking failed (the database went away meanwhile): it marks them
	// before it reads the outbox again, rather than publish them twice.
	// Only the relay's goroutine uses it.
	unsettled *settlement
}

// settlement is what one pass of the relay marks: the ids of the events
// published and those the broker refused for good.
type settlement struct {
	sent   []int64
	parked []parking
}

// NewSQL returns the outbox of db, whose schema holds Tables.
func NewSQL(db *database.DB) *SQL {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return &SQL{
		db:             db,
		ready:          make(chan struct{}, 1),
		owner:          hex.EncodeToString(b),
		publishTimeout: PublishTimeout,
		parked:         newParkedCounter(),
	}
}

// Add inserts messages in the transaction ctx carries (or on their own
// without one). Call Wake once that transaction has committed. A message
// larger than a broker accepts is refused with a *message.TooLargeError,
// which fails the transaction: nothing of the command is stored.
func (o *SQL) Add(ctx context.Context, msgs []message.Message) error {
	if len(msgs) == 0 {
		return nil
	}
	if err := message.CheckSize(msgs); err != nil {
		return err
	}
	return o.add(ctx, msgs)
}

// add inserts messages, whatever their size, in an "outbox insert" span,
// stamped with that span's trace context and the correlation and causation
// ids of ctx (message.Stamp).
func (o *SQL) add(ctx context.Context, msgs []message.Message) (err error) {
	ctx, span := startInsert(ctx, len(msgs))
	defer telemetry.End(span, &err)
	msgs = message.Stamp(ctx, msgs)
	const columns = 13
	d := o.db.Dialect()
	var b strings.Builder
	args := make([]any, 0, columns*len(msgs))
	b.WriteString("INSERT INTO eventstorm_outbox (event_id, type, source, issued_by, trace_parent, trace_state, correlation_id, causation_id, data_schema, occurred_at, topic, message_key, data) VALUES ")
	for i, m := range msgs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(d.Placeholders(len(args), columns))
		parent, state := traceColumns(m)
		args = append(args, m.ID, m.Type, m.Source, m.IssuedBy, parent, state, clip(m.CorrelationID, 255), clip(m.CausationID, 255),
			m.DataSchema, m.Time.UTC(), m.Topic, m.Key, m.Data)
	}
	_, err = o.db.Conn(ctx).ExecContext(ctx, b.String(), args...)
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
// recorded, marking them sent, until ctx is done. No publication runs in a
// database transaction: a pass takes the relay lease (one replica relays at
// a time, so one aggregate's events keep their order) and reads a batch,
// publishes it with a deadline (PublishTimeout), then marks what was
// published and gives the lease back, each step a statement or a short
// transaction of its own. Each event has its own result: one the broker
// refuses for good (too large, invalid) is parked in the outbox with its
// error, logged and counted, and the others go on; those that failed
// otherwise (the broker down, say) are retried after a pause, with the
// events of their aggregates after them. A crash between publishing and
// marking sends them again: delivery is at least once, and consumers skip
// what they handled.
func (o *SQL) Relay(ctx context.Context, publish message.Publisher, logger *slog.Logger) {
	var pruned time.Time
	var failing failures
	defer o.release()
	for {
		n, err := o.relayOnce(ctx, publish, logger)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			failing.failed(logger, err)
			if !sleep(ctx, retryPause) {
				return
			}
			continue
		}
		failing.recovered(logger)
		if n == relayBatch {
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

// row is a pending event with its row id.
type row struct {
	id  int64
	msg message.Message
}

// relayOnce publishes one batch of pending events, if this relay gets the
// lease, marks those published and parks those refused for good; it returns
// how many it marked or parked, and the first error of those left pending.
func (o *SQL) relayOnce(ctx context.Context, publish message.Publisher, logger *slog.Logger) (int, error) {
	if o.unsettled != nil {
		// A pass published these, and could not mark them: mark them first.
		if err := o.settleLogged(ctx, o.unsettled.sent, o.unsettled.parked, logger); err != nil {
			return 0, err
		}
	}
	if any, err := o.anyPending(ctx); err != nil || !any {
		return 0, err
	}
	leased, err := o.lease(ctx)
	if err != nil || !leased {
		return 0, err // not leased: another replica is relaying
	}
	rows, err := o.pending(ctx)
	if err != nil {
		return 0, err
	}
	sent, parked, failed := o.publish(ctx, publish, rows)
	if err := o.settleLogged(ctx, sent, parked, logger); err != nil {
		return 0, err
	}
	return len(sent) + len(parked), failed
}

// settleLogged marks the events sent and parks those refused, and logs
// those parked; when that fails it keeps them in unsettled, to mark them
// before the next pass reads the outbox, so that they are not published
// again.
func (o *SQL) settleLogged(ctx context.Context, sent []int64, parked []parking, logger *slog.Logger) error {
	// Marked even when ctx is done, so that what was published is not
	// published again at the next start.
	settleCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	if err := o.settle(settleCtx, sent, parked); err != nil {
		o.unsettled = &settlement{sent: sent, parked: parked}
		return err
	}
	o.unsettled = nil
	for _, p := range parked {
		o.parked.Inc()
		m := p.row.msg
		logger.Error("the broker refused an event for good; it is parked in the outbox (eventstorm_outbox.parked_at) and the relay goes on",
			"id", m.ID, "type", m.Type, "topic", m.Topic, "key", m.Key, "bytes", len(m.Data), "error", p.err)
	}
	return nil
}

// parking is an event the broker refused for good, and why.
type parking struct {
	row row
	err error
}

// publish publishes rows, each with its own result (see publishEach): it
// returns the ids of those published, those the broker refuses for good,
// and the first error of those left pending.
func (o *SQL) publish(ctx context.Context, publish message.Publisher, rows []row) (sent []int64, parked []parking, failed error) {
	msgs := make([]message.Message, len(rows))
	for i, r := range rows {
		msgs[i] = r.msg
	}
	for i, err := range publishEach(ctx, publish, msgs, o.publishTimeout) {
		switch {
		case err == nil:
			sent = append(sent, rows[i].id)
		case message.IsRefused(err):
			parked = append(parked, parking{rows[i], err})
		case failed == nil:
			failed = err
		}
	}
	return sent, parked, failed
}

// anyPending reports whether some event waits to be published.
func (o *SQL) anyPending(ctx context.Context) (bool, error) {
	var id int64
	err := o.db.Conn(ctx).QueryRowContext(ctx, "SELECT id FROM eventstorm_outbox WHERE sent_at IS NULL AND parked_at IS NULL ORDER BY id LIMIT 1").Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// lease takes the relay lease, or extends it, for leaseTTL; it reports
// false while another replica holds it. The database's clock times it, so
// that the replicas' clocks do not matter.
func (o *SQL) lease(ctx context.Context) (bool, error) {
	q := o.db.Conn(ctx)
	p := o.db.Dialect().Param
	now, until := "now()", "now() + interval '"+strconv.Itoa(int(leaseTTL/time.Second))+" seconds'"
	if o.db.Dialect() == database.MySQL {
		now, until = "UTC_TIMESTAMP(6)", "UTC_TIMESTAMP(6) + INTERVAL "+strconv.Itoa(int(leaseTTL/time.Second))+" SECOND"
	}
	res, err := q.ExecContext(ctx, "UPDATE eventstorm_relay SET owner = "+p(1)+", lease_until = "+until+" WHERE id = 1 AND (owner IS NULL OR owner = "+p(2)+" OR lease_until IS NULL OR lease_until < "+now+")", o.owner, o.owner)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err == nil && n == 1 {
		return true, nil
	}
	// MySQL counts the rows changed, not those found.
	var held int
	err = q.QueryRowContext(ctx, "SELECT COUNT(*) FROM eventstorm_relay WHERE id = 1 AND owner = "+p(1)+" AND lease_until > "+now, o.owner).Scan(&held)
	return held == 1, err
}

// release gives the lease back when the relay stops, so that another
// replica takes over at once.
func (o *SQL) release() {
	ctx, cancel := context.WithTimeout(context.Background(), settleTimeout)
	defer cancel()
	_, _ = o.db.Conn(ctx).ExecContext(ctx, "UPDATE eventstorm_relay SET owner = NULL, lease_until = NULL WHERE id = 1 AND owner = "+o.db.Dialect().Param(1), o.owner)
}

// settle marks the events sent, parks those refused with their error and
// gives the lease back, in one short transaction.
func (o *SQL) settle(ctx context.Context, sent []int64, parked []parking) error {
	d := o.db.Dialect()
	return o.db.InTx(ctx, func(ctx context.Context) error {
		q := o.db.Conn(ctx)
		if len(sent) > 0 {
			ids := make([]string, len(sent))
			for i, id := range sent {
				ids[i] = strconv.FormatInt(id, 10)
			}
			// Ids, not a range: a row with a lower id may commit later.
			if _, err := q.ExecContext(ctx, "UPDATE eventstorm_outbox SET sent_at = "+d.Now()+" WHERE id IN ("+strings.Join(ids, ", ")+")"); err != nil {
				return err
			}
		}
		for _, p := range parked {
			reason := p.err.Error()
			if len(reason) > maxReason {
				reason = strings.ToValidUTF8(reason[:maxReason], "")
			}
			if _, err := q.ExecContext(ctx, "UPDATE eventstorm_outbox SET parked_at = "+d.Now()+", parked_error = "+d.Param(1)+" WHERE id = "+d.Param(2), reason, p.row.id); err != nil {
				return err
			}
		}
		_, err := q.ExecContext(ctx, "UPDATE eventstorm_relay SET owner = NULL, lease_until = NULL WHERE id = 1 AND owner = "+d.Param(1), o.owner)
		return err
	})
}

// pending reads up to relayBatch unsent events, not parked, in the order
// they were recorded, with their row ids.
func (o *SQL) pending(ctx context.Context) ([]row, error) {
	return database.QueryRows(ctx, o.db.Conn(ctx), func(s database.Scanner) (row, error) {
		var r row
		m := &r.msg
		return r, s.Scan(&r.id, &m.ID, &m.Type, &m.Source, &m.IssuedBy, &m.TraceParent, &m.TraceState, &m.CorrelationID, &m.CausationID, &m.DataSchema, &m.Time, &m.Topic, &m.Key, &m.Data)
	}, "SELECT id, event_id, type, source, issued_by, trace_parent, trace_state, correlation_id, causation_id, data_schema, occurred_at, topic, message_key, data FROM eventstorm_outbox WHERE sent_at IS NULL AND parked_at IS NULL ORDER BY id LIMIT "+strconv.Itoa(relayBatch))
}

// prune deletes events sent more than keepSent ago; parked events stay.
func (o *SQL) prune(ctx context.Context) error {
	_, err := o.db.Conn(ctx).ExecContext(ctx, "DELETE FROM eventstorm_outbox WHERE sent_at < "+o.db.Dialect().Param(1), time.Now().UTC().Add(-keepSent))
	return err
}
