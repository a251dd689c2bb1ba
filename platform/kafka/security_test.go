package kafka

import (
	"context"
	"crypto/tls"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"eventstorm/internal/localca"
	"eventstorm/platform/inbox"
	"eventstorm/platform/message"
)

// pki is a local CA with the files a client is configured with.
type pki struct {
	ca                        *localca.CA
	server                    tls.Certificate
	caFile, certFile, keyFile string
}

func newPKI(t *testing.T) pki {
	t.Helper()
	ca, err := localca.New("kafka test CA")
	if err != nil {
		t.Fatal(err)
	}
	server, err := ca.Server("127.0.0.1", "localhost")
	if err != nil {
		t.Fatal(err)
	}
	serverCert, err := server.TLS()
	if err != nil {
		t.Fatal(err)
	}
	client, err := ca.Client("order-history")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	caFile, err := ca.WriteCert(dir, "ca")
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile, err := client.Write(dir, "client")
	if err != nil {
		t.Fatal(err)
	}
	return pki{ca: ca, server: serverCert, caFile: caFile, certFile: certFile, keyFile: keyFile}
}

// setEnv sets the variables for the test and unsets the other Kafka
// security variables, so that the machine's own settings do not leak in.
func setEnv(t *testing.T, vars map[string]string) {
	t.Helper()
	for _, name := range []string{
		"KAFKA_SASL_MECHANISM", "KAFKA_SASL_USERNAME", "KAFKA_SASL_USERNAME_FILE", "KAFKA_SASL_PASSWORD", "KAFKA_SASL_PASSWORD_FILE",
		"KAFKA_TLS", "KAFKA_TLS_CA_FILE", "KAFKA_TLS_CERT_FILE", "KAFKA_TLS_KEY_FILE", "KAFKA_TLS_SERVER_NAME",
	} {
		t.Setenv(name, "")
		os.Unsetenv(name)
	}
	for name, value := range vars {
		t.Setenv(name, value)
	}
}

func TestSecurityFromEnv(t *testing.T) {
	p := newPKI(t)
	pwFile := t.TempDir() + "/password"
	if err := os.WriteFile(pwFile, []byte("pw\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		vars map[string]string
		want string // Security.String(), or the start of the error
		bad  bool
	}{
		{"nothing", nil, "no authentication, plaintext", false},
		{"SCRAM over TLS", map[string]string{"KAFKA_SASL_MECHANISM": "scram-sha-512", "KAFKA_SASL_USERNAME": "svc", "KAFKA_SASL_PASSWORD": "pw", "KAFKA_TLS": "true"}, "SASL SCRAM-SHA-512 as svc, TLS", false},
		{"password from a mounted file", map[string]string{"KAFKA_SASL_MECHANISM": "PLAIN", "KAFKA_SASL_USERNAME": "svc", "KAFKA_SASL_PASSWORD_FILE": pwFile}, "SASL PLAIN as svc, plaintext", false},
		{"a CA file turns TLS on", map[string]string{"KAFKA_TLS_CA_FILE": p.caFile}, "no authentication, TLS", false},
		{"mutual TLS", map[string]string{"KAFKA_TLS_CERT_FILE": p.certFile, "KAFKA_TLS_KEY_FILE": p.keyFile}, "no authentication, mutual TLS", false},
		{"unknown mechanism", map[string]string{"KAFKA_SASL_MECHANISM": "GSSAPI", "KAFKA_SASL_USERNAME": "svc", "KAFKA_SASL_PASSWORD": "pw"}, `KAFKA_SASL_MECHANISM="GSSAPI"`, true},
		{"mechanism without a password", map[string]string{"KAFKA_SASL_MECHANISM": "SCRAM-SHA-256", "KAFKA_SASL_USERNAME": "svc"}, "KAFKA_SASL_MECHANISM=SCRAM-SHA-256 needs", true},
		{"credentials without a mechanism", map[string]string{"KAFKA_SASL_USERNAME": "svc", "KAFKA_SASL_PASSWORD": "pw"}, "KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set", true},
		{"password twice", map[string]string{"KAFKA_SASL_MECHANISM": "PLAIN", "KAFKA_SASL_USERNAME": "svc", "KAFKA_SASL_PASSWORD": "pw", "KAFKA_SASL_PASSWORD_FILE": pwFile}, "KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are both set", true},
		{"TLS off with a CA", map[string]string{"KAFKA_TLS": "false", "KAFKA_TLS_CA_FILE": p.caFile}, "KAFKA_TLS=false, but", true},
		{"TLS not a boolean", map[string]string{"KAFKA_TLS": "sure"}, `KAFKA_TLS="sure"`, true},
		{"certificate without key", map[string]string{"KAFKA_TLS_CERT_FILE": p.certFile}, "KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE go together", true},
		{"CA file without a certificate", map[string]string{"KAFKA_TLS_CA_FILE": pwFile}, "KAFKA_TLS_CA_FILE=" + pwFile + " holds no PEM", true},
		{"missing CA file", map[string]string{"KAFKA_TLS_CA_FILE": pwFile + ".missing"}, "KAFKA_TLS_CA_FILE:", true},
		{"key that is not the certificate's", map[string]string{"KAFKA_TLS_CERT_FILE": p.certFile, "KAFKA_TLS_KEY_FILE": p.caFile}, "KAFKA_TLS_CERT_FILE, KAFKA_TLS_KEY_FILE:", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			setEnv(t, tc.vars)
			cfg, err := ConfigFromEnv()
			switch {
			case tc.bad && err == nil:
				t.Fatalf("no error; want one starting %q", tc.want)
			case tc.bad && !strings.HasPrefix(err.Error(), tc.want):
				t.Fatalf("error %q; want one starting %q", err, tc.want)
			case !tc.bad && err != nil:
				t.Fatal(err)
			case !tc.bad && cfg.Security.String() != tc.want:
				t.Fatalf("security %q; want %q", cfg.Security, tc.want)
			}
			if !tc.bad && strings.Contains(cfg.Security.String(), "pw") {
				t.Errorf("%q shows the password", cfg.Security)
			}
		})
	}
}

