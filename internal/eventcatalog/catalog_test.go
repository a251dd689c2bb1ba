package eventcatalog

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"eventstorm/model"
	"eventstorm/samples"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current catalogs")

// build loads a bundled sample and builds its catalog.
func build(t *testing.T, name string) []File {
	t.Helper()
	s, err := samples.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	m, diags := model.Load(name+".yaml", s.Data)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	files, err := Build(m)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestGolden compares each sample's catalog with testdata/golden/<sample>;
// review changes with `go test ./internal/eventcatalog -run Golden -update`.
func TestGolden(t *testing.T) {
	for _, s := range samples.All() {
		t.Run(s.Name, func(t *testing.T) {
			files := build(t, s.Name)
			dir := filepath.Join("testdata", "golden", s.Name)
			if *update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				if err := Write(dir, files); err != nil {
					t.Fatal(err)
				}
			}
			want := map[string]bool{}
			for _, f := range files {
				want[f.Path] = true
				got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
				if err != nil {
					t.Errorf("%v (run with -update)", err)
					continue
				}
				if !bytes.Equal(got, f.Bytes) {
					t.Errorf("%s differs from its golden file (run with -update and review the diff)", f.Path)
				}
			}
			_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				rel, _ := filepath.Rel(dir, p)
				if err == nil && !d.IsDir() && rel != Marker && !want[filepath.ToSlash(rel)] {
					t.Errorf("%s has a golden file but is no longer built", rel)
				}
				return nil
			})
		})
	}
}

func TestDeterministic(t *testing.T) {
	for _, s := range samples.All() {
		a, b := build(t, s.Name), build(t, s.Name)
		if len(a) != len(b) {
			t.Fatalf("%s: %d then %d files", s.Name, len(a), len(b))
		}
		for i := range a {
			if a[i].Path != b[i].Path || !bytes.Equal(a[i].Bytes, b[i].Bytes) {
				t.Errorf("%s: %s differs between two builds", s.Name, a[i].Path)
			}
		}
	}
}

// page is a parsed index.mdx.
type page struct {
	kind string // domains, services, events, commands, channels
	dir  string
	fm   map[string]any
}

// parsePage splits an index.mdx into its YAML front matter, parsed.
func parsePage(t *testing.T, p string, data []byte) map[string]any {
	t.Helper()
	s := string(data)
	if !strings.HasPrefix(s, "---\n") {
		t.Fatalf("%s does not start with front matter", p)
	}
	end := strings.Index(s[4:], "\n---\n")
	if end < 0 {
		t.Fatalf("%s: front matter is not closed", p)
	}
	var fm map[string]any
	if err := yaml.Unmarshal([]byte(s[4:4+end]), &fm); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return fm
}

// required are the front-matter fields EventCatalog's docs list as
// required for each kind of resource (the *-api reference pages).
var required = map[string][]string{
	"domains":  {"id", "name", "version"},
	"services": {"id", "name", "version"},
	"events":   {"id", "name", "version"},
	"commands": {"id", "name", "version"},
	"channels": {"id", "name", "version", "address", "protocols"},
}

// TestFrontMatter checks every page against the documented fields: the
// required ones are there and strings, ids match their folders, every
// reference (services of a domain, sends and receives, to and from) names
// a resource of the catalog at its version, every schemaPath names a file
// beside the page that compiles as a JSON Schema.
func TestFrontMatter(t *testing.T) {
	for _, s := range samples.All() {
		t.Run(s.Name, func(t *testing.T) {
			files := build(t, s.Name)
			byPath := map[string][]byte{}
			for _, f := range files {
				byPath[f.Path] = f.Bytes
			}
			pages, ids := collectPages(t, files)
			for _, p := range pages {
				checkPage(t, p, ids, byPath)
			}
			for _, kind := range []string{"domains", "services", "channels"} {
				if len(ids[kind]) == 0 {
					t.Errorf("no %s written", kind)
				}
			}
		})
	}
}

