// Package golang emits the Go code of the generated system with jennifer:
// one file per artifact kind (aggregate, command, policy, ...), each a
// function from the model to planned files.
package golang

import (
	"bytes"
	"fmt"
	"go/format"
	"path"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"eventstorm/generator/genfile"
	"eventstorm/generator/ir"
	"eventstorm/model"
	"eventstorm/model/names"
)

// Import paths of the libraries generated code uses.
const (
	uuidPkg    = "github.com/google/uuid"
	decimalPkg = "github.com/shopspring/decimal"
)

// service emits the files of one bounded context's service from the
// context's IR.
type service struct {
	x      *ir.Context
	m      *model.Model   // x.Model
	c      *model.Context // x.Context
	layout ir.Layout      // x.Layout
	dir    string         // x.Dir, e.g. services/ordering
	files  []genfile.File
	err    error // the first rendering error
}

func newService(x *ir.Context) *service {
	return &service{x: x, m: x.Model, c: x.Context, layout: x.Layout, dir: x.Dir}
}

// pkg is the import path of a package of the service, e.g. pkg("internal/domain").
func (s *service) pkg(rel string) string { return s.x.Pkg(rel) }

// platformPkg is the import path of a package of the runtime in the
// service's module, e.g. platformPkg("kafka").
func (s *service) platformPkg(name string) string { return s.x.PlatformPkg(name) }

// The runtime's packages the generated code imports.
func (s *service) messagePkg() string  { return s.platformPkg("message") }
func (s *service) databasePkg() string { return s.platformPkg("database") }
func (s *service) outboxPkg() string   { return s.platformPkg("outbox") }
func (s *service) inboxPkg() string    { return s.platformPkg("inbox") }
func (s *service) kafkaPkg() string    { return s.platformPkg("kafka") }
func (s *service) httpxPkg() string    { return s.platformPkg("httpx") }
func (s *service) envPkg() string      { return s.platformPkg("env") }
func (s *service) runnerPkg() string   { return s.platformPkg("runner") }
func (s *service) memdbPkg() string    { return s.platformPkg("memdb") }
func (s *service) configPkg() string   { return s.platformPkg("config") }

func (s *service) domainPkg() string { return s.pkg("internal/domain") }

func (s *service) aggregatePkg(a *model.Aggregate) string {
	return s.pkg("internal/domain/" + aggregatePkgName(a))
}

func aggregatePkgName(a *model.Aggregate) string { return names.Package(a.Base()) }

// newFile starts a Go file of the given package with the ownership header.
func newFile(pkgPath, pkgName string, owner genfile.Owner) *jen.File {
	f := jen.NewFilePathName(pkgPath, pkgName)
	if owner == genfile.Scaffolded {
		f.HeaderComment(genfile.ScaffoldedHeader)
	} else {
		f.HeaderComment(genfile.GeneratedHeader)
	}
	f.ImportName(uuidPkg, "uuid")
	f.ImportName(decimalPkg, "decimal")
	f.ImportName(goJSONPkg, "json")
	return f
}

// platformNames are the runtime's packages, imported under their names.
var platformNames = []string{"adaptertest", "apitest", "auth", "authtest", "config", "contracttest", "convert", "database", "env", "fault", "httpx", "identity", "inbox", "kafka", "memdb", "message", "outbox", "runner", "scenario", "schemareg", "stamp"}

// add renders a Go file into the plan at rel, relative to the service.
func (s *service) add(rel string, owner genfile.Owner, f *jen.File) {
	for _, name := range platformNames {
		f.ImportName(s.platformPkg(name), name)
	}
	src, err := render(path.Join(s.dir, rel), f)
	if err != nil {
		if s.err == nil {
			s.err = err
		}
		return
	}
	s.files = append(s.files, genfile.File{Path: path.Join(s.dir, rel), Owner: owner, Bytes: src})
}

