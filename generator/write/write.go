// Package write applies a generator plan to an output directory without ever
// destroying the user's work.
//
// A manifest at DIR/.eventstorm/manifest.json records every file eventstorm
// wrote, its owner and the SHA-256 of the bytes written. With it Apply can
// tell a generated file that someone edited by hand (a conflict: refused
// without Force), remove generated files the model no longer produces, and
// report scaffolded files whose element left the model (orphans: never
// deleted). Every path, planned or read from the manifest, is checked to stay
// inside DIR before anything is written.
package write

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	json "github.com/goccy/go-json"

	"eventstorm/generator"
	"eventstorm/internal/fsutil"
)

// StateDir is the directory, relative to the output directory, that holds
// eventstorm's own state. Plan paths may not point inside it.
const StateDir = ".eventstorm"

// ManifestPath is the manifest's path relative to the output directory.
const ManifestPath = StateDir + "/manifest.json"

// manifestVersion is the manifest's format version (not the tool's version).
const manifestVersion = 1

// Options controls Apply.
type Options struct {
	// DryRun computes the Result and writes nothing, not even the manifest.
	DryRun bool
	// Check is DryRun for CI: the caller fails when Result.Stale().
	Check bool
	// Force overwrites or deletes generated files edited by hand. It never
	// touches an existing scaffolded file.
	Force bool
	// Input identifies what the plan was made from (the tool, the model,
	// the options), recorded in the manifest so that Current can tell a
	// later run with the same input that nothing needs planning. Empty
	// records none.
	Input string
}

// Action is what Apply does, or would do, to one path.
type Action string

const (
	Create    Action = "create"    // the file is missing and is written
	Update    Action = "update"    // a generated file is rewritten to match the plan
	Delete    Action = "delete"    // a generated file the plan no longer produces is removed
	Unchanged Action = "unchanged" // a generated file already matches the plan
	Skip      Action = "skip"      // a scaffolded file exists and is kept as it is
	Conflict  Action = "conflict"  // a generated file was edited by hand: kept, Apply fails
	Orphan    Action = "orphan"    // a scaffolded file whose element left the model: kept
)

// Change is the Action for one path.
type Change struct {
	Path   string // slash-separated, relative to the output directory
	Owner  generator.Owner
	Action Action
	// Forced is set on an Update or Delete that discards hand edits because
	// Options.Force was given.
	Forced bool
	// Reason explains a Conflict, or what a Forced change overwrote.
	Reason string
}

// Result lists every path Apply looked at.
type Result struct {
	Changes []Change // sorted by path
	// ManifestChanged reports that the manifest was (or, for DryRun and
	// Check, would be) rewritten, possibly with no file changing: for example
	// when an orphan the user deleted is dropped from it.
	ManifestChanged bool
}

// Stale reports whether applying the plan would create, update or delete a
// file, or whether a generated file conflicts with the plan.
func (r *Result) Stale() bool {
	for _, c := range r.Changes {
		switch c.Action {
		case Create, Update, Delete, Conflict:
			return true
		}
	}
	return false
}

// Count returns how many changes have action a.
func (r *Result) Count(a Action) int {
	n := 0
	for _, c := range r.Changes {
		if c.Action == a {
			n++
		}
	}
	return n
}

// Conflicts returns the generated files edited by hand that Apply refused to
// overwrite or delete.
func (r *Result) Conflicts() []Change { return r.filter(Conflict) }

// Orphans returns the scaffolded files whose element left the model.
func (r *Result) Orphans() []Change { return r.filter(Orphan) }

func (r *Result) filter(a Action) []Change {
	var out []Change
	for _, c := range r.Changes {
		if c.Action == a {
			out = append(out, c)
		}
	}
	return out
}

// ConflictError is returned by Apply, with the Result, when generated files
// were edited by hand and Force was not given. Nothing was written.
type ConflictError struct {
	Conflicts []Change
}

func (e *ConflictError) Error() string {
	var b strings.Builder
	n := len(e.Conflicts)
	if n == 1 {
		b.WriteString("refusing to overwrite a generated file edited by hand:\n")
	} else {
		fmt.Fprintf(&b, "refusing to overwrite %d generated files edited by hand:\n", n)
	}
	for _, c := range e.Conflicts {
		fmt.Fprintf(&b, "  %s (%s)\n", c.Path, c.Reason)
	}
	b.WriteString("nothing was written; move the edits into a scaffolded file, or rerun with --force to discard them")
	return b.String()
}

