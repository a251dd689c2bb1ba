// Package yamlkeep writes an edited YAML document with the text of the file
// it was read from wherever the edits left it alone.
package yamlkeep

import (
	"bytes"

	"github.com/aymanbagabas/go-udiff/lcs"
	"gopkg.in/yaml.v3"
)

// Editors of the model (the TUI's board, a re-import) edit the parsed
// document and encode it again, and yaml.v3's encoding is canonical: it drops blank lines between sections, respaces
// flow mappings ({ a: b } becomes {a: b}) and realigns comments. Saving
// that would rewrite every line of a hand-written file for one new sticky.
// So Keep writes the file as it was, with only the lines the edits changed
// replaced: the canonical encoding of the file as read (canon) is compared
// with the encoding after the edits (edited), and every part the edits left
// alone is written with the file's own text (orig).

// Keep returns edited, the document read from orig, edited and encoded
// with encode, written with orig's text wherever the edits left it alone.
// When the result would not read back as edited, or orig does not read, it
// returns edited itself: keeping the user's formatting never costs the
// meaning.
func Keep(orig, edited []byte, encode func(*yaml.Node) ([]byte, error)) []byte {
	canon, err := reencode(orig, encode)
	if err != nil {
		return edited
	}
	return keep(orig, canon, edited, encode)
}

// keep is Keep with orig's canonical encoding known.
func keep(orig, canon, edited []byte, encode func(*yaml.Node) ([]byte, error)) []byte {
	if bytes.Equal(canon, edited) {
		return orig
	}
	o, c, n := splitLines(orig), splitLines(canon), splitLines(edited)
	ids := map[string]rune{}
	blocks := alignBlocks(o, c, lineIDs(o, ids), lineIDs(c, ids))
	out := compose(c, n, blocks, lcs.DiffRunes(lineIDs(c, ids), lineIDs(n, ids)))
	if again, err := reencode(out, encode); err != nil || !bytes.Equal(again, edited) {
		return edited
	}
	return out
}

// block is a run of canonical lines, [start, end), and the text of the
// original file that says the same; prefix is original text with no
// canonical counterpart just before it (blank lines, mostly).
type block struct {
	start, end int
	text       []byte
	prefix     []byte
}

// alignBlocks maps the canonical lines c to the original lines o: a block
// per line both share, a block per run that differs.
func alignBlocks(o, c [][]byte, oIDs, cIDs []rune) []*block {
	byLine := make([]*block, len(c))
	var blocks []*block
	var pending []byte // original lines waiting for the next block
	add := func(b *block) {
		b.prefix, pending = pending, nil
		blocks = append(blocks, b)
		for j := b.start; j < b.end; j++ {
			byLine[j] = b
		}
	}
	oi, ci := 0, 0
	equal := func(oEnd int) {
		for ; oi < oEnd; oi, ci = oi+1, ci+1 {
			add(&block{start: ci, end: ci + 1, text: o[oi]})
		}
	}
	for _, d := range lcs.DiffRunes(oIDs, cIDs) {
		equal(d.Start)
		text := bytes.Join(o[d.Start:d.End], nil)
		if d.ReplStart == d.ReplEnd {
			pending = append(pending, text...)
		} else {
			add(&block{start: d.ReplStart, end: d.ReplEnd, text: text})
		}
		oi, ci = d.End, d.ReplEnd
	}
	equal(len(o))
	if len(pending) > 0 && len(blocks) > 0 {
		last := blocks[len(blocks)-1]
		last.text = append(append([]byte{}, last.text...), pending...)
	}
	return byLine
}

// compose writes the edited lines n: the canonical lines c the edits kept,
// each block wholly kept in the original's words, and the lines the edits
// wrote as they are.
func compose(c, n [][]byte, byLine []*block, edits []lcs.Diff) []byte {
	kept := make([]bool, len(c))
	ci := 0
	for _, d := range edits {
		for ; ci < d.Start; ci++ {
			kept[ci] = true
		}
		ci = d.End
	}
	for ; ci < len(c); ci++ {
		kept[ci] = true
	}
	var out []byte
	keptLines := func(end int) {
		for ; ci < end; ci++ {
			b := byLine[ci]
			whole := true
			for j := b.start; j < b.end; j++ {
				whole = whole && kept[j]
			}
			switch {
			case whole && ci == b.start:
				out = append(append(out, b.prefix...), b.text...)
			case !whole:
				if ci == b.start {
					out = append(out, b.prefix...)
				}
				out = append(out, c[ci]...)
			}
		}
	}
	ci = 0
	for _, d := range edits {
		keptLines(d.Start)
		out = append(out, bytes.Join(n[d.ReplStart:d.ReplEnd], nil)...)
		ci = d.End
	}
	keptLines(len(c))
	return out
}

// splitLines splits data into lines, each with its newline.
func splitLines(data []byte) [][]byte {
	return bytes.SplitAfter(data, []byte("\n"))
}

// lineIDs gives each distinct line a rune, the same for the same text
// across the files compared, so that lines diff as runes.
func lineIDs(lines [][]byte, ids map[string]rune) []rune {
	out := make([]rune, len(lines))
	for i, l := range lines {
		id, ok := ids[string(l)]
		if !ok {
			id = rune(len(ids))
			ids[string(l)] = id
		}
		out[i] = id
	}
	return out
}

// reencode is data read and encoded with encode.
func reencode(data []byte, encode func(*yaml.Node) ([]byte, error)) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	return encode(&doc)
}
