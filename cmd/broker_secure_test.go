package cmd

import (
	"bufio"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"

	"eventstorm/generator/ir"
	"eventstorm/model"
	"eventstorm/platform/kafka"
	"eventstorm/platform/message"
)

// TestBrokerSecure runs broker --secure in a generated order system and
// uses the credential files it writes as services would: ordering may
// publish its events, order-history may not.
func TestBrokerSecure(t *testing.T) {
	dir, _ := generateOrderSample(t)
	creds := t.TempDir()
	var out syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	ready, done := make(chan string, 1), make(chan error, 1)
	opts := &brokerOptions{
		streams: &IOStreams{In: strings.NewReader(""), Out: &out, Err: &out},
		addr:    "127.0.0.1:0", secure: dir, credentials: creds,
		listening: func(a string) { ready <- a },
	}
	go func() { done <- runBroker(ctx, opts) }()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("broker --secure: %v\n%s", err, out.String())
	case <-time.After(10 * time.Second):
		t.Fatal("the broker did not start within 10s")
	}
	if !strings.Contains(out.String(), "SASL SCRAM-SHA-512") {
		t.Errorf("the broker does not say it is secured:\n%s", out.String())
	}
	m, diags := model.Read(filepath.Join(dir, ModelFile))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	topic := ir.NewContext(m, m.Contexts[0], ir.LayoutServices).Publishes[0] // the system is renamed for the test
	msg := message.Message{ID: "e1", Type: "order-placed", Source: "/ordering", Time: time.Now(), Topic: topic, Key: "o1", Data: []byte(`{}`)}
	if err := publishAs(t, filepath.Join(creds, "ordering.env"), msg); err != nil {
		t.Errorf("ordering publishing its events with ordering.env: %v", err)
	}
	if err := publishAs(t, filepath.Join(creds, "order-history.env"), msg); !errors.Is(err, kerr.TopicAuthorizationFailed) {
		t.Errorf("order-history publishing Ordering's events: %v, want TOPIC_AUTHORIZATION_FAILED", err)
	}
	// dlq reaches the secured broker with the admin's settings, as an
	// operator would after sourcing eventstorm-admin.env.
	setEnvFile(t, filepath.Join(creds, "eventstorm-admin.env"))
	if r := run(t, "dlq", "list", "--timeout", "10s"); r.code != exitOK {
		t.Errorf("dlq list with eventstorm-admin.env:\n%s", r)
	}
	if info, err := os.Stat(filepath.Join(creds, "ordering.env")); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("ordering.env: %v, mode %v; want readable by its owner only", err, info.Mode())
	}
}

// publishAs publishes msg with the settings of an env file, as a service
// started with them would.
func publishAs(t *testing.T, envFile string, msg message.Message) error {
	t.Helper()
	setEnvFile(t, envFile)
	cfg, err := kafka.ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := kafka.Connect(ctx, cfg, kafka.Topology{Group: "x", Publishes: []string{msg.Topic}}, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Publish(ctx, []message.Message{msg})
}

// setEnvFile sets, for the rest of the test, the variables of an env file
// of NAME=value lines.
func setEnvFile(t *testing.T, envFile string) {
	t.Helper()
	f, err := os.Open(envFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines := bufio.NewScanner(f)
	for lines.Scan() {
		name, value, _ := strings.Cut(lines.Text(), "=")
		t.Setenv(name, value)
	}
}
