// Package schemareg connects a service to a Confluent-compatible schema
// registry: at start-up it sets the compatibility of each subject the
// service publishes to and registers the JSON Schema of each event version
// there, refusing to start when the registry finds one incompatible; then it
// frames each published value in the registry's wire format (a zero magic
// byte, the schema's id as 4 big-endian bytes, the JSON) and reads that
// framing back from consumed values, looking unknown ids up.
//
// A subject is named by the TopicRecordNameStrategy: <topic>-<record>, the
// record being the event's ce_type, e.g.
// shop.ordering.order-shop.ordering.order-placed.
package schemareg

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"strings"
	"time"

	"eventstorm/platform/env"
)

// Config says how to reach the schema registry; the zero value (no URL)
// turns it off, and events travel as plain JSON.
type Config struct {
	// URLs are the registry's base URLs (SCHEMA_REGISTRY_URL,
	// comma-separated; tried in order).
	URLs []string
	// Username and Password are the HTTP basic-auth credentials
	// (SCHEMA_REGISTRY_USERNAME, SCHEMA_REGISTRY_PASSWORD or
	// SCHEMA_REGISTRY_PASSWORD_FILE); none when Username is empty.
	Username, Password string
	// TLS is the TLS configuration of https URLs when the registry's CA or
	// a client certificate is given (SCHEMA_REGISTRY_CA_FILE,
	// SCHEMA_REGISTRY_CERT_FILE with SCHEMA_REGISTRY_KEY_FILE); nil uses
	// the system's roots.
	TLS *tls.Config
	// Compatibility is the compatibility level set on each subject the
	// service registers (SCHEMA_REGISTRY_COMPATIBILITY, default BACKWARD)
	// unless its schema names another.
	Compatibility string
	// Timeout bounds each request to the registry
	// (SCHEMA_REGISTRY_TIMEOUT, from 100ms to 5m, default 10s).
	Timeout time.Duration
}

// DefaultCompatibility is Config.Compatibility without
// SCHEMA_REGISTRY_COMPATIBILITY.
const DefaultCompatibility = "BACKWARD"

// DefaultTimeout is Config.Timeout without SCHEMA_REGISTRY_TIMEOUT.
const DefaultTimeout = 10 * time.Second

// compatibilities are the levels a registry knows.
var compatibilities = []string{"BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE", "NONE"}

// Enabled reports whether a registry is configured.
func (cfg Config) Enabled() bool {
	return len(cfg.URLs) > 0
}

// ConfigFromEnv reads the configuration from SCHEMA_REGISTRY_URL,
// SCHEMA_REGISTRY_USERNAME, SCHEMA_REGISTRY_PASSWORD (or _FILE),
// SCHEMA_REGISTRY_CA_FILE, SCHEMA_REGISTRY_CERT_FILE,
// SCHEMA_REGISTRY_KEY_FILE, SCHEMA_REGISTRY_COMPATIBILITY and
// SCHEMA_REGISTRY_TIMEOUT. Without SCHEMA_REGISTRY_URL the others must be
// unset.
func ConfigFromEnv() (Config, error) {
	cfg := Config{URLs: env.List("SCHEMA_REGISTRY_URL"), Username: os.Getenv("SCHEMA_REGISTRY_USERNAME")}
	password, err := env.Secret("SCHEMA_REGISTRY_PASSWORD")
	if err != nil {
		return cfg, err
	}
	cfg.Password = password
	if cfg.Password != "" && cfg.Username == "" {
		return cfg, fmt.Errorf("SCHEMA_REGISTRY_PASSWORD is set without SCHEMA_REGISTRY_USERNAME")
	}
	for _, u := range cfg.URLs {
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return cfg, fmt.Errorf("SCHEMA_REGISTRY_URL: %q is not an http:// or https:// URL", u)
		}
	}
	cfg.Compatibility = strings.ToUpper(env.String("SCHEMA_REGISTRY_COMPATIBILITY", DefaultCompatibility))
	if err := checkCompatibility(cfg.Compatibility); err != nil {
		return cfg, fmt.Errorf("SCHEMA_REGISTRY_COMPATIBILITY: %w", err)
	}
	if cfg.Timeout, err = env.Duration("SCHEMA_REGISTRY_TIMEOUT", DefaultTimeout, 100*time.Millisecond, 5*time.Minute); err != nil {
		return cfg, err
	}
	if cfg.TLS, err = tlsFromEnv(); err != nil {
		return cfg, err
	}
	if !cfg.Enabled() && (cfg.Username != "" || cfg.TLS != nil) {
		return cfg, fmt.Errorf("SCHEMA_REGISTRY_USERNAME or SCHEMA_REGISTRY_*_FILE is set without SCHEMA_REGISTRY_URL")
	}
	return cfg, nil
}

// checkCompatibility says why level is not a compatibility level.
func checkCompatibility(level string) error {
	for _, c := range compatibilities {
		if level == c {
			return nil
		}
	}
	return fmt.Errorf("%q is not one of %s", level, strings.Join(compatibilities, ", "))
}

// tlsFromEnv is the TLS configuration of SCHEMA_REGISTRY_CA_FILE and the
// client certificate, nil when none is set.
func tlsFromEnv() (*tls.Config, error) {
	caFile, certFile, keyFile := os.Getenv("SCHEMA_REGISTRY_CA_FILE"), os.Getenv("SCHEMA_REGISTRY_CERT_FILE"), os.Getenv("SCHEMA_REGISTRY_KEY_FILE")
	if caFile == "" && certFile == "" && keyFile == "" {
		return nil, nil
	}
	if (certFile == "") != (keyFile == "") {
		return nil, fmt.Errorf("SCHEMA_REGISTRY_CERT_FILE and SCHEMA_REGISTRY_KEY_FILE go together (mutual TLS): set both or neither")
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("SCHEMA_REGISTRY_CA_FILE: %w", err)
		}
		cfg.RootCAs = x509.NewCertPool()
		if !cfg.RootCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("SCHEMA_REGISTRY_CA_FILE=%s holds no PEM certificate", caFile)
		}
	}
	if certFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return nil, fmt.Errorf("SCHEMA_REGISTRY_CERT_FILE, SCHEMA_REGISTRY_KEY_FILE: %w", err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	return cfg, nil
}
