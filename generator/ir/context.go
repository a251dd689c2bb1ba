// Package ir is the generator's intermediate representation: what every
// emitter needs to know about a bounded context, computed once from the
// validated model. Its folder and import paths in the layout, its place on
// Kafka (group, topics it publishes and reads), the events it consumes,
// what it stores and its HTTP routes are facts here, so that emitters read
// them instead of recomputing them or passing capability flags around, and
// names derived from the model are derived in one place.
package ir

import (
	"sort"

	"eventstorm/model"
	"eventstorm/model/names"
)

// Context is one bounded context as the emitters see it.
type Context struct {
	Model *model.Model
	*model.Context
	Layout Layout
	// Dir is the context's folder from the system's root, and Module the
	// import path of that folder.
	Dir, Module string
	// Platform is the import path of the runtime in the context's module.
	Platform string
	// Source is the context's service as a CloudEvents ce_source.
	Source string
	// Group is the service's Kafka consumer group and client id.
	Group string
	// Publishes are the topics of the context's aggregates, sorted.
	Publishes []string
	// Consumes are the topics of the events the context reads, sorted.
	Consumes []string
	// Consumed are the events the context reads (through policies and read
	// models), each once, in model order.
	Consumed []*model.Event
	// Records says that the context has aggregates, which record events
	// in an outbox.
	Records bool
	// Reads says that the context consumes events.
	Reads bool
	// Stores says that the context keeps data (aggregates or read models),
	// and so has repositories or stores, in memory or in SQL.
	Stores bool
}

// NewContext computes the IR of a context in a layout.
func NewContext(m *model.Model, c *model.Context, layout Layout) *Context {
	x := &Context{
		Model:    m,
		Context:  c,
		Layout:   layout,
		Dir:      ContextDir(c, layout),
		Module:   ContextModule(m, c, layout),
		Platform: PlatformImport(m, c, layout),
		Source:   Source(m, c),
		Group:    c.Kebab(),
		Records:  len(c.Aggregates) > 0,
		Stores:   len(c.Aggregates)+len(c.ReadModels) > 0,
	}
	for _, a := range c.Aggregates {
		x.Publishes = append(x.Publishes, Topic(m, a))
	}
	sort.Strings(x.Publishes)
	x.Consumed = consumed(c)
	x.Reads = len(x.Consumed) > 0
	seen := map[string]bool{}
	for _, e := range x.Consumed {
		if t := Topic(m, e.Aggregate); !seen[t] {
			seen[t] = true
			x.Consumes = append(x.Consumes, t)
		}
	}
	sort.Strings(x.Consumes)
	return x
}

// Contexts computes the IR of every context of the model, in model order.
func Contexts(m *model.Model, layout Layout) []*Context {
	out := make([]*Context, len(m.Contexts))
	for i, c := range m.Contexts {
		out[i] = NewContext(m, c, layout)
	}
	return out
}

// OnKafka says that the context's service talks to Kafka: it records or
// reads events.
func (x *Context) OnKafka() bool { return x.Records || x.Reads }

// Pkg is the import path of a package of the context, e.g.
// Pkg("internal/domain").
func (x *Context) Pkg(rel string) string { return x.Module + "/" + rel }

// PlatformPkg is the import path of a package of the runtime in the
// context's module, e.g. PlatformPkg("kafka").
func (x *Context) PlatformPkg(name string) string { return x.Platform + "/" + name }

// DeadLetterTopic is where the context's records of topic that cannot be
// handled go: <topic>.<group>.dlq.
func (x *Context) DeadLetterTopic(topic string) string { return topic + "." + x.Group + ".dlq" }

// consumed lists the events a context reads, each once, in model order:
// those its policies follow, then those its read models are kept from.
func consumed(c *model.Context) []*model.Event {
	var out []*model.Event
	seen := map[*model.Event]bool{}
	add := func(e *model.Event) {
		if e != nil && !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	for _, p := range c.Policies {
		add(p.Event())
	}
	for _, r := range c.ReadModels {
		for _, pr := range r.From {
			add(pr.SourceEvent())
		}
	}
	return out
}

// Topic is the Kafka topic of an aggregate's events:
// <system>.<context>.<aggregate> in kebab-case.
func Topic(m *model.Model, a *model.Aggregate) string {
	return names.Kebab(m.SystemBase()) + "." + a.Context.Kebab() + "." + a.Kebab()
}

// Source is a context's service as a CloudEvents ce_source:
// /<system>/<context> in kebab-case.
func Source(m *model.Model, c *model.Context) string {
	return "/" + names.Kebab(m.SystemBase()) + "/" + c.Kebab()
}

// EventType is an event's CloudEvents ce_type:
// <system>.<context>.<event> in kebab-case.
func EventType(m *model.Model, e *model.Event) string {
	return names.Kebab(m.SystemBase()) + "." + e.Aggregate.Context.Kebab() + "." + e.Kebab()
}
