package telemetry

import (
	"context"
	"sync/atomic"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// tracerName names the tracer of the service's spans: the service's name,
// once Setup has run.
var tracerName atomic.Pointer[string]

// defaultTracerName names the tracer before Setup runs.
const defaultTracerName = "eventstorm"

// tracer is the service's tracer while tracing is on (Setup found an
// exporter, or UseTracerProvider was given one); nil while it is off.
var tracer atomic.Pointer[trace.Tracer]

// offSpan is the span Start returns while tracing is off: it records
// nothing, and ending it does nothing.
var offSpan trace.Span = noop.Span{}

// UseTracerProvider makes tp the global TracerProvider and turns tracing
// on; nil turns it off (Start then costs nothing). Setup calls it; tests
// give it an SDK provider with an in-memory exporter.
func UseTracerProvider(tp trace.TracerProvider) {
	if tp == nil {
		tracer.Store(nil)
		otel.SetTracerProvider(noop.NewTracerProvider())
		return
	}
	otel.SetTracerProvider(tp)
	t := Tracer()
	tracer.Store(&t)
}

// Enabled reports whether tracing is on. Code that builds span options
// (attributes) checks it first, so that tracing off costs nothing.
func Enabled() bool { return tracer.Load() != nil }

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
// While tracing is off it returns ctx as it is (so the trace context a
// caller sent still reaches the events recorded) and a span that records
// nothing, without allocating.
func Start(ctx context.Context, name string, opts ...trace.SpanStartOption) (context.Context, trace.Span) {
	t := tracer.Load()
	if t == nil {
		return ctx, offSpan
	}
	return (*t).Start(ctx, name, opts...)
}

// End ends span, recording *errp as its error when errp and *errp are not
// nil.
func End(span trace.Span, errp *error) {
	if _, off := span.(noop.Span); off {
		return
	}
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
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return "", ""
	}
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
