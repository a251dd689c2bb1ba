package board

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"eventstorm/model"
)

// Delete removes an element. An aggregate goes with its commands, events
// and scenarios; a context with everything in it and the relationships
// naming it. Entries of lists that named a removed element go too (emits,
// uses, scenario given/then, read model `from`); single references (policy
// when/then, scenario when, hotspot on) are left for validation to flag,
// since the team has to decide what they become. Deleting an actor clears
// it from its commands. Deleting the last event of the placeholder
// Timeline takes the placeholder and its hotspot with it.
func (b *Board) Delete(k Key) error {
	if k.Kind == Actor {
		return b.deleteActor(k)
	}
	x, n, err := b.lookup(k)
	if err != nil {
		return err
	}
	gone := map[any]bool{x: true}
	switch e := x.(type) {
	case *model.Aggregate:
		for _, c := range e.Commands {
			gone[c] = true
		}
		for _, ev := range e.Events {
			gone[ev] = true
		}
	case *model.Context:
		for _, y := range Elements(e) {
			gone[y] = true
		}
	}
	return b.edit(func(*yaml.Node) error {
		for _, s := range refs(b.Model) {
			if !gone[s.ref.Target] {
				continue
			}
			if s.proj != nil {
				pn := b.ix.mappings[s.proj.Pos]
				if pn == nil {
					pn = b.ix.scalars[s.proj.Pos]
				}
				remove(b.ix.parent[pn], pn)
				continue
			}
			if s.flow != nil {
				fn := b.ix.mappings[s.flow.Pos]
				remove(b.ix.parent[fn], fn)
				continue
			}
			sn := b.ix.scalars[s.ref.Pos]
			p := b.ix.parent[sn]
			if p != nil && p.Kind == yaml.MappingNode && len(p.Content) == 2 && p.Content[0] == sn {
				// A step with values, { Name: { ... } }: the mapping is the item.
				sn, p = p, b.ix.parent[p]
			}
			if p != nil && p.Kind == yaml.SequenceNode {
				remove(p, sn)
			}
		}
		if fs := get(b.root(), "flows"); fs != nil && fs.Kind == yaml.SequenceNode && len(fs.Content) == 0 {
			del(b.root(), "flows")
		}
		if _, ok := x.(*model.Context); ok {
			for _, r := range b.Model.Relationships {
				for _, ref := range []*model.Ref{r.Upstream, r.Downstream} {
					if ref != nil && ref.Target == x {
						rn := b.ix.mappings[r.Pos]
						remove(b.ix.parent[rn], rn)
						break
					}
				}
			}
		}
		if rs := get(b.root(), "relationships"); rs != nil && rs.Kind == yaml.SequenceNode && len(rs.Content) == 0 {
			del(b.root(), "relationships")
		}
		if !remove(b.ix.parent[n], n) {
			return fmt.Errorf("cannot remove %s", k)
		}
		if ev, ok := x.(*model.Event); ok && ev.Aggregate.Name == Timeline {
			b.dropEmptied(ev.Aggregate, b.node(ev.Aggregate), b.node(ev.Aggregate.Context))
		}
		return nil
	})
}

func (b *Board) deleteActor(k Key) error {
	ctx := b.ContextNamed(k.Context)
	if ctx == nil {
		return fmt.Errorf("there is no context %q", k.Context)
	}
	return b.edit(func(*yaml.Node) error {
		for _, a := range ctx.Aggregates {
			for _, cmd := range a.Commands {
				if cmd.Actor == k.Name {
					del(b.node(cmd), "actor")
				}
			}
		}
		return nil
	})
}
