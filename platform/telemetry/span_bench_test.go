package telemetry_test

import (
	"context"
	"errors"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"eventstorm/platform/message"
	"eventstorm/platform/telemetry"
)

// BenchmarkSpan is the cost of one span as the generated code makes it
// (Start, End with the function's error), and of one event handed on in
// the span of its handling (message.Deliver: the trace context extracted,
// the correlation and causation ids put in the context), with tracing off
// (no Setup, or no OTEL_* variable: the no-op provider) and on (every span
// sampled, batched to an exporter that drops them). An event of the order
// flow passes through six spans (use case, repository save, outbox insert,
// relay send, consumer process, projection).
func BenchmarkSpan(b *testing.B) {
	for _, tracing := range []string{"off", "on"} {
		b.Run("tracing="+tracing, func(b *testing.B) {
			if tracing == "on" {
				tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()), sdktrace.WithBatcher(tracetest.NewNoopExporter()))
				telemetry.UseTracerProvider(tp)
				b.Cleanup(func() {
					_ = tp.Shutdown(context.Background())
					telemetry.UseTracerProvider(nil)
				})
			}
			b.Run("start-end", func(b *testing.B) {
				b.ReportAllocs()
				ctx := context.Background()
				for b.Loop() {
					spanned(ctx)
				}
			})
			b.Run("deliver", func(b *testing.B) {
				b.ReportAllocs()
				m := message.Message{ID: "evt-1", Type: "shop.ordering.order-placed", Topic: "shop.ordering.order",
					TraceParent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", CorrelationID: "c-1"}
				handle := func(context.Context, message.Message) error { return nil }
				ctx := context.Background()
				for b.Loop() {
					_ = message.Deliver(ctx, m, handle)
				}
			})
		})
	}
}

var errBench = errors.New("bench")

// spanned is a function traced as the generated use cases are.
//
//go:noinline
func spanned(ctx context.Context) (err error) {
	ctx, span := telemetry.Start(ctx, "Place Order")
	defer telemetry.End(span, &err)
	if ctx == nil {
		return errBench
	}
	return nil
}
