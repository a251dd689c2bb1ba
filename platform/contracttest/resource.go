package contracttest

import (
	"net/http"
	"strings"
	"testing"
)

// Expect calls the API as Call does and fails the test unless the answer's
// status is one of those wanted. It returns the answer's body.
func (c *API) Expect(t testing.TB, method, route, path string, body []byte, wanted ...int) []byte {
	t.Helper()
	status, data := c.Call(t, method, route, path, body)
	WantStatus(t, method+" "+path, status, data, wanted...)
	return data
}

// Resource follows one aggregate through its routes: created by its
// creating command, if it has one, changed by the others, read back. Until
// it is created, its id is one no aggregate has and its routes answer 404.
type Resource struct {
	api *API
	id  string
	// found is what a route of the aggregate answers when nothing else
	// goes wrong: 404 until it is created, then 200.
	found int
}

// Resource starts following an aggregate that does not exist: missingID is
// an id no aggregate has.
func (c *API) Resource(missingID string) *Resource {
	return &Resource{api: c, id: missingID, found: http.StatusNotFound}
}

// Create sends the creating command at route with body as JSON. It must
// answer 201 or, if the example breaks a rule, 422; on 201 the aggregate
// is the one created, its id the member idMember of the answer.
func (r *Resource) Create(t testing.TB, route string, body any, idMember string) {
	t.Helper()
	status, data := r.api.Call(t, http.MethodPost, route, route, Marshal(t, body))
	WantStatus(t, http.MethodPost+" "+route, status, data, http.StatusCreated, http.StatusUnprocessableEntity)
	if status == http.StatusCreated {
		r.id, r.found = MemberOf(t, data, idMember), http.StatusOK
	}
}

// Change sends a command at route, whose {id} is the aggregate's, with body
// as JSON. It must answer as the aggregate is found, or 422 if the example
// breaks a rule.
func (r *Resource) Change(t testing.TB, route string, body any) {
	t.Helper()
	r.api.Expect(t, http.MethodPost, route, r.path(route), Marshal(t, body), r.found, http.StatusUnprocessableEntity)
}

// Read reads the aggregate at route, whose {id} is the aggregate's: it must
// answer as the aggregate is found.
func (r *Resource) Read(t testing.TB, route string) {
	t.Helper()
	r.api.Expect(t, http.MethodGet, route, r.path(route), nil, r.found)
}

// path is route with the aggregate's id in it.
func (r *Resource) path(route string) string {
	return strings.Replace(route, "{id}", r.id, 1)
}
