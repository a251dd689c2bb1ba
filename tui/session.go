package tui

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"eventstorm/internal/fsutil"
	"eventstorm/schema"
	"eventstorm/tui/board"
)

// Streams are the terminal the session runs on.
type Streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// Interactive is true when In and Out are a terminal a person types at.
	Interactive bool
}

// ErrNoTerminal is returned, before reading any input, when the streams are
// not a terminal.
var ErrNoTerminal = errors.New("the modeling session needs a terminal; to check a model without one, run 'eventstorm validate FILE'")

// ModelFile is the conventional name of a model.
const ModelFile = "eventstorm.yaml"

// OpenModel runs the session on the model file at path. A missing file
// starts a new model that is saved there; a file that is not a model at all
// (not YAML) is an error listing why.
func OpenModel(path string, s Streams) error {
	if !s.Interactive {
		return ErrNoTerminal
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return newSession(path, s)
	}
	if err != nil {
		return err
	}
	b, err := board.Open(path, data)
	if err != nil {
		return err
	}
	m := newModel(b, renderer(s.Out))
	return run(m, s)
}

// NewSession runs the session on a new model to be saved as
// DIR/eventstorm.yaml (with the JSON Schema beside it in DIR/.eventstorm/,
// as `eventstorm init` writes it): the team names the system, adds its
// contexts and goes on to the board. Nothing is written until they save.
func NewSession(dir string, s Streams) error {
	if !s.Interactive {
		return ErrNoTerminal
	}
	return newSession(filepath.Join(dir, ModelFile), s)
}

func newSession(path string, s Streams) error {
	m := newModel(nil, renderer(s.Out))
	m.newFile = true
	m.onSave = func() error {
		p := filepath.Join(filepath.Dir(path), ".eventstorm", schema.FileName)
		if _, err := os.Stat(p); err == nil {
			return nil
		}
		return fsutil.WriteFileAtomic(p, schema.JSON, 0o644)
	}
	m.openPrompt("Name the system (e.g. Shop)", "", func(name string) error {
		b, err := board.New(path, name)
		if err != nil {
			return err
		}
		m.b = b
		m.askContext()
		return nil
	}, nil)
	return run(m, s)
}

// askContext asks for contexts one after the other; an empty answer goes
// on to the board.
func (m *Model) askContext() {
	title := "Add a bounded context (e.g. Ordering); empty goes on to the board"
	if len(m.b.Model.Contexts) == 0 {
		title = "Name the first bounded context (e.g. Ordering)"
	}
	m.openPrompt(title, "", func(name string) error {
		if strings.TrimSpace(name) == "" {
			if len(m.b.Model.Contexts) == 0 {
				return fmt.Errorf("a model needs at least one context")
			}
			m.ctxName = m.b.Model.Contexts[0].Name
			m.refresh()
			m.say("The board of " + m.ctxName + ": a adds stickies, ? shows every key.")
			return nil
		}
		if _, err := m.b.AddContext(name); err != nil {
			return err
		}
		m.askContext()
		return nil
	}, nil)
}

func renderer(out io.Writer) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(out)
	if noColor() {
		r.SetColorProfile(termenv.Ascii)
	}
	return r
}

func run(m *Model, s Streams) error {
	p := tea.NewProgram(m, tea.WithInput(s.In), tea.WithOutput(s.Out), tea.WithAltScreen(), tea.WithMouseCellMotion())
	_, err := p.Run()
	return err
}
