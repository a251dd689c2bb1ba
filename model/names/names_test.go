package names

import (
	"go/token"
	"reflect"
	"strings"
	"testing"
)

// derivation is every form names derives from one sticky-note name.
type derivation struct {
	in         string
	words      []string
	pascal     string
	camel      string
	json       string
	kebab      string
	snake      string
	pkg        string
	exported   string
	unexported string
	latin      bool
}

var derivations = []derivation{
	// sticky-note names
	{"Place Order", []string{"place", "order"}, "PlaceOrder", "placeOrder", "placeOrder", "place-order", "place_order", "placeorder", "PlaceOrder", "placeOrder", true},
	{"Order Placed", []string{"order", "placed"}, "OrderPlaced", "orderPlaced", "orderPlaced", "order-placed", "order_placed", "orderplaced", "OrderPlaced", "orderPlaced", true},
	{"order history", []string{"order", "history"}, "OrderHistory", "orderHistory", "orderHistory", "order-history", "order_history", "orderhistory", "OrderHistory", "orderHistory", true},
	{"Order History", []string{"order", "history"}, "OrderHistory", "orderHistory", "orderHistory", "order-history", "order_history", "orderhistory", "OrderHistory", "orderHistory", true},
	{"order-placed", []string{"order", "placed"}, "OrderPlaced", "orderPlaced", "orderPlaced", "order-placed", "order_placed", "orderplaced", "OrderPlaced", "orderPlaced", true},
	{"order_placed", []string{"order", "placed"}, "OrderPlaced", "orderPlaced", "orderPlaced", "order-placed", "order_placed", "orderplaced", "OrderPlaced", "orderPlaced", true},
	{"OrderPlaced", []string{"order", "placed"}, "OrderPlaced", "orderPlaced", "orderPlaced", "order-placed", "order_placed", "orderplaced", "OrderPlaced", "orderPlaced", true},
	{"Cancel order when payment fails", []string{"cancel", "order", "when", "payment", "fails"}, "CancelOrderWhenPaymentFails", "cancelOrderWhenPaymentFails", "cancelOrderWhenPaymentFails", "cancel-order-when-payment-fails", "cancel_order_when_payment_fails", "cancelorderwhenpaymentfails", "CancelOrderWhenPaymentFails", "cancelOrderWhenPaymentFails", true},

	// leading digits: kept in text forms, spelled out in Go identifiers
	{"3D Print Job", []string{"3d", "print", "job"}, "3dPrintJob", "3dPrintJob", "3dPrintJob", "3d-print-job", "3d_print_job", "threedprintjob", "ThreeDPrintJob", "threeDPrintJob", true},
	{"2FA Enabled", []string{"2fa", "enabled"}, "2faEnabled", "2faEnabled", "2faEnabled", "2fa-enabled", "2fa_enabled", "twofaenabled", "TwoFaEnabled", "twoFaEnabled", true},
	{"24h Window", []string{"24h", "window"}, "24hWindow", "24hWindow", "24hWindow", "24h-window", "24h_window", "twentyfourhwindow", "TwentyFourHWindow", "twentyFourHWindow", true},
	{"3DPrintJob", []string{"3d", "print", "job"}, "3dPrintJob", "3dPrintJob", "3dPrintJob", "3d-print-job", "3d_print_job", "threedprintjob", "ThreeDPrintJob", "threeDPrintJob", true},
	{"3 Musketeers", []string{"3", "musketeers"}, "3Musketeers", "3Musketeers", "3Musketeers", "3-musketeers", "3_musketeers", "threemusketeers", "ThreeMusketeers", "threeMusketeers", true},
	{"1 2 Go", []string{"1", "2", "go"}, "12Go", "12Go", "12Go", "1-2-go", "1_2_go", "one2go", "One2Go", "one2Go", true},
	{"404", []string{"404"}, "404", "404", "404", "404", "404", "fourhundredfour", "FourHundredFour", "fourHundredFour", false},
	{"007", []string{"007"}, "007", "007", "007", "007", "007", "zerozeroseven", "ZeroZeroSeven", "zeroZeroSeven", false},
	{"2", []string{"2"}, "2", "2", "2", "2", "2", "two", "Two", "two", false},

	// digits in the middle or at the end
	{"v2 Order", []string{"v2", "order"}, "V2Order", "v2Order", "v2Order", "v2-order", "v2_order", "v2order", "V2Order", "v2Order", true},
	{"order v2", []string{"order", "v2"}, "OrderV2", "orderV2", "orderV2", "order-v2", "order_v2", "orderv2", "OrderV2", "orderV2", true},
	{"v2Order", []string{"v2", "order"}, "V2Order", "v2Order", "v2Order", "v2-order", "v2_order", "v2order", "V2Order", "v2Order", true},
	{"order2Item", []string{"order2", "item"}, "Order2Item", "order2Item", "order2Item", "order2-item", "order2_item", "order2item", "Order2Item", "order2Item", true},
	{"Phase 2 Review", []string{"phase", "2", "review"}, "Phase2Review", "phase2Review", "phase2Review", "phase-2-review", "phase_2_review", "phase2review", "Phase2Review", "phase2Review", true},

	// camelCase and initialisms
	{"customerId", []string{"customer", "id"}, "CustomerID", "customerID", "customerId", "customer-id", "customer_id", "customerid", "CustomerID", "customerID", true},
	{"customer id", []string{"customer", "id"}, "CustomerID", "customerID", "customerId", "customer-id", "customer_id", "customerid", "CustomerID", "customerID", true},
	{"CustomerID", []string{"customer", "id"}, "CustomerID", "customerID", "customerId", "customer-id", "customer_id", "customerid", "CustomerID", "customerID", true},
	{"customer_id", []string{"customer", "id"}, "CustomerID", "customerID", "customerId", "customer-id", "customer_id", "customerid", "CustomerID", "customerID", true},
	{"HTTPServer", []string{"http", "server"}, "HTTPServer", "httpServer", "httpServer", "http-server", "http_server", "httpserver", "HTTPServer", "httpServer", true},
	{"userURL", []string{"user", "url"}, "UserURL", "userURL", "userUrl", "user-url", "user_url", "userurl", "UserURL", "userURL", true},
	{"api key", []string{"api", "key"}, "APIKey", "apiKey", "apiKey", "api-key", "api_key", "apikey", "APIKey", "apiKey", true},
	{"uuid", []string{"uuid"}, "UUID", "uuid", "uuid", "uuid", "uuid", "uuid", "UUID", "uuid", true},
	{"ID", []string{"id"}, "ID", "id", "id", "id", "id", "id", "ID", "id", true},
	{"orderIDs", []string{"order", "ids"}, "OrderIDs", "orderIDs", "orderIds", "order-ids", "order_ids", "orderids", "OrderIDs", "orderIDs", true},
	{"order ids", []string{"order", "ids"}, "OrderIDs", "orderIDs", "orderIds", "order-ids", "order_ids", "orderids", "OrderIDs", "orderIDs", true},
	{"URLsByDate", []string{"urls", "by", "date"}, "URLsByDate", "urlsByDate", "urlsByDate", "urls-by-date", "urls_by_date", "urlsbydate", "URLsByDate", "urlsByDate", true},
	{"JSONBody", []string{"json", "body"}, "JSONBody", "jsonBody", "jsonBody", "json-body", "json_body", "jsonbody", "JSONBody", "jsonBody", true},
	{"CEOs", []string{"ceos"}, "Ceos", "ceos", "ceos", "ceos", "ceos", "ceos", "Ceos", "ceos", true},

	// Hangul and other scripts: no identifier without `code:`
	{"주문 접수", []string{"주문", "접수"}, "", "", "", "", "", "", "", "", false},
	{"주문 Order", []string{"주문", "order"}, "Order", "order", "order", "order", "order", "order", "Order", "order", true},
	{"주문Order", []string{"주문order"}, "Order", "order", "order", "order", "order", "order", "Order", "order", true},
	{"Заказ", []string{"заказ"}, "", "", "", "", "", "", "", "", false},

	// accented Latin letters fold to plain ones
	{"Café Crème", []string{"café", "crème"}, "CafeCreme", "cafeCreme", "cafeCreme", "cafe-creme", "cafe_creme", "cafecreme", "CafeCreme", "cafeCreme", true},
	{"Straße", []string{"straße"}, "Strasse", "strasse", "strasse", "strasse", "strasse", "strasse", "Strasse", "strasse", true},
	{"Ærø", []string{"ærø"}, "Aero", "aero", "aero", "aero", "aero", "aero", "Aero", "aero", true},
	{"İstanbul", []string{"istanbul"}, "Istanbul", "istanbul", "istanbul", "istanbul", "istanbul", "istanbul", "Istanbul", "istanbul", true},

	// Go keywords and predeclared names
	{"type", []string{"type"}, "Type", "type", "type", "type", "type", "typepkg", "Type", "typ", true},
	{"Type", []string{"type"}, "Type", "type", "type", "type", "type", "typepkg", "Type", "typ", true},
	{"func", []string{"func"}, "Func", "func", "func", "func", "func", "funcpkg", "Func", "fn", true},
	{"range", []string{"range"}, "Range", "range", "range", "range", "range", "rangepkg", "Range", "rng", true},
	{"select", []string{"select"}, "Select", "select", "select", "select", "select", "selectpkg", "Select", "sel", true},
	{"string", []string{"string"}, "String", "string", "string", "string", "string", "stringpkg", "String", "str", true},
	{"error", []string{"error"}, "Error", "error", "error", "error", "error", "errorpkg", "Error", "errValue", true},
	{"len", []string{"len"}, "Len", "len", "len", "len", "len", "lenpkg", "Len", "length", true},
	{"nil", []string{"nil"}, "Nil", "nil", "nil", "nil", "nil", "nilpkg", "Nil", "nilValue", true},
	{"map", []string{"map"}, "Map", "map", "map", "map", "map", "mappkg", "Map", "mapping", true},
	{"chan", []string{"chan"}, "Chan", "chan", "chan", "chan", "chan", "chanpkg", "Chan", "channel", true},
	{"go", []string{"go"}, "Go", "go", "go", "go", "go", "gopkg", "Go", "goValue", true},
	{"true", []string{"true"}, "True", "true", "true", "true", "true", "truepkg", "True", "trueValue", true},
	{"iota", []string{"iota"}, "Iota", "iota", "iota", "iota", "iota", "iotapkg", "Iota", "iotaValue", true},
	{"any", []string{"any"}, "Any", "any", "any", "any", "any", "anypkg", "Any", "anyValue", true},
	{"new", []string{"new"}, "New", "new", "new", "new", "new", "newpkg", "New", "newValue", true},
	{"Type Order", []string{"type", "order"}, "TypeOrder", "typeOrder", "typeOrder", "type-order", "type_order", "typeorder", "TypeOrder", "typeOrder", true},
	{"main", []string{"main"}, "Main", "main", "main", "main", "main", "mainpkg", "Main", "main", true},
	{"init", []string{"init"}, "Init", "init", "init", "init", "init", "initpkg", "Init", "init", true},
	{"Test Data", []string{"test", "data"}, "TestData", "testData", "testData", "test-data", "test_data", "testdatapkg", "TestData", "testData", true},

	// punctuation, emoji, spacing
	{"  Place   Order  ", []string{"place", "order"}, "PlaceOrder", "placeOrder", "placeOrder", "place-order", "place_order", "placeorder", "PlaceOrder", "placeOrder", true},
	{"\tPlace\nOrder", []string{"place", "order"}, "PlaceOrder", "placeOrder", "placeOrder", "place-order", "place_order", "placeorder", "PlaceOrder", "placeOrder", true},
	{"Order Placed!", []string{"order", "placed"}, "OrderPlaced", "orderPlaced", "orderPlaced", "order-placed", "order_placed", "orderplaced", "OrderPlaced", "orderPlaced", true},
	{"🚀 Launch Rocket 🚀", []string{"launch", "rocket"}, "LaunchRocket", "launchRocket", "launchRocket", "launch-rocket", "launch_rocket", "launchrocket", "LaunchRocket", "launchRocket", true},
	{"Customer's Order", []string{"customers", "order"}, "CustomersOrder", "customersOrder", "customersOrder", "customers-order", "customers_order", "customersorder", "CustomersOrder", "customersOrder", true},
	{"Customer’s Order", []string{"customers", "order"}, "CustomersOrder", "customersOrder", "customersOrder", "customers-order", "customers_order", "customersorder", "CustomersOrder", "customersOrder", true},
	{"rock 'n' roll", []string{"rock", "n", "roll"}, "RockNRoll", "rockNRoll", "rockNRoll", "rock-n-roll", "rock_n_roll", "rocknroll", "RockNRoll", "rockNRoll", true},
	{"Order (v2) / draft", []string{"order", "v2", "draft"}, "OrderV2Draft", "orderV2Draft", "orderV2Draft", "order-v2-draft", "order_v2_draft", "orderv2draft", "OrderV2Draft", "orderV2Draft", true},
	{"a.b.c", []string{"a", "b", "c"}, "ABC", "aBC", "aBC", "a-b-c", "a_b_c", "abc", "ABC", "aBC", true},
	{"__x__", []string{"x"}, "X", "x", "x", "x", "x", "x", "X", "x", true},
	{"!!!", nil, "", "", "", "", "", "", "", "", false},
	{"🚀", nil, "", "", "", "", "", "", "", "", false},
	{"   ", nil, "", "", "", "", "", "", "", "", false},
	{"", nil, "", "", "", "", "", "", "", "", false},
}

