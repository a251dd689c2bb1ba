package devrun

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// Service is one service of a generated system.
type Service struct {
	// Name is the bounded context's kebab-case name: the name of the
	// service's binary and the prefix of its log lines.
	Name string
	// Database is the name of the service's own database when dev is
	// given a database server: <system>_<context> in snake_case.
	Database string
	// Env holds the environment entries (KEY=value) set for this service
	// on top of the inherited environment.
	Env []string
	// Module is the folder, relative to the system's root, of the Go
	// module holding the service's main package: empty for the root's
	// module (the services and monolith layouts), the context's folder in
	// the polyrepo layout.
	Module string
	// Main is the service's main package relative to Module; empty means
	// ./services/<Name>/cmd/<Name>, the services layout's.
	Main string
}

// Package is the service's main package relative to its module's folder
// (the system's root unless Module is set).
func (s Service) Package() string {
	if s.Main != "" {
		return s.Main
	}
	return "./services/" + s.Name + "/cmd/" + s.Name
}

// binary is the path of the service's executable in binDir.
func (s Service) binary(binDir string) string {
	name := s.Name
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	return filepath.Join(binDir, name)
}

// BuildError is a failed build, with the compiler's output.
type BuildError struct {
	Output string
	Err    error
}

func (e *BuildError) Error() string {
	return fmt.Sprintf("building the services failed (%v):\n%s", e.Err, strings.TrimRight(e.Output, "\n"))
}

func (e *BuildError) Unwrap() error { return e.Err }

// Build compiles every service's main package into binDir, with one go
// build per module (the one rooted at root unless services name their
// Module) so that shared packages compile once.
func Build(ctx context.Context, root, binDir string, services []Service) error {
	var modules []string
	packages := map[string][]string{}
	for _, s := range services {
		if _, ok := packages[s.Module]; !ok {
			modules = append(modules, s.Module)
		}
		packages[s.Module] = append(packages[s.Module], s.Package())
	}
	for _, mod := range modules {
		args := append([]string{"build", "-o", binDir + string(os.PathSeparator)}, packages[mod]...)
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = filepath.Join(root, filepath.FromSlash(mod))
		out, err := cmd.CombinedOutput()
		if err != nil {
			return &BuildError{Output: string(out), Err: err}
		}
	}
	return nil
}
