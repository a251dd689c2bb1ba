package generator

import (
	"fmt"

	"eventstorm/model"
	"eventstorm/model/names"
)

// polyrepoDeploy renders what ships the polyrepo layout. Each service's
// folder is a repository of its own, so it has all it needs to ship
// alone: a Dockerfile built from the folder, Kubernetes manifests and a CI
// workflow. At the root, where the model is: docker-compose.yaml building
// every service from its folder, and a CI workflow building them all and
// checking the generated files against the model.
func polyrepoDeploy(m *model.Model) ([]File, error) {
	sys := deploySystem{
		Header: GeneratedHeaderText, Name: names.Kebab(m.SystemBase()), InitSQL: "postgres-init.sql",
		Layout: " --layout " + string(LayoutPolyrepo), Flows: len(m.Flows) > 0,
	}
	var files []File
	for i, c := range m.Contexts {
		k8s, err := k8sName(m, c)
		if err != nil {
			return nil, err
		}
		dir := ContextDir(c, LayoutPolyrepo) + "/"
		svc := deployService{
			Header: GeneratedHeaderText, System: sys.Name, Dir: c.Kebab(), Kind: "service", K8s: k8s,
			Image: sys.Name + "/" + c.Kebab(), GoImage: goImage, Port: FirstPort + i,
			Database:  databaseName(m, c),
			BuildRoot: "the service's folder", Context: "./" + ContextDir(c, LayoutPolyrepo), Dockerfile: "deploy/Dockerfile",
			Main: "./cmd/" + c.Kebab(), K8sDir: "deploy/k8s",
			Kafka: kafkaOf(m, c.Kebab(), c),
		}
		sys.Services = append(sys.Services, svc)
		sys.Modules = append(sys.Modules, ContextDir(c, LayoutPolyrepo))
		rendered, err := renderService(dir+"deploy/", svc)
		if err != nil {
			return nil, err
		}
		ci, err := renderAll([]artifact{{".github/workflows/ci.yaml", "ci-service.yaml.tmpl"}}, dir, svc)
		if err != nil {
			return nil, err
		}
		files = append(append(files, rendered...), ci...)
	}
	sys.GoMod = sys.Modules[0] + "/go.mod"
	rendered, err := renderAll([]artifact{
		{"docker-compose.yaml", "docker-compose.yaml.tmpl"},
		{sys.InitSQL, "postgres-init.sql.tmpl"},
		{".github/workflows/ci.yaml", "ci.yaml.tmpl"},
	}, "", sys)
	if err != nil {
		return nil, err
	}
	return append(files, rendered...), nil
}

// monolithDeploy renders what ships the monolith: one Dockerfile and one
// set of Kubernetes manifests for its one binary under deploy/, an ingress
// sending every route to it, docker-compose.yaml with PostgreSQL and Kafka
// on demand, a Makefile and a CI workflow.
func monolithDeploy(m *model.Model) ([]File, error) {
	name := names.Kebab(m.SystemBase())
	k8s := name
	if k8s[0] >= '0' && k8s[0] <= '9' {
		k8s = "svc-" + k8s
	}
	if len(k8s) > maxK8sName {
		return nil, fmt.Errorf("%s: error: system %q gives the Kubernetes name %q, longer than %d characters; give it a shorter `code:`",
			m.File, m.System, k8s, maxK8sName)
	}
	svc := deployService{
		Header: GeneratedHeaderText, System: name, Dir: name, Kind: "monolith", K8s: k8s,
		Image: name + "/" + name, GoImage: goImage, Port: FirstPort,
		Database:  names.Snake(m.SystemBase()),
		BuildRoot: "the system's root", Context: ".", Dockerfile: "deploy/Dockerfile",
		Main: "./cmd/" + name, K8sDir: "deploy/k8s", FromDeploy: "k8s",
		Kafka: kafkaOf(m, name, m.Contexts...),
	}
	sys := deploySystem{
		Header: GeneratedHeaderText, Name: name, Services: []deployService{svc}, InitSQL: initSQLFile,
		Monolith: true, Layout: " --layout " + string(LayoutMonolith), GoMod: "go.mod", Flows: len(m.Flows) > 0,
	}
	seen := map[string]bool{}
	for _, c := range m.Contexts {
		for _, p := range routePrefixes(c) {
			if !seen[p] {
				seen[p] = true
				sys.Ingress = append(sys.Ingress, ingressRoute{Path: p, Service: k8s})
			}
		}
	}
	files, err := renderService("deploy/", svc)
	if err != nil {
		return nil, err
	}
	rendered, err := renderAll(withIngress([]artifact{
		{"docker-compose.yaml", "docker-compose.yaml.tmpl"},
		{initSQLFile, "postgres-init.sql.tmpl"},
		{ingressFile, "ingress.yaml.tmpl"},
		{"deploy/kustomization.yaml", "kustomization.yaml.tmpl"},
		{"Makefile", "Makefile-monolith.tmpl"},
		{".github/workflows/ci.yaml", "ci.yaml.tmpl"},
	}, sys), "", sys)
	if err != nil {
		return nil, err
	}
	return append(files, rendered...), nil
}
