package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// listEdit is a list the session edits item by item: a command's rules, an
// enum's values, an external system's calls, an aggregate's scenarios, a
// read model's events, the relationships of contexts.
type listEdit struct {
	title string
	items func() []string
	add   func()            // asks for a new item
	edit  func(i int)       // asks for item i's new text, or what to do with it
	del   func(i int) error // removes item i; nil when items are not removed here
	empty string            // what the list says while it is empty
	at    int               // the item chosen
	keys  string            // the keys the box offers
	back  func(m *Model)    // where esc goes; nil for the board
	// prefix, when set, makes a letter choose the first item that starts
	// with the text it maps to (f: a form's fields).
	prefix map[string]string
}

// openList edits a list.
func (m *Model) openList(l *listEdit) {
	if l.keys == "" {
		l.keys = "a adds · enter edits · d deletes · u U · esc back"
		if l.del == nil {
			l.keys = "a adds · enter edits · u U · esc back"
		}
	}
	m.list, m.mode = l, modeList
}

// listPrompt asks for a line of text from a list editor: confirming or
// cancelling returns to the list.
func (m *Model) listPrompt(title, value string, submit func(string) error, suggest func(string) []string) {
	m.openPrompt(title, value, func(s string) error {
		if err := submit(s); err != nil {
			return err
		}
		m.mode = modeList
		return nil
	}, suggest)
	m.promptBack = modeList
}

// listPick asks to choose from a list editor: choosing or cancelling
// returns to the list.
func (m *Model) listPick(title string, items []string, pick func(int) error) {
	m.openPick(title, items, func(i int) error {
		m.mode = modeList
		return pick(i)
	})
	m.pickBack = modeList
}

func (m *Model) updateList(msg tea.KeyMsg) tea.Cmd {
	l := m.list
	items := l.items()
	switch msg.String() {
	case "esc", "q":
		m.mode = modeBoard
		if l.back != nil {
			l.back(m)
		}
	case "up", "k":
		l.at = max(l.at-1, 0)
	case "down", "j":
		l.at = min(l.at+1, max(len(items)-1, 0))
	case "a", "+":
		if l.add != nil {
			l.add()
		}
	case "enter", "e":
		if l.at < len(items) {
			l.edit(l.at)
		}
	case "u", "ctrl+z", "U", "ctrl+r", "ctrl+y":
		m.undoRedo(msg.String() != "u" && msg.String() != "ctrl+z")
		l.at = min(l.at, max(len(l.items())-1, 0))
	case "d", "x", "delete":
		if l.del != nil && l.at < len(items) && !m.fail(l.del(l.at)) {
			m.refresh()
			l.at = min(l.at, max(len(l.items())-1, 0))
		}
	default:
		for i, item := range items {
			if p, ok := l.prefix[msg.String()]; ok && strings.HasPrefix(item, p) {
				l.at = i
				l.edit(i)
				break
			}
		}
	}
	return nil
}

func (m *Model) viewList(h int) string {
	l := m.list
	items := l.items()
	var out []string
	first := 0
	if l.at >= h-4 {
		first = l.at - (h - 5)
	}
	for i := first; i < len(items) && i < first+h-4; i++ {
		item := m.boxLine(items[i])
		if i == l.at {
			out = append(out, m.st.title.Render("▶ "+item))
		} else {
			out = append(out, "  "+item)
		}
	}
	if len(items) == 0 {
		out = append(out, m.st.dim.Render("  "+l.empty))
	}
	return m.st.box.Render(m.st.title.Render(m.boxLine(l.title)) + "\n" + strings.Join(out, "\n") + "\n" + m.st.dim.Render(l.keys))
}

// boxLine cuts a line of a box so that the box fits the screen.
func (m *Model) boxLine(s string) string {
	return ansi.Truncate(s, max(m.width-8, 10), "…")
}
