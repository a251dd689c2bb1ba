package runner

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"eventstorm/platform/telemetry"
)

// Service is what Main runs.
type Service interface {
	// Run runs the service until ctx is done.
	Run(ctx context.Context) error
	// Close releases what the service holds, such as database connections.
	Close() error
}

// Main runs a service as a command until SIGINT or SIGTERM, with JSON logs
// on standard output labelled service=name (each line logged with a
// context also says its trace_id, span_id, correlation_id and
// causation_id: see telemetry.LogHandler), and returns the process's exit
// code: 0 after a clean stop, 2 for a bad configuration, 1 for a failure.
//
// Tracing is configured by the OTEL_* variables (telemetry.Setup): off
// unless OTEL_TRACES_EXPORTER (otlp, console, none) or
// OTEL_EXPORTER_OTLP_ENDPOINT is set; OTEL_SERVICE_NAME defaults to name.
// The spans not exported yet are flushed at the stop, for at most
// ShutdownFlushTimeout. LOG_LEVEL sets the lowest level logged (debug,
// info, warn, error; info by default), ACCESS_LOG_LEVEL the access log's
// level (see Config.Logger).
func Main[C any, S Service](name string, configFromEnv func() (C, error), newService func(context.Context, C, *slog.Logger) (S, error)) int {
	level, levelErr := telemetry.LogLevelFromEnv()
	logger := telemetry.Logger(slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: level}))).With("service", name)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := configFromEnv()
	if err == nil {
		_, err = telemetry.AccessLogLevelFromEnv()
	}
	if err == nil {
		err = levelErr
	}
	if err != nil {
		logger.Error("bad configuration", "error", err)
		return 2
	}
	shutdown, err := telemetry.Setup(ctx, name, os.Stdout)
	if err != nil {
		logger.Error("bad configuration", "error", err)
		return 2
	}
	defer flush(shutdown, logger)
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

// ShutdownFlushTimeout bounds how long a stopping service may take to
// export the spans it has not exported yet.
const ShutdownFlushTimeout = 5 * time.Second

// flush exports the spans not exported yet and stops tracing.
func flush(shutdown func(context.Context) error, logger *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), ShutdownFlushTimeout)
	defer cancel()
	if err := shutdown(ctx); err != nil {
		logger.Warn("exporting the last spans failed", "error", err)
	}
}
