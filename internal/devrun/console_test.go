package devrun

import (
	"strings"
	"sync"
	"testing"
)

func TestLineWriterPrefixesWholeLines(t *testing.T) {
	var out, errOut strings.Builder
	c := NewConsole(&out, &errOut)
	w := c.Prefixed("a | ", false)
	for _, chunk := range []string{"one\ntw", "o\r\n", "", "thr", "ee"} {
		if n, err := w.Write([]byte(chunk)); n != len(chunk) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", chunk, n, err)
		}
	}
	if got, want := out.String(), "a | one\na | two\n"; got != want {
		t.Errorf("before Flush: %q, want %q", got, want)
	}
	w.Flush()
	w.Flush()
	if got, want := out.String(), "a | one\na | two\na | three\n"; got != want {
		t.Errorf("after Flush: %q, want %q", got, want)
	}
	c.Prefixed("b | ", true).Write([]byte("oops\n"))
	c.Errorf("b exited")
	if got, want := errOut.String(), "b | oops\nb exited\n"; got != want {
		t.Errorf("stderr: %q, want %q", got, want)
	}
}

func TestLineWritersDoNotInterleave(t *testing.T) {
	var out strings.Builder
	c := NewConsole(&out, &out)
	var wg sync.WaitGroup
	for _, p := range []string{"x", "y", "z"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := c.Prefixed(p+" | ", false)
			for range 200 {
				w.Write([]byte(strings.Repeat(p, 50)[:25]))
				w.Write([]byte(strings.Repeat(p, 25) + "\n"))
			}
		}()
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 600 {
		t.Fatalf("%d lines, want 600", len(lines))
	}
	for _, l := range lines {
		p := l[:1]
		if l != p+" | "+strings.Repeat(p, 50) {
			t.Fatalf("mixed line %q", l)
		}
	}
}
