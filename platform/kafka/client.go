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
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/platform/env"
	"eventstorm/platform/message"
)

// Config says how to reach Kafka and how to create missing topics.
type Config struct {
	// Brokers are the seed brokers (KAFKA_BROKERS, comma-separated).
	Brokers []string
	// Partitions and ReplicationFactor apply to topics created at start-up
	// (KAFKA_PARTITIONS, default 3; KAFKA_REPLICATION_FACTOR, default 1).
	Partitions        int32
	ReplicationFactor int16
}

// ConfigFromEnv reads the configuration from KAFKA_BROKERS,
// KAFKA_PARTITIONS and KAFKA_REPLICATION_FACTOR.
func ConfigFromEnv() (Config, error) {
	cfg := Config{Brokers: env.List("KAFKA_BROKERS")}
	partitions, err := env.Int("KAFKA_PARTITIONS", 3, 1, 10000)
	if err != nil {
		return cfg, err
	}
	replication, err := env.Int("KAFKA_REPLICATION_FACTOR", 1, 1, 100)
	if err != nil {
		return cfg, err
	}
	cfg.Partitions = int32(partitions)
	cfg.ReplicationFactor = int16(replication)
	return cfg, nil
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
}

// Dial connects to the brokers; nothing is sent until the client is used. A
// service that reads topics joins its group, with offsets committed by
// Consume only. The client counts what it does in metrics.
func Dial(cfg Config, topology Topology, logger *slog.Logger, metrics *Metrics) (*Client, error) {
	opts := []kgo.Opt{
		kgo.SeedBrokers(cfg.Brokers...),
		kgo.ClientID(topology.Group),
	}
	if len(topology.Consumes) > 0 {
		opts = append(opts,
			kgo.ConsumerGroup(topology.Group),
			kgo.ConsumeTopics(topology.Consumes...),
			kgo.DisableAutoCommit(),
			kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
			kgo.SessionTimeout(sessionTimeout),
		)
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("kafka: %w", err)
	}
	return &Client{cl: cl, cfg: cfg, topology: topology, logger: logger, metrics: metrics, activity: &activity{logger: logger}}, nil
}

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
func (c *Client) Publish(ctx context.Context, msgs []message.Message) error {
	records := make([]*kgo.Record, len(msgs))
	for i, m := range msgs {
		records[i] = Record(m)
	}
	if err := c.cl.ProduceSync(ctx, records...).FirstErr(); err != nil {
		return err
	}
	for _, m := range msgs {
		c.metrics.published(m.Topic)
	}
	c.activity.add(len(msgs), 0)
	return nil
}
