package board

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"eventstorm/model"
)

// projection finds the `from` entry of a read model for the event written
// as event, and its node, turning an entry written as a bare event name
// into a mapping so that it can take `set` and `delete`.
func (b *Board) projection(rm Key, event string) (*model.Projection, *yaml.Node, error) {
	x, _, err := b.lookup(rm)
	if err != nil {
		return nil, nil, err
	}
	r, ok := x.(*model.ReadModel)
	if !ok {
		return nil, nil, fmt.Errorf("%s is no read model", rm)
	}
	for _, pr := range r.From {
		if pr.Event == nil || strings.TrimSpace(pr.Event.Text) != strings.TrimSpace(event) {
			continue
		}
		if n := b.ix.mappings[pr.Pos]; n != nil {
			return pr, n, nil
		}
		if n := b.ix.scalars[pr.Pos]; n != nil {
			text := n.Value
			*n = *mapping(str("event"), str(text))
			return pr, n, nil
		}
	}
	return nil, nil, fmt.Errorf("%s is not fed by %q: link the event first (l)", rm.Name, event)
}

// SetProjectionValue sets a constant that the read model's row takes when
// the event arrives (`set: { status: placed }`); an empty value removes
// the constant. The value is written as YAML would read it, so that
// `true` is a bool and `12` a number.
func (b *Board) SetProjectionValue(rm Key, event, field, value string) error {
	field = strings.TrimSpace(field)
	if field == "" {
		return fmt.Errorf("name the field the value goes to")
	}
	_, n, err := b.projection(rm, event)
	if err != nil {
		return err
	}
	return b.edit(func(*yaml.Node) error {
		if strings.TrimSpace(value) == "" {
			s := get(n, "set")
			i := pairIndex(s, field)
			if i < 0 {
				return fmt.Errorf("%q sets no %s", event, field)
			}
			s.Content = append(s.Content[:i], s.Content[i+2:]...)
			if len(s.Content) == 0 {
				del(n, "set")
			}
			return nil
		}
		s := get(n, "set")
		if s == nil || s.Kind != yaml.MappingNode {
			s = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}
			set(n, "set", s)
		}
		if i := pairIndex(s, field); i >= 0 {
			s.Content[i+1] = scalar(value)
		} else {
			s.Content = append(s.Content, str(field), scalar(value))
		}
		return nil
	})
}

// SetProjectionDelete sets whether the event removes the read model's row.
func (b *Board) SetProjectionDelete(rm Key, event string, on bool) error {
	_, n, err := b.projection(rm, event)
	if err != nil {
		return err
	}
	return b.edit(func(*yaml.Node) error {
		if on {
			set(n, "delete", boolean(true))
		} else {
			del(n, "delete")
		}
		return nil
	})
}

// pairIndex is the index of key in mapping m's content, or -1.
func pairIndex(m *yaml.Node, key string) int {
	if m == nil || m.Kind != yaml.MappingNode {
		return -1
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// scalar is the node YAML reads text as when it is a plain scalar (a
// number, a bool, null or a string); anything else is a string.
func scalar(text string) *yaml.Node {
	text = strings.TrimSpace(text)
	var doc yaml.Node
	if yaml.Unmarshal([]byte(text), &doc) == nil && len(doc.Content) == 1 && doc.Content[0].Kind == yaml.ScalarNode {
		n := doc.Content[0]
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: n.Tag, Value: n.Value, Style: n.Style &^ (yaml.TaggedStyle)}
	}
	return str(text)
}
