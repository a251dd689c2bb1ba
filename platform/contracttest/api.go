package contracttest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// API calls a service's HTTP API, served by a test server, and checks
// each exchange against its OpenAPI document.
type API struct {
	srv *httptest.Server
	// Doc is the OpenAPI document.
	Doc *Document
}

// NewAPI serves handler until the test ends, checked against the OpenAPI
// 3.1 document openapi.
func NewAPI(t testing.TB, handler http.Handler, openapi string) *API {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return &API{srv: srv, Doc: Load(t, openapi, jsonschema.Draft2020)}
}

// Call sends a request to path, which matches route, and checks it against
// the route's operation in the document: the body, if any, against the
// request's schema; the answer's status, media type, required headers and
// body against the operation's responses. It returns the answer's status
// and body.
func (c *API) Call(t testing.TB, method, route, path string, body []byte) (int, []byte) {
	t.Helper()
	op := Pointer("paths", route, strings.ToLower(method))
	if v, _ := c.Doc.At(op); v == nil {
		t.Fatalf("%s has no operation %s %s", c.Doc.Name, method, route)
	}
	if body != nil {
		c.Doc.Validate(t, op+Pointer("requestBody", "content", "application/json", "schema"), body, true)
	}
	status, header, data := c.send(t, method, path, body)
	answer, at := c.Doc.At(op + Pointer("responses", strconv.Itoa(status)))
	if answer == nil {
		t.Fatalf("%s %s answered %d, which %s does not list: %s", method, path, status, c.Doc.Name, data)
	}
	media, _, _ := mime.ParseMediaType(header.Get("Content-Type"))
	if v, _ := c.Doc.At(at + Pointer("content", media)); v == nil {
		t.Fatalf("%s %s answered %d as %q, which %s does not list", method, path, status, media, c.Doc.Name)
	}
	c.checkHeaders(t, fmt.Sprintf("%s %s answered %d", method, path, status), at, header)
	if strings.HasSuffix(media, "json") {
		// An answer may hold a date the service never set, which Go writes
		// as 0000-00-00: no date. The formats are checked on the bodies the
		// tests fill.
		c.Doc.Validate(t, at+Pointer("content", media, "schema"), data, false)
	}
	return status, data
}

// send sends a request and reads the answer.
func (c *API) send(t testing.TB, method, path string, body []byte) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, c.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, data
}

// checkHeaders fails the test for each header the response at the pointer
// requires that header lacks.
func (c *API) checkHeaders(t testing.TB, what, response string, header http.Header) {
	t.Helper()
	headers, _ := c.Doc.At(response + "/headers")
	listed, _ := headers.(map[string]any)
	for _, name := range sortedKeys(listed) {
		if h, _ := listed[name].(map[string]any); h["required"] == true && header.Get(name) == "" {
			t.Errorf("%s without its header %s", what, name)
		}
	}
}

// CallEveryOperation calls every operation the document lists, with x for
// its path parameters and no body: each must answer with a status and a
// body the document lists for it.
func (c *API) CallEveryOperation(t testing.TB) {
	t.Helper()
	paths, _ := c.Doc.At("/paths")
	routes, _ := paths.(map[string]any)
	if len(routes) == 0 {
		t.Fatalf("%s lists no paths", c.Doc.Name)
	}
	param := regexp.MustCompile(`\{[^}]*\}`)
	for _, route := range sortedKeys(routes) {
		methods, _ := routes[route].(map[string]any)
		for _, method := range sortedKeys(methods) {
			c.Call(t, strings.ToUpper(method), route, param.ReplaceAllString(route, "x"), nil)
		}
	}
}

// CheckAnswer checks v, written as JSON, against the schema of the answer
// the document lists for GET route with 200, formats included: how a test
// checks a body with every field set, which the service may never answer.
func (c *API) CheckAnswer(t testing.TB, route string, v any) {
	t.Helper()
	c.Doc.Validate(t, Pointer("paths", route, "get", "responses", "200", "content", "application/json", "schema"), Marshal(t, v), true)
}

// WantStatus fails the test unless status is one of those wanted.
func WantStatus(t testing.TB, what string, status int, body []byte, wanted ...int) {
	t.Helper()
	if !slices.Contains(wanted, status) {
		t.Fatalf("%s: status %d, want one of %v: %s", what, status, wanted, body)
	}
}

// MemberOf returns a member of a JSON object as text.
func MemberOf(t testing.TB, data []byte, name string) string {
	t.Helper()
	var members map[string]any
	if err := json.Unmarshal(data, &members); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(members[name])
}

// sortedKeys are m's keys in order, so that a test fails the same way each
// run.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
