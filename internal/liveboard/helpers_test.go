package liveboard

import (
	"testing"

	"eventstorm/model"
)

// rentalModel is a model of the tests' own: an event two commands emit,
// an event read by a policy and a read model of another context, and a
// context that reads nothing.
const rentalModel = `eventstorm: 1
system: Bike Rental
contexts:
  - name: Fleet
    aggregates:
      - name: Bike
        fields: { model: string, reason: string }
        commands:
          - name: Register Bike
            actor: Manager
            creates: true
            fields: { model: string }
            emits: [Bike Registered]
          - name: Retire Bike
            fields: { reason: string }
            emits: [Bike Retired]
          - name: Report Theft
            fields: { reason: string }
            emits: [Bike Retired]
        events:
          - name: Bike Registered
            fields: { model: string }
          - name: Bike Retired
            fields: { reason: string }
  - name: Rentals
    aggregates:
      - name: Rental
        fields: { bikeId: uuid, reason: string }
        commands:
          - name: Start Rental
            actor: Rider
            creates: true
            fields: { bikeId: uuid }
            emits: [Rental Started]
          - name: End Rental
            fields: { reason: string }
            emits: [Rental Ended]
        events:
          - name: Rental Started
            fields: { bikeId: uuid }
          - name: Rental Ended
            fields: { reason: string }
    policies:
      - name: End rentals of retired bikes
        when: Fleet.Bike Retired
        then: End Rental
        target: bikeId
    readModels:
      - name: Bikes Available
        key: bikeId
        fields: { bikeId: uuid, model: string, status: string }
        from:
          - event: Fleet.Bike Registered
            set: { status: available }
`

// loadModel loads and validates a model, failing the test if it is
// invalid.
func loadModel(t *testing.T, data string) *model.Model {
	t.Helper()
	m, diags := model.Load("eventstorm.yaml", []byte(data))
	if m != nil {
		diags = append(diags, model.Validate(m)...)
	}
	if diags.HasErrors() {
		t.Fatalf("the test's model is invalid:\n%v", diags.Errors())
	}
	return m
}
