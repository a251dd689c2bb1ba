package fsutil

import (
	"os"

	"golang.org/x/sys/unix"
)

// SyncFS flushes the file system holding dir to disk: one call instead of
// an fsync per file after writing thousands of them.
func SyncFS(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Syncfs(int(f.Fd()))
}
