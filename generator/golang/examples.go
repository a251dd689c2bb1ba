package golang

import (
	"fmt"
	"path"

	"eventstorm/generator/genfile"
	"eventstorm/model"
)

// The examples package of an aggregate, <aggregate>test, holds a valid
// example of each of its commands and events, scaffolded once with every
// field set and owned by the team from then on. The generated tests
// (scenarios, use cases, HTTP, contracts) send and record these examples,
// overridden by the values a scenario gives, instead of zero values, so
// that they stay green once the team's rules reject what is not valid.
// Each example is a file of its own, so that an element added to the model
// later gets its example without touching the team's files.

// examplesName is the package name of an aggregate's examples.
func (g *agg) examplesName() string { return g.name + "test" }

// examplesPkg is the import path of an aggregate's examples.
func (s *service) examplesPkg(a *model.Aggregate) string {
	return s.aggregatePkg(a) + "/" + aggregatePkgName(a) + "test"
}

// examplesDir is the folder of an aggregate's examples, relative to the
// service.
func (g *agg) examplesDir() string { return g.dir + g.examplesName() + "/" }

// exampleSampler writes example values with every field set.
func (g *agg) exampleSampler() *sampler {
	return &sampler{s: g.service, busy: map[*model.Type]bool{}}
}

// exampleFields are the fields an example of a command sets: a command on
// an existing aggregate gets its target's id from the test.
func (g *agg) exampleFields(c *model.Command) []*model.Field {
	if c.Creates {
		return c.Fields
	}
	var out []*model.Field
	for _, f := range c.Fields {
		if f.Ident() != fieldIdent(g.a.ID) {
			out = append(out, f)
		}
	}
	return out
}

// examples writes the examples package of the aggregate: its generated
// doc_gen.go and a scaffolded example of each command and event.
func (g *agg) examples() {
	doc := fmt.Sprintf("%s\n\n// Package %s holds examples of the %s's commands and events: valid\n// values, one per file, that the generated tests send and record wherever a\n// scenario gives no value. They are yours: keep them valid as your rules\n// grow, so that the generated tests keep passing.\npackage %s\n",
		genfile.GeneratedHeader, g.examplesName(), g.a.Name, g.examplesName())
	g.files = append(g.files, genfile.File{Path: path.Join(g.service.dir, g.examplesDir()+"doc_gen.go"), Owner: genfile.Generated, Bytes: []byte(doc)})
	for _, c := range g.a.Commands {
		src, sm := g.exampleSource()
		typ := src.q(g.path, c.Ident())
		g.example(src, c.Base(), c.Ident(), c.Name, typ, sm.fields(src, typ, g.exampleFields(c), nil))
	}
	for _, e := range g.a.Events {
		src, sm := g.exampleSource()
		typ := src.q(g.path, e.Ident())
		g.example(src, e.Base(), e.Ident(), e.Name, "*"+typ, sm.fields(src, "&"+typ, eventFields(e), eventFieldIdent))
	}
}

// exampleSource starts the file of one example, with the sampler that
// writes its value.
func (g *agg) exampleSource() (*goSource, *sampler) {
	src := g.newSource(g.path+"/"+g.examplesName(), g.examplesName(), genfile.Scaffolded)
	src.importName(g.path, g.name)
	src.importName(g.domainPkg(), "domain")
	sm := g.exampleSampler()
	sm.nameOf = g.domainType(src)
	return src, sm
}

// example scaffolds the file of one example: a function named ident that
// returns value, of type typ.
func (g *agg) example(src *goSource, base, ident, name, typ string, value []string) {
	src.comment("%s returns an example of %s that its rules accept; the generated tests use it wherever a scenario gives no value.", ident, name)
	src.line("func %s() %s {", ident, typ)
	src.lines("return ", value, "")
	src.line("}")
	g.addSource(g.examplesDir()+goFileName(base), src)
}

// examplePath is the file of a command's example, relative to the system's
// root, for messages.
func (s *service) examplePath(c *model.Command) string {
	g := s.newAgg(c.Aggregate)
	return s.dir + "/" + g.examplesDir() + goFileName(c.Base())
}
