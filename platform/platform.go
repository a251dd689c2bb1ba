// Package platform is the generated systems' runtime: the support code that
// does not depend on the model (Kafka, outbox, inbox, SQL, HTTP, running a
// service), as ordinary Go packages compiled, vetted and tested here. The
// generator copies them once into each generated Go module, as
// internal/platform/<pkg>, with their import paths rewritten.
package platform

import (
	"bytes"
	"embed"
	"io/fs"
	"path"
	"strings"

	"eventstorm/generator/genfile"
)

//go:embed adaptertest/*.go apitest/*.go auth/*.go authtest/*.go config/*.go contracttest/*.go convert/*.go database/*.go env/*.go eventstore/*.go fault/*.go httpx/*.go identity/*.go inbox/*.go kafka/*.go memdb/*.go message/*.go outbox/*.go runner/*.go scenario/*.go schemareg/*.go stamp/*.go telemetry/*.go
var source embed.FS

// importPath is the import path of this package in this repository.
const importPath = "eventstorm/platform"

// Dir is where the platform lives in a generated module.
const Dir = "internal/platform"

// Files returns the platform's source as generated files under dir, the
// folder of a module's internal/platform, its imports of one another
// rewritten to importBase, the import path of that folder. Tests stay here.
func Files(dir, importBase string) []genfile.File {
	var files []genfile.File
	err := fs.WalkDir(source, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, "_test.go") || !strings.HasSuffix(p, ".go") {
			return err
		}
		src, err := source.ReadFile(p)
		if err != nil {
			return err
		}
		files = append(files, genfile.File{
			Path:  path.Join(dir, p),
			Owner: genfile.Generated,
			Bytes: rewrite(src, importBase),
		})
		return nil
	})
	if err != nil {
		panic("platform: reading the embedded source: " + err.Error()) // the embed is fixed at build time
	}
	return files
}

// rewrite marks src generated and points its imports of the platform at
// importBase.
func rewrite(src []byte, importBase string) []byte {
	src = bytes.ReplaceAll(src, []byte(`"`+importPath+`/`), []byte(`"`+importBase+`/`))
	out := make([]byte, 0, len(genfile.GeneratedHeader)+2+len(src))
	out = append(out, genfile.GeneratedHeader...)
	out = append(out, "\n\n"...)
	return append(out, src...)
}
