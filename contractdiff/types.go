package contractdiff

import (
	"fmt"
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
	if wt == nil || rt == nil { // unresolved: only a validated model is compared, but never panic
		if w.Name == r.Name {
			return ""
		}
		return fmt.Sprintf("%s cannot be read as %s", w, r)
	}
	if wt.IsEnum() || rt.IsEnum() {
		d := model.CompareShapes(rt, wt)
		switch {
		case d.Kind:
			return fmt.Sprintf("%s cannot be read as %s", w, r)
		case len(d.ValuesAdded) > 0:
			var unknown []string
			for _, v := range d.ValuesAdded {
				unknown = append(unknown, fmt.Sprintf("%q", v))
			}
			return fmt.Sprintf("%s %s not among the values of %s as read", strings.Join(unknown, ", "), isAre(len(unknown)), r)
		}
		return ""
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

// retyping describes a field's change of type: "string → optional string",
// or, where a named type keeps its name, what changed inside it.
func retyping(old, new *model.TypeRef) string {
	if o, n := old.String(), new.String(); o != n {
		return fmt.Sprintf("retyped %s → %s", o, n)
	}
	ob, nb := old.Base(), new.Base()
	if ob.Type == nil || nb.Type == nil {
		return fmt.Sprintf("type %s changed", ob)
	}
	d := model.CompareShapes(ob.Type, nb.Type)
	switch {
	case d.Kind:
		return fmt.Sprintf("type %s changed", ob)
	case ob.Type.IsEnum():
		return fmt.Sprintf("enum %s changed%s%s", ob, listed(", values added: ", d.ValuesAdded), listed(", values removed: ", d.ValuesRemoved))
	}
	var retyped []string
	for _, fp := range d.FieldsRetyped {
		retyped = append(retyped, fp.A.Name)
	}
	return fmt.Sprintf("value object %s changed%s%s%s", ob, listed(", fields added: ", fieldNames(d.FieldsAdded)), listed(", fields removed: ", fieldNames(d.FieldsRemoved)), listed(", fields retyped: ", retyped))
}

func fieldNames(fields []*model.Field) []string {
	var out []string
	for _, f := range fields {
		out = append(out, f.Name)
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
