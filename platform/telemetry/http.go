package telemetry

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/felixge/httpsnoop"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// HeaderCorrelationID is the request header a caller names the work with,
// echoed in the response.
const HeaderCorrelationID = "X-Correlation-ID"

// AccessLogOff is the access-log level that logs nothing.
const AccessLogOff = slog.Level(1 << 10)

// AccessLogLevelFromEnv reads ACCESS_LOG_LEVEL, the level of the access
// log's lines: debug, info (the default), warn, error, or off for none.
func AccessLogLevelFromEnv() (slog.Level, error) {
	return levelFromEnv("ACCESS_LOG_LEVEL", true)
}

// LogLevelFromEnv reads LOG_LEVEL, the lowest level a service logs: debug
// (a line per event handled, among others), info (the default), warn or
// error.
func LogLevelFromEnv() (slog.Level, error) {
	return levelFromEnv("LOG_LEVEL", false)
}

// levelFromEnv reads a level from the variable name, info when unset; off
// is a level only where offOK.
func levelFromEnv(name string, offOK bool) (slog.Level, error) {
	switch v := strings.ToLower(strings.TrimSpace(os.Getenv(name))); v {
	case "", "info":
		return slog.LevelInfo, nil
	case "debug":
		return slog.LevelDebug, nil
	case "warn":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	case "off":
		if offOK {
			return AccessLogOff, nil
		}
		return 0, fmt.Errorf("%s: %q is not debug, info, warn or error", name, v)
	default:
		if offOK {
			return 0, fmt.Errorf("%s: %q is not debug, info, warn, error or off", name, v)
		}
		return 0, fmt.Errorf("%s: %q is not debug, info, warn or error", name, v)
	}
}

// propagator reads a caller's W3C trace context and baggage, whatever
// global propagator is set.
var propagator = propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})

// served is what the innermost handler learns of a request, for the
// access log and the metrics: the route that matched and the server span.
type served struct {
	route string
	span  trace.SpanContext
}

type servedKey struct{}

// Routed is h noting, for Middleware, the route pattern an http.ServeMux
// matched: wrap the mux in it when handlers that copy the request (with
// r.WithContext) stand between Middleware and the mux.
func Routed(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		note(r)
	})
}

// note tells Middleware the route pattern r matched, if any, and names the
// server span after it.
func note(r *http.Request) {
	s, ok := r.Context().Value(servedKey{}).(*served)
	if !ok || r.Pattern == "" || s.route != "" {
		return
	}
	s.route = r.Pattern
	span := trace.SpanFromContext(r.Context())
	span.SetName(spanName("", r))
	span.SetAttributes(attribute.String("http.route", r.Pattern))
}

// Middleware observes each request next serves:
//
//   - its correlation id: the X-Correlation-ID header when it is 1 to 128
//     printable ASCII characters, else a new one; in the request's context
//     (CorrelationID) and echoed in the response's X-Correlation-ID;
//   - a server span (otelhttp), a child of the caller's traceparent, named
//     after the route pattern that matched, such as "POST /orders";
//   - http_requests_total{method,route,status} and
//     http_request_duration_seconds{method,route} (see Register);
//   - one access-log line at level (AccessLogOff for none), with method,
//     route, path, status, bytes, duration, and the correlation and trace
//     ids.
//
// The route is known when next is, or hands the request itself to, an
// http.ServeMux, or when the mux is wrapped in Routed.
func Middleware(next http.Handler, logger *slog.Logger, level slog.Level) http.Handler {
	logger = Logger(logger)
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s, ok := r.Context().Value(servedKey{}).(*served); ok {
			s.span = trace.SpanContextFromContext(r.Context())
		}
		next.ServeHTTP(w, r)
		note(r)
	})
	traced := otelhttp.NewHandler(inner, "http", otelhttp.WithSpanNameFormatter(spanName), otelhttp.WithPropagators(propagator))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(HeaderCorrelationID)
		if !ValidCorrelationID(id) {
			id = NewCorrelationID()
		}
		w.Header().Set(HeaderCorrelationID, id)
		s := &served{}
		ctx := context.WithValue(WithCorrelationID(r.Context(), id), servedKey{}, s)
		m := httpsnoop.CaptureMetrics(traced, w, r.WithContext(ctx))
		route := routeLabel(s.route)
		httpRequests.WithLabelValues(r.Method, route, strconv.Itoa(m.Code)).Inc()
		httpDuration.WithLabelValues(r.Method, route).Observe(m.Duration.Seconds())
		if level != AccessLogOff {
			logger.LogAttrs(trace.ContextWithSpanContext(ctx, s.span), level, "http request",
				slog.String("method", r.Method), slog.String("route", route), slog.String("path", r.URL.Path),
				slog.Int("status", m.Code), slog.Int64("bytes", m.Written), slog.Duration("duration", m.Duration.Round(time.Microsecond)))
		}
	})
}

// spanName names a server span after the route pattern, with the method
// when the pattern has none, or after the method before routing.
func spanName(_ string, r *http.Request) string {
	switch {
	case r.Pattern == "":
		return r.Method
	case strings.HasPrefix(r.Pattern, "/"):
		return r.Method + " " + r.Pattern
	}
	return r.Pattern
}

// routeLabel is the metrics' route label of a pattern: "unmatched" for
// none, so that unknown paths do not make new series.
func routeLabel(pattern string) string {
	if pattern == "" {
		return "unmatched"
	}
	return pattern
}
