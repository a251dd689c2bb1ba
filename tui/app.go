// Package tui is the modeling session: a bubbletea terminal UI in which a
// team runs a design-level EventStorming session on the board of one
// bounded context at a time, and which writes the same YAML as hand editing.
// The editing itself lives in package board; this package shows it and maps
// keys to it.
package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"eventstorm/model"
	"eventstorm/tui/board"
)

type mode int

const (
	modeBoard mode = iota
	modePrompt
	modePick
	modeFields
	modeList
	modeBig
	modeProblems
	modePreview
	modeHelp
	modeConfirmQuit
)

// Model is the session's bubbletea model.
type Model struct {
	// previewTop is the first line of the preview's list shown.
	previewTop int
	b          *board.Board
	st         *styles
	keys       keyMap
	help       help.Model
	width      int
	height     int
	mode       mode
	ctxName    string
	g          *grid
	sel        pos
	selKey     board.Key
	marks      map[board.Key]model.Severity
	msg        string
	msgErr     bool
	newFile    bool // the file does not exist yet
	onSave     func() error

	// prompt
	input    textinput.Model
	prompt   string
	onSubmit func(string) error
	suggest  func(string) []string
	// promptBack and pickBack are the modes esc returns to from a prompt
	// or a choice: the board, or the list editor that opened it.
	promptBack mode
	pickBack   mode
	helpBack   mode // where any key returns from the help
	list       *listEdit
	// fieldsBack is the list editor the fields were opened from, if any.
	fieldsBack *listEdit
	// bigAt is the selected event of the big-picture timeline.
	bigAt int

	// picker
	pickTitle string
	pickItems []string
	pickAt    int
	pickKeys  []string // optional: a key per item that picks it at once
	onPick    func(int) error

	fieldAt int
	probAt  int
	query   string
	matches []board.Key
	matchAt int
}

// newModel is a session on a board; b is nil while a new session is still
// naming its system.
func newModel(b *board.Board, r *lipgloss.Renderer) *Model {
	m := &Model{b: b, st: newStyles(r), keys: newKeyMap(), help: help.New(), width: 80, height: 24}
	m.help.Styles.ShortKey = m.st.title
	m.help.Styles.FullKey = m.st.title
	m.input = textinput.New()
	m.input.CharLimit = 4000 // a scenario or flow as one line of YAML is long // a scenario or flow as one line of YAML is long
	m.input.ShowSuggestions = true
	if b != nil && len(b.Model.Contexts) > 0 {
		m.ctxName = b.Model.Contexts[0].Name
	}
	m.refresh()
	return m
}

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

func (m *Model) context() *model.Context {
	if m.b == nil {
		return nil
	}
	return m.b.ContextNamed(m.ctxName)
}

// refresh rebuilds the grid and the problem marks after an edit, keeping
// the selection on the same element where it still exists.
// mark gives the sticky k the mark of severity sev, unless it has a
// graver one.
func (m *Model) mark(k board.Key, sev model.Severity) {
	if prev, ok := m.marks[k]; !ok || rank(sev) < rank(prev) {
		m.marks[k] = sev
	}
}

// markHotspotTargets marks ? the stickies of the context that hotspots are
// on, actors included, so that the question shows where it is asked.
func (m *Model) markHotspotTargets() {
	c := m.context()
	if c == nil {
		return
	}
	for _, h := range c.Hotspots {
		switch {
		case h.On == nil || h.On.Target == c:
		case h.On.Target != nil:
			m.mark(board.KeyOf(h.On.Target), model.HotspotNote)
		default: // an actor, which is no element of the model
			m.mark(board.Key{Kind: board.Actor, Context: c.Name, Name: strings.TrimSpace(h.On.Text)}, model.HotspotNote)
		}
	}
}

func (m *Model) refresh() {
	if m.b == nil {
		m.g = &grid{}
		return
	}
	if m.context() == nil && len(m.b.Model.Contexts) > 0 {
		m.ctxName = m.b.Model.Contexts[0].Name
	}
	m.g = layout(m.context())
	m.marks = map[board.Key]model.Severity{}
	for _, d := range m.b.Diags {
		x := m.b.At(model.Pos{Line: d.Line, Col: d.Col})
		if x == nil {
			continue
		}
		m.mark(board.KeyOf(x), d.Severity)
	}
	m.markHotspotTargets()
	if p, ok := m.g.find(m.selKey); ok {
		m.sel = p
	} else if s := m.g.at(m.sel); s != nil {
		m.selKey = s.key
	} else if p, ok := m.g.first(); ok {
		m.sel, m.selKey = p, m.g.at(p).key
	} else {
		m.sel, m.selKey = pos{}, board.Key{}
	}
	if m.probAt >= len(m.b.Diags) {
		m.probAt = 0
	}
}

func rank(s model.Severity) int {
	switch s {
	case model.Error:
		return 0
	case model.Warning:
		return 1
	}
	return 2
}

// selected is the selected sticky's key, and whether there is one.
func (m *Model) selected() (board.Key, bool) {
	s := m.g.at(m.sel)
	if s == nil {
		return board.Key{}, false
	}
	return s.key, true
}

