package generator

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"eventstorm/generator/golang"
	"eventstorm/generator/ir"
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
	// InitSQL is PostgreSQL's init script in docker-compose, from the root.
	InitSQL string
	// Monolith is set in the monolith layout: one service, the monolith,
	// whose contexts reach Kafka only when asked to.
	Monolith bool
	// Layout is what `eventstorm generate` needs to be told of the layout:
	// "" for the default, else " --layout <layout>".
	Layout string
	// Modules are the folders of the polyrepo layout's modules, which CI
	// builds one by one; none in a layout of one module at the root.
	Modules []string
	// GoMod is the go.mod whose go directive CI's Go follows.
	GoMod string
	// Flows says that the model has flows, which `eventstorm test` runs
	// against the running system (make test-flows, a CI step).
	Flows bool
	// Schemas says that some service publishes events, whose schemas
	// make schemas registers.
	Schemas bool
}

// publishesEvents reports whether the context's aggregates have events.
func publishesEvents(c *model.Context) bool {
	for _, a := range c.Aggregates {
		if len(a.Events) > 0 {
			return true
		}
	}
	return false
}

// deployService is what one service's deployment templates render.
type deployService struct {
	Header   string
	System   string // the system in kebab-case, for labels and the image name
	Dir      string // the context in kebab-case: folder, binary, compose service
	Kind     string // "service", or "monolith" for the monolith
	K8s      string // the Kubernetes name of every object of the service
	Image    string // image repository, built from the service's Dockerfile
	GoImage  string // the builder image, matching the generated go.mod
	Port     int    // published port in docker-compose, as in `eventstorm dev`
	Database string // its own database: <system>_<context> in snake_case
	// BuildRoot says in prose where the image is built from: the folder of
	// the go.mod, which is Context from the system's root.
	BuildRoot, Context string
	// Dockerfile and Main are the Dockerfile and the main package, from
	// the build context.
	Dockerfile, Main string
	// K8sDir is the kustomization's folder as kubectl is given it, from the
	// build context; FromDeploy, from the system's deploy/ folder.
	K8sDir, FromDeploy string
	// Kafka is what it may do on Kafka, nil when it does not use Kafka.
	Kafka *deployKafka
	// Schemas says that it publishes events, whose JSON Schemas its
	// binary's register-schemas argument registers (make schemas).
	Schemas bool
}

// deployKafka is a service's Kafka principal, its rights and the topics it
// owns, for the Strimzi manifests.
type deployKafka struct {
	Principal string
	ACLs      []ir.ACL
	Topics    []deployTopic
}

// deployTopic is a topic and its Kubernetes name.
type deployTopic struct{ Name, K8s string }

// kafkaOf is the Kafka rights of contexts run as one principal: a context's
// service, or the monolith running them all; nil when none uses Kafka.
func kafkaOf(m *model.Model, principal string, contexts ...*model.Context) *deployKafka {
	k := &deployKafka{Principal: principal}
	var lists [][]ir.ACL
	seen := map[string]bool{}
	for _, c := range contexts {
		x := ir.NewContext(m, c, LayoutServices)
		if !x.OnKafka() {
			continue
		}
		lists = append(lists, x.ACLs())
		for _, t := range x.OwnTopics() {
			if !seen[t] {
				seen[t] = true
				k.Topics = append(k.Topics, deployTopic{Name: t, K8s: k8sObjectName(t)})
			}
		}
	}
	if len(lists) == 0 {
		return nil
	}
	k.ACLs = ir.MergeACLs(lists...)
	sort.Slice(k.Topics, func(i, j int) bool { return k.Topics[i].Name < k.Topics[j].Name })
	return k
}

// k8sObjectName is name as a Kubernetes object name (an RFC 1123
// subdomain): lower case, with any other character than a letter, a digit,
// '.' or '-' as '-'.
func k8sObjectName(name string) string {
	b := []byte(strings.ToLower(name))
	for i, c := range b {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '.' && c != '-' {
			b[i] = '-'
		}
	}
	return strings.Trim(string(b), ".-")
}