// render formats a file as gofmt does, with the standard library's imports
// grouped first, as goimports does. It gives the bytes goimports
// -format-only would, in one parse and print instead of three (jen's
// formatting, then goimports' two): jen renders unformatted, groupImports
// groups its import block as text, and format.Source formats the whole.
func render(name string, f *jen.File) ([]byte, error) {
	f.NoFormat = true
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	src, err := format.Source(groupImports(buf.Bytes()))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return src, nil
}

// groupImports splits the import block jen writes, one list sorted by
// path, into goimports' groups separated by blank lines: the standard
// library (paths whose first element has no dot), then the others
// (appengine ones last, as goimports puts them).
func groupImports(src []byte) []byte {
	const open = "\nimport (\n"
	i := bytes.Index(src, []byte(open))
	if i < 0 {
		return src // one import or none: nothing to group
	}
	start := i + len(open)
	n := bytes.Index(src[start:], []byte("\n)\n"))
	if n < 0 {
		return src
	}
	end := start + n + 1 // after the last import's newline
	var groups [3][][]byte
	for _, line := range bytes.SplitAfter(src[start:end], []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		groups[importGroup(line)] = append(groups[importGroup(line)], line)
	}
	out := make([]byte, 0, len(src)+2)
	out = append(out, src[:start]...)
	sep := false
	for _, g := range groups {
		if len(g) == 0 {
			continue
		}
		if sep {
			out = append(out, '\n')
		}
		sep = true
		for _, line := range g {
			out = append(out, line...)
		}
	}
	return append(out, src[end:]...)
}

// importGroup is goimports' group of an import line (`name "path"` or
// `"path"`): 0 for the standard library, 1 for paths whose first element
// has a dot, 2 for appengine.
func importGroup(line []byte) int {
	q := bytes.IndexByte(line, '"')
	imp, err := strconv.Unquote(string(bytes.TrimSpace(line[max(q, 0):])))
	switch {
	case err != nil:
		return 0
	case strings.HasPrefix(imp, "appengine"):
		return 2
	case strings.Contains(strings.Split(imp, "/")[0], "."):
		return 1
	}
	return 0
}

// comment is a doc comment as // lines wrapped at 77 columns; blank lines
// in text separate paragraphs.
func comment(text string) []jen.Code {
	var out []jen.Code
	for i, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		if i > 0 {
			out = append(out, jen.Comment(""))
		}
		for _, line := range wrap(strings.Join(strings.Fields(para), " "), 77) {
			out = append(out, jen.Comment(line))
		}
	}
	return out
}

// doc adds a doc comment to a file, before the next declaration.
func doc(f *jen.File, format string, args ...any) {
	for _, c := range comment(fmt.Sprintf(format, args...)) {
		f.Add(c)
	}
}

// wrap breaks text into lines of at most width characters, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case len(line)+1+len(word) > width:
			lines = append(lines, line)
			line = word
		default:
			line += " " + word
		}
	}
	return append(lines, line)
}

// lit is a composite literal's braces around items: on one line for one or
// two, one a line for more, as a person writes them.
func lit(items ...jen.Code) *jen.Statement {
	if len(items) > 2 {
		return multiline(items...)
	}
	return jen.Values(items...)
}

// kv is one key: value of a composite literal, kept in the model's order
// (jen.Dict sorts its keys).
func kv(key string, value jen.Code) jen.Code { return jen.Id(key).Op(":").Add(value) }

// goType is the Go type of a field type. Named types are qualified by
// named, which knows where the context's types live for the file at hand.
func goType(t *model.TypeRef, named func(*model.TypeRef) jen.Code) jen.Code {
	switch t.Kind {
	case model.List:
		return jen.Index().Add(goType(t.Elem, named))
	case model.Optional:
		if t.Elem.Kind == model.List {
			// A nil slice already says "absent".
			return goType(t.Elem, named)
		}
		return jen.Op("*").Add(goType(t.Elem, named))
	case model.Named:
		return named(t)
	}
	switch t.Scalar {
	case model.String:
		return jen.String()
	case model.Int:
		return jen.Int64()
	case model.Float:
		return jen.Float64()
	case model.Decimal:
		return jen.Qual(decimalPkg, "Decimal")
	case model.Bool:
		return jen.Bool()
	case model.Time:
		return jen.Qual("time", "Time")
	case model.Date:
		return named(t)
	case model.UUID:
		return jen.Qual(uuidPkg, "UUID")
	}
	panic("golang: unknown scalar type " + t.Scalar) // model.ParseType admits no other
}

