package golang

import (
	"fmt"
	"strconv"

	"eventstorm/generator/ir"
	"eventstorm/model"
)

// kafkaBinding is the version of the AsyncAPI Kafka bindings used.
const kafkaBinding = "0.5.0"

// deadLetterMessage is the components/messages entry of a dead letter; a
// ce_type has a dot, so no event's entry is named so.
const deadLetterMessage = "dead-letter"

// asyncAPI emits api/asyncapi.yaml: AsyncAPI 3.0 of the topics the service
// publishes and reads, each event a message with its CloudEvents headers,
// its key and its payload's schema, and the consumer group it reads in.
func (s *service) asyncAPI() {
	consumed := s.x.Consumed
	if len(s.c.Aggregates) == 0 && len(consumed) == 0 {
		return // no Kafka adapter either
	}
	// Topics are kebab-case with dots: they need no escaping in a $ref.
	ss := s.newSchemas(componentSchemas)
	messages := &obj{}
	for _, e := range s.contractEvents() {
		ss.defs[s.schemaName(e.Aggregate.Context, e.Ident())] = ss.eventSchema(e)
		messages.set(ir.EventType(s.m, e), s.eventMessage(e))
		s.earlierMessages(ss, messages, e)
	}
	channels, operations := &obj{}, &obj{}
	for _, a := range s.c.Aggregates {
		topic := ir.Topic(s.m, a)
		channels.set(topic, s.asyncChannel(topic, fmt.Sprintf("The events of the %s aggregate, keyed by its id (%s), so that one %s's events stay in order.", a.Name, a.ID, a.Name), a.Events))
		operations.set("send."+topic, s.asyncOp("send", topic, fmt.Sprintf("The %s service publishes the events of its %ss.", s.c.Name, a.Name), a.Events))
	}
	for _, topic := range s.x.Consumes {
		var events []*model.Event
		for _, e := range consumed {
			if ir.Topic(s.m, e.Aggregate) == topic {
				events = append(events, e)
			}
		}
		a := events[0].Aggregate
		if a.Context != s.c {
			channels.set(topic, s.asyncChannel(topic, fmt.Sprintf("The events of the %s aggregate of the %s context, keyed by its id (%s). The %s service reads the ones listed here and skips the others.", a.Name, a.Context.Name, a.ID, s.c.Name), events))
		}
		operations.set("receive."+topic, s.asyncOp("receive", topic, fmt.Sprintf("The %s service reads these events in its consumer group %s and commits a record's offset only once its effect is stored; an event redelivered after that is skipped by its id.", s.c.Name, s.x.Group), events))
		dlq := topic + "." + s.x.Group + ".dlq"
		channels.set(dlq, (&obj{}).
			set("address", dlq).
			set("description", fmt.Sprintf("Records of %s that the %s service could not handle, after retries with backoff or at once when unreadable.", topic, s.c.Name)).
			set("messages", (&obj{}).set("DeadLetter", refTo("#/components/messages/"+deadLetterMessage))).
			set("bindings", (&obj{}).set("kafka", (&obj{}).set("topic", dlq).set("bindingVersion", kafkaBinding))))
		operations.set("send."+dlq, (&obj{}).
			set("action", "send").
			set("channel", refTo("#/channels/"+dlq)).
			set("summary", "The "+s.c.Name+" service dead-letters the records it cannot handle, so that the partition moves on.").
			set("messages", []any{refTo("#/channels/" + dlq + "/messages/DeadLetter")}).
			set("bindings", (&obj{}).set("kafka", s.clientBinding(false))))
	}
	if len(consumed) > 0 {
		messages.set(deadLetterMessage, deadLetterMsg())
	}

	doc := (&obj{}).
		set("asyncapi", "3.0.0").
		set("info", (&obj{}).
			set("title", s.c.Name).
			set("version", contractVersion).
			set("description", fmt.Sprintf("The events the %s service of %s publishes and reads on Kafka. A record's value is the event's JSON, its key the aggregate's id, and its headers the CloudEvents attributes (binary mode); consumers dispatch on ce_type.", s.c.Name, s.m.System))).
		set("defaultContentType", "application/json").
		set("servers", (&obj{}).set("kafka", (&obj{}).
			set("host", "localhost:9092").
			set("protocol", "kafka").
			set("description", "The brokers of KAFKA_BROKERS; `eventstorm dev` and `eventstorm broker` listen on 127.0.0.1:9092 by default."))).
		set("channels", channels).
		set("operations", operations).
		set("components", (&obj{}).set("schemas", sortedObj(ss.defs)).set("messages", messages))
	s.addDoc("asyncapi.yaml", doc)
}

