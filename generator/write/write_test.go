package write

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"eventstorm/generator"
)

func gen(p, content string) generator.File {
	return generator.File{Path: p, Owner: generator.Generated, Bytes: []byte(content)}
}

func scaf(p, content string) generator.File {
	return generator.File{Path: p, Owner: generator.Scaffolded, Bytes: []byte(content)}
}

func mustApply(t *testing.T, dir string, plan []generator.File, opts Options) *Result {
	t.Helper()
	r, err := Apply(dir, plan, opts)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	return r
}

func actions(r *Result) map[string]Action {
	m := map[string]Action{}
	for _, c := range r.Changes {
		m[c.Path] = c.Action
	}
	return m
}

func wantActions(t *testing.T, r *Result, want map[string]Action) {
	t.Helper()
	got := actions(r)
	if len(got) != len(want) {
		t.Errorf("changes = %v, want %v", got, want)
		return
	}
	for p, a := range want {
		if got[p] != a {
			t.Errorf("%s: action %q, want %q (all: %v)", p, got[p], a, got)
		}
	}
	if !slices.IsSortedFunc(r.Changes, func(a, b Change) int { return strings.Compare(a.Path, b.Path) }) {
		t.Errorf("changes not sorted by path: %v", r.Changes)
	}
}

func readFile(t *testing.T, dir, p string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t *testing.T, dir, p, content string) {
	t.Helper()
	full := filepath.Join(dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func exists(dir, p string) bool {
	_, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(p)))
	return err == nil
}

