package generator_test

import (
	"bytes"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"eventstorm/generator"
	"eventstorm/samples"
)

// contractValidators is the folder of the node script that checks contract
// documents and of its pinned npm packages (package-lock.json), which
// .ci/run installs there with npm ci.
var contractValidators = filepath.Join("testdata", "contracts")

// nodeValidator returns the node command, or skips the test when node or
// the packages are missing, unless it runs in CI, where it fails.
func nodeValidator(t *testing.T) string {
	t.Helper()
	missing := func(what string) {
		const fix = "install Node.js and run `npm ci --ignore-scripts --prefix generator/testdata/contracts`, as .ci/run does"
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing: %s", what, fix)
		}
		t.Skipf("%s is missing: %s", what, fix)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node")
	}
	for _, pkg := range []string{"@asyncapi/parser", "@apidevtools/swagger-parser"} {
		if _, err := os.Stat(filepath.Join(contractValidators, "node_modules", pkg, "package.json")); err != nil {
			missing("the npm package " + pkg)
		}
	}
	return node
}

// runValidators runs the node validators on documents and returns their output.
func runValidators(t *testing.T, node string, docs []string) (string, error) {
	t.Helper()
	script, err := filepath.Abs(filepath.Join(contractValidators, "validate.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, append([]string{script}, docs...)...).CombinedOutput()
	return string(out), err
}

// TestContracts generates every sample and every model of testdata/models
// and checks each service's contract documents: asyncapi.yaml must pass
// @asyncapi/parser and openapi.yaml @apidevtools/swagger-parser with no
// errors, every event's JSON Schema must compile as draft 2020-12, and
// every document must carry the generated-file marker. Then it checks
// that the validators do fail on a broken document of each kind.
func TestContracts(t *testing.T) {
	node := nodeValidator(t)
	dir := t.TempDir()
	var docs []string
	for _, s := range append(samples.All(), testdataModels(t)...) {
		services := map[string]bool{}
		wrote := map[string]bool{}
		for _, f := range planSample(t, s) {
			service, rest, ok := strings.Cut(strings.TrimPrefix(f.Path, "services/"), "/")
			if !strings.HasPrefix(f.Path, "services/") || !ok {
				continue
			}
			services[service] = true
			if !strings.HasPrefix(rest, "api/") || strings.HasSuffix(rest, ".go") {
				continue
			}
			p := filepath.Join(dir, s.Name, filepath.FromSlash(f.Path))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.Bytes, 0o644); err != nil {
				t.Fatal(err)
			}
			wrote[f.Path] = true
			checkContractMarker(t, f)
			switch {
			case path.Base(f.Path) == "openapi.yaml", path.Base(f.Path) == "asyncapi.yaml":
				docs = append(docs, p)
			case strings.HasSuffix(f.Path, ".json"):
				compileEventSchema(t, f)
			}
		}
		for service := range services {
			if api := "services/" + service + "/api/openapi.yaml"; !wrote[api] {
				t.Errorf("%s: %s is not planned", s.Name, api)
			}
		}
	}
	if out, err := runValidators(t, node, docs); err != nil {
		t.Fatalf("the generated contracts do not validate: %v\n%s", err, out)
	}

	// A document of each kind with an error, which the validators must see.
	broken := map[string]string{
		"asyncapi.yaml": "asyncapi: 3.0.0\ninfo: {title: x, version: '1'}\noperations:\n  o: {action: send, channel: {$ref: '#/channels/none'}}\n",
		"openapi.yaml":  "openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths:\n  /x:\n    get: {responses: {'200': {$ref: '#/components/responses/None'}}}\n",
	}
	var brokenDocs []string
	for name, text := range broken {
		p := filepath.Join(dir, "broken", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		brokenDocs = append(brokenDocs, p)
	}
	out, err := runValidators(t, node, brokenDocs)
	if err == nil || !strings.Contains(out, "0 valid, 2 invalid") {
		t.Fatalf("the validators passed broken documents: %v\n%s", err, out)
	}
}

// checkContractMarker checks that a contract document says it is generated: in a
// YAML comment on its first line, or in the "$comment" of a JSON Schema.
func checkContractMarker(t *testing.T, f generator.File) {
	t.Helper()
	want := "# " + generator.GeneratedHeaderText + "\n"
	if strings.HasSuffix(f.Path, ".json") {
		want = "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n  \"$comment\": \"" + generator.GeneratedHeaderText + "\",\n"
	}
	if !bytes.HasPrefix(f.Bytes, []byte(want)) {
		t.Errorf("%s does not start with %q", f.Path, want)
	}
}

// compileEventSchema checks that an event's JSON Schema is valid draft
// 2020-12: the compiler checks it against the draft's meta-schema.
func compileEventSchema(t *testing.T, f generator.File) {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(f.Bytes))
	if err != nil {
		t.Fatalf("%s is not JSON: %v", f.Path, err)
	}
	c := jsonschema.NewCompiler()
	url := "file:///" + f.Path
	if err := c.AddResource(url, doc); err != nil {
		t.Fatalf("%s: %v", f.Path, err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatalf("%s does not compile: %v", f.Path, err)
	}
	if sch.DraftVersion != 2020 {
		t.Errorf("%s compiled as draft %d, want 2020-12", f.Path, sch.DraftVersion)
	}
}
