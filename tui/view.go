package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"eventstorm/model"
	"eventstorm/tui/board"
)

// View implements tea.Model.
func (m *Model) View() string {
	if m.b == nil {
		return m.viewPromptScreen()
	}
	w, h := m.width, m.height
	top := []string{m.viewTitle(), m.viewTabs()}
	bottom := []string{m.viewDetail()}
	bottom = append(bottom, m.viewProblems()...)
	bottom = append(bottom, m.viewStatus(), ansi.Truncate(m.footer(), w, "…"))
	bodyH := h - len(top) - len(bottom)
	if bodyH < 3 {
		bodyH = 3
	}
	var body string
	switch m.mode {
	case modePrompt:
		body = m.viewPrompt()
	case modePick:
		body = m.viewPick(bodyH)
	case modeFields:
		body = m.viewFields()
	case modeList:
		body = m.viewList(bodyH)
	case modeBig:
		body = m.viewBig(bodyH)
	case modeProblems:
		body = m.viewProblemList(bodyH)
	case modePreview:
		body = m.viewPreview(bodyH)
	case modeHelp:
		body = m.st.box.Render(m.help.FullHelpView(m.keys.FullHelp())) + "\n" + m.st.dim.Render(moreHelp)
	case modeConfirmQuit:
		body = m.st.box.Render(m.st.title.Render("Unsaved changes: save before quitting?") +
			"\n" + m.b.File + "\n\ny  save and quit\nn  quit without saving\nesc  keep working")
	default:
		body = m.viewBoard(w, bodyH)
	}
	body = fit(body, w, bodyH)
	return strings.Join(append(append(top, body), bottom...), "\n")
}

// moreHelp lists the keys of the views the board's keys open.
const moreHelp = `e E  forms: enter edits, f the fields, esc back; in lists a adds, d deletes
b    timeline: a types events, J/K move, * pivotal, g groups, m to a context,
     c P R attach a command, policy, read model (in the context tab picks);
     h hotspot; r d u U; s saves; esc back
f    fields: a adds, enter edits (name: type, tab completes), d deletes`

// fit cuts or pads text to exactly h lines no wider than w.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, w, "")
	}
	return strings.Join(lines, "\n")
}

func (m *Model) viewTitle() string {
	t := m.st.title.Render("eventstorm · " + m.b.Model.System + " · " + m.b.File)
	if m.b.Dirty() || m.newFile {
		t += m.st.warn.Render(" (modified)")
	}
	errs, warns, hots := m.b.Counts()
	var counts string
	if errs+warns == 0 {
		counts = m.st.ok.Render("valid")
	} else {
		counts = m.st.err.Render(fmt.Sprintf("✗ %d", errs)) + " " + m.st.warn.Render(fmt.Sprintf("! %d", warns))
	}
	if hots > 0 {
		counts += " " + m.st.hot.Render(fmt.Sprintf("? %d", hots))
	}
	gap := m.width - ansi.StringWidth(t) - ansi.StringWidth(counts)
	if gap < 1 {
		gap = 1
	}
	return t + strings.Repeat(" ", gap) + counts
}

func (m *Model) viewTabs() string {
	var parts []string
	for _, c := range m.b.Model.Contexts {
		if c.Name == m.ctxName {
			parts = append(parts, m.st.tabOn.Render("["+c.Name+"]"))
		} else {
			parts = append(parts, m.st.tab.Render(" "+c.Name+" "))
		}
	}
	if len(parts) == 0 {
		return m.st.dim.Render("No context yet: a, then C adds one.")
	}
	return "Context: " + strings.Join(parts, " ") + m.st.dim.Render("  (tab switches)")
}

// stickySize is the width and text height of a sticky for the screen.
func (m *Model) stickySize(w, h int) (int, int) {
	sw := (w - (numCols - 1)) / numCols
	if sw < 8 {
		sw = 8
	}
	lines := 2
	if h >= 30 {
		lines = 3
	}
	return sw, lines
}

