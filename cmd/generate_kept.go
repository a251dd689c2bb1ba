package cmd

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"eventstorm/generator/write"
)

// keptBuildTimeout bounds the build that checks the team's files after a
// model change.
const keptBuildTimeout = 90 * time.Second

// compileError is a line of the Go compiler's output about a file.
var compileError = regexp.MustCompile(`^(?:\./)?([^:\s][^:]*\.go):(\d+):(\d+): (.*)$`)

// reportKept builds the packages of the scaffolded files generate kept,
// when the generated files around them changed, and lists what the
// compiler finds wrong in those files: the team's code using what the
// model no longer has, said here before the team meets it in a build. It
// says nothing when the go command is missing or the build cannot run.
func reportKept(out io.Writer, dir string, result *write.Result) {
	if result.Count(write.Update)+result.Count(write.Delete) == 0 {
		return
	}
	kept := map[string]bool{}
	byModule := map[string]map[string]bool{} // module root → package dirs, relative to it
	for _, c := range result.Changes {
		if c.Action != write.Skip || !strings.HasSuffix(c.Path, ".go") || strings.HasSuffix(c.Path, "_test.go") {
			continue
		}
		kept[c.Path] = true
		root := moduleRoot(dir, path.Dir(c.Path))
		if byModule[root] == nil {
			byModule[root] = map[string]bool{}
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(path.Dir(c.Path), root), "/")
		byModule[root]["./"+rel] = true
	}
	if len(kept) == 0 {
		return
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return
	}
	var found []string
	for _, root := range sortedKeys(byModule) {
		found = append(found, buildKept(goCmd, dir, root, sortedKeys(byModule[root]), kept)...)
	}
	if len(found) == 0 {
		return
	}
	fmt.Fprintln(out, "\nYour files use what the model no longer has (or has changed); adapt them:")
	for _, line := range found {
		fmt.Fprintln(out, "  "+line)
	}
}

// buildKept builds pkgs of the module at root (relative to dir) and
// returns the compiler's errors in the kept files, as paths relative to
// dir.
func buildKept(goCmd, dir, root string, pkgs []string, kept map[string]bool) []string {
	ctx, cancel := context.WithTimeout(context.Background(), keptBuildTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, goCmd, append([]string{"build", "-o", os.DevNull}, pkgs...)...)
	cmd.Dir = filepath.Join(dir, filepath.FromSlash(root))
	output, err := cmd.CombinedOutput()
	if err == nil {
		return nil
	}
	var found []string
	for _, line := range strings.Split(string(output), "\n") {
		m := compileError.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		file := path.Clean(path.Join(root, filepath.ToSlash(m[1])))
		if kept[file] {
			found = append(found, fmt.Sprintf("%s:%s:%s: %s", file, m[2], m[3], m[4]))
		}
	}
	return found
}

// moduleRoot is the folder, relative to dir, of the nearest go.mod above
// rel (a folder relative to dir), "." for dir itself.
func moduleRoot(dir, rel string) string {
	for p := rel; ; p = path.Dir(p) {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p), "go.mod")); err == nil {
			return p
		}
		if p == "." || p == "/" {
			return "."
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
