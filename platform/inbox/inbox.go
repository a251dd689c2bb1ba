// Package inbox keeps the ids of the events a service handled, with their
// effect, so that a redelivered event is recognised and skipped: in memory,
// or in the table eventstorm_inbox in the transaction of the effect.
package inbox

import "context"

// Inbox runs the handling of events at most once per event id.
type Inbox interface {
	// Handle runs fn, the handling of the event with the id, and records
	// the id with fn's effect, unless the id was recorded before; it
	// reports whether fn ran and succeeded.
	Handle(ctx context.Context, id string, fn func(ctx context.Context) error) (bool, error)
	// Batch runs fn, which handles several events, so that their effects
	// and ids are stored together or not at all (in one transaction, in a
	// database).
	Batch(ctx context.Context, fn func(ctx context.Context) error) error
}
