package board

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"eventstorm/model"
)

// Relationship is how the board shows a relationship between contexts.
type Relationship struct {
	Upstream, Downstream, Pattern string
}

// Relationships are the model's relationships between contexts, as
// written.
func (b *Board) Relationships() []Relationship {
	var out []Relationship
	for _, r := range b.Model.Relationships {
		out = append(out, Relationship{refText(r.Upstream), refText(r.Downstream), r.Pattern})
	}
	return out
}

func refText(r *model.Ref) string {
	if r == nil {
		return ""
	}
	return r.Text
}

// relationshipNode is the node of the relationship from up to down, or nil.
func (b *Board) relationshipNode(up, down string) *yaml.Node {
	for _, r := range b.Model.Relationships {
		if refText(r.Upstream) == up && refText(r.Downstream) == down {
			return b.ix.mappings[r.Pos]
		}
	}
	return nil
}

// SetRelationship declares that the context up is upstream of down with
// the pattern (one of model.Patterns), or changes the pattern of the
// relationship already declared between them.
func (b *Board) SetRelationship(up, down, pattern string) error {
	up, down, pattern = strings.TrimSpace(up), strings.TrimSpace(down), strings.TrimSpace(pattern)
	if b.ContextNamed(up) == nil || b.ContextNamed(down) == nil {
		return fmt.Errorf("a relationship is between two contexts of the model")
	}
	if up == down {
		return fmt.Errorf("a context is not upstream of itself")
	}
	known := false
	for _, p := range model.Patterns {
		known = known || p == pattern
	}
	if !known {
		return fmt.Errorf("the pattern is one of %s", strings.Join(model.Patterns, ", "))
	}
	n := b.relationshipNode(up, down)
	return b.edit(func(root *yaml.Node) error {
		if n != nil {
			set(n, "pattern", str(pattern))
			return nil
		}
		s := seq(root, "relationships", false)
		s.Content = append(s.Content, mapping(str("upstream"), str(up), str("downstream"), str(down), str("pattern"), str(pattern)))
		return nil
	})
}

// RemoveRelationship removes the relationship from up to down.
func (b *Board) RemoveRelationship(up, down string) error {
	n := b.relationshipNode(up, down)
	if n == nil {
		return fmt.Errorf("no relationship from %s to %s", up, down)
	}
	return b.edit(func(root *yaml.Node) error {
		remove(b.ix.parent[n], n)
		if rs := get(root, "relationships"); rs != nil && len(rs.Content) == 0 {
			del(root, "relationships")
		}
		return nil
	})
}
