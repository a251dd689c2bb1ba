package schemareg

import (
	"context"
	"encoding/binary"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/sr"

	"eventstorm/platform/internal/srtest"
	"eventstorm/platform/message"
)

// The schemas of the tests: version 1 of an event, version 2 with an
// optional property added (backward compatible), and a version with a
// required property added (not).
const (
	placedV1     = `{"type":"object","properties":{"orderId":{"type":"string"}},"required":["orderId"],"additionalProperties":false}`
	placedV2     = `{"type":"object","properties":{"orderId":{"type":"string"},"note":{"type":"string"}},"required":["orderId"],"additionalProperties":false}`
	placedBroken = `{"type":"object","properties":{"orderId":{"type":"string"},"total":{"type":"string"}},"required":["orderId","total"],"additionalProperties":false}`
	cancelled    = `{"type":"object","properties":{"orderId":{"type":"string"}},"required":["orderId"]}`
)

const (
	topic       = "shop.ordering.order"
	placedType  = "shop.ordering.order-placed"
	cancelType  = "shop.ordering.order-cancelled"
	placedSubj  = "shop.ordering.order-shop.ordering.order-placed"
	cancelSubj  = "shop.ordering.order-shop.ordering.order-cancelled"
	testTimeout = 5 * time.Second
)

// TestOpen registers schemas with the fake registry and checks the ids
// records are framed with, the subjects' compatibility, and the refusal of
// an incompatible schema.
func TestOpen(t *testing.T) {
	cases := []struct {
		name    string
		seed    map[string]string // subject -> schema registered before
		schemas []Schema
		compat  map[string]sr.CompatibilityLevel
		// framed is the schema each event's records are framed with.
		framed map[string]string
		err    string
	}{
		{
			name:    "one version each",
			schemas: []Schema{{Topic: topic, Record: placedType, Version: 1, JSON: placedV1}, {Topic: topic, Record: cancelType, Version: 1, JSON: cancelled, Compatibility: "FULL"}},
			compat:  map[string]sr.CompatibilityLevel{placedSubj: sr.CompatBackward, cancelSubj: sr.CompatFull},
			framed:  map[string]string{placedType: placedV1, cancelType: cancelled},
		},
		{
			// A new version of an event is a change its readers cannot
			// decode: under its own subject it is not checked against the
			// earlier version's.
			name:    "the highest version frames, under its own subject",
			schemas: []Schema{{Topic: topic, Record: placedType, Version: 2, JSON: placedBroken}, {Topic: topic, Record: placedType, Version: 1, JSON: placedV1}},
			compat:  map[string]sr.CompatibilityLevel{placedSubj: sr.CompatBackward, placedSubj + ".v2": sr.CompatBackward},
			framed:  map[string]string{placedType: placedBroken},
		},
		{
			name:    "compatible with what the subject holds",
			seed:    map[string]string{placedSubj: placedV1},
			schemas: []Schema{{Topic: topic, Record: placedType, Version: 1, JSON: placedV2}},
			framed:  map[string]string{placedType: placedV2},
		},
		{
			name:    "incompatible with what the version's subject holds",
			seed:    map[string]string{placedSubj + ".v2": placedV1},
			schemas: []Schema{{Topic: topic, Record: placedType, Version: 2, JSON: placedBroken}},
			err:     "version 2 of shop.ordering.order-placed is incompatible with the schemas of subject " + placedSubj + ".v2 (compatibility BACKWARD)",
		},
		{
			name:    "incompatible with what the subject holds",
			seed:    map[string]string{placedSubj: placedV1},
			schemas: []Schema{{Topic: topic, Record: placedType, Version: 1, JSON: placedBroken}},
			err:     "version 1 of shop.ordering.order-placed is incompatible with the schemas of subject " + placedSubj + " (compatibility BACKWARD)",
		},
		{
			name:    "incompatible but the level is NONE",
			seed:    map[string]string{placedSubj: placedV1},
			schemas: []Schema{{Topic: topic, Record: placedType, Version: 1, JSON: placedBroken, Compatibility: "NONE"}},
			compat:  map[string]sr.CompatibilityLevel{placedSubj: sr.CompatNone},
			framed:  map[string]string{placedType: placedBroken},
		},
		{
			name:    "an unknown level",
			schemas: []Schema{{Topic: topic, Record: placedType, Version: 1, JSON: placedV1, Compatibility: "SIDEWAYS"}},
			err:     "subject " + placedSubj + ": compatibility \"SIDEWAYS\"",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			reg := srtest.New()
			defer reg.Close()
			for subject, s := range c.seed {
				if _, _, err := reg.RegisterSchema(subject, sr.Schema{Schema: s, Type: sr.TypeJSON}); err != nil {
					t.Fatal(err)
				}
			}
			ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
			defer cancel()
			r, err := Open(ctx, Config{URLs: []string{reg.URL()}, Compatibility: DefaultCompatibility}, c.schemas, nil)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("Open: %v, want an error saying %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			cl, _ := sr.NewClient(sr.URLs(reg.URL()))
			for typ, want := range c.framed {
				framedAs(t, ctx, r, cl, typ, want)
			}
			for subject, want := range c.compat {
				got := cl.Compatibility(ctx, subject)
				if got[0].Err != nil || got[0].Level != want {
					t.Errorf("compatibility of %s: %v %v, want %v", subject, got[0].Level, got[0].Err, want)
				}
			}
		})
	}
}

