package message

import (
	"context"
	"slices"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"eventstorm/platform/telemetry"
)

// Stamp returns msgs with what ctx carries in the fields they leave empty:
// the trace context of its span (TraceParent, TraceState), its correlation
// id and its causation id (see package telemetry). It returns msgs itself
// when there is nothing to fill, else a copy: the caller's messages are
// left as they are. The outboxes stamp what they add.
func Stamp(ctx context.Context, msgs []Message) []Message {
	parent, state := telemetry.Inject(ctx)
	correlation, causation := telemetry.CorrelationID(ctx), telemetry.CausationID(ctx)
	var out []Message
	for i, m := range msgs {
		if (m.TraceParent != "" || parent == "") && (m.CorrelationID != "" || correlation == "") && (m.CausationID != "" || causation == "") {
			continue
		}
		if out == nil {
			out = slices.Clone(msgs)
		}
		s := &out[i]
		if s.TraceParent == "" {
			s.TraceParent, s.TraceState = parent, state
		}
		if s.CorrelationID == "" {
			s.CorrelationID = correlation
		}
		if s.CausationID == "" {
			s.CausationID = causation
		}
	}
	if out == nil {
		return msgs
	}
	return out
}

// StartHandling starts the span of m's handling, "process <topic>", of
// kind consumer, a child of m's trace context (a new trace without one),
// with attrs beside m's own, and returns ctx carrying it with m's
// correlation id (its id when it has none, so that the work it causes is
// named) and m's id as the causation id: what the handler logs says them,
// and the events it records keep them. End the span with telemetry.End.
func StartHandling(ctx context.Context, m Message, attrs ...attribute.KeyValue) (context.Context, trace.Span) {
	parent := handlingParent(ctx, m)
	span := trace.SpanFromContext(context.Background()) // records nothing
	if telemetry.Enabled() {
		attrs = append(attrs,
			attribute.String("messaging.operation.type", "process"),
			attribute.String("messaging.destination.name", m.Topic),
			attribute.String("messaging.message.id", m.ID),
			attribute.String("cloudevents.event_id", m.ID),
			attribute.String("cloudevents.event_type", m.Type),
			attribute.String("cloudevents.event_source", m.Source),
		)
		parent, span = telemetry.Start(parent, "process "+m.Topic, trace.WithSpanKind(trace.SpanKindConsumer), trace.WithAttributes(attrs...))
	}
	correlation := m.CorrelationID
	if correlation == "" {
		correlation = m.ID
	}
	return telemetry.WithCause(parent, correlation, m.ID), span
}

// handlingParent is ctx carrying m's trace context instead of any span ctx
// carries (a new trace without one): what m's handling continues, even
// while this service traces nothing, so that the events it records keep
// the trace.
func handlingParent(ctx context.Context, m Message) context.Context {
	if m.TraceParent != "" || trace.SpanContextFromContext(ctx).IsValid() {
		ctx = telemetry.Extract(trace.ContextWithSpanContext(ctx, trace.SpanContext{}), m.TraceParent, m.TraceState)
	}
	return ctx
}

// Deliver hands m to handle within the span of its handling (see
// StartHandling), recording its error: what an in-process bus does with
// each event it carries.
func Deliver(ctx context.Context, m Message, handle Handler) (err error) {
	ctx, span := StartHandling(ctx, m)
	defer telemetry.End(span, &err)
	return handle(ctx, m)
}
