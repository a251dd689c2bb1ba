package liveboard

import (
	"slices"

	"eventstorm/diagram"
	"eventstorm/generator/ir"
	"eventstorm/model"
)

// index is what the board needs to know of the model to read Kafka: the
// topics to read, and which stickies a record stands for. Topic names,
// consumer groups and CloudEvents types come from the generator's ir
// package, the one place that names them for the generated code.
type index struct {
	// types maps a ce_type to the event it is.
	types map[string]*eventInfo
	// topics are the aggregates' topics, sorted.
	topics []string
	// deadLetters maps each dead-letter topic to the group that writes it.
	deadLetters map[string]string
	// groups maps each consumer group to what it reads and its stickies.
	groups map[string]*groupInfo
}

// eventInfo is an event of the model: its sticky, and the stickies of the
// commands that emit it.
type eventInfo struct {
	id       string
	commands []string
}

// groupInfo is a context's service as a consumer: the topics it reads and
// the stickies (policies, read models) that stand for its consumers.
type groupInfo struct {
	topics    []string
	consumers []string
}

// newIndex indexes m, a validated model.
func newIndex(m *model.Model) *index {
	x := &index{types: map[string]*eventInfo{}, deadLetters: map[string]string{}, groups: map[string]*groupInfo{}}
	for _, c := range m.Contexts {
		for _, a := range c.Aggregates {
			x.topics = append(x.topics, ir.Topic(m, a))
			x.addEvents(m, c, a)
		}
		x.addGroup(ir.NewContext(m, c, ir.LayoutServices))
	}
	slices.Sort(x.topics)
	x.topics = slices.Compact(x.topics)
	return x
}

// addEvents indexes the events of aggregate a of context c by type.
func (x *index) addEvents(m *model.Model, c *model.Context, a *model.Aggregate) {
	for _, e := range a.Events {
		x.types[ir.EventType(m, e)] = &eventInfo{id: diagram.StickyID(c.Name, e.Name)}
	}
	for _, cmd := range a.Commands {
		for _, e := range cmd.EmittedEvents() {
			if info := x.types[ir.EventType(m, e)]; info != nil {
				info.commands = append(info.commands, diagram.StickyID(c.Name, cmd.Name))
			}
		}
	}
}

// addGroup indexes the consumer group of a context that reads events, and
// its dead-letter topics. The group is the same in every layout.
func (x *index) addGroup(c *ir.Context) {
	if !c.Reads {
		return
	}
	g := &groupInfo{topics: c.Consumes}
	for _, p := range c.Policies {
		g.consumers = append(g.consumers, diagram.StickyID(c.Name, p.Name))
	}
	for _, r := range c.ReadModels {
		g.consumers = append(g.consumers, diagram.StickyID(c.Name, r.Name))
	}
	x.groups[c.Group] = g
	for _, t := range c.Consumes {
		x.deadLetters[c.DeadLetterTopic(t)] = c.Group
	}
}

// allTopics are the topics the board reads: the aggregates' and the
// dead-letter topics, sorted.
func (x *index) allTopics() []string {
	out := slices.Clone(x.topics)
	for t := range x.deadLetters {
		out = append(out, t)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// groupNames are the consumer groups, sorted.
func (x *index) groupNames() []string {
	var out []string
	for g := range x.groups {
		out = append(out, g)
	}
	slices.Sort(out)
	return out
}
