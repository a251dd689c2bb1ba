package tui

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestTmuxClinicWorkshop builds a model no sample resembles, a clinic of
// three contexts, from no file: the big picture at 80×24 (events typed into
// each context with tab, reordered, one pivotal, grouped, their commands
// and actors, a policy across contexts and a read model attached), then
// the design level at 200×50 (an enum and a value object, fields of every
// kind, creates, rules, an aggregate stored as events with a string id, a
// scenario with data, an event's earlier version, an external system and
// its use, a read model's key, constants and delete, hotspots on an actor
// and on a context, a relationship and a flow). The saved file validates
// and means what testdata/clinic.yaml means.
func TestTmuxClinicWorkshop(t *testing.T) {
	file := filepath.Join(t.TempDir(), "eventstorm.yaml")
	x := startTmux(t, file, 80, 24)
	x.waitFor("Name the system")
	x.text("Clinic\rAppointments\rBilling\rNotifications\r\r")
	x.waitFor("This context is empty")
	x.clinicTimeline()

	x.run("resize-window", "-t", x.session, "-x", "200", "-y", "50")
	time.Sleep(200 * time.Millisecond)
	x.clinicAppointments()
	x.clinicBilling()
	x.clinicNotifications()

	x.saveQuitValidate(file)
	data, _ := os.ReadFile(file)
	if got, want := meaning(t, file), meaning(t, "testdata/clinic.yaml"); !reflect.DeepEqual(got, want) {
		t.Errorf("the clinic's model differs from testdata/clinic.yaml:\n%s", data)
	}
	if !strings.Contains(string(data), "- name: Appointment Booked # pivotal\n") {
		t.Errorf("Appointment Booked is not marked pivotal:\n%s", data)
	}
}

// clinicTimeline runs the big picture at 80×24.
func (x *tmux) clinicTimeline() {
	x.text("bAppointment Booked\rAppointment Cancelled\rPatient Checked In\r\r")
	x.waitFor("3.   Patient Checked In")
	x.text("K")
	x.waitFor("2.   Patient Checked In")
	x.keys("Up")
	x.text("*g\rAppointment\r")
	x.waitFor("Appointment Booked belongs to Appointment.")
	x.text("g\r")
	x.waitFor("Patient Checked In belongs to Appointment.")
	x.text("g\r")
	x.waitFor("Appointment Cancelled belongs to Appointment.")
	x.text("kk")
	x.text("cPatient: Book Appointment\r")
	x.waitFor("◀ Book Appoint")
	x.text("jcReceptionist: Check In Patient\r")
	x.waitFor("◀ Check In Pat")
	x.text("jcPatient: Cancel Appointment\r")
	x.waitFor("◀ Cancel Appoi")

	x.keys("Tab")
	x.waitFor("a types new ones into Billing")
	x.text("aInvoice Issued\rPayment Received\r\r")
	x.waitFor("5.   Payment Received")
	x.text("kg\rInvoice\r")
	x.waitFor("Invoice Issued belongs to Invoice.")
	x.text("g\r")
	x.waitFor("Payment Received belongs to Invoice.")
	x.text("cPatient: Record Payment\r")
	x.waitFor("◀ Record Payment")
	x.text("kcIssue Invoice\r")
	x.waitFor("◀ Issue Invoice")

	x.keys("Tab")
	x.waitFor("a types new ones into Notifications")
	x.text("aReminder Sent\r\r")
	x.waitFor("6.   Reminder Sent")
	x.text("g\rReminder\r")
	x.waitFor("Reminder Sent belongs to Reminder.")
	x.text("cSend Reminder\r")
	x.waitFor("◀ Send Remi")
	x.text("kkkkk")
	x.text("PSend Reminder\r")
	x.waitFor("Send Reminder when Appointment Booked")
	x.text("RUpcoming Appointments\r")
	x.waitFor(`Added read model "Upcoming Appointments"`)
	x.keys("Escape")
	x.waitFor("a add")
}

// clinicAppointments designs Appointments: fields, creates, a scenario
// with data, a hotspot on the actor and one on the context.
func (x *tmux) clinicAppointments() {
	x.keys("Tab", "Tab", "Tab") // round the contexts to select the first sticky
	x.waitFor("[Appointments]")
	x.text("ahWho counts as a patient: the guardian too?\r") // Patient is selected
	x.waitFor("(on Patient)")
	x.text("E")
	x.keys("Down", "Down", "Down", "Down", "Down", "Down", "Down", "Enter")
	x.text("Should walk-ins be booked too?\r")
	x.waitFor("hotspots on Appointments (1)")
	x.keys("Escape")

	x.find("Book Appointment")
	x.fields("patientId: string", "at: time")
	x.form(2) // creates
	x.waitFor("creates: yes")
	x.keys("Escape")
	x.find("Appointment Booked")
	x.fields("patientId: string", "at: time")
	x.find("Cancel Appointment")
	x.fields("reason: string")
	x.find("Appointment Cancelled")
	x.fields("reason: string")
	x.find("Book Appointment")
	x.keys("Right")
	x.waitFor(`aggregate "Appointment"`)
	x.fields("patientId: string", "at: time")
	x.form(5) // scenarios
	x.text("a")
	x.keys("C-u")
	x.text(`{ name: a booked appointment can be cancelled, given: [ { Appointment Booked: { patientId: p1 } } ], when: { Cancel Appointment: { reason: sick } }, then: [ { Appointment Cancelled: { reason: sick } } ] }` + "\r")
	x.waitForAll("Scenarios of Appointment", "a booked appointment can be cancelled")
	x.keys("Escape", "Escape")
}

