package kafka

import (
	"context"

	"github.com/twmb/franz-go/pkg/kgo"

	"eventstorm/platform/message"
)

// Codec frames the values of the records a client produces, and reads the
// frame off those it consumes, as a schema registry's wire format does
// (schemareg.Registry is one). Without one, a record's value is the
// event's JSON as it is.
type Codec interface {
	// Encode is value, the JSON of an event of the ce_type typ published
	// to topic, framed.
	Encode(topic, typ string, value []byte) ([]byte, error)
	// Decode is the JSON of a consumed value: a message.Poison error when
	// it can never be read, any other error when reading it failed for a
	// transient reason (it is retried).
	Decode(ctx context.Context, value []byte) ([]byte, error)
}

// UseCodec makes the client frame the values it produces and read those it
// consumes with codec. Call it before the client publishes or consumes.
func (c *Client) UseCodec(codec Codec) {
	c.codec = codec
}

// record is m as a Kafka record (see Record), its value framed by the
// client's codec if it has one. An event the codec cannot frame (one with
// no registered schema) is an error, transient since a redeployment that
// registers it fixes it.
func (c *Client) record(m message.Message) (*kgo.Record, error) {
	r := Record(m)
	if c.codec == nil {
		return r, nil
	}
	value, err := c.codec.Encode(r.Topic, m.Type, r.Value)
	if err != nil {
		return nil, err
	}
	r.Value = value
	return r, nil
}

// message reads r as a message (see Message), its data read by the
// client's codec if it has one: poison when the codec can never read it,
// transient when the codec failed for a passing reason. Without a codec, a
// value in a schema registry's wire format (a zero byte, which no JSON
// starts with, then a 4-byte schema id) has that header taken off
// unchecked, so that services reading an event need not turn the registry
// on before the service publishing it.
func (c *Client) message(ctx context.Context, r *kgo.Record) (message.Message, error) {
	m, err := Message(r)
	if err != nil {
		return m, err
	}
	if c.codec == nil {
		if len(m.Data) >= wireHeaderLen && m.Data[0] == 0 {
			m.Data = m.Data[wireHeaderLen:]
		}
		return m, nil
	}
	m.Data, err = c.codec.Decode(ctx, m.Data)
	return m, err
}

// wireHeaderLen is the length of the header of the schema registry's wire
// format: the zero magic byte and the 4-byte schema id.
const wireHeaderLen = 5