// Apply writes plan into dir: generated files are created, updated or
// deleted to match it, scaffolded files are created when missing and never
// touched otherwise, and the manifest is written last.
//
// Apply fails before writing anything when a path is invalid or would leave
// dir, when the manifest is unreadable or tampered with, or (returning the
// Result and a *ConflictError) when a generated file was edited by hand and
// opts.Force is false. With opts.DryRun or opts.Check it writes nothing.
func Apply(dir string, plan []generator.File, opts Options) (*Result, error) {
	files, err := checkPlan(plan)
	if err != nil {
		return nil, err
	}
	t, err := openTree(dir)
	if err != nil {
		return nil, err
	}
	oldRaw, old, _, err := t.readManifest()
	if err != nil {
		return nil, err
	}

	// entries is the manifest as it stands on disk after each step: it starts
	// from the old manifest, takes every entry that needs no write, and each
	// write updates it on success, so a failure part-way still leaves a
	// manifest that matches the tree.
	pl := &planner{t: t, old: old, entries: maps.Clone(old), force: opts.Force, res: &Result{}}
	for _, f := range files {
		if err := pl.planFile(f); err != nil {
			return nil, err
		}
	}
	if err := pl.planStale(files); err != nil {
		return nil, err
	}
	res := pl.res
	slices.SortFunc(res.Changes, func(a, b Change) int { return strings.Compare(a.Path, b.Path) })

	if cs := res.Conflicts(); len(cs) > 0 {
		return res, &ConflictError{Conflicts: cs}
	}

	res.ManifestChanged = !bytes.Equal(encodeManifest(finalEntries(pl.entries, pl.ops), opts.Input), oldRaw)
	if opts.DryRun || opts.Check {
		return res, nil
	}
	if err := t.execute(pl.ops, pl.entries, oldRaw, opts.Input); err != nil {
		return res, err
	}
	return res, nil
}

// planner decides, for one Apply, what to do with each path: it collects
// the changes, the ops that make them, and the manifest entries that need
// no op.
type planner struct {
	t       *tree
	old     map[string]entry // the manifest on disk
	entries map[string]entry // see Apply
	force   bool             // Options.Force
	res     *Result
	ops     []op
}

// add records a change.
func (pl *planner) add(c Change) { pl.res.Changes = append(pl.res.Changes, c) }

// edited records a change that discards hand edits: made, and marked
// Forced, when Force was given; a Conflict otherwise.
func (pl *planner) edited(p string, owner generator.Owner, action Action, reason string, o op) {
	if pl.force {
		pl.add(Change{Path: p, Owner: owner, Action: action, Forced: true, Reason: reason})
		pl.ops = append(pl.ops, o)
	} else {
		pl.add(Change{Path: p, Owner: owner, Action: Conflict, Reason: reason})
	}
}

// planFile decides what to do with one planned file.
func (pl *planner) planFile(f generator.File) error {
	fi, err := pl.t.stat(f.Path)
	if err != nil {
		return err
	}
	if fi != nil && !fi.Mode().IsRegular() && fi.Mode()&fs.ModeSymlink == 0 {
		return fmt.Errorf("%s: exists and is not a regular file (%s); move it away", f.Path, fi.Mode().Type())
	}
	write := op{path: f.Path, data: f.Bytes, mode: perm(f.Mode), entry: entry{Path: f.Path, Owner: f.Owner.String(), SHA256: sum(f.Bytes)}}
	if f.Owner == generator.Scaffolded {
		pl.planScaffolded(f, fi, write)
		return nil
	}
	return pl.planGenerated(f, fi, write)
}

// planScaffolded creates a missing scaffolded file and keeps an existing
// one as it is.
func (pl *planner) planScaffolded(f generator.File, fi fs.FileInfo, write op) {
	if fi == nil {
		pl.add(Change{Path: f.Path, Owner: f.Owner, Action: Create})
		pl.ops = append(pl.ops, write)
		return
	}
	// The file is the user's; keep the hash of what eventstorm first
	// wrote, or none if eventstorm did not write it.
	e := entry{Path: f.Path, Owner: f.Owner.String()}
	if prev, known := pl.old[f.Path]; known {
		e.SHA256 = prev.SHA256
	}
	pl.entries[f.Path] = e
	pl.add(Change{Path: f.Path, Owner: f.Owner, Action: Skip})
}

