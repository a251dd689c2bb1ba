package golang

import (
	"path"
	"strings"

	"eventstorm/generator/genfile"
)

// addSourceMaybeEmpty is addSource for a file that may declare nothing:
// goSource leaves blank lines after the package clause of such a file,
// which gofmt (and so jennifer's output) does not have.
func (s *service) addSourceMaybeEmpty(rel string, g *goSource) {
	if g.body.Len() > 0 || len(g.imports) > 0 {
		s.addSource(rel, g)
		return
	}
	src := strings.TrimRight(string(g.bytes()), "\n") + "\n"
	s.files = append(s.files, genfile.File{Path: path.Join(s.dir, rel), Owner: g.owner, Bytes: []byte(src)})
}

// blankImport imports pkgPath for its side effects, as _ (jen.File.Anon).
func (g *goSource) blankImport(pkgPath string) {
	g.imports[pkgPath] = sourceImport{name: "_", alias: true}
}
