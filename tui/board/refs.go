package board

import (
	"strings"

	"eventstorm/model"
	"eventstorm/model/names"
)

// site is one reference in the model and where it stands.
type site struct {
	ref *model.Ref
	// proj is set for a read model's `from` entry: deleting the event
	// removes the whole entry.
	proj *model.Projection
	// flow is set for a flow's `when`: deleting the command removes the
	// whole flow.
	flow *model.Flow
	// ctx is the context the reference is written in; nil for the
	// model's relationships and flows.
	ctx *model.Context
}

// refs lists every resolved reference of the model.
func refs(m *model.Model) []site {
	var out []site
	var ctx *model.Context
	add := func(rs ...*model.Ref) {
		for _, r := range rs {
			if r != nil {
				out = append(out, site{ref: r, ctx: ctx})
			}
		}
	}
	for _, c := range m.Contexts {
		ctx = c
		for _, a := range c.Aggregates {
			for _, cmd := range a.Commands {
				add(cmd.Emits...)
				add(cmd.Uses...)
			}
			for _, s := range a.Scenarios {
				add(s.Given...)
				add(s.When)
				add(s.Then...)
			}
		}
		for _, p := range c.Policies {
			add(p.When, p.Then)
		}
		for _, r := range c.ReadModels {
			for _, pr := range r.From {
				if pr.Event != nil {
					out = append(out, site{ref: pr.Event, proj: pr, ctx: c})
				}
			}
		}
		for _, h := range c.Hotspots {
			add(h.On)
		}
	}
	ctx = nil
	for _, r := range m.Relationships {
		add(r.Upstream, r.Downstream)
	}
	for _, f := range m.Flows {
		if f.When != nil {
			out = append(out, site{ref: f.When, flow: f})
		}
		add(f.Then...)
	}
	return out
}

// contextOf is the context an element belongs to.
func contextOf(x any) *model.Context {
	switch e := x.(type) {
	case *model.Context:
		return e
	case *model.Aggregate:
		return e.Context
	case *model.Command:
		return e.Aggregate.Context
	case *model.Event:
		return e.Aggregate.Context
	case *model.Policy:
		return e.Context
	case *model.ReadModel:
		return e.Context
	case *model.ExternalSystem:
		return e.Context
	case *model.Type:
		return e.Context
	case *model.Hotspot:
		return e.Context
	}
	return nil
}

// renamedRef is the text of a reference to el after el is renamed from old
// to name. A reference by code is left alone, since the code stays.
func renamedRef(text string, el *model.Element, old, name string) (string, bool) {
	if el.Code != "" && text == el.Code {
		return text, false
	}
	matches := func(s string) bool {
		s = strings.TrimSpace(s)
		return s == old || (names.GoExported(s) != "" && names.GoExported(s) == names.GoExported(old))
	}
	if matches(text) {
		return name, true
	}
	for i := len(text) - 1; i >= 0; i-- {
		if text[i] == '.' && matches(text[i+1:]) {
			return text[:i+1] + name, true
		}
	}
	return text, false
}

// requalified is a qualified reference's text after its context is renamed
// from old to name.
func requalified(text string, ctx *model.Context, old, name string) (string, bool) {
	for i := 0; i < len(text); i++ {
		if text[i] != '.' {
			continue
		}
		q := strings.TrimSpace(text[:i])
		if q == old || (names.Pascal(q) != "" && names.Pascal(q) == names.Pascal(old)) {
			return name + "." + strings.TrimSpace(text[i+1:]), true
		}
		if ctx.Code != "" && q == ctx.Code {
			return text, false
		}
	}
	return text, false
}

// EventRef is how a reference from context from names event e: by name in
// its own context, qualified by the context elsewhere.
func EventRef(from *model.Context, e *model.Event) string {
	if e.Aggregate.Context == from {
		return e.Name
	}
	return e.Aggregate.Context.Name + "." + e.Name
}
