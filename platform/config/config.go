// Package config reads a service's configuration from the environment, as
// the twelve-factor app does: HTTP_ADDR, DATABASE_URL and the KAFKA_*
// variables.
package config

import (
	"eventstorm/platform/env"
	"eventstorm/platform/kafka"
)

// Service is a service's configuration.
type Service struct {
	// HTTPAddr is the HTTP API's listen address (HTTP_ADDR, default :8080).
	HTTPAddr string
	// DatabaseURL is the database keeping the service's data
	// (DATABASE_URL): postgres://user:pass@host:5432/db or
	// mysql://user:pass@host:3306/db. Empty keeps it in memory.
	DatabaseURL string
	// Kafka is how to reach Kafka (KAFKA_BROKERS, KAFKA_PARTITIONS,
	// KAFKA_REPLICATION_FACTOR, KAFKA_RETRY_BACKOFF_MAX). With no brokers
	// the service keeps its events in process.
	Kafka kafka.Config
}

// FromEnv reads a service's configuration from the environment.
func FromEnv() (Service, error) {
	cfg := Service{
		HTTPAddr:    env.String("HTTP_ADDR", ":8080"),
		DatabaseURL: env.String("DATABASE_URL", ""),
	}
	var err error
	cfg.Kafka, err = kafka.ConfigFromEnv()
	return cfg, err
}
