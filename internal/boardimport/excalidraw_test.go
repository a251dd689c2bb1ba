package boardimport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadExcalidrawFixtures(t *testing.T) {
	checkFixtures(t, "excalidraw", []fixtureItems{
		{"excalidraw-frames.excalidraw", []string{
			`frame frA "Ordering"`,
			`sticky actor1 "Customer" #ffec99 in:frA`,
			`sticky cmd1 "Place Order" #a5d8ff in:frA`,
			`connector arr1 "" in:frA actor1>cmd1`,
			`sticky evt1 "Order Placed" #ffc078 in:frA`,
			`connector arr2 "" in:frA cmd1>evt1`,
			`text note "Order flow" in:frA`,
			`frame frB "Shipping"`,
			`sticky pol1 "Ship when placed" #d0bfff in:frB`,
			`connector arr3 "" evt1>pol1`,
			`connector loose "" >`,
			`sticky stray "Why?" #e64980`,
		}},
		{"excalidraw-swimlanes.excalidraw", []string{
			`frame lane1 "Billing"`,
			`sticky s1 "Charge Card" #aabbcc in:lane1`,
			`sticky s2 "Card Charged" #ff922b in:lane1`,
			`frame lane2 "Refunds" #f8f9fa`,
			`sticky s3 "Refund Issued" #ffc078 in:lane2`,
			`text empty "Later"`,
			`sticky s4 "Clerk" #fff3bf`,
		}},
	})
}

func TestReadExcalidrawGeometry(t *testing.T) {
	b := readFixture(t, "excalidraw-frames.excalidraw")
	it := itemByID(t, b, "cmd1")
	if it.X != 140 || it.Y != 40 || it.W != 120 || it.H != 100 {
		t.Errorf("cmd1 at %v,%v size %vx%v, want 140,40 120x100", it.X, it.Y, it.W, it.H)
	}
}

func TestReadExcalidrawMalformed(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"not json", `{"type": "excalidraw", "elements": [`, "invalid JSON"},
		{"other type", `{"type": "tldraw", "elements": []}`, `"tldraw"`},
		{"no elements", `{"type": "excalidraw"}`, `no "elements"`},
		{"elements not a list", `{"type": "excalidraw", "elements": {}}`, "invalid JSON"},
		{"x not a number", `{"type": "excalidraw", "elements": [{"id": "a", "type": "rectangle", "x": "1"}]}`, "invalid JSON"},
		{"no id", `{"type": "excalidraw", "elements": [{"type": "rectangle"}]}`, "no id"},
		{"duplicate id", `{"type": "excalidraw", "elements": [{"id": "a", "type": "text"}, {"id": "a", "type": "text"}]}`, `"a"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Read("wall.excalidraw", []byte(tt.data), "")
			if err == nil || b != nil {
				t.Fatalf("got %v, %v; want an error and no board", b, err)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "excalidraw") {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

func TestSniffExcalidraw(t *testing.T) {
	for _, tt := range []struct {
		name, data string
		want       bool
	}{
		{"wall.excalidraw", "", true},
		{"wall.json", `{ "type": "excalidraw", "elements": [] }`, true},
		{"wall.json", `{"type":"other"}`, false},
		{"wall.drawio", `<mxfile>`, false},
	} {
		if got := sniffExcalidraw(tt.name, []byte(tt.data)); got != tt.want {
			t.Errorf("sniff(%s, %s) = %v", tt.name, tt.data, got)
		}
	}
}

func FuzzReadExcalidraw(f *testing.F) {
	for _, name := range []string{"excalidraw-frames.excalidraw", "excalidraw-swimlanes.excalidraw"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"type":"excalidraw","elements":[{"id":"a","type":"arrow","startBinding":{"elementId":"a"}}]}`))
	f.Add([]byte(`{"type":"excalidraw","elements":[{"id":"t","type":"text","containerId":"t"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := readExcalidraw(data)
		if (b == nil) == (err == nil) {
			t.Fatalf("board %v with error %v", b, err)
		}
	})
}
