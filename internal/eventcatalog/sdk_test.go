package eventcatalog

import (
	"encoding/json"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"eventstorm/samples"
)

// sdkDir holds EventCatalog's own SDK, pinned by package-lock.json, and the
// script that reads an exported catalog with it.
var sdkDir = filepath.Join("testdata", "sdk")

// sdkNode returns node once the SDK is installed, installing it with npm ci
// when missing. Without node or npm, or when npm cannot reach its registry,
// the test is skipped, unless it runs in CI, where it fails.
func sdkNode(t *testing.T) string {
	t.Helper()
	missing := func(what string, err error) {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s: %v", what, err)
		}
		t.Skipf("%s: %v", what, err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node is missing", err)
	}
	if _, err := os.Stat(filepath.Join(sdkDir, "node_modules", "@eventcatalog", "sdk", "package.json")); err == nil {
		return node
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		missing("npm is missing", err)
	}
	install := exec.Command(npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund")
	install.Dir = sdkDir
	if out, err := install.CombinedOutput(); err != nil {
		missing("npm ci of @eventcatalog/sdk failed: "+string(out), err)
	}
	return node
}

// TestSDKReadsCatalog exports each sample and reads it with
// @eventcatalog/sdk, an independent parser of EventCatalog's layout: it must
// find every resource written and resolve every reference and schema.
func TestSDKReadsCatalog(t *testing.T) {
	if testing.Short() {
		t.Skip("runs node")
	}
	node := sdkNode(t)
	script, err := filepath.Abs(filepath.Join(sdkDir, "check.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range samples.All() {
		t.Run(s.Name, func(t *testing.T) {
			files := build(t, s.Name)
			dir := t.TempDir()
			if err := Write(dir, files); err != nil {
				t.Fatal(err)
			}
			expected, err := json.Marshal(written(files))
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(node, script, dir, string(expected))
			cmd.Dir = sdkDir
			out, err := cmd.CombinedOutput()
			if err != nil || strings.TrimSpace(string(out)) != "ok" {
				t.Errorf("@eventcatalog/sdk on the %s catalog: %v\n%s", s.Name, err, out)
			}
		})
	}
}

// written lists the ids of the resources the files hold, by kind.
func written(files []File) map[string][]string {
	out := map[string][]string{}
	for _, f := range files {
		if path.Base(f.Path) == "index.mdx" {
			kind := strings.SplitN(f.Path, "/", 2)[0]
			out[kind] = append(out[kind], path.Base(path.Dir(f.Path)))
		}
	}
	return out
}
