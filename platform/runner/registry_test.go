package runner

import (
	"context"
	"encoding/binary"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sr"

	"eventstorm/platform/internal/srtest"
	"eventstorm/platform/message"
	"eventstorm/platform/schemareg"
)

// thingSchema is the JSON Schema of the test's event, thing(id)'s data.
const thingSchema = `{"type":"object","properties":{"n":{"type":"integer"}},"additionalProperties":false}`

// thingSubject is its subject.
const thingSubject = "shop.test.thing-shop.test.thing-done"

// withRegistry is p using the registry at url, with the event's schema.
func withRegistry(p *Parts, url string) {
	p.Config.SchemaRegistry = schemareg.Config{URLs: []string{url}, Compatibility: schemareg.DefaultCompatibility, Timeout: 5 * time.Second}
	p.Schemas = []schemareg.Schema{{Topic: "shop.test.thing", Record: "shop.test.thing-done", Version: 1, JSON: thingSchema}}
}

// TestPartsWithSchemaRegistry: with a schema registry, the service
// registers its event's schema at start-up, its records carry the schema's
// id in the wire format, and its consumer reads them back as JSON.
func TestPartsWithSchemaRegistry(t *testing.T) {
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cluster.Close)
	reg := srtest.New()
	t.Cleanup(reg.Close)
	var h handled
	var mu sync.Mutex
	var data []string
	p, events := newParts(t, &h, cluster.ListenAddrs()...)
	p.Dispatch = func(ctx context.Context, m message.Message) error {
		mu.Lock()
		data = append(data, string(m.Data))
		mu.Unlock()
		return h.dispatch(ctx, m)
	}
	withRegistry(p, reg.URL())
	start(t, p)
	events.Add(thing("a"), thing("b"))
	h.wait(t, "a", "b")
	mu.Lock()
	if strings.Join(data, " ") != "{} {}" {
		t.Errorf("the consumer read %q, want the events' JSON without the frame", data)
	}
	mu.Unlock()

	cl, err := kgo.NewClient(kgo.SeedBrokers(cluster.ListenAddrs()...), kgo.ConsumeTopics("shop.test.thing"), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	fetches := cl.PollRecords(ctx, 2)
	if err := fetches.Err(); err != nil || fetches.NumRecords() == 0 {
		t.Fatalf("reading the topic: %v, %d records", err, fetches.NumRecords())
	}
	src, _ := sr.NewClient(sr.URLs(reg.URL()))
	for _, r := range fetches.Records() {
		if len(r.Value) < 5 || r.Value[0] != 0 || string(r.Value[5:]) != "{}" {
			t.Fatalf("record value %q, want the magic byte 0, a schema id, then the JSON", r.Value)
		}
		s, err := src.SchemaByID(ctx, int(binary.BigEndian.Uint32(r.Value[1:5])))
		if err != nil || s.Schema != thingSchema {
			t.Errorf("the record's schema id resolves to %q, %v; want the event's schema", s.Schema, err)
		}
	}
	subjects, err := src.Subjects(ctx)
	if err != nil || strings.Join(subjects, ",") != thingSubject {
		t.Errorf("subjects %v, %v; want %s", subjects, err, thingSubject)
	}
}

// TestPartsRefuseIncompatibleSchema: a service whose event's schema is
// incompatible with the one its subject holds does not start, and says
// which subject.
func TestPartsRefuseIncompatibleSchema(t *testing.T) {
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cluster.Close)
	reg := srtest.New()
	t.Cleanup(reg.Close)
	old := `{"type":"object","properties":{"n":{"type":"string"}},"additionalProperties":false}`
	if _, _, err := reg.RegisterSchema(thingSubject, sr.Schema{Schema: old, Type: sr.TypeJSON}); err != nil {
		t.Fatal(err)
	}
	var h handled
	p, _ := newParts(t, &h, cluster.ListenAddrs()...)
	withRegistry(p, reg.URL())
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	err = p.Run(ctx)
	if err == nil || !strings.Contains(err.Error(), "incompatible with the schemas of subject "+thingSubject) {
		t.Fatalf("Run: %v, want a start-up failure naming the subject %s", err, thingSubject)
	}
	if p.Ready.Load() {
		t.Error("the service became ready")
	}
}