// asyncChannel is the channel of a topic, with the events given as messages.
func (s *service) asyncChannel(topic, desc string, events []*model.Event) *obj {
	msgs := &obj{}
	for _, e := range events {
		msgs.set(e.Ident(), refTo("#/components/messages/"+ir.EventType(s.m, e)))
		for _, v := range earlierVersions(e) {
			msgs.set(versionIdent(e, v.Version), refTo("#/components/messages/"+earlierMessage(s.m, e, v.Version)))
		}
	}
	return (&obj{}).
		set("address", topic).
		set("description", desc).
		set("messages", msgs).
		set("bindings", (&obj{}).set("kafka", (&obj{}).set("topic", topic).set("bindingVersion", kafkaBinding)))
}

// asyncOp sends or receives events of a topic's channel: every version a
// reader accepts, the current one a producer publishes.
func (s *service) asyncOp(action, topic, summary string, events []*model.Event) *obj {
	var msgs []any
	for _, e := range events {
		msgs = append(msgs, refTo("#/channels/"+topic+"/messages/"+e.Ident()))
		if action != "receive" {
			continue // a producer publishes the current version only
		}
		for _, v := range earlierVersions(e) {
			msgs = append(msgs, refTo("#/channels/"+topic+"/messages/"+versionIdent(e, v.Version)))
		}
	}
	return (&obj{}).
		set("action", action).
		set("channel", refTo("#/channels/"+topic)).
		set("summary", summary).
		set("messages", msgs).
		set("bindings", (&obj{}).set("kafka", s.clientBinding(action == "receive")))
}

// clientBinding names the service's Kafka client, and its consumer group
// for a receiving operation: both are the service's name.
func (s *service) clientBinding(receive bool) *obj {
	name := (&obj{}).set("type", "string").set("enum", jsonList(s.x.Group))
	b := &obj{}
	if receive {
		b.set("groupId", name)
	}
	return b.set("clientId", name).set("bindingVersion", kafkaBinding)
}

// eventMessage is an event as a Kafka record: its CloudEvents headers, its
// key and its payload.
func (s *service) eventMessage(e *model.Event) *obj {
	return s.versionMessage(e, e.CurrentVersion(), e.Ident())
}