// planGenerated creates, updates or keeps a generated file; one edited by
// hand, or not written by eventstorm, is a conflict unless Force is given.
func (pl *planner) planGenerated(f generator.File, fi fs.FileInfo, write op) error {
	if fi == nil {
		pl.add(Change{Path: f.Path, Owner: f.Owner, Action: Create})
		pl.ops = append(pl.ops, write)
		return nil
	}
	var reason string
	if fi.Mode()&fs.ModeSymlink != 0 {
		reason = "replaced by a symbolic link"
	} else {
		data, err := os.ReadFile(pl.t.abs(f.Path))
		if err != nil {
			return err
		}
		have := sum(data)
		prev, known := pl.old[f.Path]
		switch {
		case have == write.entry.SHA256:
			if runtime.GOOS != "windows" && fi.Mode().Perm() != write.mode {
				pl.add(Change{Path: f.Path, Owner: f.Owner, Action: Update})
				pl.ops = append(pl.ops, write)
			} else {
				pl.entries[f.Path] = write.entry
				pl.add(Change{Path: f.Path, Owner: f.Owner, Action: Unchanged})
			}
			return nil
		case known && prev.Owner == generator.Generated.String() && prev.SHA256 == have:
			pl.add(Change{Path: f.Path, Owner: f.Owner, Action: Update})
			pl.ops = append(pl.ops, write)
			return nil
		case known && prev.Owner == generator.Generated.String():
			reason = "edited by hand since eventstorm generated it"
		default:
			reason = "exists but was not written by eventstorm"
		}
	}
	pl.edited(f.Path, f.Owner, Update, reason, write)
	return nil
}

// planStale decides what to do with each file of the old manifest that
// files no longer holds.
func (pl *planner) planStale(files []generator.File) error {
	planned := map[string]bool{}
	for _, f := range files {
		planned[f.Path] = true
	}
	for _, p := range sortedKeys(pl.old) {
		if planned[p] {
			continue
		}
		if err := pl.planStaleFile(p, pl.old[p]); err != nil {
			return err
		}
	}
	return nil
}

// planStaleFile forgets a file the user removed already, reports a
// scaffolded one as an orphan, and deletes a generated one unless it was
// edited by hand (then a conflict, or, with Force, deleted all the same).
func (pl *planner) planStaleFile(p string, e entry) error {
	fi, err := pl.t.stat(p)
	if err != nil {
		return fmt.Errorf("manifest %s lists %w", ManifestPath, err)
	}
	if fi == nil {
		delete(pl.entries, p) // the user removed it already
		return nil
	}
	if e.Owner == generator.Scaffolded.String() {
		pl.add(Change{Path: p, Owner: generator.Scaffolded, Action: Orphan})
		return nil
	}
	// A generated file the model no longer produces.
	var reason string
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		reason = "no longer generated, and replaced by a symbolic link"
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%s: eventstorm generated a file here, but it is now %s; move it away", p, fi.Mode().Type())
	default:
		data, err := os.ReadFile(pl.t.abs(p))
		if err != nil {
			return err
		}
		if sum(data) == e.SHA256 {
			pl.add(Change{Path: p, Owner: generator.Generated, Action: Delete})
			pl.ops = append(pl.ops, op{path: p, remove: true})
			return nil
		}
		reason = "no longer generated, but edited by hand since eventstorm generated it"
	}
	pl.edited(p, generator.Generated, Delete, reason, op{path: p, remove: true})
	return nil
}

// finalEntries returns the manifest entries once every op has succeeded.
func finalEntries(entries map[string]entry, ops []op) map[string]entry {
	final := maps.Clone(entries)
	for _, o := range ops {
		if o.remove {
			delete(final, o.path)
		} else {
			final[o.path] = o.entry
		}
	}
	return final
}

