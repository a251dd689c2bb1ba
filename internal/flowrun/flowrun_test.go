package flowrun

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"eventstorm/model"
)

// scanModel has a read model whose rows are keyed by something a flow
// does not give, so that the runner looks for the row among all rows.
const scanModel = `eventstorm: 1
system: Shop
contexts:
  - name: Ordering
    aggregates:
      - name: Order
        commands:
          - name: Place Order
            creates: true
            fields: { customerId: string }
            emits: [Order Placed]
        events:
          - name: Order Placed
            fields: { customerId: string }
    readModels:
      - name: Customer Orders
        key: customerId
        fields: { customerId: string, status: string }
        from:
          - event: Order Placed
            set: { status: placed }
flows:
  - name: a placed order shows
    when: { Ordering.Place Order: { customerId: c2 } }
    then:
      - { Ordering.Customer Orders: { status: placed } }
`

// fakeSystem serves the routes of scanModel's service: the command adds
// a row a moment later when adds is set.
type fakeSystem struct {
	mu   sync.Mutex
	rows []map[string]any
	adds bool
}

func (s *fakeSystem) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/order/place-order":
		var body map[string]any
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body["customerId"] != "c2" {
			http.Error(w, `{"detail":"bad body"}`, http.StatusBadRequest)
			return
		}
		if s.adds {
			time.AfterFunc(200*time.Millisecond, func() {
				s.mu.Lock()
				defer s.mu.Unlock()
				s.rows = append(s.rows, map[string]any{"customerId": "c2", "status": "placed"})
			})
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"orderId":"0b7c2f8e-8f6c-4c57-9d0e-3b1f2a6d9c41","version":1}`))
	case r.Method == http.MethodGet && r.URL.Path == "/customer-orders" && r.URL.Query().Get("limit") != "":
		s.mu.Lock()
		defer s.mu.Unlock()
		_ = json.NewEncoder(w).Encode(map[string]any{"items": s.rows})
	default:
		http.NotFound(w, r)
	}
}

func runScanFlow(t *testing.T, sys *fakeSystem) Result {
	t.Helper()
	m, diags := model.Load("eventstorm.yaml", []byte(scanModel))
	if m == nil || diags.HasErrors() {
		t.Fatalf("the model does not load: %v", diags)
	}
	if diags := model.Validate(m); diags.HasErrors() {
		t.Fatalf("the model is invalid: %v", diags)
	}
	srv := httptest.NewServer(sys)
	defer srv.Close()
	r, err := New(Options{Model: m, URLs: map[*model.Context]string{m.Contexts[0]: srv.URL}, Timeout: time.Second, Poll: 20 * time.Millisecond}, m.Flows)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	return r.Run(context.Background(), m.Flows[0])
}

func TestARowFoundAmongAllRowsMustBeNew(t *testing.T) {
	// c1's row has the values already: it proves nothing.
	old := map[string]any{"customerId": "c1", "status": "placed"}

	res := runScanFlow(t, &fakeSystem{rows: []map[string]any{old}, adds: true})
	if !res.Passed() {
		t.Errorf("the new row was not found: %v", res.Failures)
	}
	if len(res.Seen) != 1 || res.Seen[0].After < 150*time.Millisecond {
		t.Errorf("the row was seen %v, want once, after it was added", res.Seen)
	}

	res = runScanFlow(t, &fakeSystem{rows: []map[string]any{old}})
	if res.Passed() || len(res.Failures) != 1 {
		t.Fatalf("a row older than the command passes the flow: %v", res.Failures)
	}
	for _, want := range []string{
		"eventstorm.yaml:26:11: then Ordering.Customer Orders { status: placed }: not seen within 1s\n",
		"GET /customer-orders has 1 row, none new",
	} {
		if !strings.Contains(res.Failures[0], want) {
			t.Errorf("the failure does not say %q:\n%s", want, res.Failures[0])
		}
	}
}
