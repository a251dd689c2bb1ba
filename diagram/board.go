package diagram

import (
	"fmt"

	"eventstorm/model"
)

// board is the model as a graph of stickies: one cluster of nodes per
// bounded context, and the flows between them. Mermaid and DOT both draw
// it, so the two always show the same thing.
type board struct {
	clusters []*cluster
	edges    []edge
}

type cluster struct {
	id    string
	label string
	nodes []*node
}

type node struct {
	id    string
	kind  Kind
	label string
}

// edgeKind says what an arrow means, which decides how it is drawn.
type edgeKind int

const (
	flow  edgeKind = iota // within a context: actor → command → aggregate → event → policy/read model
	cross                 // an event read by another context's policy or read model
	call                  // a command calling an external system
	note                  // a hotspot pinned to an element
)

type edge struct {
	from, to string
	kind     edgeKind
}

// builder assigns every element a node id derived from its position in the
// model (context i, the j-th sticky of a kind), so ids are safe in every
// syntax and stable for a given model, whatever the names say.
type builder struct {
	b      board
	ids    map[any]string                       // model element → node id
	actors map[*model.Context]map[string]string // actor name → node id, per context
	counts map[string]int                       // per cluster and kind prefix
	seen   map[edge]bool
}

func newBoard(m *model.Model) *board {
	bd := &builder{ids: map[any]string{}, actors: map[*model.Context]map[string]string{},
		counts: map[string]int{}, seen: map[edge]bool{}}
	// Nodes first, so that an edge to an element of a later context finds
	// its id.
	for i, c := range m.Contexts {
		bd.stickies(fmt.Sprintf("c%d", i+1), c)
	}
	for _, c := range m.Contexts {
		bd.flows(c)
	}
	return &bd.b
}

// stickies adds a context's cluster, its stickies in flow order: per
// aggregate its actors and commands, the aggregate, its events; then the
// policies, read models, external systems and hotspots.
func (bd *builder) stickies(id string, c *model.Context) {
	cl := &cluster{id: id, label: c.Name}
	bd.b.clusters = append(bd.b.clusters, cl)
	actors := map[string]string{}
	bd.actors[c] = actors
	for _, a := range c.Aggregates {
		for _, cmd := range a.Commands {
			if cmd.Actor != "" && actors[cmd.Actor] == "" {
				actors[cmd.Actor] = bd.add(cl, Actor, "actor", cmd.Actor, nil)
			}
			bd.add(cl, Command, "cmd", cmd.Name, cmd)
		}
		bd.add(cl, Aggregate, "agg", a.Name, a)
		for _, e := range a.Events {
			bd.add(cl, Event, "evt", e.Name, e)
		}
	}
	for _, p := range c.Policies {
		bd.add(cl, Policy, "pol", p.Name, p)
	}
	for _, r := range c.ReadModels {
		bd.add(cl, ReadModel, "rm", r.Name, r)
	}
	for _, x := range c.ExternalSystems {
		bd.add(cl, ExternalSystem, "ext", x.Name, x)
	}
	for _, h := range c.Hotspots {
		bd.add(cl, Hotspot, "hot", h.Text, h)
	}
}

// flows adds the edges that start in a context or end in it from another.
func (bd *builder) flows(c *model.Context) {
	for _, a := range c.Aggregates {
		for _, cmd := range a.Commands {
			if cmd.Actor != "" {
				bd.link(bd.actors[c][cmd.Actor], bd.ids[cmd], flow)
			}
			bd.connect(cmd, a, flow)
			for _, e := range cmd.EmittedEvents() {
				bd.connect(a, e, flow)
			}
			for _, x := range cmd.UsedSystems() {
				bd.connect(cmd, x, call)
			}
		}
	}
	for _, p := range c.Policies {
		if e := p.Event(); e != nil {
			bd.connect(e, p, flowBetween(e, c))
		}
		if cmd := p.Command(); cmd != nil {
			bd.connect(p, cmd, flow)
		}
	}
	for _, r := range c.ReadModels {
		for _, pr := range r.From {
			if e := pr.SourceEvent(); e != nil {
				bd.connect(e, r, flowBetween(e, c))
			}
		}
	}
	for _, h := range c.Hotspots {
		if h.On != nil && h.On.Target != nil {
			bd.connect(h, h.On.Target, note)
		}
	}
}

// flowBetween is cross when the event comes from another context than the
// one reading it.
func flowBetween(e *model.Event, reader *model.Context) edgeKind {
	if e.Aggregate != nil && e.Aggregate.Context != reader {
		return cross
	}
	return flow
}

// add puts a sticky in a cluster and returns its id; element, when not
// nil, is the model element it stands for.
func (bd *builder) add(cl *cluster, k Kind, prefix, label string, element any) string {
	key := cl.id + "_" + prefix
	bd.counts[key]++
	id := fmt.Sprintf("%s%d", key, bd.counts[key])
	cl.nodes = append(cl.nodes, &node{id: id, kind: k, label: label})
	if element != nil {
		bd.ids[element] = id
	}
	return id
}

// connect links two model elements; an element without a sticky (a
// hotspot on a context or a type) gives no edge.
func (bd *builder) connect(from, to any, k edgeKind) {
	bd.link(bd.ids[from], bd.ids[to], k)
}

func (bd *builder) link(from, to string, k edgeKind) {
	e := edge{from: from, to: to, kind: k}
	if from == "" || to == "" || bd.seen[e] {
		return
	}
	bd.seen[e] = true
	bd.b.edges = append(bd.b.edges, e)
}
