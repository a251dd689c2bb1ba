package tui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"eventstorm/model"
	"eventstorm/tui/board"
)

// bigKeys are the keys of the big-picture timeline, as its footer says.
const bigKeys = "a types · J/K · * pivotal · g group · m move · c P R attach · h hotspot · esc"

// startBig opens the big-picture timeline: every event of the board in
// order, new ones typed in as people call them out.
func (m *Model) startBig() {
	if m.context() == nil {
		m.fail(fmt.Errorf("add a context first (a, then C)"))
		return
	}
	m.mode = modeBig
	m.bigAt = 0
	if len(m.b.TimelineEvents()) == 0 {
		m.typeEvents()
	}
}

// bigSelected is the selected event of the timeline.
func (m *Model) bigSelected() (board.Key, bool) {
	evs := m.b.TimelineEvents()
	if len(evs) == 0 {
		return board.Key{}, false
	}
	m.bigAt = min(max(m.bigAt, 0), len(evs)-1)
	return evs[m.bigAt], true
}

// bigSelect selects the event k on the timeline.
func (m *Model) bigSelect(k board.Key) {
	for i, e := range m.b.TimelineEvents() {
		if e == k {
			m.bigAt = i
		}
	}
	m.selectKey(k)
}

// typeEvents asks for events one after the other, each going onto the
// timeline after the selected one; an empty line ends.
func (m *Model) typeEvents() {
	ctx := m.ctxName
	m.openPrompt("Event as called out (past tense, e.g. Order Placed); empty ends", "", func(s string) error {
		if strings.TrimSpace(s) == "" {
			m.mode = modeBig
			return nil
		}
		after, _ := m.bigSelected()
		k, err := m.b.AddTimelineEvent(ctx, s, after)
		if err != nil {
			return err
		}
		m.bigSelect(k)
		m.say("Added " + k.Name + " to the timeline.")
		m.typeEvents()
		return nil
	}, nil)
	m.promptBack = modeBig
}

func (m *Model) updateBig(msg tea.KeyMsg) tea.Cmd {
	k, ok := m.bigSelected()
	m.msg = ""
	switch msg.String() {
	case "esc", "b", "q":
		m.mode = modeBoard
		if ok {
			m.selectKey(k)
		}
	case "up", "k":
		m.bigAt--
	case "down", "j":
		m.bigAt++
	case "a", "enter":
		m.typeEvents()
	case "tab", "shift+tab":
		m.cycleContext(map[bool]int{true: 1, false: -1}[msg.String() == "tab"])
		m.say("New events, policies and read models go to " + m.ctxName + ".")
	case "s", "ctrl+s":
		m.save()
	case "?":
		m.mode, m.helpBack = modeHelp, modeBig
	case "u", "ctrl+z", "U", "ctrl+r":
		m.undoRedo(msg.String() == "U" || msg.String() == "ctrl+r")
	default:
		if ok {
			m.bigEdit(msg.String(), k)
		}
	}
	if k, ok := m.bigSelected(); ok && m.mode == modeBig {
		m.selKey = k // the status line names the event the cursor is on
	}
	return nil
}

