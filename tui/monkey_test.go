package tui

import (
	"math/rand"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"eventstorm/tui/board"
)

// TestMonkeyNeverPanics presses random keys, in every mode the keys reach,
// on the sample and on an empty model, and draws the screen after each: no
// sequence may panic (the test fails with the keys that did).
func TestMonkeyNeverPanics(t *testing.T) {
	named := []tea.KeyType{tea.KeyEnter, tea.KeyEsc, tea.KeyUp, tea.KeyDown, tea.KeyLeft, tea.KeyRight,
		tea.KeyTab, tea.KeyShiftTab, tea.KeyBackspace, tea.KeyCtrlU, tea.KeyCtrlR, tea.KeyCtrlZ, tea.KeyDelete}
	letters := []rune("aeEbcgmrdlfuUvp?/nxhkjJKPR*CtsqyT 1:")
	for seed := int64(1); seed <= 12; seed++ {
		var m *Model
		if seed%3 == 0 {
			m = emptyModel(t)
		} else {
			m = sampleModel(t, sampleFile(t))
		}
		m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		r := rand.New(rand.NewSource(seed))
		var sent []string
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("seed %d panicked: %v after %q\n%s", seed, p, sent, debug.Stack())
				}
			}()
			for range 600 {
				var k tea.KeyMsg
				if r.Intn(3) == 0 {
					k = tea.KeyMsg{Type: named[r.Intn(len(named))]}
				} else {
					k = runes(string(letters[r.Intn(len(letters))]))
				}
				if k.String() == "q" || k.String() == "s" {
					continue // quitting and saving end or write the run
				}
				sent = append(sent, k.String())
				m.Update(k)
				_ = m.View()
			}
		}()
		savesFaithfully(t, m, seed)
	}
}

// savesFaithfully saves the session's model and checks that the file, in
// the text the minimal-change save keeps, reads back as the same model.
func savesFaithfully(t *testing.T, m *Model, seed int64) {
	t.Helper()
	m.b.File = filepath.Join(t.TempDir(), "eventstorm.yaml")
	if err := m.b.Save(); err != nil {
		t.Fatalf("seed %d: save: %v", seed, err)
	}
	data, err := os.ReadFile(m.b.File)
	if err != nil {
		t.Fatal(err)
	}
	back, err := board.Open(m.b.File, data)
	if err != nil {
		t.Fatalf("seed %d: the saved file does not open: %v", seed, err)
	}
	if string(back.Bytes()) != string(m.b.Bytes()) {
		t.Errorf("seed %d: the saved file reads back differently:\n%s\nvs\n%s", seed, data, m.b.Bytes())
	}
}
