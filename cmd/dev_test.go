package cmd

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// freePorts returns n consecutive free TCP ports on 127.0.0.1.
func freePorts(t *testing.T, n int) int {
	t.Helper()
	for range 50 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		first := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		ok := first+n-1 <= 65535
		for p := first; ok && p < first+n; p++ {
			l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p))
			if err != nil {
				ok = false
				break
			}
			l.Close()
		}
		if ok {
			return first
		}
	}
	t.Fatalf("found no %d consecutive free ports", n)
	return 0
}

// generateOrderSample writes the order sample's system, renamed by
// uniqueSystem, into a new directory with the CLI, as a user would, and
// returns the directory and the system's snake_case name.
func generateOrderSample(t *testing.T) (dir, system string) {
	t.Helper()
	dir = t.TempDir()
	run(t, "init", dir, "--sample", "order").want(t, exitOK)
	system = uniqueSystem(t, dir)
	run(t, "generate", filepath.Join(dir, ModelFile)).want(t, exitOK)
	return dir, system
}

// devRun is a runDev in the background.
type devRun struct {
	out, err syncBuffer
	cancel   context.CancelFunc
	done     chan error
}

func startDev(dir string, kafkaPort, httpPort int, databaseURL string) *devRun {
	return startDevOpts(dir, kafkaPort, httpPort, databaseURL, false)
}

func startDevOpts(dir string, kafkaPort, httpPort int, databaseURL string, secure bool) *devRun {
	d := &devRun{done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	d.cancel = cancel
	opts := &devOptions{
		streams:  &IOStreams{In: strings.NewReader(""), Out: &d.out, Err: &d.err},
		dir:      dir,
		kafka:    "127.0.0.1:" + strconv.Itoa(kafkaPort),
		httpPort: httpPort,

		databaseURL: databaseURL,
		secure:      secure,
	}
	go func() { d.done <- runDev(ctx, opts) }()
	return d
}

func (d *devRun) String() string {
	return fmt.Sprintf("--- stdout:\n%s--- stderr:\n%s", d.out.String(), d.err.String())
}

// sampleRun is dev running the order sample on free ports, both services
// healthy: ordering at urls[0], order-history at urls[1].
type sampleRun struct {
	*devRun
	httpPort, kafkaPort int
	urls                []string
}

// runSample starts dev on the order sample in dir, stopped when the test
// ends, and waits until both services are healthy.
func runSample(t *testing.T, dir, databaseURL string, secure bool) sampleRun {
	t.Helper()
	httpPort, kafkaPort := freePorts(t, 2), freePorts(t, 1)
	d := startDevOpts(dir, kafkaPort, httpPort, databaseURL, secure)
	t.Cleanup(d.cancel)
	urls := []string{"http://127.0.0.1:" + strconv.Itoa(httpPort), "http://127.0.0.1:" + strconv.Itoa(httpPort+1)}
	for _, u := range urls {
		d.waitHealthy(t, u, 3*time.Minute)
	}
	return sampleRun{d, httpPort, kafkaPort, urls}
}

// stop cancels dev and waits for it to return nil within limit.
func (d *devRun) stop(t *testing.T, limit time.Duration) {
	t.Helper()
	d.cancel()
	select {
	case err := <-d.done:
		if err != nil {
			t.Errorf("dev returned %v after its context was cancelled, want nil", err)
		}
	case <-time.After(limit):
		t.Fatalf("dev did not return within %v of its context's end:\n%s", limit, d)
	}
}

// waitHealthy waits until GET url/healthz answers 200, or dev ends.
func (d *devRun) waitHealthy(t *testing.T, url string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case err := <-d.done:
			t.Fatalf("dev ended (%v) before %s was healthy:\n%s", err, url, d)
		case <-time.After(100 * time.Millisecond):
		}
	}
	t.Fatalf("%s/healthz did not answer 200 within %v:\n%s", url, within, d)
}

