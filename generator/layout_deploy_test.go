package generator_test

import (
	"bytes"
	"os/exec"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"

	"eventstorm/generator"
	"eventstorm/generator/golang"
	"eventstorm/model"
	"eventstorm/model/names"
)

// TestLayoutDeploy checks the deployment artifacts of the polyrepo and
// monolith layouts for every sample and edge-case model, as TestDeploy
// does the default layout's: in the polyrepo layout each service's folder
// has a Dockerfile built from the folder, manifests with a Deployment, a
// Service and a HorizontalPodAutoscaler, and a CI workflow; the monolith
// has one of each for its one binary, an ingress sending every route to
// it, a docker-compose.yaml with Kafka on demand and a Makefile.
func TestLayoutDeploy(t *testing.T) {
	for _, s := range layoutModels(t) {
		t.Run(s.Name, func(t *testing.T) {
			m, plan, err := planLayout(t, s, generator.LayoutPolyrepo)
			if err != nil {
				t.Fatal(err)
			}
			files := map[string][]byte{}
			for _, f := range plan {
				files[f.Path] = f.Bytes
			}
			for _, c := range m.Contexts {
				dir := generator.ContextDir(c, generator.LayoutPolyrepo) + "/"
				checkServiceManifests(t, files, shipped{name: c.Kebab(), root: dir, deploy: dir + "deploy/", main: "./cmd/" + c.Kebab()})
				checkServiceWorkflow(t, files, dir)
			}
			checkWorkflow(t, files, " --layout polyrepo")
			checkFlowsRun(t, files, m)
			checkLayoutCompose(t, files, m, generator.LayoutPolyrepo)

			_, plan, err = planLayout(t, s, generator.LayoutMonolith)
			if err != nil {
				t.Fatal(err)
			}
			files = map[string][]byte{}
			for _, f := range plan {
				files[f.Path] = f.Bytes
			}
			name := names.Kebab(m.SystemBase())
			svc := checkServiceManifests(t, files, shipped{name: name, deploy: "deploy/", main: "./cmd/" + name, inProcess: true})
			checkMonolithIngress(t, files, m, svc.Name)
			checkWorkflow(t, files, " --layout monolith")
			checkLayoutCompose(t, files, m, generator.LayoutMonolith)
			checkMonolithMakefile(t, files, name)
			checkFlowsRun(t, files, m)
		})
	}
}

// checkServiceWorkflow checks a polyrepo service's own CI workflow: it
// builds, vets and tests the service from its folder and builds its image.
func checkServiceWorkflow(t *testing.T, files map[string][]byte, dir string) {
	t.Helper()
	p := dir + ".github/workflows/ci.yaml"
	var wf workflow
	decodeYAMLStrict(t, p, files[p], &wf)
	for name, job := range wf.Jobs {
		var runs []string
		for _, step := range job.Steps {
			if v := step.With["go-version-file"]; v != "" && files[dir+v] == nil {
				t.Errorf("%s: job %s sets up Go from %s, which the service's folder does not have", p, name, v)
			}
			runs = append(runs, step.Run)
		}
		all := strings.Join(runs, "\n")
		for _, want := range []string{"go build ./...", "go vet ./...", "go test ./...", "docker build -f deploy/Dockerfile "} {
			if !strings.Contains(all, want) {
				t.Errorf("%s: job %s does not run %q", p, name, want)
			}
		}
	}
	if files[dir+"deploy/Dockerfile"] == nil {
		t.Errorf("%s builds %sdeploy/Dockerfile, which is not planned", p, dir)
	}
}

// checkMonolithIngress checks that the monolith's ingress sends the first
// path segment of every route to the monolith's Service, and that the
// system's kustomization applies the monolith's manifests and the ingress.
func checkMonolithIngress(t *testing.T, files map[string][]byte, m *model.Model, service string) {
	t.Helper()
	const p = "deploy/ingress.yaml"
	want := map[string]bool{}
	for _, c := range m.Contexts {
		for _, r := range golang.Routes(c) {
			want["/"+strings.Split(r.Pattern, "/")[1]] = true
		}
	}
	var k kustomization
	decodeKustomization(t, files, "deploy/kustomization.yaml", &k)
	if files[p] == nil {
		if len(want) > 0 || !sameSet(k.Resources, []string{"k8s"}) {
			t.Errorf("no %s for the routes %v, and deploy/kustomization.yaml lists %v", p, want, k.Resources)
		}
		return
	}
	if !sameSet(k.Resources, []string{"k8s", "ingress.yaml"}) || files["deploy/k8s/kustomization.yaml"] == nil {
		t.Errorf("deploy/kustomization.yaml lists %v, want k8s and ingress.yaml", k.Resources)
	}
	var ing networkingv1.Ingress
	decodeStrict(t, files, p, &ing, networkingv1.SchemeGroupVersion.WithKind("Ingress"))
	got := map[string]bool{}
	for _, rule := range ing.Spec.Rules {
		for _, hp := range rule.HTTP.Paths {
			if hp.Backend.Service == nil || hp.Backend.Service.Name != service {
				t.Errorf("%s sends %s elsewhere than the monolith's Service %s", p, hp.Path, service)
			}
			got[hp.Path] = true
		}
	}
	if !sameSet(slices.Collect(mapKeys(got)), slices.Collect(mapKeys(want))) {
		t.Errorf("%s routes %v, want %v", p, got, want)
	}
}

