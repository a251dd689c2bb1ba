//go:build unix && !linux

package fsutil

import "syscall"

// SyncFS flushes written files to disk; where there is no syncfs, it syncs
// every file system.
func SyncFS(string) error {
	syscall.Sync()
	return nil
}
