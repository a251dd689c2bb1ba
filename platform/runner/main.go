package runner

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// Service is what Main runs.
type Service interface {
	// Run runs the service until ctx is done.
	Run(ctx context.Context) error
	// Close releases what the service holds, such as database connections.
	Close() error
}

// Main runs a service as a command until SIGINT or SIGTERM, with JSON logs
// on standard output labelled service=name, and returns the process's exit
// code: 0 after a clean stop, 2 for a bad configuration, 1 for a failure.
func Main[C any, S Service](name string, configFromEnv func() (C, error), newService func(context.Context, C, *slog.Logger) (S, error)) int {
	logger := slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", name)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := configFromEnv()
	if err != nil {
		logger.Error("bad configuration", "error", err)
		return 2
	}
	svc, err := newService(ctx, cfg, logger)
	if err != nil {
		logger.Error("start-up failed", "error", err)
		return 1
	}
	defer svc.Close()
	if err := svc.Run(ctx); err != nil {
		logger.Error("service failed", "error", err)
		return 1
	}
	return 0
}