// listTree returns every file and directory under dir, slash-separated.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			rel += "/"
		}
		out = append(out, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func readManifestFile(t *testing.T, dir string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, ".eventstorm", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var basePlan = []generator.File{
	gen("services/ordering/internal/domain/order_gen.go", "package domain // v1\n"),
	gen("services/ordering/Makefile", "all:\n"),
	scaf("services/ordering/internal/handlers/place_order.go", "package handlers // stub\n"),
	gen("go.work", "go 1.26\n"),
}

func TestFirstWrite(t *testing.T) {
	dir := t.TempDir()
	r := mustApply(t, dir, basePlan, Options{})
	wantActions(t, r, map[string]Action{
		"go.work":                    Create,
		"services/ordering/Makefile": Create,
		"services/ordering/internal/domain/order_gen.go":     Create,
		"services/ordering/internal/handlers/place_order.go": Create,
	})
	if !r.Stale() || !r.ManifestChanged {
		t.Errorf("first write: Stale=%v ManifestChanged=%v, want both true", r.Stale(), r.ManifestChanged)
	}
	for _, f := range basePlan {
		if got := readFile(t, dir, f.Path); got != string(f.Bytes) {
			t.Errorf("%s = %q, want %q", f.Path, got, f.Bytes)
		}
	}
	m := string(readManifestFile(t, dir))
	for _, f := range basePlan {
		if !strings.Contains(m, `"path": "`+f.Path+`"`) {
			t.Errorf("manifest lacks %s:\n%s", f.Path, m)
		}
	}
	if !strings.Contains(m, `"owner": "scaffolded"`) || !strings.Contains(m, `"owner": "generated"`) {
		t.Errorf("manifest lacks owners:\n%s", m)
	}
}

func TestApplyIntoMissingDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b", "out")
	mustApply(t, dir, basePlan, Options{})
	if got := readFile(t, dir, "go.work"); got != "go 1.26\n" {
		t.Errorf("go.work = %q", got)
	}
	r := mustApply(t, dir, basePlan, Options{Check: true})
	if r.Stale() {
		t.Errorf("second run stale: %v", r.Changes)
	}
}

func TestSecondApplyWritesNothing(t *testing.T) {
	dir := t.TempDir()
	mustApply(t, dir, basePlan, Options{})
	before := listTree(t, dir)
	// Push every mtime into the past: any write would move it.
	past := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	for _, p := range before {
		if err := os.Chtimes(filepath.Join(dir, p), past, past); err != nil {
			t.Fatal(err)
		}
	}
	r := mustApply(t, dir, basePlan, Options{})
	wantActions(t, r, map[string]Action{
		"go.work":                    Unchanged,
		"services/ordering/Makefile": Unchanged,
		"services/ordering/internal/domain/order_gen.go":     Unchanged,
		"services/ordering/internal/handlers/place_order.go": Skip,
	})
	if r.Stale() || r.ManifestChanged {
		t.Errorf("second run: Stale=%v ManifestChanged=%v, want false", r.Stale(), r.ManifestChanged)
	}
	for _, p := range before {
		fi, err := os.Stat(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		if !fi.ModTime().Equal(past) {
			t.Errorf("%s was written (mtime %v)", p, fi.ModTime())
		}
	}
	if after := listTree(t, dir); !slices.Equal(before, after) {
		t.Errorf("tree changed:\n before %v\n after  %v", before, after)
	}
}

func TestModelChange(t *testing.T) {
	dir := t.TempDir()
	v1 := []generator.File{
		gen("a/x_gen.go", "x1\n"),
		gen("gone/deep/er/y_gen.go", "y\n"),
		gen("shared/w_gen.go", "w\n"),
		gen("keep/z_gen.go", "z\n"),
	}
	mustApply(t, dir, v1, Options{})
	writeFile(t, dir, "shared/notes.md", "mine\n") // a user file beside a generated one

	v2 := []generator.File{
		gen("a/x_gen.go", "x2\n"),
		gen("keep/z_gen.go", "z\n"),
		gen("new/n_gen.go", "n\n"),
	}
	r := mustApply(t, dir, v2, Options{})
	wantActions(t, r, map[string]Action{
		"a/x_gen.go":            Update,
		"gone/deep/er/y_gen.go": Delete,
		"shared/w_gen.go":       Delete,
		"keep/z_gen.go":         Unchanged,
		"new/n_gen.go":          Create,
	})
	if got := readFile(t, dir, "a/x_gen.go"); got != "x2\n" {
		t.Errorf("a/x_gen.go = %q", got)
	}
	want := []string{
		".eventstorm/", ".eventstorm/manifest.json",
		"a/", "a/x_gen.go",
		"keep/", "keep/z_gen.go",
		"new/", "new/n_gen.go",
		"shared/", "shared/notes.md",
	}
	if got := listTree(t, dir); !slices.Equal(got, want) {
		t.Errorf("tree:\n got  %v\n want %v", got, want)
	}
	if m := string(readManifestFile(t, dir)); strings.Contains(m, "y_gen.go") || strings.Contains(m, "w_gen.go") || strings.Contains(m, "notes.md") {
		t.Errorf("manifest still lists deleted or user files:\n%s", m)
	}

	// Dropping everything removes every directory, never the output directory.
	r = mustApply(t, dir, nil, Options{})
	if n := r.Count(Delete); n != 3 {
		t.Errorf("deleted %d, want 3: %v", n, r.Changes)
	}
	want = []string{".eventstorm/", ".eventstorm/manifest.json", "shared/", "shared/notes.md"}
	if got := listTree(t, dir); !slices.Equal(got, want) {
		t.Errorf("tree:\n got  %v\n want %v", got, want)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Errorf("output directory removed: %v", err)
	}
}

func TestHandEditedGeneratedFileConflicts(t *testing.T) {
	dir := t.TempDir()
	mustApply(t, dir, basePlan, Options{})
	const edited = "package domain // my precious edit\n"
	writeFile(t, dir, "services/ordering/internal/domain/order_gen.go", edited)
	writeFile(t, dir, "go.work", "go 1.26 // edited too\n")
	manifest := readManifestFile(t, dir)

	v2 := slices.Clone(basePlan)
	v2[0] = gen("services/ordering/internal/domain/order_gen.go", "package domain // v2\n")
	v2[1] = gen("services/ordering/Makefile", "all: build\n") // a clean update
	v2 = append(v2, gen("services/ordering/new_gen.go", "new\n"))
	for _, opts := range []Options{{}, {DryRun: true}, {Check: true}} {
		r, err := Apply(dir, v2, opts)
		var ce *ConflictError
		if !errors.As(err, &ce) {
			t.Fatalf("%+v: err = %v, want *ConflictError", opts, err)
		}
		msg := err.Error()
		for _, s := range []string{"services/ordering/internal/domain/order_gen.go", "go.work", "--force", "scaffolded"} {
			if !strings.Contains(msg, s) {
				t.Errorf("error does not mention %q:\n%s", s, msg)
			}
		}
		if r == nil || len(r.Conflicts()) != 2 || !r.Stale() {
			t.Fatalf("result %+v, want 2 conflicts", r)
		}
		if got := actions(r)["services/ordering/Makefile"]; got != Update {
			t.Errorf("Makefile action %q, want update", got)
		}
		// Nothing was written: not the edited file, not the clean update,
		// not the new file, not the manifest.
		if got := readFile(t, dir, "services/ordering/internal/domain/order_gen.go"); got != edited {
			t.Errorf("edited file overwritten: %q", got)
		}
		if got := readFile(t, dir, "services/ordering/Makefile"); got != "all:\n" {
			t.Errorf("Makefile written despite conflicts: %q", got)
		}
		if exists(dir, "services/ordering/new_gen.go") {
			t.Error("new file written despite conflicts")
		}
		if !bytes.Equal(readManifestFile(t, dir), manifest) {
			t.Error("manifest written despite conflicts")
		}
	}

	// The same plan as before also conflicts: the edit is still there.
	if _, err := Apply(dir, basePlan, Options{}); err == nil {
		t.Error("re-applying the unchanged plan over an edit: no error")
	}
}

func TestForceOverwritesHandEdits(t *testing.T) {
	dir := t.TempDir()
	mustApply(t, dir, basePlan, Options{})
	writeFile(t, dir, "go.work", "edited\n")
	r := mustApply(t, dir, basePlan, Options{Force: true})
	var c Change
	for _, ch := range r.Changes {
		if ch.Path == "go.work" {
			c = ch
		}
	}
	if c.Action != Update || !c.Forced || c.Reason == "" {
		t.Errorf("go.work change = %+v, want forced update with a reason", c)
	}
	if got := readFile(t, dir, "go.work"); got != "go 1.26\n" {
		t.Errorf("go.work = %q after --force", got)
	}
	if r := mustApply(t, dir, basePlan, Options{Check: true}); r.Stale() {
		t.Errorf("stale after force: %v", r.Changes)
	}
}

func TestUnknownFileInNonEmptyDirectory(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "go.work", "someone else's\n")
	writeFile(t, dir, "services/ordering/Makefile", "all:\n") // same as planned
	_, err := Apply(dir, basePlan, Options{})
	var ce *ConflictError
	if !errors.As(err, &ce) || len(ce.Conflicts) != 1 || ce.Conflicts[0].Path != "go.work" {
		t.Fatalf("err = %v, want a conflict on go.work only", err)
	}
	if !strings.Contains(ce.Conflicts[0].Reason, "not written by eventstorm") {
		t.Errorf("reason = %q", ce.Conflicts[0].Reason)
	}
	if exists(dir, ".eventstorm") || exists(dir, "services/ordering/internal") {
		t.Error("something was written despite the conflict")
	}

	r := mustApply(t, dir, basePlan, Options{Force: true})
	if a := actions(r); a["go.work"] != Update || a["services/ordering/Makefile"] != Unchanged {
		t.Errorf("actions %v", a)
	}
	// The identical file is now recorded as eventstorm's.
	if m := string(readManifestFile(t, dir)); !strings.Contains(m, `"services/ordering/Makefile"`) {
		t.Errorf("manifest lacks the adopted file:\n%s", m)
	}
}

func TestScaffoldedEditSurvives(t *testing.T) {
	dir := t.TempDir()
	mustApply(t, dir, basePlan, Options{})
	const p = "services/ordering/internal/handlers/place_order.go"
	const mine = "package handlers // real business logic\n"
	writeFile(t, dir, p, mine)
	manifest := readManifestFile(t, dir)

	v2 := slices.Clone(basePlan)
	v2[2] = scaf(p, "package handlers // a newer stub\n")
	for _, opts := range []Options{{}, {Force: true}} {
		r := mustApply(t, dir, v2, opts)
		if a := actions(r)[p]; a != Skip {
			t.Errorf("%+v: action %q, want skip", opts, a)
		}
		if r.Stale() {
			t.Errorf("%+v: stale with only a scaffolded difference: %v", opts, r.Changes)
		}
		if got := readFile(t, dir, p); got != mine {
			t.Errorf("%+v: scaffolded file overwritten: %q", opts, got)
		}
		// The manifest keeps the hash of what was first written.
		if !bytes.Equal(readManifestFile(t, dir), manifest) {
			t.Errorf("%+v: manifest changed", opts)
		}
	}

	// Deleted by the user while still planned: created again.
	os.Remove(filepath.Join(dir, p))
	r := mustApply(t, dir, v2, Options{})
	if a := actions(r)[p]; a != Create {
		t.Errorf("action %q, want create", a)
	}
}

func TestOrphanReportedAndKept(t *testing.T) {
	dir := t.TempDir()
	mustApply(t, dir, basePlan, Options{})
	const p = "services/ordering/internal/handlers/place_order.go"
	writeFile(t, dir, p, "package handlers // edited\n")

	v2 := slices.DeleteFunc(slices.Clone(basePlan), func(f generator.File) bool { return f.Path == p })
	for range 2 { // and stays reported on later runs
		r := mustApply(t, dir, v2, Options{Force: true})
		if o := r.Orphans(); len(o) != 1 || o[0].Path != p || o[0].Owner != generator.Scaffolded {
			t.Fatalf("orphans = %+v", o)
		}
		if r.Stale() {
			t.Error("an orphan alone makes the result stale")
		}
		if !exists(dir, p) {
			t.Fatal("orphan deleted")
		}
		if m := string(readManifestFile(t, dir)); !strings.Contains(m, p) {
			t.Errorf("orphan dropped from the manifest:\n%s", m)
		}
	}

	// Once the user deletes it, it leaves the manifest.
	os.Remove(filepath.Join(dir, p))
	r := mustApply(t, dir, v2, Options{})
	if len(r.Orphans()) != 0 || !r.ManifestChanged {
		t.Errorf("after deletion: orphans %v, manifest changed %v", r.Orphans(), r.ManifestChanged)
	}
	if m := string(readManifestFile(t, dir)); strings.Contains(m, p) {
		t.Errorf("deleted orphan still in the manifest:\n%s", m)
	}
}

func TestStaleGeneratedFileEditedByHand(t *testing.T) {
	dir := t.TempDir()
	mustApply(t, dir, basePlan, Options{})
	const p = "services/ordering/internal/domain/order_gen.go"
	writeFile(t, dir, p, "edited\n")
	v2 := basePlan[1:]

	r, err := Apply(dir, v2, Options{})
	if err == nil || !strings.Contains(err.Error(), p) {
		t.Fatalf("err = %v, want a conflict naming %s", err, p)
	}
	if a := actions(r)[p]; a != Conflict {
		t.Errorf("action %q, want conflict", a)
	}
	if got := readFile(t, dir, p); got != "edited\n" {
		t.Errorf("edited stale file changed: %q", got)
	}

	r = mustApply(t, dir, v2, Options{Force: true})
	if a := actions(r)[p]; a != Delete {
		t.Errorf("action %q, want delete", a)
	}
	if exists(dir, "services/ordering/internal/domain") {
		t.Error("stale file or its empty directory kept after --force")
	}
}

func TestDryRunAndCheckWriteNothing(t *testing.T) {
	for _, opts := range []Options{{DryRun: true}, {Check: true}, {DryRun: true, Force: true}} {
		dir := t.TempDir()
		r := mustApply(t, dir, basePlan, opts)
		if !r.Stale() || r.Count(Create) != 4 || !r.ManifestChanged {
			t.Errorf("%+v on an empty dir: %v", opts, r.Changes)
		}
		if got := listTree(t, dir); len(got) != 0 {
			t.Errorf("%+v wrote %v", opts, got)
		}
		missing := filepath.Join(t.TempDir(), "missing")
		mustApply(t, missing, basePlan, opts)
		if _, err := os.Stat(missing); err == nil {
			t.Errorf("%+v created the output directory", opts)
		}
	}

	dir := t.TempDir()
	mustApply(t, dir, basePlan, Options{})
	before := listTree(t, dir)
	manifest := readManifestFile(t, dir)
	v2 := []generator.File{gen("go.work", "go 1.27\n"), gen("other_gen.go", "o\n")}
	for _, opts := range []Options{{DryRun: true}, {Check: true}} {
		r := mustApply(t, dir, v2, opts)
		if !r.Stale() {
			t.Errorf("%+v: not stale", opts)
		}
		a := actions(r)
		if a["go.work"] != Update || a["other_gen.go"] != Create || a["services/ordering/Makefile"] != Delete ||
			a["services/ordering/internal/handlers/place_order.go"] != Orphan {
			t.Errorf("%+v: actions %v", opts, a)
		}
		if got := listTree(t, dir); !slices.Equal(got, before) {
			t.Errorf("%+v changed the tree: %v", opts, got)
		}
		if got := readFile(t, dir, "go.work"); got != "go 1.26\n" {
			t.Errorf("%+v wrote go.work", opts)
		}
		if !bytes.Equal(readManifestFile(t, dir), manifest) {
			t.Errorf("%+v wrote the manifest", opts)
		}
	}
	if r := mustApply(t, dir, basePlan, Options{Check: true}); r.Stale() {
		t.Errorf("check of an up-to-date tree is stale: %v", r.Changes)
	}
}

func TestInvalidPlanPathsRejectedBeforeWriting(t *testing.T) {
	for _, p := range []string{
		"../x", "/abs", "a/../../b", "a/../b", "..", ".", "", "./a", "a//b", "a/", `a\b`,
		".eventstorm/manifest.json", ".EventStorm/x", ".eventstorm",
	} {
		dir := t.TempDir()
		plan := []generator.File{gen("a_gen.go", "ok\n"), gen(p, "bad\n")}
		if _, err := Apply(dir, plan, Options{Force: true}); err == nil {
			t.Errorf("path %q accepted", p)
		}
		if got := listTree(t, dir); len(got) != 0 {
			t.Errorf("path %q: wrote %v before failing", p, got)
		}
	}
	if _, err := Apply(t.TempDir(), []generator.File{{Path: "x", Owner: 7}}, Options{}); err == nil {
		t.Error("unknown owner accepted")
	}
	if _, err := Apply(t.TempDir(), []generator.File{{Path: "x", Mode: 0o4755}}, Options{}); err == nil {
		t.Error("setuid mode accepted")
	}
}

func TestDuplicatePlanPaths(t *testing.T) {
	for _, plan := range [][]generator.File{
		{gen("a/b.go", "1"), gen("c.go", "c"), scaf("a/b.go", "2")},
		{gen("a", "file"), gen("a/b.go", "under it")},
	} {
		dir := t.TempDir()
		if _, err := Apply(dir, plan, Options{Force: true}); err == nil {
			t.Errorf("plan %v accepted", plan)
		}
		if got := listTree(t, dir); len(got) != 0 {
			t.Errorf("wrote %v before failing", got)
		}
	}
}

func TestSymlinkEscapesRejected(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "out")
	outside := filepath.Join(base, "outside")
	for _, d := range []string{dir, outside, filepath.Join(dir, "real")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(outside, filepath.Join(dir, "escape")); err != nil {
		t.Skipf("symlinks unsupported: %v", err)
	}
	os.Symlink("../outside", filepath.Join(dir, "relescape"))
	os.Symlink("real", filepath.Join(dir, "inside"))

	for _, p := range []string{"escape/x_gen.go", "escape/sub/x_gen.go", "relescape/x_gen.go"} {
		for _, f := range []generator.File{gen(p, "x"), scaf(p, "x")} {
			if _, err := Apply(dir, []generator.File{gen("ok_gen.go", "ok"), f}, Options{Force: true}); err == nil {
				t.Errorf("%s through a symlink out of the output directory accepted", p)
			}
		}
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("wrote outside: %v", entries)
	}
	if exists(dir, "ok_gen.go") || exists(dir, ".eventstorm") {
		t.Error("wrote before failing")
	}

	// A symlink that stays inside is followed.
	mustApply(t, dir, []generator.File{gen("inside/x_gen.go", "x")}, Options{})
	if got := readFile(t, dir, "real/x_gen.go"); got != "x" {
		t.Errorf("real/x_gen.go = %q", got)
	}

	// The state directory itself symlinked out.
	dir2 := t.TempDir()
	os.Symlink(outside, filepath.Join(dir2, ".eventstorm"))
	if _, err := Apply(dir2, []generator.File{gen("a_gen.go", "a")}, Options{}); err == nil {
		t.Error(".eventstorm symlinked outside accepted")
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("wrote outside: %v", entries)
	}
}

func TestGeneratedPathReplacedBySymlink(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "out")
	target := filepath.Join(base, "target.txt")
	writeFile(t, base, "target.txt", "precious\n")
	mustApply(t, dir, []generator.File{gen("a_gen.go", "a"), gen("b_gen.go", "b")}, Options{})
	for _, p := range []string{"a_gen.go", "b_gen.go"} {
		os.Remove(filepath.Join(dir, p))
		if err := os.Symlink(target, filepath.Join(dir, p)); err != nil {
			t.Skipf("symlinks unsupported: %v", err)
		}
	}
	plan := []generator.File{gen("a_gen.go", "a2")} // b_gen.go is now stale
	r, err := Apply(dir, plan, Options{})
	if err == nil || len(r.Conflicts()) != 2 {
		t.Fatalf("err = %v, conflicts %v; want both symlinks in conflict", err, r)
	}
	mustApply(t, dir, plan, Options{Force: true})
	if got := readFile(t, base, "target.txt"); got != "precious\n" {
		t.Errorf("wrote through a symlink: target = %q", got)
	}
	if fi, err := os.Lstat(filepath.Join(dir, "a_gen.go")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("a_gen.go not replaced by a regular file: %v %v", fi, err)
	}
	if exists(dir, "b_gen.go") {
		t.Error("stale symlink kept after --force")
	}
	if _, err := os.Stat(target); err != nil {
		t.Errorf("symlink target removed: %v", err)
	}
}

