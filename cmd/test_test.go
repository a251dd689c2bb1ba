package cmd

import (
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestTestRunsTheOrderSampleFlows runs `eventstorm test` on the generated
// order sample, then again with its projection broken by hand. Both runs
// share the build cache, so the second build only links.
func TestTestRunsTheOrderSampleFlows(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a generated system")
	}
	dir, _ := generateOrderSample(t)
	const flow = "a placed order shows in the history"

	t.Run("passes", func(t *testing.T) {
		r := run(t, "test", dir)
		r.want(t, exitOK)
		for _, want := range []string{
			`(?m)^--- PASS: ` + flow + ` \([0-9.]+s\)$`,
			`(?m)^PASS$`,
			`(?m)^ok  \tshop-[a-z]+\t1 flow\t[0-9.]+s$`,
		} {
			if !regexp.MustCompile(want).MatchString(r.out) {
				t.Errorf("the output has no line matching %s:\n%s", want, r)
			}
		}
		if !strings.Contains(r.err, "services layout") {
			t.Errorf("the progress does not name the layout:\n%s", r)
		}
		noTestProcesses(t)
	})

	t.Run("passes on a secured broker", func(t *testing.T) {
		// TLS, a SCRAM user per service and the model's ACLs: the services
		// reach the broker with their own credentials, the flow reads the
		// topics as the admin.
		r := run(t, "test", dir, "--secure")
		r.want(t, exitOK)
		if !regexp.MustCompile(`(?m)^--- PASS: ` + flow + ` `).MatchString(r.out) {
			t.Errorf("the flow did not pass:\n%s", r)
		}
		if !strings.Contains(r.err, "TLS (CA ") {
			t.Errorf("the progress does not say the broker is secured:\n%s", r)
		}
		noTestProcesses(t)
	})

	t.Run("fails on a broken projection", func(t *testing.T) {
		// The projection forgets the status.
		proj := filepath.Join(dir, "services", "order-history", "internal", "app", "projection", "order_history_gen.go")
		src, err := os.ReadFile(proj)
		if err != nil {
			t.Fatal(err)
		}
		broken := strings.Replace(string(src), "\trow.Status = \"placed\"\n", "", 1)
		if broken == string(src) {
			t.Fatalf("%s does not set the status to placed:\n%s", proj, src)
		}
		if err := os.WriteFile(proj, []byte(broken), 0o644); err != nil {
			t.Fatal(err)
		}
		junit := filepath.Join(t.TempDir(), "flows.xml")
		r := run(t, "test", dir, "--timeout", "2s", "--junit", junit)
		r.want(t, exitFail)
		for _, want := range []string{
			`(?m)^--- FAIL: ` + flow + ` \(2\.[0-9]+s\)$`,
			`(?m)^    .*eventstorm\.yaml:[0-9]+:[0-9]+: then Order History\.Order History \{ customerId: c1, amount: "12\.50", status: placed \}: not seen within 2s$`,
			`(?m)^        the row of key [0-9a-f-]{36} seen last: \{.*"status": ""\}$`,
			`(?m)^        status: want placed, got ""$`,
			`(?m)^FAIL$`,
		} {
			if !regexp.MustCompile(want).MatchString(r.out) {
				t.Errorf("the output has no line matching %s:\n%s", want, r)
			}
		}
		if strings.Contains(r.out, "Order Placed") {
			t.Errorf("the event, which was published, is reported:\n%s", r)
		}
		if !strings.Contains(r.err, "The services' last log lines") {
			t.Errorf("the services' logs are not shown on failure:\n%s", r)
		}

		data, err := os.ReadFile(junit)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Suites []struct {
				Tests    int `xml:"tests,attr"`
				Failures int `xml:"failures,attr"`
				Cases    []struct {
					Name    string `xml:"name,attr"`
					Failure *struct {
						Message string `xml:"message,attr"`
						Text    string `xml:",chardata"`
					} `xml:"failure"`
				} `xml:"testcase"`
			} `xml:"testsuite"`
		}
		if err := xml.Unmarshal(data, &doc); err != nil {
			t.Fatalf("the JUnit file is not XML: %v\n%s", err, data)
		}
		if len(doc.Suites) != 1 || doc.Suites[0].Tests != 1 || doc.Suites[0].Failures != 1 || len(doc.Suites[0].Cases) != 1 {
			t.Fatalf("want one suite of one test case that failed:\n%s", data)
		}
		c := doc.Suites[0].Cases[0]
		if c.Name != flow || c.Failure == nil || !strings.Contains(c.Failure.Message, "Order History.Order History") || !strings.Contains(c.Failure.Text, `status: want placed, got ""`) {
			t.Errorf("the test case does not say which row is missing:\n%s", data)
		}
		noTestProcesses(t)
	})

	t.Run("stops everything when interrupted", func(t *testing.T) {
		// The projection is still broken: the flow waits for its row
		// until the run is interrupted.
		var out, errOut syncBuffer
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		done := make(chan error, 1)
		opts := &testOptions{
			streams: &IOStreams{In: strings.NewReader(""), Out: &out, Err: &errOut},
			dir:     dir, kafka: "127.0.0.1:0", timeout: time.Minute,
		}
		go func() { done <- runTest(ctx, opts) }()
		deadline := time.Now().Add(2 * time.Minute)
		for !strings.Contains(errOut.String(), "(KAFKA_BROKERS)") {
			if time.Now().After(deadline) {
				t.Fatalf("the system did not start:\n%s%s", out.String(), errOut.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(time.Second) // the flow's command is sent, its row awaited
		cancel()
		select {
		case err := <-done:
			if err == nil || err.Error() != "interrupted" {
				t.Errorf("runTest returned %v, want interrupted", err)
			}
		case <-time.After(15 * time.Second):
			t.Fatalf("test did not stop within 15s of the interruption:\n%s%s", out.String(), errOut.String())
		}
		noTestProcesses(t)
	})
}

// TestTestRunsEveryLayout runs the order sample's flow in the polyrepo
// and monolith layouts, which test (and dev) build and start as they are
// laid out: a module per service, or one binary.
func TestTestRunsEveryLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs generated systems")
	}
	for _, layout := range []string{"monolith", "polyrepo"} {
		t.Run(layout, func(t *testing.T) {
			dir := t.TempDir()
			run(t, "init", dir, "--sample", "order").want(t, exitOK)
			run(t, "generate", filepath.Join(dir, ModelFile), "--layout", layout).want(t, exitOK)
			r := run(t, "test", dir)
			r.want(t, exitOK)
			if !strings.Contains(r.out, "--- PASS: a placed order shows in the history") || !strings.Contains(r.err, layout+" layout") {
				t.Errorf("the flow did not pass in the %s layout:\n%s", layout, r)
			}
			noTestProcesses(t)
		})
	}
}

