package liveboard

import (
	"encoding/json"
	"net/http"
	"time"
)

// Timings of the event stream.
const (
	// writeTimeout bounds each write to a client.
	writeTimeout = 10 * time.Second
	// keepAlive is how often an idle stream sends a comment, so that
	// proxies and the browser keep it open.
	keepAlive = 15 * time.Second
	// coalesce is the least time between two updates of a stream: the
	// changes made meanwhile go in one.
	coalesce = 100 * time.Millisecond
	// retryMillis is how soon the browser reconnects a broken stream.
	retryMillis = 2000
)

// ServeHTTP serves the page, its event stream and the state.
func (b *Board) ServeHTTP(w http.ResponseWriter, r *http.Request) { b.handler.ServeHTTP(w, r) }

func (b *Board) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", b.servePage)
	mux.HandleFunc("GET /events", b.serveEvents)
	mux.HandleFunc("GET /state", b.serveState)
	return mux
}

func (b *Board) servePage(w http.ResponseWriter, _ *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	// The page's own inline style and script, and its stream, and nothing
	// else.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'")
	w.Write(decorate(b.page, b.Snapshot()))
}

func (b *Board) serveState(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(b.Snapshot())
}

// serveEvents streams the state as server-sent events: in full at once,
// then again after each change, until the client goes.
func (b *Board) serveEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	if !send(rc, w, "retry: %d\n\n", retryMillis) {
		return
	}
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		snap, changed := b.current()
		data, err := json.Marshal(snap)
		if err != nil || !send(rc, w, "data: %s\n\n", data) {
			return
		}
		if !waitChange(r, rc, w, changed, tick.C) {
			return
		}
	}
}

// waitChange waits for changed, sending a comment on each tick, then for
// coalesce; false when the client went.
func waitChange(r *http.Request, rc *http.ResponseController, w http.ResponseWriter, changed <-chan struct{}, tick <-chan time.Time) bool {
	for {
		select {
		case <-r.Context().Done():
			return false
		case <-tick:
			if !send(rc, w, ": keep-alive\n\n") {
				return false
			}
			continue
		case <-changed:
		}
		select {
		case <-r.Context().Done():
			return false
		case <-time.After(coalesce):
			return true
		}
	}
}
