package write

import (
	"os"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"eventstorm/generator"
)

// Current reports whether dir already holds what a plan made from input
// would write, without planning: its manifest records the same input, every
// generated file it lists still has the bytes eventstorm wrote, and every
// scaffolded file still exists. The Result then lists each file unchanged
// or kept, as Apply would. Any doubt (no manifest, another input, a file
// changed or missing, an unreadable tree) answers false, and the caller
// plans and applies as usual.
func Current(dir, input string) (*Result, bool) {
	if input == "" {
		return nil, false
	}
	t, err := openTree(dir)
	if err != nil {
		return nil, false
	}
	raw, entries, recorded, err := t.readManifest()
	if err != nil || recorded != input || len(entries) == 0 {
		return nil, false
	}
	paths := sortedKeys(entries)
	if !t.realDirs(paths) {
		return nil, false
	}
	cache := loadStats(t.root, sum(raw))
	ok := make([]bool, len(paths))
	stats := make([]fileStat, len(paths))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0) * 2
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(paths); i += workers {
				ok[i], stats[i] = t.intact(entries[paths[i]], cache.Files[paths[i]])
			}
		}()
	}
	wg.Wait()
	if slices.Contains(ok, false) {
		return nil, false
	}
	cache.save(t.root, paths, stats)
	res := &Result{}
	for _, p := range paths {
		e := entries[p]
		if e.Owner == generator.Scaffolded.String() {
			res.Changes = append(res.Changes, Change{Path: p, Owner: generator.Scaffolded, Action: Skip})
		} else {
			res.Changes = append(res.Changes, Change{Path: p, Owner: generator.Generated, Action: Unchanged})
		}
	}
	slices.SortFunc(res.Changes, func(a, b Change) int { return strings.Compare(a.Path, b.Path) })
	return res, true
}

// realDirs reports whether every folder on the way to the paths is a real
// directory inside the tree, not a symbolic link: checked once per folder,
// so that intact can look at each file alone.
func (t *tree) realDirs(paths []string) bool {
	if !t.exists {
		return false
	}
	seen := map[string]bool{}
	for _, p := range paths {
		for d := path.Dir(p); d != "." && !seen[d]; d = path.Dir(d) {
			seen[d] = true
			fi, err := os.Lstat(t.abs(d))
			if err != nil || !fi.IsDir() {
				return false
			}
		}
	}
	return true
}

// intact reports whether the file of a manifest entry is as eventstorm
// left it: a regular file with the bytes written, for a generated file;
// present, for a scaffolded one. The folders on its way were checked. A
// generated file whose size and time are those known reads as intact
// without being read; the stat returned is what to know next time.
func (t *tree) intact(e entry, known fileStat) (bool, fileStat) {
	fi, err := os.Lstat(t.abs(e.Path))
	if err != nil || !fi.Mode().IsRegular() {
		return false, fileStat{}
	}
	if e.Owner == generator.Scaffolded.String() {
		return true, fileStat{}
	}
	st := fileStat{fi.Size(), fi.ModTime().UnixNano()}
	if known == st && st != (fileStat{}) {
		return true, st
	}
	data, err := os.ReadFile(t.abs(e.Path))
	return err == nil && sum(data) == e.SHA256, st
}
