package generator_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"eventstorm/samples"
)

// fieldKinds is a model whose command carries a field of every kind: each
// reaches the aggregate's state through the event, and a read model of
// another context through Kafka.
const fieldKinds = `eventstorm: 1
system: Kinds
contexts:
  - name: Sales
    types:
      - name: Address
        fields: { street: string, city: string, zip: optional string }
      - name: Tier
        enum: [basic, gold]
    aggregates:
      - name: Deal
        fields: &all
          title: string
          qty: int
          price: decimal
          weight: float
          gift: bool
          ref: uuid
          due: date
          at: time
          note: optional string
          later: optional time
          tags: list of string
          ship: Address
          extra: optional Address
          stops: list of Address
          tier: Tier
          tiers: list of Tier
        commands:
          - name: Open Deal
            creates: true
            fields: *all
            emits: [Deal Opened]
        events:
          - name: Deal Opened
            fields: *all
  - name: Reports
    types:
      - name: Address
        fields: { street: string, city: string, zip: optional string }
      - name: Tier
        enum: [basic, gold]
    readModels:
      - name: Deal Report
        key: dealId
        fields:
          dealId: uuid
          <<: *all
        from:
          - Sales.Deal Opened
`

// sentDeal is Open Deal's body: every kind of value, with a decimal whose
// scale must survive and an optional left out.
const sentDeal = `{
  "title": "a deal", "qty": 3, "price": "12.50", "weight": 1.5, "gift": true,
  "ref": "0b7e2f3c-5a61-4d8e-9f20-6c4a1b3d2e10", "due": "2026-11-24",
  "at": "2026-11-24T09:30:00Z", "note": "fragile",
  "tags": ["a", "b"], "ship": {"street": "1 Main St", "city": "Springfield", "zip": "12345"},
  "extra": {"street": "2 Side St", "city": "Shelbyville"},
  "stops": [{"street": "3 Hill Rd", "city": "Ogdenville"}],
  "tier": "gold", "tiers": ["basic", "gold"]
}`

// TestEveryFieldKindArrives sends a command with a field of every kind and
// reads each value back, as sent, from the aggregate's state and from the
// read model another context keeps of its event.
func TestEveryFieldKindArrives(t *testing.T) {
	s := samples.Sample{Name: "kinds", Data: []byte(fieldKinds)}
	_, addrs := runSystem(t, s, "sales", "reports")
	resp, err := http.Post("http://"+addrs["sales"]+"/deal/open-deal", "application/json", strings.NewReader(sentDeal))
	if err != nil {
		t.Fatal(err)
	}
	var created map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&created); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("open deal: %d %v %v", resp.StatusCode, created, err)
	}
	resp.Body.Close()
	id, _ := created["dealId"].(string)
	var want map[string]any
	if err := json.Unmarshal([]byte(sentDeal), &want); err != nil {
		t.Fatal(err)
	}
	state := getJSON(t, "http://"+addrs["sales"]+"/deal/"+id, func(map[string]any) bool { return true })
	row := getJSON(t, "http://"+addrs["reports"]+"/deal-report/"+id, func(map[string]any) bool { return true })
	for where, got := range map[string]map[string]any{"the state": state, "the read model": row} {
		for name, sent := range want {
			if !reflect.DeepEqual(got[name], sent) {
				t.Errorf("%s has %s = %#v, sent %#v", where, name, got[name], sent)
			}
		}
		if v, ok := got["later"]; ok {
			t.Errorf("%s has later = %#v, an optional time never sent", where, v)
		}
	}
}
