package tui

import (
	"fmt"
	"strings"

	"eventstorm/model"
	"eventstorm/tui/board"
)

// addKinds are what `a` adds, with the key that picks each.
var addKinds = []struct {
	key  string
	kind board.Kind
}{
	{"e", board.Event}, {"c", board.Command}, {"g", board.Aggregate}, {"a", board.Actor},
	{"p", board.Policy}, {"r", board.ReadModel}, {"x", board.External}, {"h", board.Hotspot},
	{"t", board.Type}, {"C", board.Context},
}

func (m *Model) startAdd() {
	var items, keys []string
	for _, k := range addKinds {
		items = append(items, k.key+"  "+k.kind.String())
		keys = append(keys, k.key)
	}
	m.openPick("Add", items, func(i int) error {
		m.addKind(addKinds[i].kind)
		return nil
	})
	m.pickKeys = keys
}

// aggregateFor is the aggregate a new command or event joins: the selected
// one (or the selected command's or event's), else the only one.
func (m *Model) aggregateFor() (board.Key, bool) {
	c := m.context()
	if c == nil {
		return board.Key{}, false
	}
	if k, ok := m.selected(); ok {
		switch x := m.b.Find(k).(type) {
		case *model.Aggregate:
			return k, true
		case *model.Command:
			return board.KeyOf(x.Aggregate), true
		case *model.Event:
			return board.KeyOf(x.Aggregate), true
		}
	}
	if len(c.Aggregates) == 1 {
		return board.KeyOf(c.Aggregates[0]), true
	}
	return board.Key{}, false
}

func (m *Model) addKind(kind board.Kind) {
	ctx := m.ctxName
	done := func(k board.Key, err error) error {
		if err == nil {
			m.selectKey(k)
			m.say("Added " + k.String() + ".")
		}
		return err
	}
	if kind == board.Context {
		m.openPrompt("New context's name", "", func(s string) error {
			k, err := m.b.AddContext(s)
			if err == nil {
				m.ctxName = k.Name
			}
			return done(k, err)
		}, nil)
		return
	}
	if m.context() == nil {
		m.fail(fmt.Errorf("add a context first (a, then C)"))
		return
	}
	switch kind {
	case board.Command, board.Event:
		agg, ok := m.aggregateFor()
		if !ok {
			if len(m.context().Aggregates) == 0 {
				m.fail(fmt.Errorf("add an aggregate first: a %s belongs to one", kind))
				return
			}
			m.pickAggregate(kind)
			return
		}
		m.promptElement(kind, agg)
	case board.Actor:
		k, ok := m.selected()
		if !ok || k.Kind != board.Command {
			m.fail(fmt.Errorf("select the command the actor issues, then add the actor"))
			return
		}
		m.openPrompt("Actor who issues "+k.Name, "", func(s string) error {
			if err := m.b.SetActor(k, s); err != nil {
				return err
			}
			return done(board.Key{Kind: board.Actor, Context: ctx, Name: strings.TrimSpace(s)}, nil)
		}, nil)
	case board.Hotspot:
		on := ""
		if k, ok := m.selected(); ok && k.Kind != board.Hotspot {
			on = k.Name
		}
		title := "Hotspot (an open question)"
		if on != "" {
			title += " on " + on
		}
		m.openPrompt(title, "", func(s string) error { return done(m.b.AddHotspot(ctx, s, on)) }, nil)
	case board.Type:
		m.askTypeKind()
	default:
		m.promptElement(kind, board.Key{})
	}
}

// askTypeKind asks whether a new type is a value object or an enum (v or
// e picks at once), then its name.
func (m *Model) askTypeKind() {
	m.openPick("A type is", []string{"a value object (fields, e.g. Address)", "an enum (values, e.g. Order Status)"}, func(i int) error {
		if i == 1 {
			m.promptEnum()
		} else {
			m.promptElement(board.Type, board.Key{})
		}
		return nil
	})
	m.pickKeys = []string{"v", "e"}
}

// promptEnum asks for a new enum's name, then for its values.
func (m *Model) promptEnum() {
	ctx := m.ctxName
	m.openPrompt("New enum's name", "", func(s string) error {
		k, err := m.b.AddEnum(ctx, s)
		if err != nil {
			return err
		}
		m.selectKey(k)
		m.editItems(k)
		m.list.add()
		m.promptBack = modeList
		return nil
	}, nil)
}

func (m *Model) pickAggregate(kind board.Kind) {
	var items []string
	for _, a := range m.context().Aggregates {
		items = append(items, a.Name)
	}
	m.openPick("Which aggregate gets the "+kind.String()+"?", items, func(i int) error {
		m.promptElement(kind, board.KeyOf(m.context().Aggregates[i]))
		return nil
	})
}

