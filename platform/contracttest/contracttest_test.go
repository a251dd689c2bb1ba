package contracttest_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"eventstorm/platform/contracttest"
	"eventstorm/platform/internal/fakeapi"
	"eventstorm/platform/internal/tbspy"
	"eventstorm/platform/message"
)

func TestMain(m *testing.M) {
	if err := os.Chdir("testdata"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func TestPointerAndAt(t *testing.T) {
	d := contracttest.Load(t, "openapi.yaml", jsonschema.Draft2020)
	if got, want := contracttest.Pointer("paths", "/thing/{id}", "get"), "/paths/~1thing~1{id}/get"; got != want {
		t.Errorf("Pointer: %q, want %q", got, want)
	}
	tests := []struct {
		pointer, at string
		found       bool
	}{
		{contracttest.Pointer("paths", "/thing/{id}", "get", "responses", "404"), "/components/responses/Problem", true},
		{contracttest.Pointer("paths", "/thing/{id}", "get", "responses", "200"), "/paths/~1thing~1{id}/get/responses/200", true},
		{contracttest.Pointer("paths", "/thing/{id}", "put"), "/paths/~1thing~1{id}/put", false},
		{"/nothing/here", "/nothing/here", false},
	}
	for _, tt := range tests {
		v, at := d.At(tt.pointer)
		if (v != nil) != tt.found || at != tt.at {
			t.Errorf("At(%q) = %v, %q; want found %v at %q", tt.pointer, v, at, tt.found, tt.at)
		}
	}
}

func TestValidate(t *testing.T) {
	d := contracttest.Load(t, "openapi.yaml", jsonschema.Draft2020)
	thing := contracttest.Pointer("components", "schemas", "Thing")
	tests := []struct {
		name    string
		data    string
		formats bool
		want    string
	}{
		{"valid", `{"thingId":"0b7e2f3c-5a61-4d8e-9f20-6c4a1b3d2e10","name":"a"}`, true, ""},
		{"a member missing", `{"thingId":"0b7e2f3c-5a61-4d8e-9f20-6c4a1b3d2e10"}`, false, "does not match openapi.yaml#/components/schemas/Thing"},
		{"a bad uuid, formats checked", `{"thingId":"x","name":"a"}`, true, "does not match"},
		{"a bad uuid, formats not checked", `{"thingId":"x","name":"a"}`, false, ""},
		{"no date, formats not checked", `{"thingId":"x","name":"a","madeOn":"0000-00-00"}`, false, ""},
		{"not JSON", `{`, false, "not JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tbspy.Want(t, tt.want, func(tb testing.TB) { d.Validate(tb, thing, []byte(tt.data), tt.formats) })
		})
	}
	tbspy.Want(t, "openapi.yaml#/components/schemas/None", func(tb testing.TB) { d.Validate(tb, "/components/schemas/None", []byte(`{}`), true) })
	tbspy.Want(t, "missing.yaml", func(tb testing.TB) { contracttest.Load(tb, "missing.yaml", jsonschema.Draft2020) })
}

// things serves the API of openapi.yaml, misbehaving as told.
type things struct {
	mu   sync.Mutex
	made map[string]string
	// fault is what it does wrong: "", "no-location", "500", "text",
	// "bad-body".
	fault string
}

func (h *things) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case h.fault == "500":
		http.Error(w, "broken", http.StatusInternalServerError)
	case h.fault == "text":
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusNotFound)
	case r.Method == http.MethodPost && r.URL.Path == "/thing/make-thing":
		h.make(w, r)
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/thing/"):
		name, ok := h.made[strings.TrimPrefix(r.URL.Path, "/thing/")]
		if !ok {
			fakeapi.Problem(w, http.StatusNotFound)
			return
		}
		fakeapi.Answer(w, http.StatusOK, map[string]string{"thingId": strings.TrimPrefix(r.URL.Path, "/thing/"), "name": name})
	default:
		fakeapi.Problem(w, http.StatusNotFound)
	}
}

