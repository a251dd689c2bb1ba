package cmd

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// devRunsTraced runs the sample with OTEL_TRACES_EXPORTER=console and
// LOG_LEVEL=debug, as a user following one order would: the order placed
// with a correlation id is one trace across both services, every span's
// parent in it, the history's log line about the event says the
// correlation id and the trace, and /metrics has the runtime's and the
// HTTP metrics.
func devRunsTraced(t *testing.T, dir string) {
	t.Setenv("OTEL_TRACES_EXPORTER", "console")
	t.Setenv("LOG_LEVEL", "debug")
	r := runSample(t, dir, "", false)
	d, urls := r.devRun, r.urls
	const correlation = "order-trace-7"
	req, _ := http.NewRequest(http.MethodPost, urls[0]+"/order/place-order", strings.NewReader(`{"customerId": "c1", "amount": "12.50"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Correlation-ID", correlation)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("X-Correlation-ID") != correlation {
		t.Fatalf("POST /order/place-order: %s, X-Correlation-ID %q, want 201 and the id echoed", resp.Status, resp.Header.Get("X-Correlation-ID"))
	}
	want := []string{
		"ordering POST /order/place-order", "ordering Place Order", "ordering save Order", "ordering outbox insert", "ordering send ",
		"order-history process ", "order-history Order History on Ordering.Order Placed",
	}
	var trace []devSpan
	deadline := time.Now().Add(30 * time.Second)
	for {
		trace = requestTrace(devSpans(d.out.String()), "POST /order/place-order")
		if missing := missingSpans(trace, want); len(missing) == 0 {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("the order's trace lacks %q within 30s; it has %v:\n%s", missing, trace, d)
		}
		time.Sleep(200 * time.Millisecond)
	}
	ids := map[string]bool{}
	for _, s := range trace {
		ids[s.SpanContext.SpanID] = true
	}
	for _, s := range trace {
		if s.Name != "POST /order/place-order" && !ids[s.Parent.SpanID] {
			t.Errorf("%s's span %q has the parent %s, not a span of its trace %s", s.service, s.Name, s.Parent.SpanID, s.SpanContext.TraceID)
		}
	}
	line := devLogLine(t, d.out.String(), "order-history", "handling an event")
	if line["correlation_id"] != correlation || line["trace_id"] != trace[0].SpanContext.TraceID {
		t.Errorf("order-history's line about the event: %v, want correlation_id %s and trace_id %s", line, correlation, trace[0].SpanContext.TraceID)
	}
	for i, u := range urls {
		metrics := get(t, u+"/metrics")
		for _, m := range []string{"go_goroutines ", "process_cpu_seconds_total ", "http_request_duration_seconds_bucket{"} {
			if !strings.Contains(metrics, m) {
				t.Errorf("%s/metrics has no %s", u, m)
			}
		}
		if i == 0 && !strings.Contains(metrics, `http_requests_total{method="POST",route="POST /order/place-order",status="201"} 1`) {
			t.Errorf("%s/metrics does not count the order placed:\n%s", u, metrics)
		}
	}
}

// devSpan is a span as the console exporter writes it, with the service
// whose output it came on.
type devSpan struct {
	service     string
	Name        string
	SpanContext struct{ TraceID, SpanID string }
	Parent      struct{ SpanID string }
}

func (s devSpan) String() string { return s.service + " " + s.Name }

// devSpans reads the spans in dev's output, whose lines are the services'
// prefixed with their names.
func devSpans(out string) []devSpan {
	var spans []devSpan
	for _, line := range strings.Split(out, "\n") {
		service, rest, ok := strings.Cut(line, " | ")
		if !ok || !strings.Contains(rest, `"SpanContext"`) {
			continue
		}
		var s devSpan
		if json.Unmarshal([]byte(rest), &s) == nil && s.SpanContext.TraceID != "" {
			s.service = strings.TrimSpace(service)
			spans = append(spans, s)
		}
	}
	return spans
}

// requestTrace returns the spans of the trace whose root is named root,
// the root first.
func requestTrace(spans []devSpan, root string) []devSpan {
	var trace []devSpan
	for _, s := range spans {
		if s.Name == root {
			trace = append(trace, s)
		}
	}
	if len(trace) != 1 {
		return nil
	}
	for _, s := range spans {
		if s.SpanContext.TraceID == trace[0].SpanContext.TraceID && s.Name != root {
			trace = append(trace, s)
		}
	}
	return trace
}

// missingSpans returns the wanted "service name-prefix" entries that no
// span of trace matches.
func missingSpans(trace []devSpan, want []string) []string {
	var missing []string
	for _, w := range want {
		found := false
		for _, s := range trace {
			found = found || strings.HasPrefix(s.String(), w)
		}
		if !found {
			missing = append(missing, w)
		}
	}
	return missing
}

// devLogLine returns the first JSON log line of service with the message.
func devLogLine(t *testing.T, out, service, msg string) map[string]any {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		name, rest, ok := strings.Cut(line, " | ")
		var l map[string]any
		if ok && strings.TrimSpace(name) == service && json.Unmarshal([]byte(rest), &l) == nil && l["msg"] == msg {
			return l
		}
	}
	t.Fatalf("%s logged no %q:\n%s", service, msg, out)
	return nil
}

// get returns the body of a GET of url, failing on anything but 200.
func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	return string(body)
}