// bigEdit runs the timeline's key s on the selected event k.
func (m *Model) bigEdit(s string, k board.Key) {
	back := func() {
		if m.mode == modePrompt {
			m.promptBack = modeBig
		} else if m.mode == modePick {
			m.pickBack = modeBig
		}
	}
	switch s {
	case "K", "shift+up", "J", "shift+down":
		if !m.fail(m.b.MoveEvent(k, map[bool]int{true: -1, false: 1}[s == "K" || s == "shift+up"])) {
			m.bigSelect(k)
		}
	case "*", "p":
		m.fail(m.b.SetPivotal(k, !m.b.Pivotal(k)))
	case "g":
		m.groupEvent(k)
	case "c", "P", "R":
		m.attach(s, k)
	case "m":
		if e, ok := m.b.Find(k).(*model.Event); ok && e.Aggregate.Name != board.Timeline {
			m.moveAggregate(board.KeyOf(e.Aggregate))
		} else {
			m.fail(fmt.Errorf("group %s into an aggregate first (g): an aggregate moves with its events", k.Name))
		}
	case "h":
		m.openPrompt("Hotspot on "+k.Name+" (an open question)", "", func(s string) error {
			_, err := m.b.AddHotspot(k.Context, s, k.Name)
			m.mode = modeBig
			return err
		}, nil)
	case "r":
		m.openPrompt("Rename "+k.Name+" (references follow)", k.Name, func(s string) error {
			nk, err := m.b.Rename(k, s)
			m.mode = modeBig
			if err == nil {
				m.bigSelect(nk)
			}
			return err
		}, nil)
	case "d", "x", "delete":
		if !m.fail(m.b.Delete(k)) {
			m.say("Deleted " + k.Name + "; u undoes it.")
		}
	}
	back()
	m.refresh()
}

// groupEvent asks which aggregate the event belongs to: one of its
// context's, or a new one.
func (m *Model) groupEvent(k board.Key) {
	var items, aggs []string
	for _, a := range m.b.ContextNamed(k.Context).Aggregates {
		if a.Name != board.Timeline {
			items, aggs = append(items, a.Name), append(aggs, a.Name)
		}
	}
	items = append(items, "+ new aggregate…")
	group := func(agg string) error {
		m.mode = modeBig
		if _, err := m.b.GroupEvent(k, agg); err != nil {
			return err
		}
		m.say(k.Name + " belongs to " + agg + ".")
		m.bigSelect(k) // where the grouped event now stands, if none waits
		m.nextUngrouped()
		return nil
	}
	m.openPick("Which aggregate does "+k.Name+" belong to?", items, func(i int) error {
		if i < len(aggs) {
			return group(aggs[i])
		}
		m.mode = modeBig
		m.openPrompt("New aggregate's name (e.g. Order)", "", group, nil)
		m.promptBack = modeBig
		return nil
	})
}

// attach asks for what the key s attaches to the event k: the command
// that emits it (c, written "Actor: Command" to name who issues it), a
// policy whenever it happens (P), a read model it feeds (R); the policy
// and the read model go to the current context.
func (m *Model) attach(s string, k board.Key) {
	if m.context() == nil {
		m.fail(fmt.Errorf("add a context first"))
		return
	}
	ctx := m.ctxName
	title := map[string]string{"c": "Command that emits " + k.Name + " (Actor: Command names who issues it)",
		"P": "Whenever " + k.Name + ", then which command of " + ctx + "? (Name: Command names the policy)", "R": "Read model " + k.Name + " feeds (in " + ctx + ")"}[s]
	var known []string // actors for a command, commands for a policy
	for _, a := range m.context().Aggregates {
		for _, c := range a.Commands {
			switch {
			case s == "P":
				known = append(known, c.Name)
			case s == "c" && c.Actor != "" && !contains(known, c.Actor+": "):
				known = append(known, c.Actor+": ")
			}
		}
	}
	m.openPrompt(title, "", func(text string) error {
		var nk board.Key
		var err error
		switch s {
		case "c":
			actor, name, ok := strings.Cut(text, ":")
			if !ok {
				actor, name = "", text
			}
			nk, err = m.b.AddCommandEmitting(k, name, actor)
		case "P":
			name, then, ok := strings.Cut(text, ":")
			if !ok {
				name, then = "", text
			}
			nk, err = m.b.AddPolicyOn(k, ctx, name, then)
		default:
			nk, err = m.b.AddReadModelFrom(k, ctx, text)
		}
		if err == nil {
			m.mode = modeBig
			m.say("Added " + nk.String() + ".")
		}
		return err
	}, func(string) []string { return known })
}

