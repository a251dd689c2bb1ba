// Package templates embeds the templates of the non-Go files eventstorm
// generates (READMEs, Dockerfiles, Kubernetes manifests, compose files,
// Makefiles, CI workflows), one file per artifact.
package templates

import (
	"embed"
	"text/template"
)

//go:embed *.tmpl
var files embed.FS

// Parsed are the templates, by file name.
var Parsed = template.Must(template.New("").ParseFS(files, "*.tmpl"))
