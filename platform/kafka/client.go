// Package kafka connects a service to Kafka with franz-go: it creates the
// topics the service uses, publishes the events it records with their
// CloudEvents attributes as headers, and consumes the events it reads in
// its consumer group, committing offsets only once their effects are
// stored.
package kafka

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"go.opentelemetry.io/otel/trace"

	"eventstorm/platform/env"
	"eventstorm/platform/message"
	"eventstorm/platform/telemetry"
)

// Config says how to reach Kafka and how to create missing topics.
type Config struct {
	// Brokers are the seed brokers (KAFKA_BROKERS, comma-separated).
	Brokers []string
	// Partitions and ReplicationFactor apply to topics created at start-up
	// (KAFKA_PARTITIONS, default 3; KAFKA_REPLICATION_FACTOR, default 1).
	Partitions        int32
	ReplicationFactor int16
	// RetryBackoffMax caps the pause between two attempts at a record whose
	// handling failed for a transient reason, such as its database being
	// down (KAFKA_RETRY_BACKOFF_MAX, a duration from 100ms to 1h, default
	// 30s; zero means the default). The pause starts at 100 ms and doubles,
	// with jitter, up to it.
	RetryBackoffMax time.Duration
	// Security is how the client authenticates and whether it uses TLS
	// (KAFKA_SASL_*, KAFKA_TLS*); the zero value is neither.
	Security Security
}

// DefaultRetryBackoffMax is RetryBackoffMax when KAFKA_RETRY_BACKOFF_MAX is
// not set.
const DefaultRetryBackoffMax = 30 * time.Second

// ConfigFromEnv reads the configuration from KAFKA_BROKERS,
// KAFKA_PARTITIONS, KAFKA_REPLICATION_FACTOR, KAFKA_RETRY_BACKOFF_MAX and
// the security variables SecurityFromEnv reads.
func ConfigFromEnv() (Config, error) {
	cfg := Config{Brokers: env.List("KAFKA_BROKERS")}
	security, err := SecurityFromEnv()
	if err != nil {
		return cfg, err
	}
	cfg.Security = security
	partitions, err := env.Int("KAFKA_PARTITIONS", 3, 1, 10000)
	if err != nil {
		return cfg, err
	}
	replication, err := env.Int("KAFKA_REPLICATION_FACTOR", 1, 1, 100)
	if err != nil {
		return cfg, err
	}
	backoff, err := env.Duration("KAFKA_RETRY_BACKOFF_MAX", DefaultRetryBackoffMax, firstBackoff, time.Hour)
	if err != nil {
		return cfg, err
	}
	cfg.Partitions = int32(partitions)
	cfg.ReplicationFactor = int16(replication)
	cfg.RetryBackoffMax = backoff
	return cfg, nil
}

// retryBackoffMax is RetryBackoffMax, or its default when unset.
func (cfg Config) retryBackoffMax() time.Duration {
	if cfg.RetryBackoffMax <= 0 {
		return DefaultRetryBackoffMax
	}
	return cfg.RetryBackoffMax
}

// Topology is what a service publishes and reads, as the model fixes it.
type Topology struct {
	// Group is the service's consumer group and client id. It is fixed: a
	// new group name would read every topic again from the start.
	Group string
	// Publishes are the topics of the service's aggregates.
	Publishes []string
	// Consumes are the topics whose events the service reads.
	Consumes []string
}

// DeadLetterTopic is where the records of topic that cannot be handled go:
// <topic>.<group>.dlq.
func (t Topology) DeadLetterTopic(topic string) string {
	return topic + "." + t.Group + ".dlq"
}

// Topics lists every topic the service creates at start-up: those it
// publishes, those it reads and their dead-letter topics, sorted.
func (t Topology) Topics() []string {
	all := slices.Clone(t.Publishes)
	for _, topic := range t.Consumes {
		all = append(all, topic, t.DeadLetterTopic(topic))
	}
	slices.Sort(all)
	return slices.Compact(all)
}

// sessionTimeout is how long the group waits for a member that stopped
// heartbeating, one that crashed, before giving its partitions to the others
// or to its restarted self: 10 s rather than the client's default 45 s.
const sessionTimeout = 10 * time.Second

// Client is a service's connection to Kafka.
type Client struct {
	cl       *kgo.Client
	cfg      Config
	topology Topology
	logger   *slog.Logger
	metrics  *Metrics
	activity *activity
	// codec frames record values; nil for plain JSON (see UseCodec).
	codec Codec
	// stalls are the partitions paused on a transient failure.
	stalls stalls
	// retryLogInterval is how often at most a paused partition logs a
	// back-off step.
	retryLogInterval time.Duration
}

