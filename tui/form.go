package tui

import (
	"fmt"

	"eventstorm/model"
	"eventstorm/model/names"
	"eventstorm/tui/board"
)

// detail is one line of an edit form: what it says and what choosing it
// does (a prompt, a choice, or a list of its own).
type detail struct {
	label string
	act   func()
}

// startEdit opens the form of the selected sticky, or of the context when
// nothing is selected: every detail the model format gives it, each edited
// in place, the form coming back after each edit.
func (m *Model) startEdit() {
	if _, ok := m.selected(); !ok {
		m.startEditContext()
		return
	}
	m.openForm(func() (string, []detail) {
		k, _ := m.selected()
		return "Edit " + k.String(), m.details(k)
	})
}

// openForm shows the details form makes as a list whose items run their
// detail's action.
func (m *Model) openForm(form func() (string, []detail)) {
	title, _ := form()
	var l *listEdit
	l = &listEdit{
		title: title,
		items: func() []string {
			t, ds := form()
			l.title = t
			var out []string
			for _, d := range ds {
				out = append(out, d.label)
			}
			return out
		},
		edit: func(i int) {
			if _, ds := form(); i < len(ds) {
				m.inList(ds[i].act)
			}
		},
		keys:   "enter edits · u undoes · U redoes · esc back",
		prefix: map[string]string{"f": "fields ("},
	}
	m.openList(l)
}

// inList runs open, which opens a prompt, a choice, a list or the fields,
// so that confirming or cancelling it comes back to the list editor open
// now.
func (m *Model) inList(open func()) {
	l := m.list
	back := func(m *Model) { m.openList(l) }
	open()
	switch m.mode {
	case modePrompt:
		submit := m.onSubmit
		m.onSubmit = func(s string) error {
			if err := submit(s); err != nil {
				return err
			}
			if m.mode == modeBoard {
				back(m)
			}
			return nil
		}
		m.promptBack = modeList
	case modePick:
		pick := m.onPick
		m.onPick = func(i int) error {
			err := pick(i)
			if m.mode == modeBoard {
				back(m)
			}
			return err
		}
		m.pickBack = modeList
	case modeList:
		if m.list != l && m.list.back == nil {
			m.list.back = back
		}
	case modeFields:
		m.fieldsBack = l
	}
}

// details are the lines of the form of the sticky k.
func (m *Model) details(k board.Key) []detail {
	name := "name: "
	if k.Kind == board.Hotspot {
		name = "text: "
	}
	ds := []detail{{name + k.Name, m.startRename}}
	var last []detail // description and code close the form
	for _, key := range board.TextKeys(k.Kind) {
		if key == "description" || key == "code" {
			last = append(last, m.textDetail(k, key))
		} else {
			ds = append(ds, m.textDetail(k, key))
		}
	}
	return append(m.kindDetails(k, ds), last...)
}

// kindDetails appends to ds the lines of the form that only stickies of
// k's kind have.
func (m *Model) kindDetails(k board.Key, ds []detail) []detail {
	switch x := m.b.Find(k).(type) {
	case *model.Command:
		if k.Kind == board.Actor {
			return append(ds, detail{"commands " + k.Name + " issues…", m.startLink})
		}
		ds = append(ds, detail{"creates: " + yesNo(x.Creates), func() { m.fail(m.b.SetCreates(k, !x.Creates)) }},
			detail{fmt.Sprintf("rules (%d)…", len(x.Rules)), func() { m.editItems(k) }})
		ds = append(ds, m.fieldsDetail(k), detail{"emits " + refList(x.Emits) + ", uses " + refList(x.Uses) + "…", m.startLink})
	case *model.Aggregate:
		ds = append(ds, m.fieldsDetail(k), detail{fmt.Sprintf("scenarios (%d)…", len(x.Scenarios)), func() { m.editScenarios(k) }},
			detail{"context: " + k.Context + " (move it)…", func() { m.moveAggregate(k) }})
	case *model.Event:
		ds = append(ds, m.fieldsDetail(k), detail{"triggers (policies, read models)…", m.startLink},
			detail{fmt.Sprintf("earlier versions (%d)…", len(x.Earlier)), func() { m.editEarlier(k) }})
	case *model.Policy:
		ds = append(ds, detail{"when " + orNone([]string{refText(x.When)}) + " then " + orNone([]string{refText(x.Then)}) + "…", m.startLink})
	case *model.ReadModel:
		var es []*model.Ref
		for _, pr := range x.From {
			es = append(es, pr.Event)
		}
		ds = append(ds, m.fieldsDetail(k), detail{"fed by " + refList(es) + "…", m.startLink},
			detail{"what each event sets or deletes…", func() { m.editProjections(k) }})
	case *model.ExternalSystem:
		ds = append(ds, detail{"calls: " + orNone(m.b.Items(k)) + "…", func() { m.editItems(k) }})
	case *model.Type:
		if x.IsEnum() || len(x.Fields) == 0 {
			ds = append(ds, detail{"enum values: " + orNone(m.b.Items(k)) + "…", func() { m.editItems(k) }})
		}
		if !x.IsEnum() {
			ds = append(ds, m.fieldsDetail(k))
		}
	case *model.Hotspot:
		ds = append(ds, detail{"on: " + orNone([]string{refText(x.On)}) + "…", m.startLink})
	}
	return ds
}

