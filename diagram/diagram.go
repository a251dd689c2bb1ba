// Package diagram draws a validated model's board: as a Mermaid flowchart
// (which GitHub renders in Markdown), as a Graphviz graph, and as one
// self-contained HTML page of sticky notes. Every drawing follows the
// model's order, so the same model always gives the same bytes.
package diagram

import (
	"fmt"
	"io"

	"eventstorm/model"
)

// Formats are the formats Render writes.
var Formats = []string{"mermaid", "dot", "html", "excalidraw", "drawio"}

// Render writes the board of m in format, one of Formats.
func Render(w io.Writer, m *model.Model, format string) error {
	var out []byte
	switch format {
	case "mermaid":
		out = []byte(Mermaid(m))
	case "dot":
		out = []byte(DOT(m))
	case "html":
		var err error
		if out, err = HTML(m); err != nil {
			return err
		}
	case "excalidraw", "drawio":
		write := Excalidraw
		if format == "drawio" {
			write = Drawio
		}
		var err error
		if out, err = write(m); err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown diagram format %q; use mermaid, dot, html, excalidraw or drawio", format)
	}
	_, err := w.Write(out)
	return err
}
