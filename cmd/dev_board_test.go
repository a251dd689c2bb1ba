package cmd

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/diagram"
	"eventstorm/generator/ir"
	"eventstorm/model"
)

// TestDevBoard runs dev --board with services that only wait, sends an
// event to the embedded broker as the Ordering service would, and reads
// its count from the board dev serves; the board stops with dev.
func TestDevBoard(t *testing.T) {
	wait := "package main\n\nimport \"time\"\n\nfunc main() { time.Sleep(time.Hour) }\n"
	dir := writeSystem(t, map[string]string{"ordering": wait, "order-history": wait})
	kafkaPort, httpPort, boardPort := freePorts(t, 1), freePorts(t, 2), freePorts(t, 1)
	d := &devRun{done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	d.cancel = cancel
	t.Cleanup(cancel)
	opts := &devOptions{streams: &IOStreams{In: strings.NewReader(""), Out: &d.out, Err: &d.err}, dir: dir,
		kafka: "127.0.0.1:" + strconv.Itoa(kafkaPort), httpPort: httpPort, board: "127.0.0.1:" + strconv.Itoa(boardPort)}
	go func() { d.done <- runDev(ctx, opts) }()
	boardURL := "http://127.0.0.1:" + strconv.Itoa(boardPort) + "/"
	waitDevLine(t, d, regexp.MustCompile(`(?m)^board +`+regexp.QuoteMeta(boardURL)+` \(the live board\)$`))

	m, diags := model.Read(filepath.Join(dir, ModelFile))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	order := m.Contexts[0].Aggregates[0]
	placed := order.Events[0]
	cl, err := kgo.NewClient(kgo.SeedBrokers(opts.kafka), kgo.AllowAutoTopicCreation())
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	rec := &kgo.Record{Topic: ir.Topic(m, order), Value: []byte("{}"), Headers: []kgo.RecordHeader{{Key: "ce_type", Value: []byte(ir.EventType(m, placed))}}}
	if err := cl.ProduceSync(ctx, rec).FirstErr(); err != nil {
		t.Fatal(err)
	}
	id := diagram.StickyID(m.Contexts[0].Name, placed.Name)
	waitBoardCount(t, d, boardURL+"state", id, 1)
	if page := boardGet(t, boardURL); !strings.Contains(page, `data-id="`+id+`"`) || !strings.Contains(page, "EventSource") {
		t.Errorf("the board's page has no sticky %s or no event stream", id)
	}

	d.stop(t, 15*time.Second)
	if _, err := http.Get(boardURL); err == nil {
		t.Errorf("the board still answers after dev returned")
	}
}

func TestDevBoardUsageErrors(t *testing.T) {
	dir := writeSystem(t, map[string]string{"ordering": "package main\n\nfunc main() {}\n", "order-history": "package main\n\nfunc main() {}\n"})
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"dev", dir, "--board", "8090", "--http-port", strconv.Itoa(freePorts(t, 2))}, `--board "8090" is not host:port`},
		{[]string{"dev", dir, "--board", "256.0.0.1:1", "--http-port", strconv.Itoa(freePorts(t, 2))}, `--board 256.0.0.1:1`},
	} {
		r := run(t, tc.args...)
		if r.code != exitUsage || !strings.Contains(r.err, tc.msg) {
			t.Errorf("%v: want exit %d and %q, got:\n%s", tc.args, exitUsage, tc.msg, r)
		}
	}
}

// waitDevLine waits until dev's output matches re, failing after a minute.
func waitDevLine(t *testing.T, d *devRun, re *regexp.Regexp) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !re.MatchString(d.out.String()) {
		select {
		case err := <-d.done:
			t.Fatalf("dev ended (%v) before printing %s:\n%s", err, re, d)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("dev printed no line matching %s within a minute:\n%s", re, d)
		}
	}
}

// waitBoardCount waits until the board's state at url counts n records of
// the event whose sticky is id.
func waitBoardCount(t *testing.T, d *devRun, url, id string, n int64) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var s struct {
			Events map[string]struct{ Count int64 }
		}
		json.Unmarshal([]byte(boardGet(t, url)), &s)
		if s.Events[id].Count == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the board counts %d of %s after 30 s, want %d:\n%s", s.Events[id].Count, id, n, d)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func boardGet(t *testing.T, url string) string {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
