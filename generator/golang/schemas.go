package golang

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"eventstorm/generator/genfile"
	"eventstorm/generator/ir"
	"eventstorm/model"
	"eventstorm/model/names"
)

// Schema registry (issue #18, docs/schema-registry.md). A service that
// publishes events hands the runtime the JSON Schema of each, from the
// files of api/events embedded in the package api/events, so that with
// SCHEMA_REGISTRY_URL it registers them under <topic>-<ce_type> and frames
// its records in the registry's wire format; its binary's register-schemas
// argument registers them and exits (make schemas).

// registerSchemasArg is the argument a service's binary registers its
// schemas with, instead of running.
const registerSchemasArg = "register-schemas"

// schemasPkg is the import path of the package holding the service's
// event schemas.
func (s *service) schemasPkg() string { return s.pkg("api/events") }

// registersSchemas reports whether the service has schemas to register:
// it publishes events.
func (s *service) registersSchemas() bool {
	return s.x.Records
}

// registeredEvents are the events the service publishes, by aggregate.
func (s *service) registeredEvents() []*model.Event {
	var out []*model.Event
	for _, a := range s.c.Aggregates {
		out = append(out, a.Events...)
	}
	return out
}

// registeredVersions are the versions of an event the service registers:
// every one it lists, earlier ones too, so that make schemas on a new
// registry holds what readers may still receive (registering a schema
// again is a no-op). Each version has a subject of its own
// (schemareg.Schema.Subject).
func registeredVersions(e *model.Event) []int {
	var out []int
	for _, v := range e.Versions() {
		out = append(out, v.Version)
	}
	return out
}

// schemaVar is the variable holding an event's embedded JSON Schema.
func schemaVar(e *model.Event) string { return names.GoUnexported(e.Ident()) + "Schema" }

// eventSchemas emits api/events/events_gen.go: the JSON Schema of each
// event the service publishes, embedded from its file, and Published,
// their list for the schema registry.
func (s *service) eventSchemas() {
	if !s.registersSchemas() {
		return
	}
	g := s.newSource(s.schemasPkg(), "events", genfile.Generated)
	g.blankImport("embed")
	g.packageDoc("Package events holds the JSON Schema of each event the %s service publishes or reads (the .json files beside this one) and hands those it publishes to the schema registry.", s.c.Name)
	var entries [][]keyValue
	for _, e := range s.registeredEvents() {
		for _, v := range registeredVersions(e) {
			name, file := schemaVar(e), eventSchemaFile(s.m, e)
			what := e.Name
			if e.Versioned() {
				name += "V" + strconv.Itoa(v)
				file = dataSchema(s.m, e, v)
				what = fmt.Sprintf("version %d of %s", v, e.Name)
			}
			g.comment("%s is the JSON Schema of %s.", name, what)
			g.text("//")
			g.text("//go:embed " + strings.TrimPrefix(file, "events/"))
			g.line("var %s string", name)
			g.line("")
			entries = append(entries, []keyValue{
				{"Topic", strconv.Quote(ir.Topic(s.m, e.Aggregate))},
				{"Record", strconv.Quote(ir.EventType(s.m, e))},
				{"Version", strconv.Itoa(v)},
				{"JSON", name},
			})
		}
	}
	subject := "<topic>-<ce_type>"
	if slices.ContainsFunc(s.registeredEvents(), (*model.Event).Versioned) {
		subject += " (with .v<n> after it for a version n above 1)"
	}
	g.comment("Published are the JSON Schemas of the events the service publishes, one per version. With SCHEMA_REGISTRY_URL the service registers each under the subject %s at start-up, and `%s` registers them and exits.", subject, registerSchemasArg)
	g.line("var Published = []%s{", g.q(s.platformPkg("schemareg"), "Schema"))
	for _, items := range entries {
		g.literal("", items, ",")
	}
	g.line("}")
	s.addSource(path.Join("api", "events", "events_gen.go"), g)
}

// registryDoc is what the service's command doc says of the schema
// registry, when the service registers schemas.
func (s *service) registryDoc() string {
	if !s.registersSchemas() || s.layout == ir.LayoutMonolith {
		return ""
	}
	return " SCHEMA_REGISTRY_URL (with SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD, SCHEMA_REGISTRY_CA_FILE, SCHEMA_REGISTRY_CERT_FILE and SCHEMA_REGISTRY_KEY_FILE, SCHEMA_REGISTRY_COMPATIBILITY, default BACKWARD) registers its events' JSON Schemas at start-up and frames its records in the registry's wire format; without it records are plain JSON. With the argument " + registerSchemasArg + " it only registers them."
}
