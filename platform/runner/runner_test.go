package runner

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"eventstorm/platform/httpx"
)

// listening is a slog handler that passes on the address of the "listening"
// record.
type listening struct {
	slog.Handler
	addr chan string
}

func newListening() listening {
	return listening{Handler: slog.NewTextHandler(io.Discard, nil), addr: make(chan string, 1)}
}

func (h listening) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "listening" {
		return nil
	}
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "addr" {
			h.addr <- a.Value.String()
		}
		return true
	})
	return nil
}

// wait returns the address Run listens on.
func (h listening) wait(t *testing.T) string {
	t.Helper()
	select {
	case addr := <-h.addr:
		return addr
	case <-time.After(5 * time.Second):
		t.Fatal("Run logged no address")
		return ""
	}
}

// events notes what happened, in order.
type events struct {
	mu   sync.Mutex
	list []string
}

func (e *events) add(s string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.list = append(e.list, s)
}

func (e *events) get() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.list)
}

// get sends GET url and returns the body, or the error.
func get(url string) string {
	resp, err := http.Get(url)
	if err != nil {
		return "error: " + err.Error()
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "error: " + err.Error()
	}
	return string(b)
}

// TestRunStopsInOrder checks that Run serves until its context is done,
// ready meanwhile, lets a request in flight finish, and only then stops its
// workers and waits for them.
func TestRunStopsInOrder(t *testing.T) {
	var ready atomic.Bool
	var ev events
	inFlight := make(chan struct{})
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/quick" {
			w.Write([]byte("quick"))
			return
		}
		if !ready.Load() {
			ev.add("not ready while serving")
		}
		close(inFlight)
		time.Sleep(300 * time.Millisecond)
		ev.add("request done")
		w.Write([]byte("slow"))
	})
	log := newListening()
	cfg := Config{Addr: "127.0.0.1:0", Handler: handler, Ready: &ready, Logger: slog.New(log)}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	workers := make([]Worker, 2)
	for i := range workers {
		name := "worker " + string(rune('a'+i))
		workers[i] = func(ctx context.Context) {
			ev.add(name + " started")
			<-ctx.Done()
			ev.add(name + " stopping")
			time.Sleep(100 * time.Millisecond) // like a relay's last round
			ev.add(name + " done")
		}
	}
	done := make(chan error, 1)
	go func() {
		err := Run(ctx, cfg, workers...)
		ev.add("Run returned")
		done <- err
	}()
	url := "http://" + log.wait(t)
	if got := get(url + "/quick"); got != "quick" {
		t.Fatalf("GET /quick: %s", got)
	}
	answer := make(chan string, 1)
	go func() { answer <- get(url + "/slow") }()
	<-inFlight
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return")
	}
	if got := <-answer; got != "slow" {
		t.Errorf("the request in flight got %q", got)
	}
	if ready.Load() {
		t.Error("still ready after Run returned")
	}
	if _, err := net.DialTimeout("tcp", strings.TrimPrefix(url, "http://"), time.Second); err == nil {
		t.Error("still listening after Run returned")
	}

	got := ev.get()
	index := func(s string) int {
		i := slices.Index(got, s)
		if i < 0 {
			t.Errorf("no %q in %q", s, got)
		}
		return i
	}
	if slices.Contains(got, "not ready while serving") {
		t.Error("not ready while serving")
	}
	for _, w := range []string{"worker a", "worker b"} {
		if !(index(w+" started") < index("request done") &&
			index("request done") < index(w+" stopping") &&
			index(w+" stopping") < index(w+" done") &&
			index(w+" done") < index("Run returned")) {
			t.Errorf("%s: events in the order %q; want it started, the request done, then it stopped, before Run returned", w, got)
		}
	}
}

// TestRunShutdownTimeout checks that a request slower than ShutdownTimeout
// does not hold Run up, that its connection is closed, and that the
// workers are still stopped and Run returns nil: a stop is no failure.
func TestRunShutdownTimeout(t *testing.T) {
	var ready atomic.Bool
	release := make(chan struct{})
	defer close(release)
	inFlight := make(chan struct{})
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(inFlight)
		<-release
	})
	log := newListening()
	cfg := Config{Addr: "127.0.0.1:0", Handler: handler, Ready: &ready, Logger: slog.New(log), ShutdownTimeout: 200 * time.Millisecond}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var workerDone atomic.Bool
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, cfg, func(ctx context.Context) {
			<-ctx.Done()
			workerDone.Store(true)
		})
	}()
	url := "http://" + log.wait(t)
	answer := make(chan string, 1)
	go func() { answer <- get(url) }()
	<-inFlight
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if took := time.Since(start); took < cfg.ShutdownTimeout || took > cfg.ShutdownTimeout+2*time.Second {
			t.Errorf("Run returned %v after the stop, want about %v", took, cfg.ShutdownTimeout)
		}
		if err != nil {
			t.Errorf("Run: %v, want nil", err)
		}
		select {
		case a := <-answer:
			if !strings.HasPrefix(a, "error: ") {
				t.Errorf("the request cut short got %q, want its connection closed", a)
			}
		case <-time.After(2 * time.Second):
			t.Error("the request's connection is still open after Run returned")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run waited for a request past ShutdownTimeout")
	}
	if !workerDone.Load() {
		t.Error("Run returned before its worker stopped")
	}
	if ready.Load() {
		t.Error("still ready after Run returned")
	}
}

