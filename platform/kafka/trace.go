package kafka

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"eventstorm/platform/message"
	"eventstorm/platform/telemetry"
)

// system is the messaging.system attribute of the spans.
var system = attribute.String("messaging.system", "kafka")

// startPublish starts the span of publishing m, "send <topic>", of kind
// producer, a child of the trace context m was recorded in (a new trace
// without one), and returns m carrying the span's trace context, which its
// consumers continue. End the span once the broker answers.
func startPublish(ctx context.Context, m message.Message) (message.Message, trace.Span) {
	if !telemetry.Enabled() {
		// m keeps the trace context it was recorded in, for its consumers.
		return m, trace.SpanFromContext(context.Background())
	}
	parent := telemetry.Extract(trace.ContextWithSpanContext(ctx, trace.SpanContext{}), m.TraceParent, m.TraceState)
	ctx, span := telemetry.Start(parent, "send "+m.Topic, trace.WithSpanKind(trace.SpanKindProducer), trace.WithAttributes(
		system,
		attribute.String("messaging.operation.type", "send"),
		attribute.String("messaging.destination.name", m.Topic),
		attribute.String("messaging.message.id", m.ID),
		attribute.String("messaging.kafka.message.key", m.Key),
		attribute.String("cloudevents.event_type", m.Type),
	))
	if parent, state := telemetry.Inject(ctx); parent != "" {
		m.TraceParent, m.TraceState = parent, state
	}
	return m, span
}

// startHandling starts the span of handling the record r was read as, m
// (see message.StartHandling), with where r was.
func startHandling(ctx context.Context, m message.Message, partition int32, offset int64) (context.Context, trace.Span) {
	if !telemetry.Enabled() {
		// No span records them: no attributes to build, once per record.
		return message.StartHandling(ctx, m)
	}
	return message.StartHandling(ctx, m, system,
		attribute.Int("messaging.destination.partition.id", int(partition)),
		attribute.Int64("messaging.kafka.offset", offset))
}
