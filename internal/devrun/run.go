package devrun

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"
)

// Options configure Start.
type Options struct {
	// BinDir holds the services' executables, as Build left them.
	BinDir string
	// Dir is the working directory of the services.
	Dir string
	// Console receives each service's output lines, prefixed with its
	// name, and a line for each service that exits on its own.
	Console *Console
	// Grace is how long a service has to exit after SIGINT before it is
	// killed; 0 means 5 seconds.
	Grace time.Duration
}

// Group is a set of running services.
type Group struct {
	wg     sync.WaitGroup
	mu     sync.Mutex
	failed []error
	cancel context.CancelFunc
	// exited is closed when a service exits on its own.
	exited     chan struct{}
	exitedOnce sync.Once
}

// Exited is closed as soon as a service exits on its own (not stopped
// because Start's context is done), for callers that cannot go on
// without every service.
func (g *Group) Exited() <-chan struct{} { return g.exited }

// Start starts every service's executable with its output prefixed by its
// name. When ctx is done, each service still running gets SIGINT and, if it
// has not exited after the grace period, is killed. If a service cannot be
// started, the ones already started are stopped and Start returns the error.
func Start(ctx context.Context, services []Service, o Options) (*Group, error) {
	if o.Grace <= 0 {
		o.Grace = 5 * time.Second
	}
	width := 0
	for _, s := range services {
		width = max(width, len(s.Name))
	}
	ctx, cancel := context.WithCancel(ctx)
	g := &Group{cancel: cancel, exited: make(chan struct{})}
	for _, s := range services {
		prefix := fmt.Sprintf("%-*s | ", width, s.Name)
		stdout, stderr := o.Console.Prefixed(prefix, false), o.Console.Prefixed(prefix, true)
		cmd := exec.CommandContext(ctx, s.binary(o.BinDir))
		cmd.Dir = o.Dir
		cmd.Env = append(os.Environ(), s.Env...)
		cmd.Stdout, cmd.Stderr = stdout, stderr
		cmd.Cancel = func() error { return interrupt(cmd.Process) }
		cmd.WaitDelay = o.Grace
		if err := cmd.Start(); err != nil {
			cancel()
			g.wg.Wait()
			return nil, fmt.Errorf("starting %s: %w", s.Name, err)
		}
		g.wg.Add(1)
		go func() {
			defer g.wg.Done()
			err := cmd.Wait()
			stdout.Flush()
			stderr.Flush()
			if ctx.Err() != nil {
				return // stopped by us: whatever it said on its way out was its report
			}
			defer g.exitedOnce.Do(func() { close(g.exited) })
			if err == nil {
				o.Console.Errorf("%s exited", s.Name)
				return
			}
			o.Console.Errorf("%s exited: %v", s.Name, err)
			g.mu.Lock()
			g.failed = append(g.failed, fmt.Errorf("%s: %w", s.Name, err))
			g.mu.Unlock()
		}()
	}
	return g, nil
}

// Wait waits until every service has exited: on its own, or stopped
// because Start's context is done. It returns an error naming the services
// that failed on their own, if any.
func (g *Group) Wait() error {
	g.wg.Wait()
	g.cancel()
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.failed) == 0 {
		return nil
	}
	return errors.Join(g.failed...)
}

// interrupt asks a process to stop as Ctrl-C would. Where SIGINT does not
// exist (Windows), the process is killed.
func interrupt(p *os.Process) error {
	if err := p.Signal(os.Interrupt); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return p.Kill()
	}
	return nil
}
