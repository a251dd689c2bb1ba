package cmd

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"eventstorm/model"
)

// unseen holds boards written to each tool's public format documentation
// after the importer was written, in shapes the fixtures do not have: a
// paged Miro API answer with shape items, HTML content, parent frames and
// stray items; an Excalidraw file with containerId text, bound arrows,
// frameId contexts and a teal hotspot read through a legend; a compressed
// two-page draw.io file with swimlanes and a container.
const unseen = "../internal/boardimport/testdata/unseen"

var unseenBoards = []struct {
	board, legend, system, summary string
	files                          []string
}{
	{"car-rental.miro.json", "", "Rental",
		"2 contexts, 2 aggregates, 3 commands, 3 events, 1 policy, 1 read model, 1 external system, 2 hotspots",
		[]string{"go.mod", "services/reservations", "services/billing"}},
	{"library.excalidraw", "library.legend.yaml", "Library",
		"2 contexts, 2 aggregates, 3 commands, 3 events, 1 policy, 1 read model, 2 hotspots",
		[]string{"go.mod", "services/lending", "services/membership"}},
	{"tickets.drawio", "", "Tickets",
		"3 contexts, 2 aggregates, 3 commands, 3 events, 1 policy, 1 external system, 3 hotspots",
		[]string{"go.mod", "services/ticketing", "services/seating", "services/reporting"}},
}

// TestImportUnseenBoards imports each unseen board, checks that the model
// validates with every hotspot naming its sticky, and generates it (the
// generated systems are built by TestImportGeneratesAndBuilds for one
// fixture and were built, vetted and tested by hand for these three).
func TestImportUnseenBoards(t *testing.T) {
	for _, tc := range unseenBoards {
		t.Run(tc.board, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "eventstorm.yaml")
			args := []string{"import", filepath.Join(unseen, tc.board), "-o", out, "--system", tc.system}
			if tc.legend != "" {
				args = append(args, "--legend", filepath.Join(unseen, tc.legend))
			}
			r := run(t, args...)
			r.want(t, exitOK)
			if !strings.Contains(r.out, tc.summary) {
				t.Errorf("the summary does not say %q:\n%s", tc.summary, r)
			}
			if _, diags := model.Read(out); diags.HasErrors() {
				t.Fatalf("the imported model does not validate: %v", diags.Errors())
			}
			v := run(t, "validate", out)
			v.want(t, exitOK)
			for _, line := range strings.Split(strings.TrimSpace(v.out+v.err), "\n") {
				if strings.Contains(line, "hotspot:") && !strings.Contains(line, " sticky ") {
					t.Errorf("a hotspot does not name its sticky: %s", line)
				}
			}
			g := run(t, "generate", out)
			g.want(t, exitOK)
			if strings.Contains(g.out+g.err, ": error:") || strings.Contains(g.out+g.err, ": warning:") || !strings.Contains(g.out, " created, ") {
				t.Errorf("generate reports diagnostics:\n%s", g)
			}
			for _, f := range tc.files {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Errorf("generated system lacks %s: %v", f, err)
				}
			}
		})
	}
}