func TestDerivations(t *testing.T) {
	for _, d := range derivations {
		t.Run(d.in, func(t *testing.T) {
			check := func(what, got, want string) {
				t.Helper()
				if got != want {
					t.Errorf("%s(%q) = %q, want %q", what, d.in, got, want)
				}
			}
			if got := Words(d.in); !reflect.DeepEqual(got, d.words) {
				t.Errorf("Words(%q) = %q, want %q", d.in, got, d.words)
			}
			check("Pascal", Pascal(d.in), d.pascal)
			check("Camel", Camel(d.in), d.camel)
			check("JSON", JSON(d.in), d.json)
			check("Kebab", Kebab(d.in), d.kebab)
			check("Snake", Snake(d.in), d.snake)
			check("Package", Package(d.in), d.pkg)
			check("GoExported", GoExported(d.in), d.exported)
			check("GoUnexported", GoUnexported(d.in), d.unexported)
			if got := HasLatinLetter(d.in); got != d.latin {
				t.Errorf("HasLatinLetter(%q) = %v, want %v", d.in, got, d.latin)
			}
		})
	}
}

// propertyInputs are the table's inputs and a few more awkward ones.
func propertyInputs() []string {
	var out []string
	for _, d := range derivations {
		out = append(out, d.in)
	}
	for kw := range keywords {
		out = append(out, kw, strings.ToUpper(kw), kw+" 2", "2 "+kw)
	}
	for p := range predeclared {
		out = append(out, p, strings.ToUpper(p))
	}
	for p := range packageReserved {
		out = append(out, p)
	}
	for short := range shortForms {
		out = append(out, short+"s")
	}
	out = append(out, "0", "9 lives", "12345678901234567890", "x\x00y", "\xff\xfe", "a\u200bb",
		"ǅungla", "ﬁle", "K", "Ⅻ", "٣ items", "²nd", "v½", "_", "-", "1-2", "e", "E")
	return out
}

