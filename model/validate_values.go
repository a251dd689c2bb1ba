package model

import (
	"strings"
)

// fieldValues checks the values a scenario or flow step gives to the
// fields of an element (owner names it in messages), resolving each
// FieldValue's Field.
func (v *validator) fieldValues(owner string, fields []*Field, vals []*FieldValue) {
	for _, fv := range vals {
		var f *Field
		for _, x := range fields {
			if sameFieldName(x.Name, fv.Name) {
				f = x
				break
			}
		}
		if f == nil {
			v.errorf(fv.Pos, "%s has no field %q%s", owner, fv.Name, suggest(fv.Name, fieldNames(fields)))
			continue
		}
		fv.Field = f
		v.checkValue(owner+": "+f.Name, f.Type, fv.Value)
	}
}

// checkValue checks that a written value fits a type; what names the
// value in messages.
func (v *validator) checkValue(what string, t *TypeRef, val *Value) {
	switch {
	case t.Kind == Optional:
		if val.Kind == ScalarValue && val.Tag == "!!null" {
			return
		}
		v.checkValue(what, t.Elem, val)
	case t.Kind == List:
		if val.Kind != ListValue {
			v.errorf(val.Pos, "%s is %s: write a list such as [ ... ]", what, t)
			return
		}
		for _, item := range val.Items {
			v.checkValue(what, t.Elem, item)
		}
	case t.Kind == Named && t.Type != nil && !t.Type.IsEnum():
		v.valueObject(what, t, val)
	case val.Kind != ScalarValue:
		v.errorf(val.Pos, "%s is %s: write a single value, not %s", what, t, valueKindName(val.Kind))
	default:
		if ok, want := fits(val.Text, val.Tag, t); !ok {
			v.errorf(val.Pos, "%s: %q does not fit %s; write %s", what, val.Text, t, want)
		}
	}
}

// valueObject checks a mapping given for a value object: known fields
// only, and every field that is not optional, since a value object given
// in a scenario is given whole.
func (v *validator) valueObject(what string, t *TypeRef, val *Value) {
	if val.Kind != MapValue {
		v.errorf(val.Pos, "%s is the value object %s: write its fields as { name: value, ... }", what, t.Name)
		return
	}
	v.fieldValues(what+" ("+t.Name+")", t.Type.Fields, val.Fields)
	var missing []string
	for _, f := range t.Type.Fields {
		if f.Type.Kind == Optional {
			continue
		}
		given := false
		for _, fv := range val.Fields {
			given = given || sameFieldName(fv.Name, f.Name)
		}
		if !given {
			missing = append(missing, f.Name)
		}
	}
	if len(missing) > 0 {
		v.errorf(val.Pos, "%s: the value object %s needs %s too", what, t.Name, strings.Join(missing, ", "))
	}
}

func valueKindName(k ValueKind) string {
	if k == ListValue {
		return "a list"
	}
	return "a mapping"
}

// scenarioRule resolves the rule a rejected scenario names among the
// command's rules, compared without regard to case and spacing.
func (v *validator) scenarioRule(s *Scenario, cmd *Command) {
	if s.RuleText == "" || cmd == nil {
		return
	}
	norm := func(text string) string { return strings.ToLower(strings.Join(strings.Fields(text), " ")) }
	var texts []string
	for _, r := range cmd.Rules {
		if norm(r.Text) == norm(s.RuleText) {
			s.Rule = r
			return
		}
		texts = append(texts, r.Text)
	}
	if len(texts) == 0 {
		v.errorf(s.RulePos, "scenario %q: %q has no rules; add %q to its `rules:` or write `then: rejected`", s.Name, cmd.Name, s.RuleText)
		return
	}
	v.errorf(s.RulePos, "scenario %q: %q is not a rule of %q%s", s.Name, s.RuleText, cmd.Name, suggest(s.RuleText, texts))
}
