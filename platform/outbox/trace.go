package outbox

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"eventstorm/platform/telemetry"
)

// startInsert starts the span of adding n messages to an outbox, "outbox
// insert", whose trace context the messages keep: their publication is its
// child.
func startInsert(ctx context.Context, n int) (context.Context, trace.Span) {
	if !telemetry.Enabled() {
		return telemetry.Start(ctx, "outbox insert")
	}
	return telemetry.Start(ctx, "outbox insert", trace.WithAttributes(attribute.Int("messaging.batch.message_count", n)))
}