func (h *things) make(w http.ResponseWriter, r *http.Request) {
	var body struct{ Name string }
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Name == "bad" {
		fakeapi.Problem(w, http.StatusUnprocessableEntity)
		return
	}
	id := fmt.Sprintf("0b7e2f3c-5a61-4d8e-9f20-6c4a1b3d2e%02d", len(h.made))
	h.made[id] = body.Name
	if h.fault != "no-location" {
		w.Header().Set("Location", "/thing/"+id)
	}
	thing := map[string]string{"thingId": id, "name": body.Name}
	if h.fault == "bad-body" {
		delete(thing, "name")
	}
	fakeapi.Answer(w, http.StatusCreated, thing)
}

func TestCall(t *testing.T) {
	tests := []struct {
		name, fault, method, route, path, body string
		want                                   string
	}{
		{"made", "", "POST", "/thing/make-thing", "/thing/make-thing", `{"name":"a"}`, ""},
		{"refused by a rule", "", "POST", "/thing/make-thing", "/thing/make-thing", `{"name":"bad"}`, ""},
		{"a request the document refuses", "", "POST", "/thing/make-thing", "/thing/make-thing", `{"name":""}`, "does not match openapi.yaml"},
		{"a route the document lacks", "", "PUT", "/thing/{id}", "/thing/x", "", "openapi.yaml has no operation PUT /thing/{id}"},
		{"a status the document lacks", "500", "GET", "/thing/{id}", "/thing/x", "", "answered 500, which openapi.yaml does not list"},
		{"a media type the document lacks", "text", "GET", "/thing/{id}", "/thing/x", "", `as "text/plain", which openapi.yaml does not list`},
		{"a required header missing", "no-location", "POST", "/thing/make-thing", "/thing/make-thing", `{"name":"a"}`, "without its header Location"},
		{"an answer the document refuses", "bad-body", "POST", "/thing/make-thing", "/thing/make-thing", `{"name":"a"}`, "does not match openapi.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := contracttest.NewAPI(t, &things{made: map[string]string{}, fault: tt.fault}, "openapi.yaml")
			var body []byte
			if tt.body != "" {
				body = []byte(tt.body)
			}
			tbspy.Want(t, tt.want, func(tb testing.TB) { api.Call(tb, tt.method, tt.route, tt.path, body) })
		})
	}
}

func TestCallEveryOperation(t *testing.T) {
	good := contracttest.NewAPI(t, &things{made: map[string]string{}}, "openapi.yaml")
	tbspy.Want(t, "", good.CallEveryOperation)
	broken := contracttest.NewAPI(t, &things{made: map[string]string{}, fault: "500"}, "openapi.yaml")
	tbspy.Want(t, "answered 500", broken.CallEveryOperation)
}

func TestResource(t *testing.T) {
	const missing = "00000000-0000-4000-8000-000000000000"
	tests := []struct {
		name, make string
		readStatus int
	}{
		{"created, then found", "a", http.StatusOK},
		{"refused, so still missing", "bad", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &things{made: map[string]string{}}
			api := contracttest.NewAPI(t, h, "openapi.yaml")
			tbspy.Want(t, "", func(tb testing.TB) {
				r := api.Resource(missing)
				r.Create(tb, "/thing/make-thing", map[string]string{"name": tt.make}, "thingId")
				r.Read(tb, "/thing/{id}")
			})
			if got := len(h.made); (got == 1) != (tt.readStatus == http.StatusOK) {
				t.Errorf("%d things made", got)
			}
		})
	}
	api := contracttest.NewAPI(t, &things{made: map[string]string{}}, "openapi.yaml")
	tbspy.Want(t, "status 404, want one of [200]", func(tb testing.TB) {
		api.Expect(tb, "GET", "/thing/{id}", "/thing/"+missing, nil, http.StatusOK)
	})
	tbspy.Want(t, "does not match", func(tb testing.TB) {
		api.CheckAnswer(tb, "/thing/{id}", map[string]string{"thingId": "not-a-uuid", "name": "a"})
	})
}

