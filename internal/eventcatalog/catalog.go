// Package eventcatalog writes a model as an EventCatalog (eventcatalog.dev,
// v2 layout with channels, 2.13 and later): a domain for the system, a
// service per bounded context, an event or command page per message with
// its JSON Schema beside it, and a channel per Kafka topic. The schemas and
// topics are those the generator computes, so that the catalog documents
// exactly the contracts the generated services speak.
package eventcatalog

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"eventstorm/generator/genfile"
	"eventstorm/generator/golang"
	"eventstorm/generator/ir"
	"eventstorm/model"
	"eventstorm/model/names"
)

// Version is the version every resource is written with: the model has no
// versions of its own, and EventCatalog requires one.
const Version = "1.0.0"

// File is one file of the catalog, its path relative to the output folder.
type File struct {
	Path  string
	Bytes []byte
}

// Ref points at a versioned resource; To and From name channels.
type Ref struct {
	ID      string `yaml:"id"`
	Version string `yaml:"version,omitempty"`
	To      []Ref  `yaml:"to,omitempty"`
	From    []Ref  `yaml:"from,omitempty"`
}

// FrontMatter is the front matter of every kind of page; the fields a kind
// does not have are left empty and so out.
type FrontMatter struct {
	ID         string   `yaml:"id"`
	Name       string   `yaml:"name"`
	Version    string   `yaml:"version"`
	Summary    string   `yaml:"summary,omitempty"`
	Services   []Ref    `yaml:"services,omitempty"`
	Sends      []Ref    `yaml:"sends,omitempty"`
	Receives   []Ref    `yaml:"receives,omitempty"`
	SchemaPath string   `yaml:"schemaPath,omitempty"`
	Address    string   `yaml:"address,omitempty"`
	Protocols  []string `yaml:"protocols,omitempty"`
}

// catalog collects the files of a model's catalog.
type catalog struct {
	m       *model.Model
	planned map[string][]byte // generated files by path
	files   []File
}

// Build returns the files of the catalog of a valid model, sorted by path.
// The same model gives the same bytes.
func Build(m *model.Model) ([]File, error) {
	if diags := model.Validate(m); diags.HasErrors() {
		return nil, fmt.Errorf("the model is invalid: %w", diags)
	}
	gen, err := golang.Services(m, ir.LayoutServices)
	if err != nil {
		return nil, err
	}
	c := &catalog{m: m, planned: planned(gen)}
	xs := ir.Contexts(m, ir.LayoutServices)
	c.domain()
	for _, x := range xs {
		c.service(x)
		if err := c.messages(x); err != nil {
			return nil, err
		}
	}
	c.channels(xs)
	sort.Slice(c.files, func(i, j int) bool { return c.files[i].Path < c.files[j].Path })
	return c.files, nil
}

// planned indexes generated files by path.
func planned(files []genfile.File) map[string][]byte {
	out := make(map[string][]byte, len(files))
	for _, f := range files {
		out[f.Path] = f.Bytes
	}
	return out
}

// ServiceID is a context's service id, e.g. "OrderHistory".
func ServiceID(c *model.Context) string { return c.Ident() }

// EventID is an event's id: its CloudEvents type, unique in the system.
func EventID(m *model.Model, e *model.Event) string { return ir.EventType(m, e) }

// CommandID is a command's id, <system>.<context>.<command> in kebab-case
// like an event's, so that commands of two contexts do not collide.
func CommandID(m *model.Model, c *model.Command) string {
	return names.Kebab(m.SystemBase()) + "." + c.Aggregate.Context.Kebab() + "." + c.Kebab()
}

// page adds an index.mdx of front matter and a body.
func (c *catalog) page(dir string, fm FrontMatter, body string) {
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	// A struct of strings and lists always encodes.
	_ = enc.Encode(fm)
	_ = enc.Close()
	b.WriteString("---\n\n")
	b.WriteString(body)
	c.files = append(c.files, File{Path: path.Join(dir, "index.mdx"), Bytes: b.Bytes()})
}

// domain adds the system's domain, listing every context's service.
func (c *catalog) domain() {
	fm := FrontMatter{ID: names.GoExported(c.m.SystemBase()), Name: c.m.System, Version: Version, Summary: summary(c.m.Description, "The "+c.m.System+" system.")}
	for _, x := range c.m.Contexts {
		fm.Services = append(fm.Services, Ref{ID: ServiceID(x), Version: Version})
	}
	c.page("domains/"+fm.ID, fm, "<NodeGraph />\n")
}

// summary is the description on one line, or def when there is none.
func summary(desc, def string) string {
	if s := strings.Join(strings.Fields(desc), " "); s != "" {
		return s
	}
	return def
}
