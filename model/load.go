package model

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// MaxFileSize bounds the model files Load reads; a board is a few hundred
// kilobytes at most.
const MaxFileSize = 16 << 20

// aliasAllowance bounds how many more YAML nodes Load may visit, following
// aliases, than the document holds written out, so that an alias bomb
// ("billion laughs") is an error rather than a hang.
const aliasAllowance = 100_000

// Read loads and validates the model file at path. The model is nil only
// when the file could not be read or parsed at all.
func Read(path string) (*Model, Diagnostics) {
	m, diags := LoadFile(path)
	if m != nil {
		diags = append(diags, Validate(m)...)
	}
	return m, diags.Sort()
}

// LoadFile reads the model file at path; see Load.
func LoadFile(path string) (*Model, Diagnostics) {
	r := &reporter{file: path}
	f, err := os.Open(path)
	if err != nil {
		r.errorf(Pos{1, 1}, "cannot read the model: %s", describeOSError(err))
		return nil, r.diags
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		r.errorf(Pos{1, 1}, "is a directory; give the model file, e.g. %s/eventstorm.yaml", strings.TrimRight(path, "/"))
		return nil, r.diags
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		r.errorf(Pos{1, 1}, "cannot read the model: %s", describeOSError(err))
		return nil, r.diags
	}
	return Load(path, data)
}

func describeOSError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Load parses a model from data, reporting diagnostics against file. It
// checks the shape of the document (keys, kinds of values, field types) and
// keeps the position of every element; Validate checks the rest. The model
// returned may be partial when there are errors, so that Validate can still
// report everything else in the same run.
func Load(file string, data []byte) (*Model, Diagnostics) {
	r := &reporter{file: file}
	if len(data) > MaxFileSize {
		r.errorf(Pos{1, 1}, "the file is larger than %d MiB; a model is much smaller than that", MaxFileSize>>20)
		return nil, r.diags
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		r.errorf(Pos{1, 1}, "the file is UTF-16 text; save it as UTF-8")
		return nil, r.diags
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\ufeff")))) == 0 {
		r.errorf(Pos{1, 1}, emptyModel)
		return nil, r.diags
	}
	if !utf8.Valid(data) {
		r.errorf(invalidUTF8Pos(data), "the file is not UTF-8 text: the bytes here are no UTF-8 character; save the file as UTF-8")
		return nil, r.diags
	}
	if i, c := controlChar(data); i >= 0 {
		if c == 0 {
			r.errorf(offsetPos(data, i), "the file contains a NUL byte; it is not a text file")
		} else {
			r.errorf(offsetPos(data, i), "the file contains the control character U+%04X, which YAML does not allow; remove it", c)
		}
		return nil, r.diags
	}
	var doc, extra yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	err := decode(dec, &doc)
	if errors.Is(err, io.EOF) {
		r.errorf(Pos{1, 1}, "the file holds only comments; %s", emptyModelHint)
		return nil, r.diags
	}
	if err != nil {
		r.diags = append(r.diags, yamlError(file, data, err))
		return nil, r.diags
	}
	if root := docRoot(&doc); root == nil || isNull(root) {
		r.errorf(pos(&doc), emptyModel)
		return nil, r.diags
	}
	// A second document is an error, unless it is empty: a stray `---` or
	// `...` at the end of the file is harmless.
	if err := decode(dec, &extra); err == nil {
		if root := docRoot(&extra); root != nil && !isNull(root) {
			r.errorf(Pos{extra.Line, extra.Column}, "a second YAML document starts here; a model file holds exactly one (remove this `---` and what follows, or merge it into the first document)")
		}
	} else if !errors.Is(err, io.EOF) {
		r.diags = append(r.diags, yamlError(file, data, err))
	}
	l := &loader{reporter: r, cyclic: map[*yaml.Node]bool{}}
	size := l.checkAliases(&doc, map[*yaml.Node]bool{})
	l.budget = 4*size + aliasAllowance
	m := l.model(&doc)
	if l.exhausted {
		// Whatever was read is a fraction of the expansion; checking it
		// would only add noise to the one error that matters.
		return nil, r.diags
	}
	if m != nil {
		m.File = file
		m.Doc = &doc
		m.sources = l.sources
	}
	return m, nameStickies(r.diags, l.sources)
}