// selectKey switches to the key's context and selects it.
func (m *Model) selectKey(k board.Key) {
	if k.Context != "" {
		m.ctxName = k.Context
	}
	m.selKey = k
	m.refresh()
}

func (m *Model) say(format string) { m.msg, m.msgErr = format, false }

func (m *Model) fail(err error) bool {
	if err != nil {
		m.msg, m.msgErr = err.Error(), true
		return true
	}
	return false
}

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.Width = msg.Width
		m.input.Width = msg.Width - 8
		return m, nil
	case tea.MouseMsg:
		m.click(msg)
		return m, nil
	case tea.KeyMsg:
		if msg.Type == tea.KeyCtrlC {
			return m, tea.Quit
		}
		if keys := oneByOne(msg); keys != nil {
			return m, m.updateEach(keys)
		}
		switch m.mode {
		case modePrompt:
			return m.updatePrompt(msg)
		case modePick:
			return m, m.updatePick(msg)
		case modeFields:
			return m, m.updateFields(msg)
		case modeList:
			return m, m.updateList(msg)
		case modeBig:
			return m, m.updateBig(msg)
		case modeProblems:
			return m, m.updateProblems(msg)
		case modePreview:
			m.scrollPreview(msg)
			return m, nil
		case modeHelp:
			m.mode, m.helpBack = m.helpBack, modeBoard
			return m, nil
		case modeConfirmQuit:
			return m, m.updateConfirm(msg)
		}
		return m, m.updateBoard(msg)
	}
	return m, nil
}

// oneByOne splits the letters of one read of the terminal (fast typing, a
// script writing several keys at once) into one key each, so that each goes
// to whatever has focus when it arrives: "ag" on the board opens the add
// menu, then picks aggregate, and the letters after it are the name typed
// into the prompt that opened. It returns nil for a single key and for a
// bracketed paste, which a prompt takes whole.
func oneByOne(msg tea.KeyMsg) []tea.KeyMsg {
	if msg.Type != tea.KeyRunes || len(msg.Runes) < 2 || msg.Paste {
		return nil
	}
	keys := make([]tea.KeyMsg, len(msg.Runes))
	for i, r := range msg.Runes {
		keys[i] = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt && i == 0}
	}
	return keys
}

// updateEach handles keys in order, as if they had come one by one, and
// returns their commands, to run in the same order.
func (m *Model) updateEach(keys []tea.KeyMsg) tea.Cmd {
	var cmds []tea.Cmd
	for _, k := range keys {
		if _, cmd := m.Update(k); cmd != nil {
			cmds = append(cmds, cmd)
		}
	}
	switch len(cmds) {
	case 0:
		return nil
	case 1:
		return cmds[0]
	}
	return tea.Sequence(cmds...)
}

func (m *Model) updateBoard(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	m.msg = ""
	switch {
	case key.Matches(msg, k.Quit):
		if m.b.Dirty() || m.newFile {
			m.mode = modeConfirmQuit
			return nil
		}
		return tea.Quit
	case key.Matches(msg, k.Up):
		m.moveTo(m.g.move(m.sel, -1, 0))
	case key.Matches(msg, k.Down):
		m.moveTo(m.g.move(m.sel, 1, 0))
	case key.Matches(msg, k.Left):
		m.moveTo(m.g.move(m.sel, 0, -1))
	case key.Matches(msg, k.Right):
		m.moveTo(m.g.move(m.sel, 0, 1))
	case key.Matches(msg, k.Context):
		m.cycleContext(1)
	case key.Matches(msg, k.PrevContext):
		m.cycleContext(-1)
	case key.Matches(msg, k.Contexts):
		m.pickContext()
	case key.Matches(msg, k.Add):
		m.startAdd()
	case key.Matches(msg, k.Rename):
		m.startRename()
	case key.Matches(msg, k.Edit):
		m.startEdit()
	case key.Matches(msg, k.EditContext):
		m.startEditContext()
	case key.Matches(msg, k.Big):
		m.startBig()
	case key.Matches(msg, k.Delete):
		m.deleteSelected()
	case key.Matches(msg, k.Link):
		m.startLink()
	case key.Matches(msg, k.Fields):
		m.startFields()
	case key.Matches(msg, k.Search):
		m.startSearch()
	case key.Matches(msg, k.Next):
		m.nextMatch()
	case key.Matches(msg, k.Problems):
		m.openProblems()
	case key.Matches(msg, k.Preview):
		if m.context() != nil {
			m.mode, m.previewTop = modePreview, 0
		}
	case key.Matches(msg, k.Undo):
		m.undoRedo(false)
	case key.Matches(msg, k.Redo):
		m.undoRedo(true)
	case key.Matches(msg, k.Save):
		m.save()
	case key.Matches(msg, k.Help):
		m.mode = modeHelp
	}
	return nil
}

// openProblems lists the problems, or says there are none.
func (m *Model) openProblems() {
	if len(m.b.Diags) == 0 {
		m.say("No problems: the model is valid.")
	} else {
		m.mode = modeProblems
	}
}

