package telemetry

import (
	"context"
	"sync/atomic"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// tracerName names the tracer of the service's spans: the service's name,
// once Setup has run.
var tracerName atomic.Pointer[string]

// defaultTracerName names the tracer before Setup runs.
const defaultTracerName = "eventstorm"

// Tracer is the service's tracer, from the global TracerProvider that
// Setup configures (a no-op one without it).
func Tracer() trace.Tracer {
	name := defaultTracerName
	if p := tracerName.Load(); p != nil {
		name = *p
	}
	return otel.Tracer(name)
}

// Start starts a span named name, a child of the span ctx carries, and
// returns ctx carrying it. End it with End:
//
//	ctx, span := telemetry.Start(ctx, "PlaceOrder")
//	defer telemetry.End(span, &err)
//
// Without Setup, or with tracing off, the span records nothing.
func Start(ctx context.Context, name string, opts ...trace.SpanStartOption) (context.Context, trace.Span) {
	return Tracer().Start(ctx, name, opts...)
}

// End ends span, recording *errp as its error when errp and *errp are not
// nil.
func End(span trace.Span, errp *error) {
	if errp != nil && *errp != nil {
		span.RecordError(*errp)
		span.SetStatus(codes.Error, (*errp).Error())
	}
	span.End()
}

// traceContext reads and writes W3C trace context (traceparent and
// tracestate), whatever global propagator is set.
var traceContext propagation.TraceContext

// Inject returns the W3C traceparent and tracestate of the span ctx
// carries, "" when it carries none valid.
func Inject(ctx context.Context) (traceparent, tracestate string) {
	carrier := propagation.MapCarrier{}
	traceContext.Inject(ctx, carrier)
	return carrier["traceparent"], carrier["tracestate"]
}

// Extract returns ctx carrying the remote span of a W3C traceparent and
// tracestate, to start its children; ctx as it is when traceparent is not
// valid.
func Extract(ctx context.Context, traceparent, tracestate string) context.Context {
	if traceparent == "" {
		return ctx
	}
	return traceContext.Extract(ctx, propagation.MapCarrier{"traceparent": traceparent, "tracestate": tracestate})
}