// TestImportUnseenReimport edits two unseen boards (a renamed and an added
// sticky), adds fields, rules, a scenario and a comment to the imported
// model by hand, and re-imports into the same file: the hand work stays and
// the renamed element is updated through its source id.
func TestImportUnseenReimport(t *testing.T) {
	excalidraw := func(t *testing.T, board string) string {
		b := strings.ReplaceAll(board, `"Borrow Book"`, `"Lend Book"`)
		// A new event, bound to a new rectangle in the Lending frame.
		add := `{"id":"e-renewed","type":"rectangle","x":1200,"y":300,"width":120,"height":120,"backgroundColor":"#ffc078","frameId":"f-lib","boundElements":[{"type":"text","id":"e-renewed-t"}]},
{"id":"e-renewed-t","type":"text","x":1210,"y":340,"width":100,"height":25,"text":"Loan Renewed","originalText":"Loan Renewed","containerId":"e-renewed","frameId":"f-lib"},`
		return strings.Replace(b, `"elements": [`, `"elements": [`+add, 1)
	}
	drawio := func(t *testing.T, board string) string {
		re := regexp.MustCompile(`(<diagram id="p1" name="Flow">)([^<]+)(</diagram>)`)
		m := re.FindStringSubmatch(board)
		if m == nil {
			t.Fatal("the draw.io board has no compressed first page")
		}
		raw, err := base64.StdEncoding.DecodeString(m[2])
		if err != nil {
			t.Fatal(err)
		}
		inflated, err := io.ReadAll(flate.NewReader(bytes.NewReader(raw)))
		if err != nil {
			t.Fatal(err)
		}
		page, err := url.PathUnescape(string(inflated))
		if err != nil {
			t.Fatal(err)
		}
		page = strings.Replace(page, `value="Buy Ticket"`, `value="Purchase Ticket"`, 1)
		page = strings.Replace(page, `</root>`, `<mxCell id="e-resold" value="Ticket Resold" style="rounded=1;whiteSpace=wrap;html=1;fillColor=#ffe6cc;" vertex="1" parent="l-tix"><mxGeometry x="900" y="40" width="120" height="80" as="geometry"/></mxCell></root>`, 1)
		var buf bytes.Buffer
		w, _ := flate.NewWriter(&buf, flate.BestCompression)
		w.Write([]byte(url.PathEscape(page)))
		w.Close()
		return strings.Replace(board, m[0], m[1]+base64.StdEncoding.EncodeToString(buf.Bytes())+m[3], 1)
	}
	for _, tc := range []struct {
		board, legend, system, ext string
		cmd, event, renamed, added string
		edit                       func(*testing.T, string) string
	}{
		{"library.excalidraw", "library.legend.yaml", "Library", ".excalidraw", "Borrow Book", "Book Borrowed", "Lend Book", "Loan Renewed", excalidraw},
		{"tickets.drawio", "", "Tickets", ".drawio", "Buy Ticket", "Ticket Bought", "Purchase Ticket", "Ticket Resold", drawio},
	} {
		t.Run(tc.board, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "eventstorm.yaml")
			legend := []string{}
			if tc.legend != "" {
				legend = []string{"--legend", filepath.Join(unseen, tc.legend)}
			}
			run(t, append([]string{"import", filepath.Join(unseen, tc.board), "-o", out, "--system", tc.system}, legend...)...).want(t, exitOK)
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			text := string(data)
			cmdAt := regexp.MustCompile(`(?m)^( +)- name: ` + regexp.QuoteMeta(tc.cmd) + `\n( +)source: \{[^\n]*\}\n`)
			m := cmdAt.FindStringSubmatch(text)
			if m == nil {
				t.Fatalf("no command %q in the import:\n%s", tc.cmd, text)
			}
			ind := m[2]
			text = strings.Replace(text, m[0], m[0]+ind+"fields: { seats: int }  # agreed at the workshop\n"+ind+"rules: [at least one seat]\n", 1)
			evAt := regexp.MustCompile(`(?m)^( +)- name: ` + regexp.QuoteMeta(tc.event) + `\n( +)source: \{[^\n]*\}\n`)
			m = evAt.FindStringSubmatch(text)
			if m == nil {
				t.Fatalf("no event %q in the import:\n%s", tc.event, text)
			}
			text = strings.Replace(text, m[0], m[0]+m[2]+"fields: { seats: int }\n", 1)
			aggIndent := strings.Repeat(" ", len(m[1])-2)
			text = strings.Replace(text, aggIndent+"events:\n", aggIndent+"scenarios:\n"+aggIndent+"  - name: the first one works\n"+aggIndent+"    when: "+tc.cmd+"\n"+aggIndent+"    then: ["+tc.event+"]\n"+aggIndent+"events:\n", 1)
			if err := os.WriteFile(out, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, diags := model.Read(out); diags.HasErrors() {
				t.Fatalf("the hand-edited model does not validate: %v\n%s", diags.Errors(), text)
			}
			board, err := os.ReadFile(filepath.Join(unseen, tc.board))
			if err != nil {
				t.Fatal(err)
			}
			edited := tc.edit(t, string(board))
			boardPath := filepath.Join(dir, "wall"+tc.ext)
			if err := os.WriteFile(boardPath, []byte(edited), 0o644); err != nil {
				t.Fatal(err)
			}
			r := run(t, append([]string{"import", boardPath, "-o", out}, legend...)...)
			r.want(t, exitOK)
			merged, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"name: " + tc.renamed, "fields: { seats: int }  # agreed at the workshop",
				"rules: [at least one seat]", "name: the first one works", "when: " + tc.renamed, "name: " + tc.added,
				"then: [" + tc.event + "]"} {
				if !strings.Contains(string(merged), want) {
					t.Errorf("the merged model lost or lacks %q:\n%s", want, merged)
				}
			}
			if strings.Contains(string(merged), "name: "+tc.cmd+"\n") {
				t.Errorf("the renamed command was not renamed:\n%s", merged)
			}
			if _, diags := model.Read(out); diags.HasErrors() {
				t.Errorf("the merged model does not validate: %v\n%s", diags.Errors(), merged)
			}
		})
	}
}

