package kafka

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"eventstorm/platform/database"
	"eventstorm/platform/inbox"
	"eventstorm/platform/internal/sqltest"
	"eventstorm/platform/message"
)

// proxy is a TCP proxy to a server that can be cut: then it closes every
// connection and refuses new ones, as a server that went down does.
type proxy struct {
	ln       net.Listener
	upstream string
	mu       sync.Mutex
	down     bool
	conns    map[net.Conn]bool
}

func newProxy(t *testing.T, upstream string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, upstream: upstream, conns: map[net.Conn]bool{}}
	go p.serve()
	t.Cleanup(func() {
		ln.Close()
		p.cut(true)
	})
	return p
}

func (p *proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.relay(c)
	}
}

func (p *proxy) relay(c net.Conn) {
	p.mu.Lock()
	if p.down {
		p.mu.Unlock()
		c.Close()
		return
	}
	up, err := net.DialTimeout("tcp", p.upstream, 5*time.Second)
	if err != nil {
		p.mu.Unlock()
		c.Close()
		return
	}
	p.conns[c], p.conns[up] = true, true
	p.mu.Unlock()
	done := make(chan struct{}, 2)
	go func() { _, _ = io.Copy(up, c); done <- struct{}{} }()
	go func() { _, _ = io.Copy(c, up); done <- struct{}{} }()
	<-done
	c.Close()
	up.Close()
	p.mu.Lock()
	delete(p.conns, c)
	delete(p.conns, up)
	p.mu.Unlock()
}

// cut takes the server down (closing every connection) or brings it back.
func (p *proxy) cut(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
	if down {
		for c := range p.conns {
			c.Close()
		}
	}
}

// TestConsumeThroughDatabaseOutage is the operator's trial of issue 13 on
// each SQL server: a consumer storing each event's effect with the SQL
// inbox loses its database for a while under load. Every event's effect is
// stored exactly once in the end, nothing is dead-lettered, every offset is
// committed, and Check reports the outage while it lasts.
func TestConsumeThroughDatabaseOutage(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s sqltest.Server, rawURL string) {
		u, err := url.Parse(rawURL)
		if err != nil {
			t.Fatal(err)
		}
		p := newProxy(t, u.Host)
		u.Host = p.ln.Addr().String()
		ctx := ctxFor(t)
		db, err := database.Open(ctx, u.String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		effects := database.Table{Name: "test_effects", Create: [2]string{
			database.Postgres: "CREATE TABLE IF NOT EXISTS test_effects (id VARCHAR(64) NOT NULL)",
			database.MySQL:    "CREATE TABLE IF NOT EXISTS test_effects (id VARCHAR(64) NOT NULL)",
		}}
		if err := db.Migrate(ctx, database.Schema{Lock: "kafka-test", Tables: append(slices.Clone(inbox.Tables), effects)}); err != nil {
			t.Fatal(err)
		}
		insert := "INSERT INTO test_effects (id) VALUES (" + db.Dialect().Param(1) + ")"

		c := orderCluster(t, 3)
		c.cfg.RetryBackoffMax = 200 * time.Millisecond
		keys := []string{"o1", "o2", "o3", "o4", "o5", "o6"}
		reg := prometheus.NewRegistry()
		client, err := Dial(c.cfg, consumer, slog.New(slog.DiscardHandler), NewMetrics(reg, consumer))
		if err != nil {
			t.Fatal(err)
		}
		defer client.Close()
		cctx, cancel := context.WithCancel(t.Context())
		done := make(chan struct{})
		go func() {
			defer close(done)
			client.Consume(cctx, inbox.NewSQL(db), func(ctx context.Context, m message.Message) error {
				_, err := db.Conn(ctx).ExecContext(ctx, insert, m.ID)
				return err
			})
		}()
		defer func() { cancel(); <-done }()

		c.publish(t, nil, msgs(0, 20, keys...)...)
		c.waitCommitted(t, consumer.Group, topic, 20)
		p.cut(true)
		c.publish(t, nil, msgs(20, 20, keys...)...)
		waitFor(t, "Check to report the outage", func() bool { return errors.Is(client.Check(t.Context()), ErrStalled) })
		time.Sleep(time.Second)
		if got := c.committed(t, consumer.Group, topic); got >= 40 {
			t.Errorf("committed %d records while the database was down", got)
		}
		c.publish(t, nil, msgs(40, 20, keys...)...)
		p.cut(false)
		c.waitCommitted(t, consumer.Group, topic, 60)
		c.publish(t, nil, msgs(60, 10, keys...)...)
		c.waitCommitted(t, consumer.Group, topic, 70)

		ids, err := database.QueryRows(t.Context(), db.Conn(t.Context()), func(s database.Scanner) (string, error) {
			var id string
			return id, s.Scan(&id)
		}, "SELECT id FROM test_effects")
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, m := range msgs(0, 70, keys...) {
			want = append(want, m.ID)
		}
		slices.Sort(ids)
		slices.Sort(want)
		if !slices.Equal(ids, want) {
			t.Errorf("%d effects stored, want each of the %d events once", len(ids), len(want))
		}
		if n := c.endOffsets(t, consumer.DeadLetterTopic(topic)); n != 0 {
			t.Errorf("%d records dead-lettered", n)
		}
		if got := metricValue(t, reg, "events_retried_total"); got == 0 {
			t.Error("events_retried_total = 0 after an outage")
		}
		waitFor(t, "Check to be nil", func() bool { return client.Check(t.Context()) == nil })
	})
}
