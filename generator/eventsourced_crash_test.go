package generator_test

import (
	"bytes"
	"net/http"
	"strings"
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

// TestEventSourcedOrderFlowOnMariaDB runs the order system with Order
// event-sourced on MariaDB: an order placed, its service killed (SIGKILL)
// and restarted, then cancelled, is rebuilt from its stream of two events
// (with SNAPSHOT_EVERY=1, from its snapshot too), and the history shows it
// cancelled.
func TestEventSourcedOrderFlowOnMariaDB(t *testing.T) {
	t.Setenv("SNAPSHOT_EVERY", "1")
	dbs := createDatabases(t, testServer("TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/"), 2)
	ordering, history := runOrderSystem(t, eventSourcedOrderSample(t), dbs)
	id := placeOrder(http.DefaultClient, ordering.addr, 7)
	if id == "" {
		t.Fatal("the order was not accepted")
	}
	getJSON(t, "http://"+history.addr+"/order-history/"+id, func(v map[string]any) bool { return v["status"] == "placed" })
	ordering.kill()
	ordering.start()
	getJSON(t, "http://"+ordering.addr+"/readyz", func(map[string]any) bool { return true })
	resp, err := http.Post("http://"+ordering.addr+"/order/"+id+"/cancel-order", "application/json", strings.NewReader(`{"reason": "changed my mind"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("cancel-order answered %d", resp.StatusCode)
	}
	order := getJSON(t, "http://"+ordering.addr+"/order/"+id, func(map[string]any) bool { return true })
	if order["version"] != 2.0 || order["customerId"] != "c7" || order["amount"] != "8.50" || order["reason"] != "changed my mind" {
		t.Errorf("the order rebuilt from its stream: %v", order)
	}
	getJSON(t, "http://"+history.addr+"/order-history/"+id, func(v map[string]any) bool { return v["status"] == "cancelled" })
	db := serverDB(t, dbs[0])
	defer db.Close()
	if got := ids(t, db, "SELECT event_type FROM eventstorm_events_order WHERE stream_id = '"+id+"' ORDER BY version"); len(got) != 2 || got[1] != "shop.ordering.order-cancelled" {
		t.Errorf("the stream holds %v, want the placed and the cancelled events", got)
	}
	if got := ids(t, db, "SELECT CAST(version AS CHAR) FROM eventstorm_snapshots_order WHERE stream_id = '"+id+"'"); len(got) != 1 || got[0] != "2" {
		t.Errorf("snapshot versions %v, want [2]", got)
	}
}