func TestDevRunsTheOrderSample(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a generated system")
	}
	// One system for both runs: the second build is in the build cache.
	dir, system := generateOrderSample(t)
	t.Run("in memory", func(t *testing.T) { devRunsInMemory(t, dir) })
	t.Run("on PostgreSQL", func(t *testing.T) { devRunsOnPostgres(t, dir, system) })
	t.Run("secured", func(t *testing.T) { devRunsSecured(t, dir) })
	t.Run("traced", func(t *testing.T) { devRunsTraced(t, dir) })
}

// devRunsSecured runs the sample with --secure: each service reaches the
// broker over TLS as its own SASL user, and the order placed reaches the
// history through the ACLs the model implies.
func devRunsSecured(t *testing.T, dir string) {
	r := runSample(t, dir, "", true)
	d := r.devRun
	placeOrderSeenInHistory(t, d, r.urls)
	out := d.out.String()
	for _, want := range []string{
		`TLS \(CA .*ca\.crt\), SASL SCRAM-SHA-512`,
		`(?m)^ordering +\| .*"security":"SASL SCRAM-SHA-512 as ordering, TLS"`,
		`(?m)^order-history +\| .*"security":"SASL SCRAM-SHA-512 as order-history, TLS"`,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("the output has no line matching %s:\n%s", want, d)
		}
	}
	if strings.Contains(out, "TOPIC_AUTHORIZATION_FAILED") || strings.Contains(out, "GROUP_AUTHORIZATION_FAILED") {
		t.Errorf("a service was refused what its model says it does:\n%s", d)
	}
}

func devRunsInMemory(t *testing.T, dir string) {
	start := time.Now()
	r := runSample(t, dir, "", false)
	d, httpPort, kafkaPort, urls := r.devRun, r.httpPort, r.kafkaPort, r.urls
	t.Logf("built and started 2 services in %v", time.Since(start).Round(time.Millisecond))

	resp, err := http.Post(urls[0]+"/order/place-order", "application/json", strings.NewReader(`{"customerId": "c1", "amount": "12.50"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("POST /order/place-order: %s, want 201 Created", resp.Status)
	}

	out := d.out.String()
	for _, want := range []string{
		`(?m)^ordering +http://127\.0\.0\.1:` + strconv.Itoa(httpPort) + `$`,
		`(?m)^order-history +http://127\.0\.0\.1:` + strconv.Itoa(httpPort+1) + `$`,
		`(?m)^broker +127\.0\.0\.1:` + strconv.Itoa(kafkaPort) + ` \(KAFKA_BROKERS\)$`,
		`(?m)^ordering      \| \{.*"service":"ordering"`,
		`(?m)^order-history \| \{.*"service":"order-history"`,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("the output has no line matching %s:\n%s", want, d)
		}
	}

	if runtime.GOOS == "linux" {
		if running := devProcesses(t); len(running) != 2 {
			t.Errorf("found %d service processes while dev runs, want 2: %v", len(running), running)
		}
	}
	start = time.Now()
	d.stop(t, 10*time.Second)
	t.Logf("stopped in %v", time.Since(start).Round(time.Millisecond))
	if !strings.Contains(d.out.String(), `"msg":"shutting down"`) {
		t.Errorf("the services were not stopped gracefully (no \"shutting down\" log):\n%s", d)
	}
	for _, port := range []int{httpPort, httpPort + 1, kafkaPort} {
		ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err != nil {
			t.Errorf("port %d is still in use after dev returned: %v", port, err)
			continue
		}
		ln.Close()
	}
	if left := devProcesses(t); len(left) > 0 {
		t.Errorf("service processes left running after dev returned: %v", left)
	}
}

// devProcesses lists the running processes started from a dev build
// directory (on Linux; elsewhere it finds none).
func devProcesses(t *testing.T) []string {
	t.Helper()
	if runtime.GOOS != "linux" {
		return nil
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil {
			continue
		}
		argv0, _, _ := strings.Cut(string(cmdline), "\x00")
		if strings.Contains(argv0, "eventstorm-dev-") {
			stat, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
			if !strings.Contains(string(stat), ") Z ") { // a zombie is not running
				found = append(found, e.Name()+" "+argv0)
			}
		}
	}
	return found
}

