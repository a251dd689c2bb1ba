package contractdiff

import (
	"fmt"
	"sort"
	"strings"

	"eventstorm/model"
)

// widenings are the scalar pairs whose JSON the reader decodes although
// the types differ: writer type → reader types. A number written as an int
// is a valid float and decimal; a float is a valid decimal (which accepts a
// JSON number or string); a decimal, uuid, time or date is written as a
// JSON string, which a string reader takes as it is.
var widenings = map[string][]string{
	model.Int:     {model.Float, model.Decimal},
	model.Float:   {model.Decimal},
	model.Decimal: {model.String},
	model.UUID:    {model.String},
	model.Time:    {model.String},
	model.Date:    {model.String},
}

// reading checks whether the JSON one type writes decodes as another type,
// through value objects that may refer to themselves.
type reading struct {
	// strict makes a field the writer sends and the reader ignores an
	// error: a service that drops part of what its clients send breaks
	// them, as a removed command field does.
	strict bool
	// inProgress holds the pairs of value objects being compared, so that
	// a recursive value object is compared once: a cycle adds nothing new.
	inProgress map[[2]*model.Type]bool
}

// readable returns "" when a value written as w decodes as r in generated
// code, else why not. With strict, fields of value objects that r ignores
// are reasons too.
func readable(w, r *model.TypeRef, strict bool) string {
	return (&reading{strict: strict, inProgress: map[[2]*model.Type]bool{}}).check(w, r)
}

func (rd *reading) check(w, r *model.TypeRef) string {
	if r.Kind == model.Optional {
		if w.Kind == model.Optional {
			return rd.check(w.Elem, r.Elem)
		}
		return rd.check(w, r.Elem)
	}
	if w.Kind == model.Optional {
		// Generated code holds an optional list in a plain slice, so an
		// absent list reads as the empty list a required one may be.
		if w.Elem.Kind == model.List && r.Kind == model.List {
			return rd.check(w.Elem, r)
		}
		if why := rd.check(w.Elem, r); why != "" {
			return why
		}
		return fmt.Sprintf("%s may be absent, where %s is required", w, r)
	}
	switch r.Kind {
	case model.List:
		if w.Kind != model.List {
			return fmt.Sprintf("%s cannot be read as %s", w, r)
		}
		return rd.check(w.Elem, r.Elem)
	case model.Named:
		return rd.named(w, r)
	}
	switch {
	case w.Kind == model.Scalar && (w.Scalar == r.Scalar || contains(widenings[w.Scalar], r.Scalar)):
		return ""
	case w.Kind == model.Named && w.Type != nil && w.Type.IsEnum() && r.Scalar == model.String:
		return "" // an enum is written as its value, a string
	}
	return fmt.Sprintf("%s cannot be read as %s", w, r)
}

func (rd *reading) named(w, r *model.TypeRef) string {
	if w.Kind != model.Named {
		return fmt.Sprintf("%s cannot be read as %s", w, r)
	}
	wt, rt := w.Type, r.Type
	switch {
	case wt == nil || rt == nil: // unresolved: only a validated model is compared, but never panic
		if w.Name == r.Name {
			return ""
		}
		return fmt.Sprintf("%s cannot be read as %s", w, r)
	case wt.IsEnum() && rt.IsEnum():
		known := map[string]bool{}
		for _, v := range rt.Enum {
			known[v.Value] = true
		}
		var unknown []string
		for _, v := range wt.Enum {
			if !known[v.Value] {
				unknown = append(unknown, fmt.Sprintf("%q", v.Value))
			}
		}
		if len(unknown) > 0 {
			return fmt.Sprintf("%s %s not among the values of %s as read", strings.Join(unknown, ", "), isAre(len(unknown)), r)
		}
		return ""
	case wt.IsEnum() || rt.IsEnum():
		return fmt.Sprintf("%s cannot be read as %s", w, r)
	}
	pair := [2]*model.Type{wt, rt}
	if rd.inProgress[pair] {
		return ""
	}
	rd.inProgress[pair] = true
	defer delete(rd.inProgress, pair)
	written := fieldsByJSON(wt.Fields)
	for _, rf := range rt.Fields {
		wf := written[jsonName(rf)]
		if wf == nil {
			if rf.Type.Kind == model.Optional {
				continue
			}
			return fmt.Sprintf("%s has no field %s, which %s as read requires", w, rf.Name, r)
		}
		if why := rd.check(wf.Type, rf.Type); why != "" {
			return fmt.Sprintf("in %s, field %s: %s", r, rf.Name, why)
		}
	}
	if rd.strict {
		read := fieldsByJSON(rt.Fields)
		for _, wf := range wt.Fields {
			if read[jsonName(wf)] == nil {
				return fmt.Sprintf("field %s of %s would be ignored", wf.Name, w)
			}
		}
	}
	return ""
}

