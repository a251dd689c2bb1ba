package golang

import (
	"fmt"
	doccomment "go/doc/comment"
	"go/format"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"eventstorm/generator/genfile"
	"eventstorm/model"
)

// goSource is a Go file written as text already in gofmt's layout, so
// that generate runs no formatter: formatting the emitters' output with
// go/format was two thirds of its time (bench/RESULTS.md). A line's
// indentation follows its braces; aligned columns (struct fields, keyed
// literals) are written by table, which pads as gofmt does. Tests check
// every such file of every model they generate against go/format
// (CheckFormat).
//
// Imports are named as jennifer, which the emitters used before, named
// them, so that files kept their bytes: a package registered by
// name (the runtime's, uuid, decimal, json, the context's own) is imported
// under it without an alias, any other under an alias guessed from its path.
type goSource struct {
	pkgPath, pkgName string
	module           string // the system's module path: no package under it is the standard library's
	owner            genfile.Owner
	pkgDoc           []string
	hints            map[string]string // import path → name it is known by
	imports          map[string]sourceImport
	body             strings.Builder
	depth            int
}

// CheckFormat makes every goSource file go through go/format as well, and
// fail generation when the two differ. Tests turn it on.
var CheckFormat bool

// newSource starts a file of the service's package pkgPath, with the names
// every generated file knows its imports by.
func (s *service) newSource(pkgPath, pkgName string, owner genfile.Owner) *goSource {
	return newGoSource(pkgPath, pkgName, s.m.Module, owner, s.platformPkg)
}

// newGoSource starts a file of package pkgPath in the system's module,
// knowing the libraries and the runtime's packages (at platformPkg(name))
// by their names.
func newGoSource(pkgPath, pkgName, module string, owner genfile.Owner, platformPkg func(string) string) *goSource {
	g := &goSource{
		pkgPath: pkgPath, pkgName: pkgName, owner: owner, module: module,
		hints:   map[string]string{uuidPkg: "uuid", decimalPkg: "decimal", goJSONPkg: "json"},
		imports: map[string]sourceImport{},
	}
	for _, name := range platformNames {
		g.hints[platformPkg(name)] = name
	}
	return g
}

// line writes one line of code indented by the braces before it: a line
// that starts by closing one is indented one less, a line that ends by
// opening one indents the lines after it.
func (g *goSource) line(format string, args ...any) {
	text := format
	if len(args) > 0 {
		text = fmt.Sprintf(format, args...)
	}
	if text == "" {
		g.body.WriteByte('\n')
		return
	}
	if strings.IndexByte("})]", text[0]) >= 0 {
		g.depth--
	}
	g.indent()
	g.body.WriteString(text)
	g.body.WriteByte('\n')
	if strings.IndexByte("{([", text[len(text)-1]) >= 0 {
		g.depth++
	}
}

// text writes a line at the current indentation as it is, its braces not
// counted: a comment line, say, that shows code.
func (g *goSource) text(line string) {
	g.indent()
	g.body.WriteString(line)
	g.body.WriteByte('\n')
}

// caseLine writes a switch's case (or select's, or default) clause line:
// one level out from the statements it introduces, which follow at the
// current level.
func (g *goSource) caseLine(format string, args ...any) {
	g.depth--
	g.line(format, args...)
	g.depth++
}

// literal writes a composite literal, prefix{items}suffix (prefix holds
// the type, and what goes before it on the line): on the line itself for
// up to two items, as a person writes them, else one a line, aligned by
// keyed.
func (g *goSource) literal(prefix string, items []keyValue, suffix string) {
	if len(items) > 2 {
		g.line("%s{", prefix)
		g.keyed(items)
		g.line("}%s", suffix)
		return
	}
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = it.key + ": " + it.value
	}
	g.line("%s{%s}%s", prefix, strings.Join(parts, ", "), suffix)
}

func (g *goSource) indent() {
	for range g.depth {
		g.body.WriteByte('\t')
	}
}

// comment writes text as // lines wrapped at 77 columns, at the current
// indentation; blank lines in text separate paragraphs.
func (g *goSource) comment(format string, args ...any) {
	for _, l := range commentLines(fmt.Sprintf(format, args...)) {
		g.indent()
		g.body.WriteString(l)
		g.body.WriteByte('\n')
	}
}

