package database_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"eventstorm/platform/database"
)

// TestUnavailableConnClosed: pgx answers "conn closed" for a statement on a
// connection cut under a transaction (TestFaults saw it answered 500 when
// the network to PostgreSQL was cut); it is an outage, answered 503.
func TestUnavailableConnClosed(t *testing.T) {
	if !database.Unavailable(fmt.Errorf("commit: %w", pgconn.ErrConnClosed)) {
		t.Error("pgconn.ErrConnClosed is not unavailable")
	}
	if database.Unavailable(errors.New("amount must be positive")) {
		t.Error("a rule's error is unavailable")
	}
}
