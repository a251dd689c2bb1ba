package outbox

import (
	"strconv"
	"strings"

	"eventstorm/platform/database"
	"eventstorm/platform/message"
)

// maxTraceState bounds the tracestate kept with an event, in bytes, as the
// W3C recommends propagating at least 512 characters of it.
const maxTraceState = 512

// addText is the column name, a VARCHAR(size) not null and empty by
// default, added to an eventstorm_outbox made before it existed.
func addText(name string, size int) database.Column {
	def := name + " VARCHAR(" + strconv.Itoa(size) + ") NOT NULL DEFAULT ''"
	return database.Column{Name: name, Add: [2]string{
		database.Postgres: "ALTER TABLE eventstorm_outbox ADD COLUMN IF NOT EXISTS " + def,
		database.MySQL:    "ALTER TABLE eventstorm_outbox ADD COLUMN " + def,
	}}
}

// traceColumns are m's trace context as stored: a traceparent longer than
// a valid one, or a tracestate longer than maxTraceState, is left out
// rather than fail the command that records m.
func traceColumns(m message.Message) (parent, state string) {
	if len(m.TraceParent) > 64 || len(m.TraceState) > maxTraceState {
		return "", ""
	}
	return m.TraceParent, m.TraceState
}

// clip is s cut to at most n bytes, on a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
