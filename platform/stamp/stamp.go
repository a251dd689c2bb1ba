// Package stamp tells use cases the time new events occur at and makes the
// ids of new aggregates and events: the system's clock and random ids in
// production, a stopped clock and counted ids in tests, so that what a test
// records is the same on every run.
package stamp

import (
	"encoding/binary"
	"time"

	"github.com/google/uuid"
)

// Stamp is a clock and an id maker.
type Stamp struct {
	// Now is the time new events occur at.
	Now func() time.Time
	// NewID makes the id of a new aggregate or event.
	NewID func() uuid.UUID
}

// System is the system's clock, in UTC, and random (version 4) ids.
func System() Stamp {
	return Stamp{NewID: uuid.New, Now: func() time.Time { return time.Now().UTC() }}
}

// Fixed is a clock stopped at at and ids counted from 1
// (00000000-0000-0000-0000-000000000001, ...), for tests. It is not safe for
// concurrent use.
func Fixed(at time.Time) Stamp {
	var n uint64
	return Stamp{
		Now: func() time.Time { return at },
		NewID: func() uuid.UUID {
			n++
			var id uuid.UUID
			binary.BigEndian.PutUint64(id[8:], n)
			return id
		},
	}
}
