package contractdiff

import "eventstorm/model"

// matching pairs elements of OLD with their counterparts in NEW.
type matching[T comparable] struct {
	next map[T]T // OLD → NEW
	prev map[T]T // NEW → OLD
}

func newMatching[T comparable]() *matching[T] {
	return &matching[T]{next: map[T]T{}, prev: map[T]T{}}
}

func (m *matching[T]) pair(o, n T) {
	m.next[o] = n
	m.prev[n] = o
}

// pairByKeys pairs the unpaired elements that agree on a key, trying each
// key in turn, in the lists' order.
func pairByKeys[T comparable](m *matching[T], olds, news []T, keys ...func(T) string) {
	for _, key := range keys {
		free := map[string]T{}
		for i := len(news) - 1; i >= 0; i-- { // backwards, so that the first of equal keys wins
			if _, taken := m.prev[news[i]]; !taken {
				free[key(news[i])] = news[i]
			}
		}
		delete(free, "")
		for _, o := range olds {
			if _, done := m.next[o]; done {
				continue
			}
			if n, ok := free[key(o)]; ok {
				m.pair(o, n)
				delete(free, key(o))
			}
		}
	}
}

// pairByOverlap pairs each unpaired old element with the unpaired new one
// it shares the most parts with, when it shares any: a context or an
// aggregate that was renamed keeps its events and commands.
func pairByOverlap[T comparable](m *matching[T], olds, news []T, overlap func(o, n T) int) {
	for _, o := range olds {
		if _, done := m.next[o]; done {
			continue
		}
		var best T
		bestScore := 0
		for _, n := range news {
			if _, taken := m.prev[n]; taken {
				continue
			}
			if s := overlap(o, n); s > bestScore {
				best, bestScore = n, s
			}
		}
		if bestScore > 0 {
			m.pair(o, best)
		}
	}
}

// pairs are the matchings of every kind of element between two models.
type pairs struct {
	contexts   *matching[*model.Context]
	aggregates *matching[*model.Aggregate]
	events     *matching[*model.Event]
	commands   *matching[*model.Command]
	readModels *matching[*model.ReadModel]
}

// identity gives the keys an element is paired by. An element keeps its
// identity while its identifier base (code or name) or its name stays:
// changing one of the two is a rename, changing both a removal and an
// addition.
func identity[T any](el func(T) *model.Element) []func(T) string {
	return []func(T) string{
		func(x T) string { return el(x).Kebab() },
		func(x T) string { return el(x).Name },
	}
}

func matchModels(old, new *model.Model) *pairs {
	p := &pairs{
		contexts:   newMatching[*model.Context](),
		aggregates: newMatching[*model.Aggregate](),
		events:     newMatching[*model.Event](),
		commands:   newMatching[*model.Command](),
		readModels: newMatching[*model.ReadModel](),
	}
	pairByKeys(p.contexts, old.Contexts, new.Contexts, identity(func(c *model.Context) *model.Element { return &c.Element })...)
	pairByOverlap(p.contexts, old.Contexts, new.Contexts, func(o, n *model.Context) int {
		shared := 0
		parts := contextParts(n)
		for part := range contextParts(o) {
			if parts[part] {
				shared++
			}
		}
		return shared
	})
	for _, oc := range old.Contexts {
		if nc := p.contexts.next[oc]; nc != nil {
			p.matchContext(oc, nc)
		}
	}
	return p
}

// matchContext pairs the elements of two versions of a context; names are
// unique within a context, so events and commands pair across aggregates.
func (p *pairs) matchContext(oc, nc *model.Context) {
	pairByKeys(p.events, events(oc), events(nc), identity(func(e *model.Event) *model.Element { return &e.Element })...)
	pairByKeys(p.commands, commands(oc), commands(nc), identity(func(c *model.Command) *model.Element { return &c.Element })...)
	pairByKeys(p.readModels, oc.ReadModels, nc.ReadModels, identity(func(r *model.ReadModel) *model.Element { return &r.Element })...)
	pairByKeys(p.aggregates, oc.Aggregates, nc.Aggregates, identity(func(a *model.Aggregate) *model.Element { return &a.Element })...)
	pairByOverlap(p.aggregates, oc.Aggregates, nc.Aggregates, func(o, n *model.Aggregate) int {
		shared := 0
		for _, e := range o.Events {
			if ne := p.events.next[e]; ne != nil && ne.Aggregate == n {
				shared++
			}
		}
		for _, c := range o.Commands {
			if nc := p.commands.next[c]; nc != nil && nc.Aggregate == n {
				shared++
			}
		}
		return shared
	})
}

// contextParts are the identifiers of what a context holds, by kind.
func contextParts(c *model.Context) map[string]bool {
	out := map[string]bool{}
	for _, a := range c.Aggregates {
		out["aggregate "+a.Kebab()] = true
		for _, e := range a.Events {
			out["event "+e.Kebab()] = true
		}
		for _, cmd := range a.Commands {
			out["command "+cmd.Kebab()] = true
		}
	}
	for _, r := range c.ReadModels {
		out["read model "+r.Kebab()] = true
	}
	return out
}

// events lists a context's events, aggregate by aggregate.
func events(c *model.Context) []*model.Event {
	var out []*model.Event
	for _, a := range c.Aggregates {
		out = append(out, a.Events...)
	}
	return out
}

// commands lists a context's commands, aggregate by aggregate.
func commands(c *model.Context) []*model.Command {
	var out []*model.Command
	for _, a := range c.Aggregates {
		out = append(out, a.Commands...)
	}
	return out
}
