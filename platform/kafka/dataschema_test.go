package kafka

import (
	"testing"

	"eventstorm/platform/message"
)

// TestRecordDataSchema checks that a message's data schema travels as the
// ce_dataschema header and is read back, and that a message without one
// has no such header (version 1 of an event never versioned).
func TestRecordDataSchema(t *testing.T) {
	m := message.Message{ID: "e1", Type: "t", Source: "/s", Topic: "x", Key: "k", Data: []byte(`{}`), DataSchema: message.DataSchema("t", 2)}
	r := Record(m)
	if got := headerMap(r)["ce_dataschema"]; got != "events/t.v2.json" {
		t.Errorf("ce_dataschema = %q, want events/t.v2.json", got)
	}
	back, err := Message(r)
	if err != nil {
		t.Fatal(err)
	}
	if back.DataSchema != m.DataSchema {
		t.Errorf("read back data schema %q, want %q", back.DataSchema, m.DataSchema)
	}
	m.DataSchema = ""
	if _, ok := headerMap(Record(m))["ce_dataschema"]; ok {
		t.Error("a message without a data schema has a ce_dataschema header")
	}
}