// writeSystem writes a fake system with the order sample's two contexts
// whose services' main functions are the given sources.
func writeSystem(t *testing.T, mains map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	run(t, "init", dir, "--sample", "order").want(t, exitOK)
	files := map[string]string{"go.mod": "module fake\n\ngo 1.24\n"}
	for name, src := range mains {
		files["services/"+name+"/cmd/"+name+"/main.go"] = src
	}
	for name, data := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestDevReportsAServiceThatExits(t *testing.T) {
	dir := writeSystem(t, map[string]string{
		"ordering":      "package main\n\nimport (\"fmt\"; \"os\")\n\nfunc main() { fmt.Println(\"hello from\", os.Getenv(\"HTTP_ADDR\"), os.Getenv(\"DEV_TEST_PASSED\")); fmt.Print(\"no newline\"); os.Exit(3) }\n",
		"order-history": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"bye\") }\n",
	})
	t.Setenv("DEV_TEST_PASSED", "through")
	httpPort := freePorts(t, 2)
	d := startDev(dir, freePorts(t, 1), httpPort, "")
	defer d.cancel()
	select {
	case err := <-d.done:
		if err == nil || !strings.Contains(err.Error(), "ordering: exit status 3") {
			t.Errorf("dev returned %v, want an error naming ordering's exit status 3", err)
		}
	case <-time.After(2 * time.Minute):
		t.Fatalf("dev did not end when every service had exited:\n%s", d)
	}
	for _, want := range []string{
		fmt.Sprintf("ordering      | hello from 127.0.0.1:%d through\n", httpPort),
		"ordering      | no newline\n",
		"order-history | bye\n",
	} {
		if !strings.Contains(d.out.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, d)
		}
	}
	for _, want := range []string{"ordering exited: exit status 3", "order-history exited\n"} {
		if !strings.Contains(d.err.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, d)
		}
	}
}

func TestDevStopsWithTheCompilerOutput(t *testing.T) {
	dir := writeSystem(t, map[string]string{
		"ordering":      "package main\n\nfunc main() { undefinedThing() }\n",
		"order-history": "package main\n\nfunc main() {}\n",
	})
	r := run(t, "dev", dir, "--kafka", "127.0.0.1:0", "--http-port", strconv.Itoa(freePorts(t, 2)))
	r.want(t, exitFail)
	if !strings.Contains(r.err, "building the services failed") || !strings.Contains(r.err, "undefined: undefinedThing") {
		t.Errorf("dev does not show the compiler's output:\n%s", r)
	}
}

func TestDevUsageErrors(t *testing.T) {
	sample := t.TempDir()
	run(t, "init", sample, "--sample", "order").want(t, exitOK)
	empty := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"dev", empty}, exitFail, "has no eventstorm.yaml: run dev in the root of a generated system"},
		{[]string{"dev", sample}, exitFail, "has no go.mod: run 'eventstorm generate"},
		{[]string{"dev", empty, "--http-port", "0"}, exitUsage, "--http-port must be a port from 1 to 65535, not 0"},
		{[]string{"dev", empty, "--http-port", "70000"}, exitUsage, "--http-port must be a port from 1 to 65535"},
		{[]string{"dev", empty, "--http-port", "eighty"}, exitUsage, "invalid argument"},
		{[]string{"dev", empty, "--kafka", "9092"}, exitUsage, `--kafka "9092" is not host:port`},
		{[]string{"dev", empty, "extra"}, exitUsage, "takes at most 1 argument"},
	} {
		r := run(t, tc.args...)
		if r.code != tc.code || !strings.Contains(r.err, tc.msg) {
			t.Errorf("%v: want exit %d and %q, got:\n%s", tc.args, tc.code, tc.msg, r)
		}
	}
}

func TestDevHTTPPortLeavesRoomForEveryService(t *testing.T) {
	dir := writeSystem(t, map[string]string{"ordering": "package main\n\nfunc main() {}\n", "order-history": "package main\n\nfunc main() {}\n"})
	r := run(t, "dev", dir, "--http-port", "65535")
	r.want(t, exitUsage)
	if !strings.Contains(r.err, "leaves no room for 2 services") {
		t.Errorf("unclear message:\n%s", r)
	}
}
