package model

import (
	"fmt"
	"sort"
	"strings"
)

func (v *validator) policy(c *Context, p *Policy) {
	e := v.eventRef(c, p.When, "policy "+quote(p.Name)+": when")
	cmd := v.policyCommand(c, p)
	if e == nil || cmd == nil {
		return
	}
	target := cmd.Aggregate
	if cmd.Creates {
		if p.Target != "" {
			v.warnf(p.TargetPos, "policy %q: target is ignored, since %q creates a new %s", p.Name, cmd.Name, target.Name)
		}
		return
	}
	if p.Target != "" {
		f := e.Field(p.Target)
		if f == nil {
			v.errorf(p.TargetPos, "policy %q: target %q is not a field of event %q%s", p.Name, p.Target, e.Name, suggest(p.Target, fieldNames(e.AllFields())))
			return
		}
		if !isIDType(f.Type) {
			v.errorf(p.TargetPos, "policy %q: target %q is %s; it must hold the %s id (uuid or string)", p.Name, p.Target, f.Type, target.Name)
			return
		}
		p.TargetField = f
		return
	}
	// The event field named like the target's id; for an event of the same
	// aggregate that is the event's own aggregate id.
	if f := e.Field(target.ID); f != nil && isIDType(f.Type) {
		p.TargetField = f
		return
	}
	v.errorf(p.Pos, "policy %q: cannot tell which %s %q acts on: event %q has no field %q; add `target:` naming the event field that holds the %s id (fields: %s)",
		p.Name, target.Name, cmd.Name, e.Name, target.ID, target.Name, strings.Join(fieldNames(e.AllFields()), ", "))
}

func (v *validator) policyCommand(c *Context, p *Policy) *Command {
	if p.Then == nil {
		return nil
	}
	x := v.resolve(v.scopes[c], p.Then)
	cmd, ok := x.(*Command)
	switch {
	case ok && cmd.Aggregate.Context == c:
		p.Then.Target = cmd
		return cmd
	case ok:
		v.errorf(p.Then.Pos, "policy %q: then %q is a command of context %q; a policy issues commands of its own context, so move the policy to %q", p.Name, p.Then.Text, cmd.Aggregate.Context.Name, cmd.Aggregate.Context.Name)
	case x != nil:
		v.errorf(p.Then.Pos, "policy %q: then %q is %s, not a command", p.Name, p.Then.Text, article(kindOf(x)))
	case v.commandElsewhere(c, p.Then.Text) != nil:
		other := v.commandElsewhere(c, p.Then.Text).Aggregate.Context.Name
		v.errorf(p.Then.Pos, "policy %q: then %q is a command of context %q; a policy issues commands of its own context, so move the policy to %q", p.Name, p.Then.Text, other, other)
	default:
		v.errorf(p.Then.Pos, "policy %q: then %q is not a command of context %q%s", p.Name, p.Then.Text, c.Name,
			suggest(p.Then.Text, v.scopes[c].candidates(func(x any) bool { _, ok := x.(*Command); return ok })))
	}
	return nil
}

// commandElsewhere finds a command of another context by its unqualified
// name.
func (v *validator) commandElsewhere(local *Context, name string) *Command {
	for _, c := range v.m.Contexts {
		if c == local || v.scopes[c] == nil {
			continue
		}
		if cmd, ok := v.scopes[c].lookup(name).(*Command); ok {
			return cmd
		}
	}
	return nil
}

func isIDType(t *TypeRef) bool {
	if t.Kind == Optional {
		t = t.Elem
	}
	return t.Kind == Scalar && (t.Scalar == UUID || t.Scalar == String)
}

func fieldNames(fields []*Field) []string {
	out := make([]string, 0, len(fields))
	for _, f := range fields {
		out = append(out, f.Name)
	}
	return out
}

func quote(s string) string { return `"` + s + `"` }

func (v *validator) readModel(c *Context, r *ReadModel) {
	if r.Key != "" {
		v.checkName(r.KeyPos, r.Key, "key %q of read model %q", r.Key, r.Name)
	}
	v.fields(c, r.Fields, "read model", r.Name)
	events := make([]*Event, len(r.From))
	seen := map[*Event]*Projection{}
	for i, pr := range r.From {
		e := v.eventRef(c, pr.Event, "read model "+quote(r.Name)+": event")
		if e != nil && seen[e] != nil {
			v.errorf(pr.Event.Pos, "read model %q: event %q is listed twice in `from` (first at %s); give each event one entry, with its `set` or `delete`", r.Name, pr.Event.Text, at(seen[e].Event.Pos))
			e = nil
		} else if e != nil {
			seen[e] = pr
		}
		events[i] = e
	}
	if r.Key == "" {
		for _, e := range events {
			if e != nil {
				r.Key, r.KeyPos = e.Aggregate.ID, r.Pos
				break
			}
		}
	}
	if r.Key == "" {
		return // no event resolved, each reported
	}
	key := r.KeyField()
	if key == nil {
		// The key may be left out of `fields`; it takes the type of the
		// first event field it comes from.
		for _, e := range events {
			if e == nil {
				continue
			}
			src := e.Field(r.Key)
			if src == nil {
				src = e.Aggregate.IDField()
			}
			key = &Field{Name: r.Key, Type: src.Type, Pos: r.KeyPos, TypePos: r.KeyPos}
			r.Fields = append([]*Field{key}, r.Fields...)
			break
		}
		if key == nil {
			return
		}
	}
	if !isKeyType(key.Type) {
		v.errorf(key.TypePos, "read model %q: key %q is %s; a key is a scalar such as uuid, string or int", r.Name, key.Name, key.Type)
		return
	}
	for i, pr := range r.From {
		if e := events[i]; e != nil {
			v.projectionKey(r, key, pr, e)
			v.projectionSet(r, pr)
		}
	}
	v.rows[r] = key // its fields are checked by fills
}