// execute performs ops, deletions first, then writes the manifest. entries
// is updated as each op succeeds; when one fails, the manifest records
// what was done before it.
func (t *tree) execute(ops []op, entries map[string]entry, oldRaw []byte, input string) error {
	// Deletions first, so a directory emptied by them can be pruned before
	// anything else is written.
	slices.SortStableFunc(ops, func(a, b op) int {
		switch {
		case a.remove && !b.remove:
			return -1
		case !a.remove && b.remove:
			return 1
		}
		return 0
	})
	if err := os.MkdirAll(t.root, 0o755); err != nil {
		return err
	}
	var removals, writes []op
	for _, o := range ops {
		if o.remove {
			removals = append(removals, o)
		} else {
			writes = append(writes, o)
		}
	}
	for _, o := range removals {
		if err := t.remove(o.path); err != nil {
			return t.abort(entries, oldRaw, fmt.Errorf("%s: %w", o.path, err))
		}
		delete(entries, o.path)
	}
	written, err := t.writeAll(writes)
	for _, o := range written {
		entries[o.path] = o.entry
	}
	if err == nil && len(ops) > 0 {
		// The files were renamed into place without an fsync each; one
		// flush of the file system makes them durable before the manifest
		// records them. With nothing written there is nothing to flush.
		err = fsutil.SyncFS(t.root)
	}
	if err != nil {
		return t.abort(entries, oldRaw, err)
	}
	return t.writeManifest(entries, oldRaw, input)
}

// writeAll writes files concurrently, since a system has thousands and
// each costs a create and a rename. It returns the ops that were written,
// and the first error, after which it starts no more writes.
func (t *tree) writeAll(writes []op) ([]op, error) {
	var (
		mu       sync.Mutex
		written  []op
		firstErr error
		next     = make(chan op)
		wg       sync.WaitGroup
	)
	for range min(8, max(1, len(writes))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for o := range next {
				err := fsutil.WriteFileRenamed(t.abs(o.path), o.data, o.mode)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("%s: %w", o.path, err)
				} else if err == nil {
					written = append(written, o)
				}
				mu.Unlock()
			}
		}()
	}
	for _, o := range writes {
		mu.Lock()
		failed := firstErr != nil
		mu.Unlock()
		if failed {
			break
		}
		next <- o
	}
	close(next)
	wg.Wait()
	return written, firstErr
}

// abort records in the manifest what was done before err stopped Apply, so
// that the next run knows every file it wrote.
func (t *tree) abort(entries map[string]entry, oldRaw []byte, err error) error {
	if merr := t.writeManifest(entries, oldRaw, ""); merr != nil {
		return errors.Join(err, merr)
	}
	return err
}

// op is one write or removal.
type op struct {
	path   string
	remove bool
	data   []byte
	mode   os.FileMode
	entry  entry
}

func sortedKeys(m map[string]entry) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func perm(m uint32) os.FileMode {
	if m == 0 {
		return 0o644
	}
	return os.FileMode(m)
}

// checkPlan validates every planned file and returns them sorted by path.
func checkPlan(plan []generator.File) ([]generator.File, error) {
	files := slices.Clone(plan)
	slices.SortStableFunc(files, func(a, b generator.File) int { return strings.Compare(a.Path, b.Path) })
	seen := map[string]bool{}
	for i, f := range files {
		if err := checkPath(f.Path); err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
		if i > 0 && files[i-1].Path == f.Path {
			return nil, fmt.Errorf("plan: %s is planned twice", f.Path)
		}
		if f.Owner != generator.Generated && f.Owner != generator.Scaffolded {
			return nil, fmt.Errorf("plan: %s: unknown owner %d", f.Path, f.Owner)
		}
		if f.Mode&^0o777 != 0 {
			return nil, fmt.Errorf("plan: %s: mode %#o has bits beyond the permission bits", f.Path, f.Mode)
		}
		seen[f.Path] = true
	}
	for _, f := range files {
		for d := path.Dir(f.Path); d != "."; d = path.Dir(d) {
			if seen[d] {
				return nil, fmt.Errorf("plan: %s is planned both as a file and as the directory of %s", d, f.Path)
			}
		}
	}
	return files, nil
}

