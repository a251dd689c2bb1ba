package telemetry

import (
	"context"
	"log/slog"

	"go.opentelemetry.io/otel/trace"
)

// LogHandler adds to each record logged with a context (slog's
// ...Context methods) what that context carries: trace_id and span_id of
// its span, correlation_id and causation_id. NewLogHandler makes one.
type LogHandler struct {
	inner slog.Handler
}

// NewLogHandler wraps h in a LogHandler; h itself when it is one already.
func NewLogHandler(h slog.Handler) slog.Handler {
	if _, ok := h.(*LogHandler); ok {
		return h
	}
	return &LogHandler{inner: h}
}

// Logger is logger logging through a LogHandler; nil is slog's default
// logger.
func Logger(logger *slog.Logger) *slog.Logger {
	if logger == nil {
		logger = slog.Default()
	}
	if _, ok := logger.Handler().(*LogHandler); ok {
		return logger
	}
	return slog.New(NewLogHandler(logger.Handler()))
}

// Enabled is the wrapped handler's.
func (h *LogHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.inner.Enabled(ctx, level)
}

// Handle adds the context's ids to r and hands it on.
func (h *LogHandler) Handle(ctx context.Context, r slog.Record) error {
	if ctx != nil {
		if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
			r.AddAttrs(slog.String("trace_id", sc.TraceID().String()), slog.String("span_id", sc.SpanID().String()))
		}
		if id := CorrelationID(ctx); id != "" {
			r.AddAttrs(slog.String("correlation_id", id))
		}
		if id := CausationID(ctx); id != "" {
			r.AddAttrs(slog.String("causation_id", id))
		}
	}
	return h.inner.Handle(ctx, r)
}

// WithAttrs is the wrapped handler's, wrapped.
func (h *LogHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &LogHandler{inner: h.inner.WithAttrs(attrs)}
}

// WithGroup is the wrapped handler's, wrapped: the context's ids then go
// in the group.
func (h *LogHandler) WithGroup(name string) slog.Handler {
	return &LogHandler{inner: h.inner.WithGroup(name)}
}
