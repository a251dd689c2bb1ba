package identity_test

import (
	"context"
	"testing"

	"eventstorm/platform/identity"
)

func TestContext(t *testing.T) {
	if p, ok := identity.FromContext(context.Background()); ok || !p.IsZero() {
		t.Errorf("FromContext of a bare context: %v, %v; want no one", p, ok)
	}
	want := identity.Principal{Subject: "ada", Roles: []string{"clerk", "customer"}}
	p, ok := identity.FromContext(identity.NewContext(context.Background(), want))
	if !ok || p.Subject != "ada" || !p.HasRole("customer") || p.HasRole("admin") || p.IsZero() {
		t.Errorf("FromContext: %+v, %v; want %+v", p, ok, want)
	}
}
