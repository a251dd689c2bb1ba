package kafka

import (
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestActivityLogsAtMostOncePerInterval checks the traffic report: at once
// for the first events, then nothing until the interval has passed.
func TestActivityLogsAtMostOncePerInterval(t *testing.T) {
	var b strings.Builder
	a := &activity{logger: slog.New(slog.NewTextHandler(&b, nil))}
	a.add(2, 0)
	a.add(0, 3)
	if n := strings.Count(b.String(), "kafka traffic"); n != 1 || !strings.Contains(b.String(), "published=2 consumed=0") {
		t.Fatalf("log %q, want one report of the first events", b.String())
	}
	a.last = time.Now().Add(-activityInterval)
	a.add(1, 0)
	if !strings.Contains(b.String(), "published=1 consumed=3") {
		t.Errorf("log %q, want the events since the last report", b.String())
	}
}
