package httpx

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/goccy/go-json"
)

// Probes are what a service's operational routes report.
type Probes struct {
	// Ready reports whether the service takes traffic (GET /readyz).
	Ready func() bool
	// Checks are the dependencies /readyz checks while Ready is true.
	Checks []Check
	// Metrics serves the service's metrics (GET /metrics) in the
	// Prometheus text format; nil for a service without metrics.
	Metrics http.Handler
}

// Check is a dependency a service needs to take traffic, such as its
// database (DB.Ping) or its broker (kafka.Client.Ping), checked by /readyz.
type Check struct {
	// Name names the dependency in /readyz's answer.
	Name string
	// Check returns nil while the dependency is usable; it returns once
	// its context is done.
	Check func(ctx context.Context) error
}

// CheckTimeout bounds each check of /readyz: one that takes longer fails.
const CheckTimeout = 2 * time.Second

// NewMux returns a router serving GET /healthz, GET /readyz and, when p
// has metrics, GET /metrics, to which the service adds its own routes.
func NewMux(p Probes) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.Handle("GET /readyz", Readyz(p.Ready, p.Checks))
	if p.Metrics != nil {
		mux.Handle("GET /metrics", p.Metrics)
	}
	return mux
}

// ready is /readyz's answer while the service takes traffic: each check's
// result, "ok".
type ready struct {
	Status string            `json:"status"`
	Checks map[string]string `json:"checks"`
}

// unready is /readyz's answer when a check fails: a problem with each
// check's result, "ok" or its error.
type unready struct {
	Problem
	Checks map[string]string `json:"checks"`
}

// Readyz answers GET /readyz: 503 while ready reports false (the service
// starting or shutting down); else it runs the checks at once, each within
// CheckTimeout, and answers 200 when all pass, 503 naming those that fail
// otherwise, each check's result in "checks".
func Readyz(isReady func() bool, checks []Check) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isReady() {
			WriteProblem(w, r, http.StatusServiceUnavailable, "the service is shutting down")
			return
		}
		if len(checks) == 0 {
			WriteJSON(w, http.StatusOK, map[string]string{"status": "ready"})
			return
		}
		errs := make([]error, len(checks))
		var wg sync.WaitGroup
		for i, c := range checks {
			wg.Go(func() {
				ctx, cancel := context.WithTimeout(r.Context(), CheckTimeout)
				defer cancel()
				errs[i] = run(ctx, c.Check)
			})
		}
		wg.Wait()
		results := map[string]string{}
		var failed []string
		for i, c := range checks {
			results[c.Name] = "ok"
			if errs[i] != nil {
				results[c.Name] = errs[i].Error()
				failed = append(failed, c.Name)
			}
		}
		if len(failed) == 0 {
			WriteJSON(w, http.StatusOK, ready{Status: "ready", Checks: results})
			return
		}
		answer := unready{Checks: results}
		answer.Problem = Problem{
			Type:     "about:blank",
			Title:    http.StatusText(http.StatusServiceUnavailable),
			Status:   http.StatusServiceUnavailable,
			Detail:   "unavailable: " + joinNames(failed),
			Instance: r.URL.Path,
		}
		w.Header().Set("Content-Type", "application/problem+json")
		w.Header().Set("Retry-After", strconv.Itoa(RetryAfter))
		w.WriteHeader(http.StatusServiceUnavailable)
		_ = json.NewEncoder(w).Encode(answer)
	})
}

// run runs a check, returning at ctx's end even if the check does not.
func run(ctx context.Context, check func(context.Context) error) error {
	done := make(chan error, 1)
	go func() { done <- check(ctx) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// joinNames lists names as a, b and c.
func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	out := names[0]
	for _, n := range names[1 : len(names)-1] {
		out += ", " + n
	}
	return out + " and " + names[len(names)-1]
}
