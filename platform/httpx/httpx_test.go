package httpx

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-json"
)

type command struct {
	Name   string    `json:"name"`
	Amount int       `json:"amount"`
	At     time.Time `json:"at"`
	Note   *string   `json:"note,omitempty"`
}

// TestDecode checks that a body is read as the contract says, and refused
// with the right status and a detail naming the problem otherwise.
func TestDecode(t *testing.T) {
	cases := []struct {
		name     string
		body     string
		required []string
		status   int    // 0: accepted
		detail   string // a part of the problem's detail
		want     command
	}{
		{name: "valid", body: `{"name":"a","amount":2}`, required: []string{"name", "amount"}, want: command{Name: "a", Amount: 2}},
		{name: "optional left out", body: `{"name":"a"}`, required: []string{"name"}, want: command{Name: "a"}},
		{name: "empty body without required", body: ``, want: command{}},
		{name: "empty body with required", body: ``, required: []string{"name"}, status: 400, detail: "lacks name"},
		{name: "missing required", body: `{"note":"x"}`, required: []string{"name", "amount"}, status: 400, detail: "lacks name, amount, which are required"},
		{name: "unknown field", body: `{"name":"a","nope":1}`, status: 400, detail: `unknown field "nope"`},
		{name: "not an object", body: `[1,2]`, status: 400, detail: "must be a JSON object"},
		{name: "null", body: `null`, status: 400, detail: "must be a JSON object"},
		{name: "malformed", body: `{not json`, status: 400, detail: "must be a JSON object"},
		{name: "wrong type", body: `{"amount":"x"}`, status: 400, detail: "invalid JSON body"},
		{name: "bad time", body: `{"at":"2027-01-20"}`, status: 400, detail: `"2027-01-20" is not a time such as 2026-11-24T10:00:00Z`},
		{name: "too large", body: `{"name":"` + strings.Repeat("x", MaxBodyBytes) + `"}`, status: 413, detail: "larger than 1048576 bytes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			r := httptest.NewRequest("POST", "/x", strings.NewReader(c.body))
			var got command
			ok := Decode(w, r, &got, c.required...)
			if c.status == 0 {
				if !ok {
					t.Fatalf("refused: %d %s", w.Code, w.Body)
				}
				if got.Name != c.want.Name || got.Amount != c.want.Amount {
					t.Errorf("decoded %+v, want %+v", got, c.want)
				}
				return
			}
			if ok || w.Code != c.status {
				t.Fatalf("ok=%v status %d, want refused with %d (%s)", ok, w.Code, c.status, w.Body)
			}
			var p Problem
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || !strings.Contains(p.Detail, c.detail) {
				t.Errorf("problem %s (%v), want a detail with %q", w.Body, err, c.detail)
			}
		})
	}
}

// TestWriteProblem checks the RFC 9457 fields and content type.
func TestWriteProblem(t *testing.T) {
	w := httptest.NewRecorder()
	WriteProblem(w, httptest.NewRequest("GET", "/order/1", nil), http.StatusNotFound, "no such order")
	if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" || w.Code != 404 {
		t.Fatalf("status %d, content type %q", w.Code, ct)
	}
	var p Problem
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	want := Problem{Type: "about:blank", Title: "Not Found", Status: 404, Detail: "no such order", Instance: "/order/1"}
	if p != want {
		t.Errorf("problem %+v, want %+v", p, want)
	}
}

// TestPageLimit checks ?limit= and its bounds.
func TestPageLimit(t *testing.T) {
	for query, want := range map[string]int{"": DefaultLimit, "?limit=1": 1, "?limit=1000": 1000, "?limit=0": -1, "?limit=1001": -1, "?limit=x": -1} {
		w := httptest.NewRecorder()
		n, ok := PageLimit(w, httptest.NewRequest("GET", "/rows"+query, nil))
		switch {
		case want < 0 && (ok || w.Code != 400):
			t.Errorf("%q: ok=%v status %d, want 400", query, ok, w.Code)
		case want >= 0 && (!ok || n != want):
			t.Errorf("%q: %d, %v; want %d", query, n, ok, want)
		}
	}
}

// TestProbes checks /healthz, /readyz as Ready says, and /metrics only
// when the service has metrics.
func TestProbes(t *testing.T) {
	ready := false
	metrics := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("m 1\n")) })
	for _, withMetrics := range []bool{true, false} {
		p := Probes{Ready: func() bool { return ready }}
		if withMetrics {
			p.Metrics = metrics
		}
		mux := NewMux(p)
		get := func(path string) *httptest.ResponseRecorder {
			w := httptest.NewRecorder()
			mux.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
			return w
		}
		if w := get("/healthz"); w.Code != 200 || !strings.Contains(w.Body.String(), `"ok"`) {
			t.Errorf("healthz %d %s", w.Code, w.Body)
		}
		ready = false
		if w := get("/readyz"); w.Code != 503 || w.Header().Get("Content-Type") != "application/problem+json" {
			t.Errorf("readyz while not ready: %d %s", w.Code, w.Body)
		}
		ready = true
		if w := get("/readyz"); w.Code != 200 {
			t.Errorf("readyz while ready: %d", w.Code)
		}
		w := get("/metrics")
		if withMetrics && (w.Code != 200 || w.Body.String() != "m 1\n") || !withMetrics && w.Code != 404 {
			t.Errorf("metrics (service has them: %v): %d %s", withMetrics, w.Code, w.Body)
		}
	}
}
