package model

// ShapeDiff is how the shapes of two named types differ: what JSON they
// stand for, regardless of their names. CompareShapes(a, b) makes one; a
// is the type as one party declares it (the reading context, or the old
// version of a model), b as the other does (the publishing context, or
// the new version).
type ShapeDiff struct {
	// Kind is true when one type is an enum and the other a value object;
	// nothing else is compared then.
	Kind bool
	// ValuesAdded are the enum values of b that a lacks, in b's order, and
	// ValuesRemoved those of a that b lacks, in a's order.
	ValuesAdded, ValuesRemoved []string
	// FieldsAdded are the value-object fields of b that a lacks, in b's
	// order, and FieldsRemoved those of a that b lacks, in a's order.
	// Fields are matched by name, compared as identifiers.
	FieldsAdded, FieldsRemoved []*Field
	// FieldsRetyped are the fields of both whose types differ in shape
	// (see SameShape), in a's order.
	FieldsRetyped []FieldPair
}

// FieldPair is a field of a and the field of b of the same name.
type FieldPair struct{ A, B *Field }

// Same reports whether the two types have the same shape.
func (d ShapeDiff) Same() bool {
	return !d.Kind && len(d.ValuesAdded)+len(d.ValuesRemoved)+len(d.FieldsAdded)+len(d.FieldsRemoved)+len(d.FieldsRetyped) == 0
}

// Holds reports whether a, declared by a context that reads events
// carrying b, holds every value of b: the same kind, for a value object
// the same fields with types of the same shape, and for an enum every
// value of b (a may have more). This is the contract Validate checks
// between a reading context's type and the publisher's type of the same
// identifier.
func (d ShapeDiff) Holds() bool {
	return !d.Kind && len(d.ValuesAdded)+len(d.FieldsAdded)+len(d.FieldsRemoved)+len(d.FieldsRetyped) == 0
}

// CompareShapes compares two named types, such as a context's type and the
// type of the same name in another context, or two versions of one type.
// Value objects compare field by field and recursively, whatever the
// names of the types inside them, through value objects that contain
// themselves; enums compare their values as sets.
func CompareShapes(a, b *Type) ShapeDiff {
	return compareShapes(a, b, map[[2]*Type]bool{})
}

// SameShape reports whether two field types stand for the same JSON: the
// same scalars, lists and optionals around enums with the same values and
// value objects whose fields have the same names and shapes (see
// CompareShapes). The names of the types do not matter; an unresolved
// named type has the shape of its name.
func SameShape(a, b *TypeRef) bool {
	return sameShape(a, b, map[[2]*Type]bool{})
}

// compareShapes compares a and b, where open holds the pairs of value
// objects being compared further up: a pair met again is taken as equal,
// since a cycle adds nothing new.
func compareShapes(a, b *Type, open map[[2]*Type]bool) ShapeDiff {
	var d ShapeDiff
	switch {
	case a.IsEnum() != b.IsEnum():
		d.Kind = true
	case a.IsEnum():
		d.ValuesAdded = missingValues(a.Enum, b.Enum)
		d.ValuesRemoved = missingValues(b.Enum, a.Enum)
	default:
		pair := [2]*Type{a, b}
		open[pair] = true
		defer delete(open, pair)
		for _, f := range b.Fields {
			if fieldNamed(a.Fields, f.Name) == nil {
				d.FieldsAdded = append(d.FieldsAdded, f)
			}
		}
		for _, f := range a.Fields {
			g := fieldNamed(b.Fields, f.Name)
			switch {
			case g == nil:
				d.FieldsRemoved = append(d.FieldsRemoved, f)
			case !sameShape(f.Type, g.Type, open):
				d.FieldsRetyped = append(d.FieldsRetyped, FieldPair{f, g})
			}
		}
	}
	return d
}

func sameShape(a, b *TypeRef, open map[[2]*Type]bool) bool {
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case List, Optional:
		return sameShape(a.Elem, b.Elem, open)
	case Named:
		if a.Type == nil || b.Type == nil {
			return a.Type == nil && b.Type == nil && sameFieldName(a.Name, b.Name)
		}
		return a.Type == b.Type || open[[2]*Type{a.Type, b.Type}] || compareShapes(a.Type, b.Type, open).Same()
	}
	return a.Scalar == b.Scalar
}

// missingValues lists the values of have that of lacks, in have's order.
func missingValues(of, have []*EnumValue) []string {
	known := make(map[string]bool, len(of))
	for _, v := range of {
		known[v.Value] = true
	}
	var out []string
	for _, v := range have {
		if !known[v.Value] {
			out = append(out, v.Value)
		}
	}
	return out
}
