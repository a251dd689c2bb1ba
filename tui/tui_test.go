package tui

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"eventstorm/model"
	"eventstorm/tui/board"
)

// asciiRenderer keeps golden screens free of colour codes.
func asciiRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(&bytes.Buffer{})
	r.SetColorProfile(termenv.Ascii)
	return r
}

func sampleFile(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../samples/order.yaml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "eventstorm.yaml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func sampleModel(t *testing.T, path string) *Model {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := board.Open("eventstorm.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	b.File = path
	m := newModel(b, asciiRenderer())
	return m
}

// screen runs the model in teatest at w×h, types keys, quits and returns
// the final model's screen.
func screen(t *testing.T, m *Model, w, h int, keys ...tea.Msg) (*Model, string) {
	t.Helper()
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	// Sent in order with the keys, so they never meet a screen of the
	// default size.
	tm.Send(tea.WindowSizeMsg{Width: w, Height: h})
	for _, k := range keys {
		tm.Send(k)
	}
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	// The file's temporary directory differs per run: show its base name.
	if final.b != nil {
		file := final.b.File
		final.b.File = "eventstorm.yaml"
		defer func() { final.b.File = file }()
	}
	return final, final.View()
}

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

var (
	enter = tea.KeyMsg{Type: tea.KeyEnter}
	right = tea.KeyMsg{Type: tea.KeyRight}
	tab   = tea.KeyMsg{Type: tea.KeyTab}
)

func TestBoardScreen80x24(t *testing.T) {
	_, v := screen(t, sampleModel(t, sampleFile(t)), 80, 24)
	if n := strings.Count(v, "\n") + 1; n != 24 {
		t.Errorf("screen has %d lines, want 24", n)
	}
	golden.RequireEqual(t, []byte(v))
}

func TestBoardScreen200x50(t *testing.T) {
	_, v := screen(t, sampleModel(t, sampleFile(t)), 200, 50)
	for _, want := range []string{"Place Order", "Cancel Order", "Order Placed", "Order Cancelled", "Customer"} {
		if !strings.Contains(v, want) {
			t.Errorf("the first screen lacks %q", want)
		}
	}
	golden.RequireEqual(t, []byte(v))
}

func TestOtherContextScreen(t *testing.T) {
	_, v := screen(t, sampleModel(t, sampleFile(t)), 80, 24, tab)
	golden.RequireEqual(t, []byte(v))
}

func TestHelpScreen(t *testing.T) {
	_, v := screen(t, sampleModel(t, sampleFile(t)), 80, 24, runes("?"))
	golden.RequireEqual(t, []byte(v))
}

func TestPreviewScreen(t *testing.T) {
	_, v := screen(t, sampleModel(t, sampleFile(t)), 80, 24, runes("v"))
	if !strings.Contains(v, "POST /order/{id}/cancel-order") {
		t.Error("preview lacks the cancel route")
	}
	golden.RequireEqual(t, []byte(v))
}

func TestLinkPickerScreen(t *testing.T) {
	// Select Place Order (right of the actor) and open its links.
	_, v := screen(t, sampleModel(t, sampleFile(t)), 80, 24, right, runes("l"))
	golden.RequireEqual(t, []byte(v))
}

func TestProblemJumpSelectsSticky(t *testing.T) {
	path := sampleFile(t)
	m := sampleModel(t, path)
	// Add a command that emits nothing: an error on its sticky.
	final, v := screen(t, m, 80, 24, right, runes("a"), runes("c"), runes("Pay Order"), enter,
		tab, runes("p"), enter)
	if k, _ := final.selected(); k != (board.Key{Kind: board.Command, Context: "Ordering", Name: "Pay Order"}) {
		t.Errorf("the problem jump selected %v", k)
	}
	if !strings.Contains(v, "✗") {
		t.Error("no error mark on the board")
	}
	golden.RequireEqual(t, []byte(v))
}

func TestRenameAndSaveThroughKeys(t *testing.T) {
	path := sampleFile(t)
	m := sampleModel(t, path)
	// Select Order Placed (the event column) and rename it, then save.
	final, _ := screen(t, m, 80, 24, right, right, right, runes("r"), tea.KeyMsg{Type: tea.KeyCtrlU}, runes("Order Submitted"), enter, runes("s"))
	if final.b.Dirty() {
		t.Error("dirty after s")
	}
	data, _ := os.ReadFile(path)
	for _, want := range []string{"emits: [Order Submitted]", "event: Ordering.Order Submitted", "# The order flow"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("saved file lacks %q:\n%s", want, data)
		}
	}
	if _, diags := model.Read(path); diags.HasErrors() {
		t.Error(diags)
	}
}

