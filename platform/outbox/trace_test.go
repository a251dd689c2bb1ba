package outbox_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"

	"eventstorm/platform/database"
	"eventstorm/platform/internal/dbtest"
	"eventstorm/platform/message"
	"eventstorm/platform/outbox"
	"eventstorm/platform/telemetry"
)

// oldOutbox is eventstorm_outbox as services made it before it kept trace
// context, correlation and causation, per dialect.
var oldOutbox = [2]string{
	database.Postgres: `CREATE TABLE eventstorm_outbox (id BIGSERIAL PRIMARY KEY, event_id VARCHAR(255) NOT NULL, type VARCHAR(255) NOT NULL, source VARCHAR(255) NOT NULL, issued_by VARCHAR(255) NOT NULL DEFAULT '', occurred_at TIMESTAMPTZ NOT NULL, topic VARCHAR(255) NOT NULL, message_key VARCHAR(255) NOT NULL, data BYTEA NOT NULL, sent_at TIMESTAMPTZ, parked_at TIMESTAMPTZ, parked_error TEXT)`,
	database.MySQL:    `CREATE TABLE eventstorm_outbox (id BIGINT AUTO_INCREMENT PRIMARY KEY, event_id VARCHAR(255) NOT NULL, type VARCHAR(255) NOT NULL, source VARCHAR(255) NOT NULL, issued_by VARCHAR(255) NOT NULL DEFAULT '', occurred_at DATETIME(6) NOT NULL, topic VARCHAR(255) NOT NULL, message_key VARCHAR(255) NOT NULL, data LONGBLOB NOT NULL, sent_at DATETIME(6) NULL, parked_at DATETIME(6) NULL, parked_error TEXT NULL) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
}

// TestStampsTraceAndCorrelation checks that the outboxes keep with each
// event the trace context, correlation and causation ids of the context it
// was added in (SQL: in a new table and in one made before the columns
// existed), that a message's own are kept, and that a tracestate too long
// to store is dropped rather than fail the command.
func TestStampsTraceAndCorrelation(t *testing.T) {
	tid, _ := trace.TraceIDFromHex("0af7651916cd43dd8448eb211c80319c")
	sid, _ := trace.SpanIDFromHex("b7ad6b7169203331")
	ctx := trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled}))
	ctx = telemetry.WithCausationID(telemetry.WithCorrelationID(ctx, "order-42"), "evt-0")
	const parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
	add := func() []message.Message {
		m := msgs(0, 3)
		m[1].CorrelationID, m[1].CausationID, m[1].TraceParent = "own", "own-cause", "00-1af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
		m[1].DataSchema = message.DataSchema("t", 2)  // a versioned event's schema
		m[2].TraceState = strings.Repeat("v=1,", 200) // 800 bytes
		m[2].TraceParent = parent
		return m
	}
	check := func(t *testing.T, got []message.Message) {
		t.Helper()
		if len(got) != 3 {
			t.Fatalf("published %d messages, want 3", len(got))
		}
		if g := got[0]; g.TraceParent != parent || g.CorrelationID != "order-42" || g.CausationID != "evt-0" {
			t.Errorf("stamped %+v, want the context's trace, correlation and causation", g)
		}
		if g := got[1]; g.CorrelationID != "own" || g.CausationID != "own-cause" || !strings.HasPrefix(g.TraceParent, "00-1af") {
			t.Errorf("a message's own ids were replaced: %+v", g)
		}
		if got[1].DataSchema != "events/t.v2.json" || got[0].DataSchema != "" {
			t.Errorf("data schemas %q and %q, want the one added kept and none", got[1].DataSchema, got[0].DataSchema)
		}
	}
	t.Run("memory", func(t *testing.T) {
		o := outbox.NewMemory()
		o.AddTx(ctx, add()...)
		check(t, relayOnce(t, o))
	})
	for _, old := range []bool{false, true} {
		name := "new table"
		if old {
			name = "table made before"
		}
		t.Run(name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, db *database.DB) {
				if old {
					if _, err := db.Conn(ctx).ExecContext(ctx, oldOutbox[db.Dialect()]); err != nil {
						t.Fatal(err)
					}
				}
				if err := db.Migrate(ctx, database.Schema{Lock: "t", Tables: outbox.Tables}); err != nil {
					t.Fatal(err)
				}
				o := outbox.NewSQL(db)
				if err := o.Add(ctx, add()); err != nil {
					t.Fatal(err)
				}
				got := relayOnce(t, o)
				check(t, got)
				if g := got[2]; g.TraceState != "" || g.TraceParent != "" {
					t.Errorf("a tracestate too long was stored: %q %q", g.TraceParent, g.TraceState)
				}
			})
		})
	}
}

// relayOnce is what one pass of o's relay publishes.
func relayOnce(t *testing.T, o outbox.Relayer) []message.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var got []message.Message
	o.Relay(ctx, func(_ context.Context, msgs []message.Message) error {
		got = append(got, msgs...)
		cancel()
		return nil
	}, logger)
	return got
}
