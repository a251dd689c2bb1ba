package devrun

import (
	"bytes"
	"fmt"
	"io"
	"sync"
)

// Console writes whole lines to an output and an error stream from many
// goroutines, so that the lines of concurrent services never interleave.
type Console struct {
	mu       sync.Mutex
	out, err io.Writer
}

// NewConsole returns a console writing to out and err.
func NewConsole(out, err io.Writer) *Console { return &Console{out: out, err: err} }

// Printf writes a line to the output stream.
func (c *Console) Printf(format string, args ...any) { c.write(c.out, fmt.Sprintf(format, args...)) }

// Errorf writes a line to the error stream.
func (c *Console) Errorf(format string, args ...any) { c.write(c.err, fmt.Sprintf(format, args...)) }

func (c *Console) write(w io.Writer, line string) {
	if len(line) == 0 || line[len(line)-1] != '\n' {
		line += "\n"
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	_, _ = io.WriteString(w, line)
}

// LineWriter is an io.Writer that writes each line written to it to a
// console stream with a prefix. A last line without a newline waits for
// the rest of it, or for Flush.
type LineWriter struct {
	c      *Console
	w      io.Writer
	prefix string
	mu     sync.Mutex
	buf    []byte
}

// Prefixed returns a writer of lines that begin with prefix, to the error
// stream when toErr is true and to the output stream otherwise.
func (c *Console) Prefixed(prefix string, toErr bool) *LineWriter {
	w := c.out
	if toErr {
		w = c.err
	}
	return &LineWriter{c: c, w: w, prefix: prefix}
}

// Write writes the complete lines in p with the prefix and keeps the rest.
func (l *LineWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	for {
		i := bytes.IndexByte(l.buf, '\n')
		if i < 0 {
			break
		}
		l.c.write(l.w, l.prefix+string(bytes.TrimSuffix(l.buf[:i], []byte("\r")))+"\n")
		l.buf = l.buf[i+1:]
	}
	if len(l.buf) == 0 {
		l.buf = nil // drop the consumed array
	}
	return len(p), nil
}

// Flush writes a pending unterminated line, if any, with a newline.
func (l *LineWriter) Flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buf) > 0 {
		l.c.write(l.w, l.prefix+string(l.buf)+"\n")
		l.buf = nil
	}
}