// shape is a canonical description of the JSON a type stands for: two
// types of the same shape read and write the same JSON. A named type is
// described by its values or fields, not its name, and a value object's
// fields and an enum's values in sorted order, as JSON does not order them.
func shape(t *model.TypeRef) string {
	return shapeOf(t, nil)
}

// shapeOf describes t inside the value objects open, outermost first; a
// value object met again inside itself is described by its depth, so that
// renaming a recursive type does not change its shape.
func shapeOf(t *model.TypeRef, open []*model.Type) string {
	switch t.Kind {
	case model.List:
		return "[" + shapeOf(t.Elem, open) + "]"
	case model.Optional:
		return "?" + shapeOf(t.Elem, open)
	case model.Scalar:
		return t.Scalar
	}
	nt := t.Type
	if nt == nil {
		return "named " + t.Name
	}
	for depth, o := range open {
		if o == nt {
			return fmt.Sprintf("self%d", depth)
		}
	}
	if nt.IsEnum() {
		var values []string
		for _, v := range nt.Enum {
			values = append(values, fmt.Sprintf("%q", v.Value))
		}
		sort.Strings(values)
		return "enum(" + strings.Join(values, ",") + ")"
	}
	open = append(open, nt)
	var fields []string
	for _, f := range nt.Fields {
		fields = append(fields, jsonName(f)+":"+shapeOf(f.Type, open))
	}
	sort.Strings(fields)
	return "{" + strings.Join(fields, ",") + "}"
}

// retyping describes a field's change of type: "string → optional string",
// or, where a named type keeps its name, what changed inside it.
func retyping(old, new *model.TypeRef) string {
	if o, n := old.String(), new.String(); o != n {
		return fmt.Sprintf("retyped %s → %s", o, n)
	}
	ob, nb := old.Base(), new.Base()
	if ob.Type == nil || nb.Type == nil || ob.Type.IsEnum() != nb.Type.IsEnum() {
		return fmt.Sprintf("type %s changed", ob)
	}
	if ob.Type.IsEnum() {
		oldValues, newValues := enumValues(ob.Type), enumValues(nb.Type)
		return fmt.Sprintf("enum %s changed%s%s", ob, listed(", values added: ", minus(newValues, oldValues)), listed(", values removed: ", minus(oldValues, newValues)))
	}
	oldFields, newFields := fieldsByJSON(ob.Type.Fields), fieldsByJSON(nb.Type.Fields)
	var added, removed, changed []string
	for _, f := range nb.Type.Fields {
		if oldFields[jsonName(f)] == nil {
			added = append(added, f.Name)
		}
	}
	for _, f := range ob.Type.Fields {
		switch nf := newFields[jsonName(f)]; {
		case nf == nil:
			removed = append(removed, f.Name)
		case shape(f.Type) != shape(nf.Type):
			changed = append(changed, f.Name)
		}
	}
	return fmt.Sprintf("value object %s changed%s%s%s", ob, listed(", fields added: ", added), listed(", fields removed: ", removed), listed(", fields retyped: ", changed))
}

func enumValues(t *model.Type) []string {
	out := make([]string, len(t.Enum))
	for i, v := range t.Enum {
		out[i] = v.Value
	}
	return out
}

// minus lists the items of a that b lacks, in a's order.
func minus(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

func listed(prefix string, items []string) string {
	if len(items) == 0 {
		return ""
	}
	return prefix + strings.Join(items, ", ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// jsonName is a field's wire name, the key fields are matched by.
func jsonName(f *model.Field) string {
	if j := f.JSON(); j != "" {
		return j
	}
	return f.Name
}

func fieldsByJSON(fields []*model.Field) map[string]*model.Field {
	out := make(map[string]*model.Field, len(fields))
	for _, f := range fields {
		out[jsonName(f)] = f
	}
	return out
}
