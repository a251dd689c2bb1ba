package tui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"eventstorm/model"
	"eventstorm/tui/board"
)

func (m *Model) startFields() {
	k, ok := m.selected()
	if !ok || !board.HasFields(k.Kind) {
		m.fail(fmt.Errorf("select an aggregate, command, event, read model or type to edit fields"))
		return
	}
	m.mode, m.fieldAt, m.fieldsBack = modeFields, 0, nil
}

// fieldPrompt asks for `name: type`, completing the type from the known
// types of the context (tab accepts, ↓ and ↑ cycle).
func (m *Model) fieldPrompt(k board.Key, old *model.Field) {
	value, oldName := "", ""
	if old != nil {
		value, oldName = old.Name+": "+old.Type.String(), old.Name
	}
	types := m.b.KnownTypes(k.Context)
	m.openPrompt("Field of "+k.Name+" as name: type", value, func(s string) error {
		name, typ, ok := strings.Cut(s, ":")
		if !ok {
			return fmt.Errorf("write the field as name: type, e.g. amount: decimal")
		}
		if err := m.b.SetField(k, oldName, name, typ); err != nil {
			return err
		}
		m.mode = modeFields
		return nil
	}, func(s string) []string {
		name, _, _ := strings.Cut(s, ":")
		var out []string
		for _, t := range types {
			out = append(out, strings.TrimSpace(name)+": "+t)
		}
		return out
	})
}

func (m *Model) updateFields(msg tea.KeyMsg) tea.Cmd {
	k, _ := m.selected()
	fields := m.b.Fields(k)
	switch msg.String() {
	case "esc", "q", "f":
		m.mode = modeBoard
		if m.fieldsBack != nil {
			m.openList(m.fieldsBack)
			m.fieldsBack = nil
		}
	case "up", "k":
		if m.fieldAt > 0 {
			m.fieldAt--
		}
	case "down", "j":
		if m.fieldAt < len(fields)-1 {
			m.fieldAt++
		}
	case "a", "+":
		m.fieldPrompt(k, nil)
	case "enter", "e":
		if m.fieldAt < len(fields) {
			m.fieldPrompt(k, fields[m.fieldAt])
		}
	case "d", "x", "delete":
		if m.fieldAt < len(fields) && !m.fail(m.b.RemoveField(k, fields[m.fieldAt].Name)) {
			m.refresh()
			if m.fieldAt > 0 && m.fieldAt >= len(fields)-1 {
				m.fieldAt--
			}
		}
	}
	return nil
}

func (m *Model) updateProblems(msg tea.KeyMsg) tea.Cmd {
	switch msg.String() {
	case "esc", "q", "p":
		m.mode = modeBoard
	case "up", "k":
		if m.probAt > 0 {
			m.probAt--
		}
	case "down", "j":
		if m.probAt < len(m.b.Diags)-1 {
			m.probAt++
		}
	case "enter":
		m.mode = modeBoard
		if m.probAt < len(m.b.Diags) {
			d := m.b.Diags[m.probAt]
			if x := m.b.At(model.Pos{Line: d.Line, Col: d.Col}); x != nil {
				m.selectKey(board.KeyOf(x))
			}
			m.say(fmt.Sprintf("%s: %s", d.Severity, d.Message))
		}
	}
	return nil
}
