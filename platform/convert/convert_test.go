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

func TestFuncs(t *testing.T) {
	n := 7
	if got := PtrFunc(strconv.Itoa)(&n); got == nil || *got != "7" {
		t.Errorf("PtrFunc(Itoa)(&7) = %v, want 7", got)
	}
	if got := PtrFunc(strconv.Itoa)(nil); got != nil {
		t.Errorf("PtrFunc(Itoa)(nil) = %v, want nil", *got)
	}
	if got := SliceFunc(strconv.Itoa)([]int{1, 2}); !slices.Equal(got, []string{"1", "2"}) {
		t.Errorf("SliceFunc(Itoa)([1 2]) = %v", got)
	}
	if got := SliceFunc(strconv.Itoa)(nil); got != nil {
		t.Errorf("SliceFunc(Itoa)(nil) = %#v, want nil", got)
	}
}
