package outbox

import (
	"context"
	"database/sql"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// The outbox's metrics, which a relay reports to the registry it is added
// to (it is a prometheus.Collector): the SQL outbox reads the gauges from
// its table at each scrape.
var (
	pendingDesc = prometheus.NewDesc("outbox_pending_events",
		"Events recorded in the outbox and not published yet, parked ones excluded.", nil, nil)
	oldestDesc = prometheus.NewDesc("outbox_oldest_pending_age_seconds",
		"How long ago the oldest event not published yet occurred; 0 when none is pending.", nil, nil)
	parkedDesc = prometheus.NewDesc("outbox_parked_events",
		"Events the broker refused for good (too large, invalid), parked in the outbox with their error.", nil, nil)
)

// newParkedCounter counts the events a relay parks.
func newParkedCounter() prometheus.Counter {
	return prometheus.NewCounter(prometheus.CounterOpts{
		Name: "events_parked_total",
		Help: "Events the broker refused for good (too large, invalid) and the relay parked instead of publishing.",
	})
}

// scrapeTimeout bounds the query of a scrape.
const scrapeTimeout = 2 * time.Second

// Describe describes the outbox's metrics.
func (o *SQL) Describe(ch chan<- *prometheus.Desc) {
	ch <- pendingDesc
	ch <- oldestDesc
	ch <- parkedDesc
	o.parked.Describe(ch)
}

// Collect reports how many events are pending and parked, and the age of
// the oldest pending, as the table says now (nothing when it does not
// answer within 2 s), and how many events this relay parked.
func (o *SQL) Collect(ch chan<- prometheus.Metric) {
	o.parked.Collect(ch)
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	var pending, parked int64
	var oldest sql.NullTime
	err := o.db.Conn(ctx).QueryRowContext(ctx, "SELECT COUNT(CASE WHEN parked_at IS NULL THEN 1 END), MIN(CASE WHEN parked_at IS NULL THEN occurred_at END), COUNT(parked_at) FROM eventstorm_outbox WHERE sent_at IS NULL").Scan(&pending, &oldest, &parked)
	if err != nil {
		return
	}
	age := 0.0
	if oldest.Valid {
		age = max(time.Since(oldest.Time).Seconds(), 0)
	}
	ch <- prometheus.MustNewConstMetric(pendingDesc, prometheus.GaugeValue, float64(pending))
	ch <- prometheus.MustNewConstMetric(oldestDesc, prometheus.GaugeValue, age)
	ch <- prometheus.MustNewConstMetric(parkedDesc, prometheus.GaugeValue, float64(parked))
}

// Describe describes the outbox's metrics.
func (o *Memory) Describe(ch chan<- *prometheus.Desc) {
	ch <- pendingDesc
	ch <- oldestDesc
	ch <- parkedDesc
	o.parkedTotal.Describe(ch)
}

// Collect reports how many messages are pending, the age of the oldest and
// how many were parked since the start (the in-memory outbox drops them
// once logged).
func (o *Memory) Collect(ch chan<- prometheus.Metric) {
	o.mu.Lock()
	pending, parked := len(o.pending)+o.publishing, o.parkedCount
	oldest := o.oldest
	if len(o.pending) > 0 && (oldest.IsZero() || o.pending[0].Time.Before(oldest)) {
		oldest = o.pending[0].Time
	}
	o.mu.Unlock()
	age := 0.0
	if pending > 0 && !oldest.IsZero() {
		age = max(time.Since(oldest).Seconds(), 0)
	}
	ch <- prometheus.MustNewConstMetric(pendingDesc, prometheus.GaugeValue, float64(pending))
	ch <- prometheus.MustNewConstMetric(oldestDesc, prometheus.GaugeValue, age)
	ch <- prometheus.MustNewConstMetric(parkedDesc, prometheus.GaugeValue, float64(parked))
	o.parkedTotal.Collect(ch)
}
