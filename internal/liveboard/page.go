package liveboard

import (
	"bytes"
	_ "embed"
	"errors"

	"eventstorm/diagram"
	"eventstorm/model"
)

// The page's own style and script, inlined into the diagram's board.
var (
	//go:embed live.css
	liveCSS string
	//go:embed live.js
	liveJS string
)

// renderPage is the diagram package's HTML board of m with the live
// board's status line, style and script added at the end of its body.
func renderPage(m *model.Model) ([]byte, error) {
	board, err := diagram.HTML(m)
	if err != nil {
		return nil, err
	}
	i := bytes.LastIndex(board, []byte("</body>"))
	if i < 0 {
		return nil, errors.New("the diagram's board has no </body>")
	}
	var b bytes.Buffer
	b.Write(board[:i])
	b.WriteString(`<div id="live-status" class="live-off">connecting…</div>` + "\n")
	b.WriteString("<style>\n" + liveCSS + "</style>\n")
	b.WriteString("<script>\n" + liveJS + "</script>\n")
	b.Write(board[i:])
	return b.Bytes(), nil
}
