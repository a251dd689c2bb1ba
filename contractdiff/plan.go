package contractdiff

import (
	"fmt"
	"strings"

	"eventstorm/model"
)

// Plan is the order in which to release the services of NEW so that no
// reader meets an event version it does not accept (docs/versions.md).
type Plan struct {
	// Steps are released one after the other; the services of one step in
	// any order.
	Steps []Step `json:"steps"`
	// Conflicts say which services must each go before the other: no
	// order is safe, and the diff reports the change as breaking.
	Conflicts []string `json:"conflicts"`
}

// Step is one release of some services.
type Step struct {
	Services []string `json:"services"`
	// Notes say why a service is in this step, or what to wait for.
	Notes []string `json:"notes"`
}

// planner collects the services to release and the order between them.
type planner struct {
	services []string            // in NEW's order
	released map[string]bool     // services to release
	before   map[string][]string // service → services that must go after it
	reasons  map[[2]string]string
	notes    map[string][]string
}

// PlanReleases orders the releases of the services whose contracts change
// from old to new, two models that validated without errors: a reader
// accepts a new version of an event before its producer publishes it, and
// a producer stops publishing a version before its readers stop accepting
// it. A service changed in no such way may go at any step; it is listed in
// the first.
func PlanReleases(old, new *model.Model) Plan {
	changes := Compare(old, new)
	p := matchModels(old, new)
	pl := &planner{released: map[string]bool{}, before: map[string][]string{}, reasons: map[[2]string]string{}, notes: map[string][]string{}}
	for _, c := range new.Contexts {
		pl.services = append(pl.services, c.Kebab())
	}
	for _, ch := range changes {
		if s := serviceOf(new, ch.Name); s != "" {
			pl.released[s] = true
		}
	}
	for _, oc := range old.Contexts {
		for _, oe := range events(oc) {
			if ne := p.events.next[oe]; ne != nil && touches(changes, eventName(oe), eventName(ne)) {
				pl.event(oe, ne, readerContexts(new, ne))
			}
		}
	}
	return pl.order()
}

// event orders the release of an event's producer and readers by the
// versions each side accepts.
func (pl *planner) event(oe, ne *model.Event, readers []*model.Context) {
	producer := ne.Aggregate.Context.Kebab()
	ov, nv := oe.CurrentVersion(), ne.CurrentVersion()
	_, newVersion := oe.VersionFields(nv)
	_, oldKept := ne.VersionFields(ov)
	name := eventName(ne)
	for _, rc := range readers {
		r := rc.Kebab()
		pl.released[r] = true // its copy of the event changes
		if r == producer {
			if !newVersion {
				pl.notes[r] = append(pl.notes[r], fmt.Sprintf("%s reads %s itself: its instances still running may receive version %d from the new ones, which they do not accept; stop them before the new ones publish (replace rather than roll)", r, name, nv))
			}
			continue
		}
		if !newVersion {
			pl.order2(r, producer, fmt.Sprintf("%s accepts version %d of %s before %s publishes it", r, nv, name, producer))
		}
		if !oldKept {
			pl.order2(producer, r, fmt.Sprintf("%s stops publishing version %d of %s before %s stops accepting it; release %s once it has read every version %d record", producer, ov, name, r, r, ov))
		}
		for _, ev := range oe.Earlier {
			if _, kept := ne.VersionFields(ev.Version); !kept && ev.Version != nv {
				pl.notes[r] = append(pl.notes[r], fmt.Sprintf("%s stops accepting version %d of %s: release it once it has read every version %d record (%s has not published one since version %d)", r, ev.Version, name, ev.Version, producer, ov))
			}
		}
	}
	if !newVersion {
		pl.notes[producer] = append(pl.notes[producer], fmt.Sprintf("%s publishes version %d of %s in place of %d", producer, nv, name, ov))
	}
}

