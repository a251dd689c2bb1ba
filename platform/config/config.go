// Package config reads a service's configuration from the environment, as
// the twelve-factor app does: HTTP_ADDR, HTTP_MAX_BODY_BYTES,
// SHUTDOWN_TIMEOUT, DATABASE_URL, SNAPSHOT_EVERY, the KAFKA_* and the
// AUTH_* variables.
package config

import (
	"time"

	"eventstorm/platform/auth"
	"eventstorm/platform/env"
	"eventstorm/platform/eventstore"
	"eventstorm/platform/httpx"
	"eventstorm/platform/kafka"
	"eventstorm/platform/schemareg"
)

// Service is a service's configuration.
type Service struct {
	// HTTPAddr is the HTTP API's listen address (HTTP_ADDR, default :8080).
	HTTPAddr string
	// Limits bound the request bodies: HTTP_MAX_BODY_BYTES, default
	// 1000000 (1 MB, which keeps a command's events within what a broker
	// takes), from 1024 to 100000000; a larger body is answered 413.
	// Decimals keep httpx's bounds (65 digits, exponent ±65).
	Limits httpx.Limits
	// ShutdownTimeout is how long requests in flight may take to finish
	// once the service is told to stop (SHUTDOWN_TIMEOUT, default 10s,
	// from 100ms to 10m); those still running then are cut short, and the
	// service exits 0.
	ShutdownTimeout time.Duration
	// DatabaseURL is the database keeping the service's data
	// (DATABASE_URL): postgres://user:pass@host:5432/db or
	// mysql://user:pass@host:3306/db. Empty keeps it in memory.
	DatabaseURL string
	// Kafka is how to reach Kafka (KAFKA_BROKERS, KAFKA_PARTITIONS,
	// KAFKA_REPLICATION_FACTOR). With no brokers the service keeps its
	// events in process.
	Kafka kafka.Config
	// SchemaRegistry is the schema registry the service registers its
	// events' schemas with and frames their records for
	// (SCHEMA_REGISTRY_URL and the other SCHEMA_REGISTRY_* variables).
	// Without a URL, records carry plain JSON.
	SchemaRegistry schemareg.Config
	// Auth is how HTTP callers are identified (AUTH_MODE, AUTH_ISSUER,
	// AUTH_AUDIENCE, AUTH_JWKS_URL or AUTH_JWKS_FILE, AUTH_ROLES_CLAIM,
	// AUTH_LEEWAY, AUTH_PUBLIC_READS); the zero value lets anyone call.
	Auth auth.Config
	// Edge is TLS, CORS and the metrics' own listener (TLS_CERT_FILE,
	// TLS_KEY_FILE, CORS_ORIGINS, ADMIN_ADDR).
	Edge httpx.Edge
}

// DefaultShutdownTimeout is ShutdownTimeout without SHUTDOWN_TIMEOUT.
const DefaultShutdownTimeout = 10 * time.Second

// FromEnv reads a service's configuration from the environment.
func FromEnv() (Service, error) {
	cfg := Service{
		HTTPAddr:    env.String("HTTP_ADDR", ":8080"),
		DatabaseURL: env.String("DATABASE_URL", ""),
	}
	body, err := env.Int("HTTP_MAX_BODY_BYTES", httpx.MaxBodyBytes, 1024, 100_000_000)
	if err != nil {
		return cfg, err
	}
	cfg.Limits.MaxBodyBytes = int64(body)
	cfg.ShutdownTimeout, err = env.Duration("SHUTDOWN_TIMEOUT", DefaultShutdownTimeout, 100*time.Millisecond, 10*time.Minute)
	if err != nil {
		return cfg, err
	}
	// The event-sourced repositories read SNAPSHOT_EVERY themselves
	// (eventstore.Options.WithEnv); a bad value stops the service here.
	if _, err := eventstore.SnapshotEvery(); err != nil {
		return cfg, err
	}
	if cfg.Kafka, err = kafka.ConfigFromEnv(); err != nil {
		return cfg, err
	}
	if cfg.SchemaRegistry, err = schemareg.ConfigFromEnv(); err != nil {
		return cfg, err
	}
	if cfg.Auth, err = auth.ConfigFromEnv(); err != nil {
		return cfg, err
	}
	cfg.Edge, err = httpx.EdgeFromEnv()
	return cfg, err
}
