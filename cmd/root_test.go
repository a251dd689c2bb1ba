package cmd

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// result is what one run of eventstorm did.
type result struct {
	code     int
	out, err string
}

// run runs eventstorm with args and a stdin that fails the test if it is
// ever read: no command may wait for input when it is not interactive.
func run(t *testing.T, args ...string) result {
	t.Helper()
	return runWithInput(t, &noReads{t: t}, args...)
}

func runWithInput(t *testing.T, in io.Reader, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(args, &IOStreams{In: in, Out: &out, Err: &errOut, Interactive: false})
	return result{code: code, out: out.String(), err: errOut.String()}
}

// noReads is a stdin that must not be read.
type noReads struct{ t *testing.T }

func (r *noReads) Read([]byte) (int, error) {
	r.t.Errorf("the command read stdin although it is not interactive")
	return 0, errors.New("stdin must not be read")
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout:\n%s--- stderr:\n%s", r.code, r.out, r.err)
}

// want fails the test unless the run exited with code.
func (r result) want(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("want exit %d, got:\n%s", code, r)
	}
}

func TestNoArgsPrintsHelp(t *testing.T) {
	r := run(t)
	r.want(t, 0)
	for _, s := range []string{"Usage:", "eventstorm [command]", "init", "samples", "validate", "schema", "version", "completion"} {
		if !strings.Contains(r.out, s) {
			t.Errorf("help does not mention %q:\n%s", s, r.out)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	r := run(t, "bogus")
	r.want(t, 2)
	if !strings.Contains(r.err, `unknown command "bogus"`) || !strings.Contains(r.err, "eventstorm --help") {
		t.Errorf("stderr does not name the unknown command and point to --help:\n%s", r.err)
	}
	if r.out != "" {
		t.Errorf("stdout should be empty:\n%s", r.out)
	}
}

func TestUnknownRootFlag(t *testing.T) {
	r := run(t, "--bogus")
	r.want(t, 2)
	if !strings.Contains(r.err, "unknown flag: --bogus") {
		t.Errorf("stderr does not name the flag:\n%s", r.err)
	}
}

func TestHelp(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		usage string // the usage line the help must show
	}{
		{nil, "eventstorm [command]"},
		{[]string{"init"}, "eventstorm init [DIR] [flags]"},
		{[]string{"samples"}, "eventstorm samples"},
		{[]string{"validate"}, "eventstorm validate [FILE] [flags]"},
		{[]string{"schema"}, "eventstorm schema"},
		{[]string{"version"}, "eventstorm version"},
		{[]string{"model"}, "eventstorm model [FILE] [flags]"},
		{[]string{"completion"}, "eventstorm completion [command]"},
		{[]string{"completion", "bash"}, "eventstorm completion bash"},
		{[]string{"completion", "zsh"}, "eventstorm completion zsh"},
		{[]string{"completion", "fish"}, "eventstorm completion fish"},
		{[]string{"completion", "powershell"}, "eventstorm completion powershell"},
	} {
		for _, form := range [][]string{
			append(append([]string{}, tc.args...), "--help"),
			append(append([]string{}, tc.args...), "-h"),
			append([]string{"help"}, tc.args...),
		} {
			t.Run(strings.Join(form, " "), func(t *testing.T) {
				r := run(t, form...)
				r.want(t, 0)
				if !strings.Contains(r.out, "Usage:") || !strings.Contains(r.out, tc.usage) {
					t.Errorf("help does not show the usage %q:\n%s", tc.usage, r.out)
				}
				if r.err != "" {
					t.Errorf("stderr should be empty:\n%s", r.err)
				}
			})
		}
	}
}

func TestVersion(t *testing.T) {
	r := run(t, "version")
	r.want(t, 0)
	if !strings.HasPrefix(r.out, "eventstorm ") || !strings.Contains(r.out, "model format 1") || !strings.HasSuffix(r.out, "\n") {
		t.Errorf("unexpected version line: %q", r.out)
	}
	if strings.Count(r.out, "\n") != 1 {
		t.Errorf("version prints one line, got %q", r.out)
	}

	old := version
	version = "v1.2.3"
	t.Cleanup(func() { version = old })
	r = run(t, "version")
	r.want(t, 0)
	if !strings.HasPrefix(r.out, "eventstorm v1.2.3 (") {
		t.Errorf("the release version is not printed: %q", r.out)
	}
}

func TestVersionRejectsArgs(t *testing.T) {
	r := run(t, "version", "extra")
	r.want(t, 2)
	if !strings.Contains(r.err, `"extra"`) {
		t.Errorf("stderr does not name the extra argument:\n%s", r.err)
	}
}

func TestCompletion(t *testing.T) {
	for shell, marker := range map[string]string{
		"bash":       "# bash completion V2 for eventstorm",
		"zsh":        "#compdef eventstorm",
		"fish":       "# fish completion for eventstorm",
		"powershell": "# powershell completion for eventstorm",
	} {
		t.Run(shell, func(t *testing.T) {
			r := run(t, "completion", shell)
			r.want(t, 0)
			if !strings.Contains(r.out, marker) {
				t.Errorf("the %s script lacks %q; it starts:\n%.300s", shell, marker, r.out)
			}
			if r.err != "" {
				t.Errorf("stderr should be empty:\n%s", r.err)
			}
		})
	}
	r := run(t, "completion", "bash")
	if !strings.Contains(r.out, "__start_eventstorm") || !strings.Contains(r.out, "complete -o default -F __start_eventstorm eventstorm") {
		t.Errorf("the bash script does not register a completion function for eventstorm")
	}
}

func TestCompletionUnknownShell(t *testing.T) {
	r := run(t, "completion", "tcsh")
	r.want(t, 2)
	if !strings.Contains(r.err, `"tcsh"`) {
		t.Errorf("stderr does not name the unknown shell:\n%s", r.err)
	}
}

// TestDynamicCompletion drives the hidden __complete command that the
// shell scripts call, which runs the completion functions of the flags.
func TestDynamicCompletion(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", "init", "--sample", ""}, []string{"order\t"}},
		{[]string{"__complete", "validate", "--format", ""}, []string{"text", "json"}},
		{[]string{"__complete", "val"}, []string{"validate\t"}},
	} {
		r := run(t, tc.args...)
		r.want(t, 0)
		for _, w := range tc.want {
			if !strings.Contains(r.out, w) {
				t.Errorf("%v: completions lack %q:\n%s", tc.args, w, r.out)
			}
		}
	}
}