func (m *Model) fieldsDetail(k board.Key) detail {
	return detail{fmt.Sprintf("fields (%d)…", len(m.b.Fields(k))), m.startFields}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func refList(rs []*model.Ref) string {
	var out []string
	for _, r := range rs {
		out = append(out, refText(r))
	}
	return orNone(out)
}

// textDetail is the form's line for a one-line detail: a choice where the
// format allows a few values, else a prompt completing known names.
func (m *Model) textDetail(k board.Key, key string) detail {
	value := m.b.Text(k, key)
	label := key + ": " + orNone([]string{value})
	choose := func(values ...string) detail {
		return detail{label, func() {
			m.openPick(key+" of "+k.Name, values, func(i int) error { return m.b.SetText(k, key, values[i]) })
		}}
	}
	switch key {
	case "idType":
		return choose("uuid", "string")
	case "store":
		return choose("state", "events")
	}
	known := m.completions(k, key)
	return detail{label, func() {
		m.openPrompt(key+" of "+k.Name+" (empty: none)", value, func(s string) error { return m.b.SetText(k, key, s) },
			func(string) []string { return known })
	}}
}

// completions are the known values a one-line detail may take.
func (m *Model) completions(k board.Key, key string) []string {
	var out []string
	switch x := m.b.Find(k).(type) {
	case *model.Command:
		if key == "actor" {
			for _, a := range m.context().Aggregates {
				for _, c := range a.Commands {
					if c.Actor != "" && !contains(out, c.Actor) {
						out = append(out, c.Actor)
					}
				}
			}
		}
	case *model.Policy:
		if ev, ok := whenEvent(x); ok && key == "target" {
			out = append(out, ev.Aggregate.ID)
			for _, f := range ev.Fields {
				out = append(out, f.Name)
			}
		}
	case *model.ReadModel:
		for _, f := range x.Fields {
			if key == "key" {
				out = append(out, f.Name)
			}
		}
	}
	if key == "code" {
		if c := names.GoExported(k.Name); c != "" {
			out = append(out, c)
		}
	}
	return out
}

func whenEvent(p *model.Policy) (*model.Event, bool) {
	if p.When == nil {
		return nil, false
	}
	ev, ok := p.When.Target.(*model.Event)
	return ev, ok
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// startEditContext opens the form of the current context and the system.
func (m *Model) startEditContext() {
	if m.context() == nil {
		m.fail(fmt.Errorf("add a context first (a, then C)"))
		return
	}
	m.openForm(func() (string, []detail) {
		k := board.Key{Kind: board.Context, Context: m.ctxName, Name: m.ctxName}
		ds := []detail{{"name: " + k.Name, m.renameContext}}
		for _, key := range board.TextKeys(board.Context) {
			ds = append(ds, m.textDetail(k, key))
		}
		ds = append(ds, detail{fmt.Sprintf("relationships (%d)…", len(m.b.Relationships())), m.editRelationships},
			detail{fmt.Sprintf("flows across contexts (%d)…", len(m.b.FlowNames())), m.editFlows})
		for _, key := range []string{"description", "module"} {
			ds = append(ds, m.systemDetail(key))
		}
		ds = append(ds, m.contextHotspotDetail(k))
		return "Edit context " + k.Name + " and system " + m.b.Model.System, ds
	})
}

// contextHotspotDetail counts the hotspots on the context k itself and adds
// one.
func (m *Model) contextHotspotDetail(k board.Key) detail {
	n := 0
	if c := m.b.ContextNamed(k.Name); c != nil { // none once an undo takes it
		for _, h := range c.Hotspots {
			if refText(h.On) == k.Name {
				n++
			}
		}
	}
	return detail{fmt.Sprintf("hotspots on %s (%d): add one…", k.Name, n), func() {
		m.openPrompt("Hotspot on "+k.Name+" (an open question)", "", func(s string) error {
			_, err := m.b.AddHotspot(k.Context, s, k.Name)
			return err
		}, nil)
	}}
}

func (m *Model) renameContext() {
	m.renameKey(board.Key{Kind: board.Context, Context: m.ctxName, Name: m.ctxName})
}

func (m *Model) systemDetail(key string) detail {
	value := m.b.SystemText(key)
	return detail{"system " + key + ": " + orNone([]string{value}), func() {
		m.openPrompt("The system's "+key+" (empty: none)", value, func(s string) error { return m.b.SetSystemText(key, s) }, nil)
	}}
}
