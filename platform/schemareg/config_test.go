package schemareg

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestConfigFromEnv reads the SCHEMA_REGISTRY_* variables: off by default,
// defaults, values, and bad ones named.
func TestConfigFromEnv(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.txt")
	if err := os.WriteFile(notPEM, []byte("no certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		env     map[string]string
		enabled bool
		compat  string
		timeout time.Duration
		user    string
		err     string
	}{
		{name: "off", compat: "BACKWARD", timeout: DefaultTimeout},
		{name: "on", env: map[string]string{"SCHEMA_REGISTRY_URL": "http://sr:8081"}, enabled: true, compat: "BACKWARD", timeout: DefaultTimeout},
		{name: "everything", env: map[string]string{"SCHEMA_REGISTRY_URL": "https://a:8081,https://b:8081", "SCHEMA_REGISTRY_USERNAME": "svc", "SCHEMA_REGISTRY_PASSWORD": "pw", "SCHEMA_REGISTRY_COMPATIBILITY": "full_transitive", "SCHEMA_REGISTRY_TIMEOUT": "3s"},
			enabled: true, compat: "FULL_TRANSITIVE", timeout: 3 * time.Second, user: "svc"},
		{name: "not a URL", env: map[string]string{"SCHEMA_REGISTRY_URL": "sr:8081"}, err: "SCHEMA_REGISTRY_URL"},
		{name: "unknown level", env: map[string]string{"SCHEMA_REGISTRY_URL": "http://sr", "SCHEMA_REGISTRY_COMPATIBILITY": "LOOSE"}, err: "SCHEMA_REGISTRY_COMPATIBILITY"},
		{name: "timeout too short", env: map[string]string{"SCHEMA_REGISTRY_URL": "http://sr", "SCHEMA_REGISTRY_TIMEOUT": "1ms"}, err: "SCHEMA_REGISTRY_TIMEOUT"},
		{name: "password alone", env: map[string]string{"SCHEMA_REGISTRY_URL": "http://sr", "SCHEMA_REGISTRY_PASSWORD": "pw"}, err: "without SCHEMA_REGISTRY_USERNAME"},
		{name: "user without URL", env: map[string]string{"SCHEMA_REGISTRY_USERNAME": "svc"}, err: "without SCHEMA_REGISTRY_URL"},
		{name: "cert without key", env: map[string]string{"SCHEMA_REGISTRY_URL": "https://sr", "SCHEMA_REGISTRY_CERT_FILE": "c.pem"}, err: "go together"},
		{name: "CA not PEM", env: map[string]string{"SCHEMA_REGISTRY_URL": "https://sr", "SCHEMA_REGISTRY_CA_FILE": notPEM}, err: "holds no PEM certificate"},
	}
	vars := []string{"SCHEMA_REGISTRY_URL", "SCHEMA_REGISTRY_USERNAME", "SCHEMA_REGISTRY_PASSWORD", "SCHEMA_REGISTRY_PASSWORD_FILE", "SCHEMA_REGISTRY_CA_FILE",
		"SCHEMA_REGISTRY_CERT_FILE", "SCHEMA_REGISTRY_KEY_FILE", "SCHEMA_REGISTRY_COMPATIBILITY", "SCHEMA_REGISTRY_TIMEOUT"}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, k := range vars {
				t.Setenv(k, "")
			}
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			cfg, err := ConfigFromEnv()
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want one saying %s", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Enabled() != c.enabled || cfg.Compatibility != c.compat || cfg.Timeout != c.timeout || cfg.Username != c.user {
				t.Errorf("got %+v, want enabled %v, compatibility %s, timeout %v, user %q", cfg, c.enabled, c.compat, c.timeout, c.user)
			}
		})
	}
}