const (
	emptyModelHint = "a model starts with `eventstorm: 1` (run `eventstorm init` for an example)"
	emptyModel     = "the file is empty; " + emptyModelHint
)

// decode decodes one document, turning a panic of the YAML parser into an
// error: no input may crash the tool.
func decode(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("yaml: the YAML parser failed on this file (%v)", p)
		}
	}()
	return dec.Decode(n)
}

func docRoot(doc *yaml.Node) *yaml.Node {
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return nil
		}
		return doc.Content[0]
	}
	return doc
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// controlChar finds the first character YAML does not allow in a stream
// (C0 and C1 controls other than tab, line feed, carriage return and next
// line; DEL; U+FFFE and U+FFFF), returning its offset, or -1.
func controlChar(data []byte) (int, rune) {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r',
			r >= 0x7F && r <= 0x9F && r != 0x85,
			r == 0xFFFE || r == 0xFFFF:
			return i, r
		}
		i += size
	}
	return -1, 0
}

type loader struct {
	*reporter
	cyclic    map[*yaml.Node]bool // aliases used inside the node they name
	budget    int
	exhausted bool
	sources   []sourceSpan
}

// checkAliases walks the document as written, without following aliases,
// and reports every alias used inside the node it names (`&a [*a]`), which
// would make the model infinite. It returns the number of nodes written.
func (l *loader) checkAliases(n *yaml.Node, ancestors map[*yaml.Node]bool) int {
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil || ancestors[n.Alias] {
			l.cyclic[n] = true
			l.errorf(pos(n), "alias *%s is used inside the node it names (&%s), which would make the model infinite; write the value out", n.Value, n.Value)
		}
		return 1
	}
	count := 1
	ancestors[n] = true
	for _, c := range n.Content {
		count += l.checkAliases(c, ancestors)
	}
	delete(ancestors, n)
	return count
}

func pos(n *yaml.Node) Pos { return Pos{n.Line, n.Column} }

// deref follows aliases, spending the node budget. It returns nil, having
// reported why, when the alias is cyclic or the budget is spent.
func (l *loader) deref(n *yaml.Node) *yaml.Node {
	if l.exhausted {
		return nil
	}
	l.budget--
	if l.budget < 0 {
		l.exhausted = true
		l.errorf(pos(n), "the model's aliases expand it to far more than is written (an alias bomb?); write the repeated parts out, or use fewer aliases")
		return nil
	}
	for n.Kind == yaml.AliasNode {
		if n.Alias == nil || l.cyclic[n] {
			return nil // reported by checkAliases
		}
		n = n.Alias
	}
	return n
}

// kv is one key/value pair of a mapping.
type kv struct {
	key   string
	k, v  *yaml.Node
	value *yaml.Node // dereferenced value; nil if it could not be
}

// mapping checks that n is a mapping of known keys, reporting unknown and
// duplicate keys, and returns its pairs in order.
func (l *loader) mapping(n *yaml.Node, what string, known ...string) ([]kv, bool) {
	n = l.deref(n)
	if n == nil {
		return nil, false
	}
	if n.Kind != yaml.MappingNode {
		l.errorf(pos(n), "%s must be a mapping (`key: value` lines), not %s", what, describe(n))
		return nil, false
	}
	var pairs, merged []kv
	seen := map[string]Pos{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag == "!!merge" {
			// `<<: *base` merges the keys of another mapping (or of a list
			// of them); keys written here take precedence.
			merged = append(merged, l.merge(v, what, known)...)
			continue
		}
		kd := l.deref(k)
		if kd == nil {
			continue
		}
		if kd.Kind != yaml.ScalarNode {
			l.errorf(pos(k), "a key in %s must be a plain name, not %s", what, describe(kd))
			continue
		}
		if prev, dup := seen[kd.Value]; dup {
			l.errorf(pos(k), "%q is given twice in %s (first at %s)", kd.Value, what, at(prev))
			continue
		}
		seen[kd.Value] = pos(k)
		if known != nil && !contains(known, kd.Value) {
			l.errorf(pos(k), "unknown key %q in %s%s", kd.Value, what, suggest(kd.Value, known))
			continue
		}
		pairs = append(pairs, kv{key: kd.Value, k: k, v: v, value: l.deref(v)})
	}
	for _, p := range merged {
		if _, dup := seen[p.key]; !dup {
			seen[p.key] = pos(p.k)
			pairs = append(pairs, p)
		}
	}
	return pairs, true
}

