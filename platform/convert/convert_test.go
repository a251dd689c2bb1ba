package convert

import (
	"slices"
	"strconv"
	"testing"
)

func TestPtr(t *testing.T) {
	if got := Ptr[int, string](nil, strconv.Itoa); got != nil {
		t.Errorf("Ptr(nil) = %v, want nil", *got)
	}
	n := 42
	got := Ptr(&n, strconv.Itoa)
	if got == nil || *got != "42" {
		t.Fatalf("Ptr(&42) = %v, want 42", got)
	}
}

func TestSlice(t *testing.T) {
	if got := Slice[int, string](nil, strconv.Itoa); got != nil {
		t.Errorf("Slice(nil) = %#v, want nil", got)
	}
	if got := Slice([]int{}, strconv.Itoa); got == nil || len(got) != 0 {
		t.Errorf("Slice([]) = %#v, want an empty, non-nil slice", got)
	}
	if got := Slice([]int{3, 1, 2}, strconv.Itoa); !slices.Equal(got, []string{"3", "1", "2"}) {
		t.Errorf("Slice = %v, want [3 1 2] in order", got)
	}
}