func TestTamperedManifestRejected(t *testing.T) {
	const victimContent = "do not delete\n"
	h := sum([]byte(victimContent)) // the real hash, so a naive writer would delete

	cases := map[string]string{
		"dotdot":        `{"version":1,"files":[{"path":"../victim","owner":"generated","sha256":"` + h + `"}]}`,
		"hidden dotdot": `{"version":1,"files":[{"path":"a/../../victim","owner":"generated","sha256":"` + h + `"}]}`,
		"absolute":      `{"version":1,"files":[{"path":"VICTIM_ABS","owner":"generated","sha256":"` + h + `"}]}`,
		"through link":  `{"version":1,"files":[{"path":"link/victim","owner":"generated","sha256":"` + h + `"}]}`,
		"state dir":     `{"version":1,"files":[{"path":".eventstorm/manifest.json","owner":"generated","sha256":"` + h + `"}]}`,
		"duplicate":     `{"version":1,"files":[{"path":"a","owner":"generated","sha256":"` + h + `"},{"path":"a","owner":"scaffolded"}]}`,
		"unknown owner": `{"version":1,"files":[{"path":"a","owner":"root","sha256":"` + h + `"}]}`,
		"bad hash":      `{"version":1,"files":[{"path":"a","owner":"generated","sha256":"xyz"}]}`,
		"no hash":       `{"version":1,"files":[{"path":"a","owner":"generated"}]}`,
		"newer format":  `{"version":2,"files":[]}`,
		"unknown field": `{"version":1,"files":[],"extra":true}`,
		"not json":      `{"version":1,`,
		"trailing data": `{"version":1,"files":[]} {}`,
		"empty path":    `{"version":1,"files":[{"path":"","owner":"generated","sha256":"` + h + `"}]}`,
	}
	for name, m := range cases {
		t.Run(name, func(t *testing.T) {
			base := t.TempDir()
			dir := filepath.Join(base, "out")
			outside := filepath.Join(base, "outside")
			writeFile(t, base, "victim", victimContent)
			writeFile(t, outside, "victim", victimContent)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			os.Symlink(outside, filepath.Join(dir, "link"))
			m = strings.ReplaceAll(m, "VICTIM_ABS", filepath.ToSlash(filepath.Join(base, "victim")))
			writeFile(t, dir, ".eventstorm/manifest.json", m)

			_, err := Apply(dir, []generator.File{gen("a_gen.go", "a")}, Options{Force: true})
			if err == nil {
				t.Fatal("tampered manifest accepted")
			}
			if !strings.Contains(err.Error(), "manifest") {
				t.Errorf("error does not mention the manifest: %v", err)
			}
			for _, v := range []string{filepath.Join(base, "victim"), filepath.Join(outside, "victim")} {
				if b, err := os.ReadFile(v); err != nil || string(b) != victimContent {
					t.Errorf("%s damaged: %q %v", v, b, err)
				}
			}
			if exists(dir, "a_gen.go") {
				t.Error("wrote before failing")
			}
		})
	}
}

