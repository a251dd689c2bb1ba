package write

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"time"

	json "github.com/goccy/go-json"

	"eventstorm/internal/fsutil"
)

// fileStat is a file's size and modification time, in nanoseconds.
type fileStat [2]int64

// stats remembers, for Current, the size and time each generated file of an
// output folder had when it was last found intact, so that the next check
// hashes only the files whose size or time changed. It is kept in the
// user's cache directory, not in the output folder: it describes one
// machine's copy of the files, not the files.
type stats struct {
	// Manifest is the SHA-256 of the manifest the files were checked
	// against; another manifest voids the stats.
	Manifest string              `json:"manifest"`
	Files    map[string]fileStat `json:"files"`
}

// statsPath is where the stats of the output folder root are kept; empty
// when there is no cache directory.
func statsPath(root string) string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	h := sha256.Sum256([]byte(root))
	return filepath.Join(dir, "eventstorm", "current-"+hex.EncodeToString(h[:8])+".json")
}

// loadStats reads the stats of root for the manifest whose hash is
// manifest; missing, unreadable or for another manifest, they are empty.
func loadStats(root, manifest string) stats {
	empty := stats{Manifest: manifest, Files: map[string]fileStat{}}
	p := statsPath(root)
	if p == "" {
		return empty
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return empty
	}
	var s stats
	if json.Unmarshal(b, &s) != nil || s.Manifest != manifest || s.Files == nil {
		return empty
	}
	return s
}

// settled is how old a file's modification time must be for it to be
// remembered: a file changed again within the clock's granularity of its
// last check could keep its size and time.
const settled = 2 * time.Second

// save records the stats found, when they differ from those loaded; a
// failure only costs hashing next time.
func (s stats) save(root string, paths []string, found []fileStat) {
	p := statsPath(root)
	if p == "" {
		return
	}
	changed := false
	limit := time.Now().Add(-settled).UnixNano()
	next := stats{Manifest: s.Manifest, Files: make(map[string]fileStat, len(paths))}
	for i, path := range paths {
		st := found[i]
		if st == (fileStat{}) || st[1] > limit {
			changed = changed || s.Files[path] != (fileStat{})
			continue
		}
		next.Files[path] = st
		changed = changed || s.Files[path] != st
	}
	if !changed && len(next.Files) == len(s.Files) {
		return
	}
	b, err := json.Marshal(next)
	if err != nil || os.MkdirAll(filepath.Dir(p), 0o755) != nil {
		return
	}
	_ = fsutil.WriteFileRenamed(p, b, 0o644)
}
