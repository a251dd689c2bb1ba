package message

import (
	"errors"
	"fmt"
)

// PublishError is the error of a publication that failed for some of its
// messages only: Errs[i] is the error of the i-th message given, nil for one
// that was published. A Publisher returns it so that its caller sends again
// only the messages that failed, never their neighbours.
type PublishError struct {
	Errs []error
}

// Error says how many messages failed, and the first reason.
func (e *PublishError) Error() string {
	failed := 0
	var first error
	for _, err := range e.Errs {
		if err != nil {
			failed++
			if first == nil {
				first = err
			}
		}
	}
	return fmt.Sprintf("%d of %d messages not published: %v", failed, len(e.Errs), first)
}

// Unwrap returns the messages' errors.
func (e *PublishError) Unwrap() []error {
	var errs []error
	for _, err := range e.Errs {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// Results returns each message's error after a publication of n messages
// returned err: nil when err is nil, the errors of a *PublishError of n
// messages, else err for every message (the publication failed whole).
func Results(err error, n int) []error {
	if err == nil {
		return nil
	}
	var pe *PublishError
	if errors.As(err, &pe) && len(pe.Errs) == n {
		return pe.Errs
	}
	errs := make([]error, n)
	for i := range errs {
		errs[i] = err
	}
	return errs
}

// RefusedError wraps the reason a broker refuses a message for good, such
// as a record larger than it accepts: publishing it again is pointless, so
// the outbox parks it with this reason instead of retrying it.
type RefusedError struct {
	Err error
}

// Error says why the broker refuses the message.
func (e *RefusedError) Error() string {
	if e.Err == nil {
		return "refused by the broker"
	}
	return "refused by the broker: " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *RefusedError) Unwrap() error {
	return e.Err
}

// Refused marks err as the reason a broker refuses a message for good.
func Refused(err error) error {
	return &RefusedError{Err: err}
}

// IsRefused reports whether err, or an error it wraps, is a *RefusedError.
func IsRefused(err error) bool {
	var r *RefusedError
	return errors.As(err, &r)
}

// MaxSize bounds the size of a message (Size) that a service records: a
// Kafka client sends records of at most 1,000,012 bytes in a batch by
// default, and a broker accepts 1 MiB per topic, so a larger event could
// never be published. The outboxes refuse to record one (TooLargeError),
// and the command that would record it fails with 413 before anything is
// stored.
const MaxSize = 1_000_000

// Size is how many bytes m takes in a Kafka record: its data, key and
// CloudEvents attributes, with room for the headers' names and the record's
// framing.
func (m Message) Size() int {
	const framing = 240 // header names, time, spec version, content type, varints
	return len(m.Data) + len(m.Key) + len(m.ID) + len(m.Type) + len(m.Source) + len(m.IssuedBy) +
		len(m.TraceParent) + len(m.TraceState) + len(m.CorrelationID) + len(m.CausationID) + framing
}

// TooLargeError says that an event is larger than MaxSize, so no broker
// would take it.
type TooLargeError struct {
	// Type is the event's type; Size and Limit are its size and MaxSize,
	// in bytes.
	Type        string
	Size, Limit int
}

// Error says how large the event is.
func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the event %s would be %d bytes, more than the %d a broker accepts", e.Type, e.Size, e.Limit)
}

// CheckSize returns a *TooLargeError for the first message larger than
// MaxSize, nil when they all fit.
func CheckSize(msgs []Message) error {
	for _, m := range msgs {
		if n := m.Size(); n > MaxSize {
			return &TooLargeError{Type: m.Type, Size: n, Limit: MaxSize}
		}
	}
	return nil
}
