// Package env reads a service's configuration from environment variables,
// with defaults and bounds, so that a bad value stops the service at
// start-up with a message naming the variable.
package env

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// String is the variable's value, or def when it is unset or empty.
func String(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// List is the variable's comma-separated values, without blanks; nil when
// it is unset or empty.
func List(name string) []string {
	var out []string
	for _, v := range strings.Split(os.Getenv(name), ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Int reads a whole number, def when unset; it must lie in [low, high].
func Int(name string, def, low, high int) (int, error) {
	s := os.Getenv(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < low || n > high {
		return 0, fmt.Errorf("%s=%q: want a whole number from %d to %d", name, s, low, high)
	}
	return n, nil
}

// Duration reads a duration such as 10s or 1m30s, def when unset; it must
// lie in [low, high].
func Duration(name string, def, low, high time.Duration) (time.Duration, error) {
	s := os.Getenv(name)
	if s == "" {
		return def, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < low || d > high {
		return 0, fmt.Errorf("%s=%q: want a duration such as 10s from %s to %s", name, s, low, high)
	}
	return d, nil
}
