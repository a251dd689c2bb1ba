package kafka

import (
	"slices"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"
)

func TestParseDeadLetterTopic(t *testing.T) {
	cases := []struct {
		name, topic, group string
		ok                 bool
	}{
		{name: "shop.ordering.order.order-history.dlq", topic: "shop.ordering.order", group: "order-history", ok: true},
		{name: "t.g.dlq", topic: "t", group: "g", ok: true},
		{name: "shop.ordering.order"},
		{name: "g.dlq"},
		{name: ".g.dlq"},
		{name: "t..dlq"},
		{name: "t.g.dlqx"},
	}
	for _, c := range cases {
		topic, group, ok := ParseDeadLetterTopic(c.name)
		if topic != c.topic || group != c.group || ok != c.ok {
			t.Errorf("ParseDeadLetterTopic(%q) = %q, %q, %v; want %q, %q, %v", c.name, topic, group, ok, c.topic, c.group, c.ok)
		}
	}
	top := Topology{Group: "order-history"}
	if topic, group, ok := ParseDeadLetterTopic(top.DeadLetterTopic("a.b.c")); topic != "a.b.c" || group != top.Group || !ok {
		t.Errorf("ParseDeadLetterTopic does not read DeadLetterTopic back: %q %q %v", topic, group, ok)
	}
}

// TestReadDeadLetter checks that a dead letter reads back, with its headers
// or, without them, from its topic's name, and that Original leaves out
// only the dead-letter headers.
func TestReadDeadLetter(t *testing.T) {
	original := []kgo.RecordHeader{{Key: "ce_id", Value: []byte("e1")}, {Key: "trace", Value: []byte("t")}}
	full := &kgo.Record{
		Topic: "shop.ordering.order.order-history.dlq", Key: []byte("o1"), Value: []byte(`{}`), Partition: 2, Offset: 9,
		Headers: append(slices.Clone(original),
			kgo.RecordHeader{Key: HeaderDeadLetterError, Value: []byte("poison message: bad")},
			kgo.RecordHeader{Key: HeaderDeadLetterAttempts, Value: []byte("3")},
			kgo.RecordHeader{Key: HeaderDeadLetterTopic, Value: []byte("shop.ordering.order")},
			kgo.RecordHeader{Key: HeaderDeadLetterPartition, Value: []byte("1")},
			kgo.RecordHeader{Key: HeaderDeadLetterOffset, Value: []byte("41")},
			kgo.RecordHeader{Key: HeaderDeadLetterGroup, Value: []byte("order-history")},
		),
	}
	old := &kgo.Record{
		Topic: "shop.ordering.order.order-history.dlq", Key: []byte("o1"),
		Headers: append(slices.Clone(original), kgo.RecordHeader{Key: HeaderDeadLetterError, Value: []byte("x")}, kgo.RecordHeader{Key: HeaderDeadLetterOffset, Value: []byte("7")}),
	}
	cases := []struct {
		name string
		r    *kgo.Record
		want DeadLetter
	}{
		{name: "full", r: full, want: DeadLetter{Topic: "shop.ordering.order", Partition: 1, Offset: 41, Group: "order-history", Reason: "poison message: bad", Attempts: 3}},
		{name: "older", r: old, want: DeadLetter{Topic: "shop.ordering.order", Partition: -1, Offset: 7, Group: "order-history", Reason: "x", Attempts: -1}},
		{name: "foreign", r: &kgo.Record{Topic: "other"}, want: DeadLetter{Partition: -1, Offset: -1, Attempts: -1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := ReadDeadLetter(c.r)
			if d.Record != c.r {
				t.Error("Record is not the record read")
			}
			d.Record = nil
			if d != c.want {
				t.Errorf("ReadDeadLetter = %+v, want %+v", d, c.want)
			}
		})
	}
	o := ReadDeadLetter(full).Original()
	if o.Topic != "shop.ordering.order" || string(o.Key) != "o1" || string(o.Value) != `{}` || o.Partition != 0 || o.Offset != 0 {
		t.Errorf("Original = %+v", o)
	}
	if !slices.EqualFunc(o.Headers, original, func(a, b kgo.RecordHeader) bool { return a.Key == b.Key && string(a.Value) == string(b.Value) }) {
		t.Errorf("Original headers %v, want %v", o.Headers, original)
	}
	if !IsDeadLetterTopic(full.Topic) || IsDeadLetterTopic("shop.ordering.order") {
		t.Error("IsDeadLetterTopic")
	}
}
