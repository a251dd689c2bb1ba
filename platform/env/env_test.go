package env

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// setenv sets the variable for the test, or unsets it when value is nil.
func setenv(t *testing.T, name string, value *string) {
	t.Helper()
	t.Setenv(name, "") // restored after the test
	if value == nil {
		os.Unsetenv(name)
		return
	}
	t.Setenv(name, *value)
}

func ptr(s string) *string { return &s }

func TestString(t *testing.T) {
	cases := []struct {
		name  string
		value *string
		want  string
	}{
		{name: "unset", value: nil, want: "def"},
		{name: "empty", value: ptr(""), want: "def"},
		{name: "set", value: ptr("v"), want: "v"},
		{name: "kept as it is", value: ptr(" a b "), want: " a b "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			setenv(t, "ES_TEST_STRING", c.value)
			if got := String("ES_TEST_STRING", "def"); got != c.want {
				t.Errorf("String = %q, want %q", got, c.want)
			}
		})
	}
}

func TestList(t *testing.T) {
	cases := []struct {
		name  string
		value *string
		want  []string
	}{
		{name: "unset", value: nil, want: nil},
		{name: "empty", value: ptr(""), want: nil},
		{name: "blanks only", value: ptr(" , ,\t"), want: nil},
		{name: "one", value: ptr("kafka:9092"), want: []string{"kafka:9092"}},
		{name: "trimmed, blanks dropped", value: ptr(" a, ,b ,\tc\n,"), want: []string{"a", "b", "c"}},
		{name: "order and repeats kept", value: ptr("b,a,b"), want: []string{"b", "a", "b"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			setenv(t, "ES_TEST_LIST", c.value)
			got := List("ES_TEST_LIST")
			if !slices.Equal(got, c.want) || (got == nil) != (c.want == nil) {
				t.Errorf("List = %#v, want %#v", got, c.want)
			}
		})
	}
}

func TestInt(t *testing.T) {
	cases := []struct {
		value *string
		want  int
		bad   bool
	}{
		{value: nil, want: 3},
		{value: ptr(""), want: 3},
		{value: ptr("1"), want: 1},   // low
		{value: ptr("10"), want: 10}, // high
		{value: ptr("+5"), want: 5},
		{value: ptr("0"), bad: true},
		{value: ptr("11"), bad: true},
		{value: ptr("-1"), bad: true},
		{value: ptr("x"), bad: true},
		{value: ptr("2.5"), bad: true},
		{value: ptr(" 5"), bad: true},
		{value: ptr("99999999999999999999"), bad: true},
	}
	for _, c := range cases {
		name := "unset"
		if c.value != nil {
			name = "=" + *c.value
		}
		t.Run(name, func(t *testing.T) {
			setenv(t, "ES_TEST_INT", c.value)
			n, err := Int("ES_TEST_INT", 3, 1, 10)
			if c.bad {
				want := `ES_TEST_INT="` + *c.value + `": want a whole number from 1 to 10`
				if err == nil || err.Error() != want || n != 0 {
					t.Errorf("Int = %d, %v; want 0 and the error %s", n, err, want)
				}
				return
			}
			if err != nil || n != c.want {
				t.Errorf("Int = %d, %v; want %d", n, err, c.want)
			}
		})
	}
}

func TestDuration(t *testing.T) {
	cases := []struct {
		value *string
		want  time.Duration
		bad   bool
	}{
		{value: nil, want: 10 * time.Second},
		{value: ptr(""), want: 10 * time.Second},
		{value: ptr("2s"), want: 2 * time.Second},
		{value: ptr("1m30s"), want: 90 * time.Second},
		{value: ptr("1s"), want: time.Second},     // low
		{value: ptr("2m"), want: 2 * time.Minute}, // high
		{value: ptr("1500ms"), want: 1500 * time.Millisecond},
		{value: ptr("999ms"), bad: true},
		{value: ptr("121s"), bad: true},
		{value: ptr("-5s"), bad: true},
		{value: ptr("10"), bad: true}, // no unit
		{value: ptr("ten seconds"), bad: true},
	}
	for _, c := range cases {
		name := "unset"
		if c.value != nil {
			name = "=" + *c.value
		}
		t.Run(name, func(t *testing.T) {
			setenv(t, "ES_TEST_DURATION", c.value)
			d, err := Duration("ES_TEST_DURATION", 10*time.Second, time.Second, 2*time.Minute)
			if c.bad {
				want := `ES_TEST_DURATION="` + *c.value + `": want a duration such as 10s from 1s to 2m0s`
				if err == nil || err.Error() != want || d != 0 {
					t.Errorf("Duration = %v, %v; want 0 and the error %s", d, err, want)
				}
				return
			}
			if err != nil || d != c.want {
				t.Errorf("Duration = %v, %v; want %v", d, err, c.want)
			}
		})
	}
}

// TestErrorsNameTheVariable checks that what a bad value says starts with
// the variable, whichever it is.
func TestErrorsNameTheVariable(t *testing.T) {
	t.Setenv("PORT", "http")
	if _, err := Int("PORT", 8080, 1, 65535); err == nil || !strings.HasPrefix(err.Error(), `PORT="http"`) {
		t.Errorf("Int: %v", err)
	}
	t.Setenv("SHUTDOWN_TIMEOUT", "soon")
	if _, err := Duration("SHUTDOWN_TIMEOUT", time.Second, 0, time.Minute); err == nil || !strings.HasPrefix(err.Error(), `SHUTDOWN_TIMEOUT="soon"`) {
		t.Errorf("Duration: %v", err)
	}
}

func TestBool(t *testing.T) {
	for _, tc := range []struct {
		value          *string
		want, set, bad bool
	}{
		{value: nil},
		{value: ptr("")},
		{value: ptr("true"), want: true, set: true},
		{value: ptr("1"), want: true, set: true},
		{value: ptr("false"), set: true},
		{value: ptr("yes"), set: true, bad: true},
	} {
		setenv(t, "T_BOOL", tc.value)
		got, set, err := Bool("T_BOOL")
		if got != tc.want || set != tc.set || (err != nil) != tc.bad {
			t.Errorf("Bool(%v) = %v, %v, %v; want %v, %v, error %v", tc.value, got, set, err, tc.want, tc.set, tc.bad)
		}
		if tc.bad && !strings.Contains(err.Error(), "T_BOOL") {
			t.Errorf("error %q does not name the variable", err)
		}
	}
}

func TestSecret(t *testing.T) {
	file := t.TempDir() + "/pw"
	if err := os.WriteFile(file, []byte("s3cret\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		value, fileVar *string
		want           string
		bad            bool
	}{
		{},
		{value: ptr("inline"), want: "inline"},
		{fileVar: ptr(file), want: "s3cret"},
		{value: ptr("inline"), fileVar: ptr(file), bad: true},
		{fileVar: ptr(file + ".missing"), bad: true},
	} {
		setenv(t, "T_PW", tc.value)
		setenv(t, "T_PW_FILE", tc.fileVar)
		got, err := Secret("T_PW")
		if got != tc.want || (err != nil) != tc.bad {
			t.Errorf("Secret(%v, file %v) = %q, %v; want %q, error %v", tc.value, tc.fileVar, got, err, tc.want, tc.bad)
		}
	}
}
