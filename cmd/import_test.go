package cmd

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"eventstorm/model"
)

const boards = "../internal/boardimport/testdata"

// TestImportFixtures imports each fixture wall and checks the written model
// against its golden YAML and that it validates without errors.
func TestImportFixtures(t *testing.T) {
	for _, tc := range []struct {
		board, legend, system, summary string
	}{
		{"miro-frames-arrows.all.json", "", "Shop", "2 contexts, 2 aggregates, 3 commands, 3 events, 1 policy, 1 read model, 1 external system, 2 hotspots"},
		{"miro-row-noarrows.json", "", "Library", "1 context, 1 aggregate, 3 commands, 3 events, 1 policy, 1 read model, 1 hotspot"},
		{"miro-odd-colours.json", "miro-odd-colours.legend.yaml", "Clinic", "1 context, 1 aggregate, 1 command, 1 event, 1 hotspot"},
		{"miro-swimlanes.json", "", "Library", "2 contexts, 2 aggregates, 2 commands, 2 events, 1 policy, 1 read model, 2 hotspots"},
	} {
		t.Run(tc.board, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "eventstorm.yaml")
			args := []string{"import", filepath.Join(boards, tc.board), "-o", out, "--system", tc.system}
			if tc.legend != "" {
				args = append(args, "--legend", filepath.Join(boards, tc.legend))
			}
			r := run(t, args...)
			r.want(t, exitOK)
			if !strings.Contains(r.out, tc.summary) {
				t.Errorf("the summary does not say %q:\n%s", tc.summary, r)
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(boards, strings.TrimSuffix(tc.board, filepath.Ext(tc.board))+".golden.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("imported model differs from the golden file:\n%s", got)
			}
			if _, diags := model.Read(out); diags.HasErrors() {
				t.Errorf("the imported model does not validate: %v", diags.Errors())
			}
		})
	}
}

// TestImportRejectsMalformed checks that a board or legend that cannot be
// read fails with a clear message and writes nothing.
func TestImportRejectsMalformed(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := filepath.Join(boards, "miro-row-noarrows.json")
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"truncated JSON", []string{write("cut.json", `{"data": [{"id": "1", "type": "sticky_note"`), "--from", "miro"}, exitFail, "not a readable miro board: not JSON"},
		{"no position", []string{write("nopos.json", `[{"id": "1", "type": "sticky_note", "data": {"content": "x"}}]`), "--from", "miro"}, exitFail, "item 1 (sticky_note) has no position"},
		{"object without data", []string{write("obj.json", `{"items2": 1}`), "--from", "miro"}, exitFail, `an object without "data"`},
		{"not a board", []string{write("notes.txt", "hello")}, exitFail, "not a board this tool reads"},
		{"unknown format", []string{good, "--from", "mural"}, exitUsage, `unknown board format "mural"`},
		{"missing file", []string{filepath.Join(dir, "nope.json")}, exitFail, "cannot read"},
		{"legend unknown key", []string{good, "--legend", write("l1.yaml", "event: orange\nsticky: blue\n")}, exitFail, "l1.yaml:2:1: error: unknown key \"sticky\""},
		{"legend bad colour", []string{good, "--legend", write("l2.yaml", "event: [\"#ff9900\", tangerine]\n")}, exitFail, "l2.yaml:1:20: error: \"tangerine\" is not a colour"},
		{"legend bad minWidth", []string{good, "--legend", write("l3.yaml", "aggregate: { color: yellow, minWidth: wide }\n")}, exitFail, "l3.yaml:1:39: error: minWidth must be a positive number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, "out-"+strings.ReplaceAll(tc.name, " ", "-")+".yaml")
			r := run(t, append(append([]string{"import"}, tc.args...), "-o", out)...)
			r.want(t, tc.code)
			if !strings.Contains(r.err, tc.msg) {
				t.Errorf("stderr does not say %q:\n%s", tc.msg, r)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("%s was written although the import failed", out)
			}
		})
	}
}

