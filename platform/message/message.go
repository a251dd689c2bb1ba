// Package message holds events in transit between services: a Message is a
// domain event as JSON with its CloudEvents attributes, whatever carries it
// (the in-process bus or Kafka).
package message

import (
	"context"
	"errors"
	"time"
)

// Message is an event in transit, in CloudEvents binary mode: the attributes
// travel as headers and Data is the event's JSON.
type Message struct {
	// ID is the event's id (ce_id); consumers use it to skip redeliveries.
	ID string
	// Type names the event (ce_type), e.g. shop.ordering.order-placed.
	Type string
	// Source names the service that published it (ce_source).
	Source string
	// Time is when the event occurred (ce_time).
	Time time.Time
	// Topic is where the event is published: one topic per aggregate type.
	Topic string
	// Key is the aggregate's id, which keeps one aggregate's events in order.
	Key string
	// Data is the event as JSON.
	Data []byte
	// DataSchema names the JSON Schema of the version of the event that
	// Data holds (ce_dataschema), e.g. events/shop.ordering.order-placed.v2.json;
	// empty for version 1 of an event that has never had another version.
	// See Version.
	DataSchema string
	// IssuedBy is the subject of the caller whose command recorded the
	// event (ce_issuedby); empty when the API authenticates no one or a
	// policy issued the command.
	IssuedBy string
	// TraceParent and TraceState are the W3C trace context of the work
	// that recorded the event (the CloudEvents distributed tracing
	// extension: headers traceparent and tracestate), whose trace its
	// publication and handling continue; empty without a trace.
	TraceParent, TraceState string
	// CorrelationID names the piece of work the event belongs to, kept by
	// every event it causes (ce_correlationid); CausationID is the id of
	// the event whose handling recorded this one, empty for one a request
	// recorded (ce_causationid). See package telemetry.
	CorrelationID, CausationID string
}

// Handler handles a message. An error that is or wraps a *PoisonError (see
// Poison) says the message can never be handled: it goes to the dead-letter
// topic. Any other error is transient (a database or network down, a
// timeout): the message is handled again, later, until it succeeds.
type Handler func(ctx context.Context, m Message) error

// Publisher publishes messages in order, all or none: on an error the caller
// sends them all again, and consumers skip what they already handled.
type Publisher func(ctx context.Context, msgs []Message) error

// PoisonError wraps the reason a message can never be handled, such as a
// body that is not the event's JSON: retrying it is pointless, so it goes to
// the dead-letter topic at once.
type PoisonError struct {
	Err error
}

// Error describes why the message cannot be handled. A PoisonError without
// a cause (Poison(nil)) says only that the message is poison.
func (e *PoisonError) Error() string {
	if e.Err == nil {
		return "poison message"
	}
	return "poison message: " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *PoisonError) Unwrap() error {
	return e.Err
}

// Poison marks err as the reason a message can never be handled. Poison(nil)
// is still poison, with no cause to tell.
func Poison(err error) error {
	return &PoisonError{Err: err}
}

// IsPoison reports whether err, or an error it wraps, is a *PoisonError.
func IsPoison(err error) bool {
	var p *PoisonError
	return errors.As(err, &p)
}

// Discard is the Publisher of a service with no broker and no reader of its
// own events: it drops them.
func Discard(context.Context, []Message) error {
	return nil
}
