package kafka

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"eventstorm/platform/message"
)

// TestKcatReadsPublished checks with another Kafka client, kcat (librdkafka),
// that a published event is an ordinary record: its key, its CloudEvents
// headers and its JSON value.
func TestKcatReadsPublished(t *testing.T) {
	kcat, err := exec.LookPath("kcat")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("kcat is not installed (apt-get install kcat)")
		}
		t.Skip("kcat is not installed")
	}
	c := orderCluster(t, 1)
	m := message.Message{
		ID: "e-42", Type: "shop.ordering.order-placed", Source: "/shop/ordering",
		Time:  time.Date(2026, 11, 24, 9, 30, 0, 250_000_000, time.UTC),
		Topic: topic, Key: "o-7", Data: []byte(`{"orderId":"o-7","total":"12.50"}`),
	}
	c.publish(t, nil, m)

	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, kcat, "-C", "-b", strings.Join(c.cfg.Brokers, ","), "-t", topic, "-o", "beginning", "-e", "-q", "-f", `%k %h %s\n`)
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("kcat: %v\n%s", err, stderr)
	}
	want := `o-7 ce_specversion=1.0,ce_id=e-42,ce_type=shop.ordering.order-placed,ce_source=/shop/ordering,ce_time=2026-11-24T09:30:00.25Z,content-type=application/json {"orderId":"o-7","total":"12.50"}` + "\n"
	if string(out) != want {
		t.Errorf("kcat read\n%q\nwant\n%q", out, want)
	}
}
