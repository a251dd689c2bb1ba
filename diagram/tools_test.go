package diagram

import (
	"os"
	"os/exec"
	"testing"
)

// tool finds a program the test drives. CI installs it (.ci/run), so there
// a missing program fails the test; elsewhere the test is skipped.
func tool(t *testing.T, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("none of %v is installed; .ci/run installs it", names)
	}
	t.Skipf("none of %v is installed (apt-get install it, as .ci/run does)", names)
	return ""
}
