package model

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"eventstorm/model/names"
)

func (v *validator) typ(c *Context, t *Type) {
	if ref, err := ParseType(t.Name); t.Code == "" && (err != nil || ref.Kind != Named) {
		v.errorf(t.NamePos, "type %q is named like a built-in field type, so a field written `x: %s` could never refer to it; rename it, or give it a `code:` to refer to it by", t.Name, t.Name)
	}
	if t.IsEnum() {
		seen := map[string]*EnumValue{}
		for _, ev := range t.Enum {
			v.checkName(ev.Pos, ev.Value, "enum value %q of %q", ev.Value, t.Name)
			if ev.Value == "" {
				v.errorf(ev.Pos, "enum %q has a blank value", t.Name)
				continue
			}
			if !identifiable(ev.Value) {
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

// fields checks a fields mapping: names give identifiers that do not
// collide, and types resolve in the context.
func (v *validator) fields(c *Context, fields []*Field, ownerKind, owner string) {
	seen := map[string]*Field{}
	for _, f := range fields {
		if !v.checkName(f.Pos, f.Name, "field %q of %s %q", f.Name, ownerKind, owner) {
			v.badFields[f] = true
		}
		if !v.resolveType(c, f) {
			v.badFields[f] = true
		}
		if !identifiable(f.Name) {
			v.errorf(f.Pos, "field %q of %s %q gives no identifier (it has no Latin letter); name it in Latin letters", f.Name, ownerKind, owner)
			v.badFields[f] = true
			continue
		}
		id := f.Ident()
		if prev, ok := seen[id]; ok {
			v.errorf(f.Pos, "field %q of %s %q collides with field %q at %s: both become %s", f.Name, ownerKind, owner, prev.Name, at(prev.Pos), id)
			v.badFields[f] = true
			continue
		}
		seen[id] = f
	}
}

// resolveType resolves the named types in a field's type, reporting and
// returning false when it cannot.
func (v *validator) resolveType(c *Context, f *Field) bool {
	base := f.Type.Base()
	if base.Kind != Named {
		return true
	}
	s := v.scopes[c]
	x := s.lookup(base.Name)
	if t, ok := x.(*Type); ok {
		base.Type = t
		return true
	}
	if x != nil {
		v.errorf(f.TypePos, "field %q: %q is %s, not a type; a field's type is a scalar, a list, an optional or one of the context's types", f.Name, base.Name, article(kindOf(x)))
		return false
	}
	for _, sc := range Scalars {
		if strings.EqualFold(base.Name, sc) {
			v.errorf(f.TypePos, "field %q: unknown type %q; did you mean %q? (scalar types are lower case)", f.Name, base.Name, sc)
			return false
		}
	}
	if sc, ok := typeSynonyms[strings.ToLower(base.Name)]; ok {
		v.errorf(f.TypePos, "field %q: unknown type %q; did you mean %q?", f.Name, base.Name, sc)
		return false
	}
	if other := v.typeElsewhere(c, base.Name); other != nil {
		v.errorf(f.TypePos, "field %q: %q is a type of context %q; each context declares the types it uses, so declare it under this context's `types:` too", f.Name, base.Name, other.Context.Name)
		return false
	}
	known := append(append([]string{}, Scalars...), s.candidates(func(x any) bool { _, ok := x.(*Type); return ok })...)
	hint := suggest(base.Name, known)
	if hint == "" {
		hint = "; use " + strings.Join(Scalars, ", ") + ", `list of T`, `optional T`, or declare it under the context's `types:`"
	}
	v.errorf(f.TypePos, "field %q: unknown type %q%s", f.Name, base.Name, hint)
	return false
}

// typeSynonyms are type names of other languages and the scalar to write.
var typeSynonyms = map[string]string{
	"integer": "int", "long": "int", "int64": "int", "number": "float", "double": "float",
	"float64": "float", "boolean": "bool", "text": "string", "str": "string", "datetime": "time",
	"timestamp": "time", "instant": "time", "money": "decimal", "guid": "uuid",
}

// typeElsewhere finds a type of another context that a field type names,
// by its name or as Context.Type.
func (v *validator) typeElsewhere(local *Context, name string) *Type {
	if t, ok := v.resolve(v.scopes[local], &Ref{Text: name}).(*Type); ok && t.Context != local {
		return t
	}
	for _, c := range v.m.Contexts {
		if c == local || v.scopes[c] == nil {
			continue
		}
		if t, ok := v.scopes[c].lookup(name).(*Type); ok {
			return t
		}
	}
	return nil
}

// valueObjectCycles reports value objects that contain themselves through
// required fields, which no value could satisfy.
func (v *validator) valueObjectCycles(c *Context) {
	state := map[*Type]int{} // 0 new, 1 visiting, 2 done
	var visit func(t *Type, path []*Type) bool
	visit = func(t *Type, path []*Type) bool {
		switch state[t] {
		case 1:
			// Name the cycle only, from t back to t.
			var chain []string
			for i, p := range path {
				if p == t {
					for _, q := range path[i:] {
						chain = append(chain, q.Name)
					}
					break
				}
			}
			chain = append(chain, t.Name)
			v.errorf(t.Pos, "value object %q contains itself (%s), so no value of it could ever be written; make one of the fields optional or a list", t.Name, strings.Join(chain, " → "))
			return true
		case 2:
			return false
		}
		state[t] = 1
		defer func() { state[t] = 2 }()
		for _, f := range t.Fields {
			if f.Type.Kind == Named && f.Type.Type != nil && !f.Type.Type.IsEnum() {
				if visit(f.Type.Type, append(path, t)) {
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
		f, err := strconv.ParseFloat(value, 64)
		return err == nil && !math.IsInf(f, 0) && !math.IsNaN(f), "a number"
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