// versionMessage is version n of an event as a Kafka record, its payload
// the schema component of ident; the headers name the version's JSON Schema
// when the event has versions.
func (s *service) versionMessage(e *model.Event, n int, ident string) *obj {
	a := e.Aggregate
	str := func(desc string) *obj { return (&obj{}).set("type", "string").set("description", desc) }
	props := (&obj{}).
		set("ce_specversion", str("The CloudEvents version.").set("const", "1.0")).
		set("ce_id", str("The event's id (eventId).").set("format", "uuid")).
		set("ce_type", str("The event's type.").set("const", ir.EventType(s.m, e))).
		set("ce_source", str("The service that published the event.").set("const", ir.Source(s.m, a.Context))).
		set("ce_time", str("When the event occurred (occurredAt), in UTC.").set("format", "date-time")).
		set("content-type", str("The value's media type.").set("const", "application/json"))
	if e.Versioned() {
		desc := fmt.Sprintf("The JSON Schema of the event's version %d (events/ in the api folder).", n)
		if n == 1 {
			desc += " A record without it is version 1 too."
		}
		props.set("ce_dataschema", str(desc).set("const", dataSchema(s.m, e, n)))
	}
	props.
		set("ce_issuedby", str("The subject of the caller whose command recorded the event, when the API authenticated one (AUTH_MODE=jwt); absent when a policy issued the command.")).
		set("traceparent", str("The W3C trace context of the work that recorded the event (CloudEvents distributed tracing extension), when it was traced: its consumers' spans continue the trace.").set("pattern", "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")).
		set("tracestate", str("The W3C tracestate that goes with traceparent, when there is one.")).
		set("ce_correlationid", str("The id of the whole piece of work the event belongs to: the X-Correlation-ID of the request that started it (or a new one), kept by every event it causes, through policies.")).
		set("ce_causationid", str("The id (ce_id) of the event whose handling recorded this one, when a policy issued the command; absent for a command issued over HTTP."))
	headers := (&obj{}).
		set("type", "object").
		set("description", "The CloudEvents attributes, in Kafka binary mode.").
		set("properties", props).
		set("required", jsonList("ce_specversion", "ce_id", "ce_type", "ce_source", "ce_time", "content-type"))
	key := scalarSchema(a.IDType).set("description", fmt.Sprintf("The %s's id (%s).", a.Name, a.ID))
	title, summary := e.Name, fmt.Sprintf("%s of %s, published by the %s service.", e.Name, article(a.Name), a.Context.Name)
	if n != e.CurrentVersion() {
		title = fmt.Sprintf("%s, version %d", e.Name, n)
		summary = fmt.Sprintf("Version %d of %s of %s, published by the %s service before version %d: readers still accept it.", n, e.Name, article(a.Name), a.Context.Name, e.CurrentVersion())
	}
	m := (&obj{}).
		set("name", ident).
		set("title", title).
		set("summary", summary)
	if e.Description != "" {
		m.set("description", e.Description)
	}
	return m.
		set("contentType", "application/json").
		set("headers", headers).
		set("payload", refTo(componentSchemas+s.schemaName(a.Context, ident))).
		set("bindings", (&obj{}).set("kafka", (&obj{}).set("key", key).set("bindingVersion", kafkaBinding)))
}

// earlierMessage is the components/messages entry of an earlier version of
// an event: its ce_type and the version, e.g. shop.ordering.order-placed.v1.
func earlierMessage(m *model.Model, e *model.Event, n int) string {
	return ir.EventType(m, e) + ".v" + strconv.Itoa(n)
}

// earlierMessages adds a message, and its payload's schema, for each
// earlier version of an event.
func (s *service) earlierMessages(ss *schemas, messages *obj, e *model.Event) {
	for _, v := range earlierVersions(e) {
		ident := versionIdent(e, v.Version)
		ss.defs[s.schemaName(e.Aggregate.Context, ident)] = ss.versionSchema(e, v)
		messages.set(earlierMessage(s.m, e, v.Version), s.versionMessage(e, v.Version, ident))
	}
}

// deadLetterMsg is a record a consumer could not handle, as it sends it to
// its dead-letter topic: the record as read, with the error added.
func deadLetterMsg() *obj {
	digits := func(desc string) *obj {
		return (&obj{}).set("type", "string").set("pattern", "^[0-9]+$").set("description", desc)
	}
	return (&obj{}).
		set("name", "DeadLetter").
		set("title", "Dead letter").
		set("summary", "A record that could not be handled, with its key, value and headers as read, and why.").
		set("headers", (&obj{}).
			set("type", "object").
			set("description", "The record's headers as read (its CloudEvents attributes, when it had them), and these.").
			set("properties", (&obj{}).
				set("dlq_error", (&obj{}).set("type", "string").set("description", "Why the record could not be handled.")).
				set("dlq_attempts", digits("How often handling it was tried; 0 when it could not be read.")).
				set("dlq_topic", (&obj{}).set("type", "string").set("description", "The topic the record was read from; eventstorm dlq replay publishes it there again.")).
				set("dlq_partition", digits("The record's partition in its topic.")).
				set("dlq_offset", digits("The record's offset in its topic.")).
				set("dlq_group", (&obj{}).set("type", "string").set("description", "The consumer group that gave up on it."))).
			set("required", jsonList("dlq_error", "dlq_attempts", "dlq_topic", "dlq_partition", "dlq_offset", "dlq_group"))).
		set("payload", (&obj{}).set("description", "The record's value as read: the event's JSON, or whatever could not be read as one.")).
		set("bindings", (&obj{}).set("kafka", (&obj{}).
			set("key", (&obj{}).set("type", "string").set("description", "The record's key as read.")).
			set("bindingVersion", kafkaBinding)))
}