// moveAggregate asks which context the aggregate moves to, with its
// commands and events: another one, or a new one.
func (m *Model) moveAggregate(agg board.Key) {
	var items, ctxs []string
	for _, c := range m.b.Model.Contexts {
		if c.Name != agg.Context {
			items, ctxs = append(items, c.Name), append(ctxs, c.Name)
		}
	}
	items = append(items, "+ new context…")
	var ret mode // where the session goes back to: the timeline, a form
	move := func(ctx string) error {
		k, err := m.b.MoveAggregate(agg, ctx)
		if err == nil {
			m.selectKey(k)
			m.say(agg.Name + " moved to " + k.Context + ", references following.")
			m.mode = ret
		}
		return err
	}
	m.openPick("Move "+agg.Name+" (with its commands and events) to", items, func(i int) error {
		ret = m.pickBack
		if i < len(ctxs) {
			return move(ctxs[i])
		}
		m.openPrompt("New context's name", "", func(s string) error {
			k, err := m.b.AddContext(s)
			if err != nil {
				return err
			}
			return move(k.Name)
		}, nil)
		m.promptBack = ret
		return nil
	})
}

// nextUngrouped selects the first event still on the placeholder, so that
// g can go on grouping; the grouped events stand with their aggregate.
func (m *Model) nextUngrouped() {
	for i, k := range m.b.TimelineEvents() {
		if e, ok := m.b.Find(k).(*model.Event); ok && e.Aggregate.Name == board.Timeline {
			m.bigAt = i
			return
		}
	}
}

func (m *Model) viewBig(h int) string {
	evs := m.b.TimelineEvents()
	title := m.st.title.Render(fmt.Sprintf("Big picture: the timeline (%d events)", len(evs))) +
		m.st.dim.Render("  a types new ones into "+m.ctxName)
	var out []string
	first := 0
	if m.bigAt >= h-2 {
		first = m.bigAt - (h - 3)
	}
	nameW := 0 // names line up, in a column no wider than they need
	for _, k := range evs {
		nameW = max(nameW, min(ansi.StringWidth(k.Name), 30))
	}
	for i := first; i < len(evs) && i < first+h-2; i++ {
		out = append(out, m.bigLine(i, evs[i], nameW))
	}
	if len(evs) == 0 {
		out = append(out, m.st.dim.Render("  No events yet: a types them in as people call them out."))
	}
	return title + "\n" + strings.Join(out, "\n")
}

// bigLine is the timeline's line of the event k, the i-th.
// bigLine is the timeline's line of the i-th event k, its name padded to
// nameW cells.
func (m *Model) bigLine(i int, k board.Key, nameW int) string {
	star := "  "
	if m.b.Pivotal(k) {
		star = "★ "
	}
	where := k.Context
	if e, ok := m.b.Find(k).(*model.Event); ok {
		where += " · " + e.Aggregate.Name
		if e.Aggregate.Name == board.Timeline {
			where = k.Context + " · not grouped yet"
		}
	}
	if e, ok := m.b.Find(k).(*model.Event); ok {
		for _, c := range e.Aggregate.Commands {
			for _, r := range c.Emits {
				if r.Target == e {
					where += " ◀ " + c.Name
				}
			}
		}
	}
	if n := m.hotspotsOn(k); n > 0 {
		where += fmt.Sprintf(" ? %d open", n)
	}
	text := fmt.Sprintf("%3d. %s%s %s", i+1, star, pad(k.Name, nameW+1), m.st.dim.Render(where))
	if i == m.bigAt {
		return m.st.title.Render("▶" + text)
	}
	return " " + text
}

// hotspotsOn counts the hotspots on the element k.
func (m *Model) hotspotsOn(k board.Key) int {
	x, n := m.b.Find(k), 0
	if c := m.b.ContextNamed(k.Context); c != nil && x != nil {
		for _, h := range c.Hotspots {
			if h.On != nil && h.On.Target == x {
				n++
			}
		}
	}
	return n
}
