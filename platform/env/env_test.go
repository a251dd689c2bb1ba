package env

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestEnv(t *testing.T) {
	t.Setenv("ES_S", "")
	if got := String("ES_S", "def"); got != "def" {
		t.Errorf("String unset = %q", got)
	}
	t.Setenv("ES_S", "v")
	if got := String("ES_S", "def"); got != "v" {
		t.Errorf("String = %q", got)
	}
	t.Setenv("ES_L", " a, ,b ,")
	if got := List("ES_L"); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("List = %q", got)
	}
	for value, want := range map[string]int{"": 3, "1": 1, "10": 10, "0": -1, "11": -1, "x": -1} {
		t.Setenv("ES_I", value)
		n, err := Int("ES_I", 3, 1, 10)
		switch {
		case want < 0 && (err == nil || !strings.Contains(err.Error(), "ES_I=")):
			t.Errorf("Int(%q): %d, %v; want an error naming ES_I", value, n, err)
		case want >= 0 && (err != nil || n != want):
			t.Errorf("Int(%q) = %d, %v; want %d", value, n, err, want)
		}
	}
	t.Setenv("ES_D", "2s")
	if d, err := Duration("ES_D", time.Second, time.Second, time.Minute); err != nil || d != 2*time.Second {
		t.Errorf("Duration = %v, %v", d, err)
	}
	t.Setenv("ES_D", "2h")
	if _, err := Duration("ES_D", time.Second, time.Second, time.Minute); err == nil {
		t.Error("Duration out of bounds accepted")
	}
}