func TestQuitCleanLeavesFileAlone(t *testing.T) {
	path := sampleFile(t)
	before, _ := os.ReadFile(path)
	tm := teatest.NewTestModel(t, sampleModel(t, path), teatest.WithInitialTermSize(80, 24))
	tm.Send(runes("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("q changed the file")
	}
}

func TestQuitDirtyAsks(t *testing.T) {
	path := sampleFile(t)
	before, _ := os.ReadFile(path)
	m := sampleModel(t, path)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	tm.Send(right)
	tm.Send(runes("d"))
	tm.Send(runes("q"))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("before quitting?")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(runes("n"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("quitting without saving changed the file")
	}
}

func TestNewSessionScreens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "eventstorm.yaml")
	m := newModel(nil, asciiRenderer())
	m.newFile = true
	m.openPrompt("Name the system (e.g. Shop)", "", func(name string) error {
		b, err := board.New(path, name)
		if err != nil {
			return err
		}
		m.b = b
		m.askContext()
		return nil
	}, nil)
	_, first := screen(t, newModelCopy(m), 80, 24)
	golden.RequireEqual(t, []byte(first))
	final, v := screen(t, m, 80, 24, runes("Shop"), enter, runes("Ordering"), enter, runes("Order History"), enter, enter,
		runes("a"), runes("g"), runes("Order"), enter, runes("s"))
	if len(final.b.Model.Contexts) != 2 || final.b.Find(board.Key{Kind: board.Aggregate, Context: "Ordering", Name: "Order"}) == nil {
		t.Fatalf("session built %s", model.Describe(final.b.Model))
	}
	if _, err := os.Stat(path); err != nil {
		t.Error("s did not save the new model:", err)
	}
	t.Run("board", func(t *testing.T) {
		golden.RequireEqual(t, []byte(strings.ReplaceAll(v, filepath.Dir(path)+string(filepath.Separator), "")))
	})
}

// newModelCopy is a fresh wizard model for the first screen.
func newModelCopy(m *Model) *Model {
	c := newModel(nil, asciiRenderer())
	c.openPrompt(m.prompt, "", func(string) error { return nil }, nil)
	return c
}

func TestNoTerminalNeverWaits(t *testing.T) {
	done := make(chan error, 1)
	go func() {
		done <- OpenModel("missing.yaml", Streams{In: blockingReader{}, Out: &bytes.Buffer{}})
	}()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNoTerminal) {
			t.Errorf("err = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("OpenModel waited without a terminal")
	}
	if err := NewSession(t.TempDir(), Streams{In: blockingReader{}}); !errors.Is(err, ErrNoTerminal) {
		t.Errorf("NewSession: %v", err)
	}
}

type blockingReader struct{}

func (blockingReader) Read([]byte) (int, error) { select {} }

func TestNoColor(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	var buf bytes.Buffer
	r := renderer(&buf)
	if r.ColorProfile() != termenv.Ascii {
		t.Fatalf("profile %v under NO_COLOR", r.ColorProfile())
	}
	st := newStyles(r)
	if s := st.sticky[board.Event].Render("Order Placed"); strings.Contains(s, "\x1b[") {
		t.Errorf("colour codes under NO_COLOR: %q", s)
	}
	m := newModel(nil, r)
	m.b = sampleModel(t, sampleFile(t)).b
	m.ctxName = "Ordering"
	m.refresh()
	if v := m.View(); strings.Contains(v, "\x1b[") {
		t.Errorf("colour codes in the screen under NO_COLOR")
	}
	t.Setenv("NO_COLOR", "")
	r2 := lipgloss.NewRenderer(&buf)
	r2.SetColorProfile(termenv.TrueColor)
	if s := newStyles(r2).sticky[board.Event].Render("x"); !strings.Contains(s, "\x1b[") {
		t.Error("no colour at all with a colour profile")
	}
}

// TestKeysInOneWrite sends what a fast typist or a script writes at once,
// several letters in one key message: each goes, in order, to whatever has
// focus when it arrives (the board, then the add menu, then the prompt).
func TestKeysInOneWrite(t *testing.T) {
	path := sampleFile(t)
	m := sampleModel(t, path)
	final, _ := screen(t, m, 80, 24, runes("agStock?"), enter, runes("s"))
	if final.b.Dirty() {
		t.Error("dirty after s")
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), "name: Stock?") {
		t.Errorf("the aggregate typed in one write with the keys that opened its prompt is not in the file:\n%s", data)
	}
}

