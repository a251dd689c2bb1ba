package generator

import (
	"fmt"
	"slices"
	"strings"

	"eventstorm/generator/golang"
	"eventstorm/model"
	"eventstorm/model/names"
)

// maxK8sName is the longest Kubernetes object name that is also a DNS
// label, as a Service name and a container name must be.
const maxK8sName = 63

// deploySystem is what the system-wide deployment templates render.
type deploySystem struct {
	Header   string
	Name     string // the system in kebab-case: compose project, image prefix, ingress
	Services []deployService
	// Ingress lists the route prefixes the ingress sends to one service;
	// Shared, the prefixes several services serve, which it cannot route.
	Ingress []ingressRoute
	Shared  []string
}

// deployService is what one service's deployment templates render.
type deployService struct {
	Header   string
	System   string // the system in kebab-case, for labels and the image name
	Dir      string // the context in kebab-case: folder, binary, compose service
	K8s      string // the Kubernetes name of every object of the service
	Image    string // image repository, built from the service's Dockerfile
	GoImage  string // the builder image, matching the generated go.mod
	Port     int    // published port in docker-compose, as in `eventstorm dev`
	Database string // its own database: <system>_<context> in snake_case
}

// ingressRoute routes one path prefix to a service.
type ingressRoute struct {
	Path, Service string
}

// deploy renders what ships the system: per service a Dockerfile and
// Kubernetes manifests under services/<context>/deploy/, and for the whole
// system docker-compose.yaml with Kafka and PostgreSQL, a Makefile, a CI
// workflow and an ingress example.
func deploy(m *model.Model) ([]File, error) {
	sys := deploySystem{Header: GeneratedHeaderText, Name: names.Kebab(m.SystemBase())}
	goImage := "golang:" + strings.Join(strings.Split(GoVersion, ".")[:2], ".")
	owners := map[string][]string{}
	var prefixes []string
	var files []File
	for i, c := range m.Contexts {
		k8s, err := k8sName(m, c)
		if err != nil {
			return nil, err
		}
		svc := deployService{
			Header: GeneratedHeaderText, System: sys.Name, Dir: c.Kebab(), K8s: k8s,
			Image: sys.Name + "/" + c.Kebab(), GoImage: goImage, Port: FirstPort + i,
			Database: databaseName(m, c),
		}
		sys.Services = append(sys.Services, svc)
		dir := "services/" + c.Kebab() + "/deploy/"
		rendered, err := renderAll(serviceDeploy, dir, svc)
		if err != nil {
			return nil, err
		}
		files = append(files, rendered...)
		for _, p := range routePrefixes(c) {
			if owners[p] == nil {
				prefixes = append(prefixes, p)
			}
			owners[p] = append(owners[p], k8s)
		}
	}
	for _, p := range prefixes {
		if len(owners[p]) == 1 {
			sys.Ingress = append(sys.Ingress, ingressRoute{Path: p, Service: owners[p][0]})
		} else {
			sys.Shared = append(sys.Shared, p+" ("+strings.Join(owners[p], ", ")+")")
		}
	}
	artifacts := systemDeploy
	if len(sys.Ingress) == 0 {
		// An Ingress needs a rule; with no route to send anywhere there is
		// nothing to show.
		artifacts = slices.DeleteFunc(slices.Clone(artifacts), func(a artifact) bool { return a.path == ingressFile })
	}
	rendered, err := renderAll(artifacts, "", sys)
	if err != nil {
		return nil, err
	}
	return append(files, rendered...), nil
}

// artifact is a generated file and the template it comes from.
type artifact struct{ path, template string }

// ingressFile is the ingress example's path.
const ingressFile = "deploy/ingress.yaml"

// serviceDeploy are the files under services/<context>/deploy/.
var serviceDeploy = []artifact{
	{"Dockerfile", "Dockerfile.tmpl"},
	{"k8s/configmap.yaml", "k8s-configmap.yaml.tmpl"},
	{"k8s/secret.yaml", "k8s-secret.yaml.tmpl"},
	{"k8s/deployment.yaml", "k8s-deployment.yaml.tmpl"},
	{"k8s/service.yaml", "k8s-service.yaml.tmpl"},
	{"k8s/hpa.yaml", "k8s-hpa.yaml.tmpl"},
	{"k8s/kustomization.yaml", "k8s-kustomization.yaml.tmpl"},
}

// systemDeploy are the system-wide files, from the system's root.
var systemDeploy = []artifact{
	{"docker-compose.yaml", "docker-compose.yaml.tmpl"},
	{"deploy/postgres/init.sql", "postgres-init.sql.tmpl"},
	{ingressFile, "ingress.yaml.tmpl"},
	{"deploy/kustomization.yaml", "kustomization.yaml.tmpl"},
	{"Makefile", "Makefile.tmpl"},
	{".github/workflows/ci.yaml", "ci.yaml.tmpl"},
}

// renderAll renders each artifact with data into a generated file under dir.
func renderAll(artifacts []artifact, dir string, data any) ([]File, error) {
	var files []File
	for _, a := range artifacts {
		b, err := render(a.template, data)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Path: dir + a.path, Owner: Generated, Bytes: b})
	}
	return files, nil
}

// databaseName is the database of a context's service: one per service,
// <system>_<context> in snake_case, which docker-compose's PostgreSQL creates.
func databaseName(m *model.Model, c *model.Context) string {
	return names.Snake(m.SystemBase()) + "_" + c.Snake()
}

// k8sName is the name of a context's Kubernetes objects: its kebab-case
// name, which a Service needs to start with a letter (so "24h Window" is
// svc-24h-window) and to fit a DNS label.
func k8sName(m *model.Model, c *model.Context) (string, error) {
	name := c.Kebab()
	if name[0] >= '0' && name[0] <= '9' {
		name = "svc-" + name
	}
	if len(name) > maxK8sName {
		return "", fmt.Errorf("%s:%d:%d: error: context %q gives the Kubernetes name %q, longer than %d characters; give it a shorter `code:`",
			m.File, c.Pos.Line, c.Pos.Col, c.Name, name, maxK8sName)
	}
	return name, nil
}

// routePrefixes are the first path segments of a context's routes, in
// route order, each once: /order for /order/place-order and /order/{id}.
func routePrefixes(c *model.Context) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range golang.Routes(c) {
		segment, _, _ := strings.Cut(strings.TrimPrefix(r.Pattern, "/"), "/")
		p := "/" + segment
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}
