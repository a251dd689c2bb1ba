package generator_test

import (
	"bytes"
	"testing"

	"eventstorm/samples"
)

// eventSourcedOrderSample is the order sample with Order stored as its
// events (store: events).
func eventSourcedOrderSample(t *testing.T) samples.Sample {
	t.Helper()
	s := orderSample(t)
	const order = "      - name: Order\n        fields:"
	if !bytes.Contains(s.Data, []byte(order)) {
		t.Fatalf("the order sample no longer declares Order as %q", order)
	}
	s.Data = bytes.Replace(s.Data, []byte(order), []byte("      - name: Order\n        store: events\n        fields:"), 1)
	return s
}

// TestEventSourcedOrdersSurviveCrashes is TestOrdersSurviveCrashes with
// Order event-sourced: every accepted order's stream holds its one event,
// which is in the history exactly once after the SIGKILLs of both
// services. Half the orders of the state-stored run: the crashes fall at
// the same points of the stream.
func TestEventSourcedOrdersSurviveCrashes(t *testing.T) {
	ordersSurviveCrashes(t, eventSourcedOrderSample(t), 1000, `SELECT stream_id FROM eventstorm_events_order WHERE version = 1`)
}
