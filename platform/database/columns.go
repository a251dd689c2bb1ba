package database

import (
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/goccy/go-json"
)

// JSON writes and reads a list or value-object field, at the address V
// holds, as JSON.
type JSON struct {
	V any
}

// Value is the field as JSON.
func (c JSON) Value() (driver.Value, error) {
	b, err := json.Marshal(c.V)
	return string(b), err
}

// Scan reads the field from JSON; NULL leaves it as it is.
func (c JSON) Scan(src any) error {
	switch src := src.(type) {
	case nil:
		return nil
	case []byte:
		return json.Unmarshal(src, c.V)
	case string:
		return json.Unmarshal([]byte(src), c.V)
	}
	return fmt.Errorf("cannot read %T as JSON", src)
}

// MappedJSON writes and reads the field at V as the JSON of another form
// of it, W: an adapter's own form of a value object, which carries the
// JSON tags the domain's type does not. ToForm and FromForm map between
// the two. MapJSON makes one.
type MappedJSON[D, W any] struct {
	V        *D
	ToForm   func(D) W
	FromForm func(W) D
}

// MapJSON is the column codec of the field at v, stored as the JSON of its
// form toForm returns and read back through fromForm.
func MapJSON[D, W any](v *D, toForm func(D) W, fromForm func(W) D) MappedJSON[D, W] {
	return MappedJSON[D, W]{V: v, ToForm: toForm, FromForm: fromForm}
}

// Value is the field's form as JSON.
func (c MappedJSON[D, W]) Value() (driver.Value, error) {
	return JSON{V: c.ToForm(*c.V)}.Value()
}

// Scan reads the field's form from JSON; NULL leaves the field as it is.
func (c MappedJSON[D, W]) Scan(src any) error {
	if src == nil {
		return nil
	}
	var form W
	if err := (JSON{V: &form}).Scan(src); err != nil {
		return err
	}
	*c.V = c.FromForm(form)
	return nil
}

// Time writes and reads a time field, at the address T holds, in UTC, its
// zero value as NULL: MySQL's DATETIME cannot hold year 1.
type Time struct {
	T *time.Time
}

// Value is the time in UTC, or NULL for the zero time.
func (c Time) Value() (driver.Value, error) {
	if c.T.IsZero() {
		return nil, nil
	}
	return c.T.UTC(), nil
}

// Scan reads the time; NULL is the zero time.
func (c Time) Scan(src any) error {
	switch src := src.(type) {
	case nil:
		*c.T = time.Time{}
		return nil
	case time.Time:
		*c.T = src.UTC()
		return nil
	}
	return fmt.Errorf("cannot read %T as a time", src)
}
