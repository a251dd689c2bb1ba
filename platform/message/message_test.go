package message

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestPoison(t *testing.T) {
	cause := errors.New("not JSON")
	err := fmt.Errorf("handling: %w", Poison(cause))
	if !IsPoison(err) || !errors.Is(err, cause) {
		t.Errorf("IsPoison=%v Is(cause)=%v for %v", IsPoison(err), errors.Is(err, cause), err)
	}
	if IsPoison(cause) || IsPoison(nil) {
		t.Error("a plain error or nil is poison")
	}
	if err := Discard(context.Background(), []Message{{ID: "1"}}); err != nil {
		t.Error(err)
	}
}
