package message

import (
	"fmt"
	"strconv"
	"strings"
)

// DataSchema is the ce_dataschema of version n of the event of type ceType:
// the path, relative to the producer's api folder, of that version's JSON
// Schema, e.g. events/shop.ordering.order-placed.v2.json.
func DataSchema(ceType string, n int) string {
	return "events/" + ceType + ".v" + strconv.Itoa(n) + ".json"
}

// Version is the version of the event a message holds, read from its
// ce_dataschema: 1 when there is none, since an event published before it
// had versions carries none. A data schema that does not end in
// .v<n>.json, n a whole number from 1 up, is an error, which makes the
// message poison.
func Version(m Message) (int, error) {
	if m.DataSchema == "" {
		return 1, nil
	}
	rest, ok := strings.CutSuffix(m.DataSchema, ".json")
	i := strings.LastIndex(rest, ".v")
	if !ok || i < 0 {
		return 0, fmt.Errorf("the ce_dataschema %q names no version (.v<n>.json)", m.DataSchema)
	}
	n, err := strconv.Atoi(rest[i+2:])
	if err != nil || n < 1 || strings.HasPrefix(rest[i+2:], "+") || strings.HasPrefix(rest[i+2:], "0") {
		return 0, fmt.Errorf("the ce_dataschema %q names no version (.v<n>.json)", m.DataSchema)
	}
	return n, nil
}