// checkLayoutCompose checks docker-compose.yaml in the polyrepo and
// monolith layouts: every image is built from a planned Dockerfile in its
// build context, against a database that PostgreSQL's planned init script
// creates; in the monolith Kafka only runs in the kafka profile, and the
// monolith reaches it only when told to.
func checkLayoutCompose(t *testing.T, files map[string][]byte, m *model.Model, layout generator.Layout) {
	t.Helper()
	const p = "docker-compose.yaml"
	var doc compose
	decodeYAMLStrict(t, p, files[p], &doc)
	var init string
	for _, v := range doc.Services["postgres"].Volumes {
		if src, dst, _ := strings.Cut(v, ":"); strings.HasPrefix(dst, "/docker-entrypoint-initdb.d/") {
			init = path.Clean(src)
		}
	}
	if files[init] == nil {
		t.Fatalf("%s: PostgreSQL's init script %q is not planned", p, init)
	}
	want := []string{}
	for _, c := range m.Contexts {
		want = append(want, c.Kebab())
	}
	if layout == generator.LayoutMonolith {
		want = []string{names.Kebab(m.SystemBase())}
		if kafka := doc.Services["kafka"]; !slices.Equal(kafka.Profiles, []string{"kafka"}) {
			t.Errorf("%s: Kafka runs in the profiles %v, want only in kafka", p, kafka.Profiles)
		}
	}
	for _, name := range want {
		svc, ok := doc.Services[name]
		if !ok || svc.Build == nil {
			t.Errorf("%s: no service %s built from source", p, name)
			continue
		}
		if dockerfile := path.Join(svc.Build.Context, svc.Build.Dockerfile); files[dockerfile] == nil {
			t.Errorf("%s: %s builds from %s, which is not planned", p, name, dockerfile)
		}
		if layout == generator.LayoutPolyrepo && files[path.Join(svc.Build.Context, "go.mod")] == nil {
			t.Errorf("%s: %s's build context %s has no go.mod", p, name, svc.Build.Context)
		}
		db := regexp.MustCompile(`/([a-z0-9_]+)\?`).FindStringSubmatch(svc.Environment["DATABASE_URL"])
		if db == nil || !bytes.Contains(files[init], []byte(`CREATE DATABASE "`+db[1]+`";`)) {
			t.Errorf("%s: %s's DATABASE_URL %q names no database %s creates", p, name, svc.Environment["DATABASE_URL"], init)
		}
		_, waitsForKafka := svc.DependsOn["kafka"]
		if layout == generator.LayoutMonolith && (svc.Environment["KAFKA_BROKERS"] != "${KAFKA_BROKERS:-}" || waitsForKafka) {
			t.Errorf("%s: the monolith's KAFKA_BROKERS is %q and it waits for Kafka: %v; want Kafka only when asked for", p, svc.Environment["KAFKA_BROKERS"], waitsForKafka)
		}
	}
}

// checkMonolithMakefile expands the monolith's Makefile targets with
// make -n.
func checkMonolithMakefile(t *testing.T, files map[string][]byte, name string) {
	t.Helper()
	dir := makefileDir(t, files)
	for target, line := range map[string]string{
		"run":    "HTTP_ADDR=:8080 go run ./cmd/" + name,
		"build":  "go build -trimpath -o bin/ ./cmd/" + name,
		"docker": "docker build -f deploy/Dockerfile -t " + name + "/" + name + " .",
		"test":   "go test ./...",
		"vet":    "go vet ./...",
		"up":     "docker compose up --build",
		"down":   "docker compose down",
		"check":  "eventstorm generate --check --layout monolith eventstorm.yaml",
		"help":   "awk ",
	} {
		cmd := exec.Command("make", "-n", target)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), line) {
			t.Errorf("make -n %s does not run %q: %v\n%s", target, line, err, out)
		}
	}
	if files["cmd/"+name+"/main.go"] == nil || files["deploy/Dockerfile"] == nil {
		t.Errorf("Makefile: cmd/%s or deploy/Dockerfile is not planned", name)
	}
}