func (m *Model) viewBoard(w, h int) string {
	sw, sh := m.stickySize(w, h)
	var head []string
	for _, t := range colTitles {
		head = append(head, m.st.dim.Render(pad(ansi.Truncate(t, sw, "…"), sw)))
	}
	out := []string{strings.Join(head, " ")}
	if len(m.g.rows) == 0 {
		out = append(out, "")
		for _, l := range wrapWords("This context is empty. Press a to add an aggregate (g), a command (c), an event (e), …; b types events onto the big-picture timeline.", w) {
			out = append(out, m.st.dim.Render(l))
		}
		return strings.Join(out, "\n")
	}
	rowH := sh + 1
	visible := (h - 1) / rowH
	if visible < 1 {
		visible = 1
	}
	first := 0
	if m.sel.row >= visible {
		first = m.sel.row - visible + 1
	}
	for r := first; r < len(m.g.rows) && r < first+visible; r++ {
		cells := make([]string, numCols)
		for c := 0; c < numCols; c++ {
			cells[c] = m.viewSticky(m.g.rows[r][c], pos{r, c} == m.sel, sw, sh)
		}
		out = append(out, lipgloss.JoinHorizontal(lipgloss.Top, interleave(cells, strings.Repeat(" \n", sh))...), "")
	}
	if first+visible < len(m.g.rows) {
		out = append(out, m.st.dim.Render(fmt.Sprintf("  … %s below", plural(len(m.g.rows)-first-visible, "more row"))))
	}
	return strings.Join(out, "\n")
}

func interleave(cells []string, gap string) []string {
	var out []string
	for i, c := range cells {
		if i > 0 {
			out = append(out, strings.TrimSuffix(gap, "\n"))
		}
		out = append(out, c)
	}
	return out
}

