package httpx

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
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

// problemOf reads the answer as a problem details object, checking its
// content type, its status and its instance.
func problemOf(t *testing.T, w *httptest.ResponseRecorder, path string) Problem {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("content type %q, want application/problem+json", ct)
	}
	var p Problem
	dec := json.NewDecoder(w.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("not a problem: %v", err)
	}
	if p.Type != "about:blank" || p.Status != w.Code || p.Title != http.StatusText(w.Code) || p.Instance != path {
		t.Errorf("problem %+v for status %d at %s", p, w.Code, path)
	}
	return p
}

// TestDecode checks that a body is read as the contract says, and refused
// with the right status and a detail naming the problem otherwise.
func TestDecode(t *testing.T) {
	note := "n"
	// Exactly MaxBodyBytes: the largest body taken.
	largest := `{"name":"` + strings.Repeat("x", MaxBodyBytes-len(`{"name":""}`)) + `"}`
	cases := []struct {
		name     string
		body     string
		required []string
		status   int    // 0: accepted
		detail   string // a part of the problem's detail
		want     command
		// contentType is the request's, application/json when empty,
		// none when "-".
		contentType string
	}{
		{name: "valid", body: `{"name":"a","amount":2,"at":"2026-11-24T10:00:00Z","note":"n"}`, required: []string{"name", "amount"}, want: command{Name: "a", Amount: 2, At: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC), Note: &note}},
		{name: "optional left out", body: `{"name":"a"}`, required: []string{"name"}, want: command{Name: "a", Amount: 7}},
		{name: "surrounding space", body: " \n{\"name\":\"a\"}\n\t ", want: command{Name: "a", Amount: 7}},
		{name: "required present as null", body: `{"name":null}`, required: []string{"name"}, want: command{Name: "before", Amount: 7}},
		{name: "empty body leaves v as it is", body: ``, want: command{Name: "before", Amount: 7}},
		{name: "blank body leaves v as it is", body: " \r\n\t", want: command{Name: "before", Amount: 7}},
		{name: "empty object", body: `{}`, want: command{Name: "before", Amount: 7}},
		{name: "largest", body: largest, want: command{Name: strings.Repeat("x", MaxBodyBytes-len(`{"name":""}`)), Amount: 7}},
		{name: "empty body with required", body: ``, required: []string{"name"}, status: 400, detail: "the body lacks name, which is required"},
		{name: "missing required", body: `{"note":"x"}`, required: []string{"name", "amount"}, status: 400, detail: "the body lacks name, amount, which are required"},
		{name: "unknown field", body: `{"name":"a","nope":1}`, status: 400, detail: `unknown field "nope"`},
		{name: "not an object", body: `[1,2]`, status: 400, detail: "must be a JSON object"},
		{name: "string", body: `"a"`, status: 400, detail: "must be a JSON object"},
		{name: "null", body: `null`, status: 400, detail: "must be a JSON object"},
		{name: "malformed", body: `{not json`, status: 400, detail: "must be a JSON object"},
		{name: "truncated", body: `{"name":"a"`, status: 400, detail: "must be a JSON object"},
		{name: "trailing second value", body: `{"name":"a"} {"name":"b"}`, status: 400, detail: "must be a JSON object"},
		{name: "trailing garbage", body: `{"name":"a"}x`, status: 400, detail: "must be a JSON object"},
		{name: "wrong type", body: `{"amount":"x"}`, status: 400, detail: "invalid JSON body"},
		{name: "bad time", body: `{"at":"2027-01-20"}`, status: 400, detail: `"2027-01-20" is not a time such as 2026-11-24T10:00:00Z (RFC 3339)`},
		{name: "one byte too large", body: largest + " ", status: 413, detail: "the body is larger than " + strconv.Itoa(MaxBodyBytes) + " bytes"},
		{name: "far too large", body: `{"name":"` + strings.Repeat("x", 3*MaxBodyBytes) + `"}`, status: 413, detail: "larger than " + strconv.Itoa(MaxBodyBytes) + " bytes"},
		{name: "charset utf-8", body: `{"name":"a"}`, contentType: "application/json; charset=UTF-8", want: command{Name: "a", Amount: 7}},
		{name: "a +json type", body: `{"name":"a"}`, contentType: "application/vnd.shop+json", want: command{Name: "a", Amount: 7}},
		{name: "empty body without a content type", body: ``, contentType: "-", want: command{Name: "before", Amount: 7}},
		{name: "no content type", body: `{"name":"a"}`, contentType: "-", status: 415, detail: "must be sent as application/json"},
		{name: "form", body: `{"name":"a"}`, contentType: "application/x-www-form-urlencoded", status: 415, detail: "must be sent as application/json"},
		{name: "text", body: `{"name":"a"}`, contentType: "text/plain", status: 415, detail: "must be sent as application/json"},
		{name: "bad media type", body: `{"name":"a"}`, contentType: "application/", status: 415, detail: "must be sent as application/json"},
		{name: "latin-1", body: `{"name":"a"}`, contentType: "application/json; charset=iso-8859-1", status: 415, detail: "must be UTF-8"},
		{name: "invalid UTF-8", body: "{\"name\":\"a\xff\"}", status: 400, detail: "not UTF-8"},
		{name: "invalid UTF-8 in a name", body: "{\"n\xc3\":1}", status: 400, detail: "not UTF-8"},
		{name: "duplicate name", body: `{"name":"a","amount":1,"name":"b"}`, status: 400, detail: `the body has "name" twice`},
		{name: "duplicate name in a nested object", body: `{"note":"x","name":"a","at":null,"amount":1,"x":{"k":1,"k":2}}`, status: 400, detail: `"x.k" twice`},
		{name: "same name in two objects", body: `{"name":"a","amount":2}`, want: command{Name: "a", Amount: 2}},
		{name: "too deep", body: `{"name":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, status: 400, detail: "nests more than 64"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			r := httptest.NewRequest("POST", "/orders/o1", strings.NewReader(c.body))
			switch c.contentType {
			case "":
				r.Header.Set("Content-Type", "application/json")
			case "-":
			default:
				r.Header.Set("Content-Type", c.contentType)
			}
			got := command{Name: "before", Amount: 7}
			ok := Decode(w, r, &got, c.required...)
			if c.status == 0 {
				if !ok {
					t.Fatalf("refused: %d %s", w.Code, w.Body)
				}
				if w.Code != 200 || w.Body.Len() != 0 || len(w.Header()) != 0 {
					t.Errorf("accepted but answered %d %v %s", w.Code, w.Header(), w.Body)
				}
				if got.Name != c.want.Name || got.Amount != c.want.Amount || !got.At.Equal(c.want.At) || (got.Note == nil) != (c.want.Note == nil) || got.Note != nil && *got.Note != *c.want.Note {
					t.Errorf("decoded %+v, want %+v", got, c.want)
				}
				return
			}
			if ok || w.Code != c.status {
				t.Fatalf("ok=%v status %d, want refused with %d (%s)", ok, w.Code, c.status, w.Body)
			}
			if p := problemOf(t, w, "/orders/o1"); !strings.Contains(p.Detail, c.detail) {
				t.Errorf("detail %q, want one with %q", p.Detail, c.detail)
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

// TestDecodeReadError checks that a body that cannot be read answers 400
// saying why.
func TestDecodeReadError(t *testing.T) {
	w := httptest.NewRecorder()
	var v command
	if Decode(w, httptest.NewRequest("POST", "/x", io.NopCloser(failingReader{})), &v) {
		t.Fatal("accepted an unreadable body")
	}
	if p := problemOf(t, w, "/x"); w.Code != 400 || !strings.Contains(p.Detail, "could not be read: connection reset") {
		t.Errorf("%d %+v", w.Code, p)
	}
}

// TestWriteProblem checks the RFC 9457 fields and content type.
func TestWriteProblem(t *testing.T) {
	cases := []struct {
		status int
		path   string
		detail string
		body   string
	}{
		{404, "/order/1", "no such order", `{"type":"about:blank","title":"Not Found","status":404,"detail":"no such order","instance":"/order/1"}`},
		{409, "/order/1/pay", "it changed meanwhile", `{"type":"about:blank","title":"Conflict","status":409,"detail":"it changed meanwhile","instance":"/order/1/pay"}`},
		{500, "/x", "", `{"type":"about:blank","title":"Internal Server Error","status":500,"instance":"/x"}`},
		{503, "/readyz", "<shutting & down>", `{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"\u003cshutting \u0026 down\u003e","instance":"/readyz"}`},
	}
	for _, c := range cases {
		t.Run(strconv.Itoa(c.status), func(t *testing.T) {
			w := httptest.NewRecorder()
			WriteProblem(w, httptest.NewRequest("GET", c.path+"?q=1", nil), c.status, c.detail)
			if w.Code != c.status {
				t.Errorf("status %d, want %d", w.Code, c.status)
			}
			body := w.Body.String()
			p := problemOf(t, w, c.path)
			if p.Detail != c.detail {
				t.Errorf("detail %q, want %q", p.Detail, c.detail)
			}
			if strings.TrimSpace(body) != c.body {
				t.Errorf("body\n%s\nwant\n%s", body, c.body)
			}
		})
	}
}

// TestWriteJSON checks the status, the content type and the body.
func TestWriteJSON(t *testing.T) {
	cases := []struct {
		status int
		v      any
		body   string
	}{
		{200, map[string]string{"status": "ok"}, `{"status":"ok"}`},
		{201, struct {
			ID      string `json:"id"`
			Version int    `json:"version"`
		}{"o1", 3}, `{"id":"o1","version":3}`},
		{200, []int{}, `[]`},
		{202, nil, `null`},
	}
	for _, c := range cases {
		w := httptest.NewRecorder()
		WriteJSON(w, c.status, c.v)
		if w.Code != c.status || w.Header().Get("Content-Type") != "application/json" || w.Body.String() != c.body+"\n" {
			t.Errorf("WriteJSON(%d, %v): %d %q %q", c.status, c.v, w.Code, w.Header().Get("Content-Type"), w.Body)
		}
	}
}

// TestPageLimit checks ?limit= and its bounds.
func TestPageLimit(t *testing.T) {
	cases := []struct {
		query string
		want  int // -1: refused
	}{
		{"", DefaultLimit},
		{"?limit=", DefaultLimit},
		{"?limit=1", 1},
		{"?limit=1000", MaxLimit},
		{"?other=5", DefaultLimit},
		{"?limit=0", -1},
		{"?limit=-1", -1},
		{"?limit=1001", -1},
		{"?limit=x", -1},
		{"?limit=2.5", -1},
	}
	for _, c := range cases {
		w := httptest.NewRecorder()
		n, ok := PageLimit(w, httptest.NewRequest("GET", "/rows"+c.query, nil))
		if c.want < 0 {
			if ok || w.Code != 400 {
				t.Errorf("%q: %d, %v, status %d; want refused with 400", c.query, n, ok, w.Code)
				continue
			}
			if p := problemOf(t, w, "/rows"); p.Detail != "limit must be a number from 1 to 1000" {
				t.Errorf("%q: detail %q", c.query, p.Detail)
			}
			continue
		}
		if !ok || n != c.want || w.Body.Len() != 0 {
			t.Errorf("%q: %d, %v (%s); want %d", c.query, n, ok, w.Body, c.want)
		}
	}
}

// TestProbes checks /healthz, /readyz as Ready says, and /metrics only
// when the service has metrics, delegated to its handler.
func TestProbes(t *testing.T) {
	var ready bool
	var metricsRequests []string
	metrics := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		metricsRequests = append(metricsRequests, r.URL.RequestURI())
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		w.Write([]byte("events_published_total 1\n"))
	})
	for _, withMetrics := range []bool{true, false} {
		p := Probes{Ready: func() bool { return ready }}
		if withMetrics {
			p.Metrics = metrics
		}
		mux := NewMux(p)
		mux.HandleFunc("GET /orders", func(w http.ResponseWriter, _ *http.Request) { WriteJSON(w, 200, []string{}) })
		do := func(method, target string) *httptest.ResponseRecorder {
			w := httptest.NewRecorder()
			mux.ServeHTTP(w, httptest.NewRequest(method, target, nil))
			return w
		}
		type answer struct {
			code        int
			contentType string
			body        string
		}
		check := func(what string, w *httptest.ResponseRecorder, want answer) {
			t.Helper()
			got := answer{w.Code, w.Header().Get("Content-Type"), strings.TrimSpace(w.Body.String())}
			if got != want {
				t.Errorf("metrics %v: %s answered %+v, want %+v", withMetrics, what, got, want)
			}
		}
		for _, r := range []bool{false, true} {
			ready = r
			check("/healthz", do("GET", "/healthz"), answer{200, "application/json", `{"status":"ok"}`})
		}
		ready = true
		check("/readyz while ready", do("GET", "/readyz"), answer{200, "application/json", `{"status":"ready"}`})
		ready = false
		check("/readyz while not ready", do("GET", "/readyz"), answer{503, "application/problem+json",
			`{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"the service is shutting down","instance":"/readyz"}`})
		check("the service's own route", do("GET", "/orders"), answer{200, "application/json", `[]`})
		if w := do("POST", "/healthz"); w.Code != http.StatusMethodNotAllowed {
			t.Errorf("POST /healthz: %d", w.Code)
		}
		metricsRequests = nil
		w := do("GET", "/metrics?name=x")
		if withMetrics {
			check("/metrics", w, answer{200, "text/plain; version=0.0.4", "events_published_total 1"})
			if len(metricsRequests) != 1 || metricsRequests[0] != "/metrics?name=x" {
				t.Errorf("the metrics handler got %q", metricsRequests)
			}
		} else if w.Code != 404 || len(metricsRequests) != 0 {
			t.Errorf("/metrics of a service without metrics: %d", w.Code)
		}
	}
}
