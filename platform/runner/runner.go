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
	// finish once the service is stopping; zero is DefaultShutdownTimeout.
	ShutdownTimeout time.Duration
	// Logger records the start and the stop.
	Logger *slog.Logger
}

// DefaultShutdownTimeout is how long requests in flight may take to finish
// once a service is stopping, unless its Config says otherwise.
const DefaultShutdownTimeout = 10 * time.Second

// Run starts the workers, serves HTTP until ctx is done, then stops taking
// requests, finishes those in flight (for at most cfg.ShutdownTimeout), and
// only then stops the workers and waits for them, so that what the last
// requests recorded is still relayed while the process is alive.
func Run(ctx context.Context, cfg Config, workers ...Worker) error {
	listener, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
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
	return serve(ctx, cfg, listener)
}

// serve serves HTTP on listener until ctx is done, then shuts the server
// down gracefully.
func serve(ctx context.Context, cfg Config, listener net.Listener) error {
	server := &http.Server{
		Handler:           cfg.Handler,
		ReadHeaderTimeout: 10 * time.Second,
	}
	cfg.Logger.Info("listening", "addr", listener.Addr().String())
	cfg.Ready.Store(true)
	served := make(chan error, 1)
	go func() {
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
	if err := server.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
