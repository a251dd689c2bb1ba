package kafka

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// The headers a dead letter carries after the original record's own: why the
// record could not be handled and where it came from. They all start with
// DeadLetterHeaderPrefix.
const (
	// DeadLetterHeaderPrefix starts the name of every header a dead letter
	// adds to the original record's.
	DeadLetterHeaderPrefix = "dlq_"
	// HeaderDeadLetterError is the reason: the error that made the record
	// poison.
	HeaderDeadLetterError = "dlq_error"
	// HeaderDeadLetterAttempts is how many times the record was handed to
	// the handler (0 when it could not even be read as an event).
	HeaderDeadLetterAttempts = "dlq_attempts"
	// HeaderDeadLetterTopic, HeaderDeadLetterPartition and
	// HeaderDeadLetterOffset say where the original record was.
	HeaderDeadLetterTopic     = "dlq_topic"
	HeaderDeadLetterPartition = "dlq_partition"
	HeaderDeadLetterOffset    = "dlq_offset"
	// HeaderDeadLetterGroup is the consumer group that gave up on it.
	HeaderDeadLetterGroup = "dlq_group"
)

// DeadLetterSuffix ends the name of every dead-letter topic:
// <topic>.<group>.dlq (see Topology.DeadLetterTopic).
const DeadLetterSuffix = ".dlq"

// maxReason bounds the reason a dead letter carries, in bytes.
const maxReason = 4096

// produceTimeout bounds how long producing a dead letter may take; past
// it, the attempt failed and is retried.
const produceTimeout = 10 * time.Second

// DeadLetter is a record of a dead-letter topic, read.
type DeadLetter struct {
	// Record is the dead letter as it is on its dead-letter topic.
	Record *kgo.Record
	// Topic, Partition and Offset say where the original record was;
	// Partition and Offset are -1 when the dead letter does not say.
	Topic     string
	Partition int32
	Offset    int64
	// Group is the consumer group that dead-lettered it, if known.
	Group string
	// Reason is why it could not be handled.
	Reason string
	// Attempts is how many times it was handed to the handler; -1 when
	// the dead letter does not say.
	Attempts int
}

// ReadDeadLetter reads a record of a dead-letter topic. Dead letters written
// before the dlq_topic header existed get their original topic and group from
// the name of their topic, <topic>.<group>.dlq, a group having no dot.
func ReadDeadLetter(r *kgo.Record) DeadLetter {
	d := DeadLetter{Record: r, Partition: -1, Offset: -1, Attempts: -1}
	for _, h := range r.Headers {
		v := string(h.Value)
		switch h.Key {
		case HeaderDeadLetterError:
			d.Reason = v
		case HeaderDeadLetterTopic:
			d.Topic = v
		case HeaderDeadLetterGroup:
			d.Group = v
		case HeaderDeadLetterPartition:
			if n, err := strconv.ParseInt(v, 10, 32); err == nil {
				d.Partition = int32(n)
			}
		case HeaderDeadLetterOffset:
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				d.Offset = n
			}
		case HeaderDeadLetterAttempts:
			if n, err := strconv.Atoi(v); err == nil {
				d.Attempts = n
			}
		}
	}
	if topic, group, ok := ParseDeadLetterTopic(r.Topic); ok {
		if d.Topic == "" {
			d.Topic = topic
		}
		if d.Group == "" {
			d.Group = group
		}
	}
	return d
}

// ParseDeadLetterTopic reads the name of a dead-letter topic,
// <topic>.<group>.dlq, a group having no dot; ok is false for another name.
func ParseDeadLetterTopic(name string) (topic, group string, ok bool) {
	rest, ok := strings.CutSuffix(name, DeadLetterSuffix)
	if !ok {
		return "", "", false
	}
	i := strings.LastIndexByte(rest, '.')
	if i <= 0 || i == len(rest)-1 {
		return "", "", false
	}
	return rest[:i], rest[i+1:], true
}

// Original is the record as it was before it was dead-lettered, to publish
// it again: on its original topic, with its key, value and headers, the
// dead-letter headers left out. Its CloudEvents id is unchanged, so a
// consumer whose inbox holds it skips it.
func (d DeadLetter) Original() *kgo.Record {
	r := &kgo.Record{Topic: d.Topic, Key: d.Record.Key, Value: d.Record.Value}
	for _, h := range d.Record.Headers {
		if !strings.HasPrefix(h.Key, DeadLetterHeaderPrefix) {
			r.Headers = append(r.Headers, h)
		}
	}
	return r
}

// IsDeadLetterTopic reports whether topic is a dead-letter topic by its
// name.
func IsDeadLetterTopic(topic string) bool {
	return strings.HasSuffix(topic, DeadLetterSuffix)
}

// deadLetter sends a poison record to its dead-letter topic, with its own
// headers (its CloudEvents attributes, trace context, correlation and
// causation ids among them) then the reason and where it came from, and waits until the broker
// has it: only then may its offset be committed. attempts is how many times
// it was handed to the handler.
func (c *Client) deadLetter(ctx context.Context, r *kgo.Record, cause error, attempts int) error {
	reason := cause.Error()
	if len(reason) > maxReason {
		reason = strings.ToValidUTF8(reason[:maxReason], "")
	}
	headers := make([]kgo.RecordHeader, 0, len(r.Headers)+6)
	headers = append(headers, r.Headers...)
	headers = append(headers,
		kgo.RecordHeader{Key: HeaderDeadLetterError, Value: []byte(reason)},
		kgo.RecordHeader{Key: HeaderDeadLetterAttempts, Value: []byte(strconv.Itoa(attempts))},
		kgo.RecordHeader{Key: HeaderDeadLetterTopic, Value: []byte(r.Topic)},
		kgo.RecordHeader{Key: HeaderDeadLetterPartition, Value: []byte(strconv.Itoa(int(r.Partition)))},
		kgo.RecordHeader{Key: HeaderDeadLetterOffset, Value: []byte(strconv.FormatInt(r.Offset, 10))},
		kgo.RecordHeader{Key: HeaderDeadLetterGroup, Value: []byte(c.topology.Group)},
	)
	dead := &kgo.Record{
		Topic:   c.topology.DeadLetterTopic(r.Topic),
		Key:     r.Key,
		Value:   r.Value,
		Headers: headers,
	}
	ctx, cancel := context.WithTimeout(ctx, produceTimeout)
	defer cancel()
	if err := c.cl.ProduceSync(ctx, dead).FirstErr(); err != nil {
		return fmt.Errorf("producing the dead letter to %s: %w", dead.Topic, err)
	}
	c.metrics.deadLettered(r.Topic, header(r, headerType))
	c.logger.ErrorContext(recordContext(ctx, r), "dead-lettered a poison record", "topic", r.Topic, "partition", r.Partition, "offset", r.Offset,
		"type", header(r, headerType), "id", header(r, headerID), "dead_letter_topic", dead.Topic, "error", reason)
	return nil
}
