package board

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"eventstorm/model"
)

// MoveAggregate moves an aggregate, with its commands, events and
// scenarios, to another context, and keeps the references to them right:
// written in the new context they name them plainly, anywhere else
// qualified by the new context (`Billing.Invoice Sent`). What the moved
// aggregate itself names outside it (external systems it uses, types of
// its fields) and policies of the old context whose command moved are left
// for validation to report, as the team has to decide where they go.
func (b *Board) MoveAggregate(k Key, to string) (Key, error) {
	x, n, err := b.lookup(k)
	a, ok := x.(*model.Aggregate)
	if err != nil || !ok {
		return Key{}, fmt.Errorf("there is no aggregate %q", k.Name)
	}
	dest := b.ContextNamed(strings.TrimSpace(to))
	if dest == nil {
		return Key{}, fmt.Errorf("there is no context %q", to)
	}
	if dest == a.Context {
		return k, nil
	}
	moved := map[any]bool{a: true}
	for _, y := range movedWith(a) {
		moved[y] = true
		if _, err := b.checkName(dest, element(y).Name, nil); err != nil {
			return Key{}, err
		}
	}
	dn, on := b.node(dest), b.node(a.Context)
	err = b.edit(func(*yaml.Node) error {
		for _, s := range refs(b.Model) {
			if sn := b.ix.scalars[s.ref.Pos]; moved[s.ref.Target] && sn != nil && !b.inside(sn, n) {
				b.setScalar(s.ref.Pos, movedRef(s.ref.Text, element(s.ref.Target), s.ctx, dest))
			}
		}
		remove(b.ix.parent[n], n)
		if as := get(on, "aggregates"); as != nil && len(as.Content) == 0 {
			del(on, "aggregates")
		}
		aggs := seq(dn, "aggregates", false)
		aggs.Content = append(aggs.Content, n)
		return nil
	})
	return Key{Aggregate, dest.Name, a.Name}, err
}

// movedWith are an aggregate and what moves with it.
func movedWith(a *model.Aggregate) []any {
	out := []any{a}
	for _, c := range a.Commands {
		out = append(out, c)
	}
	for _, e := range a.Events {
		out = append(out, e)
	}
	return out
}

// movedRef is the text of a reference to el, written in the context from
// (nil at the model's top level), once el is in the context dest.
func movedRef(text string, el *model.Element, from, dest *model.Context) string {
	base := el.Name
	if el.Code != "" && (text == el.Code || strings.HasSuffix(text, "."+el.Code)) {
		base = el.Code
	}
	if from == dest {
		return base
	}
	return dest.Name + "." + base
}

// inside reports whether node n is within node root.
func (b *Board) inside(n, root *yaml.Node) bool {
	for p := n; p != nil; p = b.ix.parent[p] {
		if p == root {
			return true
		}
	}
	return false
}