// collectPages parses every index.mdx and indexes ids by kind.
func collectPages(t *testing.T, files []File) ([]page, map[string]map[string]string) {
	ids := map[string]map[string]string{}
	var pages []page
	for _, f := range files {
		if path.Base(f.Path) != "index.mdx" {
			continue
		}
		kind := strings.SplitN(f.Path, "/", 2)[0]
		p := page{kind: kind, dir: path.Dir(f.Path), fm: parsePage(t, f.Path, f.Bytes)}
		pages = append(pages, p)
		if ids[kind] == nil {
			ids[kind] = map[string]string{}
		}
		id, _ := p.fm["id"].(string)
		if _, dup := ids[kind][id]; dup {
			t.Errorf("%s: id %q is used twice among %s", f.Path, id, kind)
		}
		v, _ := p.fm["version"].(string)
		ids[kind][id] = v
	}
	return pages, ids
}

func checkPage(t *testing.T, p page, ids map[string]map[string]string, byPath map[string][]byte) {
	t.Helper()
	fields, ok := required[p.kind]
	if !ok {
		t.Errorf("%s: not a kind of EventCatalog resource", p.dir)
		return
	}
	for _, f := range fields {
		if v, ok := p.fm[f]; !ok || v == "" || v == nil {
			t.Errorf("%s: required field %s is missing", p.dir, f)
		}
	}
	if id, _ := p.fm["id"].(string); path.Base(p.dir) != id {
		t.Errorf("%s: id %q does not match its folder", p.dir, id)
	}
	if v, _ := p.fm["version"].(string); !semver(v) {
		t.Errorf("%s: version %q is not semver", p.dir, v)
	}
	checkRefs(t, p, "services", ids["services"])
	checkRefs(t, p, "sends", messages(ids))
	checkRefs(t, p, "receives", messages(ids))
	for _, chKey := range []string{"to", "from"} {
		for _, r := range list(p.fm["sends"], p.fm["receives"]) {
			for _, c := range list(r[chKey]) {
				if _, ok := ids["channels"][str(c["id"])]; !ok {
					t.Errorf("%s: channel %q is not in the catalog", p.dir, str(c["id"]))
				}
			}
		}
	}
	if sp, ok := p.fm["schemaPath"].(string); ok {
		checkSchema(t, path.Join(p.dir, sp), byPath)
	} else if p.kind == "events" || p.kind == "commands" {
		t.Errorf("%s: a message without schemaPath", p.dir)
	}
}

// messages are the ids of events and commands with their versions.
func messages(ids map[string]map[string]string) map[string]string {
	out := map[string]string{}
	for _, k := range []string{"events", "commands"} {
		for id, v := range ids[k] {
			out[id] = v
		}
	}
	return out
}

// checkRefs checks that the references of a page's key resolve.
func checkRefs(t *testing.T, p page, key string, known map[string]string) {
	t.Helper()
	for _, r := range list(p.fm[key]) {
		id := str(r["id"])
		v, ok := known[id]
		if !ok {
			t.Errorf("%s: %s names %q, which is not in the catalog", p.dir, key, id)
			continue
		}
		if rv := str(r["version"]); rv != "" && rv != v {
			t.Errorf("%s: %s names %s@%s, the catalog has %s", p.dir, key, id, rv, v)
		}
	}
}

func checkSchema(t *testing.T, p string, byPath map[string][]byte) {
	t.Helper()
	data, ok := byPath[p]
	if !ok {
		t.Errorf("schemaPath %s names no file", p)
		return
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Errorf("%s: %v", p, err)
		return
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("file:///"+p, doc); err != nil {
		t.Errorf("%s: %v", p, err)
		return
	}
	if _, err := c.Compile("file:///" + p); err != nil {
		t.Errorf("%s does not compile as a JSON Schema: %v", p, err)
	}
	var anyDoc map[string]any
	if json.Unmarshal(data, &anyDoc) != nil || anyDoc["type"] != "object" {
		t.Errorf("%s is not a schema of an object", p)
	}
}

// list flattens front-matter lists of mappings.
func list(vs ...any) []map[string]any {
	var out []map[string]any
	for _, v := range vs {
		items, _ := v.([]any)
		for _, it := range items {
			if m, ok := it.(map[string]any); ok {
				out = append(out, m)
			}
		}
	}
	return out
}

func str(v any) string { s, _ := v.(string); return s }

// semver says whether v is MAJOR.MINOR.PATCH.
func semver(v string) bool {
	parts := strings.Split(v, ".")
	if len(parts) != 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}