// commentLines are the // lines of a comment as gofmt leaves them: each
// text wrapped at 77 columns, blank lines in it separating paragraphs, the
// texts one after the other (each starts a line),
// then, unless all is one paragraph of plain prose, reformatted as gofmt
// reformats a doc comment (go/doc/comment), as it reformatted the
// emitters' unindented comments before goSource: a line that starts like a list item, a code block
// or a heading changes.
func commentLines(texts ...string) []string {
	var lines []string
	plain := true
	for _, text := range texts {
		for i, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
			if i > 0 {
				lines = append(lines, "")
				plain = false
			}
			for _, l := range wrap(strings.Join(strings.Fields(para), " "), 77) {
				plain = plain && plainLine(l)
				lines = append(lines, l)
			}
		}
	}
	if !plain {
		var p doccomment.Parser
		var pr doccomment.Printer
		lines = strings.Split(strings.TrimSuffix(string(pr.Comment(p.Parse(strings.Join(lines, "\n")+"\n"))), "\n"), "\n")
	}
	for i, l := range lines {
		switch {
		case l == "":
			lines[i] = "//"
		case l[0] == '\t':
			lines[i] = "//" + l
		default:
			lines[i] = "// " + l
		}
	}
	return lines
}

// plainLine reports whether a line of comment text is prose go/doc/comment
// leaves as it is: it starts with no list marker, number, indentation,
// heading or link definition.
func plainLine(l string) bool {
	return l != "" && !strings.ContainsRune(" \t-*+#[0123456789", rune(l[0])) && !strings.HasPrefix(l, "•")
}

// docs writes a comment made of texts one after the other, each wrapped
// on its own.
func (g *goSource) docs(texts ...string) {
	for _, l := range commentLines(texts...) {
		g.text(l)
	}
}

// packageDoc sets the package comment, wrapped as pkgDoc wraps it.
func (g *goSource) packageDoc(format string, args ...any) {
	g.pkgDoc = commentLines(fmt.Sprintf(format, args...))
}

// table writes rows whose cells are aligned as gofmt's tabwriter aligns
// them: a cell that is not its row's last is padded with spaces to the
// widest of its column plus one, a column being that cell in contiguous
// rows that go on after it; an empty column takes no room. The caller keeps
// to one section: gofmt starts a new one at a blank line, a comment line
// or an item over several lines.
func (g *goSource) table(rows [][]string) {
	widths := make([][]int, len(rows))
	for i, row := range rows {
		widths[i] = make([]int, len(row)-1)
	}
	for col := 0; ; col++ {
		found := false
		for i := 0; i < len(rows); {
			if col >= len(rows[i])-1 {
				i++
				continue
			}
			found = true
			j, w := i, 0
			for ; j < len(rows) && col < len(rows[j])-1; j++ {
				w = max(w, utf8.RuneCountInString(rows[j][col]))
			}
			for k := i; k < j; k++ {
				widths[k][col] = w
			}
			i = j
		}
		if !found {
			break
		}
	}
	for i, row := range rows {
		g.indent()
		for col, cell := range row {
			g.body.WriteString(cell)
			if col < len(row)-1 && widths[i][col] > 0 {
				g.body.WriteString(strings.Repeat(" ", widths[i][col]-utf8.RuneCountInString(cell)+1))
			}
		}
		g.body.WriteByte('\n')
	}
}

// keyValue is one key: value of a composite literal written one a line.
type keyValue struct{ key, value string }

// keyed writes the items of a composite literal one a line, "key: value,",
// values aligned as gofmt aligns them: in one column, except where gofmt's
// printer starts a new section because a key is far longer or shorter than
// the ones before (over 40 bytes and 2.5 times their geometric mean).
// Every value is on one line.
func (g *goSource) keyed(items []keyValue) {
	var rows [][]string
	lnsum, count := 0.0, 0
	for i, it := range items {
		size := len(it.key) // gofmt's printer measures a key in bytes
		if i > 0 {
			prev := len(items[i-1].key)
			newSection := count > 0 && (prev > 40 || size > 40) && func() bool {
				ratio := float64(size) / math.Exp(lnsum/float64(count))
				return 2.5*ratio <= 1 || 2.5 <= ratio
			}()
			if newSection {
				g.table(rows)
				rows, lnsum, count = nil, 0, 0
			}
		}
		rows = append(rows, []string{it.key + ":", it.value + ","})
		lnsum += math.Log(float64(size))
		count++
	}
	g.table(rows)
}

// gap writes the blank line between two declarations: none before the
// first of the body, as gofmt leaves none at its start.
func (g *goSource) gap() {
	if g.body.Len() > 0 {
		g.line("")
	}
}

