package generator

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"golang.org/x/mod/semver"

	"eventstorm/generator/golang"
	"eventstorm/generator/ir"
	"eventstorm/model"
	"eventstorm/schema"
)

// GoVersion is the go directive of generated modules; franz-go needs 1.26.
const GoVersion = "1.26.0"

// Options tune a plan.
type Options struct {
	// Source is the model file as written; the plan keeps a copy of it at
	// the root of the system, unless it is nil.
	Source []byte
	// Layout is the shape of the system; empty is LayoutServices.
	Layout Layout
}

// Plan returns every file of the system generated from a valid model,
// sorted by path. The same model gives the same files, byte for byte.
func Plan(m *model.Model, opts Options) ([]File, error) {
	if diags := model.Validate(m); diags.HasErrors() {
		return nil, fmt.Errorf("the model is invalid: %w", diags)
	}
	layout, err := ParseLayout(string(opts.Layout))
	if err != nil {
		return nil, err
	}
	if err := reservedRoutes(m); err != nil {
		return nil, err
	}
	if layout == LayoutMonolith {
		if err := monolithRoutes(m); err != nil {
			return nil, err
		}
	}
	files, err := golang.Services(m, layout)
	if err != nil {
		return nil, err
	}
	if layout == LayoutMonolith {
		main, err := golang.Monolith(m)
		if err != nil {
			return nil, err
		}
		files = append(files, main...)
	}
	readmes, err := docs(m, layout)
	if err != nil {
		return nil, err
	}
	files = append(files, readmes...)
	shipping, err := deploy(m, layout)
	if err != nil {
		return nil, err
	}
	files = append(files, shipping...)
	files = append(files, goMods(m, layout, files)...)
	if opts.Source != nil {
		files = append(files, modelCopy(opts.Source)...)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// modelCopy is the model's copy in an output folder elsewhere. When the
// model starts with a yaml-language-server modeline, the copy's points at
// the model's JSON Schema, written beside it, so that an editor opening
// the copy finds a schema that exists.
func modelCopy(src []byte) []File {
	const modeline = "# yaml-language-server: $schema="
	if !bytes.HasPrefix(src, []byte(modeline)) {
		return []File{{Path: "eventstorm.yaml", Owner: Generated, Bytes: src}}
	}
	rest := []byte{}
	if i := bytes.IndexByte(src, '\n'); i >= 0 {
		rest = src[i:]
	}
	copied := append([]byte(modeline+schema.FileName), rest...)
	return []File{
		{Path: "eventstorm.yaml", Owner: Generated, Bytes: copied},
		{Path: schema.FileName, Owner: Generated, Bytes: schema.JSON},
	}
}

// goMods plans the go.mod and go.sum of the system's module, or in the
// polyrepo layout of each context's module from the files in its folder.
func goMods(m *model.Model, layout Layout, files []File) []File {
	if layout != LayoutPolyrepo {
		mod, sum := goMod(m.Module, files)
		return []File{
			{Path: "go.mod", Owner: Generated, Bytes: mod},
			{Path: "go.sum", Owner: Generated, Bytes: sum},
		}
	}
	var out []File
	for _, c := range m.Contexts {
		dir := ir.ContextDir(c, layout) + "/"
		var own []File
		for _, f := range files {
			if strings.HasPrefix(f.Path, dir) {
				own = append(own, f)
			}
		}
		mod, sum := goMod(ir.ContextModule(m, c, layout), own)
		out = append(out,
			File{Path: dir + "go.mod", Owner: Generated, Bytes: mod},
			File{Path: dir + "go.sum", Owner: Generated, Bytes: sum},
		)
	}
	return out
}

// goMod writes the go.mod and go.sum of module requiring exactly the
// pinned dependencies that some generated file imports, with the modules
// they need at the highest version any of them needs, as minimal version
// selection would.
func goMod(module string, files []File) (mod, sum []byte) {
	direct := map[string]string{}
	indirect := map[string]string{}
	sums := map[string]bool{}
	// kept are lines go mod tidy keeps although go.mod requires a newer
	// version of their module (see Dependency.KeepSum).
	kept := map[string]bool{}
	sections := importSections(files)
	for _, dep := range golang.Dependencies {
		if !imported(sections, dep.Path) {
			continue
		}
		direct[dep.Path] = dep.Version
		for _, ind := range dep.Indirect {
			if semver.Compare(ind.Version, indirect[ind.Path]) > 0 {
				indirect[ind.Path] = ind.Version
			}
		}
		for _, line := range strings.Split(strings.TrimSpace(dep.Sum), "\n") {
			if line != "" {
				sums[line] = true
			}
		}
		for _, line := range strings.Split(strings.TrimSpace(dep.KeepSum), "\n") {
			if line != "" {
				sums[line], kept[line] = true, true
			}
		}
	}
	for path := range direct {
		delete(indirect, path)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "// %s\n\nmodule %s\n\ngo %s\n", GeneratedHeaderText, module, GoVersion)
	for _, group := range []struct {
		modules map[string]string
		comment string
	}{{direct, ""}, {indirect, " // indirect"}} {
		switch len(group.modules) {
		case 0:
			continue
		case 1:
			// go mod tidy writes a lone requirement without parentheses.
			for path, version := range group.modules {
				fmt.Fprintf(&b, "\nrequire %s %s%s\n", path, version, group.comment)
			}
			continue
		}
		b.WriteString("\nrequire (\n")
		for _, path := range slices.Sorted(maps.Keys(group.modules)) {
			fmt.Fprintf(&b, "\t%s %s%s\n", path, group.modules[path], group.comment)
		}
		b.WriteString(")\n")
	}
	var s bytes.Buffer
	for _, line := range slices.SortedFunc(maps.Keys(sums), compareSumLines) {
		if kept[line] || !superseded(line, direct, indirect) {
			s.WriteString(line + "\n")
		}
	}
	return b.Bytes(), s.Bytes()
}

// compareSumLines orders go.sum lines as the go command does: by module
// path, then by version in semver order, a module's hash before its
// go.mod's.
func compareSumLines(a, b string) int {
	pa, va, _ := strings.Cut(a, " ")
	pb, vb, _ := strings.Cut(b, " ")
	if c := strings.Compare(pa, pb); c != 0 {
		return c
	}
	va, _, _ = strings.Cut(va, " ")
	vb, _, _ = strings.Cut(vb, " ")
	ma, mb := strings.HasSuffix(va, "/go.mod"), strings.HasSuffix(vb, "/go.mod")
	if c := semver.Compare(strings.TrimSuffix(va, "/go.mod"), strings.TrimSuffix(vb, "/go.mod")); c != 0 {
		return c
	}
	switch {
	case ma == mb:
		return strings.Compare(a, b)
	case mb:
		return -1
	}
	return 1
}

// superseded reports whether a go.sum line is for an older version of a
// module that go.mod requires at a newer one: one dependency's graph needed
// it, but with the others' the newer version wins, and go mod tidy drops it.
func superseded(line string, direct, indirect map[string]string) bool {
	path, version, ok := strings.Cut(line, " ")
	if !ok {
		return false
	}
	version, _, _ = strings.Cut(version, " ")
	version = strings.TrimSuffix(version, "/go.mod")
	selected := direct[path]
	if selected == "" {
		selected = indirect[path]
	}
	return selected != "" && semver.Compare(version, selected) < 0
}

// importSections are the parts of the Go files before their first
// declaration, where their imports are: a path quoted in the code (a
// string compared with a type's package path, say) is no import.
func importSections(files []File) [][]byte {
	var out [][]byte
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".go") {
			out = append(out, importSection(f.Bytes))
		}
	}
	return out
}

