package runner

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// addrHandler records the address Run logs it listens on.
type addrHandler struct {
	slog.Handler
	addr chan string
}

func (h addrHandler) Handle(ctx context.Context, r slog.Record) error {
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "addr" {
			h.addr <- a.Value.String()
		}
		return true
	})
	return nil
}

// TestRunStopsInOrder checks that Run serves until its context is done,
// lets a request in flight finish, and only then stops its workers and
// waits for them.
func TestRunStopsInOrder(t *testing.T) {
	var ready atomic.Bool
	var events []string
	note := make(chan string, 10)
	inFlight := make(chan struct{})
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(inFlight)
		time.Sleep(300 * time.Millisecond)
		note <- "request done"
		w.Write([]byte("ok"))
	})
	addr := make(chan string, 1)
	cfg := Config{Addr: "127.0.0.1:0", Handler: handler, Ready: &ready, Logger: slog.New(addrHandler{slog.NewTextHandler(io.Discard, nil), addr})}
	ctx, cancel := context.WithCancel(context.Background())
	worker := func(ctx context.Context) {
		<-ctx.Done()
		time.Sleep(50 * time.Millisecond)
		note <- "worker done"
	}
	done := make(chan error, 1)
	go func() { done <- Run(ctx, cfg, worker) }()
	url := "http://" + <-addr
	answer := make(chan string, 1)
	go func() {
		resp, err := http.Get(url)
		if err != nil {
			answer <- err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		answer <- string(b)
	}()
	<-inFlight
	if !ready.Load() {
		t.Error("not ready while serving")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	close(note)
	for n := range note {
		events = append(events, n)
	}
	if got := strings.Join(events, ", "); got != "request done, worker done" {
		t.Errorf("stopped in the order %q, want the request first, then the worker", got)
	}
	if got := <-answer; got != "ok" {
		t.Errorf("the request in flight got %q", got)
	}
	if ready.Load() {
		t.Error("still ready after Run returned")
	}
}

// TestRunListenError checks that an address in use fails at once.
func TestRunListenError(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var ready atomic.Bool
	cfg := Config{Addr: l.Addr().String(), Handler: http.NotFoundHandler(), Ready: &ready, Logger: slog.New(slog.DiscardHandler)}
	if err := Run(context.Background(), cfg); err == nil {
		t.Error("Run on an address in use succeeded")
	}
}