// merge reads the value of a `<<` merge key: a mapping, or a list of them,
// the first taking precedence.
func (l *loader) merge(v *yaml.Node, what string, known []string) []kv {
	v = l.deref(v)
	if v == nil {
		return nil
	}
	var sources []*yaml.Node
	switch v.Kind {
	case yaml.MappingNode:
		sources = []*yaml.Node{v}
	case yaml.SequenceNode:
		for _, c := range v.Content {
			if d := l.deref(c); d != nil {
				sources = append(sources, d)
			}
		}
	}
	var out []kv
	seen := map[string]bool{}
	for _, src := range sources {
		if src.Kind != yaml.MappingNode {
			l.errorf(pos(src), "`<<` in %s merges a mapping (e.g. <<: *base), not %s", what, describe(src))
			continue
		}
		pairs, _ := l.mapping(src, what, known...)
		for _, p := range pairs {
			if !seen[p.key] {
				seen[p.key] = true
				out = append(out, p)
			}
		}
	}
	if v.Kind != yaml.MappingNode && v.Kind != yaml.SequenceNode {
		l.errorf(pos(v), "`<<` in %s merges a mapping (e.g. <<: *base), not %s", what, describe(v))
	}
	return out
}

// sequence checks that n is a sequence and returns its items, dereferenced.
func (l *loader) sequence(n *yaml.Node, what string) []*yaml.Node {
	n = l.deref(n)
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		l.errorf(pos(n), "%s must be a list (`- item` lines or [a, b]), not %s", what, describe(n))
		return nil
	}
	items := make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		if d := l.deref(c); d != nil {
			items = append(items, d)
		}
	}
	return items
}

// str reads a scalar as text. Numbers and booleans are accepted as written,
// since a sticky note may say "2FA" or "404".
func (l *loader) str(n *yaml.Node, what string) (string, bool) {
	if n == nil {
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		l.errorf(pos(n), "%s must be text, not %s", what, describe(n))
		return "", false
	}
	if n.Tag == "!!null" {
		l.errorf(pos(n), "%s is empty", what)
		return "", false
	}
	return n.Value, true
}

func (l *loader) boolean(n *yaml.Node, what string) bool {
	if n == nil {
		return false
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		l.errorf(pos(n), "%s must be true or false, not %s", what, describe(n))
		return false
	}
	b, _ := strconv.ParseBool(strings.ToLower(n.Value))
	return b
}

// strList reads a list of text items, accepting a single item in place of
// a list ("emits: Order Placed").
func (l *loader) strList(n *yaml.Node, what string) []*yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return []*yaml.Node{n}
	}
	var out []*yaml.Node
	for _, item := range l.sequence(n, what) {
		if _, ok := l.str(item, "each entry of "+what); ok {
			out = append(out, item)
		}
	}
	return out
}

func (l *loader) refs(n *yaml.Node, what string) []*Ref {
	var out []*Ref
	for _, item := range l.strList(n, what) {
		out = append(out, &Ref{Text: strings.TrimSpace(item.Value), Pos: pos(item)})
	}
	return out
}

func (l *loader) ref(n *yaml.Node, what string) *Ref {
	if s, ok := l.str(n, what); ok {
		return &Ref{Text: strings.TrimSpace(s), Pos: pos(n)}
	}
	return nil
}

// describe names the kind of a node for messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", truncate(n.Value, 40))
	default:
		return "something else"
	}
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func offsetPos(data []byte, off int) Pos {
	line := bytes.Count(data[:off], []byte{'\n'}) + 1
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return Pos{line, utf8.RuneCount(data[off-col+1 : off+1])}
}

func invalidUTF8Pos(data []byte) Pos {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return offsetPos(data, i)
		}
		i += size
	}
	return Pos{1, 1}
}
