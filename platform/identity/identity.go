// Package identity says who issued a command: the authenticated caller of
// the HTTP API, carried in a request's context to the command, where the
// domain's hooks can read it and its events record it. It depends on
// nothing, so that the domain can use it.
package identity

import (
	"context"
	"slices"
)

// Principal is an authenticated caller. The zero Principal is no one: the
// API authenticates no one (AUTH_MODE=none), or a policy issued the
// command.
type Principal struct {
	// Subject is the caller's id: a bearer token's sub.
	Subject string
	// Roles are the roles the caller has.
	Roles []string
}

// HasRole reports whether the caller has the role.
func (p Principal) HasRole(role string) bool { return slices.Contains(p.Roles, role) }

// IsZero reports whether p is no one.
func (p Principal) IsZero() bool { return p.Subject == "" && len(p.Roles) == 0 }

type principalKey struct{}

// NewContext returns ctx carrying the caller p.
func NewContext(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext is the caller ctx carries, if it was authenticated; the zero
// Principal otherwise.
func FromContext(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}
