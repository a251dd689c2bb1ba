package contractdiff

import (
	"fmt"
	"strings"

	"eventstorm/model"
)

// readersOf lists, per event of m, the contexts that read it, as in
// "Order History (read model Order History)", in m's order. These are the
// consumers generator/golang gives a copy of the event: a context reads an
// event through its policies' `when` and its read models' `from`. A
// context's own policies and read models count, since during a rolling
// deployment the old and new instances of a service share its topics.
// Contexts for which kept is false read nothing any more.
func readersOf(m *model.Model, kept func(*model.Context) bool) map[*model.Event][]string {
	out := map[*model.Event][]string{}
	for _, c := range m.Contexts {
		if !kept(c) {
			continue
		}
		var order []*model.Event
		by := map[*model.Event][]string{}
		add := func(e *model.Event, what string) {
			if e == nil {
				return
			}
			if by[e] == nil {
				order = append(order, e)
			}
			if !contains(by[e], what) {
				by[e] = append(by[e], what)
			}
		}
		for _, p := range c.Policies {
			add(p.Event(), "policy "+p.Name)
		}
		for _, r := range c.ReadModels {
			for _, pr := range r.From {
				add(pr.SourceEvent(), "read model "+r.Name)
			}
		}
		for _, e := range order {
			out[e] = append(out[e], fmt.Sprintf("%s (%s)", c.Name, strings.Join(by[e], ", ")))
		}
	}
	return out
}