func TestGoIdentifiersAreValid(t *testing.T) {
	for _, in := range propertyInputs() {
		for what, f := range map[string]func(string) string{
			"GoExported": GoExported, "GoUnexported": GoUnexported, "Package": Package,
		} {
			got := f(in)
			if got == "" {
				if GoExported(in) != "" {
					t.Errorf("%s(%q) is empty though GoExported gives %q", what, in, GoExported(in))
				}
				continue
			}
			if !token.IsIdentifier(got) {
				t.Errorf("%s(%q) = %q, not a Go identifier", what, in, got)
			}
		}
		if got := GoExported(in); got != "" && !token.IsExported(got) {
			t.Errorf("GoExported(%q) = %q is not exported", in, got)
		}
		if got := GoUnexported(in); got != "" && (token.IsExported(got) || IsReserved(got) || token.IsKeyword(got)) {
			t.Errorf("GoUnexported(%q) = %q is exported or reserved", in, got)
		}
		if got := Package(in); got != "" && (IsReserved(got) || token.IsKeyword(got) || packageReserved[got] || strings.ToLower(got) != got) {
			t.Errorf("Package(%q) = %q is reserved or not lower case", in, got)
		}
		// A name has an identifier exactly when it has Latin letters or
		// digits; the text forms agree with the Go ones on emptiness.
		empty := GoExported(in) == ""
		for what, got := range map[string]string{"Pascal": Pascal(in), "Camel": Camel(in), "JSON": JSON(in), "Kebab": Kebab(in), "Snake": Snake(in)} {
			if (got == "") != empty {
				t.Errorf("%s(%q) = %q but GoExported gives %q", what, in, got, GoExported(in))
			}
			for _, r := range got {
				if r >= 0x80 {
					t.Errorf("%s(%q) = %q is not ASCII", what, in, got)
					break
				}
			}
		}
		if HasLatinLetter(in) && empty {
			t.Errorf("HasLatinLetter(%q) but no identifier", in)
		}
	}
}

