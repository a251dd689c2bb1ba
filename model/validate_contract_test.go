package model

import "testing"

// handling publishes Cargo Handled, whose fields carry its types; the
// reading context given follows it, from line 21.
func handling(reader string) string {
	return doc(`
		- name: Handling
		  types:
		    - { name: Handling Type, enum: [load, unload, customs, claim] }
		    - { name: Status, enum: [ok, late] }
		    - { name: Address, fields: { street: string, city: string } }
		    - { name: Location, fields: { code: string, address: Address, tags: list of string } }
		    - { name: Voyage, fields: { number: string } }
		    - { name: Unused, enum: [a] }
		  aggregates:
		    - name: Cargo
		      commands:
		        - name: Handle Cargo
		          creates: true
		          fields: { type: Handling Type, status: Status, location: optional Location, voyages: list of Voyage }
		          emits: [Cargo Handled]
		      events:
		        - name: Cargo Handled
		          fields: { type: Handling Type, status: Status, location: optional Location, voyages: list of Voyage }
		`) + indent(dedent(reader), 2)
}

func TestValidateContracts(t *testing.T) {
	runCases(t, []tcase{
		{name: "same shapes", yaml: handling(`
			- name: Booking
			  types:
			    - { name: Handling Type, enum: [claim, customs, unload, load, lost] }
			    - { name: Address, fields: { city: string, street: string } }
			    - { name: Location, fields: { code: string, address: Address, tags: "string[]" } }
			    - { name: Unused, fields: { a: int } }
			  readModels:
			    - name: Handlings
			      fields: { cargoId: uuid, type: Handling Type, location: optional Location }
			      from: [Handling.Cargo Handled]
			`), want: nil},
		{name: "different shapes", yaml: handling(`
			- name: Booking
			  types:
			    - { name: Handling Type, fields: { code: string } }
			    - { name: Status, enum: [late] }
			    - { name: Address, fields: { street: string, city: int, zip: string } }
			    - { name: Location, fields: { code: int, address: optional Address, port: string } }
			    - { name: Voyage, code: Voyage, enum: [v1] }
			  aggregates:
			    - name: Booking
			      commands:
			        - { name: Book, creates: true, emits: [Booked] }
			        - { name: Note Handling, fields: { status: Status }, emits: [Handling Noted] }
			      events:
			        - name: Booked
			        - { name: Handling Noted, fields: { status: Status } }
			  policies:
			    - name: Note handlings
			      when: Handling.Cargo Handled
			      then: Note Handling
			      target: cargoId
			  readModels:
			    - name: Handlings
			      fields: { cargoId: uuid, status: Status }
			      from: [Handling.Cargo Handled]
			`), want: []want{
			E("39:15", "Booking's Address (line 26:9) has \"city\" as int, but Handling.Cargo Handled sends it as string in Handling's Address (line 8:9); make the types agree"),                                                                  // "Handling.Cargo Handled"
			E("39:15", "Booking's Address (line 26:9) has a field \"zip\" that Handling's Address (line 8:9), sent in Handling.Cargo Handled, lacks; a value object named like the publisher's has its fields, so remove it or add it to both"),    // "Handling.Cargo Handled"
			E("39:15", "Booking's Handling Type (line 24:9) is a value object; Handling.Cargo Handled sends Handling's Handling Type (line 6:9), an enum; declare it as Handling does, or give it another name"),                                   // "Handling.Cargo Handled"
			E("39:15", "Booking's Location (line 27:9) has \"address\" as optional Address, but Handling.Cargo Handled sends it as Address in Handling's Location (line 9:9); make the types agree"),                                               // "Handling.Cargo Handled"
			E("39:15", "Booking's Location (line 27:9) has \"code\" as int, but Handling.Cargo Handled sends it as string in Handling's Location (line 9:9); make the types agree"),                                                                // "Handling.Cargo Handled"
			E("39:15", "Booking's Location (line 27:9) has a field \"port\" that Handling's Location (line 9:9), sent in Handling.Cargo Handled, lacks; a value object named like the publisher's has its fields, so remove it or add it to both"), // "Handling.Cargo Handled"
			E("39:15", "Booking's Location (line 27:9) has no field \"tags\", which Handling.Cargo Handled sends in Handling's Location (line 9:9); add tags: list of string"),                                                                     // "Handling.Cargo Handled"
			E("39:15", "Booking's Status (line 25:9) lacks \"ok\", which Handling.Cargo Handled may send in Handling's Status (line 7:9); add it to the enum"),                                                                                     // "Handling.Cargo Handled"
			E("39:15", "Booking's Voyage (line 28:9) is an enum; Handling.Cargo Handled sends Handling's Voyage (line 10:9), a value object; declare it as Handling does, or give it another name"),                                                // "Handling.Cargo Handled"
		}},
		{name: "paired by identifier, once per reading context", yaml: handling(`
			- name: Booking
			  types:
			    - { name: Kind of handling, code: Handling Type, enum: [load] }
			  readModels:
			    - name: Handlings
			      fields: { cargoId: uuid, type: Kind of handling }
			      from: [Handling.Cargo Handled]
			    - name: More Handlings
			      fields: { cargoId: uuid, type: Kind of handling }
			      from: [Handling.Cargo Handled]
			- name: Billing
			  types:
			    - { name: Handling Type, enum: [load, unload] }
			  readModels:
			    - name: Handlings
			      fields: { cargoId: uuid, type: Handling Type }
			      from: [Handling.Cargo Handled]
			`), want: []want{
			E("28:16", "Booking's Kind of handling (line 24:9) lacks \"unload\", \"customs\", \"claim\", which Handling.Cargo Handled may send in Handling's Handling Type (line 6:9); add them to the enum"), // "[Handling.Cargo Handled]"
			E("38:16", "Billing's Handling Type (line 34:9) lacks \"customs\", \"claim\", which Handling.Cargo Handled may send in Handling's Handling Type (line 6:9); add them to the enum"),                // "[Handling.Cargo Handled]"
		}},
	})
}
