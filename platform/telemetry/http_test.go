package telemetry

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

// TestMiddleware checks, for each request, the correlation id answered and
// given to the handler, the access-log line at its level, and the server
// span named by the route and continuing the caller's traceparent.
func TestMiddleware(t *testing.T) {
	long := strings.Repeat("a", MaxCorrelationID)
	cases := []struct {
		name, method, path, correlation string
		keep                            bool // the caller's correlation id is kept
		level                           slog.Level
		route                           string
		status                          int
	}{
		{name: "kept", method: "POST", path: "/orders", correlation: "order-1", keep: true, route: "POST /orders", status: 201},
		{name: "longest kept", method: "GET", path: "/orders/7", correlation: long, keep: true, level: slog.LevelWarn, route: "GET /orders/{id}", status: 200},
		{name: "none: new", method: "GET", path: "/orders/7", route: "GET /orders/{id}", status: 200},
		{name: "too long: new", method: "GET", path: "/orders/7", correlation: long + "b", route: "GET /orders/{id}", status: 200},
		{name: "control character: new", method: "GET", path: "/orders/7", correlation: "a\tb", route: "GET /orders/{id}", status: 200},
		{name: "not found", method: "GET", path: "/nowhere", correlation: "c", keep: true, route: "unmatched", status: 404},
		{name: "off", method: "POST", path: "/orders", correlation: "d", keep: true, level: AccessLogOff, route: "POST /orders", status: 201},
	}
	rec := tracetest.NewSpanRecorder()
	UseTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec)))
	t.Cleanup(func() { UseTracerProvider(nil) })
	mux := http.NewServeMux()
	var seen string
	mux.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) {
		seen = CorrelationID(r.Context())
		w.WriteHeader(201)
	})
	mux.HandleFunc("GET /orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		seen = CorrelationID(r.Context())
		w.Write([]byte("order"))
	})
	const caller = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var log bytes.Buffer
			seen = ""
			h := Middleware(mux, slog.New(slog.NewJSONHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug})), c.level)
			r := httptest.NewRequest(c.method, c.path, nil)
			r.Header.Set("X-Correlation-ID", c.correlation)
			r.Header.Set("traceparent", caller)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			id := w.Header().Get("X-Correlation-ID")
			if c.keep != (id == c.correlation) || !ValidCorrelationID(id) || (c.status != 404 && seen != id) {
				t.Errorf("correlation id answered %q, handler saw %q, sent %q (kept: %v)", id, seen, c.correlation, c.keep)
			}
			if w.Code != c.status {
				t.Errorf("status %d, want %d", w.Code, c.status)
			}
			checkAccessLine(t, log.Bytes(), c.level, c.method, c.route, c.path, id, c.status)
			spans := rec.Ended()
			span := spans[len(spans)-1]
			wantName := c.route
			if c.route == "unmatched" {
				wantName = c.method
			}
			if span.Name() != wantName || span.SpanKind() != trace.SpanKindServer || span.Parent().SpanID().String() != "b7ad6b7169203331" {
				t.Errorf("span %q of kind %v with parent %v, want %q, a server span continuing the caller's", span.Name(), span.SpanKind(), span.Parent().SpanID(), wantName)
			}
		})
	}
}

// checkAccessLine checks the access log: nothing when off, else one line
// at level with the request's method, route, path, status, bytes,
// duration and correlation and trace ids.
func checkAccessLine(t *testing.T, log []byte, level slog.Level, method, route, path, correlation string, status int) {
	t.Helper()
	if level == AccessLogOff {
		if len(log) > 0 {
			t.Errorf("access log off, logged %s", log)
		}
		return
	}
	var line map[string]any
	if err := json.Unmarshal(log, &line); err != nil {
		t.Fatalf("access log %q: %v", log, err)
	}
	want := map[string]any{"level": level.String(), "msg": "http request", "method": method, "route": route, "path": path,
		"status": float64(status), "correlation_id": correlation, "trace_id": "0af7651916cd43dd8448eb211c80319c"}
	for k, v := range want {
		if line[k] != v {
			t.Errorf("access log %s = %v, want %v", k, line[k], v)
		}
	}
	if _, ok := line["bytes"]; !ok {
		t.Error("access log without bytes")
	}
	if _, ok := line["duration"]; !ok {
		t.Error("access log without duration")
	}
}

// copiedKey marks a request copied by a handler in between.
type copiedKey struct{}

// TestMetrics checks that the registry of a service has the Go runtime's
// and the process's metrics, and the requests counted by method, route and
// status with their durations.
func TestMetrics(t *testing.T) {
	reg := NewRegistry()
	mux := http.NewServeMux()
	mux.HandleFunc("DELETE /metrics-test/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	h := Routed(mux)
	// A handler that copies the request stands between them, as the
	// runner's limits do: Routed still tells the route.
	copying := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), copiedKey{}, 1)))
	})
	server := Middleware(copying, slog.New(slog.DiscardHandler), AccessLogOff)
	for range 3 {
		server.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("DELETE", "/metrics-test/9", nil))
	}
	route := "DELETE /metrics-test/{id}"
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, f := range families {
		names[f.GetName()] = true
		if f.GetName() == "http_requests_total" {
			for _, m := range f.GetMetric() {
				if labels(m.GetLabel()) == "method=DELETE,route="+route+",status=204" && m.GetCounter().GetValue() != 3 {
					t.Errorf("http_requests_total{DELETE,%s,204} = %v, want 3", route, m.GetCounter().GetValue())
				}
			}
		}
		if f.GetName() == "http_request_duration_seconds" {
			for _, m := range f.GetMetric() {
				if labels(m.GetLabel()) == "method=DELETE,route="+route && m.GetHistogram().GetSampleCount() != 3 {
					t.Errorf("duration observed %d times, want 3", m.GetHistogram().GetSampleCount())
				}
			}
		}
	}
	for _, want := range []string{"go_goroutines", "go_memstats_alloc_bytes", "process_cpu_seconds_total", "process_open_fds", "http_requests_total", "http_request_duration_seconds"} {
		if !names[want] {
			t.Errorf("no metric %s", want)
		}
	}
	if err := prometheus.NewRegistry().Register(httpRequests); err != nil {
		t.Errorf("the HTTP metrics cannot go in a second registry: %v", err)
	}
}

func labels(ls []*dto.LabelPair) string {
	var parts []string
	for _, l := range ls {
		parts = append(parts, l.GetName()+"="+l.GetValue())
	}
	return strings.Join(parts, ",")
}