// secureCluster is a broker that takes TLS only and authenticates its
// clients with SASL: the user svc with password pw by mechanism.
func secureCluster(t *testing.T, p pki, mechanism string, clientAuth tls.ClientAuthType) []string {
	t.Helper()
	c, err := kfake.NewCluster(
		kfake.NumBrokers(1),
		kfake.EnableSASL(),
		kfake.Superuser(mechanism, "svc", "pw"),
		kfake.TLS(&tls.Config{Certificates: []tls.Certificate{p.server}, ClientCAs: p.ca.Pool(), ClientAuth: clientAuth, MinVersion: tls.VersionTLS12}),
	)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c.ListenAddrs()
}

// roundTrip publishes an event and consumes it back, with cfg, within
// limit: a refused client keeps retrying until then.
func roundTrip(t *testing.T, cfg Config, limit time.Duration) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), limit)
	defer cancel()
	logger := slog.New(slog.DiscardHandler)
	pub, err := Connect(ctx, cfg, Topology{Group: "ordering", Publishes: []string{topic}}, logger, nil)
	if err != nil {
		return err
	}
	defer pub.Close()
	if err := pub.Publish(ctx, []message.Message{orderMsg("k", 1)}); err != nil {
		return err
	}
	sub, err := Connect(ctx, cfg, consumer, logger, nil)
	if err != nil {
		return err
	}
	defer sub.Close()
	got := make(chan string, 1)
	go sub.Consume(ctx, inbox.NewMemory(), func(_ context.Context, m message.Message) error {
		select {
		case got <- m.ID:
		default:
		}
		return nil
	})
	select {
	case id := <-got:
		if id != "k-1" {
			t.Errorf("consumed %s, want k-1", id)
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// refusedWithin is how long a refused client is given to get through.
const refusedWithin = 2 * time.Second

// TestSecureBroker publishes and consumes through a broker requiring TLS
// and SASL, with each mechanism, and checks that a wrong password, a
// client without TLS and one not trusting the broker's CA are refused.
func TestSecureBroker(t *testing.T) {
	p := newPKI(t)
	for _, mech := range []string{MechanismPlain, MechanismSCRAMSHA256, MechanismSCRAMSHA512} {
		t.Run(mech, func(t *testing.T) {
			brokers := secureCluster(t, p, mech, tls.NoClientCert)
			setEnv(t, map[string]string{
				"KAFKA_BROKERS": strings.Join(brokers, ","), "KAFKA_SASL_MECHANISM": mech,
				"KAFKA_SASL_USERNAME": "svc", "KAFKA_SASL_PASSWORD": "pw", "KAFKA_TLS_CA_FILE": p.caFile,
			})
			cfg, err := ConfigFromEnv()
			if err != nil {
				t.Fatal(err)
			}
			if err := roundTrip(t, cfg, 10*time.Second); err != nil {
				t.Fatalf("with the right credentials: %v", err)
			}
			wrong := cfg
			wrong.Security.Password = "not-pw"
			if err := roundTrip(t, wrong, refusedWithin); err == nil {
				t.Error("a wrong password was let in")
			}
			plain := cfg
			plain.Security.TLS = nil
			if err := roundTrip(t, plain, refusedWithin); err == nil {
				t.Error("a client without TLS was let in")
			}
			untrusting := cfg
			untrusting.Security.TLS = &tls.Config{MinVersion: tls.VersionTLS12}
			if err := roundTrip(t, untrusting, refusedWithin); err == nil {
				t.Error("a client not trusting the broker's CA connected")
			}
		})
	}
}

// TestMutualTLS requires a client certificate signed by the CA.
func TestMutualTLS(t *testing.T) {
	p := newPKI(t)
	brokers := secureCluster(t, p, MechanismSCRAMSHA256, tls.RequireAndVerifyClientCert)
	setEnv(t, map[string]string{
		"KAFKA_BROKERS": strings.Join(brokers, ","), "KAFKA_SASL_MECHANISM": MechanismSCRAMSHA256,
		"KAFKA_SASL_USERNAME": "svc", "KAFKA_SASL_PASSWORD": "pw",
		"KAFKA_TLS_CA_FILE": p.caFile, "KAFKA_TLS_CERT_FILE": p.certFile, "KAFKA_TLS_KEY_FILE": p.keyFile,
	})
	cfg, err := ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if err := roundTrip(t, cfg, 10*time.Second); err != nil {
		t.Fatalf("with a client certificate: %v", err)
	}
	noCert := cfg
	noCert.Security.TLS = cfg.Security.TLS.Clone()
	noCert.Security.TLS.Certificates = nil
	if err := roundTrip(t, noCert, refusedWithin); err == nil {
		t.Error("a client without a certificate was let in")
	}
}
