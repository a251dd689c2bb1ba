package httpx

import "net/http"

// Probes are what a service's operational routes report.
type Probes struct {
	// Ready reports whether the service takes traffic (GET /readyz).
	Ready func() bool
	// Metrics serves the service's metrics (GET /metrics) in the
	// Prometheus text format; nil for a service without metrics.
	Metrics http.Handler
}

// NewMux returns a router serving GET /healthz, GET /readyz and, when p
// has metrics, GET /metrics, to which the service adds its own routes.
func NewMux(p Probes) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", p.readyz)
	if p.Metrics != nil {
		mux.Handle("GET /metrics", p.Metrics)
	}
	return mux
}

// readyz answers 200 while the service takes traffic, 503 once it is shutting
// down.
func (p Probes) readyz(w http.ResponseWriter, r *http.Request) {
	if !p.Ready() {
		WriteProblem(w, r, http.StatusServiceUnavailable, "the service is shutting down")
		return
	}
	WriteJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}
