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
