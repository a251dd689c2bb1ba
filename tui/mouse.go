package tui

import tea "github.com/charmbracelet/bubbletea"

// click selects the sticky under a left click on the board, where the
// terminal reports the mouse; clicks elsewhere do nothing.
func (m *Model) click(msg tea.MouseMsg) {
	if m.b == nil || m.mode != modeBoard || msg.Action != tea.MouseActionPress || msg.Button != tea.MouseButtonLeft {
		return
	}
	// The board's geometry, as View and viewBoard lay it out.
	bodyH := max(m.height-2-(m.problemLines()+4), 3)
	sw, sh := m.stickySize(m.width, bodyH)
	rowH := sh + 1
	visible := max((bodyH-1)/rowH, 1)
	first := 0
	if m.sel.row >= visible {
		first = m.sel.row - visible + 1
	}
	y := msg.Y - 3 // the title, the tabs, the column heads
	if y < 0 || y%rowH == sh || y/rowH >= visible {
		return
	}
	p := pos{first + y/rowH, msg.X / (sw + 1)}
	if m.g.at(p) != nil {
		m.moveTo(p)
		m.msg = ""
	}
}
