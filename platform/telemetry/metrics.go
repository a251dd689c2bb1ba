package telemetry

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// The HTTP metrics Middleware counts, for every service in the process:
// requests by method, route (the pattern that matched, "unmatched" for
// none) and status, and their duration by method and route.
var (
	httpRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "http_requests_total",
		Help: "HTTP requests answered, by method, route pattern and status.",
	}, []string{"method", "route", "status"})
	httpDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "http_request_duration_seconds",
		Help:    "How long HTTP requests took to answer, by method and route pattern.",
		Buckets: prometheus.DefBuckets,
	}, []string{"method", "route"})
)

// Register registers with reg the Go runtime's and the process's
// collectors (go_*, process_*) and the HTTP metrics Middleware counts. A
// process registers them once: a monolith serving several registries
// registers them with one.
func Register(reg prometheus.Registerer) {
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		httpRequests,
		httpDuration,
	)
}

// NewRegistry returns a registry for a service's metrics, with what
// Register registers.
func NewRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	Register(reg)
	return reg
}
