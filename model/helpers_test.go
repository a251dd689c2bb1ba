package model

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// want is one expected diagnostic: its severity, its position as
// "line:col", and its message, exact or, starting with "~", a substring.
type want struct {
	sev Severity
	at  string
	msg string
}

func E(at, msg string) want { return want{Error, at, msg} }
func W(at, msg string) want { return want{Warning, at, msg} }
func H(at, msg string) want { return want{HotspotNote, at, msg} }

// tcase is a model and every diagnostic Load and Validate give for it.
type tcase struct {
	name string
	yaml string
	want []want
}

const testFile = "eventstorm.yaml"

// check loads and validates the model, and compares every diagnostic, in
// order, with the expected ones. With PRINT_DIAGS=1 it prints what it got
// as Go source, to help write a new case (each one is then checked by hand).
func check(t *testing.T, c tcase) (*Model, Diagnostics) {
	t.Helper()
	m, diags := loadValidate(c.yaml)
	if os.Getenv("PRINT_DIAGS") != "" {
		fmt.Printf("// %s\n", c.name)
		for _, d := range diags {
			fn := map[Severity]string{Error: "E", Warning: "W", HotspotNote: "H"}[d.Severity]
			fmt.Printf("%s(%q, %q), // %s\n", fn, fmt.Sprintf("%d:%d", d.Line, d.Col), d.Message, textAt(c.yaml, d.Line, d.Col))
		}
	}
	for _, d := range diags {
		if d.File != testFile {
			t.Errorf("diagnostic %v names file %q, want %q", d, d.File, testFile)
		}
	}
	n := max(len(diags), len(c.want))
	for i := 0; i < n; i++ {
		switch {
		case i >= len(diags):
			t.Errorf("missing %s at %s: %s", c.want[i].sev, c.want[i].at, c.want[i].msg)
		case i >= len(c.want):
			t.Errorf("unexpected %s", diags[i])
		default:
			w, d := c.want[i], diags[i]
			at := fmt.Sprintf("%d:%d", d.Line, d.Col)
			okMsg := d.Message == w.msg || strings.HasPrefix(w.msg, "~") && strings.Contains(d.Message, w.msg[1:])
			if d.Severity != w.sev || at != w.at || !okMsg {
				t.Errorf("diagnostic %d:\n got: %s %s %s\nwant: %s %s %s", i, d.Severity, at, d.Message, w.sev, w.at, w.msg)
			}
		}
	}
	if t.Failed() {
		t.Logf("model:\n%s", numbered(c.yaml))
	}
	return m, diags
}

func loadValidate(src string) (*Model, Diagnostics) {
	m, diags := Load(testFile, []byte(src))
	if m != nil {
		diags = append(diags, Validate(m)...)
	}
	return m, diags.Sort()
}

func runCases(t *testing.T, cases []tcase) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.name] {
			t.Fatalf("two cases named %q", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) { check(t, c) })
	}
}

// textAt is the rest of the line at a position, to check a position by eye.
func textAt(src string, line, col int) string {
	lines := strings.Split(src, "\n")
	if line < 1 || line > len(lines) {
		return "?"
	}
	r := []rune(lines[line-1])
	if col < 1 || col > len(r)+1 {
		return "?"
	}
	return strconv.Quote(string(r[col-1:]))
}

func numbered(src string) string {
	var b strings.Builder
	for i, l := range strings.Split(src, "\n") {
		fmt.Fprintf(&b, "%3d  %s\n", i+1, l)
	}
	return b.String()
}

// dedent removes the indentation (spaces or tabs) common to the non-blank
// lines of s and a leading blank line, so that YAML can be written indented
// in Go source.
func dedent(s string) string {
	s = strings.TrimPrefix(s, "\n")
	lines := strings.Split(strings.TrimRight(s, " \t\n"), "\n")
	prefix, first := "", true
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		lead := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if first {
			prefix, first = lead, false
			continue
		}
		for !strings.HasPrefix(lead, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, prefix)
		if strings.TrimSpace(lines[i]) == "" {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

func indent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = pad + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// header is the top of every test model; it takes lines 1 to 3, so the
// first context starts on line 4.
const header = "eventstorm: 1\nsystem: Shop\ncontexts:\n"

// doc is a whole model: the header and the given list of contexts.
func doc(contexts string) string { return header + indent(dedent(contexts), 2) }

// orderAggregate is a minimal valid aggregate: one creating command that
// emits one event.
const orderAggregate = `
- name: Order
  commands:
    - name: Place Order
      creates: true
      emits: [Order Placed]
  events:
    - name: Order Placed
`

// ordering is a model of one context, Ordering, holding the minimal Order
// aggregate, with extra keys added to the context. The context starts on
// line 4, its aggregate on line 6; extra keys start on line 12.
func ordering(extra string) string {
	return doc("- name: Ordering\n  aggregates:\n" + indent(dedent(orderAggregate), 4) + indent(dedent(extra), 2))
}

// orderingWith is a model of one context, Ordering, whose only aggregate is
// given (from line 6), and extra context keys after it.
func orderingWith(aggregate, extra string) string {
	return doc("- name: Ordering\n  aggregates:\n" + indent(dedent(aggregate), 4) + indent(dedent(extra), 2))
}
