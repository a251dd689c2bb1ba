package liveboard

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestPageSelfContained: the page is the diagram's board with the live
// script, refers to nothing outside itself but its event stream, and
// says so to the browser in its Content-Security-Policy.
func TestPageSelfContained(t *testing.T) {
	board, err := New(loadModel(t, rentalModel), Options{})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	board.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	page := rec.Body.String()
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("GET /: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	for _, want := range []string{`data-kind="event" data-id="Fleet/Bike Registered"`, `new EventSource("events")`, `id="live-status"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page has no %s", want)
		}
	}
	external := regexp.MustCompile(`(?i)https?:|src=|href=|<link|@import|url\((?:[^#]|$)|fetch\(|XMLHttpRequest|import\(`)
	if m := external.FindString(page); m != "" {
		t.Errorf("the page refers to something outside itself: %q", m)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	for _, path := range []string{"/board.js", "/events/x"} {
		rec := httptest.NewRecorder()
		board.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, rec.Code)
		}
	}
}

// TestEventStream: the stream sends the full state on connecting, then
// the state again after a change, and ends when the client goes.
func TestEventStream(t *testing.T) {
	board, err := New(loadModel(t, rentalModel), Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(board)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("Content-Type %q", ct)
	}
	r := bufio.NewReader(resp.Body)
	first := nextData(t, r)
	if len(first.Events) != 0 || first.Connected {
		t.Errorf("first state %+v, want nothing seen", first)
	}
	board.update(func(s *state) { s.record(fleetTopic, registered, at(1)) })
	second := nextData(t, r)
	if got := second.Events["Fleet/Bike Registered"]; got.Count != 1 || !got.Last.Equal(at(1)) {
		t.Errorf("after a record, Bike Registered is %+v", got)
	}
	cancel()
	if _, err := io.Copy(io.Discard, r); err == nil {
		t.Log("the stream ended")
	}
}

// nextData reads the stream up to its next data line and decodes it.
func nextData(t *testing.T, r *bufio.Reader) Snapshot {
	t.Helper()
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("the stream ended: %v", err)
		}
		if data, ok := strings.CutPrefix(line, "data: "); ok {
			var s Snapshot
			if err := json.Unmarshal([]byte(data), &s); err != nil {
				t.Fatalf("data %q: %v", data, err)
			}
			return s
		}
	}
}