// importSection is src up to the first line that starts a declaration.
func importSection(src []byte) []byte {
	for i := 0; i < len(src); {
		line := src[i:]
		for _, decl := range []string{"func ", "type ", "var ", "const "} {
			if bytes.HasPrefix(line, []byte(decl)) {
				return src[:i]
			}
		}
		n := bytes.IndexByte(line, '\n')
		if n < 0 {
			break
		}
		i += n + 1
	}
	return src
}

// imported reports whether an import section imports a package of the
// module at path.
func imported(sections [][]byte, path string) bool {
	for _, section := range sections {
		for _, suffix := range []string{`"`, `/`} {
			if bytes.Contains(section, []byte(`"`+path+suffix)) {
				return true
			}
		}
	}
	return false
}

// GeneratedHeaderText is the generated-file marker without the comment
// syntax, for files whose comments are not Go's.
const GeneratedHeaderText = "Code generated by eventstorm. DO NOT EDIT."

// Pending lists the scenarios whose generated tests fail until someone
// writes code: a rule that rejects the command, or a choice of events. Their
// files are those of the default layout; PendingIn names a layout's.
func Pending(m *model.Model) []golang.Pending { return PendingIn(m, LayoutServices) }

// PendingIn is Pending with the files of a layout.
func PendingIn(m *model.Model, layout Layout) []golang.Pending {
	return golang.Pendings(m, layout)
}

// reservedRoutes refuses read models whose list route would take a path
// every service already serves.
func reservedRoutes(m *model.Model) error {
	for _, c := range m.Contexts {
		for _, r := range c.ReadModels {
			switch r.Kebab() {
			case "healthz", "readyz", "metrics":
				return fmt.Errorf("%s:%d:%d: error: read model %q would be listed at GET /%s, which every service uses for itself; rename it or give it a `code:`",
					m.File, r.Pos.Line, r.Pos.Col, r.Name, r.Kebab())
			}
		}
	}
	return nil
}
