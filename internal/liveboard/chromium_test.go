package liveboard

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// chromiumPath finds Chromium. CI installs it (.ci/run), so there its
// absence fails the test; elsewhere the test is skipped.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("Chromium is not installed; .ci/run installs it")
	}
	t.Skip("Chromium is not installed (apt-get install chromium, as .ci/run does)")
	return ""
}

// browser is headless Chromium driven through the DevTools protocol on a
// pipe (--remote-debugging-pipe): one page, whose requests it records.
type browser struct {
	t       *testing.T
	cmd     *exec.Cmd
	in      *os.File // Chromium reads it (its fd 3)
	session string

	mu       sync.Mutex
	nextID   int
	waiting  map[int]chan cdpMessage
	requests []string // the URLs the page asked for
	done     chan struct{}
}

type cdpMessage struct {
	ID        int             `json:"id,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// startBrowser starts Chromium with a page attached; ctx bounds its life.
func startBrowser(ctx context.Context, t *testing.T) *browser {
	t.Helper()
	dir := t.TempDir()
	toChrome, in, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	out, fromChrome, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, chromiumPath(t), "--headless", "--no-sandbox", "--disable-gpu",
		"--no-first-run", "--no-default-browser-check", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--remote-debugging-pipe", "--window-size=1600,2200", "about:blank")
	cmd.ExtraFiles = []*os.File{toChrome, fromChrome}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	toChrome.Close()
	fromChrome.Close()
	b := &browser{t: t, cmd: cmd, in: in, waiting: map[int]chan cdpMessage{}, done: make(chan struct{})}
	go b.read(out)
	t.Cleanup(b.close)
	var target struct{ TargetID string }
	b.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var attached struct{ SessionID string }
	b.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached)
	b.session = attached.SessionID
	b.call(b.session, "Network.enable", map[string]any{}, nil)
	return b
}

// read dispatches Chromium's messages: answers to their callers, the
// page's requests to the record.
func (b *browser) read(out *os.File) {
	defer close(b.done)
	r := bufio.NewReaderSize(out, 1<<20)
	for {
		raw, err := r.ReadBytes(0)
		if err != nil {
			return
		}
		var m cdpMessage
		if json.Unmarshal(raw[:len(raw)-1], &m) != nil {
			continue
		}
		b.mu.Lock()
		if ch := b.waiting[m.ID]; m.ID != 0 && ch != nil {
			ch <- m
			delete(b.waiting, m.ID)
		} else if m.Method == "Network.requestWillBeSent" {
			var p struct{ Request struct{ URL string } }
			json.Unmarshal(m.Params, &p)
			b.requests = append(b.requests, p.Request.URL)
		}
		b.mu.Unlock()
	}
}

// call sends a command and decodes its result into result, failing the
// test on an error or after 30 seconds.
func (b *browser) call(session, method string, params any, result any) {
	b.t.Helper()
	b.mu.Lock()
	b.nextID++
	id := b.nextID
	ch := make(chan cdpMessage, 1)
	b.waiting[id] = ch
	b.mu.Unlock()
	p, _ := json.Marshal(params)
	msg, _ := json.Marshal(cdpMessage{ID: id, SessionID: session, Method: method, Params: p})
	if _, err := b.in.Write(append(msg, 0)); err != nil {
		b.t.Fatalf("%s: %v", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			b.t.Fatalf("%s: %s", method, m.Error.Message)
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				b.t.Fatalf("%s: %v", method, err)
			}
		}
	case <-b.done:
		b.t.Fatalf("%s: Chromium has exited", method)
	case <-time.After(30 * time.Second):
		b.t.Fatalf("%s: no answer within 30 s", method)
	}
}

// navigate opens url in the page.
func (b *browser) navigate(url string) {
	b.t.Helper()
	b.call(b.session, "Page.navigate", map[string]any{"url": url}, nil)
}

// eval evaluates a JavaScript expression in the page and decodes its
// value, which must be JSON, into v.
func (b *browser) eval(expr string, v any) {
	b.t.Helper()
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	b.call(b.session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &r)
	if r.ExceptionDetails != nil {
		b.t.Fatalf("evaluating %s: %s", expr, r.ExceptionDetails.Text)
	}
	if err := json.Unmarshal(r.Result.Value, v); err != nil {
		b.t.Fatalf("evaluating %s: %v (value %s)", expr, err, r.Result.Value)
	}
}

// requested lists the URLs the page asked for so far.
func (b *browser) requested() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.requests...)
}

// close asks Chromium to quit, and kills it if it has not within 5 s.
func (b *browser) close() {
	msg, _ := json.Marshal(cdpMessage{ID: 1 << 30, Method: "Browser.close"})
	b.in.Write(append(msg, 0))
	exited := make(chan error, 1)
	go func() { exited <- b.cmd.Wait() }()
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		b.cmd.Process.Kill()
		<-exited
	}
	b.in.Close()
}
