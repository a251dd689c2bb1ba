package message_test

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/trace"

	"eventstorm/platform/message"
	"eventstorm/platform/telemetry"
)

// TestDeliver checks that an event delivered in process is handled in a
// context continuing its trace, with its correlation id (its own id when
// it has none) and itself as the cause, and that what the handler records
// there is stamped so.
func TestDeliver(t *testing.T) {
	const parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
	cases := []struct {
		name        string
		m           message.Message
		correlation string
	}{
		{"correlated", message.Message{ID: "e1", TraceParent: parent, CorrelationID: "order-42"}, "order-42"},
		{"uncorrelated", message.Message{ID: "e2", TraceParent: parent}, "e2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var recorded []message.Message
			err := message.Deliver(context.Background(), c.m, func(ctx context.Context, m message.Message) error {
				if sc := trace.SpanContextFromContext(ctx); sc.TraceID().String() != "0af7651916cd43dd8448eb211c80319c" {
					t.Errorf("handled in trace %v, want the event's", sc.TraceID())
				}
				recorded = message.Stamp(ctx, []message.Message{{ID: "next"}})
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			r := recorded[0]
			if r.CorrelationID != c.correlation || r.CausationID != c.m.ID || r.TraceParent[:35] != parent[:35] {
				t.Errorf("recorded %+v, want correlation %q, causation %q, trace %s", r, c.correlation, c.m.ID, parent[:35])
			}
		})
	}
	unchanged := []message.Message{{ID: "x"}}
	if got := message.Stamp(telemetry.WithCorrelationID(context.Background(), ""), unchanged); &got[0] != &unchanged[0] {
		t.Error("Stamp copied messages with nothing to fill")
	}
}
