package board

import (
	"strings"

	"eventstorm/generator/golang"
	"eventstorm/model"
	"eventstorm/model/names"
)

// Preview is the shape of the code `generate` makes for one context: its
// main files and its HTTP routes. The routes are the generator's own; the
// files are the ones a team edits or reads first, not every generated one.
type Preview struct {
	Files  []string
	Routes []string
}

// PreviewOf derives the preview of a context.
func PreviewOf(c *model.Context) Preview {
	var p Preview
	svc := names.Kebab(c.Base())
	root := "services/" + svc + "/"
	p.Files = append(p.Files, root+"cmd/"+svc+"/main.go")
	for _, a := range c.Aggregates {
		p.Files = append(p.Files, root+"internal/domain/"+names.Package(a.Base())+"/...")
	}
	for _, a := range c.Aggregates {
		dir := root + "internal/domain/" + names.Package(a.Base()) + "/"
		for _, cmd := range a.Commands {
			p.Files = append(p.Files,
				dir+names.Snake(cmd.Base())+".go  (yours)",
				root+"internal/app/command/"+names.Snake(cmd.Base())+"_gen.go")
		}
	}
	for _, r := range c.ReadModels {
		p.Files = append(p.Files, root+"internal/app/query/"+names.Snake(r.Base())+"_gen.go",
			root+"internal/app/projection/"+names.Snake(r.Base())+"_gen.go")
	}
	for _, pol := range c.Policies {
		p.Files = append(p.Files, root+"internal/app/policy/"+names.Snake(pol.Base())+".go  (yours)")
	}
	for _, r := range golang.Routes(c) {
		p.Routes = append(p.Routes, r.Method+strings.Repeat(" ", max(1, 5-len(r.Method)))+r.Pattern)
	}
	return p
}
