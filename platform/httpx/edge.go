package httpx

import (
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"

	"eventstorm/platform/env"
)

// Edge is how a service faces its callers beyond its routes: TLS, the
// browsers' origins it answers, and a separate listener for its metrics.
type Edge struct {
	// TLSCertFile and TLSKeyFile serve HTTPS (TLS_CERT_FILE, TLS_KEY_FILE:
	// both or neither); without them, plain HTTP behind a proxy that ends
	// TLS.
	TLSCertFile, TLSKeyFile string
	// CORSOrigins are the browser origins allowed to call the API
	// (CORS_ORIGINS, comma-separated, such as https://app.example.com; *
	// for any); none answers no CORS headers.
	CORSOrigins []string
	// AdminAddr, when set, is where GET /metrics is served instead of the
	// main port (ADMIN_ADDR), so that the metrics are not public; the
	// probes stay on the main port.
	AdminAddr string
}

// EdgeFromEnv reads the edge from the environment.
func EdgeFromEnv() (Edge, error) {
	e := Edge{
		TLSCertFile: os.Getenv("TLS_CERT_FILE"),
		TLSKeyFile:  os.Getenv("TLS_KEY_FILE"),
		CORSOrigins: env.List("CORS_ORIGINS"),
		AdminAddr:   os.Getenv("ADMIN_ADDR"),
	}
	if (e.TLSCertFile == "") != (e.TLSKeyFile == "") {
		return e, fmt.Errorf("TLS_CERT_FILE and TLS_KEY_FILE go together: set both or neither")
	}
	for _, o := range e.CORSOrigins {
		if o != "*" && !strings.HasPrefix(o, "http://") && !strings.HasPrefix(o, "https://") {
			return e, fmt.Errorf("CORS_ORIGINS: %q is no origin such as https://app.example.com", o)
		}
	}
	return e, nil
}

// corsMaxAge is how long a browser may keep a preflight's answer.
const corsMaxAge = 10 * 60

// WithCORS answers the browsers of the allowed origins: the headers that
// let them read the answers, and the preflight of a request with a body or
// a bearer token (OPTIONS, answered 204). Other origins get no CORS
// headers, so their browsers keep the answers from them.
func WithCORS(h http.Handler, origins []string) http.Handler {
	if len(origins) == 0 {
		return h
	}
	anyOrigin := slices.Contains(origins, "*")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin == "" || (!anyOrigin && !slices.Contains(origins, origin)) {
			h.ServeHTTP(w, r)
			return
		}
		w.Header().Add("Vary", "Origin")
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Set("Access-Control-Expose-Headers", "Location, Retry-After, WWW-Authenticate")
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			w.Header().Set("Access-Control-Allow-Methods", "GET, POST")
			w.Header().Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
			w.Header().Set("Access-Control-Max-Age", strconv.Itoa(corsMaxAge))
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// WithoutMetrics is h without GET /metrics, which then answers 404: the
// main port of a service whose metrics are on ADMIN_ADDR.
func WithoutMetrics(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/metrics" {
			WriteProblem(w, r, http.StatusNotFound, "the metrics are served on ADMIN_ADDR")
			return
		}
		h.ServeHTTP(w, r)
	})
}

// OnlyMetrics is h serving GET /metrics alone: the admin listener's.
func OnlyMetrics(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/metrics" {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}
