package boardimport

import (
	"bytes"
	"strconv"

	"gopkg.in/yaml.v3"
)

// YAML writes the draft as a model file in eventstorm's format 1.
func (d *Draft) YAML() []byte {
	return encode(d.Node())
}

func encode(doc *yaml.Node) []byte {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	_ = enc.Encode(doc) // encoding a node tree built here cannot fail
	_ = enc.Close()
	return buf.Bytes()
}

// Node is the draft as a YAML document.
func (d *Draft) Node() *yaml.Node {
	root := mapping()
	add(root, "eventstorm", scalarInt(1))
	add(root, "system", scalar(d.System))
	ctxs := seq()
	for _, c := range d.Contexts {
		ctxs.Content = append(ctxs.Content, d.contextNode(c))
	}
	add(root, "contexts", ctxs)
	return &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}
}

func (d *Draft) contextNode(c *DraftContext) *yaml.Node {
	n := d.elementNode(c.Name, c.ID)
	if len(c.Aggregates) > 0 {
		aggs := seq()
		for _, a := range c.Aggregates {
			aggs.Content = append(aggs.Content, d.aggregateNode(a))
		}
		add(n, "aggregates", aggs)
	}
	if len(c.Policies) > 0 {
		ps := seq()
		for _, p := range c.Policies {
			pn := d.elementNode(p.Name, p.ID)
			add(pn, "when", scalar(p.When))
			add(pn, "then", scalar(p.Then))
			ps.Content = append(ps.Content, pn)
		}
		add(n, "policies", ps)
	}
	if len(c.ReadModels) > 0 {
		rms := seq()
		for _, r := range c.ReadModels {
			rn := d.elementNode(r.Name, r.ID)
			add(rn, "from", flowList(r.From))
			rms.Content = append(rms.Content, rn)
		}
		add(n, "readModels", rms)
	}
	d.list(n, "externalSystems", "name", c.Externals)
	d.list(n, "hotspots", "text", c.Hotspots)
	return n
}

func (d *Draft) list(n *yaml.Node, key, nameKey string, els []*DraftElement) {
	if len(els) == 0 {
		return
	}
	s := seq()
	for _, e := range els {
		m := mapping()
		add(m, nameKey, scalar(e.Name))
		d.addSource(m, e.ID)
		s.Content = append(s.Content, m)
	}
	add(n, key, s)
}

func (d *Draft) aggregateNode(a *DraftAggregate) *yaml.Node {
	n := d.elementNode(a.Name, a.ID)
	if len(a.Commands) > 0 {
		cs := seq()
		for _, c := range a.Commands {
			cn := d.elementNode(c.Name, c.ID)
			if c.Actor != "" {
				add(cn, "actor", scalar(c.Actor))
			}
			if c.Creates {
				add(cn, "creates", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
			}
			add(cn, "emits", flowList(c.Emits))
			if len(c.Uses) > 0 {
				add(cn, "uses", flowList(c.Uses))
			}
			cs.Content = append(cs.Content, cn)
		}
		add(n, "commands", cs)
	}
	d.list(n, "events", "name", a.Events)
	return n
}

func (d *Draft) elementNode(name, id string) *yaml.Node {
	n := mapping()
	add(n, "name", scalar(name))
	d.addSource(n, id)
	return n
}

func (d *Draft) addSource(n *yaml.Node, id string) {
	if id == "" {
		return
	}
	src := mapping()
	src.Style = yaml.FlowStyle
	add(src, "board", scalar(d.Board))
	id2 := scalar(id)
	id2.Style = yaml.DoubleQuotedStyle
	add(src, "id", id2)
	add(n, "source", src)
}

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"} }
func seq() *yaml.Node     { return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"} }
func scalar(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}
func scalarInt(i int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(i)}
}

func flowList(items []string) *yaml.Node {
	s := seq()
	s.Style = yaml.FlowStyle
	for _, it := range items {
		s.Content = append(s.Content, scalar(it))
	}
	return s
}

func add(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, scalar(key), v)
}
