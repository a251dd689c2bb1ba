package apitest

import (
	"net/http"
	"strings"
	"testing"
)

// Aggregate is what a test knows of the routes of one aggregate:
// GET Base/{id} reads one, POST Base/<command> creates one, POST
// Base/{id}/<command> changes one.
type Aggregate struct {
	// Name is the aggregate's, for messages.
	Name string
	// Base is the path of its routes, /<aggregate>.
	Base string
	// IDMember is the member of a created answer that holds its id.
	IDMember string
	// MissingID is an id no aggregate has on a new service.
	MissingID string
	// BadID, if set, is no id at all: reading it is 400.
	BadID string
	// MaxBodyBytes is the service's largest request body.
	MaxBodyBytes int
	// Create is the command that creates one; nil when none does.
	Create *Command
	// Change are the commands on an existing one.
	Change []Command
}

// Command is a command's route and a body the route takes.
type Command struct {
	// Name is the command's, for messages.
	Name string
	// Route is its path: {id} stands for the aggregate's id.
	Route string
	// Body is its request, written as JSON.
	Body any
	// Required says it has required fields: an empty object is 400.
	Required bool
}

// Check checks the routes on s: a missing aggregate is 404 to read and to
// change, a bad id 400; bad bodies are 400 and 413; then one is created
// (unless a rule rejects the example, 422: nothing more to check), found
// where its Location says, read back, and changed by each command, which
// answers 200 or 422 when a rule rejects the example.
func (a Aggregate) Check(t testing.TB, s *Server) {
	t.Helper()
	resp, answer := s.Call(t, http.MethodGet, a.Base+"/"+a.MissingID, "")
	WantProblem(t, resp, answer, http.StatusNotFound)
	if a.BadID != "" {
		resp, answer = s.Call(t, http.MethodGet, a.Base+"/"+a.BadID, "")
		WantProblem(t, resp, answer, http.StatusBadRequest)
	}
	for _, c := range a.Change {
		resp, answer = s.Call(t, http.MethodPost, a.path(c.Route, a.MissingID), Body(t, c.Body))
		WantProblem(t, resp, answer, http.StatusNotFound)
	}
	if a.Create == nil {
		return
	}
	a.checkBadBodies(t, s)
	id, ok := a.create(t, s)
	if !ok {
		return
	}
	resp, answer = s.Call(t, http.MethodGet, a.Base+"/"+id, "")
	if resp.StatusCode != http.StatusOK || answer[a.IDMember] != id {
		t.Fatalf("GET the new %s: status %d, %v", a.Name, resp.StatusCode, answer)
	}
	for _, c := range a.Change {
		resp, answer = s.Call(t, http.MethodPost, a.path(c.Route, id), Body(t, c.Body))
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("POST %s: status %d, want 200 or 422 (%v)", c.Name, resp.StatusCode, answer)
		}
	}
}

// checkBadBodies sends the creating command what is no request of it.
func (a Aggregate) checkBadBodies(t testing.TB, s *Server) {
	t.Helper()
	bad := []struct {
		body   string
		status int
	}{
		{"{not json", http.StatusBadRequest},
		{`{"x": "` + strings.Repeat("x", a.MaxBodyBytes) + `"}`, http.StatusRequestEntityTooLarge},
		{`{"notAField": 1}`, http.StatusBadRequest},
	}
	if a.Create.Required {
		bad = append(bad, struct {
			body   string
			status int
		}{"{}", http.StatusBadRequest})
	}
	for _, b := range bad {
		resp, answer := s.Call(t, http.MethodPost, a.Create.Route, b.body)
		WantProblem(t, resp, answer, b.status)
	}
}

// create sends the creating command's example and returns the new id; not
// ok when a rule rejects the example.
func (a Aggregate) create(t testing.TB, s *Server) (string, bool) {
	t.Helper()
	resp, answer := s.Call(t, http.MethodPost, a.Create.Route, Body(t, a.Create.Body))
	if resp.StatusCode == http.StatusUnprocessableEntity {
		WantProblem(t, resp, answer, http.StatusUnprocessableEntity)
		return "", false
	}
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST %s: status %d, want 201 (%v)", a.Create.Route, resp.StatusCode, answer)
	}
	id, _ := answer[a.IDMember].(string)
	if id == "" || resp.Header.Get("Location") != a.Base+"/"+id {
		t.Fatalf("POST %s: answer %v, Location %q", a.Create.Route, answer, resp.Header.Get("Location"))
	}
	return id, true
}

// path is route with id in it.
func (a Aggregate) path(route, id string) string {
	return strings.Replace(route, "{id}", id, 1)
}