// TestRunListenError checks that an address in use fails at once, with no
// worker started.
func TestRunListenError(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var ready atomic.Bool
	var started atomic.Bool
	cfg := Config{Addr: l.Addr().String(), Handler: http.NotFoundHandler(), Ready: &ready, Logger: slog.New(slog.DiscardHandler)}
	done := make(chan error, 1)
	go func() {
		done <- Run(t.Context(), cfg, func(ctx context.Context) {
			started.Store(true)
			<-ctx.Done()
		})
	}()
	select {
	case err := <-done:
		if !errors.Is(err, syscall.EADDRINUSE) {
			t.Errorf("Run on an address in use: %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Run on an address in use did not return")
	}
	if started.Load() || ready.Load() {
		t.Errorf("worker started %v, ready %v", started.Load(), ready.Load())
	}
}

// service is a Service for Main.
type service struct {
	run    error
	closed *bool
}

func (s service) Run(ctx context.Context) error { return s.run }

func (s service) Close() error {
	*s.closed = true
	return nil
}

// TestMainExitCodes checks Main's exit codes, that it closes the service it
// created, and its JSON logs labelled with the service.
func TestMainExitCodes(t *testing.T) {
	cases := []struct {
		name      string
		configErr error
		newErr    error
		runErr    error
		code      int
		closed    bool
		log       string // a part of the output
	}{
		{name: "clean stop", code: 0, closed: true},
		{name: "bad configuration", configErr: errors.New("PORT=x: want a whole number"), code: 2, log: `"msg":"bad configuration","service":"ordering","error":"PORT=x: want a whole number"`},
		{name: "start-up failed", newErr: errors.New("database unreachable"), code: 1, log: `"msg":"start-up failed","service":"ordering","error":"database unreachable"`},
		{name: "service failed", runErr: errors.New("address in use"), code: 1, closed: true, log: `"msg":"service failed","service":"ordering","error":"address in use"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			closed := false
			var gotCfg string
			out := captureStdout(t, func() {
				code := Main("ordering",
					func() (string, error) { return "cfg", c.configErr },
					func(ctx context.Context, cfg string, logger *slog.Logger) (service, error) {
						gotCfg = cfg
						if ctx.Err() != nil || logger == nil {
							t.Error("newService got a done context or no logger")
						}
						return service{run: c.runErr, closed: &closed}, c.newErr
					})
				if code != c.code {
					t.Errorf("exit code %d, want %d", code, c.code)
				}
			})
			if closed != c.closed {
				t.Errorf("closed %v, want %v", closed, c.closed)
			}
			if c.configErr == nil && gotCfg != "cfg" {
				t.Errorf("newService got configuration %q", gotCfg)
			}
			if !strings.Contains(out, c.log) {
				t.Errorf("output %s\nwant it to contain %s", out, c.log)
			}
		})
	}
}

// captureStdout runs fn with os.Stdout going to a file, and returns what it
// wrote there.
func captureStdout(t *testing.T, fn func()) string {
	t.Helper()
	f, err := os.Create(t.TempDir() + "/stdout")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	stdout := os.Stdout
	os.Stdout = f
	defer func() { os.Stdout = stdout }()
	fn()
	b, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestServer checks the server's timeouts, and that /readyz runs the
// checks when there are some and the handler's own otherwise, and that the
// limits reach httpx.Decode.
func TestServer(t *testing.T) {
	var ready atomic.Bool
	ready.Store(true)
	own := http.NewServeMux()
	own.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "own") })
	own.HandleFunc("POST /cmd", func(w http.ResponseWriter, r *http.Request) {
		var v struct {
			Name string `json:"name"`
		}
		if httpx.Decode(w, r, &v) {
			io.WriteString(w, "ok")
		}
	})
	down := errors.New("connection refused")
	cases := []struct {
		name    string
		checks  []httpx.Check
		limits  httpx.Limits
		method  string
		path    string
		body    string
		status  int
		content string // a part of the body
	}{
		{name: "own readyz", method: "GET", path: "/readyz", status: 200, content: "own"},
		{name: "checks pass", checks: []httpx.Check{{Name: "database", Check: func(context.Context) error { return nil }}}, method: "GET", path: "/readyz", status: 200, content: `"database":"ok"`},
		{name: "a check fails", checks: []httpx.Check{{Name: "database", Check: func(context.Context) error { return down }}}, method: "GET", path: "/readyz", status: 503, content: `"database":"connection refused"`},
		{name: "other routes with checks", checks: []httpx.Check{{Name: "database", Check: func(context.Context) error { return down }}}, method: "POST", path: "/cmd", body: `{"name":"a"}`, status: 200, content: "ok"},
		{name: "default body limit", method: "POST", path: "/cmd", body: `{"name":"` + strings.Repeat("x", httpx.MaxBodyBytes) + `"}`, status: 413},
		{name: "lower body limit", limits: httpx.Limits{MaxBodyBytes: 10}, method: "POST", path: "/cmd", body: `{"name":"abcdefghij"}`, status: 413, content: "larger than 10 bytes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newServer(Config{Handler: own, Ready: &ready, Checks: c.checks, Limits: c.limits}, slog.LevelInfo)
			if s.ReadHeaderTimeout != ReadHeaderTimeout || s.ReadTimeout != ReadTimeout || s.WriteTimeout != WriteTimeout || s.IdleTimeout != IdleTimeout || s.ReadTimeout == 0 || s.WriteTimeout < s.ReadTimeout {
				t.Errorf("timeouts %v %v %v %v", s.ReadHeaderTimeout, s.ReadTimeout, s.WriteTimeout, s.IdleTimeout)
			}
			w := httptest.NewRecorder()
			r := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
			r.Header.Set("Content-Type", "application/json")
			s.Handler.ServeHTTP(w, r)
			if w.Code != c.status || !strings.Contains(w.Body.String(), c.content) {
				t.Errorf("%d %.200s, want %d with %q", w.Code, w.Body, c.status, c.content)
			}
		})
	}
}
