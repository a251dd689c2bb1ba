package model

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// contracts checks the contract between a context and the events of other
// contexts it reads (policies' `when`, read models' `from`): its copy of
// such an event carries its own types in place of the publisher's types of
// the same identifier, so each of them must hold what the publisher sends
// (ShapeDiff.Holds). A pair of types is reported once per reading
// context, at its first reference to an event carrying it.
func (v *validator) contracts() {
	for _, c := range v.m.Contexts {
		var refs []*Ref
		for _, p := range c.Policies {
			if e := p.Event(); e != nil && e.Aggregate.Context != c {
				refs = append(refs, p.When)
			}
		}
		for _, r := range c.ReadModels {
			for _, pr := range r.From {
				if e := pr.SourceEvent(); e != nil && e.Aggregate.Context != c {
					refs = append(refs, pr.Event)
				}
			}
		}
		sort.SliceStable(refs, func(i, j int) bool { return refs[i].Pos.Less(refs[j].Pos) })
		done := map[[2]*Type]bool{}
		for _, r := range refs {
			e := r.Target.(*Event)
			for _, sent := range carriedTypes(e) {
				own := typeWithIdent(c, sent.Ident())
				if own == nil || done[[2]*Type{own, sent}] {
					continue
				}
				done[[2]*Type{own, sent}] = true
				v.contract(r.Pos, e, own, sent)
			}
		}
	}
}

// contract reports how own, a reading context's type, fails to hold sent,
// the publisher's type of the same identifier carried by event e.
func (v *validator) contract(p Pos, e *Event, own, sent *Type) {
	d := CompareShapes(own, sent)
	if d.Holds() {
		return
	}
	ours := fmt.Sprintf("%s's %s (%s)", own.Context.Name, own.Name, at(own.Pos))
	theirs := fmt.Sprintf("%s's %s (%s)", sent.Context.Name, sent.Name, at(sent.Pos))
	event := e.Aggregate.Context.Name + "." + e.Name
	if d.Kind {
		v.errorf(p, "%s is %s; %s sends %s, %s; declare it as %s does, or give it another name", ours, kindOfType(own), event, theirs, kindOfType(sent), sent.Context.Name)
		return
	}
	if n := len(d.ValuesAdded); n > 0 {
		them := "them"
		if n == 1 {
			them = "it"
		}
		v.errorf(p, "%s lacks %s, which %s may send in %s; add %s to the enum", ours, quoteAll(d.ValuesAdded), event, theirs, them)
	}
	for _, f := range d.FieldsAdded {
		v.errorf(p, "%s has no field %q, which %s sends in %s; add %s: %s", ours, f.Name, event, theirs, f.Name, f.Type)
	}
	for _, f := range d.FieldsRemoved {
		v.errorf(p, "%s has a field %q that %s, sent in %s, lacks; a value object named like the publisher's has its fields, so remove it or add it to both", ours, f.Name, theirs, event)
	}
	for _, fp := range d.FieldsRetyped {
		if sameNamedInside(fp.A.Type, fp.B.Type) {
			continue // the two types inside are a pair of their own, checked as such
		}
		v.errorf(p, "%s has %q as %s, but %s sends it as %s in %s; make the types agree", ours, fp.A.Name, fp.A.Type, event, fp.B.Type, theirs)
	}
}

// carriedTypes are the named types an event's fields carry, those of its
// earlier versions too (readers accept them), with those inside its value
// objects, in the order first met.
func carriedTypes(e *Event) []*Type {
	var out []*Type
	seen := map[*Type]bool{}
	var visit func(fields []*Field)
	visit = func(fields []*Field) {
		for _, f := range fields {
			t := f.Type.Base().Type
			if t == nil || seen[t] {
				continue
			}
			seen[t] = true
			out = append(out, t)
			visit(t.Fields)
		}
	}
	visit(e.Fields)
	for _, ev := range e.Earlier {
		visit(ev.Fields)
	}
	return out
}

// typeWithIdent is the context's type with the given identifier, the one
// generated code uses in place of another context's type of that
// identifier.
func typeWithIdent(c *Context, ident string) *Type {
	for _, t := range c.Types {
		if t.Ident() == ident {
			return t
		}
	}
	return nil
}

// sameNamedInside reports whether two field types have the same lists and
// optionals around named types of the same identifier.
func sameNamedInside(a, b *TypeRef) bool {
	for a.Kind == b.Kind && (a.Kind == List || a.Kind == Optional) {
		a, b = a.Elem, b.Elem
	}
	return a.Kind == Named && b.Kind == Named && a.Type != nil && b.Type != nil && a.Type.Ident() == b.Type.Ident()
}

func kindOfType(t *Type) string {
	if t.IsEnum() {
		return "an enum"
	}
	return "a value object"
}

func quoteAll(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}