// noTestProcesses fails the test if a service started by test still runs.
func noTestProcesses(t *testing.T) {
	t.Helper()
	if runtime.GOOS != "linux" {
		return
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil {
			continue
		}
		argv0, _, _ := strings.Cut(string(cmdline), "\x00")
		stat, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if strings.Contains(argv0, "eventstorm-test-") && !strings.Contains(string(stat), ") Z ") {
			t.Errorf("a service is left running after test returned: %s %s", e.Name(), argv0)
		}
	}
}

func TestTestUsageErrors(t *testing.T) {
	sample := t.TempDir()
	run(t, "init", sample, "--sample", "order").want(t, exitOK)
	model, err := os.ReadFile(filepath.Join(sample, ModelFile))
	if err != nil {
		t.Fatal(err)
	}
	// The same model without its flows, and with a flow that does not
	// create its aggregate.
	i := strings.Index(string(model), "\nflows:\n")
	if i < 0 {
		t.Fatalf("the order sample has no flows:\n%s", model)
	}
	noFlows := t.TempDir()
	if err := os.WriteFile(filepath.Join(noFlows, ModelFile), model[:i+1], 0o644); err != nil {
		t.Fatal(err)
	}
	cancel := t.TempDir()
	withCancel := string(model) + "  - name: a cancelled order\n    when: { Ordering.Cancel Order: { reason: changed my mind } }\n    then: [ Ordering.Order Cancelled ]\n"
	if err := os.WriteFile(filepath.Join(cancel, ModelFile), []byte(withCancel), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"test", noFlows}, exitUsage, "has no flows to test: add `flows:`"},
		{[]string{"test", cancel}, exitUsage, `flow "a cancelled order": when "Ordering.Cancel Order" does not create its Order`},
		{[]string{"test", sample}, exitFail, "has no go.mod: run 'eventstorm generate"},
		{[]string{"test", empty}, exitFail, "has no eventstorm.yaml: run test in the root of a generated system"},
		{[]string{"test", sample, "--run", "("}, exitUsage, "--run: error parsing regexp"},
		{[]string{"test", sample, "--timeout", "0s"}, exitUsage, "--timeout must be positive"},
		{[]string{"test", sample, "--http-port", "70000"}, exitUsage, "--http-port must be 0 or a port from 1 to 65535"},
		{[]string{"test", sample, "--kafka", "9092"}, exitUsage, `--kafka "9092" is not host:port`},
		{[]string{"test", sample, "--database-url", "http://x/"}, exitUsage, `--database-url: database URL http://x/: scheme "http"`},
		{[]string{"test", sample, "extra"}, exitUsage, "takes at most 1 argument"},
		{[]string{"test", sample, "--junit", filepath.Join(empty, "no", "flows.xml")}, exitUsage, "does not exist"},
	} {
		r := run(t, tc.args...)
		if r.code != tc.code || !strings.Contains(r.err, tc.msg) {
			t.Errorf("%v: want exit %d and %q, got:\n%s", tc.args, tc.code, tc.msg, r)
		}
	}

	// A --run that selects no flow runs nothing and passes, as go test does.
	r := run(t, "test", sample, "--run", "no such flow")
	r.want(t, exitOK)
	if !strings.Contains(r.err, `no flow of`) || !strings.Contains(r.out, "PASS") {
		t.Errorf("--run selecting nothing:\n%s", r)
	}
}
