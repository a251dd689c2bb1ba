// Package tbspy runs test helpers against a testing.TB that records their
// failures instead of failing the test, so that the runtime's test helpers
// can be checked to fail.
package tbspy

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// spy is a testing.TB that records failures; Fatal ends the helper's
// goroutine as testing's does.
type spy struct {
	testing.TB
	mu     sync.Mutex
	failed []string
}

func (s *spy) Helper() {}

func (s *spy) Errorf(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failed = append(s.failed, fmt.Sprintf(format, args...))
}

func (s *spy) Error(args ...any) { s.Errorf("%s", fmt.Sprint(args...)) }

func (s *spy) Fatalf(format string, args ...any) {
	s.Errorf(format, args...)
	runtime.Goexit()
}

func (s *spy) Fatal(args ...any) { s.Fatalf("%s", fmt.Sprint(args...)) }

// Failures runs check with a spy and returns what it reported. What check
// registers with Cleanup runs when t ends.
func Failures(t *testing.T, check func(tb testing.TB)) []string {
	t.Helper()
	s := &spy{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		check(s)
	}()
	<-done
	return s.failed
}

// Want fails t unless check fails with a message containing want, or does
// not fail when want is empty.
func Want(t *testing.T, want string, check func(tb testing.TB)) {
	t.Helper()
	failed := Failures(t, check)
	switch {
	case want == "" && len(failed) > 0:
		t.Errorf("failed: %q, want no failure", failed)
	case want != "" && (len(failed) == 0 || !strings.Contains(strings.Join(failed, "\n"), want)):
		t.Errorf("failed: %q, want a failure containing %q", failed, want)
	}
}
