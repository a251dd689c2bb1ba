package golang

import (
	"bytes"
	"strconv"

	"eventstorm/model"
)

// sampleBody is the JSON of a command's request body with every field the
// API reads set to a sample value, for the generated tests that call the
// API: valid as the API's contract says, so that the command reaches its
// use case.
func sampleBody(a *model.Aggregate, c *model.Command) string {
	var b bytes.Buffer
	writeSampleObject(&b, requestFields(a, c), map[*model.Type]bool{})
	return b.String()
}

// writeSampleObject writes an object of fields with sample values; a value
// object met again inside itself is left out (it can only be optional or a
// list there).
func writeSampleObject(b *bytes.Buffer, fields []*model.Field, busy map[*model.Type]bool) {
	b.WriteByte('{')
	first := true
	for _, f := range fields {
		if t := f.Type.Base(); t.Kind == model.Named && busy[t.Type] {
			continue
		}
		if !first {
			b.WriteString(", ")
		}
		first = false
		b.WriteString(strconv.Quote(f.JSON()) + ": ")
		writeSampleValue(b, f.Type, f.JSON(), busy)
	}
	b.WriteByte('}')
}

// writeSampleValue writes a sample value of t; text is what a string holds.
func writeSampleValue(b *bytes.Buffer, t *model.TypeRef, text string, busy map[*model.Type]bool) {
	switch t.Kind {
	case model.Optional:
		writeSampleValue(b, t.Elem, text, busy)
		return
	case model.List:
		b.WriteByte('[')
		writeSampleValue(b, t.Elem, text, busy)
		b.WriteByte(']')
		return
	case model.Named:
		if t.Type.IsEnum() {
			b.WriteString(strconv.Quote(t.Type.Enum[0].Value))
			return
		}
		busy[t.Type] = true
		writeSampleObject(b, t.Type.Fields, busy)
		delete(busy, t.Type)
		return
	}
	switch t.Scalar {
	case model.Int:
		b.WriteString("1")
	case model.Float:
		b.WriteString("1.5")
	case model.Decimal:
		b.WriteString(`"12.50"`)
	case model.Bool:
		b.WriteString("true")
	case model.Time:
		b.WriteString(`"2026-11-24T09:30:00Z"`)
	case model.Date:
		b.WriteString(`"2026-11-24"`)
	case model.UUID:
		b.WriteString(`"0b7e2f3c-5a61-4d8e-9f20-6c4a1b3d2e10"`)
	default:
		b.WriteString(strconv.Quote(text))
	}
}
