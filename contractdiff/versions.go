package contractdiff

import (
	"fmt"
	"strings"

	"eventstorm/generator/ir"
	"eventstorm/model"
)

// Versions of an event (docs/versions.md). The producer publishes the
// current version; a reader's copy accepts every version its model lists,
// the current one and the earlier ones. A reader built from OLD runs until
// it is released, so during a deployment two things must hold: the readers
// still running OLD's copies accept what NEW's producer publishes, and the
// readers released with NEW's copies accept what OLD's producer, still
// running, publishes. When only one holds, one side goes first
// (PlanReleases); when neither does, the change breaks the readers.

// unversioned is e as if it had no versions, so that comparing the event
// types of two versions of an event does not compare their versions.
func unversioned(e *model.Event) *model.Event {
	c := *e
	c.Version, c.Earlier = 1, nil
	return &c
}

// eventVersions compares the versions of a paired event: its current
// version, and its earlier versions that OLD's producer wrote before.
func (d *differ) eventVersions(oe, ne *model.Event, readers []string) {
	if oe.CurrentVersion() == ne.CurrentVersion() {
		for _, fc := range compareFields(oe.AllFields(), ne.AllFields(), published) {
			d.fieldChange(fc, "event", eventName(oe), eventName(ne)).read(readers, fc.breaking)
		}
	} else {
		d.newCurrent(oe, ne, readers)
	}
	d.earlier(oe, ne)
}

// newCurrent judges a change of an event's current version from ov to nv.
func (d *differ) newCurrent(oe, ne *model.Event, readers []string) {
	ov, nv := oe.CurrentVersion(), ne.CurrentVersion()
	kept, oldKept := ne.VersionFields(ov)
	known, newKnown := oe.VersionFields(nv)
	at, name, producer := versionPos(ne), eventName(ne), ne.Aggregate.Context.Name
	c := Change{Element: "event", Name: name}
	switch {
	case newKnown:
		// The running readers already accept nv: release the producer
		// first, then the readers once the version ov records are read.
		c.Detail = fmt.Sprintf("version %d published again in place of %d; running readers accept it", nv, ov)
		if !oldKept {
			c.Detail += fmt.Sprintf(", and once released no longer accept version %d: release %s first (see --plan)", ov, producer)
		}
		d.change(d.new, at, c).compatible()
		d.versionFieldChanges(ne, nv, side{d.new, ne.Fields}, side{d.old, known}, readers)
	case oldKept:
		c.Detail = fmt.Sprintf("version %d published in place of %d%s, which readers still accept (kept under earlier)", nv, ov, versionDelta(nv, oe.Fields, ne.Fields))
		if len(readers) > 0 {
			c.Detail += fmt.Sprintf(": release the readers before %s publishes version %d (see --plan)", producer, nv)
		}
		d.change(d.new, at, c).compatible()
		d.versionFieldChanges(ne, ov, side{d.old, oe.Fields}, side{d.new, kept}, d.newReaders[ne])
	default:
		c.Detail = fmt.Sprintf("version %d replaces %d without keeping %d under earlier: readers running today know no version %d, and readers released with this model reject the version %d records %s publishes until it is released, so no order of releases is safe; keep version %d under `earlier:`", nv, ov, ov, nv, ov, producer, ov)
		d.change(d.new, at, c).read(readers, true)
		for _, fc := range compareFields(oe.AllFields(), ne.AllFields(), published) {
			d.fieldChange(fc, "event", eventName(oe), name).read(readers, fc.breaking)
		}
	}
}

// earlier compares the earlier versions of OLD with NEW's: dropped, added,
// or kept with their fields changed.
func (d *differ) earlier(oe, ne *model.Event) {
	ov, nv := oe.CurrentVersion(), ne.CurrentVersion()
	for _, ev := range oe.Earlier {
		fields, ok := ne.VersionFields(ev.Version)
		switch {
		case !ok:
			d.change(d.old, ev.Pos, Change{Element: "event", Name: eventName(oe),
				Detail: droppedDetail(ev.Version, ov, oe.Aggregate.Context.Name, d.newReaders[ne])}).compatible()
		case ev.Version != nv:
			d.versionFieldChanges(ne, ev.Version, side{d.old, ev.Fields}, side{d.new, fields}, d.newReaders[ne])
		}
	}
	for _, ev := range ne.Earlier {
		if _, ok := oe.VersionFields(ev.Version); !ok {
			d.change(d.new, ev.Pos, Change{Element: "event", Name: eventName(ne),
				Detail: fmt.Sprintf("earlier version %d added: readers accept it once released", ev.Version)}).compatible()
		}
	}
}

