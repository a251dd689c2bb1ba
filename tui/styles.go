package tui

import (
	"os"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"eventstorm/tui/board"
)

// styles are the session's colours: the classic sticky-note palette, as
// adaptive colours for light and dark terminals.
type styles struct {
	noColor  bool
	sticky   map[board.Kind]lipgloss.Style
	selected lipgloss.Style
	title    lipgloss.Style
	tab      lipgloss.Style
	tabOn    lipgloss.Style
	dim      lipgloss.Style
	err      lipgloss.Style
	warn     lipgloss.Style
	hot      lipgloss.Style
	ok       lipgloss.Style
	box      lipgloss.Style
}

func noColor() bool { return os.Getenv("NO_COLOR") != "" }

func ac(light, dark string) lipgloss.AdaptiveColor {
	return lipgloss.AdaptiveColor{Light: light, Dark: dark}
}

func newStyles(r *lipgloss.Renderer) *styles {
	paper := func(bg lipgloss.AdaptiveColor) lipgloss.Style {
		return r.NewStyle().Background(bg).Foreground(lipgloss.Color("#1a1a1a"))
	}
	orange, blue, yellow := ac("#ffb347", "#f5a142"), ac("#8ec9ff", "#6cb4f5"), ac("#fff176", "#f2e35e")
	lilac, green, pink := ac("#d7b8f3", "#c39be8"), ac("#b5e7a0", "#9bd486"), ac("#ffb6d9", "#f59ac6")
	red, grey := ac("#ff6b6b", "#f05454"), ac("#dddddd", "#bbbbbb")
	s := &styles{
		noColor: r.ColorProfile() == termenv.Ascii,
		sticky: map[board.Kind]lipgloss.Style{
			board.Event:     paper(orange),
			board.Command:   paper(blue),
			board.Aggregate: paper(yellow),
			board.Actor:     paper(yellow),
			board.Policy:    paper(lilac),
			board.ReadModel: paper(green),
			board.External:  paper(pink),
			board.Hotspot:   paper(red),
			board.Type:      paper(grey),
		},
		selected: r.NewStyle().Bold(true).Underline(true),
		title:    r.NewStyle().Bold(true),
		tab:      r.NewStyle().Foreground(ac("#666666", "#999999")),
		tabOn:    r.NewStyle().Bold(true).Reverse(true),
		dim:      r.NewStyle().Foreground(ac("#777777", "#888888")),
		err:      r.NewStyle().Foreground(ac("#c00000", "#ff5f5f")).Bold(true),
		warn:     r.NewStyle().Foreground(ac("#a06000", "#ffaf00")),
		hot:      r.NewStyle().Foreground(ac("#c0005f", "#ff5fa0")),
		ok:       r.NewStyle().Foreground(ac("#007000", "#5fd75f")),
		box:      r.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1),
	}
	return s
}
