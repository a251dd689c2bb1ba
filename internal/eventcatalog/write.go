package eventcatalog

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Marker is the file, at the root of the output folder, that says the
// folder was written by this export and lists the files it wrote, one a
// line. A re-export removes the listed files the model no longer produces
// and leaves every other file alone.
const Marker = ".eventstorm-catalog"

const markerHead = "# Written by 'eventstorm export eventcatalog'; the files it wrote, one a line.\n"

// Write writes the files into dir, creating it when missing. It refuses a
// non-empty dir with no marker, so that it never overwrites a catalog it
// did not write.
func Write(dir string, files []File) error {
	old, err := previous(dir)
	if err != nil {
		return err
	}
	var list strings.Builder
	list.WriteString(markerHead)
	keep := map[string]bool{}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := writeIfChanged(p, f.Bytes); err != nil {
			return err
		}
		keep[f.Path] = true
		list.WriteString(f.Path + "\n")
	}
	for _, rel := range old {
		if !keep[rel] {
			if err := removeStale(dir, rel); err != nil {
				return err
			}
		}
	}
	return writeIfChanged(filepath.Join(dir, Marker), []byte(list.String()))
}

// previous returns the files the last export into dir wrote: none when dir
// is missing or empty, an error when it holds files but no marker.
func previous(dir string) ([]string, error) {
	data, err := os.ReadFile(filepath.Join(dir, Marker))
	if err == nil {
		var out []string
		for _, line := range strings.Split(string(data), "\n") {
			if line != "" && !strings.HasPrefix(line, "#") && filepath.IsLocal(line) {
				out = append(out, line)
			}
		}
		return out, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty and was not written by 'eventstorm export eventcatalog' (no %s in it); choose an empty or new folder", dir, Marker)
	}
	return nil, nil
}

// writeIfChanged writes a file unless it already holds data, so that a
// re-export leaves unchanged files' modification times alone.
func writeIfChanged(p string, data []byte) error {
	if old, err := os.ReadFile(p); err == nil && slices.Equal(old, data) {
		return nil
	}
	return os.WriteFile(p, data, 0o644)
}

// removeStale removes a file an earlier export wrote, and its folder when
// that is left empty.
func removeStale(dir, rel string) error {
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	// Fails, as meant, when the team added a file beside it.
	_ = os.Remove(filepath.Dir(p))
	return nil
}
