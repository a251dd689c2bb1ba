package contracttest

import (
	"path"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"eventstorm/platform/kafka"
	"eventstorm/platform/message"
)

// Events checks events against an AsyncAPI 3.0 document and the JSON
// Schema of each event, in a folder of files named for the event's type.
type Events struct {
	// Doc is the AsyncAPI document.
	Doc *Document
	dir string
}

// LoadEvents reads the AsyncAPI document asyncapi; the events' schemas are
// in dir, as <type>.json.
func LoadEvents(t testing.TB, asyncapi, dir string) *Events {
	t.Helper()
	return &Events{Doc: Load(t, asyncapi, jsonschema.Draft7), dir: dir}
}

// Schema reads the JSON Schema of the event of type ceType.
func (e *Events) Schema(t testing.TB, ceType string) *Document {
	t.Helper()
	return Load(t, path.Join(e.dir, ceType+".json"), jsonschema.Draft2020)
}

// Published checks, in a subtest, messages of the event of type ceType as
// the service publishes them: the first with every field set, its formats
// checked; the others with fields left empty, whose dates Go writes as
// 0000-00-00, which is no date.
func (e *Events) Published(t *testing.T, ceType string, msgs ...message.Message) {
	t.Helper()
	t.Run("publishes "+ceType, func(t *testing.T) {
		schema := e.Schema(t, ceType)
		for i, m := range msgs {
			e.CheckMessage(t, schema, ceType, m, i == 0)
		}
	})
}

// Read checks, in a subtest, values of the event of type ceType as the
// service's copy of it writes them, the first with its formats, as
// Published does.
func (e *Events) Read(t *testing.T, ceType string, values ...any) {
	t.Helper()
	t.Run("reads "+ceType, func(t *testing.T) {
		schema := e.Schema(t, ceType)
		for i, v := range values {
			e.CheckPayload(t, schema, ceType, Marshal(t, v), i == 0)
		}
	})
}

// CheckPayload checks an event's JSON against its JSON Schema and against
// its message's payload in the AsyncAPI document, and the formats of its
// strings if asked to.
func (e *Events) CheckPayload(t testing.TB, schema *Document, ceType string, data []byte, formats bool) {
	t.Helper()
	schema.Validate(t, "", data, formats)
	e.Doc.Validate(t, Pointer("components", "messages", ceType, "payload"), data, formats)
}

// CheckMessage checks a message against its event's JSON Schema and its
// message in the AsyncAPI document: the payload (and its formats if asked
// to), the headers the Kafka adapter writes from it (the CloudEvents
// attributes, and the trace context, correlation and causation ids when the
// message carries them), the key and the topic.
func (e *Events) CheckMessage(t testing.TB, schema *Document, ceType string, m message.Message, formats bool) {
	t.Helper()
	e.CheckPayload(t, schema, ceType, m.Data, formats)
	msg := Pointer("components", "messages", ceType)
	headers := map[string]string{}
	for _, h := range kafka.Record(m).Headers {
		headers[h.Key] = string(h.Value)
	}
	e.Doc.Validate(t, msg+"/headers", Marshal(t, headers), true)
	e.Doc.Validate(t, msg+"/bindings/kafka/key", Marshal(t, m.Key), true)
	if address, _ := e.Doc.At(Pointer("channels", m.Topic, "address")); address != m.Topic {
		t.Errorf("%s goes to the topic %s, which %s has no channel for", ceType, m.Topic, e.Doc.Name)
	}
}

// Messages turns events into messages with to, as a service's messaging
// package does before publishing them, failing the test on an error.
func Messages[E any](t testing.TB, to func(E) (message.Message, error), events ...E) []message.Message {
	t.Helper()
	msgs := make([]message.Message, 0, len(events))
	for _, ev := range events {
		m, err := to(ev)
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, m)
	}
	return msgs
}