func TestMemberOf(t *testing.T) {
	if got := contracttest.MemberOf(t, []byte(`{"id":"x","n":2}`), "n"); got != "2" {
		t.Errorf("MemberOf: %q", got)
	}
	tbspy.Want(t, "unexpected end", func(tb testing.TB) { contracttest.MemberOf(tb, []byte(`[`), "n") })
}

func TestEvents(t *testing.T) {
	events := contracttest.LoadEvents(t, "asyncapi.yaml", "events")
	good := message.Message{
		ID:     "0b7e2f3c-5a61-4d8e-9f20-6c4a1b3d2e10",
		Type:   "things.thing-made",
		Source: "things",
		Time:   time.Date(2026, time.November, 24, 9, 30, 0, 0, time.UTC),
		Topic:  "things.thing",
		Key:    "0b7e2f3c-5a61-4d8e-9f20-6c4a1b3d2e10",
		Data:   []byte(`{"thingId":"0b7e2f3c-5a61-4d8e-9f20-6c4a1b3d2e10","madeOn":"2026-11-24"}`),
	}
	change := func(f func(m *message.Message)) message.Message {
		m := good
		f(&m)
		return m
	}
	tests := []struct {
		name    string
		m       message.Message
		formats bool
		want    string
	}{
		{"as published", good, true, ""},
		{"no date, formats not checked", change(func(m *message.Message) { m.Data = []byte(`{"thingId":"x","madeOn":"0000-00-00"}`) }), false, ""},
		{"a bad date", change(func(m *message.Message) {
			m.Data = []byte(`{"thingId":"0b7e2f3c-5a61-4d8e-9f20-6c4a1b3d2e10","madeOn":"2026-13-01"}`)
		}), true, "does not match events/things.thing-made.json#"},
		{"a member missing", change(func(m *message.Message) { m.Data = []byte(`{}`) }), false, "does not match"},
		{"another type in ce_type", change(func(m *message.Message) { m.Type = "things.thing-lost" }), true, "#/components/messages/things.thing-made/headers"},
		{"an id that is not a uuid", change(func(m *message.Message) { m.ID = "1" }), true, "headers"},
		{"a key that is not a uuid", change(func(m *message.Message) { m.Key = "k" }), true, "bindings/kafka/key"},
		{"traced, caused by another event", change(func(m *message.Message) {
			m.TraceParent, m.CorrelationID, m.CausationID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "c-1", "7d0f4b1e-2c3a-4e5f-8a9b-0c1d2e3f4a5b"
		}), true, ""},
		{"a malformed traceparent", change(func(m *message.Message) { m.TraceParent = "00-xyz" }), true, "headers"},
		{"a causation id that is not an event id", change(func(m *message.Message) { m.CausationID = "order-1" }), true, "headers"},
		{"another topic", change(func(m *message.Message) { m.Topic = "things.other" }), true, "goes to the topic things.other, which asyncapi.yaml has no channel for"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tbspy.Want(t, tt.want, func(tb testing.TB) {
				events.CheckMessage(tb, events.Schema(tb, "things.thing-made"), "things.thing-made", tt.m, tt.formats)
			})
		})
	}
	events.Published(t, "things.thing-made", good, change(func(m *message.Message) { m.Data = []byte(`{"thingId":"","madeOn":"0000-00-00"}`) }))
	events.Read(t, "things.thing-made", map[string]string{"thingId": good.Key}, map[string]string{"thingId": ""})
	tbspy.Want(t, "things.unknown.json", func(tb testing.TB) { events.Schema(tb, "things.unknown") })
}

func TestMessages(t *testing.T) {
	to := func(n int) (message.Message, error) {
		if n < 0 {
			return message.Message{}, errors.New("negative")
		}
		return message.Message{Key: fmt.Sprint(n)}, nil
	}
	if msgs := contracttest.Messages(t, to, 1, 2); len(msgs) != 2 || msgs[1].Key != "2" {
		t.Errorf("Messages: %v", msgs)
	}
	tbspy.Want(t, "negative", func(tb testing.TB) { contracttest.Messages(tb, to, 1, -1) })
}