// order2 records that service a goes before service b, and why.
func (pl *planner) order2(a, b, why string) {
	pl.released[a], pl.released[b] = true, true
	if _, dup := pl.reasons[[2]string{a, b}]; !dup {
		pl.before[a] = append(pl.before[a], b)
	}
	pl.reasons[[2]string{a, b}] = why
	pl.notes[a] = append(pl.notes[a], why)
}

// order layers the services: each step holds those whose predecessors are
// all released. Services in a cycle go last, with the conflict named.
func (pl *planner) order() Plan {
	plan := Plan{Steps: []Step{}, Conflicts: []string{}}
	left := map[string]bool{}
	for s := range pl.released {
		left[s] = true
	}
	for len(left) > 0 {
		var step Step
		for _, s := range pl.services {
			if left[s] && !pl.waiting(s, left) {
				step.Services = append(step.Services, s)
			}
		}
		if len(step.Services) == 0 {
			plan.Conflicts = pl.conflicts(left)
			step.Services = pl.remaining(left)
		}
		for _, s := range step.Services {
			delete(left, s)
			step.Notes = append(step.Notes, pl.notes[s]...)
		}
		if step.Notes == nil {
			step.Notes = []string{}
		}
		plan.Steps = append(plan.Steps, step)
	}
	return plan
}

// waiting reports whether a service still left must go after another one
// still left.
func (pl *planner) waiting(s string, left map[string]bool) bool {
	for a := range left {
		if a != s && contains(pl.before[a], s) {
			return true
		}
	}
	return false
}

func (pl *planner) remaining(left map[string]bool) []string {
	var out []string
	for _, s := range pl.services {
		if left[s] {
			out = append(out, s)
		}
	}
	return out
}

// conflicts names the orders among the services left that cannot all hold.
func (pl *planner) conflicts(left map[string]bool) []string {
	var out []string
	rest := pl.remaining(left)
	for i, a := range rest {
		for _, b := range rest[i+1:] {
			if contains(pl.before[a], b) && contains(pl.before[b], a) {
				out = append(out, fmt.Sprintf("%s must go before %s (%s), and %s before %s (%s)", a, b, pl.reasons[[2]string{a, b}], b, a, pl.reasons[[2]string{b, a}]))
			}
		}
	}
	if len(out) == 0 {
		out = append(out, "the services "+strings.Join(rest, ", ")+" wait on each other in a cycle")
	}
	return out
}

// String formats the plan as numbered steps, each service's notes below.
func (p Plan) String() string {
	var b strings.Builder
	if len(p.Steps) == 0 {
		return "nothing to release: no contract changes\n"
	}
	for _, c := range p.Conflicts {
		fmt.Fprintf(&b, "no safe order: %s\n", c)
	}
	for i, s := range p.Steps {
		fmt.Fprintf(&b, "%d. release %s\n", i+1, strings.Join(s.Services, ", "))
		for _, n := range s.Notes {
			fmt.Fprintf(&b, "   - %s\n", n)
		}
	}
	return b.String()
}

// serviceOf is the service of NEW an element's qualified name starts with.
func serviceOf(m *model.Model, name string) string {
	best := ""
	var service string
	for _, c := range m.Contexts {
		if (name == c.Name || strings.HasPrefix(name, c.Name+".")) && len(c.Name) > len(best) {
			best, service = c.Name, c.Kebab()
		}
	}
	return service
}

// touches reports whether a change is to the event of either name.
func touches(changes Changes, names ...string) bool {
	for _, c := range changes {
		if c.Element == "event" && contains(names, c.Name) {
			return true
		}
	}
	return false
}

// readerContexts are the contexts of m that read e through a policy or a
// read model, in m's order.
func readerContexts(m *model.Model, e *model.Event) []*model.Context {
	var out []*model.Context
	for _, c := range m.Contexts {
		reads := false
		for _, p := range c.Policies {
			reads = reads || p.Event() == e
		}
		for _, r := range c.ReadModels {
			for _, pr := range r.From {
				reads = reads || pr.SourceEvent() == e
			}
		}
		if reads {
			out = append(out, c)
		}
	}
	return out
}
