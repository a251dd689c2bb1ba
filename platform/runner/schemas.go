package runner

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"eventstorm/platform/schemareg"
	"eventstorm/platform/telemetry"
)

// RegisterSchemas registers schemas with the schema registry the
// SCHEMA_REGISTRY_* variables name, as the service name does at start-up,
// logging each as JSON on standard output, and returns the process's exit
// code: 0 once all are registered, 2 for a bad or missing configuration
// (no SCHEMA_REGISTRY_URL), 1 when the registry refuses one (incompatible
// with its subject) or cannot be reached. A service's binary runs it with
// the argument register-schemas (make schemas).
func RegisterSchemas(name string, schemas []schemareg.Schema) int {
	logger := telemetry.Logger(slog.New(slog.NewJSONHandler(os.Stdout, nil))).With("service", name)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := schemareg.ConfigFromEnv()
	if err == nil && !cfg.Enabled() {
		err = errNoRegistry
	}
	if err != nil {
		logger.Error("bad configuration", "error", err)
		return 2
	}
	cl, err := schemareg.Client(cfg)
	if err == nil {
		_, err = schemareg.Register(ctx, cl, cfg, schemas, logger)
	}
	if err != nil {
		logger.Error("registering the schemas failed", "error", err)
		return 1
	}
	return 0
}

// errNoRegistry is RegisterSchemas' error without SCHEMA_REGISTRY_URL.
var errNoRegistry = errors.New("SCHEMA_REGISTRY_URL is not set: there is no registry to register the schemas with")
