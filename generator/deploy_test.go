package generator_test

import (
	"bytes"
	"encoding/json"
	"go/format"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	k8syaml "sigs.k8s.io/yaml"

	"eventstorm/generator"
	"eventstorm/generator/golang"
	"eventstorm/model"
	"eventstorm/samples"
)

// nameLabel is the label every object of a service carries with its name.
const nameLabel = "app.kubernetes.io/name"

// TestDeploy checks the deployment artifacts of every sample and edge-case
// model: each Kubernetes manifest decodes strictly into its API type and
// refers only to objects, ports and files that exist; docker-compose.yaml
// builds every service from its Dockerfile against a database its init
// script creates; every Makefile target expands with make -n; the CI
// workflow runs the checks it promises.
func TestDeploy(t *testing.T) {
	all := append(samples.All(), testdataModels(t)...)
	all = append(all, samples.Sample{Name: "shared-prefix", Data: []byte(sharedPrefix)})
	for _, s := range all {
		t.Run(s.Name, func(t *testing.T) {
			m, diags := model.Load(s.Name+".yaml", s.Data)
			if m == nil || diags.HasErrors() || model.Validate(m).HasErrors() {
				t.Fatalf("does not load: %v", diags)
			}
			files := map[string][]byte{}
			for _, f := range planSample(t, s) {
				files[f.Path] = f.Bytes
			}
			services := map[string]*model.Context{}
			k8sServices := map[string]corev1.Service{}
			for _, c := range m.Contexts {
				svc := checkServiceManifests(t, files, servicesShipped(c))
				if services[svc.Name] != nil {
					t.Errorf("contexts %s and %s share the Kubernetes name %s", services[svc.Name].Name, c.Name, svc.Name)
				}
				services[svc.Name] = c
				k8sServices[svc.Name] = svc
			}
			checkIngress(t, files, m, services, k8sServices)
			checkSystemKustomization(t, files, m)
			checkCompose(t, files, m)
			checkMakefile(t, files, m)
			checkWorkflow(t, files, "")
			checkFlowsRun(t, files, m)
		})
	}
}

// sharedPrefix is a model where two services serve /order, which the
// ingress cannot route by prefix, beside /ticket, which it can, and an
// empty service with no route at all.
const sharedPrefix = `eventstorm: 1
system: Shared Prefix
contexts:
  - name: Sales
    aggregates:
      - name: Order
        commands:
          - { name: Place Order, creates: true, emits: [Order Placed] }
        events:
          - name: Order Placed
  - name: Support
    aggregates:
      - name: Order
        commands:
          - { name: Open Order, creates: true, emits: [Order Opened] }
        events:
          - name: Order Opened
      - name: Ticket
        commands:
          - { name: Open Ticket, creates: true, emits: [Ticket Opened] }
        events:
          - name: Ticket Opened
  - name: Empty
`

// decodeStrict decodes a planned manifest into obj, failing on an unknown
// or repeated field, and checks its apiVersion and kind.
func decodeStrict(t *testing.T, files map[string][]byte, p string, obj interface{ GetObjectKind() schema.ObjectKind }, gvk schema.GroupVersionKind) {
	t.Helper()
	data, ok := files[p]
	if !ok {
		t.Fatalf("%s is not planned", p)
	}
	checkHeader(t, p, data)
	if err := k8syaml.UnmarshalStrict(data, obj); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	if got := obj.GetObjectKind().GroupVersionKind(); got != gvk {
		t.Fatalf("%s is a %v, want a %v", p, got, gvk)
	}
}

// checkHeader checks that a generated file says so in its first lines.
func checkHeader(t *testing.T, p string, data []byte) {
	t.Helper()
	head, _, _ := strings.Cut(string(data), "\n#\n")
	if !strings.Contains(head, generator.GeneratedHeaderText) {
		t.Errorf("%s does not start with the generated-file header", p)
	}
}

// checkMeta checks an object's name is a DNS label starting with a letter,
// as a Service's must be, and its labels are valid and name the service.
func checkMeta(t *testing.T, p string, meta metav1.ObjectMeta, name string) {
	t.Helper()
	if meta.Name != name {
		t.Errorf("%s: name %q, want %q", p, meta.Name, name)
	}
	for _, msg := range validation.IsDNS1035Label(meta.Name) {
		t.Errorf("%s: name %q: %s", p, meta.Name, msg)
	}
	checkLabels(t, p, meta.Labels, name)
}

func checkLabels(t *testing.T, p string, set map[string]string, name string) {
	t.Helper()
	if set[nameLabel] != name {
		t.Errorf("%s: label %s is %q, want %q", p, nameLabel, set[nameLabel], name)
	}
	for k, v := range set {
		for _, msg := range append(validation.IsQualifiedName(k), validation.IsValidLabelValue(v)...) {
			t.Errorf("%s: label %s=%s: %s", p, k, v, msg)
		}
	}
}

