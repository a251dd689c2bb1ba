package kafka

import (
	"errors"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/platform/message"
)

// The CloudEvents attributes as Kafka headers (binary content mode).
const (
	headerSpecVersion = "ce_specversion"
	headerID          = "ce_id"
	headerType        = "ce_type"
	headerSource      = "ce_source"
	headerTime        = "ce_time"
	headerContentType = "content-type"
)

// Record is a message as a Kafka record: keyed by its aggregate's id, its
// attributes as CloudEvents headers and the event's JSON as the value.
func Record(m message.Message) *kgo.Record {
	return &kgo.Record{
		Topic: m.Topic,
		Key:   []byte(m.Key),
		Value: m.Data,
		Headers: []kgo.RecordHeader{
			{Key: headerSpecVersion, Value: []byte("1.0")},
			{Key: headerID, Value: []byte(m.ID)},
			{Key: headerType, Value: []byte(m.Type)},
			{Key: headerSource, Value: []byte(m.Source)},
			{Key: headerTime, Value: []byte(m.Time.UTC().Format(time.RFC3339Nano))},
			{Key: headerContentType, Value: []byte("application/json")},
		},
	}
}

// Message reads a record as a message from its CloudEvents headers. A record
// without ce_id or ce_type is poison; a value that is not the event's JSON is
// found poison when it is decoded.
func Message(r *kgo.Record) (message.Message, error) {
	m := message.Message{Topic: r.Topic, Key: string(r.Key), Data: r.Value}
	for _, h := range r.Headers {
		switch h.Key {
		case headerID:
			m.ID = string(h.Value)
		case headerType:
			m.Type = string(h.Value)
		case headerSource:
			m.Source = string(h.Value)
		case headerTime:
			m.Time, _ = time.Parse(time.RFC3339Nano, string(h.Value))
		}
	}
	if m.ID == "" || m.Type == "" {
		return m, message.Poison(errors.New("the record has no ce_id or ce_type header"))
	}
	return m, nil
}
