package message

import "testing"

func TestVersion(t *testing.T) {
	cases := []struct {
		schema string
		want   int
		bad    bool
	}{
		{schema: "", want: 1},
		{schema: DataSchema("shop.ordering.order-placed", 2), want: 2},
		{schema: DataSchema("shop.ordering.order-placed", 1), want: 1},
		{schema: "events/a.v10.json", want: 10},
		{schema: "https://example.com/schemas/a.b.v3.json", want: 3},
		{schema: "events/a.json", bad: true},
		{schema: "events/a.v2", bad: true},
		{schema: "events/a.v0.json", bad: true},
		{schema: "events/a.v02.json", bad: true},
		{schema: "events/a.v-1.json", bad: true},
		{schema: "events/a.v+1.json", bad: true},
		{schema: "events/a.vx.json", bad: true},
		{schema: "events/a.v.json", bad: true},
		{schema: "events/a.v99999999999999999999.json", bad: true},
	}
	for _, c := range cases {
		got, err := Version(Message{DataSchema: c.schema})
		if c.bad {
			if err == nil {
				t.Errorf("Version(%q) = %d, want an error", c.schema, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("Version(%q) = %d, %v; want %d", c.schema, got, err, c.want)
		}
	}
}

func TestDataSchema(t *testing.T) {
	if got, want := DataSchema("shop.ordering.order-placed", 2), "events/shop.ordering.order-placed.v2.json"; got != want {
		t.Errorf("DataSchema = %q, want %q", got, want)
	}
}
