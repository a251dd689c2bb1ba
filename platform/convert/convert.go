// Package convert maps values between a service's domain types and the
// forms its adapters write (JSON bodies, event payloads, columns), where a
// value object's form is a type of the adapter's own: it applies such a
// mapping to a pointer or a slice, keeping nil as nil.
package convert

// Ptr returns f of *p, or nil when p is nil.
func Ptr[T, U any](p *T, f func(T) U) *U {
	if p == nil {
		return nil
	}
	v := f(*p)
	return &v
}

// Slice returns f of each element of s, in order, or nil when s is nil.
func Slice[T, U any](s []T, f func(T) U) []U {
	if s == nil {
		return nil
	}
	out := make([]U, len(s))
	for i, v := range s {
		out[i] = f(v)
	}
	return out
}

// PtrFunc returns the function applying f through a pointer, as Ptr does.
func PtrFunc[T, U any](f func(T) U) func(*T) *U {
	return func(p *T) *U { return Ptr(p, f) }
}

// SliceFunc returns the function applying f to each element, as Slice does.
func SliceFunc[T, U any](f func(T) U) func([]T) []U {
	return func(s []T) []U { return Slice(s, f) }
}
