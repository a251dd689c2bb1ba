package model

import (
	"fmt"
	"strings"
)

// The scalar field types of format 1.
const (
	String  = "string"
	Int     = "int"
	Float   = "float"
	Decimal = "decimal"
	Bool    = "bool"
	Time    = "time"
	Date    = "date"
	UUID    = "uuid"
)

// Scalars lists the scalar types in the order the format page gives them.
var Scalars = []string{String, Int, Float, Decimal, Bool, Time, Date, UUID}

// TypeKind tells what a TypeRef is.
type TypeKind int

// The kinds of field types.
const (
	Scalar   TypeKind = iota // one of Scalars
	List                     // list of Elem
	Optional                 // Elem or absent
	Named                    // a type of the context's `types`
)

// TypeRef is a parsed field type such as `optional list of Order Status`.
type TypeRef struct {
	Kind   TypeKind
	Scalar string   // for Scalar
	Elem   *TypeRef // for List and Optional
	Name   string   // for Named, as written
	Type   *Type    // for Named, resolved by Validate
}

// String is the canonical long form, e.g. "optional list of string".
func (t *TypeRef) String() string {
	switch t.Kind {
	case List:
		return "list of " + t.Elem.String()
	case Optional:
		return "optional " + t.Elem.String()
	case Named:
		return t.Name
	default:
		return t.Scalar
	}
}

// Same reports whether two type references denote the same type. Named
// types of one context compare by their resolved type. Each context keeps
// its own copy of a shared shape, so named types of different contexts
// match by identifier (Type.Ident, which the generator pairs a reading
// context's type with the publisher's by), and unresolved ones by name;
// Validate checks that same-named types of a publisher and its readers have
// the same shape (see CompareShapes).
func (t *TypeRef) Same(u *TypeRef) bool {
	if t == nil || u == nil || t.Kind != u.Kind {
		return false
	}
	switch t.Kind {
	case List, Optional:
		return t.Elem.Same(u.Elem)
	case Named:
		switch {
		case t.Type != nil && u.Type != nil && t.Type.Context == u.Type.Context:
			return t.Type == u.Type
		case t.Type != nil && u.Type != nil:
			return t.Type.Ident() == u.Type.Ident()
		}
		return sameFieldName(t.Name, u.Name)
	default:
		return t.Scalar == u.Scalar
	}
}

// Fills reports whether a value of type t fills a field of type target
// when fields are copied by name: from an event to its aggregate's state,
// to a read model's row and to the command a policy issues, and from a
// command, or its aggregate's state, to the events it emits. It is the one
// rule for all of them, and the generator copies a field exactly when it
// returns true.
//
// A value fills a field of the same type (Same) and a field that is
// optional of that type: T fills T and optional T, list of T fills list of
// T and optional list of T, a value object or an enum fills a field of the
// same named type and optional of it, and optional T fills optional T. An
// optional T never fills a plain T, since the value may be absent (Validate
// reports such a pair of fields as an error, saying to make the target
// optional or the source required). Nothing else converts: int does not
// fill decimal, T does not fill list of T, list of T does not fill list of
// optional T. Fills is false when either type is nil.
func (t *TypeRef) Fills(target *TypeRef) bool {
	if t == nil || target == nil {
		return false
	}
	return t.Same(target) || target.Kind == Optional && t.Same(target.Elem)
}

// Base strips optional and list wrappers down to the scalar or named type.
func (t *TypeRef) Base() *TypeRef {
	for t.Kind == List || t.Kind == Optional {
		t = t.Elem
	}
	return t
}

// ParseType parses a field type as written: a scalar, `list of T`,
// `optional T`, the shorthands `T[]` and `T?`, or a type name.
func ParseType(s string) (*TypeRef, error) {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return nil, fmt.Errorf("the type is empty; write one of %s, `list of T`, `optional T` or a name from the context's types", strings.Join(Scalars, ", "))
	}
	switch {
	case strings.HasSuffix(s, "?"):
		elem, err := ParseType(strings.TrimSuffix(s, "?"))
		if err != nil {
			return nil, err
		}
		return optional(elem)
	case strings.HasSuffix(s, "[]"):
		elem, err := ParseType(strings.TrimSuffix(s, "[]"))
		if err != nil {
			return nil, err
		}
		return &TypeRef{Kind: List, Elem: elem}, nil
	}
	if rest, ok := cutWordPrefix(s, "list of"); ok {
		elem, err := ParseType(rest)
		if err != nil {
			return nil, err
		}
		return &TypeRef{Kind: List, Elem: elem}, nil
	}
	if rest, ok := cutWordPrefix(s, "optional"); ok {
		elem, err := ParseType(rest)
		if err != nil {
			return nil, err
		}
		return optional(elem)
	}
	if strings.EqualFold(s, "list") || strings.EqualFold(s, "list of") {
		return nil, fmt.Errorf("`list` needs an element type, e.g. `list of string`")
	}
	if strings.EqualFold(s, "optional") {
		return nil, fmt.Errorf("`optional` needs a type, e.g. `optional string`")
	}
	for _, sc := range Scalars {
		if s == sc {
			return &TypeRef{Kind: Scalar, Scalar: s}, nil
		}
	}
	if strings.ContainsAny(s, "[]?{}") {
		return nil, fmt.Errorf("%q is not a type; write one of %s, `list of T`, `optional T` or a name from the context's types", s, strings.Join(Scalars, ", "))
	}
	return &TypeRef{Kind: Named, Name: s}, nil
}

func optional(elem *TypeRef) (*TypeRef, error) {
	if elem.Kind == Optional {
		return nil, fmt.Errorf("`optional` is written twice; one is enough")
	}
	return &TypeRef{Kind: Optional, Elem: elem}, nil
}

// cutWordPrefix cuts a leading keyword followed by a space.
func cutWordPrefix(s, prefix string) (string, bool) {
	if len(s) > len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) && s[len(prefix)] == ' ' {
		return s[len(prefix)+1:], true
	}
	return "", false
}
