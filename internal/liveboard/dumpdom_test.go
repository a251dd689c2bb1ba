package liveboard

import (
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// dumpDOM is the page at url as `chromium --headless --dump-dom` prints
// it, with a virtual time budget in milliseconds when budget is set.
func dumpDOM(ctx context.Context, t *testing.T, url, budget string) string {
	t.Helper()
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--user-data-dir=" + filepath.Join(t.TempDir(), "profile"), "--dump-dom", url}
	if budget != "" {
		args = append(args, "--virtual-time-budget="+budget)
	}
	cmd := exec.CommandContext(ctx, chromiumPath(t), args...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium --dump-dom: %v", err)
	}
	return string(out)
}

// dumpedCounts are the counts a dumped page shows on the copies of the
// event sticky id.
func dumpedCounts(dom, id string) []string {
	re := regexp.MustCompile(`data-id="` + regexp.QuoteMeta(id) + `"[^>]*>(?:<span class="(?:from|name|note|kind)">[^<]*</span>)*<span class="live"><span class="live-count">(\d+)</span>`)
	var out []string
	for _, m := range re.FindAllStringSubmatch(dom, -1) {
		out = append(out, m[1])
	}
	return out
}