// domainTypes qualifies named types and dates by the service's domain
// package, where they are declared.
func (s *service) domainTypes(t *model.TypeRef) jen.Code {
	if t.Kind == model.Scalar { // date
		return jen.Qual(s.domainPkg(), "Date")
	}
	return jen.Qual(s.domainPkg(), t.Type.Ident())
}

// jsonTag is the struct tag of a field: its wire name, omitted when empty
// if the field is optional.
func jsonTag(f *model.Field) map[string]string {
	tag := f.JSON()
	if f.Type.Kind == model.Optional {
		tag += ",omitempty"
	}
	return map[string]string{"json": tag}
}

// structFields declares fields with their JSON tags.
func structFields(fields []*model.Field, named func(*model.TypeRef) jen.Code) []jen.Code {
	out := make([]jen.Code, 0, len(fields))
	for _, f := range fields {
		out = append(out, jen.Id(f.Ident()).Add(goType(f.Type, named)).Tag(jsonTag(f)))
	}
	return out
}

// plainFields declares fields without tags, as the domain and the
// application hold them: the adapters that write them have types of their
// own.
func plainFields(fields []*model.Field, named func(*model.TypeRef) jen.Code, ident func(*model.Field) string) []jen.Code {
	out := make([]jen.Code, 0, len(fields))
	for _, f := range fields {
		out = append(out, jen.Id(ident(f)).Add(goType(f.Type, named)))
	}
	return out
}

// mayBeUnset reports whether a field that is not optional has a zero value
// that is no value of its type: a time (year 1), a date (0000-00-00) or an
// enum (""). What the service writes leaves such a field out while it is
// unset, rather than write a value its own API refuses.
func mayBeUnset(t *model.TypeRef) bool {
	switch {
	case t.Kind == model.Scalar:
		return t.Scalar == model.Time || t.Scalar == model.Date
	case t.Kind == model.Named:
		return t.Type != nil && t.Type.IsEnum()
	}
	return false
}

// outputTag is the JSON tag of a field of what the service writes (events,
// state, read-model rows): a field that may be unset is left out until it
// is set.
func outputTag(f *model.Field) map[string]string {
	tag := jsonTag(f)
	if mayBeUnset(f.Type) {
		tag["json"] += ",omitzero"
	}
	return tag
}

// usesScalar reports whether any of fields is of the scalar type, or a
// list or optional of it.
func usesScalar(fields []*model.Field, scalar string) bool {
	for _, f := range fields {
		if b := f.Type.Base(); b.Kind == model.Scalar && b.Scalar == scalar {
			return true
		}
	}
	return false
}

// source finds the field of fields named like target whose value fills it,
// by the model's one rule of filling by name (model.TypeRef.Fills).
func source(fields []*model.Field, target *model.Field) *model.Field {
	for _, g := range fields {
		if g.Ident() == target.Ident() && g.Type.Fills(target.Type) {
			return g
		}
	}
	return nil
}

// article puts "a" or "an" before s, for prose.
func article(s string) string {
	if s != "" && bytes.ContainsAny([]byte{s[0]}, "AEIOUaeiou") {
		return "an " + s
	}
	return "a " + s
}

// pkgDoc sets a file's package comment, wrapped.
func pkgDoc(f *jen.File, format string, args ...any) {
	for _, line := range wrap(fmt.Sprintf(format, args...), 77) {
		f.PackageComment(line)
	}
}
