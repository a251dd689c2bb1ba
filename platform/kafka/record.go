package kafka

import (
	"errors"
	"fmt"
	"maps"
	"sync/atomic"
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
	headerIssuedBy    = "ce_issuedby"
	headerTime        = "ce_time"
	headerDataSchema  = "ce_dataschema"
	headerContentType = "content-type"
	// The trace context of the CloudEvents distributed tracing extension,
	// and the correlation and causation extensions.
	headerTraceParent   = "traceparent"
	headerTraceState    = "tracestate"
	headerCorrelationID = "ce_correlationid"
	headerCausationID   = "ce_causationid"
)

// The constant header values, shared by every record (franz-go does not
// change them).
var (
	specVersion     = []byte("1.0")
	jsonContentType = []byte("application/json")
)

// Record is a message as a Kafka record: keyed by its aggregate's id, its
// attributes as CloudEvents headers (the optional ones when set: data
// schema, issuer, trace context, correlation and causation) and the event's
// JSON as the value.
func Record(m message.Message) *kgo.Record {
	// One allocation for the record with its headers, one for the bytes of
	// the key and of the header values that vary.
	r := &struct {
		kgo.Record
		headers [12]kgo.RecordHeader
	}{}
	buf := make([]byte, 0, len(m.Key)+len(m.ID)+len(m.Type)+len(m.Source)+len(time.RFC3339Nano)+len(m.IssuedBy)+
		len(m.TraceParent)+len(m.TraceState)+len(m.CorrelationID)+len(m.CausationID)+len(m.DataSchema))
	next := func(b []byte) []byte {
		start := len(buf)
		buf = b
		return buf[start:len(buf):len(buf)]
	}
	key := next(append(buf, m.Key...))
	id := next(append(buf, m.ID...))
	typ := next(append(buf, m.Type...))
	source := next(append(buf, m.Source...))
	at := next(m.Time.UTC().AppendFormat(buf, time.RFC3339Nano))
	r.headers[0] = kgo.RecordHeader{Key: headerSpecVersion, Value: specVersion}
	r.headers[1] = kgo.RecordHeader{Key: headerID, Value: id}
	r.headers[2] = kgo.RecordHeader{Key: headerType, Value: typ}
	r.headers[3] = kgo.RecordHeader{Key: headerSource, Value: source}
	r.headers[4] = kgo.RecordHeader{Key: headerTime, Value: at}
	r.headers[5] = kgo.RecordHeader{Key: headerContentType, Value: jsonContentType}
	headers := r.headers[:6]
	for _, h := range [...]struct{ key, value string }{
		{headerDataSchema, m.DataSchema},
		{headerIssuedBy, m.IssuedBy},
		{headerTraceParent, m.TraceParent},
		{headerTraceState, m.TraceState},
		{headerCorrelationID, m.CorrelationID},
		{headerCausationID, m.CausationID},
	} {
		if h.value != "" {
			headers = append(headers, kgo.RecordHeader{Key: h.key, Value: next(append(buf, h.value...))})
		}
	}
	r.Record = kgo.Record{Topic: m.Topic, Key: key, Value: m.Data, Headers: headers}
	return &r.Record
}

// Message reads a record as a message from its CloudEvents headers. A record
// without ce_id or ce_type, or with a ce_time that is not an RFC 3339 time,
// is poison; a value that is not the event's JSON is found poison when it is
// decoded. A record without ce_time has the zero time.
func Message(r *kgo.Record) (message.Message, error) {
	m := message.Message{Topic: r.Topic, Key: string(r.Key), Data: r.Value}
	var badTime []byte
	for _, h := range r.Headers {
		switch h.Key {
		case headerID:
			m.ID = string(h.Value)
		case headerType:
			m.Type = intern(h.Value)
		case headerSource:
			m.Source = intern(h.Value)
		case headerDataSchema:
			m.DataSchema = intern(h.Value)
		case headerIssuedBy:
			m.IssuedBy = string(h.Value)
		case headerTraceParent:
			m.TraceParent = string(h.Value)
		case headerTraceState:
			m.TraceState = string(h.Value)
		case headerCorrelationID:
			m.CorrelationID = string(h.Value)
		case headerCausationID:
			m.CausationID = string(h.Value)
		case headerTime:
			t, err := time.Parse(time.RFC3339Nano, string(h.Value))
			if err != nil {
				badTime = h.Value
				if badTime == nil {
					badTime = []byte{}
				}
			}
			m.Time = t
		}
	}
	if m.ID == "" || m.Type == "" {
		return m, message.Poison(errors.New("the record has no ce_id or ce_type header"))
	}
	if badTime != nil {
		return m, message.Poison(fmt.Errorf("the record's ce_time %q is not an RFC 3339 time", truncate(badTime, 64)))
	}
	return m, nil
}

// truncate is b, cut to at most n bytes with an ellipsis when longer, to
// quote it in an error.
func truncate(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	return string(b[:n]) + "..."
}

// maxValues bounds how many ce_type and ce_source values are interned, so
// that odd values cannot grow the set without bound.
const maxValues = 256

// values are the ce_type and ce_source values seen, by themselves: read
// without a lock, and replaced whole when one is added.
var values atomic.Pointer[map[string]string]

// intern returns b as a string, the same string for the same bytes, so that
// the values every record repeats are not allocated again for each.
func intern(b []byte) string {
	m := values.Load()
	if m != nil {
		if s, ok := (*m)[string(b)]; ok {
			return s
		}
	}
	s := string(b)
	if m == nil || len(*m) < maxValues {
		next := map[string]string{s: s}
		if m != nil {
			maps.Copy(next, *m)
		}
		values.CompareAndSwap(m, &next)
	}
	return s
}