// undoRedo takes back the last edit, or with redo makes the last undone
// one again, and says which.
func (m *Model) undoRedo(redo bool) {
	switch {
	case !redo && m.b.Undo():
		m.say("Undone; U redoes it.")
	case redo && m.b.Redo():
		m.say("Redone.")
	case redo:
		m.say("Nothing to redo.")
	default:
		m.say("Nothing to undo.")
	}
	m.refresh()
}

func (m *Model) moveTo(p pos) {
	m.sel = p
	if s := m.g.at(p); s != nil {
		m.selKey = s.key
	}
}

func (m *Model) cycleContext(step int) {
	cs := m.b.Model.Contexts
	if len(cs) == 0 {
		return
	}
	i := 0
	for j, c := range cs {
		if c.Name == m.ctxName {
			i = j
		}
	}
	i = (i + step + len(cs)) % len(cs)
	m.ctxName = cs[i].Name
	m.selKey = board.Key{}
	m.sel = pos{}
	m.refresh()
}

func (m *Model) save() {
	if !m.b.Dirty() && !m.newFile {
		m.say("No changes to save.")
		return
	}
	if m.fail(m.b.Save()) {
		return
	}
	if m.onSave != nil && m.fail(m.onSave()) {
		return
	}
	m.newFile = false
	errs, _, _ := m.b.Counts()
	if errs > 0 {
		m.say("Saved " + m.b.File + " (it still has problems: p lists them).")
	} else {
		m.say("Saved " + m.b.File + ".")
	}
}

func (m *Model) updateConfirm(msg tea.KeyMsg) tea.Cmd {
	switch strings.ToLower(msg.String()) {
	case "y", "s":
		m.mode = modeBoard
		m.save()
		if m.msgErr {
			return nil
		}
		return tea.Quit
	case "n":
		return tea.Quit
	case "esc", "c":
		m.mode = modeBoard
	}
	return nil
}

// openPrompt asks for a line of text.
func (m *Model) openPrompt(title, value string, submit func(string) error, suggest func(string) []string) {
	m.mode = modePrompt
	m.prompt = title
	m.onSubmit = submit
	m.suggest = suggest
	m.input.SetValue(value)
	m.input.CursorEnd()
	m.input.SetSuggestions(nil)
	if suggest != nil {
		m.input.SetSuggestions(suggest(value))
	}
	m.input.Focus()
	m.promptBack = modeBoard
}

func (m *Model) updatePrompt(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch msg.Type {
	case tea.KeyEsc:
		m.mode = m.promptBack
		if m.b == nil {
			return m, tea.Quit
		}
		return m, nil
	case tea.KeyEnter:
		submit := m.onSubmit
		m.mode = modeBoard
		m.msg = ""
		if err := submit(m.input.Value()); err != nil {
			m.mode = modePrompt
			m.onSubmit = submit
			m.fail(err)
		}
		m.refresh()
		return m, nil
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if m.suggest != nil {
		m.input.SetSuggestions(m.suggest(m.input.Value()))
	}
	return m, cmd
}

// openPick asks to choose one of items.
func (m *Model) openPick(title string, items []string, pick func(int) error) {
	if len(items) == 0 {
		m.fail(errString("nothing to choose for " + title))
		return
	}
	m.mode, m.pickTitle, m.pickItems, m.pickAt, m.onPick = modePick, title, items, 0, pick
	m.pickKeys = nil
	m.pickBack = modeBoard
}

type errString string

func (e errString) Error() string { return string(e) }

func (m *Model) updatePick(msg tea.KeyMsg) tea.Cmd {
	for i, k := range m.pickKeys {
		if msg.String() == k {
			m.pickAt = i
			return m.updatePick(tea.KeyMsg{Type: tea.KeyEnter})
		}
	}
	switch msg.String() {
	case "up", "k":
		if m.pickAt > 0 {
			m.pickAt--
		}
	case "down", "j":
		if m.pickAt < len(m.pickItems)-1 {
			m.pickAt++
		}
	case "esc", "q":
		m.mode = m.pickBack
	case "enter", " ":
		pick := m.onPick
		m.mode = modeBoard
		m.msg = ""
		m.fail(pick(m.pickAt))
		m.refresh()
	default:
		// Typing the first letters of an item jumps to it.
		if s := msg.String(); len([]rune(s)) == 1 {
			for i := range m.pickItems {
				j := (m.pickAt + 1 + i) % len(m.pickItems)
				if strings.HasPrefix(strings.ToLower(strings.TrimLeft(m.pickItems[j], "[] x")), strings.ToLower(s)) {
					m.pickAt = j
					break
				}
			}
		}
	}
	return nil
}

// scrollPreview scrolls the preview with the arrows, j and k, and the page
// keys; any other key closes it.
func (m *Model) scrollPreview(msg tea.KeyMsg) {
	page := max(m.height-8, 1)
	switch msg.String() {
	case "up", "k":
		m.previewTop--
	case "down", "j":
		m.previewTop++
	case "pgup":
		m.previewTop -= page
	case "pgdown", " ":
		m.previewTop += page
	default:
		m.mode = modeBoard
	}
	m.previewTop = max(m.previewTop, 0) // the view clamps the bottom
}