func TestFileModes(t *testing.T) {
	dir := t.TempDir()
	plan := []generator.File{
		{Path: "bin/run.sh", Owner: generator.Generated, Bytes: []byte("#!/bin/sh\n"), Mode: 0o755},
		{Path: "default_gen.go", Owner: generator.Generated, Bytes: []byte("package a\n")},
		{Path: "secret.env", Owner: generator.Scaffolded, Bytes: []byte("K=V\n"), Mode: 0o600},
	}
	mustApply(t, dir, plan, Options{})
	wantMode := func(p string, want fs.FileMode) {
		t.Helper()
		fi, err := os.Stat(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s mode %#o, want %#o", p, got, want)
		}
	}
	wantMode("bin/run.sh", 0o755)
	wantMode("default_gen.go", 0o644)
	wantMode("secret.env", 0o600)

	// A mode change alone updates a generated file.
	plan[0].Mode = 0o700
	r := mustApply(t, dir, plan, Options{})
	if a := actions(r)["bin/run.sh"]; a != Update {
		t.Errorf("mode change: action %q, want update", a)
	}
	wantMode("bin/run.sh", 0o700)
	if r := mustApply(t, dir, plan, Options{Check: true}); r.Stale() {
		t.Errorf("stale after mode update: %v", r.Changes)
	}
}

