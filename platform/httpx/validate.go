package httpx

import (
	"bytes"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
)

// errNotObject is the problem of a body that is not one JSON object.
var errNotObject = errors.New("the body must be a JSON object")

// validate checks, in one pass linear in the body's length, what decoding
// into v would not: body is one JSON object, whose objects have no name
// twice, and whose decimals (by v's type: fields of
// github.com/shopspring/decimal's types) lie within l's bounds.
func validate(body []byte, v any, l Limits) error {
	dec := stdjson.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil || tok != stdjson.Delim('{') {
		return errNotObject
	}
	w := walker{dec: dec, limits: l}
	if err := w.object(reflect.TypeOf(v), "", 1); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errNotObject
	}
	return nil
}

// walker reads a body's tokens along the Go type they decode into.
type walker struct {
	dec    *stdjson.Decoder
	limits Limits
}

// maxDepth bounds how deep a body's arrays and objects nest.
const maxDepth = 64

// object reads an object's members, its { read, into t (nil when unknown).
func (w *walker) object(t reflect.Type, path string, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("the body nests more than %d arrays and objects deep", maxDepth)
	}
	t = deref(t)
	seen := map[string]bool{}
	for w.dec.More() {
		tok, err := w.dec.Token()
		if err != nil {
			return errNotObject
		}
		name, ok := tok.(string)
		if !ok {
			return errNotObject
		}
		if seen[name] {
			return fmt.Errorf("the body has %s twice", quotePath(join(path, name)))
		}
		seen[name] = true
		if err := w.value(memberType(t, name), join(path, name), depth); err != nil {
			return err
		}
	}
	if _, err := w.dec.Token(); err != nil { // }
		return errNotObject
	}
	return nil
}

// value reads one value into t (nil when unknown).
func (w *walker) value(t reflect.Type, path string, depth int) error {
	tok, err := w.dec.Token()
	if err != nil {
		return errNotObject
	}
	t = deref(t)
	switch tok := tok.(type) {
	case stdjson.Delim:
		switch tok {
		case '{':
			return w.object(t, path, depth+1)
		case '[':
			if depth+1 > maxDepth {
				return fmt.Errorf("the body nests more than %d arrays and objects deep", maxDepth)
			}
			var elem reflect.Type
			if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
				elem = t.Elem()
			}
			for i := 0; w.dec.More(); i++ {
				if err := w.value(elem, path+"["+strconv.Itoa(i)+"]", depth+1); err != nil {
					return err
				}
			}
			if _, err := w.dec.Token(); err != nil { // ]
				return errNotObject
			}
			return nil
		}
		return errNotObject
	case stdjson.Number:
		if isDecimal(t) {
			return w.decimal(string(tok), path)
		}
	case string:
		if isDecimal(t) {
			return w.decimal(tok, path)
		}
	}
	return nil
}

// decimal checks that s, a decimal, lies within the limits. What does not
// read as a number is left to the decimal's own parser to refuse.
func (w *walker) decimal(s, path string) error {
	digits, exponent, ok := decimalShape(s, w.limits.MaxDecimalExponent)
	if !ok {
		return nil
	}
	if digits > w.limits.MaxDecimalDigits || exponent > w.limits.MaxDecimalExponent || exponent < -w.limits.MaxDecimalExponent {
		shown := s
		if len(shown) > 40 {
			shown = shown[:40] + "..."
		}
		return fmt.Errorf("%s: %q is not a decimal taken here: at most %d digits, and an exponent from -%d to %d",
			quotePath(path), shown, w.limits.MaxDecimalDigits, w.limits.MaxDecimalExponent, w.limits.MaxDecimalExponent)
	}
	return nil
}

// decimalShape reads s as [+-]digits[.digits][(e|E)[+-]digits] and returns
// how many digits its significand has and its exponent (past bound, bound+1
// or its negative: the exponent's digits are not all read into a number).
func decimalShape(s string, bound int) (digits, exponent int, ok bool) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	digits = i - start
	if i < len(s) && s[i] == '.' {
		i++
		frac := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		digits += i - frac
	}
	if digits == 0 {
		return 0, 0, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		sign := 1
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			if s[i] == '-' {
				sign = -1
			}
			i++
		}
		if i == len(s) {
			return 0, 0, false
		}
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			if exponent <= bound {
				exponent = exponent*10 + int(s[i]-'0')
			}
		}
		exponent *= sign
	}
	return digits, exponent, i == len(s)
}

// isDecimal reports whether t is one of github.com/shopspring/decimal's
// types.
func isDecimal(t reflect.Type) bool {
	return t != nil && t.PkgPath() == "github.com/shopspring/decimal" && (t.Name() == "Decimal" || t.Name() == "NullDecimal")
}

// deref is t without its pointers.
func deref(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// memberType is the type of the member name of an object decoded into t:
// a struct's field by its JSON name (as encoding/json matches it, exactly
// or else regardless of case), a map's values; nil when unknown.
func memberType(t reflect.Type, name string) reflect.Type {
	if t == nil {
		return nil
	}
	switch t.Kind() {
	case reflect.Map:
		return t.Elem()
	case reflect.Struct:
		var folded reflect.Type
		for _, f := range reflect.VisibleFields(t) {
			if !f.IsExported() || f.Anonymous && f.Tag.Get("json") == "" && deref(f.Type).Kind() == reflect.Struct {
				continue
			}
			tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if tag == "-" {
				continue
			}
			if tag == "" {
				tag = f.Name
			}
			if tag == name {
				return f.Type
			}
			if folded == nil && strings.EqualFold(tag, name) {
				folded = f.Type
			}
		}
		return folded
	}
	return nil
}

// join is the path of a member of the value at path.
func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// quotePath quotes a member's path for a problem's detail, shortened.
func quotePath(path string) string {
	if len(path) > 100 {
		path = path[:100] + "..."
	}
	return strconv.Quote(path)
}
