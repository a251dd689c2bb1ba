package board

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// SetScenario adds a scenario to an aggregate, or replaces the one of the
// same name, from its YAML text: a mapping with name, given, when and then
// as the model format writes them, e.g.
//
//	{ name: an order can be placed, when: { Place Order: { amount: "1" } }, then: [Order Placed] }
//
// The scenario is validated with the rest of the model: what it names
// that does not exist is reported as a diagnostic, as for any edit.
func (b *Board) SetScenario(agg Key, text string) (replaced bool, err error) {
	sc, name, err := parseScenario(text)
	if err != nil {
		return false, err
	}
	_, n, err := b.lookup(agg)
	if err != nil {
		return false, err
	}
	err = b.edit(func(*yaml.Node) error {
		list := seq(n, "scenarios", false)
		if i := scenarioIndex(list, name); i >= 0 {
			old := list.Content[i]
			keepStyle(sc, old)
			sc.HeadComment, sc.LineComment, sc.FootComment = old.HeadComment, old.LineComment, old.FootComment
			list.Content[i] = sc
			replaced = true
			return nil
		}
		list.Content = append(list.Content, sc)
		return nil
	})
	return replaced, err
}

// RemoveScenario removes the aggregate's scenario with the name.
func (b *Board) RemoveScenario(agg Key, name string) error {
	_, n, err := b.lookup(agg)
	if err != nil {
		return err
	}
	list := get(n, "scenarios")
	i := scenarioIndex(list, strings.TrimSpace(name))
	if i < 0 {
		return fmt.Errorf("%s has no scenario %q", agg, name)
	}
	return b.edit(func(*yaml.Node) error {
		list.Content = append(list.Content[:i], list.Content[i+1:]...)
		if len(list.Content) == 0 {
			del(n, "scenarios")
		}
		return nil
	})
}

// parseScenario reads a scenario's YAML text into a mapping node and its
// name.
func parseScenario(text string) (*yaml.Node, string, error) {
	return parseEntry(text, "scenario", "name, given, when and then")
}

// parseEntry reads the YAML text of a named entry with when and then (a
// scenario, a flow) into a mapping node and its name.
func parseEntry(text, what, keys string) (*yaml.Node, string, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		return nil, "", fmt.Errorf("the %s is not YAML: %v", what, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, "", fmt.Errorf("the %s must be a mapping with %s", what, keys)
	}
	sc := doc.Content[0]
	sc.Style = 0 // block, like the entries around it
	name := get(sc, "name")
	if name == nil || name.Kind != yaml.ScalarNode || strings.TrimSpace(name.Value) == "" {
		return nil, "", fmt.Errorf("the %s needs a name", what)
	}
	if get(sc, "when") == nil || get(sc, "then") == nil {
		return nil, "", fmt.Errorf("%s %q needs when and then", what, name.Value)
	}
	return sc, strings.TrimSpace(name.Value), nil
}

// scenarioIndex is the index of the scenario named name in list, or -1.
func scenarioIndex(list *yaml.Node, name string) int {
	if list == nil || list.Kind != yaml.SequenceNode {
		return -1
	}
	for i, s := range list.Content {
		if n := get(s, "name"); n != nil && strings.TrimSpace(n.Value) == name {
			return i
		}
	}
	return -1
}

// ScenarioText is the aggregate's scenario of the name written as one line
// of YAML, as SetScenario reads it back; "" when there is none.
func (b *Board) ScenarioText(agg Key, name string) string {
	_, n, err := b.lookup(agg)
	if err != nil {
		return ""
	}
	list := get(n, "scenarios")
	i := scenarioIndex(list, strings.TrimSpace(name))
	if i < 0 {
		return ""
	}
	c := flowCopy(list.Content[i])
	out, err := yaml.Marshal(c)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// flowCopy is a deep copy of n written in flow style, without comments.
func flowCopy(n *yaml.Node) *yaml.Node {
	c := *n
	c.HeadComment, c.LineComment, c.FootComment = "", "", ""
	if c.Kind == yaml.MappingNode || c.Kind == yaml.SequenceNode {
		c.Style = yaml.FlowStyle
	}
	c.Content = nil
	for _, x := range n.Content {
		c.Content = append(c.Content, flowCopy(x))
	}
	return &c
}
