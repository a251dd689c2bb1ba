package board

import (
	"eventstorm/model"
	"eventstorm/model/names"
)

// Preview is the shape of the code `generate` makes for one context: its
// files and its HTTP routes. It follows the architecture's layout; the
// generator is the authority on the exact file set.
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
		for _, cmd := range a.Commands {
			p.Files = append(p.Files, root+"internal/app/command/"+names.Snake(cmd.Base())+".go")
		}
	}
	for _, r := range c.ReadModels {
		p.Files = append(p.Files, root+"internal/app/query/"+names.Snake(r.Base())+".go")
	}
	for _, pol := range c.Policies {
		p.Files = append(p.Files, root+"internal/app/policy/"+names.Snake(pol.Base())+".go")
	}
	for _, a := range c.Aggregates {
		ak := names.Kebab(a.Base())
		for _, cmd := range a.Commands {
			if cmd.Creates {
				p.Routes = append(p.Routes, "POST /"+ak+"/"+names.Kebab(cmd.Base()))
			} else {
				p.Routes = append(p.Routes, "POST /"+ak+"/{id}/"+names.Kebab(cmd.Base()))
			}
		}
		p.Routes = append(p.Routes, "GET  /"+ak+"/{id}")
	}
	for _, r := range c.ReadModels {
		rk := names.Kebab(r.Base())
		p.Routes = append(p.Routes, "GET  /"+rk+"/{key}", "GET  /"+rk)
	}
	return p
}
