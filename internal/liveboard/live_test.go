package liveboard

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/generator/ir"
	"eventstorm/internal/devrun"
	"eventstorm/model"
)

// shownJS collects what the board page shows on its stickies: per
// data-id, each copy's rendered text and whether it is red or used.
const shownJS = `(() => {
  const out = {}, status = document.getElementById("live-status");
  if (!status) return {updates: 0, status: "", stickies: out}; // not loaded yet
  document.querySelectorAll(".board .sticky[data-id]").forEach(el => {
    (out[el.dataset.id] = out[el.dataset.id] || []).push({
      kind: el.dataset.kind,
      text: el.innerText.replace(/\s+/g, " ").trim(),
      count: (el.querySelector(".live-count") || {}).innerText || "",
      red: el.classList.contains("live-red"),
      used: el.classList.contains("live-used"),
      color: getComputedStyle(el).outlineColor,
    });
  });
  return {updates: Number(document.body.dataset.updates || 0), status: status.innerText, stickies: out};
})()`

type shown struct {
	Updates  int
	Status   string
	Stickies map[string][]struct {
		Kind, Text, Count, Color string
		Red, Used                bool
	}
}

// TestLiveBoardInChromium runs the board against an embedded broker before
// any topic exists, opens it in headless Chromium, then writes records as
// the services would, and reads what the page shows: the count of each
// event on every copy of its sticky, commands used, a dead-lettered event
// and the lagging consumers of a group that never read red.
func TestLiveBoardInChromium(t *testing.T) {
	chromiumPath(t)
	m := loadModel(t, rentalModel)
	broker, err := devrun.StartBroker(devrun.BrokerOptions{Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer broker.Close()
	board, err := New(m, Options{LagEvery: 200 * time.Millisecond, LagGrace: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	watchCtx, stopWatch := context.WithCancel(ctx)
	watched := make(chan error, 1)
	go func() { watched <- board.Watch(watchCtx, []string{broker.Addr()}) }()
	srv := httptest.NewServer(board)
	t.Cleanup(srv.Close) // after the browser's, which closes its stream

	b := startBrowser(ctx, t)
	b.navigate(srv.URL + "/")
	page := waitShown(t, b, "the state on connecting", func(s shown) bool { return s.Updates > 0 && s.Status == "live" })
	if got := page.Stickies["Fleet/Bike Registered"][0].Count; got != "0" {
		t.Errorf("before any record, Bike Registered shows %q, want 0", got)
	}

	produce(ctx, t, broker.Addr(), m, map[string]int{"Bike Registered": 3, "Rental Started": 2, "Bike Retired": 1})
	deadLetter(ctx, t, broker.Addr(), ir.EventType(m, m.Contexts[0].Aggregates[0].Events[1]))
	page = waitShown(t, b, "the records' counts", func(s shown) bool {
		return s.Stickies["Fleet/Bike Registered"][0].Count == "3" && s.Stickies["Fleet/Bike Retired"][0].Red &&
			s.Stickies["Rentals/Bikes Available"][0].Red && strings.Contains(s.Stickies["Rentals/Bikes Available"][0].Text, "lag 4")
	})
	checkShown(t, page)
	checkRequests(t, b.requested(), srv.URL)
	// As a simpler check would read it: the DOM Chromium dumps once the
	// page is loaded, and after a virtual time budget (which an open
	// stream would stop).
	for _, budget := range []string{"", "5000"} {
		dom := dumpDOM(ctx, t, srv.URL+"/", budget)
		if got := dumpedCounts(dom, "Fleet/Bike Registered"); len(got) != 2 || got[0] != "3" || got[1] != "3" {
			t.Errorf("--dump-dom (virtual time budget %q): Bike Registered shows %v, want 3 on both copies", budget, got)
		}
	}

	stopWatch()
	select {
	case err := <-watched:
		if err != nil {
			t.Errorf("Watch: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Error("Watch did not return within 10 s of its context's end")
	}
}

// waitShown reads the page until ok holds for what it shows, failing the
// test after 30 seconds.
func waitShown(t *testing.T, b *browser, what string, ok func(shown) bool) shown {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var s shown
		b.eval(shownJS, &s)
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("the page does not show %s within 30 s; it shows %+v", what, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// checkShown checks every sticky the records concern, in each of its
// copies on the board.
func checkShown(t *testing.T, page shown) {
	t.Helper()
	counts := map[string]string{"Fleet/Bike Registered": "3", "Fleet/Bike Retired": "1", "Rentals/Rental Started": "2", "Rentals/Rental Ended": "0"}
	copies := map[string]int{"Fleet/Bike Registered": 2, "Fleet/Bike Retired": 3, "Rentals/Rental Started": 1, "Rentals/Rental Ended": 1}
	for id, want := range counts {
		if len(page.Stickies[id]) != copies[id] {
			t.Errorf("%s: %d stickies, want %d", id, len(page.Stickies[id]), copies[id])
		}
		for _, s := range page.Stickies[id] {
			if s.Count != want || !strings.HasPrefix(strings.TrimPrefix(s.Text, "Fleet · "), strings.SplitN(id, "/", 2)[1]) {
				t.Errorf("%s shows %q (count %q), want the count %s", id, s.Text, s.Count, want)
			}
			if red := id == "Fleet/Bike Retired"; s.Red != red || red != strings.Contains(s.Text, "1 dead-lettered") {
				t.Errorf("%s shows %q, red %v; want red %v", id, s.Text, s.Red, red)
			}
		}
	}
	for id, used := range map[string]bool{"Fleet/Register Bike": true, "Fleet/Retire Bike": true, "Fleet/Report Theft": true, "Rentals/Start Rental": true, "Rentals/End Rental": false} {
		for _, s := range page.Stickies[id] {
			if s.Used != used || strings.Contains(s.Text, "used") != used {
				t.Errorf("%s shows %q, used %v; want used %v", id, s.Text, s.Used, used)
			}
		}
	}
	for _, id := range []string{"Rentals/End rentals of retired bikes", "Rentals/Bikes Available"} {
		s := page.Stickies[id][0]
		if !s.Red || !strings.Contains(s.Text, "lag 4") || s.Color != "rgb(185, 28, 28)" {
			t.Errorf("%s shows %q in %s, red %v; want red with lag 4", id, s.Text, s.Color, s.Red)
		}
	}
}

// checkRequests checks that the page asked for nothing but the board's
// own URLs.
func checkRequests(t *testing.T, urls []string, origin string) {
	t.Helper()
	var events bool
	for _, u := range urls {
		if !strings.HasPrefix(u, origin+"/") {
			t.Errorf("the page loaded %s, not from the board", u)
		}
		events = events || u == origin+"/events"
	}
	if !events {
		t.Errorf("the page never asked for its event stream: %v", urls)
	}
}

// produce writes n records of each event named, as a service would: to
// its aggregate's topic with its ce_type, creating the topic.
func produce(ctx context.Context, t *testing.T, addr string, m *model.Model, n map[string]int) {
	t.Helper()
	cl := client(t, addr)
	for _, c := range m.Contexts {
		for _, a := range c.Aggregates {
			for _, e := range a.Events {
				for range n[e.Name] {
					r := &kgo.Record{Topic: ir.Topic(m, a), Key: []byte("k"), Value: []byte("{}"), Headers: ceHeaders(ir.EventType(m, e))}
					if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
}

// deadLetter writes a dead letter of ceType, as the Rentals service does
// with a record of the Fleet's topic it cannot handle.
func deadLetter(ctx context.Context, t *testing.T, addr, ceType string) {
	t.Helper()
	r := &kgo.Record{Topic: fleetDLQ, Value: []byte("{}"), Headers: append(ceHeaders(ceType), kgo.RecordHeader{Key: "dlq_error", Value: []byte("rejected")})}
	if err := client(t, addr).ProduceSync(ctx, r).FirstErr(); err != nil {
		t.Fatal(err)
	}
}

func ceHeaders(ceType string) []kgo.RecordHeader {
	return []kgo.RecordHeader{
		{Key: "ce_specversion", Value: []byte("1.0")}, {Key: "ce_id", Value: []byte("id")},
		{Key: "ce_type", Value: []byte(ceType)}, {Key: "ce_source", Value: []byte("/bike-rental/test")},
		{Key: "content-type", Value: []byte("application/json")},
	}
}

// client is a producer to the broker at addr that creates missing topics.
func client(t *testing.T, addr string) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.AllowAutoTopicCreation())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}
