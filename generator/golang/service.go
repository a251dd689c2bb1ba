// Package golang emits the Go code of the generated system as text already
// in gofmt's layout (goSource): one file per artifact kind (aggregate,
// command, policy, ...), each a function from the model to planned files.
package golang

import (
	"bytes"
	"strconv"
	"strings"

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

// aggregatePkgName is the name of an aggregate's package, and of its
// folder.
func aggregatePkgName(a *model.Aggregate) string { return packageName(a.Base()) }

// packageName is the name of a package of the model's element base: with
// "pkg" after it when it is a name the generated code gives a local
// variable or parameter, which would hide the package (an aggregate Id,
// ctx or A), or a file of its own (events).
func packageName(base string) string {
	name := names.Package(base)
	if generatedLocals[name] || len(name) == 1 {
		return name + "pkg"
	}
	return name
}

// generatedLocals are the names of the generated code's locals and
// parameters that hid a package of the model's of that name, whose code
// then did not compile (found by building models named so; events clashed
// with a file name). Only these: a package renamed moves the team's
// scaffolded files of a model that compiled.
var generatedLocals = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields("cmd ctx db err events id span state version") {
		m[n] = true
	}
	return m
}()

// platformNames are the runtime's packages, imported under their names.
var platformNames = []string{"adaptertest", "apitest", "auth", "authtest", "config", "contracttest", "convert", "database", "env", "fault", "httpx", "identity", "inbox", "kafka", "memdb", "message", "outbox", "runner", "scenario", "schemareg", "stamp"}

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

// jsonTag is the struct tag of a field: its wire name, omitted when empty
// if the field is optional.
func jsonTag(f *model.Field) map[string]string {
	tag := f.JSON()
	if f.Type.Kind == model.Optional {
		tag += ",omitempty"
	}
	return map[string]string{"json": tag}
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
