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

// Bool reads true or false (also 1/0, t/f, as strconv.ParseBool does); set
// says whether the variable was given at all, since an unset flag may mean
// "decide from other settings".
func Bool(name string) (value, set bool, err error) {
	s := os.Getenv(name)
	if s == "" {
		return false, false, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, true, fmt.Errorf("%s=%q: want true or false", name, s)
	}
	return b, true, nil
}

// Secret is the value of name, or the content of the file NAME_FILE names
// (a mounted secret), without its trailing line break; empty when neither
// is set. Setting both is an error, so that a stale value cannot silently
// win over the mounted one.
func Secret(name string) (string, error) {
	v, file := os.Getenv(name), os.Getenv(name+"_FILE")
	switch {
	case v != "" && file != "":
		return "", fmt.Errorf("%s and %s_FILE are both set; set one", name, name)
	case file == "":
		return v, nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("%s_FILE: %w", name, err)
	}
	return strings.TrimRight(string(data), "\r\n"), nil
}
