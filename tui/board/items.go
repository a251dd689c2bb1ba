package board

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"eventstorm/model"
)

// itemLists are the lists of plain text items each kind carries: a
// command's rules, an enum type's values, an external system's calls.
var itemLists = map[Kind]string{Command: "rules", Type: "enum", External: "calls"}

// Items are the text items of an element's list (see ItemList), as
// written.
func (b *Board) Items(k Key) []string {
	var out []string
	switch x := b.Find(k).(type) {
	case *model.Command:
		if k.Kind == Command {
			for _, r := range x.Rules {
				out = append(out, r.Text)
			}
		}
	case *model.Type:
		for _, v := range x.Enum {
			out = append(out, v.Value)
		}
	case *model.ExternalSystem:
		for _, c := range x.Calls {
			out = append(out, c.Name)
		}
	}
	return out
}

// ItemList names the list of text items elements of the kind carry
// (rules, enum, calls), or "" for none.
func ItemList(k Kind) string { return itemLists[k] }

// SetItem adds text to the element's list of items (rules of a command,
// values of an enum, calls of an external system), or, when old names an
// item, changes that item in place. A rule's new text follows into the
// scenarios rejected by it. A value object takes no enum values.
func (b *Board) SetItem(k Key, old, text string) error {
	list := itemLists[k.Kind]
	text = strings.TrimSpace(text)
	if list == "" {
		return fmt.Errorf("a %s has no list of items", k.Kind)
	}
	if text == "" {
		return fmt.Errorf("the %s item is blank", list)
	}
	x, n, err := b.lookup(k)
	if err != nil {
		return err
	}
	if t, ok := x.(*model.Type); ok && !t.IsEnum() && len(t.Fields) > 0 {
		return fmt.Errorf("%s is a value object (it has fields); an enum's values go on an enum type", t.Name)
	}
	return b.edit(func(*yaml.Node) error {
		s := seq(n, list, list != "rules")
		if k.Kind == Type {
			del(n, "fields")
		}
		i := itemIndex(s, old)
		for j, item := range s.Content {
			if strings.TrimSpace(item.Value) == text && j != i {
				return fmt.Errorf("%s already has %q", k, text)
			}
		}
		if old == "" || i < 0 {
			s.Content = append(s.Content, str(text))
			return nil
		}
		s.Content[i].Value, s.Content[i].Tag, s.Content[i].Style = text, "!!str", 0
		switch e := x.(type) {
		case *model.Command:
			b.renameRule(e, old, text)
		case *model.Type:
			b.renameEnumValue(e, strings.TrimSpace(old), text)
		}
		return nil
	})
}

// RemoveItem removes an item from the element's list; the list goes when
// it is empty (but an enum keeps an empty list, which validation flags,
// rather than turning into a value object).
func (b *Board) RemoveItem(k Key, text string) error {
	list := itemLists[k.Kind]
	_, n, err := b.lookup(k)
	if err != nil {
		return err
	}
	s := get(n, list)
	i := itemIndex(s, text)
	if list == "" || i < 0 {
		return fmt.Errorf("%s has no item %q", k, text)
	}
	return b.edit(func(*yaml.Node) error {
		s.Content = append(s.Content[:i], s.Content[i+1:]...)
		if len(s.Content) == 0 && k.Kind != Type {
			del(n, list)
		}
		return nil
	})
}

// itemIndex is the index of the item saying text in the sequence s, or -1.
func itemIndex(s *yaml.Node, text string) int {
	if s == nil || s.Kind != yaml.SequenceNode || text == "" {
		return -1
	}
	for i, item := range s.Content {
		if strings.TrimSpace(item.Value) == strings.TrimSpace(text) {
			return i
		}
	}
	return -1
}

// renameRule rewrites `rejected: <rule>` in the command's aggregate's
// scenarios from the rule's old text to its new one.
func (b *Board) renameRule(c *model.Command, old, text string) {
	for _, s := range c.Aggregate.Scenarios {
		if s.RuleText == strings.TrimSpace(old) {
			b.setScalar(s.RulePos, text)
		}
	}
}

// AddEnum adds an enum type with its values to a context (a type added by
// AddType is a value object).
func (b *Board) AddEnum(ctx, name string, values ...string) (Key, error) {
	s := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			s.Content = append(s.Content, str(v))
		}
	}
	return b.addTo(ctxKey(ctx), "types", Type, name, str("enum"), s)
}

// renameEnumValue rewrites the values written for fields of the enum t
// from old to text: read models' `set` constants and the values of
// scenario and flow steps.
func (b *Board) renameEnumValue(t *model.Type, old, text string) {
	isT := func(f *model.Field) bool {
		if f == nil || f.Type == nil {
			return false
		}
		base := f.Type.Base()
		return base.Kind == model.Named && base.Type == t
	}
	for _, c := range b.Model.Contexts {
		for _, r := range c.ReadModels {
			for _, pr := range r.From {
				for _, sv := range pr.Set {
					if sv.Value == old && isT(fieldNamed(r.Fields, sv.Field)) {
						b.setScalar(sv.Pos, text)
					}
				}
			}
		}
	}
	for _, s := range refs(b.Model) {
		for _, fv := range s.ref.Values {
			if fv.Value != nil && fv.Value.Kind == model.ScalarValue && fv.Value.Text == old && isT(fv.Field) {
				b.setScalar(fv.Value.Pos, text)
			}
		}
	}
}

func fieldNamed(fs []*model.Field, name string) *model.Field {
	for _, f := range fs {
		if f.Name == name {
			return f
		}
	}
	return nil
}
