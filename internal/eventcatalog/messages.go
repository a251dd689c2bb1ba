package eventcatalog

import (
	"encoding/json"
	"fmt"
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"eventstorm/generator/ir"
	"eventstorm/model"
)

// schemaFile is the name of a message's JSON Schema beside its page.
const schemaFile = "schema.json"

// service adds a context's service: it receives its aggregates' commands
// (over HTTP) and the events it consumes (from their topics), and sends its
// aggregates' events to their topics.
func (c *catalog) service(x *ir.Context) {
	fm := FrontMatter{ID: ServiceID(x.Context), Name: x.Name, Version: Version, Summary: summary(x.Description, "The "+x.Name+" bounded context.")}
	for _, a := range x.Aggregates {
		for _, cmd := range a.Commands {
			fm.Receives = append(fm.Receives, Ref{ID: CommandID(c.m, cmd), Version: Version})
		}
	}
	for _, e := range x.Consumed {
		fm.Receives = append(fm.Receives, Ref{ID: EventID(c.m, e), Version: Version, From: channel(c.m, e)})
	}
	for _, a := range x.Aggregates {
		for _, e := range a.Events {
			fm.Sends = append(fm.Sends, Ref{ID: EventID(c.m, e), Version: Version, To: channel(c.m, e)})
		}
	}
	c.page("services/"+fm.ID, fm, "<NodeGraph />\n")
}

// channel is the channel an event travels on: its aggregate's topic.
func channel(m *model.Model, e *model.Event) []Ref {
	return []Ref{{ID: ir.Topic(m, e.Aggregate), Version: Version}}
}

// messages adds the pages and schemas of a context's events and commands.
func (c *catalog) messages(x *ir.Context) error {
	for _, a := range x.Aggregates {
		for _, e := range a.Events {
			p := path.Join(x.Dir, "api", "events", ir.EventType(c.m, e)+".json")
			schema, ok := c.planned[p]
			if !ok {
				return fmt.Errorf("the generator wrote no schema %s for event %s", p, e.Name)
			}
			c.message("events/"+EventID(c.m, e), e.Element, "The "+e.Name+" event of the "+a.Name+".", schema)
		}
	}
	spec, err := c.openAPI(x)
	if err != nil || spec == nil {
		return err
	}
	for _, a := range x.Aggregates {
		for _, cmd := range a.Commands {
			schema, err := commandSchema(spec, cmd.Ident())
			if err != nil {
				return fmt.Errorf("command %s: %w", cmd.Name, err)
			}
			c.message("commands/"+CommandID(c.m, cmd), cmd.Element, "The "+cmd.Name+" command of the "+a.Name+".", schema)
		}
	}
	return nil
}

// message adds a message's page with its schema beside it.
func (c *catalog) message(dir string, el model.Element, def string, schema []byte) {
	fm := FrontMatter{ID: path.Base(dir), Name: el.Name, Version: Version, Summary: summary(el.Description, def), SchemaPath: schemaFile}
	c.page(dir, fm, "<NodeGraph />\n\n<SchemaViewer file=\""+schemaFile+"\" />\n")
	c.files = append(c.files, File{Path: path.Join(dir, schemaFile), Bytes: schema})
}

// openAPI reads the generated OpenAPI document of a context, nil when the
// context has none (it has no aggregates).
func (c *catalog) openAPI(x *ir.Context) (map[string]any, error) {
	data, ok := c.planned[path.Join(x.Dir, "api", "openapi.yaml")]
	if !ok {
		return nil, nil
	}
	var spec map[string]any
	if err := yaml.Unmarshal(data, &spec); err != nil {
		return nil, fmt.Errorf("reading the generated OpenAPI document of %s: %w", x.Name, err)
	}
	return spec, nil
}

// componentRef is where OpenAPI references a component schema.
const componentRef = "#/components/schemas/"

// commandSchema is the JSON Schema (draft 2020-12) of a command's request
// body: its OpenAPI component, with the components it references moved
// into $defs.
func commandSchema(spec map[string]any, name string) ([]byte, error) {
	components, _ := dig(spec, "components", "schemas").(map[string]any)
	root, ok := components[name].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("no schema %s in the generated OpenAPI document", name)
	}
	defs := map[string]any{}
	doc := rewrite(root, components, defs).(map[string]any)
	doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	if len(defs) > 0 {
		doc["$defs"] = defs
	}
	// encoding/json sorts map keys: the same schema gives the same bytes.
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// rewrite copies a schema, pointing its component references at $defs and
// copying the components they name there.
func rewrite(v any, components, defs map[string]any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, val := range v {
			ref, isRef := val.(string)
			if k == "$ref" && isRef && strings.HasPrefix(ref, componentRef) {
				name := strings.TrimPrefix(ref, componentRef)
				out[k] = "#/$defs/" + name
				if _, done := defs[name]; !done {
					defs[name] = nil // stops cycles
					defs[name] = rewrite(components[name], components, defs)
				}
				continue
			}
			out[k] = rewrite(val, components, defs)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, val := range v {
			out[i] = rewrite(val, components, defs)
		}
		return out
	}
	return v
}

// dig walks nested mappings by keys, nil when one is missing.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// channels adds a channel per topic the services publish.
func (c *catalog) channels(xs []*ir.Context) {
	for _, x := range xs {
		for _, a := range x.Aggregates {
			t := ir.Topic(c.m, a)
			fm := FrontMatter{ID: t, Name: t, Version: Version, Summary: "The Kafka topic of the " + a.Name + "'s events, keyed by " + a.ID + ".", Address: t, Protocols: []string{"kafka"}}
			c.page("channels/"+t, fm, "<ChannelInformation />\n")
		}
	}
}
