// Package board holds the editing operations of the modeling session: add,
// rename, delete and link elements and edit their fields. Every operation
// edits the parsed YAML document of the model in place, so that comments and
// ordering of untouched elements survive, then encodes it, loads it back and
// validates it, so that the board always shows exactly what the file would
// say. It knows nothing of terminals.
package board

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"eventstorm/internal/fsutil"
	"eventstorm/internal/yamlkeep"
	"eventstorm/model"
)

// Board is a model being edited.
type Board struct {
	File  string
	Model *model.Model
	Diags model.Diagnostics

	data  []byte // current encoding of the document
	saved []byte // encoding at the last save (or load)
	// file is the file's text as last loaded or saved, whose formatting a
	// save keeps where the edits left it alone (see yamlkeep); nil for a
	// new model.
	file []byte
	ix   *index
	undo [][]byte
	// redo holds the encodings undone, the last undone last; a new edit
	// clears it.
	redo [][]byte
}

// Open starts editing the model in data, read from file. It fails when the
// file is not a model at all (not YAML, not a mapping); a model with errors
// opens, its problems listed.
func Open(file string, data []byte) (*Board, error) {
	m, diags := model.Load(file, data)
	if m == nil {
		return nil, diags
	}
	b := &Board{File: file}
	b.setModel(m, append(diags, validate(m)...).Sort())
	enc, err := encode(m.Doc)
	if err != nil {
		return nil, err
	}
	b.data, b.saved, b.file = enc, enc, data
	return b, nil
}

// New starts an empty model of the named system, to be saved to file.
func New(file, system string) (*Board, error) {
	system = strings.TrimSpace(system)
	if system == "" {
		return nil, errors.New("the system needs a name")
	}
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{mapping(
		str("eventstorm"), &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: "1"},
		str("system"), str(system),
		str("contexts"), &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"},
	)}}
	doc.HeadComment = "# yaml-language-server: $schema=.eventstorm/eventstorm.schema.json"
	b := &Board{File: file}
	if err := b.load(doc); err != nil {
		return nil, err
	}
	return b, nil
}

func encode(doc *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// load encodes doc, reads it back and validates it.
func (b *Board) load(doc *yaml.Node) error {
	data, err := encode(doc)
	if err != nil {
		return err
	}
	return b.loadData(data)
}

func (b *Board) loadData(data []byte) error {
	m, diags := model.Load(b.File, data)
	if m == nil {
		return fmt.Errorf("the edit made the model unreadable: %v", diags)
	}
	b.data = data
	b.setModel(m, append(diags, validate(m)...).Sort())
	return nil
}

func (b *Board) setModel(m *model.Model, diags model.Diagnostics) {
	b.Model, b.Diags = m, diags
	b.ix = newIndex(m.Doc)
}

// edit runs fn on the document and reloads it; on failure the board is left
// as it was.
func (b *Board) edit(fn func(root *yaml.Node) error) error {
	before := b.data
	if err := fn(b.root()); err != nil {
		_ = b.loadData(before) // restore the nodes fn may have touched
		return err
	}
	if err := b.load(b.Model.Doc); err != nil {
		_ = b.loadData(before)
		return err
	}
	if !bytes.Equal(before, b.data) {
		b.undo = append(b.undo, before)
		b.redo = nil
	}
	return nil
}

// Refusing makes the edit fn but takes it back, leaving undo and redo as
// they were, when it brings an error that was not there before; the error
// returned is validation's. What people type as YAML (a scenario, a flow,
// an earlier version) is so checked against the model before it is kept.
func (b *Board) Refusing(fn func() error) error {
	before, undo, redo := b.data, len(b.undo), b.redo
	had := map[string]bool{}
	for _, d := range b.Diags {
		if d.Severity == model.Error {
			had[d.Message] = true
		}
	}
	if err := fn(); err != nil {
		return err
	}
	for _, d := range b.Diags {
		if d.Severity == model.Error && !had[d.Message] {
			_ = b.loadData(before)
			b.undo, b.redo = b.undo[:undo], redo
			return errors.New(d.Message)
		}
	}
	return nil
}

func (b *Board) root() *yaml.Node {
	doc := b.Model.Doc
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		return doc.Content[0]
	}
	return doc
}

// Undo takes back the last edit; it reports whether there was one. Redo
// makes it again.
func (b *Board) Undo() bool {
	return b.step(&b.undo, &b.redo)
}

// Redo makes again the last edit Undo took back, as long as no edit came
// since; it reports whether there was one.
func (b *Board) Redo() bool {
	return b.step(&b.redo, &b.undo)
}

// CanUndo and CanRedo report whether Undo and Redo have something to do.
func (b *Board) CanUndo() bool { return len(b.undo) > 0 }

// CanRedo reports whether Redo has an undone edit to make again.
func (b *Board) CanRedo() bool { return len(b.redo) > 0 }

// step loads the last encoding of from, pushing the current one onto to.
func (b *Board) step(from, to *[][]byte) bool {
	if len(*from) == 0 {
		return false
	}
	last, cur := (*from)[len(*from)-1], b.data
	if b.loadData(last) != nil {
		return false
	}
	*from = (*from)[:len(*from)-1]
	*to = append(*to, cur)
	return true
}

// Bytes is the model as it would be saved.
func (b *Board) Bytes() []byte { return b.data }

// Dirty reports whether the model differs from the file as last loaded or
// saved.
func (b *Board) Dirty() bool { return !bytes.Equal(b.data, b.saved) }

// Save writes the model to its file atomically, changing only the lines
// the edits since the last save changed: blank lines, comments and spacing
// elsewhere stay as they were written.
func (b *Board) Save() error {
	out := b.data
	if b.file != nil {
		out = yamlkeep.Keep(b.file, b.data, encode)
	}
	if err := fsutil.WriteFileAtomic(b.File, out, 0o644); err != nil {
		return err
	}
	b.saved, b.file = b.data, out
	return nil
}

// Saved is what Save wrote last, or the file as loaded.
func (b *Board) Saved() []byte {
	if b.file == nil {
		return b.saved
	}
	return b.file
}

// Counts of the diagnostics by severity.
func (b *Board) Counts() (errs, warns, hotspots int) {
	for _, d := range b.Diags {
		switch d.Severity {
		case model.Error:
			errs++
		case model.Warning:
			warns++
		default:
			hotspots++
		}
	}
	return
}