// TestImportReportsBlankStickies checks that a sticky with no text, which
// names nothing and so is left out, is still named in the summary rather
// than dropped silently.
func TestImportReportsBlankStickies(t *testing.T) {
	board, err := os.ReadFile(filepath.Join(unseen, "car-rental.miro.json"))
	if err != nil {
		t.Fatal(err)
	}
	blank := strings.Replace(string(board), "<p>Reserve<br>Car</p>", "<p> </p>", 1)
	if blank == string(board) {
		t.Fatal("the board changed; cannot blank a sticky")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "blank.json")
	if err := os.WriteFile(path, []byte(blank), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "import", path, "-o", filepath.Join(dir, "m.yaml"))
	r.want(t, exitOK)
	if !strings.Contains(r.out, "1 blank sticky left out (no text to name or quote): 3458764600000000102") {
		t.Errorf("the blank sticky is not reported:\n%s", r)
	}
}

// TestImportUnseenRoundTrip exports each imported unseen board with
// `diagram --format excalidraw|drawio` and imports it back: the counts of
// the summary are the same. (A policy's creates-hotspot, written to the
// exported board as a sticky, was once inferred again beside it.)
func TestImportUnseenRoundTrip(t *testing.T) {
	counts := func(out string) string {
		line, _, _ := strings.Cut(out, "\n")
		_, c, _ := strings.Cut(line, ": ")
		return c
	}
	for _, tc := range unseenBoards {
		for _, format := range []string{"excalidraw", "drawio"} {
			t.Run(tc.board+"/"+format, func(t *testing.T) {
				dir := t.TempDir()
				out := filepath.Join(dir, "eventstorm.yaml")
				args := []string{"import", filepath.Join(unseen, tc.board), "-o", out, "--system", tc.system}
				if tc.legend != "" {
					args = append(args, "--legend", filepath.Join(unseen, tc.legend))
				}
				first := run(t, args...)
				first.want(t, exitOK)
				exported := filepath.Join(dir, "board."+format)
				run(t, "diagram", out, "--format", format, "-o", exported).want(t, exitOK)
				back := run(t, "import", exported, "-o", filepath.Join(dir, "back.yaml"), "--system", tc.system)
				back.want(t, exitOK)
				if a, b := counts(first.out), counts(back.out); a != b || a == "" {
					t.Errorf("round trip through %s changed the model: %q, then %q\n%s", format, a, b, back)
				}
			})
		}
	}
}
