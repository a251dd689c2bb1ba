package apitest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"eventstorm/platform/apitest"
	"eventstorm/platform/internal/fakeapi"
	"eventstorm/platform/internal/tbspy"
)

// things is an API of one aggregate, a thing, and a read model, as the
// generator lays them out; fault says what it does wrong.
type things struct {
	mu    sync.Mutex
	made  map[string]string
	fault string
}

func newThings(fault string) http.Handler {
	h := &things{made: map[string]string{}, fault: fault}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		if fault == "sick" {
			fakeapi.Answer(w, http.StatusServiceUnavailable, map[string]string{"status": "down"})
			return
		}
		fakeapi.Answer(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /thing/{id}", h.get)
	mux.HandleFunc("POST /thing/make-thing", h.make)
	mux.HandleFunc("POST /thing/{id}/rename", h.rename)
	mux.HandleFunc("GET /board/{key}", func(w http.ResponseWriter, _ *http.Request) { fakeapi.Problem(w, http.StatusNotFound) })
	mux.HandleFunc("GET /board", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("limit") == "0" && fault != "limit" {
			fakeapi.Problem(w, http.StatusBadRequest)
			return
		}
		fakeapi.Answer(w, http.StatusOK, map[string]any{"items": []any{}})
	})
	return mux
}

func (h *things) get(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	id := r.PathValue("id")
	if !strings.HasPrefix(id, "t-") && h.fault != "any-id" {
		fakeapi.Problem(w, http.StatusBadRequest)
		return
	}
	name, ok := h.made[id]
	if !ok {
		fakeapi.Problem(w, http.StatusNotFound)
		return
	}
	fakeapi.Answer(w, http.StatusOK, map[string]string{"thingId": id, "name": name})
}

func (h *things) make(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if r.ContentLength > 1000 && h.fault != "no-limit" {
		fakeapi.Problem(w, http.StatusRequestEntityTooLarge)
		return
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	var body struct{ Name *string }
	if err := dec.Decode(&body); err != nil || (body.Name == nil && h.fault != "optional") {
		fakeapi.Problem(w, http.StatusBadRequest)
		return
	}
	if body.Name == nil {
		body.Name = new(string) // optional: no name is the empty one
	}
	if *body.Name == "bad" {
		fakeapi.Problem(w, http.StatusUnprocessableEntity)
		return
	}
	id := fmt.Sprintf("t-%d", len(h.made))
	h.made[id] = *body.Name
	if h.fault != "no-location" {
		w.Header().Set("Location", "/thing/"+id)
	}
	fakeapi.Answer(w, http.StatusCreated, map[string]string{"thingId": id})
}

func (h *things) rename(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.made[r.PathValue("id")]; !ok {
		fakeapi.Problem(w, http.StatusNotFound)
		return
	}
	if h.fault == "rename-500" {
		fakeapi.Problem(w, http.StatusInternalServerError)
		return
	}
	fakeapi.Answer(w, http.StatusOK, map[string]int{"version": 2})
}

// thing is how a generated test describes the thing's routes.
func thing(name string) apitest.Aggregate {
	return apitest.Aggregate{
		Name: "Thing", Base: "/thing", IDMember: "thingId",
		MissingID: "t-missing", BadID: "not-an-id", MaxBodyBytes: 1000,
		Create: &apitest.Command{Name: "Make Thing", Route: "/thing/make-thing", Body: map[string]string{"name": name}, Required: true},
		Change: []apitest.Command{{Name: "Rename", Route: "/thing/{id}/rename", Body: map[string]string{"name": "b"}}},
	}
}

func TestAggregate(t *testing.T) {
	tests := []struct {
		name, fault, make string
		want              string
	}{
		{"made, read and renamed", "", "a", ""},
		{"a rule rejects the example", "", "bad", ""},
		{"any id is taken", "any-id", "a", "GET /thing/not-an-id: status 404, want 400"},
		{"a body too large is taken", "no-limit", "a", "status 400, want 413"},
		{"an empty body is taken", "optional", "a", "POST /thing/make-thing: status 201, want 400"},
		{"no Location", "no-location", "a", `Location ""`},
		{"a change fails", "rename-500", "a", "POST Rename: status 500, want 200 or 422"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := apitest.Serve(t, newThings(tt.fault))
			tbspy.Want(t, tt.want, func(tb testing.TB) { thing(tt.make).Check(tb, s) })
		})
	}
	t.Run("nothing creates it", func(t *testing.T) {
		a := thing("a")
		a.Create = nil
		tbspy.Want(t, "", func(tb testing.TB) { a.Check(tb, apitest.Serve(t, newThings(""))) })
	})
}

func TestReadModelAndHealth(t *testing.T) {
	tests := []struct {
		fault, want string
	}{
		{"", ""},
		{"limit", "GET /board: status 200, want 400"},
	}
	for _, tt := range tests {
		s := apitest.Serve(t, newThings(tt.fault))
		tbspy.Want(t, tt.want, func(tb testing.TB) { s.CheckEmptyReadModel(tb, "/board", "k1") })
	}
	tbspy.Want(t, "", func(tb testing.TB) { apitest.Serve(t, newThings("")).CheckHealth(tb) })
	tbspy.Want(t, "GET /healthz: status 503", func(tb testing.TB) { apitest.Serve(t, newThings("sick")).CheckHealth(tb) })
}

func TestProblem(t *testing.T) {
	s := apitest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fakeapi.Answer(w, http.StatusNotFound, map[string]int{"status": 404})
	}))
	tbspy.Want(t, `Content-Type "application/json", want application/problem+json`, func(tb testing.TB) {
		resp, body := s.Call(tb, "GET", "/x", "")
		apitest.WantProblem(tb, resp, body, http.StatusNotFound)
	})
	notJSON := apitest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "hello") }))
	tbspy.Want(t, "GET /x: the answer is not JSON", func(tb testing.TB) { notJSON.Call(tb, "GET", "/x", "") })
	tbspy.Want(t, "json: unsupported type", func(tb testing.TB) { apitest.Body(tb, func() {}) })
}