// Dial connects to the brokers; nothing is sent until the client is used. A
// service that reads topics joins its group. Consume marks each record once
// its effect or its dead letter is stored, and only marked records are
// committed: by Consume, every second, and when partitions are revoked. The
// client counts what it does in metrics.
func Dial(cfg Config, topology Topology, logger *slog.Logger, metrics *Metrics) (*Client, error) {
	c := &Client{cfg: cfg, topology: topology, logger: logger, metrics: metrics, activity: &activity{logger: logger}, retryLogInterval: retryLogInterval}
	opts := append([]kgo.Opt{
		kgo.SeedBrokers(cfg.Brokers...),
		kgo.ClientID(topology.Group),
	}, cfg.Security.Opts()...)
	if logger != nil {
		logger.Info("kafka client", "brokers", strings.Join(cfg.Brokers, ","), "security", cfg.Security.String())
		if cfg.Security.Mechanism == MechanismPlain && cfg.Security.TLS == nil {
			logger.Warn("kafka: SASL PLAIN without TLS sends the password in clear; set KAFKA_TLS=true")
		}
	}
	if len(topology.Consumes) > 0 {
		opts = append(opts,
			kgo.ConsumerGroup(topology.Group),
			kgo.ConsumeTopics(topology.Consumes...),
			kgo.AutoCommitMarks(),
			kgo.AutoCommitInterval(autoCommitInterval),
			kgo.OnPartitionsRevoked(func(ctx context.Context, cl *kgo.Client, revoked map[string][]int32) {
				c.revoke(cl, revoked)
				if err := cl.CommitMarkedOffsets(ctx); err != nil {
					c.logger.Error("commit on revoke failed", "error", err)
				}
			}),
			kgo.OnPartitionsLost(func(_ context.Context, cl *kgo.Client, lost map[string][]int32) {
				c.revoke(cl, lost)
			}),
			kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
			kgo.SessionTimeout(sessionTimeout),
		)
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("kafka: %w", err)
	}
	c.cl = cl
	return c, nil
}

// autoCommitInterval is how often the records marked handled are committed
// besides Consume's own commits, which follow each fetch.
const autoCommitInterval = time.Second

// Connect dials the brokers and creates the topology's topics when
// missing: what a service does at start-up.
func Connect(ctx context.Context, cfg Config, topology Topology, logger *slog.Logger, metrics *Metrics) (*Client, error) {
	c, err := Dial(cfg, topology, logger, metrics)
	if err != nil {
		return nil, err
	}
	if err := c.EnsureTopics(ctx); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// Close leaves the consumer group and closes the connections.
func (c *Client) Close() {
	c.cl.Close()
}

// EnsureTopics creates the topics the service publishes to and reads from, and
// the dead-letter topics of those it reads, when they are missing.
func (c *Client) EnsureTopics(ctx context.Context) error {
	topics := c.topology.Topics()
	if len(topics) == 0 {
		return nil
	}
	adm := kadm.NewClient(c.cl)
	created, err := adm.CreateTopics(ctx, c.cfg.Partitions, c.cfg.ReplicationFactor, nil, topics...)
	if err != nil {
		return fmt.Errorf("kafka: %w", err)
	}
	for _, t := range created.Sorted() {
		if t.Err != nil && !errors.Is(t.Err, kerr.TopicAlreadyExists) {
			return fmt.Errorf("kafka: create topic %s: %w", t.Topic, t.Err)
		}
	}
	return nil
}

// Publish sends messages to their topics, keyed by their aggregate's id, with
// the CloudEvents attributes as headers (binary mode), and waits until the
// brokers acknowledge them all.
//
// Each message is published in a span of its own (see Publisher.Publish),
// and counted published once the broker has it, whatever became of the
// others.
func (c *Client) Publish(ctx context.Context, msgs []message.Message) error {
	records := make([]*kgo.Record, len(msgs))
	spans := make(map[*kgo.Record]trace.Span, len(msgs))
	for i, m := range msgs {
		m, span := startPublish(ctx, m)
		r, err := c.record(m)
		if err != nil {
			telemetry.End(span, &err)
			for _, span := range spans {
				span.End()
			}
			return err
		}
		records[i] = r
		spans[r] = span
	}
	results := c.cl.ProduceSync(ctx, records...) // in the order the broker answered
	published := 0
	for _, r := range results {
		telemetry.End(spans[r.Record], &r.Err)
		if r.Err == nil {
			c.metrics.published(r.Record.Topic)
			published++
		}
	}
	c.activity.add(published, 0)
	return results.FirstErr()
}
