package kafka

import (
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics count the events a service publishes and consumes. A service
// that only publishes has no consumer metrics, and one that only consumes
// no publisher metric.
type Metrics struct {
	// Published counts events published, by topic.
	Published *prometheus.CounterVec
	// Consumed counts events handled, by type (ce_type).
	Consumed *prometheus.CounterVec
	// Retried counts attempts at handling an event that failed for a
	// transient reason (its partition then paused and the event retried
	// after a back-off), by type.
	Retried *prometheus.CounterVec
	// Paused is how many partitions of a topic are paused on a transient
	// failure, their record retried until it succeeds.
	Paused *prometheus.GaugeVec
	// DeadLettered counts records sent to a dead-letter topic, by their
	// topic and event type (ce_type, empty for a record without one).
	DeadLettered *prometheus.CounterVec
	// Lag is how many records of a partition are not consumed yet, as of
	// the last fetch.
	Lag *prometheus.GaugeVec
}

// NewMetrics registers with reg the metrics of what topology says the
// service does.
func NewMetrics(reg prometheus.Registerer, topology Topology) *Metrics {
	m := &Metrics{}
	if len(topology.Publishes) > 0 {
		m.Published = prometheus.NewCounterVec(
			prometheus.CounterOpts{Name: "events_published_total", Help: "Events published to Kafka."},
			[]string{"topic"},
		)
		reg.MustRegister(m.Published)
	}
	if len(topology.Consumes) > 0 {
		m.Consumed = prometheus.NewCounterVec(
			prometheus.CounterOpts{Name: "events_consumed_total", Help: "Events consumed from Kafka and handled."},
			[]string{"type"},
		)
		m.Retried = prometheus.NewCounterVec(
			prometheus.CounterOpts{Name: "events_retried_total", Help: "Attempts at handling an event that failed for a transient reason and are retried after a back-off."},
			[]string{"type"},
		)
		m.DeadLettered = prometheus.NewCounterVec(
			prometheus.CounterOpts{Name: "events_dead_lettered_total", Help: "Records sent to a dead-letter topic, by topic and event type."},
			[]string{"topic", "type"},
		)
		m.Lag = prometheus.NewGaugeVec(
			prometheus.GaugeOpts{Name: "consumer_lag", Help: "Records of a partition not consumed yet, as of the last fetch."},
			[]string{"topic", "partition"},
		)
		m.Paused = prometheus.NewGaugeVec(
			prometheus.GaugeOpts{Name: "consumer_paused_partitions", Help: "Partitions paused on a transient failure, their record retried until it succeeds."},
			[]string{"topic"},
		)
		reg.MustRegister(m.Consumed, m.Retried, m.DeadLettered, m.Lag, m.Paused)
	}
	return m
}

// The counting methods do nothing for metrics the service does not have,
// nor on nil Metrics.

func (m *Metrics) published(topic string) {
	if m != nil && m.Published != nil {
		m.Published.WithLabelValues(topic).Inc()
	}
}

func (m *Metrics) consumed(typ string) {
	if m != nil && m.Consumed != nil {
		m.Consumed.WithLabelValues(typ).Inc()
	}
}

func (m *Metrics) retried(typ string) {
	if m != nil && m.Retried != nil {
		m.Retried.WithLabelValues(typ).Inc()
	}
}

func (m *Metrics) deadLettered(topic, typ string) {
	if m != nil && m.DeadLettered != nil {
		m.DeadLettered.WithLabelValues(topic, typ).Inc()
	}
}

func (m *Metrics) lag(topic string, partition int32, lag int64) {
	if m != nil && m.Lag != nil {
		m.Lag.WithLabelValues(topic, strconv.Itoa(int(partition))).Set(float64(lag))
	}
}

func (m *Metrics) paused(topic string, delta float64) {
	if m != nil && m.Paused != nil {
		m.Paused.WithLabelValues(topic).Add(delta)
	}
}

func (m *Metrics) consumedN(typ string, n int) {
	if m != nil && m.Consumed != nil {
		m.Consumed.WithLabelValues(typ).Add(float64(n))
	}
}