// TestImportReportsIgnored checks that stickies a legend ignores are
// counted, not silently dropped.
func TestImportReportsIgnored(t *testing.T) {
	dir := t.TempDir()
	legend := filepath.Join(dir, "legend.yaml")
	if err := os.WriteFile(legend, []byte("ignore: gray\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "import", filepath.Join(boards, "miro-row-noarrows.json"), "--legend", legend, "-o", filepath.Join(dir, "m.yaml"))
	r.want(t, exitOK)
	if !strings.Contains(r.out, "1 stickies left out: their colour is under `ignore`") || strings.Contains(r.out, "Ask legal") {
		t.Errorf("the ignored grey note is not reported as ignored:\n%s", r)
	}
}

// TestImportRefusesForeignFile checks that -o naming a file that is not a
// model leaves it untouched.
func TestImportRefusesForeignFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "config.yaml")
	const foreign = "# not a model\nport: 8080\n"
	if err := os.WriteFile(out, []byte(foreign), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "import", filepath.Join(boards, "miro-row-noarrows.json"), "-o", out)
	r.want(t, exitFail)
	if !strings.Contains(r.err, "is not an eventstorm model") {
		t.Errorf("no refusal:\n%s", r)
	}
	if got, _ := os.ReadFile(out); string(got) != foreign {
		t.Errorf("the foreign file was changed:\n%s", got)
	}
}

// TestImportMergeKeepsHandWork imports a wall, adds fields, a rule, a
// scenario and a comment by hand, re-imports an edited wall (a sticky
// renamed, one added, one removed) and checks that the hand work survived.
func TestImportMergeKeepsHandWork(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "eventstorm.yaml")
	run(t, "import", filepath.Join(boards, "miro-row-noarrows.json"), "-o", out, "--system", "Library").want(t, exitOK)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), "            actor: Clerk\n",
		"            actor: Clerk\n            fields: { title: string }  # asked the librarians\n            rules: [a book needs a title]\n", 1)
	edited = strings.Replace(edited, "          - name: Book Registered\n            source: {board: miro, id: \"104\"}\n",
		"          - name: Book Registered\n            source: {board: miro, id: \"104\"}\n            fields: { title: string }\n", 1)
	edited = strings.Replace(edited, "        events:\n", "        scenarios:\n          - name: a book can be registered\n            when: Register Book\n            then: [Book Registered]\n        events:\n", 1)
	if edited == string(data) {
		t.Fatal("the fixture's import changed; cannot add hand work")
	}
	if err := os.WriteFile(out, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	board, err := os.ReadFile(filepath.Join(boards, "miro-row-noarrows.json"))
	if err != nil {
		t.Fatal(err)
	}
	wall := strings.Replace(string(board), "Register Book", "Register New Book", 1)
	wall = strings.Replace(wall, "Books on Shelf", "Books in Stock", 1)
	// The grey note is replaced by a new one.
	wall = strings.Replace(strings.Replace(wall, `"id": "111"`, `"id": "311"`, 1), "Ask legal about fines", "Ask legal about late fees", 1)
	boardPath := filepath.Join(dir, "wall.json")
	if err := os.WriteFile(boardPath, []byte(wall), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "import", boardPath, "-o", out)
	r.want(t, exitOK)
	merged, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"name: Register New Book", "fields: { title: string }  # asked the librarians",
		"rules: [a book needs a title]", "name: a book can be registered", "when: Register New Book", "name: Books in Stock",
		`id: "311"`, "then: [Book Registered]"} {
		if !strings.Contains(string(merged), want) {
			t.Errorf("the merged model lost or lacks %q:\n%s", want, merged)
		}
	}
	if strings.Contains(string(merged), "name: Books on Shelf") {
		t.Errorf("the renamed read model was not renamed:\n%s", merged)
	}
	if !strings.Contains(r.out, "2 updated") || !strings.Contains(r.out, `sticky 111`) {
		t.Errorf("the report does not count the renames and name the gone sticky:\n%s", r)
	}
	// The scenario follows the renamed command: the model still validates.
	if _, diags := model.Read(out); diags.HasErrors() {
		t.Errorf("the merged model does not validate: %v", diags.Errors())
	}
}

// TestImportGeneratesAndBuilds generates the system of one imported wall and
// builds it: an import is a starting point that compiles.
func TestImportGeneratesAndBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated system; skipped with -short")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "eventstorm.yaml")
	run(t, "import", filepath.Join(boards, "miro-frames-arrows.all.json"), "-o", out, "--system", "Shop").want(t, exitOK)
	run(t, "generate", out).want(t, exitOK)
	cmd := exec.Command("go", "build", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOWORK=off")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build of the generated system: %v\n%s", err, b)
	}
}
