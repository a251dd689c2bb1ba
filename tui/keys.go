package tui

import "github.com/charmbracelet/bubbles/key"

// keyMap holds the board's keys; the help bar and `?` show them.
type keyMap struct {
	Move, Context, Contexts, Add, Rename, Edit, EditContext, Delete, Link, Fields,
	Search, Next, Problems, Preview, Big, Undo, Redo, Save, Help, Quit key.Binding
	Up, Down, Left, Right, PrevContext key.Binding
}

func newKeyMap() keyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return keyMap{
		Move:        b("←↓↑→", "move", "up", "down", "left", "right"),
		Up:          b("↑", "up", "up"),
		Down:        b("↓", "down", "down"),
		Left:        b("←", "left", "left"),
		Right:       b("→", "right", "right"),
		Context:     b("tab", "next context", "tab"),
		PrevContext: b("shift+tab", "previous context", "shift+tab"),
		Contexts:    b("c", "contexts", "c"),
		Add:         b("a", "add", "a"),
		Rename:      b("r", "rename", "r"),
		Edit:        b("e", "edit", "e", "enter"),
		EditContext: b("E", "edit context", "E"),
		Delete:      b("d", "delete", "d", "delete", "x"),
		Link:        b("l", "link", "l"),
		Fields:      b("f", "fields", "f"),
		Search:      b("/", "search", "/"),
		Next:        b("n", "next match", "n"),
		Problems:    b("p", "problems", "p"),
		Preview:     b("v", "preview code", "v"),
		Big:         b("b", "big picture", "b"),
		Undo:        b("u", "undo", "u", "ctrl+z"),
		Redo:        b("U", "redo", "U", "ctrl+r", "ctrl+y"),
		Save:        b("s", "save", "s", "ctrl+s"),
		Help:        b("?", "all keys", "?"),
		Quit:        b("q", "quit", "q", "ctrl+c"),
	}
}

// ShortHelp is the help bar.
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Add, k.Edit, k.Link, k.Fields, k.Delete, k.Save, k.Help, k.Quit}
}

// FullHelp is every key, shown by `?`.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Move, k.Context, k.PrevContext, k.Contexts, k.Search, k.Next},
		{k.Add, k.Rename, k.Edit, k.EditContext, k.Delete, k.Link, k.Fields},
		{k.Big, k.Problems, k.Preview, k.Undo, k.Redo, k.Save, k.Help, k.Quit},
	}
}