func TestOneByOne(t *testing.T) {
	if got := oneByOne(runes("x")); got != nil {
		t.Errorf("one key split: %v", got)
	}
	if got := oneByOne(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("pasted"), Paste: true}); got != nil {
		t.Errorf("a paste split: %v", got)
	}
	got := oneByOne(runes("aé"))
	if len(got) != 2 || got[0].String() != "a" || got[1].String() != "é" {
		t.Errorf("aé split into %v", got)
	}
}

// TestPromptFooter checks that while a prompt has focus the footer offers
// the prompt's keys, not the board's.
func TestPromptFooter(t *testing.T) {
	m := sampleModel(t, sampleFile(t))
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.Update(runes("ag"))
	view := m.View()
	if strings.Contains(view, "? all keys") || !strings.Contains(view, "enter confirms · esc cancels") {
		t.Errorf("the footer while a prompt has focus:\n%s", view)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyEsc})
	if view := m.View(); !strings.Contains(view, "? all keys") {
		t.Errorf("the board's footer is not back after esc:\n%s", view)
	}
}

// TestNextKeys checks that the hint after adding a sticky offers only the
// keys that then work on it.
func TestNextKeys(t *testing.T) {
	want := map[board.Kind]string{
		board.Command:   " l links · f fields · e details.",
		board.Event:     " l links · f fields · e details.",
		board.Policy:    " l links · e details.",
		board.Aggregate: " f fields · e details.",
		board.Type:      " f fields · e details.",
		board.External:  " e details.",
	}
	for k, w := range want {
		if got := nextKeys(k); got != w {
			t.Errorf("after adding a %s: %q, want %q", k, got, w)
		}
	}
}

// TestLayoutColumns checks that every sticky stands in the column of its
// kind: no type, external system or hotspot under the actors.
func TestLayoutColumns(t *testing.T) {
	data, err := os.ReadFile("../samples/printshop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := board.Open("printshop.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	want := map[board.Kind]int{
		board.Actor: colActor, board.Command: colCommand, board.Aggregate: colAggregate, board.Event: colEvent,
		board.Policy: colPolicy, board.ReadModel: colReadModel,
		board.Type: colAggregate, board.External: colCommand, board.Hotspot: colEvent,
	}
	seen := map[board.Kind]bool{}
	for _, c := range b.Model.Contexts {
		for _, row := range layout(c).rows {
			for col, s := range row {
				if s == nil {
					continue
				}
				seen[s.key.Kind] = true
				if want[s.key.Kind] != col {
					t.Errorf("%s %s in column %d, want %d", c.Name, s.key, col, want[s.key.Kind])
				}
			}
		}
	}
	for _, k := range []board.Kind{board.Type, board.External, board.Hotspot} {
		if !seen[k] {
			t.Errorf("the printshop sample showed no %s: the test checks nothing of it", k)
		}
	}
}

// TestAddEventOffersTheCommand checks that an event added while a command
// is selected can be linked to it at once.
func TestAddEventOffersTheCommand(t *testing.T) {
	for _, answer := range []string{"yes", "no"} {
		t.Run(answer, func(t *testing.T) {
			m := sampleModel(t, sampleFile(t))
			keys := []tea.Msg{right, runes("ae"), runes("Order Confirmed"), enter}
			if answer == "no" {
				keys = append(keys, tea.KeyMsg{Type: tea.KeyDown})
			}
			final, _ := screen(t, m, 80, 24, append(keys, enter)...)
			var emits []string
			for _, c := range final.b.Model.Contexts[0].Aggregates[0].Commands {
				if c.Name == "Place Order" {
					for _, e := range c.Emits {
						emits = append(emits, e.Text)
					}
				}
			}
			got := strings.Join(emits, ",")
			want := map[string]string{"yes": "Order Placed,Order Confirmed", "no": "Order Placed"}[answer]
			if got != want {
				t.Errorf("Place Order emits %s, want %s", got, want)
			}
		})
	}
}

// TestPreviewScrolls checks that a preview longer than the screen scrolls
// with the arrows, stops at its end, and closes on another key.
func TestPreviewScrolls(t *testing.T) {
	m := sampleModel(t, sampleFile(t))
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 16})
	m.Update(runes("v"))
	first := m.View()
	if !strings.Contains(first, "lines 1–") {
		t.Fatalf("the preview does not say it scrolls:\n%s", first)
	}
	for range 200 {
		m.Update(tea.KeyMsg{Type: tea.KeyDown})
	}
	last := m.View()
	if last == first || !strings.Contains(last, "of ") {
		t.Errorf("down did not scroll:\n%s", last)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyDown})
	if m.View() != last {
		t.Error("the preview scrolled past its end")
	}
	m.Update(tea.KeyMsg{Type: tea.KeyUp})
	if m.View() == last {
		t.Error("up did not scroll back")
	}
	m.Update(runes("x"))
	if m.mode != modeBoard {
		t.Error("another key did not close the preview")
	}
}