func isKeyType(t *TypeRef) bool {
	switch t.Kind {
	case Scalar:
		return t.Scalar != Float && t.Scalar != Bool
	case Named:
		return t.Type == nil || t.Type.IsEnum()
	}
	return false
}

// projectionKey resolves where a projection takes the row's key from: the
// event field named like the key, else the event's aggregate id.
func (v *validator) projectionKey(r *ReadModel, key *Field, pr *Projection, e *Event) {
	src := e.Field(r.Key)
	if src == nil {
		src = e.Aggregate.IDField()
	}
	if !keyConvertible(src.Type, key.Type) {
		v.errorf(pr.Event.Pos, "read model %q: the row key %q is %s, but event %q gives %s in %q; make the types agree", r.Name, key.Name, key.Type, e.Name, src.Type, src.Name)
		return
	}
	pr.KeyField = src
}

// keyConvertible allows the same type, and a uuid or string from either.
func keyConvertible(from, to *TypeRef) bool {
	if from.Kind == Optional {
		from = from.Elem
	}
	if from.Same(to) {
		return true
	}
	return isIDType(from) && isIDType(to)
}

func (v *validator) projectionSet(r *ReadModel, pr *Projection) {
	if pr.Delete && len(pr.Set) > 0 {
		v.warnf(pr.Pos, "read model %q: `set` has no effect on a `delete` entry", r.Name)
	}
	for _, s := range pr.Set {
		var target *Field
		for _, f := range r.Fields {
			if sameFieldName(f.Name, s.Field) {
				target = f
			}
		}
		if target == nil {
			v.errorf(s.FieldPos, "read model %q: set %q, which is not a field of the read model%s", r.Name, s.Field, suggest(s.Field, fieldNames(r.Fields)))
			continue
		}
		if ok, want := fits(s.Value, s.Tag, target.Type); !ok {
			v.errorf(s.Pos, "read model %q: set %s: %q does not fit %s; write %s", r.Name, s.Field, s.Value, target.Type, want)
		}
	}
}

// policyCycles warns when policies feed each other in a loop: an event
// triggers a policy whose command emits an event that, through more
// policies, triggers the first again. The graph's nodes are events and each
// policy is an edge from the event it reacts to, to each event its command
// emits, so that it stays linear in the size of the model however many
// policies react to one event.
func (v *validator) policyCycles() {
	var policies []*Policy
	var events []*Event
	next := map[*Event][]*Event{}
	edge := map[[2]*Event]bool{}
	for _, c := range v.m.Contexts {
		for _, p := range c.Policies {
			from, cmd := p.Event(), p.Command()
			if from == nil || cmd == nil {
				continue
			}
			policies = append(policies, p)
			if _, ok := next[from]; !ok {
				events = append(events, from)
				next[from] = nil
			}
			for _, to := range cmd.EmittedEvents() {
				if !edge[[2]*Event{from, to}] {
					edge[[2]*Event{from, to}] = true
					next[from] = append(next[from], to)
				}
			}
		}
	}
	for _, comp := range stronglyConnected(events, next) {
		if len(comp) == 1 && !edge[[2]*Event{comp[0], comp[0]}] {
			continue
		}
		in := map[*Event]bool{}
		for _, e := range comp {
			in[e] = true
		}
		var cycle []*Policy
		for _, p := range policies {
			if !in[p.Event()] {
				continue
			}
			for _, to := range p.Command().EmittedEvents() {
				if in[to] {
					cycle = append(cycle, p)
					break
				}
			}
		}
		sort.SliceStable(cycle, func(i, j int) bool { return policyLess(cycle[i], cycle[j]) })
		const shown = 6
		var chain []string
		for i, p := range cycle {
			if i == shown {
				chain = append(chain, fmt.Sprintf("… (%d policies in all)", len(cycle)))
				break
			}
			chain = append(chain, quote(p.Name))
		}
		if len(cycle) <= shown {
			chain = append(chain, quote(cycle[0].Name))
		}
		v.warnf(cycle[0].Pos, "policies form a cycle: %s; each run triggers the next forever unless a rule stops it", strings.Join(chain, " → "))
	}
}

func policyLess(a, b *Policy) bool {
	if a.Context != b.Context {
		return a.Context.Pos.Less(b.Context.Pos)
	}
	return a.Pos.Less(b.Pos)
}

// stronglyConnected returns the strongly connected components of a graph
// (Tarjan's algorithm), in a deterministic order.
func stronglyConnected[N comparable](nodes []N, next map[N][]N) [][]N {
	index := map[N]int{}
	low := map[N]int{}
	onStack := map[N]bool{}
	var stack []N
	var out [][]N
	counter := 0
	var connect func(p N)
	connect = func(p N) {
		index[p], low[p] = counter, counter
		counter++
		stack = append(stack, p)
		onStack[p] = true
		for _, q := range next[p] {
			if _, seen := index[q]; !seen {
				connect(q)
				low[p] = min(low[p], low[q])
			} else if onStack[q] {
				low[p] = min(low[p], index[q])
			}
		}
		if low[p] == index[p] {
			var comp []N
			for {
				q := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[q] = false
				comp = append(comp, q)
				if q == p {
					break
				}
			}
			out = append(out, comp)
		}
	}
	for _, p := range nodes {
		if _, seen := index[p]; !seen {
			connect(p)
		}
	}
	return out
}
