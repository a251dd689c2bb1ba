package yamlkeep

import (
	"bytes"
	"testing"

	"gopkg.in/yaml.v3"
)

func encode(doc *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	err := enc.Close()
	return buf.Bytes(), err
}

// TestKeep checks that the original's text is kept where the edits left
// it alone, and that when it cannot be kept without changing the meaning
// the edited encoding is written.
func TestKeep(t *testing.T) {
	orig := []byte("a: 1\n\nb: { x: 1 }   # note\n")
	tests := []struct {
		name         string
		orig, edited string
		want         string
	}{
		{"no edit", string(orig), "a: 1\nb: {x: 1} # note\n", string(orig)},
		{"one line edited", string(orig), "a: 2\nb: {x: 1} # note\n", "a: 2\n\nb: { x: 1 }   # note\n"},
		{"a line added", string(orig), "a: 1\nb: {x: 1} # note\nc: 3\n", string(orig) + "c: 3\n"},
		{"an original that does not read", "a: [\n", "a: 1\n", "a: 1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Keep([]byte(tt.orig), []byte(tt.edited), encode); string(got) != tt.want {
				t.Errorf("Keep: %q, want %q", got, tt.want)
			}
		})
	}
	// An original whose canonical form is not what it reads as: the
	// edited encoding is written whole.
	if got := keep([]byte("a: 1\n"), []byte("a: 3\n"), []byte("a: 3\nc: 4\n"), encode); string(got) != "a: 3\nc: 4\n" {
		t.Errorf("inconsistent original: %q", got)
	}
}
