package contracttest

import (
	"fmt"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps what failed; its Fatalf returns.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestSameMembers(t *testing.T) {
	type v2 struct {
		ID       string `json:"id"`
		Amount   string `json:"amount"`
		Currency string `json:"currency"`
	}
	cases := []struct {
		name  string
		want  string
		got   any
		names []string
		fails string
	}{
		{name: "same", want: `{"id":"a","amount":"1.5","gone":true}`, got: v2{ID: "a", Amount: "1.5", Currency: "EUR"}, names: []string{"id", "amount"}},
		{name: "none named", want: `{"id":"b"}`, got: v2{ID: "a"}},
		{name: "differs", want: `{"id":"a","amount":"2"}`, got: v2{ID: "a", Amount: "1.5"}, names: []string{"id", "amount"}, fails: `amount is "1.5", want "2"`},
		{name: "missing in got", want: `{"id":"a","extra":1}`, got: v2{ID: "a"}, names: []string{"extra"}, fails: "extra is , want 1"},
		{name: "want not an object", want: `[1]`, got: v2{}, names: []string{"id"}, fails: "no object"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &recorder{TB: t}
			SameMembers(r, []byte(c.want), c.got, c.names...)
			got := strings.Join(r.errors, "; ")
			if c.fails == "" && got != "" || c.fails != "" && !strings.Contains(got, c.fails) {
				t.Errorf("failures %q, want %q", got, c.fails)
			}
		})
	}
}
