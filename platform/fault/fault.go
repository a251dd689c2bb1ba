// Package fault holds the errors that stop a command or a query in every
// service, which the HTTP API answers with their statuses: a service's
// domain package names them as its own.
package fault

import "errors"

var (
	// ErrNotFound says that no aggregate or row has the id or key asked
	// for (404).
	ErrNotFound = errors.New("not found")
	// ErrConflict says that the state changed since it was read: retry
	// (409).
	ErrConflict = errors.New("version conflict")
	// ErrExists says that a command would create what exists already
	// (409).
	ErrExists = errors.New("it exists already")
)

// RuleError rejects a command because a business rule does not hold (422).
type RuleError struct {
	// Rule is the rule as written on the board.
	Rule string
}

// Error says which rule the command broke.
func (e *RuleError) Error() string {
	return "rule violated: " + e.Rule
}