func TestIsReserved(t *testing.T) {
	for _, s := range []string{"break", "case", "chan", "const", "continue", "default", "defer", "else",
		"fallthrough", "for", "func", "go", "goto", "if", "import", "interface", "map", "package",
		"range", "return", "select", "struct", "switch", "type", "var"} {
		if !IsReserved(s) || !IsKeyword(s) || !token.IsKeyword(s) {
			t.Errorf("%q: IsReserved %v, IsKeyword %v", s, IsReserved(s), IsKeyword(s))
		}
	}
	for _, s := range []string{"string", "error", "len", "nil", "true", "false", "iota", "any", "int",
		"bool", "byte", "rune", "float64", "append", "make", "new", "panic", "recover", "min", "max", "clear", "comparable"} {
		if !IsReserved(s) || IsKeyword(s) {
			t.Errorf("%q: IsReserved %v, IsKeyword %v; want a predeclared name", s, IsReserved(s), IsKeyword(s))
		}
	}
	for _, s := range []string{"", "Type", "String", "order", "typ", "str", "fn", "main", "init", "Nil"} {
		if IsReserved(s) {
			t.Errorf("IsReserved(%q) = true", s)
		}
	}
	// Every Go keyword is in the table.
	for tok := token.BREAK; tok <= token.VAR; tok++ {
		if tok.IsKeyword() && !IsKeyword(tok.String()) {
			t.Errorf("keyword %q missing", tok)
		}
	}
}

