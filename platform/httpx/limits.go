package httpx

import (
	"context"
	"net/http"
)

// MaxBodyBytes is the default bound of a request body, 1 MB: the events a
// command records carry its fields, and a broker takes records of about
// 1 MB at most, so a larger body is answered 413 before anything is stored
// (HTTP_MAX_BODY_BYTES sets another bound).
const MaxBodyBytes = 1_000_000

// The default bounds of a decimal in a request body, as a JSON number or a
// string: shopspring/decimal parses "1e10000000" (10 bytes) into a number
// whose every use costs seconds of CPU and megabytes, so Decode refuses
// one out of bounds with 400 before it is parsed. 65 digits is the
// precision of MySQL's DECIMAL, the column of a decimal.
const (
	// MaxDecimalDigits bounds the digits of a decimal's significand, the
	// digits before and after its point.
	MaxDecimalDigits = 65
	// MaxDecimalExponent bounds the magnitude of a decimal's exponent,
	// the n of 1.5e<n>.
	MaxDecimalExponent = 65
)

// Limits bound the request bodies Decode reads; a zero field is its
// default.
type Limits struct {
	// MaxBodyBytes bounds a body (default MaxBodyBytes); a larger one is
	// answered 413.
	MaxBodyBytes int64
	// MaxDecimalDigits and MaxDecimalExponent bound each decimal of a body
	// (defaults MaxDecimalDigits and MaxDecimalExponent); one out of
	// bounds is answered 400.
	MaxDecimalDigits, MaxDecimalExponent int
}

// orDefaults is l with its zero fields set to their defaults.
func (l Limits) orDefaults() Limits {
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = MaxBodyBytes
	}
	if l.MaxDecimalDigits <= 0 {
		l.MaxDecimalDigits = MaxDecimalDigits
	}
	if l.MaxDecimalExponent <= 0 {
		l.MaxDecimalExponent = MaxDecimalExponent
	}
	return l
}

// limitsKey carries Limits in a request's context.
type limitsKey struct{}

// WithLimits returns h with l in every request's context, where Decode
// reads them; without them Decode applies the defaults.
func WithLimits(h http.Handler, l Limits) http.Handler {
	l = l.orDefaults()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), limitsKey{}, l)))
	})
}

// limitsOf are the limits of a request.
func limitsOf(r *http.Request) Limits {
	if l, ok := r.Context().Value(limitsKey{}).(Limits); ok {
		return l
	}
	return Limits{}.orDefaults()
}