// shipped is where the files of what one image ships are: a service, or
// the monolith.
type shipped struct {
	name   string // in kebab-case, which the Kubernetes name is or follows svc-
	root   string // the build context from the system's root, "" or "<folder>/": where go.mod is
	deploy string // the folder of the Dockerfile and k8s/, from the system's root
	main   string // the main package, from the build context
	// inProcess is set for the monolith, whose events stay in process
	// unless its ConfigMap's KAFKA_BROKERS is filled in.
	inProcess bool
}

// servicesShipped is where a context's service is in the default layout.
func servicesShipped(c *model.Context) shipped {
	return shipped{name: c.Kebab(), deploy: "services/" + c.Kebab() + "/deploy/", main: "./services/" + c.Kebab() + "/cmd/" + c.Kebab()}
}

// checkServiceManifests checks one service's Dockerfile and Kubernetes
// manifests and returns its Service.
func checkServiceManifests(t *testing.T, files map[string][]byte, sh shipped) corev1.Service {
	t.Helper()
	dir := sh.deploy + "k8s/"
	var dep appsv1.Deployment
	decodeStrict(t, files, dir+"deployment.yaml", &dep, appsv1.SchemeGroupVersion.WithKind("Deployment"))
	name := dep.Name
	if name != sh.name && name != "svc-"+sh.name {
		t.Errorf("%s: Deployment %q, want the service's kebab name %q", dir, name, sh.name)
	}
	checkMeta(t, dir+"deployment.yaml", dep.ObjectMeta, name)
	tmpl := dep.Spec.Template
	checkLabels(t, dir+"deployment.yaml template", tmpl.Labels, name)
	sel, err := metav1.LabelSelectorAsSelector(dep.Spec.Selector)
	if err != nil || sel.Empty() || !sel.Matches(labels.Set(tmpl.Labels)) {
		t.Errorf("%s: the Deployment's selector %v does not select its pods' labels %v (%v)", dir, dep.Spec.Selector, tmpl.Labels, err)
	}
	if dep.Spec.Replicas != nil {
		t.Errorf("%s: the Deployment sets replicas, which the HorizontalPodAutoscaler owns", dir)
	}
	pod := tmpl.Spec
	if len(pod.Containers) != 1 {
		t.Fatalf("%s: %d containers, want 1", dir, len(pod.Containers))
	}
	ctr := pod.Containers[0]
	for _, msg := range validation.IsDNS1123Label(ctr.Name) {
		t.Errorf("%s: container name %q: %s", dir, ctr.Name, msg)
	}
	var uid int64
	if psc := pod.SecurityContext; psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot || psc.RunAsUser == nil || *psc.RunAsUser == 0 {
		t.Errorf("%s: the pod does not run as a non-root user: %+v", dir, pod.SecurityContext)
	} else {
		uid = *psc.RunAsUser
	}
	if len(ctr.Ports) != 1 {
		t.Fatalf("%s: the container has ports %+v, want one", dir, ctr.Ports)
	}
	if sc := ctr.SecurityContext; sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
		sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
		t.Errorf("%s: the container's root filesystem is writable or it may escalate privileges: %+v", dir, ctr.SecurityContext)
	}
	for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		req, hasReq := ctr.Resources.Requests[r]
		lim, hasLim := ctr.Resources.Limits[r]
		if !hasReq || !hasLim || req.Cmp(lim) > 0 {
			t.Errorf("%s: %s request %v and limit %v: want both, the request at most the limit", dir, r, req.String(), lim.String())
		}
	}
	for _, probe := range []struct {
		what  string
		probe *corev1.Probe
		path  string
	}{{"liveness", ctr.LivenessProbe, "/healthz"}, {"readiness", ctr.ReadinessProbe, "/readyz"}} {
		if probe.probe == nil || probe.probe.HTTPGet == nil || probe.probe.HTTPGet.Path != probe.path {
			t.Errorf("%s: want a %s probe on GET %s, have %+v", dir, probe.what, probe.path, probe.probe)
			continue
		}
		if _, ok := containerPort(ctr, probe.probe.HTTPGet.Port); !ok {
			t.Errorf("%s: the %s probe's port %s is not a port of the container", dir, probe.what, probe.probe.HTTPGet.Port.String())
		}
	}

	var cm corev1.ConfigMap
	decodeStrict(t, files, dir+"configmap.yaml", &cm, corev1.SchemeGroupVersion.WithKind("ConfigMap"))
	checkMeta(t, dir+"configmap.yaml", cm.ObjectMeta, name)
	var secret corev1.Secret
	decodeStrict(t, files, dir+"secret.yaml", &secret, corev1.SchemeGroupVersion.WithKind("Secret"))
	checkMeta(t, dir+"secret.yaml", secret.ObjectMeta, name)
	var fromConfigMap, fromSecret bool
	for _, from := range ctr.EnvFrom {
		switch {
		case from.ConfigMapRef != nil && from.ConfigMapRef.Name == cm.Name:
			fromConfigMap = true
		case from.SecretRef != nil && from.SecretRef.Name == secret.Name:
			fromSecret = true
		default:
			t.Errorf("%s: envFrom %+v names no ConfigMap or Secret of the service", dir, from)
		}
	}
	if !fromConfigMap || !fromSecret {
		t.Errorf("%s: the container's environment does not come from both the ConfigMap and the Secret", dir)
	}
	_, port, err := net.SplitHostPort(cm.Data["HTTP_ADDR"])
	if n, ok := containerPort(ctr, intstr.Parse(port)); err != nil || !ok || strconv.Itoa(int(n)) != port {
		t.Errorf("%s: HTTP_ADDR %q listens on no port of the container (%v)", dir, cm.Data["HTTP_ADDR"], err)
	}
	if brokers, ok := cm.Data["KAFKA_BROKERS"]; !ok || (brokers == "") != sh.inProcess {
		t.Errorf("%s: the ConfigMap's KAFKA_BROKERS is %q (set: %v); want it empty only for the monolith", dir, brokers, ok)
	}
	if u, err := url.Parse(secret.StringData["DATABASE_URL"]); err != nil || u.Scheme != "postgres" || len(u.Path) < 2 {
		t.Errorf("%s: the Secret's DATABASE_URL %q names no PostgreSQL database (%v)", dir, secret.StringData["DATABASE_URL"], err)
	}

	var svc corev1.Service
	decodeStrict(t, files, dir+"service.yaml", &svc, corev1.SchemeGroupVersion.WithKind("Service"))
	checkMeta(t, dir+"service.yaml", svc.ObjectMeta, name)
	if len(svc.Spec.Selector) == 0 || !labels.SelectorFromSet(svc.Spec.Selector).Matches(labels.Set(tmpl.Labels)) {
		t.Errorf("%s: the Service's selector %v does not select the Deployment's pods %v", dir, svc.Spec.Selector, tmpl.Labels)
	}
	for _, p := range svc.Spec.Ports {
		if _, ok := containerPort(ctr, p.TargetPort); !ok {
			t.Errorf("%s: the Service's target port %s is not a port of the container", dir, p.TargetPort.String())
		}
	}

	var hpa autoscalingv2.HorizontalPodAutoscaler
	decodeStrict(t, files, dir+"hpa.yaml", &hpa, autoscalingv2.SchemeGroupVersion.WithKind("HorizontalPodAutoscaler"))
	checkMeta(t, dir+"hpa.yaml", hpa.ObjectMeta, name)
	if want := (autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: dep.Name}); hpa.Spec.ScaleTargetRef != want {
		t.Errorf("%s: the HorizontalPodAutoscaler scales %+v, want %+v", dir, hpa.Spec.ScaleTargetRef, want)
	}
	if hpa.Spec.MinReplicas == nil || *hpa.Spec.MinReplicas > hpa.Spec.MaxReplicas {
		t.Errorf("%s: replicas from %v to %d", dir, hpa.Spec.MinReplicas, hpa.Spec.MaxReplicas)
	}
	if !slices.ContainsFunc(hpa.Spec.Metrics, func(m autoscalingv2.MetricSpec) bool {
		return m.Type == autoscalingv2.ResourceMetricSourceType && m.Resource != nil && m.Resource.Name == corev1.ResourceCPU &&
			m.Resource.Target.Type == autoscalingv2.UtilizationMetricType && m.Resource.Target.AverageUtilization != nil
	}) {
		t.Errorf("%s: the HorizontalPodAutoscaler does not scale on CPU utilization: %+v", dir, hpa.Spec.Metrics)
	}

	var k kustomization
	decodeKustomization(t, files, dir+"kustomization.yaml", &k)
	var manifests []string
	for p := range files {
		if strings.HasPrefix(p, dir) && !strings.Contains(p[len(dir):], "/") && p != dir+"kustomization.yaml" {
			manifests = append(manifests, p[len(dir):])
		}
	}
	if !sameSet(k.Resources, manifests) {
		t.Errorf("%s: the kustomization lists %v, the folder holds %v", dir, k.Resources, manifests)
	}
	for _, img := range k.Images {
		if repo, _, _ := strings.Cut(ctr.Image, ":"); img.Name != repo {
			t.Errorf("%s: the kustomization sets image %q, the container runs %q", dir, img.Name, ctr.Image)
		}
	}
	checkDockerfile(t, files, sh, ctr, uid)
	return svc
}

