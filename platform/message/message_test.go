package message

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
)

func TestPoison(t *testing.T) {
	cause := errors.New("not the event's JSON")
	poison := Poison(cause)
	cases := []struct {
		name   string
		err    error
		poison bool
	}{
		{name: "nil", err: nil},
		{name: "plain", err: cause},
		{name: "wrapped plain", err: fmt.Errorf("handling: %w", cause)},
		{name: "poison", err: poison, poison: true},
		{name: "wrapped poison", err: fmt.Errorf("handling: %w", poison), poison: true},
		{name: "twice wrapped poison", err: fmt.Errorf("consumer: %w", fmt.Errorf("handling: %w", poison)), poison: true},
		{name: "joined with poison", err: errors.Join(io.EOF, poison), poison: true},
		{name: "poison not wrapped (%v)", err: fmt.Errorf("handling: %v", poison)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := IsPoison(c.err); got != c.poison {
				t.Errorf("IsPoison(%v) = %v, want %v", c.err, got, c.poison)
			}
			var p *PoisonError
			if got := errors.As(c.err, &p); got != c.poison {
				t.Errorf("errors.As(%v, *PoisonError) = %v", c.err, got)
			}
			if c.poison {
				if p.Err != cause {
					t.Errorf("the PoisonError's cause is %v", p.Err)
				}
				if !errors.Is(c.err, cause) {
					t.Errorf("errors.Is(%v, cause) is false", c.err)
				}
			}
		})
	}
	if got := poison.Error(); got != "poison message: not the event's JSON" {
		t.Errorf("Error() = %q", got)
	}
	if got := errors.Unwrap(poison); got != cause {
		t.Errorf("Unwrap = %v, want the cause", got)
	}
	if Poison(cause) == Poison(cause) {
		t.Error("Poison returned the same error twice")
	}
}

// TestPoisonNil checks that Poison(nil) is poison and says so, with no
// cause to unwrap.
func TestPoisonNil(t *testing.T) {
	err := Poison(nil)
	if !IsPoison(err) {
		t.Error("Poison(nil) is not poison")
	}
	if got := err.Error(); got != "poison message" {
		t.Errorf("Error() = %q, want %q", got, "poison message")
	}
	if got := fmt.Errorf("handling: %w", err).Error(); got != "handling: poison message" {
		t.Errorf("wrapped: %q", got)
	}
	if got := errors.Unwrap(err); got != nil {
		t.Errorf("Unwrap = %v, want nil", got)
	}
}

func TestDiscard(t *testing.T) {
	var publish Publisher = Discard
	if err := publish(context.Background(), []Message{{ID: "1"}}); err != nil {
		t.Error(err)
	}
	if err := publish(context.Background(), nil); err != nil {
		t.Error(err)
	}
}
