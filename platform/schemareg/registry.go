package schemareg

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/sr"

	"eventstorm/platform/message"
)

// Schema is one version of an event's JSON Schema, registered under its
// subject.
type Schema struct {
	// Topic is the topic the event is published to.
	Topic string
	// Record is the event's name in the subject: its ce_type.
	Record string
	// Version is the event's version, from 1; the highest registered of
	// an event is the one its records are published with.
	Version int
	// JSON is the JSON Schema document.
	JSON string
	// Compatibility is the subject's compatibility level; empty for
	// Config.Compatibility.
	Compatibility string
}

// Subject is the schema's subject: Subject(Topic, Record) for version 1,
// with ".v<version>" after it for a later version. An event's version is a
// change its readers could not decode (eventstorm's upcasters convert it),
// which a registry's compatibility check would refuse under one subject:
// each version gets its own, whose compatibility guards the changes made
// within that version. Version 1 keeps the subject of an event without
// versions, so giving an event a second version moves nothing registered.
func (s Schema) Subject() string {
	if s.Version > 1 {
		return Subject(s.Topic, s.Record) + ".v" + strconv.Itoa(s.Version)
	}
	return Subject(s.Topic, s.Record)
}

// Subject is the subject of the events with the ce_type record on topic, by
// the TopicRecordNameStrategy: <topic>-<record>.
func Subject(topic, record string) string {
	return topic + "-" + record
}

// event names an event on a topic.
type event struct{ topic, record string }

// Registry is a service's connection to the schema registry, once its
// schemas are registered: it encodes the values it publishes and decodes
// those it reads. It is safe for concurrent use.
type Registry struct {
	cl      *sr.Client
	timeout time.Duration
	// ids are the ids of the events' highest versions; fixed once open.
	ids map[event]uint32
	// known are the ids found to be JSON schemas: those registered, and
	// those looked up.
	mu    sync.RWMutex
	known map[uint32]bool
}

// Client is a client of the registry cfg names, each request bounded by
// cfg.Timeout.
func Client(cfg Config) (*sr.Client, error) {
	timeout := cmp.Or(cfg.Timeout, DefaultTimeout)
	opts := []sr.ClientOpt{sr.URLs(cfg.URLs...), sr.HTTPClient(&http.Client{Timeout: timeout}), sr.UserAgent("eventstorm")}
	if cfg.Username != "" {
		opts = append(opts, sr.BasicAuth(cfg.Username, cfg.Password))
	}
	if cfg.TLS != nil {
		opts = append(opts, sr.DialTLSConfig(cfg.TLS.Clone()))
	}
	cl, err := sr.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("schema registry: %w", err)
	}
	return cl, nil
}

// Open registers schemas with the registry cfg names (see Register) and
// returns the Registry that encodes and decodes with them.
func Open(ctx context.Context, cfg Config, schemas []Schema, logger *slog.Logger) (*Registry, error) {
	cl, err := Client(cfg)
	if err != nil {
		return nil, err
	}
	ids, err := Register(ctx, cl, cfg, schemas, logger)
	if err != nil {
		return nil, err
	}
	r := &Registry{cl: cl, timeout: cmp.Or(cfg.Timeout, DefaultTimeout), ids: map[event]uint32{}, known: map[uint32]bool{}}
	for i, s := range sorted(schemas) {
		// Sorted by version: the highest comes last and wins.
		r.ids[event{s.Topic, s.Record}] = ids[i]
		r.known[ids[i]] = true
	}
	return r, nil
}

// sorted is schemas by subject, then version.
func sorted(schemas []Schema) []Schema {
	return slices.SortedStableFunc(slices.Values(schemas), func(a, b Schema) int {
		return cmp.Or(cmp.Compare(a.Topic, b.Topic), cmp.Compare(a.Record, b.Record), cmp.Compare(a.Version, b.Version))
	})
}

