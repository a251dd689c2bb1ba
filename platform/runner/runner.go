// Package runner runs a service: its HTTP server and its background
// workers (the outbox relay, the consumer) until the service is told to
// stop, then stops them in order and waits for each.
package runner

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"eventstorm/platform/httpx"
	"eventstorm/platform/telemetry"
)

// Worker runs until ctx is done.
type Worker func(ctx context.Context)

// Config is what Run serves.
type Config struct {
	// Addr is the HTTP listen address.
	Addr string
	// Handler serves the HTTP API.
	Handler http.Handler
	// Ready is set while the service takes traffic; /readyz reads it.
	Ready *atomic.Bool
	// ShutdownTimeout bounds how long requests in flight may take to
	// finish once the service is stopping (SHUTDOWN_TIMEOUT); zero is
	// DefaultShutdownTimeout.
	ShutdownTimeout time.Duration
	// Checks are the dependencies GET /readyz checks while the service is
	// ready (its database, its broker, its consumer), each reported;
	// without them the handler's own /readyz answers.
	Checks []httpx.Check
	// Limits bound the request bodies httpx.Decode reads (the body's size:
	// HTTP_MAX_BODY_BYTES); zero fields are httpx's defaults.
	Limits httpx.Limits
	// Edge is TLS, CORS and the admin listener of the metrics
	// (TLS_CERT_FILE, TLS_KEY_FILE, CORS_ORIGINS, ADMIN_ADDR).
	Edge httpx.Edge
	// Logger records the start and the stop, and the access log: one line
	// per request at the level ACCESS_LOG_LEVEL names (debug, info, the
	// default, warn, error, or off), through telemetry.LogHandler.
	Logger *slog.Logger
}

// DefaultShutdownTimeout is how long requests in flight may take to finish
// once a service is stopping, unless its Config says otherwise.
const DefaultShutdownTimeout = 10 * time.Second

// The HTTP server's timeouts, so that no client holds a connection for
// long: a request's header must arrive within ReadHeaderTimeout and the
// whole request, body included, within ReadTimeout (a 1 MB body needs
// about 100 KB/s); the answer must be written within WriteTimeout of the
// header's end; an idle keep-alive connection is closed after IdleTimeout.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 15 * time.Second
	WriteTimeout      = 30 * time.Second
	IdleTimeout       = 60 * time.Second
)

// Run starts the workers, serves HTTP until ctx is done, then stops taking
// requests, finishes those in flight (for at most cfg.ShutdownTimeout, then
// closes their connections), and only then stops the workers and waits for
// them, so that what the last requests recorded is still relayed while the
// process is alive. A stop is not a failure: Run returns nil, even when it
// cut requests short.
//
// Every request goes through telemetry.Middleware: its correlation id
// (X-Correlation-ID), its server span, the HTTP metrics and the access
// log.
func Run(ctx context.Context, cfg Config, workers ...Worker) error {
	accessLog, err := telemetry.AccessLogLevelFromEnv()
	if err != nil {
		return err
	}
	cfg.Logger = telemetry.Logger(cfg.Logger)
	listener, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	if cfg.Edge.AdminAddr != "" {
		admin, err := net.Listen("tcp", cfg.Edge.AdminAddr)
		if err != nil {
			listener.Close()
			return err
		}
		stopAdmin := serveAdmin(cfg, admin)
		defer stopAdmin()
	}
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w(workCtx)
		}()
	}
	defer func() {
		stopWork()
		wg.Wait()
	}()
	return serve(ctx, cfg, accessLog, listener)
}

// serve serves HTTP on listener until ctx is done, then shuts the server
// down gracefully.
func serve(ctx context.Context, cfg Config, accessLog slog.Level, listener net.Listener) error {
	server := newServer(cfg, accessLog)
	cfg.Logger.Info("listening", "addr", listener.Addr().String())
	cfg.Ready.Store(true)
	served := make(chan error, 1)
	go func() {
		if cfg.Edge.TLSCertFile != "" {
			served <- server.ServeTLS(listener, cfg.Edge.TLSCertFile, cfg.Edge.TLSKeyFile)
			return
		}
		served <- server.Serve(listener)
	}()
	select {
	case err := <-served:
		cfg.Ready.Store(false)
		return err
	case <-ctx.Done():
	}
	cfg.Logger.Info("shutting down")
	cfg.Ready.Store(false)
	timeout := cfg.ShutdownTimeout
	if timeout == 0 {
		timeout = DefaultShutdownTimeout
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	err := server.Shutdown(shutdownCtx)
	if errors.Is(err, context.DeadlineExceeded) {
		cfg.Logger.Warn("requests still in flight at the shutdown timeout were cut short", "timeout", timeout.String())
		err = server.Close()
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	cfg.Logger.Info("stopped serving")
	return nil
}

// newServer is the HTTP server of cfg: its handler, /readyz running its
// checks when it has some, its limits, the telemetry middleware logging
// at accessLog, and the timeouts.
func newServer(cfg Config, accessLog slog.Level) *http.Server {
	handler := cfg.Handler
	if len(cfg.Checks) > 0 {
		mux := http.NewServeMux()
		mux.Handle("GET /readyz", httpx.Readyz(cfg.Ready.Load, cfg.Checks))
		mux.Handle("/", cfg.Handler)
		handler = mux
	}
	if cfg.Edge.AdminAddr != "" {
		handler = httpx.WithoutMetrics(handler)
	}
	return &http.Server{
		Handler:           telemetry.Middleware(httpx.WithCORS(httpx.WithLimits(telemetry.Routed(handler), cfg.Limits), cfg.Edge.CORSOrigins), cfg.Logger, accessLog),
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
	}
}

// serveAdmin serves the metrics on the admin listener until the returned
// function closes it.
func serveAdmin(cfg Config, listener net.Listener) func() {
	server := &http.Server{
		Handler:           httpx.OnlyMetrics(cfg.Handler),
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
	}
	cfg.Logger.Info("serving the metrics", "addr", listener.Addr().String())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := server.Serve(listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			cfg.Logger.Error("the admin listener failed", "error", err)
		}
	}()
	return func() {
		server.Close()
		<-done
	}
}