// structType writes the declaration of a struct type named name with rows
// as its fields (name, type and tag cells, aligned), on one line when it
// has none.
func (g *goSource) structType(name string, rows [][]string) {
	if len(rows) == 0 {
		g.line("type %s struct{}", name)
		return
	}
	g.line("type %s struct {", name)
	g.table(rows)
	g.line("}")
}

// lines writes Go text split in lines (by value, literalText): prefix
// before its first line and suffix after its last, each line indented by
// the braces before it.
func (g *goSource) lines(prefix string, text []string, suffix string) {
	for i, l := range text {
		if i == 0 {
			l = prefix + l
		}
		if i == len(text)-1 {
			l += suffix
		}
		g.line("%s", l)
	}
}

// holder writes typ, a struct holding one dependency (field, of type
// fieldType), and its constructor New<typ> with the doc comment newDoc;
// the type's own doc comment comes before, from the caller.
func (g *goSource) holder(typ, field, fieldType, newDoc string) {
	g.structType(typ, [][]string{{field, fieldType}})
	g.line("")
	g.comment("%s", newDoc)
	g.line("func New%s(%s %s) *%s {", typ, field, fieldType, typ)
	g.line("return &%s{%s: %s}", typ, field, field)
	g.line("}")
}

// bytes is the whole file: header, package comment and clause, imports
// grouped as goimports groups them, body.
func (g *goSource) bytes() []byte {
	var b strings.Builder
	b.Grow(g.body.Len() + 1024)
	if g.owner == genfile.Scaffolded {
		b.WriteString(genfile.ScaffoldedHeader)
	} else {
		b.WriteString(genfile.GeneratedHeader)
	}
	b.WriteString("\n\n")
	for _, l := range g.pkgDoc {
		b.WriteString(l + "\n")
	}
	b.WriteString("package " + g.pkgName + "\n")
	g.writeImports(&b)
	if body := strings.Trim(g.body.String(), "\n"); body != "" {
		b.WriteString("\n" + body + "\n")
	}
	return []byte(b.String())
}

// addSource puts a goSource file into the plan at rel, relative to the
// service.
func (s *service) addSource(rel string, g *goSource) {
	f, err := g.file(path.Join(s.dir, rel))
	if err != nil {
		if s.err == nil {
			s.err = err
		}
		return
	}
	s.files = append(s.files, f)
}

// file is the planned file at name, relative to the system's root; with
// CheckFormat, an error if gofmt would write it otherwise.
func (g *goSource) file(name string) (genfile.File, error) {
	src := g.bytes()
	if CheckFormat {
		formatted, err := format.Source(src)
		if err != nil || string(formatted) != string(src) {
			return genfile.File{}, fmt.Errorf("%s: written as text, it is not as gofmt writes it (%v):\n%s", name, err, src)
		}
	}
	return genfile.File{Path: name, Owner: g.owner, Bytes: src}, nil
}

// typeName is the Go type of a field type, named types
// qualified by named.
func (g *goSource) typeName(t *model.TypeRef, named func(*model.TypeRef) string) string {
	switch t.Kind {
	case model.List:
		return "[]" + g.typeName(t.Elem, named)
	case model.Optional:
		if t.Elem.Kind == model.List {
			return g.typeName(t.Elem, named) // a nil slice already says "absent"
		}
		return "*" + g.typeName(t.Elem, named)
	case model.Named:
		return named(t)
	}
	switch t.Scalar {
	case model.String:
		return "string"
	case model.Int:
		return "int64"
	case model.Float:
		return "float64"
	case model.Decimal:
		return g.q(decimalPkg, "Decimal")
	case model.Bool:
		return "bool"
	case model.Time:
		return g.q("time", "Time")
	case model.Date:
		return named(t)
	case model.UUID:
		return g.q(uuidPkg, "UUID")
	}
	panic("golang: unknown scalar type " + t.Scalar) // model.ParseType admits no other
}

// domainType is named types and dates qualified by
// the service's domain package.
func (s *service) domainType(g *goSource) func(*model.TypeRef) string {
	return func(t *model.TypeRef) string {
		if t.Kind == model.Scalar { // date
			return g.q(s.domainPkg(), "Date")
		}
		return g.q(s.domainPkg(), t.Type.Ident())
	}
}

// tag is a struct tag: keys sorted, in backquotes.
func tag(kv map[string]string) string {
	keys := make([]string, 0, len(kv))
	for k := range kv {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ":" + strconv.Quote(kv[k])
	}
	return "`" + strings.Join(parts, " ") + "`"
}