// Register sets each subject's compatibility level, then registers its
// schemas, by version, and returns their ids in the order of sorted
// schemas (by subject, then version). A schema the registry refuses as
// incompatible with those it holds is an error naming the subject, the
// version and the level: a service does not start with it. The whole
// registration is bounded by cfg.Timeout per request.
func Register(ctx context.Context, cl *sr.Client, cfg Config, schemas []Schema, logger *slog.Logger) ([]uint32, error) {
	schemas = sorted(schemas)
	ids := make([]uint32, len(schemas))
	for i, s := range schemas {
		level := cmp.Or(s.Compatibility, cfg.Compatibility, DefaultCompatibility)
		if i == 0 || s.Subject() != schemas[i-1].Subject() {
			if err := setCompatibility(ctx, cl, s.Subject(), level); err != nil {
				return nil, err
			}
		}
		id, err := cl.RegisterSchema(ctx, s.Subject(), sr.Schema{Schema: s.JSON, Type: sr.TypeJSON}, -1, -1)
		if err != nil {
			var re *sr.ResponseError
			if errors.As(err, &re) && re.StatusCode == http.StatusConflict {
				return nil, fmt.Errorf("schema registry: version %d of %s is incompatible with the schemas of subject %s (compatibility %s): %w", s.Version, s.Record, s.Subject(), level, err)
			}
			return nil, fmt.Errorf("schema registry: registering version %d of %s under subject %s: %w", s.Version, s.Record, s.Subject(), err)
		}
		if id < 0 || id > 1<<32-1 {
			return nil, fmt.Errorf("schema registry: subject %s: the registry answered the id %d, which the wire format cannot carry", s.Subject(), id)
		}
		ids[i] = uint32(id)
		if logger != nil {
			logger.Info("schema registered", "subject", s.Subject(), "version", s.Version, "id", id, "compatibility", level)
		}
	}
	return ids, nil
}

// setCompatibility sets subject's compatibility level.
func setCompatibility(ctx context.Context, cl *sr.Client, subject, level string) error {
	var lvl sr.CompatibilityLevel
	if err := lvl.UnmarshalText([]byte(level)); err != nil {
		return fmt.Errorf("schema registry: subject %s: compatibility %q: %w", subject, level, err)
	}
	for _, r := range cl.SetCompatibility(ctx, sr.SetCompatibility{Level: lvl}, subject) {
		if r.Err != nil {
			return fmt.Errorf("schema registry: setting the compatibility of subject %s to %s: %w", subject, level, r.Err)
		}
	}
	return nil
}

// magic is the first byte of a value in the wire format.
const magic = 0

// headerLen is the length of the wire format's header: the magic byte and
// the schema id.
const headerLen = 5

// Encode is value, the JSON of an event of the ce_type typ published to
// topic, in the wire format: the magic byte, the id of the event's highest
// registered version, big-endian, then value. An event with no registered
// schema is an error.
func (r *Registry) Encode(topic, typ string, value []byte) ([]byte, error) {
	id, ok := r.ids[event{topic, typ}]
	if !ok {
		return nil, fmt.Errorf("schema registry: no schema is registered for %s on %s (subject %s)", typ, topic, Subject(topic, typ))
	}
	out := make([]byte, headerLen, headerLen+len(value))
	out[0] = magic
	binary.BigEndian.PutUint32(out[1:headerLen], id)
	return append(out, value...), nil
}

// Decode is the JSON of value, read in the wire format, checking that the
// registry knows its schema id as a JSON schema (looked up once per id,
// within the timeout). A value that does not start with the magic byte is
// plain JSON, as a producer without a registry publishes it, and is
// returned as it is. A value too short for the header, or whose id the
// registry does not know or knows as another kind of schema, is poison
// (message.Poison); a failed lookup (the registry down, a timeout) is
// transient: the record is to be retried.
func (r *Registry) Decode(ctx context.Context, value []byte) ([]byte, error) {
	if len(value) == 0 || value[0] != magic {
		return value, nil
	}
	if len(value) < headerLen {
		return nil, message.Poison(fmt.Errorf("schema registry: the value starts with the magic byte 0 but is %d bytes, shorter than the 5-byte header", len(value)))
	}
	id := binary.BigEndian.Uint32(value[1:headerLen])
	r.mu.RLock()
	known := r.known[id]
	r.mu.RUnlock()
	if !known {
		if err := r.lookUp(ctx, id); err != nil {
			return nil, err
		}
	}
	return value[headerLen:], nil
}

// lookUp checks that the registry holds id as a JSON schema and notes it
// known.
func (r *Registry) lookUp(ctx context.Context, id uint32) error {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	s, err := r.cl.SchemaByID(ctx, int(id))
	if err != nil {
		var re *sr.ResponseError
		if errors.As(err, &re) && re.StatusCode == http.StatusNotFound {
			return message.Poison(fmt.Errorf("schema registry: the value's schema id %d is not in the registry: %w", id, err))
		}
		return fmt.Errorf("schema registry: looking up schema id %d: %w", id, err)
	}
	if s.Type != sr.TypeJSON {
		return message.Poison(fmt.Errorf("schema registry: the value's schema id %d is a %s schema, not JSON", id, s.Type))
	}
	r.mu.Lock()
	r.known[id] = true
	r.mu.Unlock()
	return nil
}
