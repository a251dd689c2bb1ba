package board

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"eventstorm/model"
)

// Fields are an element's fields as written; nil for kinds without fields.
func (b *Board) Fields(k Key) []*model.Field {
	return fieldsOf(b.Find(k))
}

// HasFields reports whether elements of the kind carry fields.
func HasFields(k Kind) bool {
	switch k {
	case Aggregate, Command, Event, ReadModel, Type:
		return true
	}
	return false
}

// SetField adds the field name of type typ to an element, or, when old names
// an existing field, renames and retypes it in place.
func (b *Board) SetField(k Key, old, name, typ string) error {
	if !HasFields(k.Kind) {
		return fmt.Errorf("a %s has no fields", k.Kind)
	}
	name, typ = strings.TrimSpace(name), strings.Join(strings.Fields(typ), " ")
	if name == "" {
		return fmt.Errorf("the field has no name")
	}
	if _, err := model.ParseType(typ); err != nil {
		return err
	}
	x, n, err := b.lookup(k)
	if err != nil {
		return err
	}
	if t, ok := x.(*model.Type); ok && t.IsEnum() {
		return fmt.Errorf("%s is an enum: it has values, not fields", t.Name)
	}
	return b.edit(func(*yaml.Node) error {
		f := get(n, "fields")
		if f == nil || f.Kind != yaml.MappingNode {
			f = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}
			set(n, "fields", f)
		}
		for i := 0; i+1 < len(f.Content); i += 2 {
			if f.Content[i].Value == name && name != old {
				return fmt.Errorf("%s already has a field %q", k, name)
			}
		}
		for i := 0; i+1 < len(f.Content); i += 2 {
			if old != "" && f.Content[i].Value == old {
				f.Content[i].Value = name
				f.Content[i+1].Value, f.Content[i+1].Tag, f.Content[i+1].Style = typ, "!!str", 0
				return nil
			}
		}
		f.Content = append(f.Content, str(name), str(typ))
		return nil
	})
}

// RemoveField removes a field from an element.
func (b *Board) RemoveField(k Key, name string) error {
	x, n, err := b.lookup(k)
	if err != nil {
		return err
	}
	if t, ok := x.(*model.Type); ok && t.IsEnum() {
		return fmt.Errorf("%s is an enum: it has values, not fields", t.Name)
	}
	return b.edit(func(*yaml.Node) error {
		f := get(n, "fields")
		for i := 0; f != nil && i+1 < len(f.Content); i += 2 {
			if f.Content[i].Value == name {
				f.Content = append(f.Content[:i], f.Content[i+2:]...)
				if len(f.Content) == 0 {
					del(n, "fields")
				}
				return nil
			}
		}
		return fmt.Errorf("%s has no field %q", k, name)
	})
}

// KnownTypes are the types a field of the context may have: the scalars,
// the context's own types, and the list and optional forms.
func (b *Board) KnownTypes(ctx string) []string {
	out := append([]string{}, model.Scalars...)
	if c := b.ContextNamed(ctx); c != nil {
		for _, t := range c.Types {
			out = append(out, t.Name)
		}
	}
	base := append([]string{}, out...)
	for _, t := range base {
		out = append(out, "list of "+t)
	}
	for _, t := range base {
		out = append(out, "optional "+t)
	}
	return out
}
