package stamp

import (
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestFixedCountsIDsAndStopsTheClock(t *testing.T) {
	at := time.Date(2026, time.November, 24, 9, 30, 0, 0, time.UTC)
	s := Fixed(at)
	for i, want := range []string{
		"00000000-0000-0000-0000-000000000001",
		"00000000-0000-0000-0000-000000000002",
	} {
		if got := s.NewID().String(); got != want {
			t.Errorf("id %d = %s, want %s", i+1, got, want)
		}
		if !s.Now().Equal(at) {
			t.Errorf("Now() = %v, want %v", s.Now(), at)
		}
	}
	if again := Fixed(at).NewID().String(); again != "00000000-0000-0000-0000-000000000001" {
		t.Errorf("a new Fixed stamp starts at %s, want 1", again)
	}
}

func TestSystemIsUTCAndRandom(t *testing.T) {
	s := System()
	if loc := s.Now().Location(); loc != time.UTC {
		t.Errorf("Now() is in %v, want UTC", loc)
	}
	a, b := s.NewID(), s.NewID()
	if a == b || a.Version() != 4 || a == uuid.Nil {
		t.Errorf("ids %s and %s: want two different version 4 ids", a, b)
	}
}
