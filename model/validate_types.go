package model

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"eventstorm/model/names"
)

func (v *validator) typ(c *Context, t *Type) {
	if t.IsEnum() {
		seen := map[string]*EnumValue{}
		for _, ev := range t.Enum {
			if ev.Value == "" {
				v.errorf(ev.Pos, "enum %q has a blank value", t.Name)
				continue
			}
			if !names.HasLatinLetter(ev.Value) && !startsWithDigit(ev.Value) {
				v.errorf(ev.Pos, "enum value %q of %q gives no Go identifier (it has no Latin letter); write the value in Latin letters", ev.Value, t.Name)
				continue
			}
			id := names.Pascal(ev.Value)
			if prev, ok := seen[id]; ok {
				if prev.Value == ev.Value {
					v.errorf(ev.Pos, "enum %q lists %q twice (first at %s)", t.Name, ev.Value, at(prev.Pos))
				} else {
					v.errorf(ev.Pos, "enum value %q of %q collides with %q at %s: both become %s%s", ev.Value, t.Name, prev.Value, at(prev.Pos), t.Ident(), names.GoExported(ev.Value))
				}
				continue
			}
			seen[id] = ev
		}
		return
	}
	v.fields(c, t.Fields, "value object", t.Name)
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// fields checks a fields mapping: names give identifiers that do not
// collide, and types resolve in the context.
func (v *validator) fields(c *Context, fields []*Field, ownerKind, owner string) {
	seen := map[string]*Field{}
	for _, f := range fields {
		v.resolveType(c, f)
		if !names.HasLatinLetter(f.Name) {
			v.errorf(f.Pos, "field %q of %s %q gives no identifier (it has no Latin letter); name it in Latin letters", f.Name, ownerKind, owner)
			continue
		}
		id := f.Ident()
		if prev, ok := seen[id]; ok {
			v.errorf(f.Pos, "field %q of %s %q collides with field %q at %s: both become %s", f.Name, ownerKind, owner, prev.Name, at(prev.Pos), id)
			continue
		}
		seen[id] = f
	}
}

// resolveType resolves the named types in a field's type.
func (v *validator) resolveType(c *Context, f *Field) {
	base := f.Type.Base()
	if base.Kind != Named {
		return
	}
	s := v.scopes[c]
	x := s.lookup(base.Name)
	if t, ok := x.(*Type); ok {
		base.Type = t
		return
	}
	if x != nil {
		v.errorf(f.TypePos, "field %q: %q is %s, not a type; a field's type is a scalar, a list, an optional or one of the context's types", f.Name, base.Name, article(kindOf(x)))
		return
	}
	for _, sc := range Scalars {
		if strings.EqualFold(base.Name, sc) {
			v.errorf(f.TypePos, "field %q: unknown type %q; did you mean %q? (scalar types are lower case)", f.Name, base.Name, sc)
			return
		}
	}
	known := append(append([]string{}, Scalars...), s.candidates(func(x any) bool { _, ok := x.(*Type); return ok })...)
	hint := suggest(base.Name, known)
	if hint == "" {
		hint = "; use " + strings.Join(Scalars, ", ") + ", `list of T`, `optional T`, or declare it under the context's `types:`"
	}
	v.errorf(f.TypePos, "field %q: unknown type %q%s", f.Name, base.Name, hint)
}

// valueObjectCycles reports value objects that contain themselves through
// required fields, which no value could satisfy.
func (v *validator) valueObjectCycles(c *Context) {
	state := map[*Type]int{} // 0 new, 1 visiting, 2 done
	var visit func(t *Type, path []string) bool
	visit = func(t *Type, path []string) bool {
		switch state[t] {
		case 1:
			v.errorf(t.Pos, "value object %q contains itself (%s); make one of the fields optional or a list", t.Name, strings.Join(append(path, t.Name), " → "))
			return true
		case 2:
			return false
		}
		state[t] = 1
		defer func() { state[t] = 2 }()
		for _, f := range t.Fields {
			if f.Type.Kind == Named && f.Type.Type != nil && !f.Type.Type.IsEnum() {
				if visit(f.Type.Type, append(path, t.Name)) {
					return true
				}
			}
		}
		return false
	}
	for _, t := range c.Types {
		if !t.IsEnum() {
			visit(t, nil)
		}
	}
}

var (
	decimalRE = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)
	uuidRE    = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
)

// fits reports whether a constant written in the model fits a type, and
// if not, what the type expects.
func fits(value, tag string, t *TypeRef) (bool, string) {
	switch t.Kind {
	case Optional:
		if tag == "!!null" {
			return true, ""
		}
		return fits(value, tag, t.Elem)
	case List:
		return false, "a list, which `set` cannot fill with a constant"
	case Named:
		if t.Type == nil {
			return true, "" // reported elsewhere
		}
		if !t.Type.IsEnum() {
			return false, "the value object " + t.Name + ", which `set` cannot fill with a constant"
		}
		var vals []string
		for _, ev := range t.Type.Enum {
			if ev.Value == value {
				return true, ""
			}
			vals = append(vals, ev.Value)
		}
		return false, "one of " + strings.Join(vals, ", ")
	}
	if tag == "!!null" {
		return false, "a " + t.Scalar + " (the field is not optional)"
	}
	switch t.Scalar {
	case String:
		return true, ""
	case Int:
		_, err := strconv.ParseInt(value, 10, 64)
		return err == nil, "a whole number"
	case Float:
		_, err := strconv.ParseFloat(value, 64)
		return err == nil, "a number"
	case Decimal:
		return decimalRE.MatchString(value), "a decimal number such as 12.50"
	case Bool:
		return tag == "!!bool", "true or false"
	case Time:
		_, err := time.Parse(time.RFC3339Nano, value)
		return err == nil, "an RFC 3339 time such as 2026-11-24T09:30:00Z"
	case Date:
		_, err := time.Parse(time.DateOnly, value)
		return err == nil, "a date such as 2026-11-24"
	case UUID:
		return uuidRE.MatchString(value), "a UUID such as 0b7c2f8e-8f6c-4c57-9d0e-3b1f2a6d9c41"
	}
	return true, ""
}

// assignable reports whether a value of type from can fill a field of type
// to when copying "by name and type": the same type, or the same type made
// optional. Named types of different contexts match by name, since each
// context keeps its own copy of a shared shape.
func assignable(from, to *TypeRef) bool {
	if from.Same(to) {
		return true
	}
	if to.Kind == Optional && from.Same(to.Elem) {
		return true
	}
	return false
}
