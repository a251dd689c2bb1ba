package contracttest

import (
	"bytes"
	"encoding/json"
	"testing"
)

// SameMembers checks that the JSON of got has the members named, each with
// the same JSON as in want: for instance that an event decoded from an
// earlier version kept the values of the fields its upcaster copies.
func SameMembers(t testing.TB, want []byte, got any, names ...string) {
	t.Helper()
	var w, g map[string]json.RawMessage
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("the JSON wanted is no object: %v", err)
	}
	if err := json.Unmarshal(Marshal(t, got), &g); err != nil {
		t.Fatalf("the JSON of %T is no object: %v", got, err)
	}
	for _, n := range names {
		if !bytes.Equal(w[n], g[n]) {
			t.Errorf("%s is %s, want %s", n, g[n], w[n])
		}
	}
}
