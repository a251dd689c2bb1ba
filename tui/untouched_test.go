package tui

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"eventstorm/tui/board"
)

// handWritten lists the repository's hand-written models: the samples, the
// generator's edge cases and the validate command's cases that open on a
// board (those with YAML syntax errors do not).
func handWritten(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, g := range []string{"../samples/*.yaml", "../generator/testdata/models/*.yaml", "../cmd/testdata/validate/*.yaml", "../diagram/testdata/*.yaml"} {
		m, err := filepath.Glob(g)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := board.Open(f, data); err == nil {
				files = append(files, f)
			}
		}
	}
	if len(files) < 12 {
		t.Fatalf("only %d hand-written models open: %v", len(files), files)
	}
	return files
}

var (
	keyOf  = func(t tea.KeyType) tea.KeyMsg { return tea.KeyMsg{Type: t} }
	escape = keyOf(tea.KeyEsc)
	// wander moves around every view that only looks: the board in every
	// direction and context, the timeline, a form, the preview, the help,
	// the problems and a search.
	wander = []tea.Msg{keyOf(tea.KeyRight), keyOf(tea.KeyDown), keyOf(tea.KeyDown), keyOf(tea.KeyRight), keyOf(tea.KeyLeft),
		keyOf(tea.KeyUp), tab, tab, keyOf(tea.KeyShiftTab), runes("b"), runes("j"), runes("j"), escape,
		runes("e"), keyOf(tea.KeyDown), escape, runes("E"), escape, runes("v"), keyOf(tea.KeyDown), escape,
		runes("?"), escape, runes("p"), escape, runes("/"), runes("e"), enter, runes("n"), escape,
		tea.MouseMsg{X: 20, Y: 4, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft}}
	// pivotalTwice marks the timeline's first event pivotal and unmarks it
	// (an edit and its inverse), then saves.
	pivotalTwice = []tea.Msg{runes("b"), runes("*"), runes("*"), escape, runes("s")}
)

// TestOpenQuitLeavesModelsByteIdentical opens every hand-written model and
// quits at once, after moving around, and after an edit and its inverse
// saved: each time the file is byte for byte what it was.
func TestOpenQuitLeavesModelsByteIdentical(t *testing.T) {
	for _, f := range handWritten(t) {
		for name, keys := range map[string][]tea.Msg{"quit": nil, "wander": wander, "pivotal twice": pivotalTwice} {
			t.Run(filepath.Base(f)+"/"+name, func(t *testing.T) {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(t.TempDir(), "eventstorm.yaml")
				if err := os.WriteFile(path, data, 0o644); err != nil {
					t.Fatal(err)
				}
				for _, w := range [][2]int{{80, 24}, {200, 50}} {
					tm := teatest.NewTestModel(t, sampleModel(t, path), teatest.WithInitialTermSize(w[0], w[1]))
					for _, k := range keys {
						tm.Send(k)
					}
					tm.Send(escape)
					tm.Send(runes("q"))
					tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
					if after, _ := os.ReadFile(path); !bytes.Equal(data, after) {
						t.Fatalf("at %dx%d the file changed:\n%s", w[0], w[1], after)
					}
				}
			})
		}
	}
}

// TestTmuxOpenQuitLeavesModelsByteIdentical runs the real binary on every
// hand-written model at 80×24, as a facilitator would: opened, moved
// around in and quit with q, the file is byte for byte what it was and
// nothing else is written beside it.
func TestTmuxOpenQuitLeavesModelsByteIdentical(t *testing.T) {
	needTmux(t)
	bin := buildBinary(t)
	for _, f := range handWritten(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			path := filepath.Join(dir, "eventstorm.yaml")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			x := startTmuxWith(t, bin, path, 80, 24)
			x.waitFor("q quit")
			x.keys("Right", "Down", "Tab", "Down")
			x.text("q")
			x.waitGone()
			if after, _ := os.ReadFile(path); !bytes.Equal(data, after) {
				t.Errorf("the file changed:\n%s", after)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("the session wrote beside the model: %v", entries)
			}
		})
	}
}