func TestManifestGoldenAndDeterministic(t *testing.T) {
	plan := []generator.File{
		gen("z/last_gen.go", "hello\n"),
		scaf("a/first.go", "package a\n"),
		gen("empty_gen.txt", ""),
	}
	const golden = `{
  "version": 1,
  "files": [
    {
      "path": "a/first.go",
      "owner": "scaffolded",
      "sha256": "7b39baa38a2ec2b8d111bbbd8e448e80226477ab40105d9d2123d4dc18067438"
    },
    {
      "path": "empty_gen.txt",
      "owner": "generated",
      "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    },
    {
      "path": "z/last_gen.go",
      "owner": "generated",
      "sha256": "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
    }
  ]
}
`
	dir1, dir2 := t.TempDir(), t.TempDir()
	mustApply(t, dir1, plan, Options{})
	reversed := slices.Clone(plan)
	slices.Reverse(reversed)
	mustApply(t, dir2, reversed, Options{})
	m1, m2 := readManifestFile(t, dir1), readManifestFile(t, dir2)
	if string(m1) != golden {
		t.Errorf("manifest:\n%s\nwant:\n%s", m1, golden)
	}
	if !bytes.Equal(m1, m2) {
		t.Errorf("plan order changed the manifest:\n%s\n%s", m1, m2)
	}

	// An empty manifest is an empty list, not null.
	dir3 := t.TempDir()
	mustApply(t, dir3, nil, Options{})
	if got := string(readManifestFile(t, dir3)); got != "{\n  \"version\": 1,\n  \"files\": []\n}\n" {
		t.Errorf("empty manifest = %q", got)
	}
}