func pad(s string, w int) string {
	if n := ansi.StringWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// kindTag names the kinds that share no column, for a board without colour.
var kindTag = map[board.Kind]string{board.External: "ext ", board.Hotspot: "hot ", board.Type: "type "}

func (m *Model) viewSticky(s *sticky, selected bool, w, h int) string {
	blank := strings.Repeat(" ", w)
	if s == nil {
		return strings.TrimSuffix(strings.Repeat(blank+"\n", h), "\n")
	}
	label := s.label
	if s.key.Kind == board.Event && m.b.Pivotal(s.key) {
		label = "★ " + label
	}
	if m.st.noColor {
		label = kindTag[s.key.Kind] + label
	}
	inner := w - 2
	lines := wrapWords(label, inner)
	if len(lines) > h {
		lines = lines[:h]
		lines[h-1] = ansi.Truncate(lines[h-1]+" …", inner, "…")
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	lead, mark := " ", " "
	if selected {
		lead = "▶"
	}
	switch sev, ok := m.marks[s.key]; {
	case !ok:
	case sev == model.Error:
		mark = "✗"
	case sev == model.Warning:
		mark = "!"
	default:
		mark = "?"
	}
	style := m.st.sticky[s.key.Kind]
	if selected {
		style = style.Inherit(m.st.selected)
	}
	for i, l := range lines {
		first, last := " ", " "
		if i == 0 {
			first, last = lead, mark
		}
		lines[i] = style.Render(first + pad(l, inner) + last)
	}
	return strings.Join(lines, "\n")
}

// wrapWords breaks text into lines of at most w cells at spaces; a word
// wider than a line is cut with an ellipsis rather than split, so that
// "Receptionist" in a narrow column reads "Reception…", not "Receptioni"
// over "st".
func wrapWords(text string, w int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if ansi.StringWidth(word) > w {
			word = ansi.Truncate(word, w, "…")
		}
		switch {
		case line == "":
			line = word
		case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= w:
			line += " " + word
		default:
			lines, line = append(lines, line), word
		}
	}
	return append(lines, line)
}

// viewDetail describes the selected sticky in one line.
func (m *Model) viewDetail() string {
	k, ok := m.selected()
	if !ok {
		return ""
	}
	var parts []string
	switch x := m.b.Find(k).(type) {
	case *model.Command:
		if k.Kind == board.Actor {
			parts = append(parts, "actor "+k.Name)
			break
		}
		parts = append(parts, "command "+x.Name)
		if x.Creates {
			parts = append(parts, "creates")
		}
		var es []string
		for _, r := range x.Emits {
			es = append(es, r.Text)
		}
		parts = append(parts, "emits "+orNone(es))
	case *model.Policy:
		parts = append(parts, "policy "+x.Name, "when "+orNone([]string{refText(x.When)}), "then "+orNone([]string{refText(x.Then)}))
	case *model.ReadModel:
		var es []string
		for _, pr := range x.From {
			es = append(es, refText(pr.Event))
		}
		parts = append(parts, "read model "+x.Name, "key "+x.Key, "from "+orNone(es))
	case *model.Hotspot:
		parts = append(parts, "hotspot "+x.Text)
		if x.On != nil {
			parts = append(parts, "on "+x.On.Text)
		}
	default:
		parts = append(parts, k.String())
	}
	if fs := m.b.Fields(k); len(fs) > 0 && k.Kind != board.Actor {
		var f []string
		for _, x := range fs {
			f = append(f, x.Name+": "+x.Type.String())
		}
		parts = append(parts, "{"+strings.Join(f, ", ")+"}")
	}
	return ansi.Truncate(m.st.title.Render("▶ ")+strings.Join(parts, " · "), m.width, "…")
}

func orNone(xs []string) string {
	if len(xs) == 0 || (len(xs) == 1 && xs[0] == "") {
		return "—"
	}
	return strings.Join(xs, ", ")
}

func (m *Model) problemLines() int {
	if m.height >= 40 {
		return 6
	}
	return 3
}

func (m *Model) viewDiag(d model.Diagnostic) string {
	st := m.st.hot
	switch d.Severity {
	case model.Error:
		st = m.st.err
	case model.Warning:
		st = m.st.warn
	}
	return ansi.Truncate(fmt.Sprintf("%s %d:%d %s", st.Render(string(d.Severity)+":"), d.Line, d.Col, d.Message), m.width, "…")
}

func (m *Model) viewProblems() []string {
	n := m.problemLines()
	out := []string{m.st.title.Render(fmt.Sprintf("Problems (%d)", len(m.b.Diags))) + m.st.dim.Render("  p to go through them")}
	for i := 0; i < n; i++ {
		if i < len(m.b.Diags) {
			out = append(out, m.viewDiag(m.b.Diags[i]))
		} else {
			out = append(out, "")
		}
	}
	if len(m.b.Diags) > n {
		out[n] = m.st.dim.Render(fmt.Sprintf("  … and %d more", len(m.b.Diags)-n+1))
	}
	return out
}

func (m *Model) viewStatus() string {
	if m.msgErr {
		return m.st.err.Render(m.msg)
	}
	return m.msg
}

// viewPrompt is the prompt's box. The input line is cut to the box: the
// text input draws a completion past its width.
func (m *Model) viewPrompt() string {
	in := ansi.Truncate(m.input.View(), max(m.width-5, 10), "")
	return m.st.box.Render(m.st.title.Render(m.boxLine(m.prompt)) + "\n" + in + "\n" +
		m.st.dim.Render("enter confirms · esc cancels"+m.suggestHint()))
}

// footer is the keys of what has focus: the board's, or, while a prompt
// or a choice has it, only theirs (a key typed there is text or a choice,
// never a board command).
func (m *Model) footer() string {
	switch m.mode {
	case modePrompt:
		return m.st.dim.Render("enter confirms · esc cancels" + m.suggestHint())
	case modePick:
		return m.st.dim.Render("↑↓ choose · enter picks · esc cancels")
	case modeConfirmQuit:
		return m.st.dim.Render("y save and quit · n quit without saving · esc keep working")
	case modeFields:
		return m.st.dim.Render("↑↓ choose · a adds · enter edits · d deletes · esc back")
	case modeList:
		return m.st.dim.Render("↑↓ choose · " + m.list.keys)
	case modeBig:
		return m.st.dim.Render(bigKeys)
	}
	return m.help.View(m.keys)
}

func (m *Model) suggestHint() string {
	if m.suggest == nil {
		return ""
	}
	return " · tab completes · ↓↑ cycle"
}

func (m *Model) viewPromptScreen() string {
	s := m.st.title.Render("eventstorm · new model") + "\n\n" + m.viewPrompt()
	if m.msg != "" {
		s += "\n" + m.viewStatus()
	}
	return s
}

func (m *Model) viewPick(h int) string {
	var out []string
	first := 0
	if m.pickAt >= h-4 {
		first = m.pickAt - (h - 5)
	}
	for i := first; i < len(m.pickItems) && i < first+h-4; i++ {
		if i == m.pickAt {
			out = append(out, m.st.title.Render("▶ "+m.boxLine(m.pickItems[i])))
			continue
		}
		out = append(out, "  "+m.boxLine(m.pickItems[i]))
	}
	return m.st.box.Render(m.st.title.Render(m.boxLine(m.pickTitle)) + "\n" + strings.Join(out, "\n") + "\n" +
		m.st.dim.Render("↑↓ choose · enter picks · esc cancels"))
}

func (m *Model) viewFields() string {
	k, _ := m.selected()
	var out []string
	for i, f := range m.b.Fields(k) {
		line := "  " + f.Name + ": " + f.Type.String()
		if i == m.fieldAt {
			line = m.st.title.Render("▶ " + f.Name + ": " + f.Type.String())
		}
		out = append(out, line)
	}
	if len(out) == 0 {
		out = append(out, m.st.dim.Render("  no fields yet"))
	}
	return m.st.box.Render(m.st.title.Render("Fields of "+k.String()) + "\n" + strings.Join(out, "\n") + "\n" +
		m.st.dim.Render("a adds · enter edits · d deletes · esc back"))
}

// viewProblemList lists the problems one a line, the chosen one in full,
// wrapped.
func (m *Model) viewProblemList(h int) string {
	var out, chosen []string
	if m.probAt < len(m.b.Diags) {
		d := m.b.Diags[m.probAt]
		chosen = wrapWords(fmt.Sprintf("%s: %d:%d %s", d.Severity, d.Line, d.Col, d.Message), max(m.width-2, 20))
	}
	rows := max(h-3-max(len(chosen)-1, 0), 1)
	first := 0
	if m.probAt >= rows {
		first = m.probAt - rows + 1
	}
	for i := first; i < len(m.b.Diags) && i < first+rows; i++ {
		if i != m.probAt {
			out = append(out, "  "+m.viewDiag(m.b.Diags[i]))
			continue
		}
		for j, l := range chosen {
			out = append(out, map[bool]string{true: "▶ ", false: "  "}[j == 0]+m.st.title.Render(l))
		}
	}
	return m.st.title.Render("Problems") + m.st.dim.Render("  ↑↓ choose · enter jumps to the sticky · esc back") + "\n" + strings.Join(out, "\n")
}

func (m *Model) viewPreview(h int) string {
	c := m.context()
	p := board.PreviewOf(c)
	lines := []string{"Files:"}
	for _, f := range p.Files {
		lines = append(lines, "  "+keepEnd(f, m.width-2))
	}
	lines = append(lines, "", "HTTP routes:")
	for _, r := range p.Routes {
		lines = append(lines, "  "+r)
	}
	if len(p.Routes) == 0 {
		lines = append(lines, m.st.dim.Render("  none yet"))
	}
	// The title and the line of keys stay; the list scrolls under them.
	rows := max(h-2, 1)
	top := min(m.previewTop, max(len(lines)-rows, 0))
	m.previewTop = top
	hint := "any key closes"
	if len(lines) > rows {
		hint = fmt.Sprintf("lines %d–%d of %d: ↑↓ scroll, any other key closes", top+1, min(top+rows, len(lines)), len(lines))
	}
	return m.st.title.Render("What generate makes for "+c.Name) + "\n" + m.st.dim.Render(hint) + "\n" +
		strings.Join(lines[top:min(top+rows, len(lines))], "\n")
}

// plural says n of what, with an s when n is not 1.
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// keepEnd cuts s to w cells from its start, with an ellipsis, so that a
// long path keeps its file name and what follows it.
func keepEnd(s string, w int) string {
	if n := ansi.StringWidth(s); w > 1 && n > w {
		return ansi.TruncateLeft(s, n-w+1, "…")
	}
	return s
}