func (m *Model) promptElement(kind board.Kind, agg board.Key) {
	ctx := m.ctxName
	prev, _ := m.selected()
	title := "New " + kind.String() + "'s name"
	if agg.Name != "" {
		title += " (in " + agg.Name + ")"
	}
	m.openPrompt(title, "", func(s string) error {
		var k board.Key
		var err error
		switch kind {
		case board.Aggregate:
			k, err = m.b.AddAggregate(ctx, s)
		case board.Command:
			k, err = m.b.AddCommand(agg, s)
		case board.Event:
			k, err = m.b.AddEvent(agg, s)
		case board.Policy:
			k, err = m.b.AddPolicy(ctx, s)
		case board.ReadModel:
			k, err = m.b.AddReadModel(ctx, s)
		case board.External:
			k, err = m.b.AddExternalSystem(ctx, s)
		case board.Type:
			k, err = m.b.AddType(ctx, s)
		}
		if err != nil {
			return err
		}
		m.selectKey(k)
		m.say("Added " + k.String() + "." + nextKeys(k.Kind))
		if kind == board.Event && prev.Kind == board.Command && m.commandOf(prev, agg) {
			m.offerEmits(prev, k)
		}
		return nil
	}, nil)
}

func (m *Model) startRename() {
	k, ok := m.selected()
	if !ok {
		k = board.Key{Kind: board.Context, Context: m.ctxName, Name: m.ctxName}
		if m.context() == nil {
			return
		}
	}
	m.renameKey(k)
}

// renameKey asks for the new name of k and renames it.
func (m *Model) renameKey(k board.Key) {
	m.openPrompt("Rename "+k.String()+" (references follow)", k.Name, func(s string) error {
		nk, err := m.b.Rename(k, s)
		if err != nil {
			return err
		}
		if k.Kind == board.Context {
			m.ctxName = nk.Name
		}
		m.selectKey(nk)
		m.say("Renamed to " + nk.Name + ".")
		return nil
	}, nil)
}

func (m *Model) deleteSelected() {
	k, ok := m.selected()
	if !ok {
		return
	}
	if m.fail(m.b.Delete(k)) {
		return
	}
	m.refresh()
	m.say("Deleted " + k.String() + "; u undoes it.")
}

func (m *Model) pickContext() {
	var items []string
	for _, c := range m.b.Model.Contexts {
		items = append(items, c.Name)
	}
	items = append(items, "+ new context")
	m.openPick("Contexts", items, func(i int) error {
		if i == len(m.b.Model.Contexts) {
			m.addKind(board.Context)
			return nil
		}
		m.ctxName = m.b.Model.Contexts[i].Name
		m.selKey = board.Key{}
		m.refresh()
		return nil
	})
}

func (m *Model) startSearch() {
	m.openPrompt("Search stickies", m.query, func(s string) error {
		m.query = strings.TrimSpace(s)
		m.matches = nil
		if m.query == "" {
			return nil
		}
		q := strings.ToLower(m.query)
		for _, c := range m.b.Model.Contexts {
			for _, row := range layout(c).rows {
				for _, st := range row {
					if st != nil && strings.Contains(strings.ToLower(st.label), q) && !containsKey(m.matches, st.key) {
						m.matches = append(m.matches, st.key)
					}
				}
			}
		}
		if len(m.matches) == 0 {
			return fmt.Errorf("no sticky says %q", m.query)
		}
		m.matchAt = -1
		m.nextMatch()
		return nil
	}, nil)
}

func containsKey(ks []board.Key, k board.Key) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func (m *Model) nextMatch() {
	if len(m.matches) == 0 {
		m.say("No search: / searches.")
		return
	}
	m.matchAt = (m.matchAt + 1) % len(m.matches)
	m.selectKey(m.matches[m.matchAt])
	m.say(fmt.Sprintf("Match %d of %d for %q; n for the next.", m.matchAt+1, len(m.matches), m.query))
}

// nextKeys says which keys work on a sticky of the kind just added: only
// those, so that a hint never offers what is then refused.
func nextKeys(k board.Kind) string {
	var can []string
	if linkable(k) {
		can = append(can, "l links")
	}
	if board.HasFields(k) {
		can = append(can, "f fields")
	}
	return " " + strings.Join(append(can, "e details"), " · ") + "."
}

// commandOf reports whether the command cmd belongs to the aggregate agg.
func (m *Model) commandOf(cmd, agg board.Key) bool {
	c, ok := m.b.Find(cmd).(*model.Command)
	return ok && c.Aggregate != nil && c.Aggregate.Name == agg.Name && cmd.Context == agg.Context
}

// offerEmits asks whether the command selected when an event was added
// emits it, as it usually does: the event was added right after it.
func (m *Model) offerEmits(cmd, event board.Key) {
	m.openPick("Does "+cmd.Name+" emit "+event.Name+"?", []string{"yes, " + cmd.Name + " emits it", "no"}, func(i int) error {
		if i != 0 {
			return nil
		}
		if _, err := m.b.ToggleEmits(cmd, event.Name); err != nil {
			return err
		}
		m.say(cmd.Name + " emits " + event.Name + ".")
		return nil
	})
}