// containerPort resolves a port, by name or number, to one the container
// declares.
func containerPort(ctr corev1.Container, port intstr.IntOrString) (int32, bool) {
	for _, p := range ctr.Ports {
		if port.Type == intstr.String && p.Name == port.StrVal || port.Type == intstr.Int && p.ContainerPort == port.IntVal {
			return p.ContainerPort, true
		}
	}
	return 0, false
}

// kustomization holds the fields of a kustomize Kustomization that the
// generated ones use; strict decoding rejects any other.
type kustomization struct {
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Resources  []string `json:"resources"`
	Images     []struct {
		Name    string `json:"name"`
		NewName string `json:"newName,omitempty"`
		NewTag  string `json:"newTag,omitempty"`
	} `json:"images,omitempty"`
}

func decodeKustomization(t *testing.T, files map[string][]byte, p string, k *kustomization) {
	t.Helper()
	checkHeader(t, p, files[p])
	if err := k8syaml.UnmarshalStrict(files[p], k); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	if k.APIVersion != "kustomize.config.k8s.io/v1beta1" || k.Kind != "Kustomization" {
		t.Errorf("%s is a %s %s", p, k.APIVersion, k.Kind)
	}
}

// sameSet reports whether a and b hold the same strings, once each.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b) && len(slices.Compact(a)) == len(b)
}

