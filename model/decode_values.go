package model

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// step reads a scenario or flow step: a bare name (`Place Order`) or a
// one-key mapping from the name to field values (`{ Place Order: {
// amount: "12.50" } }`).
func (l *loader) step(n *yaml.Node, what string) *Ref {
	n = l.deref(n)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return l.ref(n, what)
	}
	pairs, ok := l.mapping(n, what)
	if !ok {
		return nil
	}
	if len(pairs) != 1 {
		l.errorf(pos(n), "%s must be a name, or one name with its field values such as `{ Place Order: { amount: \"12.50\" } }`, not a mapping of %d keys", what, len(pairs))
		return nil
	}
	p := pairs[0]
	r := &Ref{Text: strings.TrimSpace(p.key), Pos: pos(p.k)}
	if p.value != nil {
		r.Values = l.fieldValues(p.value, "the field values of "+quote(r.Text))
	}
	return r
}

// steps reads a list of steps, accepting a single step in place of the
// list.
func (l *loader) steps(n *yaml.Node, what string) []*Ref {
	n = l.deref(n)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return nil
		}
		if r := l.step(n, what); r != nil {
			return []*Ref{r}
		}
		return nil
	}
	var out []*Ref
	for _, item := range l.sequence(n, what) {
		if r := l.step(item, "each entry of "+what); r != nil {
			out = append(out, r)
		}
	}
	return out
}

// fieldValues reads a mapping from field names to values; empty (`{}` or
// nothing) gives none.
func (l *loader) fieldValues(n *yaml.Node, what string) []*FieldValue {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	pairs, ok := l.mapping(n, what)
	if !ok {
		return nil
	}
	out := make([]*FieldValue, 0, len(pairs))
	for _, p := range pairs {
		if p.value == nil {
			continue
		}
		out = append(out, &FieldValue{Name: strings.TrimSpace(p.key), Pos: pos(p.k), Value: l.value(p.value)})
	}
	return out
}

// value reads a value as written: a scalar, a list or a mapping.
func (l *loader) value(n *yaml.Node) *Value {
	v := &Value{Pos: pos(n)}
	switch n.Kind {
	case yaml.SequenceNode:
		v.Kind = ListValue
		v.Items = []*Value{}
		for _, item := range l.sequence(n, "a list value") {
			v.Items = append(v.Items, l.value(item))
		}
	case yaml.MappingNode:
		v.Kind = MapValue
		v.Fields = l.fieldValues(n, "a value object's fields")
		if v.Fields == nil {
			v.Fields = []*FieldValue{}
		}
	default:
		v.Kind = ScalarValue
		v.Text, v.Tag = n.Value, n.Tag
	}
	return v
}