func TestPreexistingScaffoldedFileRecordedWithoutHash(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "h.go", "mine\n")
	r := mustApply(t, dir, []generator.File{scaf("h.go", "stub\n")}, Options{})
	if a := actions(r)["h.go"]; a != Skip {
		t.Errorf("action %q, want skip", a)
	}
	m := string(readManifestFile(t, dir))
	if !strings.Contains(m, `"path": "h.go",`+"\n      "+`"owner": "scaffolded"`+"\n    }") {
		t.Errorf("manifest:\n%s", m)
	}
	// Dropped from the model: reported as an orphan like any other.
	if r := mustApply(t, dir, nil, Options{}); len(r.Orphans()) != 1 {
		t.Errorf("orphans %v", r.Orphans())
	}
}

func TestFormatChanges(t *testing.T) {
	r := &Result{Changes: []Change{
		{Path: "a_gen.go", Action: Create},
		{Path: "b_gen.go", Action: Update},
		{Path: "c_gen.go", Action: Update, Forced: true, Reason: "edited by hand since eventstorm generated it"},
		{Path: "d.go", Owner: generator.Scaffolded, Action: Orphan},
		{Path: "e_gen.go", Action: Delete},
		{Path: "f_gen.go", Action: Unchanged},
		{Path: "g.go", Owner: generator.Scaffolded, Action: Skip},
		{Path: "h_gen.go", Action: Conflict, Reason: "edited by hand since eventstorm generated it"},
	}}
	var b strings.Builder
	if err := FormatChanges(&b, r, false); err != nil {
		t.Fatal(err)
	}
	want := `create    a_gen.go
update    b_gen.go
update    c_gen.go (forced: edited by hand since eventstorm generated it)
delete    e_gen.go
conflict  h_gen.go (edited by hand since eventstorm generated it)
orphan    d.go (scaffolded; its element left the model — delete it when its code is no longer needed)
1 created, 2 updated, 1 deleted, 1 unchanged, 1 kept (scaffolded), 1 in conflict, 1 orphaned
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}

	b.Reset()
	FormatChanges(&b, r, true)
	for _, s := range []string{"unchanged f_gen.go\n", "skip      g.go (scaffolded: yours, kept)\n"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("verbose output lacks %q:\n%s", s, b.String())
		}
	}

	b.Reset()
	FormatChanges(&b, &Result{}, false)
	if got := b.String(); got != "0 created, 0 updated, 0 deleted, 0 unchanged, 0 kept (scaffolded)\n" {
		t.Errorf("empty: %q", got)
	}
}

func TestObstructedPathsRejectedBeforeWriting(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "afile", "x")
	if err := os.MkdirAll(filepath.Join(dir, "adir"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []generator.File{
		gen("afile/x_gen.go", "under a file"),
		gen("adir", "a directory is in the way"),
		scaf("adir", "a directory is in the way"),
	} {
		if _, err := Apply(dir, []generator.File{gen("ok_gen.go", "ok"), f}, Options{Force: true}); err == nil {
			t.Errorf("%s accepted", f.Path)
		}
		if exists(dir, "ok_gen.go") || exists(dir, ".eventstorm") {
			t.Fatal("wrote before failing")
		}
	}
}