// versionDelta sums up how version n's fields differ from the fields of
// the version before, which an upcaster converts: " (version 2 adds
// currency; removes note; retypes amount)", or nothing.
func versionDelta(n int, before, after []*model.Field) string {
	var added, removed, retyped []string
	for _, fc := range compareFields(before, after, published) {
		switch {
		case fc.removed:
			removed = append(removed, fc.field.Name)
		case fieldsByJSON(before)[jsonName(fc.field)] == nil:
			added = append(added, fc.field.Name)
		default:
			retyped = append(retyped, fc.field.Name)
		}
	}
	var parts []string
	for _, p := range []struct {
		verb  string
		names []string
	}{{"adds", added}, {"removes", removed}, {"retypes", retyped}} {
		if len(p.names) > 0 {
			parts = append(parts, p.verb+" "+strings.Join(p.names, ", "))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf(" (version %d %s)", n, strings.Join(parts, "; "))
}

// droppedDetail says what dropping earlier version v means to the readers
// of an event whose producer publishes version current since OLD.
func droppedDetail(v, current int, producer string, readers []string) string {
	if len(readers) == 0 {
		return fmt.Sprintf("earlier version %d dropped; no context reads the event", v)
	}
	return fmt.Sprintf("earlier version %d dropped: %s will reject version %d records once released; %s has not published one since version %d, so release the readers once every one is read (see --plan)",
		v, strings.Join(readers, ", "), v, producer, current)
}

// side is a list of fields of one version of an event, with the model
// that holds them.
type side struct {
	m      *model.Model
	fields []*model.Field
}

// versionFieldChanges compares version n of an event as its records are
// written with the copy that reads them: a field the copy requires and the
// records lack, or one it cannot decode, breaks the readers.
func (d *differ) versionFieldChanges(ne *model.Event, n int, written, read side, readers []string) {
	for _, fc := range compareVersionFields(written.fields, read.fields) {
		m := read.m
		if fc.removed {
			m = written.m
		}
		d.change(m, fc.field.Pos, Change{Element: "event", Name: eventName(ne), Field: fc.field.Name,
			Detail: fmt.Sprintf("version %d: %s", n, fc.detail)}).read(readers, fc.breaking)
	}
}

// compareVersionFields lists how a copy's fields (read) differ from the
// fields records were written with: records decode when every field the
// copy requires was written, in a type it reads.
func compareVersionFields(written, read []*model.Field) []fieldChange {
	var out []fieldChange
	w := fieldsByJSON(written)
	for _, rf := range read {
		wf := w[jsonName(rf)]
		switch {
		case wf == nil && rf.Type.Kind == model.Optional:
			out = append(out, fieldChange{rf, false, false, fmt.Sprintf("added (%s): records written so far lack it", rf.Type)})
		case wf == nil:
			out = append(out, fieldChange{rf, false, true, fmt.Sprintf("added (%s), required: records written so far lack it", rf.Type)})
		case !model.SameShape(wf.Type, rf.Type):
			why := readable(wf.Type, rf.Type, false)
			detail := retyping(wf.Type, rf.Type)
			if why != "" {
				detail += ": " + why
			}
			out = append(out, fieldChange{rf, false, why != "", detail})
		}
	}
	r := fieldsByJSON(read)
	for _, wf := range written {
		if r[jsonName(wf)] == nil {
			out = append(out, fieldChange{wf, true, false, fmt.Sprintf("removed (was %s): readers ignore it in the records written so far", wf.Type)})
		}
	}
	return out
}

// versionPos places a change of an event's version: its `version:`, else
// its name.
func versionPos(e *model.Event) model.Pos {
	if e.VersionPos.Line > 0 {
		return e.VersionPos
	}
	return e.NamePos
}

// eventTypesDiffer reports whether an event's ce_type changes, whatever
// its versions.
func (d *differ) eventTypesDiffer(oe, ne *model.Event) (string, string, bool) {
	ot, nt := ir.EventType(d.old, unversioned(oe)), ir.EventType(d.new, unversioned(ne))
	return ot, nt, ot != nt
}
