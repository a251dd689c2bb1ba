package model

import "fmt"

// eventVersions checks an event's earlier versions: each is below the
// current version, none is listed twice, and their fields follow the rules
// of any event's fields.
func (v *validator) eventVersions(c *Context, e *Event) {
	seen := map[int]*EarlierVersion{}
	for _, ev := range e.Earlier {
		owner := fmt.Sprintf("%s version %d", e.Name, ev.Version)
		v.fields(c, ev.Fields, "event", owner)
		v.implicitFields(ev.Fields, "event", owner, implicitEventFields(e.Aggregate)...)
		if prev, dup := seen[ev.Version]; dup {
			v.errorf(ev.VersionPos, "event %q lists earlier version %d twice (first at %s); list each version once", e.Name, ev.Version, at(prev.Pos))
			continue
		}
		seen[ev.Version] = ev
		if ev.Version >= e.CurrentVersion() {
			v.errorf(ev.VersionPos, "earlier version %d of event %q is not below its current version %d; %s", ev.Version, e.Name, e.CurrentVersion(), raiseVersion(e))
		}
	}
}

// raiseVersion says how to make an event's current version the highest.
func raiseVersion(e *Event) string {
	top := e.CurrentVersion()
	for _, ev := range e.Earlier {
		top = max(top, ev.Version)
	}
	if e.VersionPos.Line == 0 {
		return fmt.Sprintf("`earlier:` lists versions published before the current one, so give the event its current version, e.g. version: %d", top+1)
	}
	return fmt.Sprintf("`earlier:` lists versions published before the current one, so raise the event's `version:` (e.g. to %d) or renumber this one", top+1)
}

// implicitEventFields are the fields every event of the aggregate carries
// without listing them.
func implicitEventFields(a *Aggregate) []*Field {
	return []*Field{
		{Name: EventIDField, Type: &TypeRef{Kind: Scalar, Scalar: UUID}},
		a.IDField(),
		{Name: OccurredAtField, Type: &TypeRef{Kind: Scalar, Scalar: Time}},
		{Name: VersionField, Type: &TypeRef{Kind: Scalar, Scalar: Int}},
	}
}