// framedAs checks that r frames the records of typ with the id of the
// schema want, and that decoding takes the frame off.
func framedAs(t *testing.T, ctx context.Context, r *Registry, cl *sr.Client, typ, want string) {
	t.Helper()
	value := []byte(`{"orderId":"o-1"}`)
	framed, err := r.Encode(topic, typ, value)
	if err != nil {
		t.Fatal(err)
	}
	if len(framed) != len(value)+5 || framed[0] != 0 || string(framed[5:]) != string(value) {
		t.Fatalf("Encode(%s) = %q, want the magic byte, an id, then the JSON", typ, framed)
	}
	got, err := cl.SchemaByID(ctx, int(binary.BigEndian.Uint32(framed[1:5])))
	if err != nil || got.Schema != want || got.Type != sr.TypeJSON {
		t.Errorf("%s is framed with the schema %q (%v), want %q", typ, got.Schema, err, want)
	}
	decoded, err := r.Decode(ctx, framed)
	if err != nil || string(decoded) != string(value) {
		t.Errorf("Decode = %q, %v; want %q", decoded, err, value)
	}
}

// frame is value in the wire format with the schema id.
func frame(id uint32, value string) []byte {
	b := []byte{0, 0, 0, 0, 0}
	binary.BigEndian.PutUint32(b[1:], id)
	return append(b, value...)
}

// TestDecode reads values framed with known, foreign, unknown and non-JSON
// schema ids, short ones and plain JSON.
func TestDecode(t *testing.T) {
	reg := srtest.New()
	defer reg.Close()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	r, err := Open(ctx, Config{URLs: []string{reg.URL()}}, []Schema{{Topic: topic, Record: placedType, Version: 1, JSON: placedV1}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	own := r.ids[event{topic, placedType}]
	foreign, _, err := reg.RegisterSchema("other-value", sr.Schema{Schema: cancelled, Type: sr.TypeJSON})
	if err != nil {
		t.Fatal(err)
	}
	avro, _, err := reg.RegisterSchema("avro-value", sr.Schema{Schema: `{"type":"record","name":"A","fields":[]}`, Type: sr.TypeAvro})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		value  []byte
		want   string
		poison string // a poison error saying it; "" for none
	}{
		{name: "its own schema", value: frame(own, `{"orderId":"a"}`), want: `{"orderId":"a"}`},
		{name: "a schema another service registered", value: frame(uint32(foreign), `{"orderId":"b"}`), want: `{"orderId":"b"}`},
		{name: "plain JSON", value: []byte(`{"orderId":"c"}`), want: `{"orderId":"c"}`},
		{name: "an empty header", value: frame(own, ``), want: ``},
		{name: "an unknown id", value: frame(9999, `{}`), poison: "schema id 9999 is not in the registry"},
		{name: "an Avro schema", value: frame(uint32(avro), `{}`), poison: "is a AVRO schema, not JSON"},
		{name: "too short", value: []byte{0, 0, 1}, poison: "shorter than the 5-byte header"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := r.Decode(ctx, c.value)
			if c.poison != "" {
				if !message.IsPoison(err) || !strings.Contains(err.Error(), c.poison) {
					t.Fatalf("Decode: %v, want poison saying %q", err, c.poison)
				}
				return
			}
			if err != nil || string(got) != c.want {
				t.Fatalf("Decode = %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

// TestDecodeRegistryDown checks that a lookup the registry fails (an error
// status, a refused connection, a timeout) is transient, never poison, and
// that the id is found once the registry is back.
func TestDecodeRegistryDown(t *testing.T) {
	reg := srtest.New()
	defer reg.Close()
	id, _, err := reg.RegisterSchema("s-value", sr.Schema{Schema: cancelled, Type: sr.TypeJSON})
	if err != nil {
		t.Fatal(err)
	}
	var mode atomic.Value
	mode.Store("")
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		switch mode.Load() {
		case "500":
			http.Error(w, `{"error_code":50001,"message":"store down"}`, http.StatusInternalServerError)
		case "slow":
			<-req.Context().Done()
		default:
			reg.Handler().ServeHTTP(w, req)
		}
	}))
	defer proxy.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	for _, c := range []struct{ name, mode, url string }{
		{"an error status", "500", proxy.URL},
		{"a timeout", "slow", proxy.URL},
		{"no registry", "", closed.URL},
	} {
		t.Run(c.name, func(t *testing.T) {
			mode.Store(c.mode)
			cl, err := Client(Config{URLs: []string{c.url}, Timeout: 200 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			r := &Registry{cl: cl, timeout: 200 * time.Millisecond, known: map[uint32]bool{}}
			_, err = r.Decode(context.Background(), frame(uint32(id), `{}`))
			if err == nil || message.IsPoison(err) {
				t.Fatalf("Decode with the registry failing: %v, want a transient error", err)
			}
			mode.Store("")
			r.cl, _ = Client(Config{URLs: []string{proxy.URL}, Timeout: time.Second})
			if got, err := r.Decode(context.Background(), frame(uint32(id), `{}`)); err != nil || string(got) != `{}` {
				t.Fatalf("Decode once the registry is back = %q, %v", got, err)
			}
		})
	}
}

// TestEncodeUnknown checks that an event with no registered schema is an
// error naming its subject.
func TestEncodeUnknown(t *testing.T) {
	r := &Registry{ids: map[event]uint32{}}
	_, err := r.Encode(topic, placedType, []byte(`{}`))
	if err == nil || !strings.Contains(err.Error(), placedSubj) {
		t.Fatalf("Encode: %v, want an error naming %s", err, placedSubj)
	}
}
