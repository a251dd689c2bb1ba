package flowrun

import (
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"

	"eventstorm/model"
)

// body is the JSON object of the values a flow gives to a command's
// fields, encoded as the generated API decodes them: numbers and booleans
// as JSON numbers and booleans, decimals, times, dates, uuids and enums as
// strings, value objects as objects and lists as arrays.
func body(vals []*model.FieldValue) ([]byte, error) {
	obj := map[string]any{}
	for _, fv := range vals {
		if fv.Field == nil {
			return nil, fmt.Errorf("field %q is unknown", fv.Name)
		}
		v, err := encode(fv.Field.Type, fv.Value)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", fv.Name, err)
		}
		obj[fv.Field.JSON()] = v
	}
	return json.Marshal(obj)
}

// encode is a written value of type t as a value for encoding/json.
func encode(t *model.TypeRef, v *model.Value) (any, error) {
	switch {
	case t.Kind == model.Optional:
		if v.Kind == model.ScalarValue && v.Tag == "!!null" {
			return nil, nil
		}
		return encode(t.Elem, v)
	case t.Kind == model.List:
		if v.Kind != model.ListValue {
			return nil, fmt.Errorf("a list is expected")
		}
		items := make([]any, 0, len(v.Items))
		for _, item := range v.Items {
			x, err := encode(t.Elem, item)
			if err != nil {
				return nil, err
			}
			items = append(items, x)
		}
		return items, nil
	case t.Kind == model.Named && t.Type != nil && !t.Type.IsEnum():
		if v.Kind != model.MapValue {
			return nil, fmt.Errorf("the value object %s is expected", t.Name)
		}
		obj := map[string]any{}
		for _, fv := range v.Fields {
			if fv.Field == nil {
				return nil, fmt.Errorf("field %q of %s is unknown", fv.Name, t.Name)
			}
			x, err := encode(fv.Field.Type, fv.Value)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", fv.Name, err)
			}
			obj[fv.Field.JSON()] = x
		}
		return obj, nil
	case v.Kind != model.ScalarValue:
		return nil, fmt.Errorf("a single value is expected")
	}
	switch t.Scalar {
	case model.Int, model.Float:
		return json.Number(v.Text), nil
	case model.Bool:
		return strings.EqualFold(v.Text, "true"), nil
	}
	return v.Text, nil
}

// mismatch compares a value a flow expects with a JSON value seen (decoded
// with UseNumber): "" when they are equal as values of type t (decimals as
// numbers, so 12.50 is 12.5; times as instants; uuids regardless of case),
// otherwise why not.
func mismatch(t *model.TypeRef, want *model.Value, got any) string {
	switch {
	case t.Kind == model.Optional:
		if want.Kind == model.ScalarValue && want.Tag == "!!null" {
			if got == nil {
				return ""
			}
			return "want null, got " + show(got)
		}
		return mismatch(t.Elem, want, got)
	case t.Kind == model.List:
		items, ok := got.([]any)
		if !ok {
			return "want a list, got " + show(got)
		}
		if len(items) != len(want.Items) {
			return fmt.Sprintf("want %d items %s, got %d: %s", len(want.Items), want.String(), len(items), show(got))
		}
		for i, item := range want.Items {
			if why := mismatch(t.Elem, item, items[i]); why != "" {
				return fmt.Sprintf("item %d: %s", i+1, why)
			}
		}
		return ""
	case t.Kind == model.Named && t.Type != nil && !t.Type.IsEnum():
		obj, ok := got.(map[string]any)
		if !ok {
			return "want " + want.String() + ", got " + show(got)
		}
		return fieldsMismatch(want.Fields, obj)
	case want.Kind != model.ScalarValue:
		return "want " + want.String() + ", got " + show(got)
	}
	if got == nil {
		return "want " + want.String() + ", got null"
	}
	text, isString := got.(string)
	num, isNumber := got.(json.Number)
	equal := false
	switch t.Scalar {
	case model.Decimal, model.Int, model.Float:
		if isNumber {
			text, isString = string(num), true
		}
		if isString {
			a, okA := new(big.Rat).SetString(want.Text)
			b, okB := new(big.Rat).SetString(text)
			equal = okA && okB && a.Cmp(b) == 0
		}
	case model.Bool:
		b, ok := got.(bool)
		equal = ok && b == strings.EqualFold(want.Text, "true")
	case model.Time:
		a, errA := time.Parse(time.RFC3339Nano, want.Text)
		b, errB := time.Parse(time.RFC3339Nano, text)
		equal = isString && errA == nil && errB == nil && a.Equal(b)
	case model.UUID:
		equal = isString && strings.EqualFold(want.Text, text)
	default:
		equal = isString && want.Text == text
	}
	if equal {
		return ""
	}
	return "want " + want.String() + ", got " + show(got)
}

// fieldsMismatch compares the values a flow lists with a JSON object: ""
// when every one is there and equal, otherwise each difference.
func fieldsMismatch(vals []*model.FieldValue, obj map[string]any) string {
	var diffs []string
	for _, fv := range vals {
		if fv.Field == nil {
			continue
		}
		got, ok := obj[fv.Field.JSON()]
		if !ok {
			diffs = append(diffs, fmt.Sprintf("%s: want %s, missing", fv.Field.JSON(), fv.Value.String()))
			continue
		}
		if why := mismatch(fv.Field.Type, fv.Value, got); why != "" {
			diffs = append(diffs, fv.Field.JSON()+": "+why)
		}
	}
	return strings.Join(diffs, "\n")
}

// countMatching is how many of the listed values an object has, to pick
// the closest of the rows or events seen for a failure's message.
func countMatching(vals []*model.FieldValue, obj map[string]any) int {
	n := 0
	for _, fv := range vals {
		if fv.Field == nil {
			continue
		}
		if got, ok := obj[fv.Field.JSON()]; ok && mismatch(fv.Field.Type, fv.Value, got) == "" {
			n++
		}
	}
	return n
}

// show is a JSON value as JSON, for messages, its members sorted.
func show(v any) string {
	if obj, ok := v.(map[string]any); ok {
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = strconv.Quote(k) + ": " + show(obj[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(data)
}

// decodeObject decodes a JSON object keeping numbers as written.
func decodeObject(data []byte) (map[string]any, error) {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return nil, err
	}
	if obj == nil {
		return nil, fmt.Errorf("not a JSON object")
	}
	return obj, nil
}
