package model

import (
	"strconv"
	"strings"
)

// String is the value as the model writes it, for messages: a scalar as
// written (quoted where it would read as something else unquoted, such as
// the text "12.50"), [a, b] for a list, { a: 1, b: x } for a mapping.
func (v *Value) String() string {
	switch v.Kind {
	case ListValue:
		items := make([]string, len(v.Items))
		for i, item := range v.Items {
			items[i] = item.String()
		}
		return "[" + strings.Join(items, ", ") + "]"
	case MapValue:
		return FieldValuesString(v.Fields)
	}
	if v.Tag == "!!str" && looksTyped(v.Text) {
		return strconv.Quote(v.Text)
	}
	return v.Text
}

// FieldValuesString is field values as the model writes them:
// { a: 1, b: x }.
func FieldValuesString(vals []*FieldValue) string {
	parts := make([]string, len(vals))
	for i, fv := range vals {
		parts[i] = fv.Name + ": " + fv.Value.String()
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

// looksTyped says that a text would read as something other than a string
// if written unquoted.
func looksTyped(s string) bool {
	if s == "" || s != strings.TrimSpace(s) {
		return true
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return true
	}
	switch strings.ToLower(s) {
	case "true", "false", "null", "~", "yes", "no":
		return true
	}
	return false
}
