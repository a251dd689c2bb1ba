package generator_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// gate is a listener that can be cut, as a network partition would: cut
// closes its live connections and stops listening, so that new ones are
// refused; restore listens again on the same address. Accept waits while
// it is cut, so that a server using it (kfake's broker) keeps running.
type gate struct {
	addr  string
	mu    sync.Mutex
	ln    net.Listener // nil while cut
	up    chan struct{}
	conns map[net.Conn]struct{}
	done  bool
}

func newGate(ln net.Listener) *gate {
	up := make(chan struct{})
	close(up)
	return &gate{addr: ln.Addr().String(), ln: ln, up: up, conns: map[net.Conn]struct{}{}}
}

func (g *gate) Accept() (net.Conn, error) {
	for {
		g.mu.Lock()
		ln, up, done := g.ln, g.up, g.done
		g.mu.Unlock()
		if done {
			return nil, net.ErrClosed
		}
		if ln == nil {
			<-up
			continue
		}
		c, err := ln.Accept()
		g.mu.Lock()
		if err != nil {
			replaced := g.ln != ln
			g.mu.Unlock()
			if replaced {
				continue
			}
			return nil, err
		}
		if g.ln != ln || g.done {
			g.mu.Unlock()
			c.Close()
			continue
		}
		gc := &gatedConn{Conn: c, g: g}
		g.conns[gc] = struct{}{}
		g.mu.Unlock()
		return gc, nil
	}
}

func (g *gate) Addr() net.Addr {
	a, _ := net.ResolveTCPAddr("tcp", g.addr)
	return a
}

// cut drops every connection and refuses new ones until restore.
func (g *gate) cut() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.ln == nil {
		return
	}
	g.ln.Close()
	g.ln = nil
	g.up = make(chan struct{})
	for c := range g.conns {
		c.(*gatedConn).Conn.Close()
	}
	clear(g.conns)
}

// restore listens again on the same address.
func (g *gate) restore() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.ln != nil || g.done {
		return nil
	}
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var ln net.Listener
		if ln, err = net.Listen("tcp", g.addr); err == nil {
			g.ln = ln
			close(g.up)
			return nil
		}
	}
	return err
}

func (g *gate) Close() error {
	g.cut()
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.done {
		g.done = true
		close(g.up)
	}
	return nil
}

// gatedConn is a connection a gate accepted; it forgets it once closed.
type gatedConn struct {
	net.Conn
	g *gate
}

func (c *gatedConn) Close() error {
	c.g.mu.Lock()
	delete(c.g.conns, c)
	c.g.mu.Unlock()
	return c.Conn.Close()
}

// faultProxy forwards TCP connections from a gate to target: cutting the
// gate cuts the service behind it from target.
type faultProxy struct {
	*gate
}

func newFaultProxy(t *testing.T, target string) faultProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := faultProxy{newGate(ln)}
	t.Cleanup(func() { p.Close() })
	go func() {
		for {
			c, err := p.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				up, err := net.DialTimeout("tcp", target, 5*time.Second)
				if err != nil {
					return
				}
				defer up.Close()
				done := make(chan struct{}, 2)
				go func() { _, _ = io.Copy(up, c); done <- struct{}{} }()
				go func() { _, _ = io.Copy(c, up); done <- struct{}{} }()
				<-done // either side closed: close both
			}()
		}
	}()
	return p
}

// viaProxy is a database URL whose host is a new proxy to the URL's host.
func viaProxy(t *testing.T, dbURL string) (string, faultProxy) {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	p := newFaultProxy(t, u.Host)
	u.Host = p.addr
	return u.String(), p
}

// faultLoad is the steady load of several clients placing orders: each
// retries an order until it is answered 201, and the ids so answered are
// the orders accepted.
type faultLoad struct {
	addr     string
	mu       sync.Mutex
	accepted []string
	codes    map[string]int // answers by status (or "error")
	retried  map[string]int // Retry-After of the 503s: "", "1", ...
	stop     chan struct{}
	wg       sync.WaitGroup
	next     atomic.Int64
}

func startLoad(addr string, clients int) *faultLoad {
	l := &faultLoad{addr: addr, codes: map[string]int{}, retried: map[string]int{}, stop: make(chan struct{})}
	client := &http.Client{Timeout: 5 * time.Second}
	for range clients {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			for {
				i := int(l.next.Add(1))
				for {
					select {
					case <-l.stop:
						return
					default:
					}
					id, code, retry := l.place(client, i)
					l.mu.Lock()
					l.codes[code]++
					if code == "503" {
						l.retried[retry]++
					}
					if id != "" {
						l.accepted = append(l.accepted, id)
					}
					l.mu.Unlock()
					if id != "" {
						break
					}
					time.Sleep(20 * time.Millisecond)
				}
				time.Sleep(5 * time.Millisecond)
			}
		}()
	}
	return l
}