// checkPath reports whether p is a relative, slash-separated, clean path
// that stays inside the output directory and outside StateDir.
func checkPath(p string) error {
	bad := func(why string) error { return fmt.Errorf("invalid path %q: %s", p, why) }
	switch {
	case p == "":
		return bad("empty")
	case strings.ContainsRune(p, 0):
		return bad("contains a NUL byte")
	case strings.Contains(p, `\`):
		return bad("contains a backslash (paths are slash-separated)")
	case path.IsAbs(p) || filepath.IsAbs(p) || filepath.VolumeName(p) != "":
		return bad("absolute (paths are relative to the output directory)")
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			return bad("has a .. component and could leave the output directory")
		}
	}
	if p == "." || path.Clean(p) != p {
		return bad("not clean (no empty, . or trailing components)")
	}
	if first, _, _ := strings.Cut(p, "/"); strings.EqualFold(first, StateDir) {
		return bad("inside " + StateDir + "/, which holds eventstorm's own state")
	}
	return nil
}

// tree is the output directory.
type tree struct {
	root   string // absolute, symbolic links resolved
	exists bool
}

func openTree(dir string) (*tree, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(abs)
	switch {
	case err == nil:
		if !fi.IsDir() {
			return nil, fmt.Errorf("output directory %s is not a directory", dir)
		}
		real, err := filepath.EvalSymlinks(abs)
		if err != nil {
			return nil, err
		}
		return &tree{root: real, exists: true}, nil
	case errors.Is(err, fs.ErrNotExist):
		// Resolve the deepest existing ancestor, so that root is comparable
		// with what EvalSymlinks returns once the directory exists.
		rest := []string{}
		cur := abs
		for {
			if _, err := os.Lstat(cur); err == nil {
				break
			}
			parent := filepath.Dir(cur)
			if parent == cur {
				break
			}
			rest = append([]string{filepath.Base(cur)}, rest...)
			cur = parent
		}
		real, err := filepath.EvalSymlinks(cur)
		if err != nil {
			return nil, err
		}
		return &tree{root: filepath.Join(append([]string{real}, rest...)...)}, nil
	default:
		return nil, err
	}
}

func (t *tree) abs(rel string) string { return filepath.Join(t.root, filepath.FromSlash(rel)) }

// stat returns what is at rel (without following a final symbolic link), or
// nil when nothing is there. It fails when a directory on the way is not a
// directory or is a symbolic link that resolves outside the output directory.
func (t *tree) stat(rel string) (fs.FileInfo, error) {
	if !t.exists {
		return nil, nil
	}
	parts := strings.Split(rel, "/")
	cur := t.root
	for i, name := range parts[:len(parts)-1] {
		cur = filepath.Join(cur, name)
		at := strings.Join(parts[:i+1], "/")
		fi, err := os.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			real, err := filepath.EvalSymlinks(cur)
			if err != nil {
				return nil, fmt.Errorf("%s: %s is a symbolic link that cannot be resolved: %w", rel, at, err)
			}
			if !within(t.root, real) {
				return nil, fmt.Errorf("%s: %s is a symbolic link to %s, outside the output directory", rel, at, real)
			}
			if fi, err = os.Stat(real); err != nil {
				return nil, err
			}
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("%s: %s exists and is not a directory", rel, at)
		}
	}
	fi, err := os.Lstat(filepath.Join(cur, parts[len(parts)-1]))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return fi, nil
}

func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// remove deletes the file at rel, then every directory it leaves empty, up to
// but never including the output directory itself.
func (t *tree) remove(rel string) error {
	if err := os.Remove(t.abs(rel)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for d := path.Dir(rel); d != "."; d = path.Dir(d) {
		p := t.abs(d)
		fi, err := os.Lstat(p)
		if err != nil || !fi.IsDir() { // never remove a symbolic link
			return nil
		}
		des, err := os.ReadDir(p)
		if err != nil || len(des) > 0 {
			return nil
		}
		if err := os.Remove(p); err != nil {
			return nil // best effort: an empty directory left behind is harmless
		}
	}
	return nil
}

// entry is one manifest record.
type entry struct {
	Path  string `json:"path"`
	Owner string `json:"owner"`
	// SHA256 is the hex SHA-256 of the bytes eventstorm wrote. It is empty
	// for a scaffolded file that existed before eventstorm planned it.
	SHA256 string `json:"sha256,omitempty"`
}

type manifest struct {
	Version int `json:"version"`
	// Input identifies what the files were planned from; see Options.Input.
	Input string  `json:"input,omitempty"`
	Files []entry `json:"files"`
}

func encodeManifest(m map[string]entry, input string) []byte {
	out := manifest{Version: manifestVersion, Input: input, Files: []entry{}}
	for _, p := range sortedKeys(m) {
		out.Files = append(out.Files, m[p])
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		panic(err) // strings only: cannot fail
	}
	return append(b, '\n')
}

// readManifest returns the manifest's raw bytes (nil when there is none) and
// its entries by path, after checking every entry as strictly as the plan.
func (t *tree) readManifest() ([]byte, map[string]entry, string, error) {
	entries := map[string]entry{}
	fi, err := t.stat(ManifestPath)
	if err != nil {
		return nil, nil, "", fmt.Errorf("manifest: %w", err)
	}
	if fi == nil {
		return nil, entries, "", nil
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, "", fmt.Errorf("manifest %s is not a regular file", ManifestPath)
	}
	raw, err := os.ReadFile(t.abs(ManifestPath))
	if err != nil {
		return nil, nil, "", err
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("manifest %s: %s; it was not written by this eventstorm or was edited: fix or delete it (without it, files eventstorm did not write are never overwritten)",
			ManifestPath, fmt.Sprintf(format, args...))
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var m manifest
	if err := dec.Decode(&m); err != nil {
		return nil, nil, "", bad("%v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, "", bad("trailing data after the JSON object")
	}
	if m.Version != manifestVersion {
		return nil, nil, "", bad("format version %d, want %d", m.Version, manifestVersion)
	}
	for _, e := range m.Files {
		if err := checkPath(e.Path); err != nil {
			return nil, nil, "", bad("%v", err)
		}
		if _, dup := entries[e.Path]; dup {
			return nil, nil, "", bad("%s is listed twice", e.Path)
		}
		switch e.Owner {
		case generator.Generated.String():
			if !isHash(e.SHA256) {
				return nil, nil, "", bad("%s: sha256 %q is not a hex SHA-256", e.Path, e.SHA256)
			}
		case generator.Scaffolded.String():
			if e.SHA256 != "" && !isHash(e.SHA256) {
				return nil, nil, "", bad("%s: sha256 %q is not a hex SHA-256", e.Path, e.SHA256)
			}
		default:
			return nil, nil, "", bad("%s: unknown owner %q", e.Path, e.Owner)
		}
		entries[e.Path] = e
	}
	return raw, entries, m.Input, nil
}

func isHash(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// writeManifest writes the manifest for entries unless it already holds
// exactly those bytes.
func (t *tree) writeManifest(entries map[string]entry, old []byte, input string) error {
	b := encodeManifest(entries, input)
	if bytes.Equal(b, old) {
		return nil
	}
	return fsutil.WriteFileAtomic(t.abs(ManifestPath), b, 0o644)
}

// FormatChanges prints one line per change, orphans after the others, then a
// summary. Unchanged files and kept scaffolded files are listed only when
// verbose; they are always counted.
func FormatChanges(w io.Writer, r *Result, verbose bool) error {
	var b strings.Builder
	line := func(c Change, note string) {
		fmt.Fprintf(&b, "%-9s %s", c.Action, c.Path)
		if note != "" {
			fmt.Fprintf(&b, " (%s)", note)
		}
		b.WriteByte('\n')
	}
	for _, c := range r.Changes {
		switch c.Action {
		case Orphan:
			continue
		case Unchanged, Skip:
			if !verbose {
				continue
			}
		}
		note := c.Reason
		if c.Forced {
			note = "forced: " + c.Reason
		}
		if c.Action == Skip {
			note = "scaffolded: yours, kept"
		}
		line(c, note)
	}
	for _, c := range r.Orphans() {
		line(c, "scaffolded; its element left the model — delete it when its code is no longer needed")
	}
	fmt.Fprintf(&b, "%d created, %d updated, %d deleted, %d unchanged, %d kept (scaffolded)",
		r.Count(Create), r.Count(Update), r.Count(Delete), r.Count(Unchanged), r.Count(Skip))
	if n := r.Count(Conflict); n > 0 {
		fmt.Fprintf(&b, ", %d in conflict", n)
	}
	if n := r.Count(Orphan); n > 0 {
		fmt.Fprintf(&b, ", %d orphaned", n)
	}
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}