func TestHasLatinLetter(t *testing.T) {
	for in, want := range map[string]bool{
		"Order": true, "주문 접수": false, "주문 Order": true, "3D": true, "2FA": true, "123": false,
		"": false, " ": false, "é": true, "ß": true, "Ω": false, "_": false, "😀": false, "a": true, "Z": true,
	} {
		if got := HasLatinLetter(in); got != want {
			t.Errorf("HasLatinLetter(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestSpellNumber(t *testing.T) {
	for in, want := range map[string]string{
		"":           "",
		"0":          "zero",
		"7":          "seven",
		"10":         "ten",
		"12":         "twelve",
		"19":         "nineteen",
		"20":         "twenty",
		"21":         "twentyOne",
		"99":         "ninetyNine",
		"100":        "oneHundred",
		"101":        "oneHundredOne",
		"110":        "oneHundredTen",
		"999":        "nineHundredNinetyNine",
		"1000":       "oneThousand",
		"2024":       "twoThousandTwentyFour",
		"10000":      "tenThousand",
		"123456":     "oneHundredTwentyThreeThousandFourHundredFiftySix",
		"1000000":    "oneMillion",
		"1000001":    "oneMillionOne",
		"999999999":  "nineHundredNinetyNineMillionNineHundredNinetyNineThousandNineHundredNinetyNine",
		"00":         "zeroZero",
		"007":        "zeroZeroSeven",
		"1234567890": "oneTwoThreeFourFiveSixSevenEightNineZero",
	} {
		if got := spellNumber(in); got != want {
			t.Errorf("spellNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDistinctNamesDistinctIdentifiers guards the collision rule of the
// format page: names that differ only in spelling collide, others do not.
func TestDistinctNamesDistinctIdentifiers(t *testing.T) {
	same := [][2]string{{"Order Placed", "order-placed"}, {"customerId", "customer id"}, {"Order  Placed", "OrderPlaced"}, {"customer_ID", "CustomerId"}}
	for _, p := range same {
		if GoExported(p[0]) != GoExported(p[1]) {
			t.Errorf("%q and %q should collide: %q vs %q", p[0], p[1], GoExported(p[0]), GoExported(p[1]))
		}
	}
	differ := [][2]string{{"Order Placed", "Order Place"}, {"v2 Order", "Order v2"}, {"3D Print", "Three D Print2"}}
	for _, p := range differ {
		if GoExported(p[0]) == GoExported(p[1]) {
			t.Errorf("%q and %q should not collide: both %q", p[0], p[1], GoExported(p[0]))
		}
	}
}

func FuzzNames(f *testing.F) {
	for _, in := range propertyInputs() {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, got := range []string{GoExported(in), GoUnexported(in), Package(in)} {
			if got != "" && !token.IsIdentifier(got) {
				t.Fatalf("%q gives %q, not an identifier", in, got)
			}
		}
		if u := GoUnexported(in); IsReserved(u) {
			t.Fatalf("GoUnexported(%q) = %q is reserved", in, u)
		}
		if p := Package(in); IsReserved(p) || packageReserved[p] {
			t.Fatalf("Package(%q) = %q is reserved", in, p)
		}
	})
}