// strimziDeploy are the Strimzi manifests of a service using Kafka, under
// its deploy folder; they are not in its kustomization, since they need
// Strimzi's custom resources.
var strimziDeploy = []artifact{
	{"strimzi/kafka-user.yaml", "strimzi-kafka-user.yaml.tmpl"},
	{"strimzi/kafka-topics.yaml", "strimzi-kafka-topics.yaml.tmpl"},
}

// renderService renders a service's deployment files under dir: the
// manifests and, when it uses Kafka, its Strimzi user and topics.
func renderService(dir string, svc deployService) ([]File, error) {
	files, err := renderAll(serviceDeploy, dir, svc)
	if err != nil || svc.Kafka == nil {
		return files, err
	}
	strimzi, err := renderAll(strimziDeploy, dir, svc)
	return append(files, strimzi...), err
}

// ingressRoute routes one path prefix to a service.
type ingressRoute struct {
	Path, Service string
}

// goImage is the builder image of the Dockerfiles, matching go.mod.
var goImage = "golang:" + strings.Join(strings.Split(GoVersion, ".")[:2], ".")

// deploy renders what ships the system in a layout. In the default one:
// per service a Dockerfile and Kubernetes manifests under
// services/<context>/deploy/, and for the whole system docker-compose.yaml
// with Kafka and PostgreSQL, a Makefile, a CI workflow and an ingress
// example. The others are polyrepoDeploy's and monolithDeploy's.
func deploy(m *model.Model, layout Layout) ([]File, error) {
	switch layout {
	case LayoutPolyrepo:
		return polyrepoDeploy(m)
	case LayoutMonolith:
		return monolithDeploy(m)
	}
	sys := deploySystem{Header: GeneratedHeaderText, Name: names.Kebab(m.SystemBase()), InitSQL: initSQLFile, GoMod: "go.mod", Flows: len(m.Flows) > 0}
	owners := map[string][]string{}
	var prefixes []string
	var files []File
	for i, c := range m.Contexts {
		k8s, err := k8sName(m, c)
		if err != nil {
			return nil, err
		}
		dir := "services/" + c.Kebab() + "/deploy/"
		svc := deployService{
			Header: GeneratedHeaderText, System: sys.Name, Dir: c.Kebab(), Kind: "service", K8s: k8s,
			Image: sys.Name + "/" + c.Kebab(), GoImage: goImage, Port: FirstPort + i,
			Database:  databaseName(m, c),
			BuildRoot: "the system's root", Context: ".", Dockerfile: dir + "Dockerfile",
			Main:   "./services/" + c.Kebab() + "/cmd/" + c.Kebab(),
			K8sDir: dir + "k8s", FromDeploy: "../" + dir + "k8s",
			Kafka: kafkaOf(m, c.Kebab(), c),
		}
		svc.Schemas = publishesEvents(c)
		sys.Schemas = sys.Schemas || svc.Schemas
		sys.Services = append(sys.Services, svc)
		rendered, err := renderService(dir, svc)
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
	rendered, err := renderAll(withIngress(systemDeploy, sys), "", sys)
	if err != nil {
		return nil, err
	}
	return append(files, rendered...), nil
}

// withIngress drops the ingress example from the artifacts when there is
// no route to send anywhere: an Ingress needs a rule.
func withIngress(artifacts []artifact, sys deploySystem) []artifact {
	if len(sys.Ingress) > 0 {
		return artifacts
	}
	return slices.DeleteFunc(slices.Clone(artifacts), func(a artifact) bool { return a.path == ingressFile })
}

// artifact is a generated file and the template it comes from.
type artifact struct{ path, template string }

// ingressFile is the ingress example's path.
const ingressFile = "deploy/ingress.yaml"

// initSQLFile is PostgreSQL's init script in docker-compose.
const initSQLFile = "deploy/postgres/init.sql"

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
	{initSQLFile, "postgres-init.sql.tmpl"},
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
