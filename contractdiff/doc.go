// Package contractdiff compares two versions of a model and classifies
// each change of a published contract as breaking or compatible, for
// `eventstorm diff` (docs/diff.md is the user's version of these rules).
//
// A context's published contracts are what other parties built against it:
// the events it publishes (their topic, their ce_type and their JSON), read
// by the contexts whose policies and read models name them, its own
// included; and its HTTP API (golang.Routes), used by clients: command
// bodies, the state of its aggregates, the rows of its read models.
// Policies, scenarios, rules, external systems, hotspots, descriptions and
// relationships are not contracts and are not compared.
//
// Elements are paired across the versions by identifier (the kebab-case
// of code or name), else by name, so that a change of one of the two is a
// rename; contexts and aggregates still unpaired are paired with the one
// they share the most events and commands with.
//
// A change breaks when a consumer built from OLD fails on what NEW does:
//
//   - an event removed, moved to another topic, or whose ce_type changes
//     (renaming the system, its context, or its code), or an aggregate
//     whose topic is renamed (renaming the system, the context or the
//     aggregate): its readers no longer receive it;
//   - an event field removed, unless it was optional, or retyped so that
//     the readers' copy cannot decode what NEW writes;
//   - a route removed or moved (a command, aggregate or read model removed
//     or renamed, `creates` toggled), a context removed or renamed (its
//     service's name), an aggregate's id renamed or retyped;
//   - a command field removed (clients still send it and the service
//     ignores it), retyped so that NEW cannot decode what clients send, or
//     added as required (clients do not send it); an optional one added is
//     compatible;
//   - a field of an aggregate's state or a read model's rows removed or
//     retyped as for events, since HTTP clients read them; a read model's
//     key renamed, or retyped unless it decodes both ways, since clients
//     both write it in the route and read it in rows.
//
// Who writes and who reads decides a change of type: readers of events and
// answers decode what NEW writes with OLD's type; a service decodes what
// clients send, written with OLD's type, with NEW's. A value written as W
// reads as R when (see readable):
//
//   - R is optional T: W is T or optional T with T readable (absence is
//     fine);
//   - W is optional and R is not: it breaks, as a producer may now omit a
//     value the reader requires, and generated code would read a zero value
//     without telling; except that an optional list and a list are both a
//     slice, where absent means empty;
//   - lists read as lists of readable elements;
//   - scalars read as themselves, and widen: int as float or decimal,
//     float as decimal (a JSON number), and decimal, uuid, time, date and
//     enums as string (they are written as JSON strings). Narrowing
//     (float to int, string to uuid) breaks;
//   - an enum reads as an enum holding every value W may write: adding a
//     value breaks event readers, removing one breaks command clients;
//   - a value object reads as one whose every required field W has, each
//     readable; extra fields are ignored, except in what clients send,
//     where an ignored field breaks as a removed command field does.
//     Named types compare by shape, not by name.
//
// Event versions (docs/versions.md): the producer publishes an event's
// current version and a reader's copy accepts every version its model
// lists. A new current version is compatible while the one published
// before stays listed under `earlier:` (its readers are released first,
// see PlanReleases); replacing it without keeping it breaks the readers,
// as no order of releases is safe. An earlier version dropped is
// compatible: the producer no longer publishes it, and released readers
// reject only the records of it still unread. A version kept in both is
// compared as the records written with OLD's fields read by NEW's copy.
//
// Additions are compatible: events (consumers skip types they do not
// know), fields of events and answers (decoders ignore unknown keys),
// optional command fields, commands, aggregates, read models, contexts.
// A change that would break the readers of an event no context reads is
// compatible and marked "no reader". A reader is a context of OLD that NEW
// keeps: it runs today with its own copy of the event and keeps it until it
// is regenerated and deployed, so a change that removes a field together
// with its reader still breaks (remove the reader first); a context NEW
// removes reads nothing any more.
package contractdiff