// instructions splits a Dockerfile into its instructions, continuation
// lines joined, comments dropped, and heredoc bodies by the instruction
// that opens them.
func instructions(dockerfile string) (list []string, heredocs map[string]string) {
	heredocs = map[string]string{}
	lines := strings.Split(dockerfile, "\n")
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for strings.HasSuffix(line, `\`) && i+1 < len(lines) {
			i++
			line = strings.TrimSuffix(line, `\`) + " " + strings.TrimSpace(lines[i])
		}
		list = append(list, line)
		if strings.Contains(line, `<<"EOF"`) {
			var body []string
			for i++; i < len(lines) && lines[i] != "EOF"; i++ {
				body = append(body, lines[i])
			}
			heredocs[line] = strings.Join(body, "\n") + "\n"
		}
	}
	return list, heredocs
}

// checkDockerfile checks a service's Dockerfile: a Go builder of the
// service's static binary, a distroless or scratch image running it as
// the Deployment's non-root user, and a HEALTHCHECK that needs no shell.
func checkDockerfile(t *testing.T, files map[string][]byte, sh shipped, ctr corev1.Container, uid int64) {
	t.Helper()
	p := sh.deploy + "Dockerfile"
	data := string(files[p])
	if !strings.HasPrefix(data, "# syntax=docker/dockerfile:1\n") {
		t.Errorf("%s does not start with the syntax directive its heredoc needs", p)
	}
	checkHeader(t, p, []byte(strings.TrimPrefix(data, "# syntax=docker/dockerfile:1\n")))
	list, heredocs := instructions(data)
	var froms []string
	has := func(prefix string, contains ...string) bool {
		return slices.ContainsFunc(list, func(in string) bool {
			if !strings.HasPrefix(in, prefix) {
				return false
			}
			for _, s := range contains {
				if !strings.Contains(in, s) {
					return false
				}
			}
			return true
		})
	}
	for _, in := range list {
		if strings.HasPrefix(in, "FROM ") {
			froms = append(froms, in)
		}
	}
	goMinor := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(string(files[sh.root+"go.mod"]))
	if len(froms) != 2 || goMinor == nil || froms[0] != "FROM golang:"+goMinor[1]+" AS build" ||
		froms[1] != "FROM gcr.io/distroless/static-debian12:nonroot" && froms[1] != "FROM scratch" {
		t.Errorf("%s: stages %q, want a golang builder matching go.mod's %v and a distroless or scratch image", p, froms, goMinor)
	}
	pkg := sh.main
	if !has("RUN ", "CGO_ENABLED=0 go build -trimpath", " "+pkg) || files[sh.root+pkg[2:]+"/main.go"] == nil {
		t.Errorf("%s does not build %s statically, or it has no main.go", p, pkg)
	}
	if !has(fmtUser(uid)) {
		t.Errorf("%s does not run as the Deployment's user %d", p, uid)
	}
	if !has("EXPOSE " + strconv.Itoa(int(ctr.Ports[0].ContainerPort))) {
		t.Errorf("%s does not expose the container's port %d", p, ctr.Ports[0].ContainerPort)
	}
	for _, in := range []string{"HEALTHCHECK ", "ENTRYPOINT "} {
		i := slices.IndexFunc(list, func(s string) bool { return strings.HasPrefix(s, in) })
		if i < 0 {
			t.Errorf("%s has no %s", p, in)
			continue
		}
		_, exec, _ := strings.Cut(list[i], "[")
		var argv []string
		if err := json.Unmarshal([]byte("["+exec), &argv); err != nil || len(argv) == 0 {
			t.Errorf("%s: %q is not in exec form, which needs no shell (%v)", p, list[i], err)
			continue
		}
		if !has("COPY --from=build ", " /out/"+path.Base(argv[0])+" ") || !has("COPY --from=build ", path.Dir(argv[0])+"/") {
			t.Errorf("%s: %s runs %s, which the image does not copy from the builder", p, in, argv[0])
		}
	}
	if len(heredocs) != 1 {
		t.Fatalf("%s: %d heredocs, want the healthcheck's", p, len(heredocs))
	}
	for in, src := range heredocs {
		if !strings.HasSuffix(in, " /healthcheck/main.go") || !has("RUN cd /healthcheck && CGO_ENABLED=0 go build", "-o /out/healthcheck main.go") {
			t.Errorf("%s: the heredoc %q is not the healthcheck the image builds", p, in)
		}
		if formatted, err := format.Source([]byte(src)); err != nil || !bytes.Equal(formatted, []byte(src)) {
			t.Errorf("%s: the healthcheck is not gofmt'd Go (%v)", p, err)
		}
	}
}

func fmtUser(uid int64) string {
	return "USER " + strconv.FormatInt(uid, 10) + ":"
}

// TestDeployHealthcheck builds the probe the Dockerfile's HEALTHCHECK runs,
// from its heredoc, and runs it as Docker would: it exits 0 while /healthz
// answers 200 on HTTP_ADDR's port, 1 on another status or no answer.
func TestDeployHealthcheck(t *testing.T) {
	s, err := samples.Get("order")
	if err != nil {
		t.Fatal(err)
	}
	var dockerfile string
	for _, f := range planSample(t, s) {
		if strings.HasSuffix(f.Path, "/deploy/Dockerfile") {
			dockerfile = string(f.Bytes)
		}
	}
	_, heredocs := instructions(dockerfile)
	if len(heredocs) != 1 {
		t.Fatalf("%d heredocs in the Dockerfile, want the healthcheck's", len(heredocs))
	}
	dir := t.TempDir()
	for _, src := range heredocs {
		if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// As in the Dockerfile: outside any module, from the file alone.
	build := exec.Command("go", "build", "-o", "healthcheck", "main.go")
	build.Dir = dir
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOWORK=off", "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("the healthcheck does not build: %v\n%s", err, out)
	}
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	_, closedPort, _ := net.SplitHostPort(closed.Listener.Addr().String())
	for _, tc := range []struct {
		name, addr string
		status     int
		healthy    bool
	}{
		{"200 on all interfaces", ":" + port, http.StatusOK, true},
		{"200 on 0.0.0.0", "0.0.0.0:" + port, http.StatusOK, true},
		{"503", ":" + port, http.StatusServiceUnavailable, false},
		{"nothing listening", ":" + closedPort, http.StatusOK, false},
		{"no HTTP_ADDR", "", http.StatusOK, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status = tc.status
			probe := exec.Command(filepath.Join(dir, "healthcheck"))
			probe.Env = []string{"HTTP_ADDR=" + tc.addr}
			out, err := probe.CombinedOutput()
			if healthy := err == nil; healthy != tc.healthy {
				t.Errorf("healthy = %v, want %v (%v: %s)", healthy, tc.healthy, err, out)
			}
		})
	}
}

// checkIngress checks that the ingress sends every route to the service
// that serves it, through a Service port that exists, and leaves out the
// prefixes that more than one service serves.
func checkIngress(t *testing.T, files map[string][]byte, m *model.Model, services map[string]*model.Context, k8sServices map[string]corev1.Service) {
	t.Helper()
	const p = "deploy/ingress.yaml"
	servedBy := map[string]map[*model.Context]bool{}
	for _, c := range m.Contexts {
		for _, r := range golang.Routes(c) {
			prefix := "/" + strings.Split(r.Pattern, "/")[1]
			if servedBy[prefix] == nil {
				servedBy[prefix] = map[*model.Context]bool{}
			}
			servedBy[prefix][c] = true
		}
	}
	if _, ok := files[p]; !ok {
		if len(servedBy) > 0 {
			t.Errorf("no %s, though the services have routes", p)
		}
		return
	}
	var ing networkingv1.Ingress
	decodeStrict(t, files, p, &ing, networkingv1.SchemeGroupVersion.WithKind("Ingress"))
	backends := map[string]string{}
	for _, rule := range ing.Spec.Rules {
		for _, hp := range rule.HTTP.Paths {
			b := hp.Backend.Service
			if hp.PathType == nil || *hp.PathType != networkingv1.PathTypePrefix || b == nil {
				t.Errorf("%s: path %s is not a Prefix to a Service", p, hp.Path)
				continue
			}
			svc, ok := k8sServices[b.Name]
			if !ok || !slices.ContainsFunc(svc.Spec.Ports, func(sp corev1.ServicePort) bool {
				return b.Port.Name != "" && sp.Name == b.Port.Name || b.Port.Name == "" && sp.Port == b.Port.Number
			}) {
				t.Errorf("%s: path %s goes to %s port %+v, which no Service has", p, hp.Path, b.Name, b.Port)
			}
			backends[hp.Path] = b.Name
		}
	}
	for _, c := range m.Contexts {
		for _, r := range golang.Routes(c) {
			prefix := "/" + strings.Split(r.Pattern, "/")[1]
			got := services[backends[prefix]]
			switch {
			case len(servedBy[prefix]) > 1 && got != nil:
				t.Errorf("%s sends %s to %s, but several services serve it", p, r.Pattern, got.Name)
			case len(servedBy[prefix]) == 1 && got != c:
				t.Errorf("%s does not send %s %s to %s's service", p, r.Method, r.Pattern, c.Name)
			}
		}
	}
	if len(backends) != len(servedBy)-countShared(servedBy) {
		t.Errorf("%s routes %d prefixes, want %d", p, len(backends), len(servedBy)-countShared(servedBy))
	}
}

func countShared(servedBy map[string]map[*model.Context]bool) int {
	n := 0
	for _, cs := range servedBy {
		if len(cs) > 1 {
			n++
		}
	}
	return n
}

// checkSystemKustomization checks that deploy/kustomization.yaml lists
// every service's kustomization and the ingress, and nothing that is not
// planned.
func checkSystemKustomization(t *testing.T, files map[string][]byte, m *model.Model) {
	t.Helper()
	const p = "deploy/kustomization.yaml"
	var k kustomization
	decodeKustomization(t, files, p, &k)
	var want []string
	for _, c := range m.Contexts {
		want = append(want, "../services/"+c.Kebab()+"/deploy/k8s")
	}
	if _, ok := files["deploy/ingress.yaml"]; ok {
		want = append(want, "ingress.yaml")
	}
	if !sameSet(k.Resources, want) {
		t.Errorf("%s lists %v, want %v", p, k.Resources, want)
	}
	for _, r := range k.Resources {
		target := path.Join("deploy", r)
		if files[target] == nil && files[target+"/kustomization.yaml"] == nil {
			t.Errorf("%s: resource %s is not planned", p, r)
		}
	}
}

// compose holds the fields of a Compose file that the generated one uses;
// decoding rejects any other.
type compose struct {
	Name     string                    `yaml:"name"`
	Services map[string]composeService `yaml:"services"`
	Volumes  map[string]any            `yaml:"volumes"`
}

type composeService struct {
	Image string `yaml:"image"`
	Build *struct {
		Context    string `yaml:"context"`
		Dockerfile string `yaml:"dockerfile"`
	} `yaml:"build"`
	Environment map[string]string `yaml:"environment"`
	Ports       []string          `yaml:"ports"`
	Volumes     []string          `yaml:"volumes"`
	DependsOn   map[string]struct {
		Condition string `yaml:"condition"`
	} `yaml:"depends_on"`
	Healthcheck *struct {
		Test     []string `yaml:"test"`
		Interval string   `yaml:"interval"`
		Timeout  string   `yaml:"timeout"`
		Retries  int      `yaml:"retries"`
	} `yaml:"healthcheck"`
	Restart  string   `yaml:"restart"`
	Profiles []string `yaml:"profiles"`
}

// checkCompose checks docker-compose.yaml: Kafka in KRaft mode, PostgreSQL
// creating a database per service from its init script, and every service
// built from its Dockerfile, on its own port, with its own database.
func checkCompose(t *testing.T, files map[string][]byte, m *model.Model) {
	t.Helper()
	const p = "docker-compose.yaml"
	var doc compose
	decodeYAMLStrict(t, p, files[p], &doc)
	kafka, postgres := doc.Services["kafka"], doc.Services["postgres"]
	if !strings.Contains(kafka.Environment["KAFKA_PROCESS_ROLES"], "controller") || kafka.Healthcheck == nil {
		t.Errorf("%s: Kafka is not a KRaft controller with a healthcheck: %+v", p, kafka)
	}
	init := ""
	for _, v := range postgres.Volumes {
		if src, dst, _ := strings.Cut(v, ":"); strings.HasPrefix(dst, "/docker-entrypoint-initdb.d/") {
			init = path.Clean(src)
		}
	}
	if files[init] == nil || postgres.Healthcheck == nil {
		t.Fatalf("%s: PostgreSQL's init script %q is not planned, or it has no healthcheck", p, init)
	}
	checkHeader(t, init, bytes.ReplaceAll(files[init], []byte("--"), []byte("#")))
	databases := map[string]bool{}
	for _, match := range regexp.MustCompile(`(?m)^CREATE DATABASE "([a-z0-9_]+)";$`).FindAllStringSubmatch(string(files[init]), -1) {
		databases[match[1]] = true
	}
	if len(databases) != len(m.Contexts) {
		t.Errorf("%s creates %d databases for %d services", init, len(databases), len(m.Contexts))
	}
	ports := map[string]bool{}
	for i, c := range m.Contexts {
		svc, ok := doc.Services[c.Kebab()]
		if !ok || svc.Build == nil {
			t.Errorf("%s: no service %s built from source", p, c.Kebab())
			continue
		}
		dockerfile := path.Join(svc.Build.Context, svc.Build.Dockerfile)
		if svc.Build.Context != "." || dockerfile != "services/"+c.Kebab()+"/deploy/Dockerfile" || files[dockerfile] == nil {
			t.Errorf("%s: %s builds %s from %s, want its own planned Dockerfile from the root", p, c.Kebab(), svc.Build.Dockerfile, svc.Build.Context)
		}
		u, err := url.Parse(svc.Environment["DATABASE_URL"])
		if err != nil || u.Scheme != "postgres" || u.Hostname() != "postgres" || !databases[strings.TrimPrefix(u.Path, "/")] {
			t.Errorf("%s: %s's DATABASE_URL %q names no database the init script creates (%v)", p, c.Kebab(), svc.Environment["DATABASE_URL"], err)
		}
		delete(databases, strings.TrimPrefix(u.Path, "/"))
		if host, _, err := net.SplitHostPort(svc.Environment["KAFKA_BROKERS"]); err != nil || doc.Services[host].Image != kafka.Image {
			t.Errorf("%s: %s's KAFKA_BROKERS %q is not the Kafka service", p, c.Kebab(), svc.Environment["KAFKA_BROKERS"])
		}
		want := strconv.Itoa(generator.FirstPort+i) + ":8080"
		if !slices.Equal(svc.Ports, []string{want}) || ports[want] || svc.Environment["HTTP_ADDR"] != ":8080" {
			t.Errorf("%s: %s publishes %v with HTTP_ADDR %q, want %s", p, c.Kebab(), svc.Ports, svc.Environment["HTTP_ADDR"], want)
		}
		ports[want] = true
		for dep, cond := range svc.DependsOn {
			if doc.Services[dep].Healthcheck == nil || cond.Condition != "service_healthy" {
				t.Errorf("%s: %s waits for %s to be %s, which cannot happen", p, c.Kebab(), dep, cond.Condition)
			}
		}
	}
}

// checkMakefile expands every target of the Makefile with make -n, and
// checks that run, docker and the others do what they say for every
// service.
func checkMakefile(t *testing.T, files map[string][]byte, m *model.Model) {
	t.Helper()
	dir := makefileDir(t, files)
	want := map[string][]string{
		"dev":   {"eventstorm dev ."},
		"test":  {"go test ./..."},
		"vet":   {"go vet ./..."},
		"build": {"go build -trimpath -o bin/ ./services/..."},
		"check": {"eventstorm generate --check eventstorm.yaml"},
		"up":    {"docker compose up --build"},
		"down":  {"docker compose down"},
		"help":  {"awk "},
	}
	if len(m.Flows) > 0 {
		want["test-flows"] = []string{"eventstorm test ."}
	}
	for i, c := range m.Contexts {
		pkg := "./services/" + c.Kebab() + "/cmd/" + c.Kebab()
		dockerfile := "services/" + c.Kebab() + "/deploy/Dockerfile"
		want["run"] = append(want["run"], "HTTP_ADDR=:"+strconv.Itoa(generator.FirstPort+i)+" go run "+pkg+" &")
		want["docker"] = append(want["docker"], "docker build -f "+dockerfile+" ")
		for _, a := range c.Aggregates {
			if len(a.Events) > 0 {
				// The service publishes events: make schemas registers theirs.
				want["schemas"] = append(want["schemas"], "go run "+pkg+" register-schemas")
				break
			}
		}
		if files[pkg[2:]+"/main.go"] == nil || files[dockerfile] == nil {
			t.Errorf("Makefile: %s or %s is not planned", pkg, dockerfile)
		}
	}
	phony := regexp.MustCompile(`(?m)^\.PHONY: (.*)$`).FindStringSubmatch(string(files["Makefile"]))
	if phony == nil || !sameSet(strings.Fields(phony[1]), slices.Collect(mapKeys(want))) {
		t.Errorf("Makefile: .PHONY %v, want the targets %v", phony, slices.Collect(mapKeys(want)))
	}
	for target, lines := range want {
		cmd := exec.Command("make", "-n", target)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("make -n %s: %v\n%s", target, err, out)
			continue
		}
		for _, line := range lines {
			if !strings.Contains(string(out), line) {
				t.Errorf("make -n %s does not run %q:\n%s", target, line, out)
			}
		}
	}
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// workflow holds the fields of a GitHub Actions workflow that the
// generated one uses; decoding rejects any other.
type workflow struct {
	Name        string            `yaml:"name"`
	On          map[string]any    `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]struct {
		RunsOn string `yaml:"runs-on"`
		Steps  []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			If   string            `yaml:"if"`
			With map[string]string `yaml:"with"`
			Env  map[string]string `yaml:"env"`
			Run  string            `yaml:"run"`
			Dir  string            `yaml:"working-directory"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// checkWorkflow checks that the CI workflow parses and builds, vets,
// tests, checks the generated files (in the layout its flag names: "" or
// " --layout <layout>"), and diffs the model on pull requests.
func checkWorkflow(t *testing.T, files map[string][]byte, layoutFlag string) {
	t.Helper()
	const p = ".github/workflows/ci.yaml"
	var wf workflow
	decodeYAMLStrict(t, p, files[p], &wf)
	if _, ok := wf.On["pull_request"]; !ok || len(wf.Jobs) == 0 {
		t.Fatalf("%s does not run on pull requests, or has no job", p)
	}
	for name, job := range wf.Jobs {
		var runs []string
		for _, step := range job.Steps {
			if step.Uses != "" && !strings.Contains(step.Uses, "@") {
				t.Errorf("%s: step %q uses an unpinned action %s", p, step.Name, step.Uses)
			}
			if strings.Contains(step.Run, "eventstorm diff") && step.If != "github.event_name == 'pull_request'" {
				t.Errorf("%s: the diff runs outside pull requests, where there is no target branch", p)
			}
			runs = append(runs, step.Run)
		}
		all := strings.Join(runs, "\n")
		for _, want := range []string{"go build ./...", "go vet ./...", "go test ./...", "go install .",
			"eventstorm generate --check" + layoutFlag + " eventstorm.yaml", `eventstorm diff "$GITHUB_BASE_REF:eventstorm.yaml" eventstorm.yaml`} {
			if !strings.Contains(all, want) {
				t.Errorf("%s: job %s does not run %q", p, name, want)
			}
		}
	}
}

// checkFlowsRun checks that CI, and the Makefile if there is one, run
// the model's flows with eventstorm test when it has any, and only then
// (without flows, eventstorm test refuses to run).
func checkFlowsRun(t *testing.T, files map[string][]byte, m *model.Model) {
	t.Helper()
	const p = ".github/workflows/ci.yaml"
	flows := len(m.Flows) > 0
	if runs := bytes.Contains(files[p], []byte("run: eventstorm test .\n")); runs != flows {
		t.Errorf("%s runs eventstorm test: %v, want %v (the model has %d flows)", p, runs, flows, len(m.Flows))
	}
	if files["Makefile"] == nil {
		return
	}
	cmd := exec.Command("make", "-n", "test-flows")
	cmd.Dir = makefileDir(t, files)
	out, err := cmd.CombinedOutput()
	if runs := err == nil && strings.Contains(string(out), "eventstorm test ."); runs != flows {
		t.Errorf("make -n test-flows runs eventstorm test: %v, want %v (the model has %d flows):\n%s", runs, flows, len(m.Flows), out)
	}
}

// decodeYAMLStrict checks a generated YAML file's header and decodes it
// into v, failing on any key v does not know.
func decodeYAMLStrict(t *testing.T, p string, data []byte, v any) {
	t.Helper()
	checkHeader(t, p, data)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
}

// makefileDir writes the planned Makefile, its header checked, into a
// directory of its own for make -n, and returns the directory.
func makefileDir(t *testing.T, files map[string][]byte) string {
	t.Helper()
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make on this machine")
	}
	checkHeader(t, "Makefile", files["Makefile"])
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Makefile"), files["Makefile"], 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}
