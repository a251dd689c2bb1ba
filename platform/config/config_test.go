package config

import (
	"strings"
	"testing"
	"time"

	"eventstorm/platform/httpx"
)

// TestFromEnv checks the HTTP variables: defaults, values, and bad ones
// named.
func TestFromEnv(t *testing.T) {
	cases := []struct {
		name     string
		env      map[string]string
		body     int64
		shutdown time.Duration
		err      string
	}{
		{name: "defaults", body: httpx.MaxBodyBytes, shutdown: 10 * time.Second},
		{name: "set", env: map[string]string{"HTTP_MAX_BODY_BYTES": "2048", "SHUTDOWN_TIMEOUT": "30s"}, body: 2048, shutdown: 30 * time.Second},
		{name: "body too small", env: map[string]string{"HTTP_MAX_BODY_BYTES": "10"}, err: "HTTP_MAX_BODY_BYTES"},
		{name: "body not a number", env: map[string]string{"HTTP_MAX_BODY_BYTES": "1MB"}, err: "HTTP_MAX_BODY_BYTES"},
		{name: "shutdown not a duration", env: map[string]string{"SHUTDOWN_TIMEOUT": "10"}, err: "SHUTDOWN_TIMEOUT"},
		{name: "shutdown zero", env: map[string]string{"SHUTDOWN_TIMEOUT": "0s"}, err: "SHUTDOWN_TIMEOUT"},
		{name: "shutdown too long", env: map[string]string{"SHUTDOWN_TIMEOUT": "1h"}, err: "SHUTDOWN_TIMEOUT"},
		{name: "snapshots", env: map[string]string{"SNAPSHOT_EVERY": "100"}, body: httpx.MaxBodyBytes, shutdown: 10 * time.Second},
		{name: "snapshots negative", env: map[string]string{"SNAPSHOT_EVERY": "-1"}, err: "SNAPSHOT_EVERY"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, k := range []string{"HTTP_MAX_BODY_BYTES", "SHUTDOWN_TIMEOUT", "KAFKA_BROKERS", "KAFKA_PARTITIONS", "KAFKA_REPLICATION_FACTOR", "SNAPSHOT_EVERY"} {
				t.Setenv(k, "")
			}
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			cfg, err := FromEnv()
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want one naming %s", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Limits.MaxBodyBytes != c.body || cfg.ShutdownTimeout != c.shutdown {
				t.Errorf("body %d, shutdown %v; want %d, %v", cfg.Limits.MaxBodyBytes, cfg.ShutdownTimeout, c.body, c.shutdown)
			}
		})
	}
}
