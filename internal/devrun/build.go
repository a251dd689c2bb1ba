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
}

// Package is the service's main package relative to the system's root.
func (s Service) Package() string { return "./services/" + s.Name + "/cmd/" + s.Name }

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

// Build compiles every service's main package in the module rooted at root
// into binDir, with one go build so that shared packages compile once.
func Build(ctx context.Context, root, binDir string, services []Service) error {
	args := []string{"build", "-o", binDir + string(os.PathSeparator)}
	for _, s := range services {
		args = append(args, s.Package())
	}
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		return &BuildError{Output: string(out), Err: err}
	}
	return nil
}
