package board

import (
	"gopkg.in/yaml.v3"

	"eventstorm/model"
)

// index maps the positions the model reports back to the YAML nodes of the
// document they were read from, and every node to its parent.
type index struct {
	scalars  map[model.Pos]*yaml.Node
	mappings map[model.Pos]*yaml.Node
	parent   map[*yaml.Node]*yaml.Node
	end      map[*yaml.Node]model.Pos // last position inside a node
}

func newIndex(doc *yaml.Node) *index {
	ix := &index{
		scalars:  map[model.Pos]*yaml.Node{},
		mappings: map[model.Pos]*yaml.Node{},
		parent:   map[*yaml.Node]*yaml.Node{},
		end:      map[*yaml.Node]model.Pos{},
	}
	ix.walk(doc, nil)
	return ix
}

func (ix *index) walk(n, parent *yaml.Node) model.Pos {
	if n == nil {
		return model.Pos{}
	}
	if _, seen := ix.parent[n]; seen && n.Kind != yaml.DocumentNode {
		return ix.end[n]
	}
	ix.parent[n] = parent
	p := model.Pos{Line: n.Line, Col: n.Column}
	switch n.Kind {
	case yaml.ScalarNode:
		ix.scalars[p] = n
	case yaml.MappingNode:
		ix.mappings[p] = n
	}
	end := p
	if n.Kind != yaml.AliasNode {
		for _, c := range n.Content {
			if e := ix.walk(c, n); end.Less(e) {
				end = e
			}
		}
	}
	ix.end[n] = end
	return end
}

func str(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func boolean(b bool) *yaml.Node {
	v := "false"
	if b {
		v = "true"
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: v}
}

func mapping(pairs ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: pairs}
}

// get returns the value of key in mapping m, or nil.
func get(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// set replaces the value of key in m, or appends the pair.
func set(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			// Keep the old value's comments.
			old := m.Content[i+1]
			v.LineComment, v.HeadComment, v.FootComment = old.LineComment, old.HeadComment, old.FootComment
			m.Content[i+1] = v
			return
		}
	}
	// A new key goes where a tidy file has it: before the first key that
	// comes after it in the format page's order.
	r := rank(key)
	for i := 0; i+1 < len(m.Content); i += 2 {
		if rank(m.Content[i].Value) > r {
			m.Content = append(m.Content[:i], append([]*yaml.Node{str(key), v}, m.Content[i:]...)...)
			return
		}
	}
	m.Content = append(m.Content, str(key), v)
}

// keyOrder is the order of keys in a tidy model file.
var keyOrder = []string{"eventstorm", "system", "name", "text", "code", "module", "description",
	"id", "idType", "store", "key", "actor", "creates", "when", "then", "target", "on", "version", "enum", "fields", "earlier",
	"emits", "rules", "uses", "calls", "from", "types", "aggregates", "commands", "events",
	"scenarios", "policies", "readModels", "externalSystems", "hotspots", "contexts", "relationships"}

func rank(key string) int {
	for i, k := range keyOrder {
		if k == key {
			return i
		}
	}
	return len(keyOrder)
}

// del removes key from m.
func del(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = append(m.Content[:i], m.Content[i+2:]...)
			return
		}
	}
}

// seq returns the sequence under key in m, creating it (or turning a null or
// a lone scalar into one). Flow lists stay flow when they have items.
func seq(m *yaml.Node, key string, flow bool) *yaml.Node {
	v := get(m, key)
	switch {
	case v == nil || (v.Kind == yaml.ScalarNode && v.Tag == "!!null"):
		v = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		set(m, key, v)
	case v.Kind == yaml.ScalarNode:
		item := *v
		item.LineComment, item.HeadComment, item.FootComment = "", "", ""
		v = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{&item}}
		set(m, key, v)
	}
	if flow {
		v.Style = yaml.FlowStyle
	} else if len(v.Content) == 0 {
		v.Style = 0
	}
	return v
}

// remove deletes child from parent's content.
func remove(parent, child *yaml.Node) bool {
	if parent == nil {
		return false
	}
	for i, c := range parent.Content {
		if c == child {
			parent.Content = append(parent.Content[:i], parent.Content[i+1:]...)
			return true
		}
	}
	return false
}