// place places order i: its id if answered 201, the status and Retry-After.
func (l *faultLoad) place(client *http.Client, i int) (id, code, retry string) {
	body := fmt.Sprintf(`{"customerId": "f%d", "amount": "%d.25"}`, i, i%100+1)
	resp, err := client.Post("http://"+l.addr+"/order/place-order", "application/json", strings.NewReader(body))
	if err != nil {
		return "", "error", ""
	}
	defer resp.Body.Close()
	var created struct {
		OrderID string `json:"orderId"`
	}
	if resp.StatusCode == http.StatusCreated && json.NewDecoder(resp.Body).Decode(&created) == nil {
		id = created.OrderID
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return id, fmt.Sprint(resp.StatusCode), resp.Header.Get("Retry-After")
}

// count is how many orders were accepted so far.
func (l *faultLoad) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.accepted)
}

// code is how many answers had the status.
func (l *faultLoad) code(c string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.codes[c]
}

func (l *faultLoad) finish() []string {
	close(l.stop)
	l.wg.Wait()
	return l.accepted
}

// progress waits until the load got n more orders accepted, which says the
// command side serves again.
func progress(t *testing.T, l *faultLoad, n int, what string) {
	t.Helper()
	from := l.count()
	deadline := time.Now().Add(45 * time.Second)
	for l.count() < from+n {
		if time.Now().After(deadline) {
			t.Fatalf("%s: no order accepted for 45 s (%d accepted)", what, l.count())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// readiness is the status of a service's /readyz.
func readiness(addr string) int {
	resp, err := http.Get("http://" + addr + "/readyz")
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// waitReady polls a service's /readyz until it answers 200.
func waitReady(t *testing.T, p *process) {
	t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	for readiness(p.addr) != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatalf("%s is not ready 45 s after a fault", p.bin)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitStatus polls a service's /readyz until it answers code, and reports
// whether it did within the time given.
func waitStatus(addr string, code int, within time.Duration) bool {
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if readiness(addr) == code {
			return true
		}
	}
	return false
}

// topicRecords reads every record of the topics, up to their end offsets
// now, by topic.
func topicRecords(t *testing.T, brokers []string, topics ...string) map[string][]*kgo.Record {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumeTopics(topics...), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ends, err := kadm.NewClient(cl).ListEndOffsets(ctx, topics...)
	if err != nil {
		t.Fatal(err)
	}
	left := map[string]map[int32]int64{}
	ends.Each(func(o kadm.ListedOffset) {
		if o.Err != nil {
			t.Fatalf("end offset of %s/%d: %v", o.Topic, o.Partition, o.Err)
		}
		if o.Offset > 0 {
			if left[o.Topic] == nil {
				left[o.Topic] = map[int32]int64{}
			}
			left[o.Topic][o.Partition] = o.Offset
		}
	})
	out := map[string][]*kgo.Record{}
	remaining := func() bool {
		for _, ps := range left {
			if len(ps) > 0 {
				return true
			}
		}
		return false
	}
	for remaining() {
		fetches := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("reading %v: still to read %v", topics, left)
		}
		fetches.EachRecord(func(r *kgo.Record) {
			end, ok := left[r.Topic][r.Partition]
			if !ok || r.Offset >= end {
				return
			}
			out[r.Topic] = append(out[r.Topic], r)
			if r.Offset == end-1 {
				delete(left[r.Topic], r.Partition)
			}
		})
	}
	return out
}

// ceIDs counts the records of each ce_id.
func ceIDs(records []*kgo.Record) map[string]int {
	n := map[string]int{}
	for _, r := range records {
		n[header(r, "ce_id")]++
	}
	return n
}

func header(r *kgo.Record, key string) string {
	for _, h := range r.Headers {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}

// duplicates lists the ids counted more than once.
func duplicates(n map[string]int) []string {
	var out []string
	for id, c := range n {
		if c > 1 {
			out = append(out, id)
		}
	}
	return out
}

// noDuplicates checks that no event was published twice so far: no
// process crashed yet.
func noDuplicates(t *testing.T, brokers []string, when string) {
	t.Helper()
	records := topicRecords(t, brokers, orderTopic)[orderTopic]
	n := ceIDs(records)
	dups := duplicates(n)
	if len(dups) == 0 {
		return
	}
	t.Errorf("%s: %d events published twice with no process crashed", when, len(dups))
	for _, r := range records {
		if n[header(r, "ce_id")] > 1 {
			t.Logf("  %s partition %d offset %d at %s", header(r, "ce_id"), r.Partition, r.Offset, r.Timestamp.Format("15:04:05.000"))
		}
	}
}

// countRows is the number of rows a query counts.
func countRows(t *testing.T, db *sql.DB, query string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

const (
	orderTopic = "shop.ordering.order"
	deadTopic  = "shop.ordering.order.order-history.dlq"
)

// TestFaults runs the generated order system as real processes, each
// service behind a TCP proxy to its database and the broker behind a
// listener that can be cut, under a steady load of four clients placing
// orders, and injects in turn: an outage of Order History's database, one
// of Ordering's, one of the broker, a SIGKILL of each service (restarted
// at once on its address), an event larger than the broker takes and
// poison records. Then every order the system stored (every one answered
// 201 among them) is in the history exactly once with its event in the
// inbox, the dead-letter topic holds exactly the poison records, the
// outbox is drained but for the oversized event, parked, and no event was
// published twice but after the SIGKILL of Ordering. On MariaDB, the
// database outages only.
func TestFaults(t *testing.T) {
	orderingBin, historyBin := buildOrderSystem(t, orderSample(t))
	t.Run("postgres", func(t *testing.T) {
		runFaults(t, orderingBin, historyBin, testServer("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"), true)
	})
	t.Run("mariadb", func(t *testing.T) {
		runFaults(t, orderingBin, historyBin, testServer("TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/"), false)
	})
}

// maxMessageBytes is the broker's bound of a record batch in these tests:
// an order of about 150 KB is refused, while a batch of a few hundred
// ordinary events is not.
const maxMessageBytes = 400_000

func runFaults(t *testing.T, orderingBin, historyBin, server string, all bool) {
	start := time.Now()
	dbs := createDatabases(t, server, 2)
	orderingURL, orderingDBProxy := viaProxy(t, dbs[0])
	historyURL, historyDBProxy := viaProxy(t, dbs[1])
	var brokerGate *gate
	broker, err := kfake.NewCluster(kfake.Ports(0),
		kfake.BrokerConfigs(map[string]string{"message.max.bytes": fmt.Sprint(maxMessageBytes)}),
		kfake.ListenFn(func(network, address string) (net.Listener, error) {
			ln, err := net.Listen(network, address)
			if err != nil {
				return nil, err
			}
			brokerGate = newGate(ln)
			return brokerGate, nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(broker.Close)
	t.Cleanup(func() { brokerGate.Close() })
	brokers := broker.ListenAddrs()
	run := func(bin, db string) *process {
		addr := freeAddr(t)
		p := startProcess(t, bin, "HTTP_ADDR="+addr, "KAFKA_BROKERS="+strings.Join(brokers, ","), "DATABASE_URL="+db,
			"KAFKA_RETRY_BACKOFF_MAX=1s")
		p.addr = addr
		return p
	}
	ordering, history := run(orderingBin, orderingURL), run(historyBin, historyURL)
	t.Cleanup(func() {
		// The requests that failed otherwise than for an unavailable
		// dependency: an outage must give 503, not 500.
		for _, p := range []*process{ordering, history} {
			out, _ := os.ReadFile(p.bin + ".log")
			for _, line := range strings.Split(string(out), "\n") {
				if strings.Contains(line, `"request failed"`) {
					t.Logf("%s: %s", filepath.Base(p.bin), line)
				}
			}
		}
	})
	waitReady(t, ordering)
	waitReady(t, history)

	load := startLoad(ordering.addr, 4)
	stopped := false
	defer func() {
		if !stopped {
			load.finish()
		}
	}()
	progress(t, load, 50, "at start")

	outage := func(name string, p faultProxy, serving *process, d time.Duration) {
		t.Helper()
		t.Logf("%6.1fs: %s cut for %v at %s", time.Since(start).Seconds(), name, d, time.Now().Format("15:04:05.000"))
		end := time.Now().Add(d)
		p.cut()
		if serving != nil && !waitStatus(serving.addr, http.StatusServiceUnavailable, d) {
			t.Errorf("%s: /readyz of %s never answered 503 during the outage", name, serving.bin)
		}
		time.Sleep(time.Until(end)) // the outage lasts d
		if err := p.restore(); err != nil {
			t.Fatalf("restore %s: %v", name, err)
		}
		t.Logf("%6.1fs: %s restored at %s", time.Since(start).Seconds(), name, time.Now().Format("15:04:05.000"))
	}

	// The database of the query side.
	outage("order-history's database", historyDBProxy, history, 6*time.Second)
	waitReady(t, history)
	progress(t, load, 50, "after order-history's database outage")

	// The database of the command side: commands are answered 503 with
	// Retry-After meanwhile.
	before503 := load.code("503")
	outage("ordering's database", orderingDBProxy, ordering, 6*time.Second)
	if load.code("503") == before503 {
		t.Errorf("no command answered 503 during ordering's database outage; answers %v", load.codes)
	}
	waitReady(t, ordering)
	progress(t, load, 50, "after ordering's database outage")
	if all {
		noDuplicates(t, brokers, "after the database outages")
	}

	killedOrdering := false
	if all {
		outage("the broker", faultProxy{brokerGate}, nil, 6*time.Second)
		waitReady(t, ordering)
		waitReady(t, history)
		progress(t, load, 50, "after the broker outage")
		noDuplicates(t, brokers, "after the broker outage")

		// Poison records, produced straight to the topic.
		cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		for i := range 3 {
			poison := &kgo.Record{Topic: orderTopic, Key: []byte(fmt.Sprintf("poison-%d", i)), Value: []byte(`{"orderId": not json`),
				Headers: []kgo.RecordHeader{{Key: "ce_type", Value: []byte("shop.ordering.order-placed")}, {Key: "ce_id", Value: []byte(fmt.Sprintf("poison-%d", i))}}}
			if err := cl.ProduceSync(ctx, poison).FirstErr(); err != nil {
				t.Fatal(err)
			}
		}
		cancel()
		cl.Close()
		t.Logf("%6.1fs: 3 poison records produced", time.Since(start).Seconds())

		// An event larger than the broker takes, from a body within the
		// HTTP bound.
		// Random letters: the producer compresses its batches.
		noise := make([]byte, maxMessageBytes*3/4+50_000)
		_, _ = rand.Read(noise)
		big := fmt.Sprintf(`{"customerId": "%s", "amount": "1.00"}`, base64.RawURLEncoding.EncodeToString(noise))
		resp, err := http.Post("http://"+ordering.addr+"/order/place-order", "application/json", bytes.NewBufferString(big))
		if err != nil {
			t.Fatal(err)
		}
		var created struct {
			OrderID string `json:"orderId"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&created)
		resp.Body.Close()
		oversized := created.OrderID
		switch resp.StatusCode {
		case http.StatusCreated:
			t.Logf("%6.1fs: oversized order %s accepted", time.Since(start).Seconds(), oversized)
		case http.StatusRequestEntityTooLarge:
			t.Logf("oversized order refused with 413")
		default:
			t.Errorf("oversized order answered %d", resp.StatusCode)
		}
		progress(t, load, 50, "after the oversized order")

		noDuplicates(t, brokers, "after the oversized order")

		t.Logf("%6.1fs: SIGKILL order-history", time.Since(start).Seconds())
		history.kill()
		history.start()
		waitReady(t, history)
		progress(t, load, 50, "after the SIGKILL of order-history")
		t.Logf("%6.1fs: SIGKILL ordering", time.Since(start).Seconds())
		ordering.kill()
		killedOrdering = true
		ordering.start()
		waitReady(t, ordering)
		progress(t, load, 50, "after the SIGKILL of ordering")
		defer func() {
			checkBroker(t, dbs, brokers, oversized, killedOrdering)
		}()
	}
	accepted := load.finish()
	stopped = true
	t.Logf("%6.1fs: load stopped; answers %v, 503 Retry-After %v", time.Since(start).Seconds(), load.codes, load.retried)
	if n := load.codes["500"]; n > 0 {
		t.Errorf("%d commands answered 500 (an outage must give 503)", n)
	}
	for r, n := range load.retried {
		if r == "" {
			t.Errorf("%d answers 503 with no Retry-After", n)
		}
	}
	checkStores(t, dbs, accepted, server, start)
}

// checkStores waits until the history holds every order the command side
// stored but those parked, and checks each is there once, with its event
// once in the inbox, and nothing pending in the outbox.
func checkStores(t *testing.T, dbs, accepted []string, server string, start time.Time) {
	orderingDB, historyDB := serverDB(t, dbs[0]), serverDB(t, dbs[1])
	defer orderingDB.Close()
	defer historyDB.Close()
	q := func(s string) string {
		if strings.HasPrefix(server, "mysql") {
			return strings.ReplaceAll(s, `"`, "`")
		}
		return s
	}
	placed := map[string]bool{}
	for _, id := range ids(t, orderingDB, q(`SELECT "order_id" FROM "order"`)) {
		placed[id] = true
	}
	for _, id := range accepted {
		if !placed[id] {
			t.Errorf("order %s was answered 201 and is not in the ordering database", id)
		}
	}
	// Every event is published (or parked) and handled: bounded wait.
	var stored []string
	var want int
	parked := map[string]bool{}
	pending := -1
	deadline := time.Now().Add(60 * time.Second)
	for {
		pending = countRows(t, orderingDB, `SELECT COUNT(*) FROM eventstorm_outbox WHERE sent_at IS NULL AND parked_at IS NULL`)
		clear(parked)
		for _, id := range ids(t, orderingDB, `SELECT message_key FROM eventstorm_outbox WHERE parked_at IS NOT NULL`) {
			parked[id] = true
		}
		want = len(placed) - len(parked)
		stored = ids(t, historyDB, q(`SELECT "order_id" FROM "order_history"`))
		if pending == 0 && len(stored) >= want || time.Now().After(deadline) {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	if pending != 0 {
		t.Errorf("%d events still pending in the outbox", pending)
	}
	inHistory := map[string]int{}
	for _, id := range stored {
		inHistory[id]++
	}
	missing := 0
	for id := range placed {
		switch {
		case parked[id] && inHistory[id] != 0:
			t.Errorf("parked order %s is in the history", id)
		case !parked[id] && inHistory[id] != 1:
			missing++
			if missing <= 5 {
				t.Errorf("order %s is %d times in the history, want once", id, inHistory[id])
			}
		}
	}
	if len(stored) != want {
		t.Errorf("%d history rows for %d orders stored and published", len(stored), want)
	}
	// The inbox holds each published event once, and nothing else.
	published := map[string]bool{}
	for _, id := range ids(t, orderingDB, `SELECT event_id FROM eventstorm_outbox WHERE sent_at IS NOT NULL`) {
		published[id] = true
	}
	handled := ids(t, historyDB, `SELECT event_id FROM eventstorm_inbox`)
	extra := 0
	for _, id := range handled {
		if !published[id] {
			extra++
		}
	}
	if len(handled) != len(published) || extra > 0 {
		t.Errorf("the inbox holds %d events (%d not published by ordering) for %d published", len(handled), extra, len(published))
	}
	t.Logf("%6.1fs: %d orders answered 201, %d stored, %d parked, %d in the history, %d events in the inbox",
		time.Since(start).Seconds(), len(accepted), len(placed), len(parked), len(stored), len(handled))
}

// checkBroker checks the topics once the stores are settled: the
// dead-letter topic holds exactly the poison records, the oversized event
// is parked for being too large, and an event published twice follows the
// SIGKILL of ordering.
func checkBroker(t *testing.T, dbs, brokers []string, oversized string, killedOrdering bool) {
	records := topicRecords(t, brokers, orderTopic, deadTopic)
	dead := ceIDs(records[deadTopic])
	want := map[string]int{"poison-0": 1, "poison-1": 1, "poison-2": 1}
	if fmt.Sprint(dead) != fmt.Sprint(want) {
		t.Errorf("dead letters by ce_id: %v, want %v", dead, want)
	}
	published := ceIDs(records[orderTopic])
	dups := duplicates(published)
	if len(dups) > 0 && !killedOrdering {
		t.Errorf("%d events published twice with no SIGKILL of ordering", len(dups))
	}
	t.Logf("order topic: %d records, %d distinct ce_id, %d published twice (after the SIGKILL of ordering); %d dead letters",
		len(records[orderTopic]), len(published), len(dups), len(records[deadTopic]))
	if oversized == "" {
		return
	}
	db := serverDB(t, dbs[0])
	defer db.Close()
	var reason sql.NullString
	err := db.QueryRow(`SELECT parked_error FROM eventstorm_outbox WHERE message_key = $1 AND parked_at IS NOT NULL`, oversized).Scan(&reason)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		t.Errorf("the oversized order's event is not parked")
	case err != nil:
		t.Fatal(err)
	case !strings.Contains(reason.String, "MESSAGE_TOO_LARGE"):
		t.Errorf("the oversized event is parked with %q", reason.String)
	}
	for _, r := range records[orderTopic] {
		if string(r.Key) == oversized {
			t.Errorf("the oversized event is on the topic")
		}
	}
}