// TestUndoRedoKeys checks that u takes back a delete and U makes it again,
// and that the help lists both.
func TestUndoRedoKeys(t *testing.T) {
	m := sampleModel(t, sampleFile(t))
	placed := board.Key{Kind: board.Event, Context: "Ordering", Name: "Order Placed"}
	final, v := screen(t, m, 80, 24, right, right, right, runes("d"), runes("u"))
	if final.b.Find(placed) == nil || !strings.Contains(v, "Undone; U redoes it.") {
		t.Fatalf("u did not bring Order Placed back:\n%s", v)
	}
	final, v = screen(t, final, 80, 24, runes("U"))
	if final.b.Find(placed) != nil || !strings.Contains(v, "Redone.") {
		t.Errorf("U did not delete Order Placed again:\n%s", v)
	}
	final, _ = screen(t, final, 80, 24, tea.KeyMsg{Type: tea.KeyCtrlZ}, tea.KeyMsg{Type: tea.KeyCtrlR})
	if final.b.Find(placed) != nil {
		t.Error("ctrl+z, ctrl+r did not end with the delete made again")
	}
	_, v = screen(t, final, 80, 24, runes("U"))
	if !strings.Contains(v, "Nothing to redo.") {
		t.Errorf("U with nothing undone:\n%s", v)
	}
}

// TestClickSelectsSticky clicks stickies of the board at 80×24.
func TestClickSelectsSticky(t *testing.T) {
	m := sampleModel(t, sampleFile(t))
	click := func(x, y int) tea.MouseMsg {
		return tea.MouseMsg{X: x, Y: y, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft}
	}
	// Stickies are 12 wide with a space between; rows 3 lines apart
	// below the title, the tabs and the column heads.
	final, _ := screen(t, m, 80, 24, click(3*13+2, 3))
	if k, _ := final.selected(); k.Name != "Order Placed" {
		t.Errorf("a click on Order Placed selected %v", k)
	}
	final, _ = screen(t, final, 80, 24, click(13+1, 6))
	if k, _ := final.selected(); k.Name != "Cancel Order" {
		t.Errorf("a click on Cancel Order selected %v", k)
	}
	final, _ = screen(t, final, 80, 24, click(13+1, 5), click(70, 0))
	if k, _ := final.selected(); k.Name != "Cancel Order" {
		t.Errorf("a click between rows or on the title moved the selection to %v", k)
	}
}

func TestWrapWords(t *testing.T) {
	for _, c := range []struct {
		text string
		w    int
		want string
	}{
		{"Place Order", 10, "Place|Order"},
		{"Receptionist", 10, "Reception…"},
		{"Check In Patient", 10, "Check In|Patient"},
		{"★ Appointment Booked", 10, "★|Appointme…|Booked"},
		{"주문 접수", 4, "주문|접수"},
		{"", 10, ""},
	} {
		if got := strings.Join(wrapWords(c.text, c.w), "|"); got != c.want {
			t.Errorf("wrapWords(%q, %d) = %q, want %q", c.text, c.w, got, c.want)
		}
	}
}

// TestProblemListShowsChosenInFull wraps the chosen problem, which a
// narrow screen would otherwise cut.
func TestProblemListShowsChosenInFull(t *testing.T) {
	_, v := screen(t, emptyModel(t), 60, 20, runes("p"))
	if !strings.Contains(v, "with nothing in it") || !strings.Contains(v, "▶ warning: ") {
		t.Errorf("the chosen problem is not shown in full:\n%s", v)
	}
}

func TestKeepEnd(t *testing.T) {
	for _, c := range []struct {
		s    string
		w    int
		want string
	}{
		{"a/b/c.go  (yours)", 40, "a/b/c.go  (yours)"},
		{"services/x/internal/domain/order/place_order.go  (yours)", 30, "…order/place_order.go  (yours)"},
		{"abc", 0, "abc"},
	} {
		if got := keepEnd(c.s, c.w); got != c.want {
			t.Errorf("keepEnd(%q, %d) = %q, want %q", c.s, c.w, got, c.want)
		}
	}
}
