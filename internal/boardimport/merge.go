package boardimport

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"eventstorm/internal/yamlkeep"
)

// MergeReport says what a re-import changed in an existing model.
type MergeReport struct {
	Added, Updated int
	// Gone names the elements whose sticky is no longer on the board; they
	// are kept, since the team may have written fields, rules or scenarios
	// on them: delete them by hand if they are really gone.
	Gone []string
}

// ErrNotModel is returned when the file to merge into is not an
// eventstorm model, so that it is never overwritten.
var ErrNotModel = errors.New("is not an eventstorm model (no `eventstorm:` key at the top); refusing to overwrite it")

// Merge updates an existing model file with a fresh import of its board:
// elements are matched by `source` (board and id); a matched element takes
// the sticky's new text and gains the board's new links, and keeps every
// key the team added by hand (fields, rules, scenarios, descriptions,
// comments). New stickies are added where the board puts them; elements
// whose sticky is gone are kept and reported.
func Merge(existing []byte, d *Draft) ([]byte, *MergeReport, error) {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(existing)).Decode(&doc); err != nil {
		return nil, nil, fmt.Errorf("cannot read the existing model: %v", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode || get(doc.Content[0], "eventstorm") == nil {
		return nil, nil, ErrNotModel
	}
	root := doc.Content[0]
	m := &merger{d: d, index: map[string]*yaml.Node{}, seen: map[string]bool{}, rep: &MergeReport{}}
	m.indexSources(root, 0)
	ctxs := get(root, "contexts")
	if ctxs == nil || ctxs.Kind != yaml.SequenceNode {
		ctxs = seq()
		add(root, "contexts", ctxs)
	}
	for _, c := range d.Contexts {
		m.context(ctxs, c)
	}
	if len(m.renames) > 0 {
		renameRefs(ctxs, m.renames, 0)
	}
	m.gone()
	// Written in the file's own text where the import left it alone:
	// blank lines, { a: b } spacing and aligned comments stay.
	return yamlkeep.Keep(existing, encode(&doc), func(n *yaml.Node) ([]byte, error) { return encode(n), nil }), m.rep, nil
}

type merger struct {
	d     *Draft
	index map[string]*yaml.Node // board id → the element's mapping
	seen  map[string]bool
	rep   *MergeReport
	// renames are the elements renamed (old, new), for their references.
	renames [][2]string
}

// indexSources finds every mapping with a `source` of this board.
func (m *merger) indexSources(n *yaml.Node, depth int) {
	if depth > 100 {
		return
	}
	if n.Kind == yaml.MappingNode {
		if src := get(n, "source"); src != nil && src.Kind == yaml.MappingNode {
			if b, id := get(src, "board"), get(src, "id"); b != nil && id != nil && b.Value == m.d.Board && id.Value != "" {
				if _, dup := m.index[id.Value]; !dup {
					m.index[id.Value] = n
				}
			}
		}
	}
	for _, c := range n.Content {
		m.indexSources(c, depth+1)
	}
}

// find returns the existing element of a sticky, marking it seen.
func (m *merger) find(id string) *yaml.Node {
	if id == "" {
		return nil
	}
	m.seen[id] = true
	return m.index[id]
}

func (m *merger) context(ctxs *yaml.Node, c *DraftContext) {
	n := m.find(c.ID)
	if n == nil {
		n = byName(ctxs, "name", c.Name)
	}
	if n == nil && c.ID == "" && len(m.d.Contexts) == 1 && len(ctxs.Content) == 1 {
		// A wall without frames is the model's one context, whatever the
		// team has called it since.
		n = ctxs.Content[0]
	}
	if n == nil {
		ctxs.Content = append(ctxs.Content, m.d.contextNode(c))
		m.rep.Added += m.countNew(c)
		return
	}
	m.update(n, "name", c.Name, c.ID)
	for _, a := range c.Aggregates {
		m.aggregate(n, a)
	}
	for _, p := range c.Policies {
		pn := m.d.elementNode(p.Name, p.ID)
		add(pn, "when", scalar(p.When))
		add(pn, "then", scalar(p.Then))
		m.element(list(n, "policies"), pn, p.ID, "name", p.Name, func(old *yaml.Node) {
			set(old, "when", scalar(p.When))
			set(old, "then", scalar(p.Then))
		})
	}
	for _, r := range c.ReadModels {
		rn := m.d.elementNode(r.Name, r.ID)
		add(rn, "from", flowList(r.From))
		m.element(list(n, "readModels"), rn, r.ID, "name", r.Name, func(old *yaml.Node) { union(old, "from", r.From) })
	}
	for _, x := range c.Externals {
		m.element(list(n, "externalSystems"), m.d.elementNode(x.Name, x.ID), x.ID, "name", x.Name, nil)
	}
	for _, h := range c.Hotspots {
		hn := mapping()
		add(hn, "text", scalar(h.Name))
		m.d.addSource(hn, h.ID)
		m.hotspot(list(n, "hotspots"), hn, h)
	}
}

func (m *merger) aggregate(ctx *yaml.Node, a *DraftAggregate) {
	aggs := list(ctx, "aggregates")
	n := m.find(a.ID)
	if n == nil {
		n = byName(aggs, "name", a.Name)
	}
	if n == nil {
		aggs.Content = append(aggs.Content, m.d.aggregateNode(a))
		m.rep.Added += 1 + len(a.Commands) + len(a.Events)
		return
	}
	m.update(n, "name", a.Name, a.ID)
	for _, c := range a.Commands {
		cn := m.d.aggregateNode(&DraftAggregate{Commands: []*DraftCommand{c}})
		cmdNode := get(cn, "commands").Content[0]
		m.element(list(n, "commands"), cmdNode, c.ID, "name", c.Name, func(old *yaml.Node) {
			if c.Actor != "" {
				set(old, "actor", scalar(c.Actor))
			}
			union(old, "emits", c.Emits)
			union(old, "uses", c.Uses)
		})
	}
	for _, e := range a.Events {
		m.element(list(n, "events"), m.d.elementNode(e.Name, e.ID), e.ID, "name", e.Name, nil)
	}
}

// element updates the existing element of sticky id (its name, then
// more), or appends fresh to the list when the sticky is new.
func (m *merger) element(l, fresh *yaml.Node, id, key, name string, more func(old *yaml.Node)) {
	old := m.find(id)
	if old == nil && id == "" {
		old = byName(l, key, name)
	}
	if old == nil {
		l.Content = append(l.Content, fresh)
		m.rep.Added++
		return
	}
	m.update(old, key, name, id)
	if more != nil {
		more(old)
	}
}

// hotspot adds a hotspot unless one with the same text is there already.
func (m *merger) hotspot(l, fresh *yaml.Node, h *DraftElement) {
	m.seen[h.ID] = true
	for _, n := range l.Content {
		if n.Kind == yaml.ScalarNode && n.Value == h.Name {
			return
		}
		if t := get(n, "text"); t != nil && t.Value == h.Name {
			return
		}
	}
	l.Content = append(l.Content, fresh)
	m.rep.Added++
}

// update renames an element to its sticky's text, counting a change, and
// renames the references to it (emits, when, then, from, scenarios).
func (m *merger) update(n *yaml.Node, key, name, id string) {
	if v := get(n, key); v != nil && v.Value != name && id != "" {
		if key == "name" {
			m.renames = append(m.renames, [2]string{v.Value, name})
		}
		v.Value, v.Style = name, 0
		m.rep.Updated++
	}
}

// notRefs are the keys whose values never name another element: they keep
// their text when an element is renamed.
var notRefs = map[string]bool{"name": true, "code": true, "description": true, "text": true, "rules": true,
	"fields": true, "source": true, "set": true, "key": true, "id": true, "idType": true, "system": true,
	"module": true, "enum": true, "calls": true, "target": true, "earlier": true}

// renameRefs rewrites, below n, every reference to a renamed element: a
// scalar equal to the old name, or to `Context.old name`, and a one-key
// scenario mapping keyed by it.
func renameRefs(n *yaml.Node, renames [][2]string, depth int) {
	if depth > 100 {
		return
	}
	switch n.Kind {
	case yaml.ScalarNode:
		for _, r := range renames {
			if n.Value == r[0] {
				n.Value, n.Style = r[1], 0
				return
			}
			if strings.HasSuffix(n.Value, "."+r[0]) {
				n.Value, n.Style = strings.TrimSuffix(n.Value, r[0])+r[1], 0
				return
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if notRefs[k.Value] {
				continue
			}
			if depth > 0 && len(n.Content) == 2 && (v.Kind == yaml.MappingNode || v.Kind == yaml.ScalarNode && v.Tag == "!!null") {
				renameRefs(k, renames, depth+1) // `{ Place Order: { ... } }` in scenarios
			}
			renameRefs(v, renames, depth+1)
		}
	case yaml.SequenceNode, yaml.DocumentNode:
		for _, c := range n.Content {
			renameRefs(c, renames, depth+1)
		}
	}
}

// gone lists the elements with a source of this board whose sticky the
// import did not see.
func (m *merger) gone() {
	for id, n := range m.index {
		if m.seen[id] {
			continue
		}
		name := id
		if v := get(n, "name"); v != nil {
			name = fmt.Sprintf("%q (sticky %s)", v.Value, id)
		} else if v := get(n, "text"); v != nil {
			name = fmt.Sprintf("%q (sticky %s)", v.Value, id)
		}
		m.rep.Gone = append(m.rep.Gone, name)
	}
	sort.Strings(m.rep.Gone)
}

func (m *merger) countNew(c *DraftContext) int {
	n := 1 + len(c.Policies) + len(c.ReadModels) + len(c.Externals) + len(c.Hotspots)
	for _, a := range c.Aggregates {
		n += 1 + len(a.Commands) + len(a.Events)
	}
	return n
}

// get is the value of key in mapping n, nil when absent.
func get(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// set replaces or adds key in mapping n.
func set(n *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			n.Content[i+1] = v
			return
		}
	}
	add(n, key, v)
}

// list is the sequence under key in mapping n, created when absent or null.
func list(n *yaml.Node, key string) *yaml.Node {
	if v := get(n, key); v != nil && v.Kind == yaml.SequenceNode {
		return v
	}
	s := seq()
	set(n, key, s)
	return s
}

// union adds to the list under key the names it lacks (a scalar value
// becomes a list), keeping what is there.
func union(n *yaml.Node, key string, names []string) {
	if len(names) == 0 {
		return
	}
	v := get(n, key)
	if v == nil || v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		set(n, key, flowList(names))
		return
	}
	if v.Kind == yaml.ScalarNode {
		l := flowList([]string{v.Value})
		set(n, key, l)
		v = l
	}
	if v.Kind != yaml.SequenceNode {
		return
	}
	for _, name := range names {
		if byName(v, "event", name) == nil {
			v.Content = append(v.Content, scalar(name))
		}
	}
}

// byName finds in a sequence the scalar name, or the mapping whose key
// holds it.
func byName(l *yaml.Node, key, name string) *yaml.Node {
	for _, n := range l.Content {
		if n.Kind == yaml.ScalarNode && strings.EqualFold(n.Value, name) {
			return n
		}
		if v := get(n, key); v != nil && strings.EqualFold(v.Value, name) {
			return n
		}
	}
	return nil
}