// clinicBilling designs Billing: an enum, a value object, the aggregate's
// id type and store, rules, an earlier version and an external system.
func (x *tmux) clinicBilling() {
	x.keys("Tab")
	x.waitFor("[Billing]")
	x.text("ateInvoice Status\ropen\r")
	x.waitFor("Values of the enum Invoice Status")
	x.text("apaid\r")
	x.text("avoid\r")
	x.keys("Escape")
	x.text("atvMoney\r")
	x.waitFor(`Added type "Money"`)
	x.fields("amount: decimal", "currency: string")

	x.find("Record Payment")
	x.keys("Right")
	x.waitFor(`aggregate "Invoice"`)
	x.fields("status: Invoice Status", "total: Money", "patientId: string")
	x.form(2) // idType
	x.keys("Down", "Enter")
	x.waitFor("idType: string")
	x.keys("Down", "Enter", "Down", "Enter") // store
	x.waitFor("store: events")
	x.keys("Escape")

	x.find("Issue Invoice")
	x.fields("patientId: string", "total: Money", "lines: list of string", "note: optional string")
	x.form(2) // creates
	x.waitFor("creates: yes")
	x.keys("Escape")
	x.find("Invoice Issued")
	x.fields("patientId: string", "total: Money", "status: Invoice Status")
	x.find("Payment Received")
	x.fields("amount: Money")
	x.form(1) // version
	x.text("2\r")
	x.keys("Down", "Down", "Down", "Enter") // earlier versions
	x.text("a")
	x.keys("C-u")
	x.text("{ version: 1, fields: { amount: decimal } }\r")
	x.waitFor("{version: 1, fields: {amount: decimal}}")
	x.keys("Escape", "Escape")

	x.text("axPayment Gateway\r")
	x.form(1) // calls
	x.text("aCharge Card\r")
	x.keys("Escape", "Escape")
	x.find("Record Payment")
	x.fields("amount: Money")
	x.form(3) // rules
	x.text("aamount must be positive\r")
	x.keys("Escape", "Escape")
	x.text("l")
	x.keys("Down", "Down", "Enter") // uses Payment Gateway
	x.waitFor("Linked.")
	x.text("e")
	x.waitFor("emits Payment Received, uses Payment Gateway…")
	x.keys("Escape")
}

// clinicNotifications designs Notifications: the policy's command creates,
// the read model's key, events, constants and delete, then the
// relationship and the flow from the context's form.
func (x *tmux) clinicNotifications() {
	x.keys("Tab")
	x.waitFor("[Notifications]")
	x.find("Send Reminder")
	x.form(2) // creates
	x.waitFor("creates: yes")
	x.keys("Escape")
	x.find("Upcoming Appointments")
	x.fields("appointmentId: uuid", "status: string")
	x.form(1) // key
	x.text("appointmentId\r")
	x.keys("Down", "Down", "Enter", "Down", "Down", "Enter") // fed by Appointment Cancelled too
	x.waitFor("Appointments.Appointment Cancelled…")
	x.keys("Down", "Enter") // what each event sets or deletes
	x.keys("Enter", "Down", "Enter")
	x.text("status: booked\r")
	x.keys("Down", "Enter", "Enter") // Appointment Cancelled deletes the row
	x.waitFor("deletes the row")
	x.keys("Escape", "Escape")

	x.text("E")
	x.keys("Down", "Down", "Down", "Enter") // relationships
	x.text("a")
	x.waitFor("Which context is upstream")
	x.keys("Down", "Enter") // Appointments → Notifications, after Notifications → Appointments
	x.keys("Down", "Down", "Enter")
	x.waitFor("Appointments → Notifications: customer-supplier")
	x.keys("Escape")
	x.keys("Down", "Enter") // flows
	x.text("a")
	x.keys("C-u")
	x.text(`{ name: a booking shows as upcoming, when: { Appointments.Book Appointment: { patientId: p1, at: "2026-12-01T10:00:00Z" } }, then: [Appointments.Appointment Booked, { Notifications.Upcoming Appointments: { status: booked } }] }` + "\r")
	x.waitFor("▶ a booking shows as upcoming") // the list's line, not the prompt's
	x.keys("Escape")
	x.waitFor("hotspots on Notifications")
	x.keys("Down", "Enter")
	x.waitFor("The system's description")
	x.text("Books visits, bills them and reminds patients\r")
	x.waitFor("system description: Books")
	x.keys("Down", "Enter")
	x.waitFor("The system's module")
	x.text("example.com/clinic\r")
	x.waitFor("system module: example.com/clinic")
	x.keys("Escape")
}
