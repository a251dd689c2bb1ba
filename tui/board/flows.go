package board

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// SetFlow adds a flow across contexts, or replaces the one of the same
// name, from its YAML text as the model format writes it, e.g.
//
//	{ name: an order shows, when: Ordering.Place Order, then: [Ordering.Order Placed] }
func (b *Board) SetFlow(text string) (replaced bool, err error) {
	fl, name, err := parseEntry(text, "flow", "name, when and then")
	if err != nil {
		return false, err
	}
	err = b.edit(func(root *yaml.Node) error {
		list := seq(root, "flows", false)
		if i := scenarioIndex(list, name); i >= 0 {
			old := list.Content[i]
			keepStyle(fl, old)
			fl.HeadComment, fl.LineComment, fl.FootComment = old.HeadComment, old.LineComment, old.FootComment
			list.Content[i] = fl
			replaced = true
			return nil
		}
		list.Content = append(list.Content, fl)
		return nil
	})
	return replaced, err
}

// RemoveFlow removes the flow with the name.
func (b *Board) RemoveFlow(name string) error {
	list := get(b.root(), "flows")
	i := scenarioIndex(list, strings.TrimSpace(name))
	if i < 0 {
		return fmt.Errorf("there is no flow %q", name)
	}
	return b.edit(func(root *yaml.Node) error {
		list.Content = append(list.Content[:i], list.Content[i+1:]...)
		if len(list.Content) == 0 {
			del(root, "flows")
		}
		return nil
	})
}

// FlowNames are the names of the model's flows.
func (b *Board) FlowNames() []string {
	var out []string
	for _, f := range b.Model.Flows {
		out = append(out, f.Name)
	}
	return out
}

// FlowText is the flow of the name written as one line of YAML, as SetFlow
// reads it back; "" when there is none.
func (b *Board) FlowText(name string) string {
	list := get(b.root(), "flows")
	i := scenarioIndex(list, strings.TrimSpace(name))
	if i < 0 {
		return ""
	}
	out, err := yaml.Marshal(flowCopy(list.Content[i]))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// keepStyle gives the collections of n the block or flow style of the
// same places in old, the entry n replaces, so that an entry edited as one
// line of text is written back as it was where it did not change.
func keepStyle(n, old *yaml.Node) {
	if n == nil || old == nil || n.Kind != old.Kind {
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		n.Style = old.Style
		for i := 0; i+1 < len(n.Content); i += 2 {
			keepStyle(n.Content[i+1], get(old, n.Content[i].Value))
		}
	case yaml.SequenceNode:
		n.Style = old.Style
		for i := 0; i < len(n.Content) && i < len(old.Content); i++ {
			keepStyle(n.Content[i], old.Content[i])
		}
	}
}
