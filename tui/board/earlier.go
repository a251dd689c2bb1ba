package board

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Earlier are an event's earlier published versions (`earlier:`), each
// written as one line of YAML, as SetEarlier reads it back.
func (b *Board) Earlier(event Key) []string {
	var out []string
	if _, n, err := b.lookup(event); err == nil {
		if s := get(n, "earlier"); s != nil && s.Kind == yaml.SequenceNode {
			for _, item := range s.Content {
				if text, err := yaml.Marshal(flowCopy(item)); err == nil {
					out = append(out, strings.TrimSpace(string(text)))
				}
			}
		}
	}
	return out
}

// SetEarlier adds an earlier version of an event, or replaces the one of
// the same version number, from its YAML text, e.g.
//
//	{ version: 1, fields: { customerId: string, amount: decimal } }
func (b *Board) SetEarlier(event Key, text string) error {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		return fmt.Errorf("the earlier version is not YAML: %v", err)
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode || get(doc.Content[0], "version") == nil {
		return fmt.Errorf("write an earlier version as { version: 1, fields: { ... } }")
	}
	e := doc.Content[0]
	e.Style = 0
	version := get(e, "version").Value
	if event.Kind != Event {
		return fmt.Errorf("only events have earlier versions")
	}
	_, n, err := b.lookup(event)
	if err != nil {
		return err
	}
	return b.edit(func(*yaml.Node) error {
		s := seq(n, "earlier", false)
		if i := versionIndex(s, version); i >= 0 {
			keepStyle(e, s.Content[i])
			s.Content[i] = e
			return nil
		}
		s.Content = append(s.Content, e)
		return nil
	})
}

// RemoveEarlier removes the earlier version of an event with the number.
func (b *Board) RemoveEarlier(event Key, version string) error {
	_, n, err := b.lookup(event)
	if err != nil {
		return err
	}
	s := get(n, "earlier")
	i := versionIndex(s, strings.TrimSpace(version))
	if i < 0 {
		return fmt.Errorf("%s has no earlier version %s", event.Name, version)
	}
	return b.edit(func(*yaml.Node) error {
		s.Content = append(s.Content[:i], s.Content[i+1:]...)
		if len(s.Content) == 0 {
			del(n, "earlier")
		}
		return nil
	})
}

// versionIndex is the index of the entry of the version in s, or -1.
func versionIndex(s *yaml.Node, version string) int {
	if s == nil || s.Kind != yaml.SequenceNode {
		return -1
	}
	for i, item := range s.Content {
		if v := get(item, "version"); v != nil && v.Value == version {
			return i
		}
	}
	return -1
}
