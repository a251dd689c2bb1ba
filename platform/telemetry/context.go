package telemetry

import (
	"context"
	"crypto/rand"
	"encoding/hex"
)

// The work a request or an event starts carries two ids beside its trace,
// in its context, in its log lines and in the events it records:
//
//   - the correlation id names the whole piece of work: the one a caller
//     sent in the X-Correlation-ID header, or a new one, kept by every event
//     recorded for it and by the work those events cause, policies
//     included (CloudEvents extension correlationid, header
//     ce_correlationid);
//   - the causation id is the id of the event whose handling did the work
//     (extension causationid, header ce_causationid); empty for work an
//     HTTP request started.

// idsKey is the context key of the ids: one value for both, so that the
// consumer, which sets both for every event, allocates once.
type idsKey struct{}

type ids struct{ correlation, causation string }

func idsOf(ctx context.Context) ids {
	v, _ := ctx.Value(idsKey{}).(*ids)
	if v == nil {
		return ids{}
	}
	return *v
}

// WithCorrelationID returns ctx carrying the correlation id; an empty id
// leaves ctx as it is.
func WithCorrelationID(ctx context.Context, id string) context.Context {
	if id == "" {
		return ctx
	}
	v := idsOf(ctx)
	v.correlation = id
	return context.WithValue(ctx, idsKey{}, &v)
}

// CorrelationID is the correlation id ctx carries, "" without one.
func CorrelationID(ctx context.Context) string {
	return idsOf(ctx).correlation
}

// WithCausationID returns ctx carrying the id of the event whose handling
// runs in it; an empty id leaves ctx as it is.
func WithCausationID(ctx context.Context, eventID string) context.Context {
	if eventID == "" {
		return ctx
	}
	v := idsOf(ctx)
	v.causation = eventID
	return context.WithValue(ctx, idsKey{}, &v)
}

// WithCause returns ctx carrying both ids at once: the correlation id and
// the id of the event whose handling runs in it. An empty id keeps the one
// ctx carries.
func WithCause(ctx context.Context, correlationID, eventID string) context.Context {
	if correlationID == "" && eventID == "" {
		return ctx
	}
	v := idsOf(ctx)
	if correlationID != "" {
		v.correlation = correlationID
	}
	if eventID != "" {
		v.causation = eventID
	}
	return context.WithValue(ctx, idsKey{}, &v)
}

// CausationID is the id of the event whose handling ctx carries, "" without
// one.
func CausationID(ctx context.Context) string {
	return idsOf(ctx).causation
}

// NewCorrelationID returns a new random correlation id: 32 hexadecimal
// digits.
func NewCorrelationID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails
	return hex.EncodeToString(b)
}

// MaxCorrelationID bounds the length of a correlation id a caller sends.
const MaxCorrelationID = 128

// ValidCorrelationID reports whether id may be taken from a caller: 1 to
// MaxCorrelationID printable ASCII characters (space to tilde).
func ValidCorrelationID(id string) bool {
	if id == "" || len(id) > MaxCorrelationID {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < ' ' || id[i] > '~' {
			return false
		}
	}
	return true
}
