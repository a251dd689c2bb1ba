package database

import (
	"testing"
)

// amount is a domain type without tags; amountForm is its stored form.
type amount struct{ Cents int }

type amountForm struct {
	Value int `json:"cents"`
}

func TestMappedJSON(t *testing.T) {
	toForm := func(a amount) amountForm { return amountForm{Value: a.Cents} }
	fromForm := func(f amountForm) amount { return amount{Cents: f.Value} }
	v := amount{Cents: 1250}
	got, err := MapJSON(&v, toForm, fromForm).Value()
	if err != nil || got != `{"cents":1250}` {
		t.Fatalf("Value = %v, %v; want the form's JSON {\"cents\":1250}", got, err)
	}
	var back amount
	for _, src := range []any{`{"cents":1250}`, []byte(`{"cents":1250}`)} {
		back = amount{}
		if err := MapJSON(&back, toForm, fromForm).Scan(src); err != nil || back != v {
			t.Errorf("Scan(%T) = %+v, %v; want %+v", src, back, err, v)
		}
	}
	if err := MapJSON(&back, toForm, fromForm).Scan(nil); err != nil || back != v {
		t.Errorf("Scan(NULL) = %+v, %v; want the field left as it was", back, err)
	}
	if err := MapJSON(&back, toForm, fromForm).Scan(`{"cents":"x"}`); err == nil {
		t.Error("Scan of JSON that is no form: no error")
	}
	if err := MapJSON(&back, toForm, fromForm).Scan(42); err == nil {
		t.Error("Scan(int): no error")
	}
}
