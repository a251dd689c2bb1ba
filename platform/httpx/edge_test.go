package httpx

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestEdgeFromEnv(t *testing.T) {
	for _, tc := range []struct {
		vars map[string]string
		bad  bool
	}{
		{map[string]string{}, false},
		{map[string]string{"TLS_CERT_FILE": "c", "TLS_KEY_FILE": "k", "CORS_ORIGINS": "https://app.example.com, *", "ADMIN_ADDR": ":9090"}, false},
		{map[string]string{"TLS_CERT_FILE": "c"}, true},
		{map[string]string{"TLS_KEY_FILE": "k"}, true},
		{map[string]string{"CORS_ORIGINS": "app.example.com"}, true},
	} {
		for _, name := range []string{"TLS_CERT_FILE", "TLS_KEY_FILE", "CORS_ORIGINS", "ADMIN_ADDR"} {
			t.Setenv(name, tc.vars[name])
		}
		e, err := EdgeFromEnv()
		if (err != nil) != tc.bad {
			t.Errorf("%v: %+v, %v; want an error: %v", tc.vars, e, err, tc.bad)
		}
	}
}

func TestWithCORS(t *testing.T) {
	h := WithCORS(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusCreated) }), []string{"https://app.example.com"})
	serve := func(method, origin string, preflight bool) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, "/order/place-order", nil)
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		if preflight {
			r.Header.Set("Access-Control-Request-Method", "POST")
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	if w := serve("POST", "https://app.example.com", false); w.Code != 201 || w.Header().Get("Access-Control-Allow-Origin") != "https://app.example.com" {
		t.Errorf("an allowed origin: %d, allow-origin %q", w.Code, w.Header().Get("Access-Control-Allow-Origin"))
	}
	if w := serve("OPTIONS", "https://app.example.com", true); w.Code != 204 || w.Header().Get("Access-Control-Allow-Headers") != "Authorization, Content-Type" {
		t.Errorf("a preflight: %d, %v", w.Code, w.Header())
	}
	if w := serve("POST", "https://evil.example.com", false); w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("another origin got %q", w.Header().Get("Access-Control-Allow-Origin"))
	}
	if w := serve("POST", "", false); w.Code != 201 || w.Header().Get("Vary") != "" {
		t.Errorf("no origin: %d, %v", w.Code, w.Header())
	}
}

func TestMetricsSplit(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("m 1")) })
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok")) })
	get := func(h http.Handler, path string) int {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		return w.Code
	}
	if get(WithoutMetrics(mux), "/metrics") != 404 || get(WithoutMetrics(mux), "/healthz") != 200 {
		t.Error("the main port must serve the probes and not the metrics")
	}
	if get(OnlyMetrics(mux), "/metrics") != 200 || get(OnlyMetrics(mux), "/healthz") != 404 {
		t.Error("the admin port must serve the metrics alone")
	}
}
