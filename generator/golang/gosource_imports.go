package golang

import (
	"path"
	"slices"
	"strconv"
	"strings"
)

// A goSource file's imports: each package named as the emitters' files
// always named it, and grouped as goimports groups them.

// sourceImport is how a file imports a package: under name, written as an
// alias unless the package is known by that name.
type sourceImport struct {
	name  string
	alias bool
}

// importAlias imports pkgPath under alias, written as an alias.
func (g *goSource) importAlias(pkgPath, alias string) {
	if _, ok := g.imports[pkgPath]; !ok {
		g.imports[pkgPath] = sourceImport{name: alias, alias: true}
	}
}

// importName registers a package by the name it is imported under without
// an alias, once used.
func (g *goSource) importName(pkgPath, name string) { g.hints[pkgPath] = name }

// blankImport imports pkgPath for its side effects, as _ (jen.File.Anon).
func (g *goSource) blankImport(pkgPath string) {
	g.imports[pkgPath] = sourceImport{name: "_", alias: true}
}

// pkg imports pkgPath if it is not yet and returns the name the file uses
// for it: the package's own when it is the file's.
func (g *goSource) pkg(pkgPath string) string {
	if pkgPath == g.pkgPath {
		return ""
	}
	if imp, ok := g.imports[pkgPath]; ok {
		return imp.name
	}
	name, alias := g.hints[pkgPath], false
	if name == "" {
		name, alias = g.guessName(pkgPath)
	}
	unique := name
	for i := 1; !g.freeName(unique); i++ {
		unique = name + strconv.Itoa(i)
	}
	g.imports[pkgPath] = sourceImport{name: unique, alias: alias || unique != name}
	return unique
}

// q is the qualified identifier name of package pkgPath, importing it.
func (g *goSource) q(pkgPath, name string) string {
	if p := g.pkg(pkgPath); p != "" {
		return p + "." + name
	}
	return name
}

// guessName is the name of a package the file has no name for: the
// standard library's own, else one guessed from the path (its last
// element, lower-case letters and digits) and written as an alias.
func (g *goSource) guessName(pkgPath string) (string, bool) {
	inModule := pkgPath == g.module || strings.HasPrefix(pkgPath, g.module+"/")
	if !inModule && !strings.Contains(strings.Split(pkgPath, "/")[0], ".") {
		base := path.Base(pkgPath)
		if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
			base = path.Base(path.Dir(pkgPath)) // math/rand/v2 is rand
		}
		return base, false
	}
	base := strings.ToLower(path.Base(pkgPath))
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, base)
	name = strings.TrimLeft(name, "0123456789")
	if name == "" {
		name = "pkg"
	}
	return name, true
}

// freeName reports whether name is no keyword and names no import yet.
func (g *goSource) freeName(name string) bool {
	if reservedWords[name] {
		return false
	}
	for _, imp := range g.imports {
		if imp.name == name {
			return false
		}
	}
	return true
}

// reservedWords are Go's keywords and predeclared identifiers, which no
// import is named.
var reservedWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`break default func interface select case defer go map struct chan else goto package switch const fallthrough if range type continue for import return var
		bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr
		true false iota nil append cap close complex copy delete imag len make new panic print println real recover
		any comparable clear min max`) {
		m[w] = true
	}
	return m
}()

// writeImports writes the import declaration: one line for one package, a
// block for more, sorted by path within goimports' groups.
func (g *goSource) writeImports(b *strings.Builder) {
	if len(g.imports) == 0 {
		return
	}
	paths := make([]string, 0, len(g.imports))
	for p := range g.imports {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	spec := func(p string) string {
		if imp := g.imports[p]; imp.alias {
			return imp.name + " " + strconv.Quote(p)
		}
		return strconv.Quote(p)
	}
	if len(paths) == 1 {
		b.WriteString("\nimport " + spec(paths[0]) + "\n")
		return
	}
	var groups [3][]string
	for _, p := range paths {
		n := importGroup([]byte(strconv.Quote(p)))
		groups[n] = append(groups[n], p)
	}
	b.WriteString("\nimport (\n")
	sep := false
	for _, group := range groups {
		if len(group) == 0 {
			continue
		}
		if sep {
			b.WriteByte('\n')
		}
		sep = true
		for _, p := range group {
			b.WriteString("\t" + spec(p) + "\n")
		}
	}
	b.WriteString(")\n")
}
