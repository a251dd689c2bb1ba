package httpx

import (
	"bytes"
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	stdjson "encoding/json"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/shopspring/decimal"

	"eventstorm/platform/fault"
	"eventstorm/platform/message"
)

// payment has decimals where a command can have them: a field, a pointer,
// a list, a nested value and a map.
type payment struct {
	Amount  decimal.Decimal            `json:"amount"`
	Tip     *decimal.Decimal           `json:"tip,omitempty"`
	Parts   []decimal.Decimal          `json:"parts,omitempty"`
	Price   *money                     `json:"price,omitempty"`
	Rates   map[string]decimal.Decimal `json:"rates,omitempty"`
	Comment string                     `json:"comment,omitempty"`
}

type money struct {
	Value    decimal.Decimal `json:"value"`
	Currency string          `json:"currency"`
}

// post decodes body into v as a request of limits (the defaults when zero)
// and returns the answer.
func post(v any, body string, limits Limits) (*httptest.ResponseRecorder, bool) {
	w := httptest.NewRecorder()
	r := httptest.NewRequest("POST", "/pay", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	ok := false
	WithLimits(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok = Decode(w, r, v, "amount")
	}), limits).ServeHTTP(w, r)
	return w, ok
}

// TestDecodeDecimals checks that decimals out of bounds are refused with
// 400 naming the member, wherever they are, as strings or numbers, and
// that those within bounds are decoded.
func TestDecodeDecimals(t *testing.T) {
	digits := func(n int) string { return strings.Repeat("9", n) }
	cases := []struct {
		name   string
		body   string
		limits Limits
		detail string // empty: accepted
	}{
		{name: "string", body: `{"amount":"12.50"}`},
		{name: "number", body: `{"amount":12.50}`},
		{name: "negative with exponent", body: `{"amount":"-1.5e-3"}`},
		{name: "65 digits", body: `{"amount":"` + digits(35) + "." + digits(30) + `"}`},
		{name: "exponent 65", body: `{"amount":"1E+65"}`},
		{name: "exponent -65", body: `{"amount":1e-65}`},
		{name: "huge exponent as a string", body: `{"amount":"1e10000000"}`, detail: `"amount": "1e10000000" is not a decimal taken here: at most 65 digits, and an exponent from -65 to 65`},
		{name: "huge exponent as a number", body: `{"amount":1e10000000}`, detail: `"amount"`},
		{name: "huge negative exponent", body: `{"amount":"1E-999999999999999999999999"}`, detail: `"amount"`},
		{name: "exponent 66", body: `{"amount":"1e66"}`, detail: `"amount"`},
		{name: "66 digits", body: `{"amount":"` + digits(66) + `"}`, detail: `"amount": "` + digits(40) + `..."`},
		{name: "66 digits with a point", body: `{"amount":"0.` + digits(65) + `"}`, detail: `"amount"`},
		{name: "pointer", body: `{"amount":1,"tip":"1e99"}`, detail: `"tip"`},
		{name: "list", body: `{"amount":1,"parts":["1","2","3e400"]}`, detail: `"parts[2]"`},
		{name: "nested", body: `{"amount":1,"price":{"currency":"EUR","value":"5e100"}}`, detail: `"price.value"`},
		{name: "map", body: `{"amount":1,"rates":{"eur":"1.1","usd":1e70}}`, detail: `"rates.usd"`},
		{name: "name in another case", body: `{"AMOUNT":"1e99"}`, detail: `"AMOUNT"`},
		{name: "not a decimal field", body: `{"amount":1,"comment":"1e10000000"}`},
		{name: "lower bounds", body: `{"amount":"123456"}`, limits: Limits{MaxDecimalDigits: 5}, detail: "at most 5 digits"},
		{name: "lower exponent", body: `{"amount":"1e7"}`, limits: Limits{MaxDecimalExponent: 6}, detail: "exponent from -6 to 6"},
		{name: "not a number is the parser's", body: `{"amount":"1e"}`, detail: "invalid JSON body"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var p payment
			w, ok := post(&p, c.body, c.limits)
			if c.detail == "" {
				if !ok {
					t.Fatalf("refused: %d %s", w.Code, w.Body)
				}
				return
			}
			if ok || w.Code != 400 {
				t.Fatalf("ok=%v status %d, want 400", ok, w.Code)
			}
			if p := problemOf(t, w, "/pay"); !strings.Contains(p.Detail, c.detail) {
				t.Errorf("detail %q, want one with %q", p.Detail, c.detail)
			}
		})
	}
}

// TestDecodeCheapRefusals checks that bodies built to cost CPU are
// refused within 10 ms each: the 45-byte decimal of issue 13 among them.
func TestDecodeCheapRefusals(t *testing.T) {
	bodies := map[string]string{
		"huge exponent":       `{"amount":"1e10000000"}`,
		"huge exponent, long": `{"amount":"1e` + strings.Repeat("9", 100_000) + `"}`,
		"many digits":         `{"amount":"` + strings.Repeat("7", 900_000) + `"}`,
		"deep":                `{"amount":` + strings.Repeat("[", 400_000) + `}`,
		"many duplicates":     `{"comment":"x"` + strings.Repeat(`,"x":1`, 100_000) + `}`,
	}
	for name, body := range bodies {
		var p payment
		start := time.Now()
		w, ok := post(&p, body, Limits{})
		took := time.Since(start)
		if ok || w.Code != 400 {
			t.Errorf("%s: ok=%v status %d, want 400", name, ok, w.Code)
		}
		limit := 10 * time.Millisecond
		if len(body) > 1000 {
			limit = 200 * time.Millisecond // reading and scanning up to 1 MB
		}
		if took > limit && os.Getenv("CI") == "" {
			t.Errorf("%s: refused in %v, want under %v", name, took, limit)
		}
	}
}

// TestDecodeLimits checks that the request's Limits bound its body.
func TestDecodeLimits(t *testing.T) {
	body := `{"amount":"1","comment":"` + strings.Repeat("x", 200) + `"}`
	var p payment
	if w, ok := post(&p, body, Limits{MaxBodyBytes: 100}); ok || w.Code != 413 || !strings.Contains(w.Body.String(), "larger than 100 bytes") {
		t.Errorf("a body over the limit: ok=%v %d %s", ok, w.Code, w.Body)
	}
	if w, ok := post(&p, body, Limits{MaxBodyBytes: int64(len(body))}); !ok {
		t.Errorf("a body at the limit: %d %s", w.Code, w.Body)
	}
}

// TestWriteError checks the status each error of a use case is answered
// with, 503 and Retry-After for a dependency out of reach.
func TestWriteError(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	cases := []struct {
		name   string
		err    error
		status int
		detail string
	}{
		{"not found", fmt.Errorf("order o1: %w", fault.ErrNotFound), 404, "not found"},
		{"exists", fault.ErrExists, 409, "exists already"},
		{"conflict", fault.ErrConflict, 409, "changed meanwhile"},
		{"rule", &fault.RuleError{Rule: "amount must be positive"}, 422, "amount must be positive"},
		{"event too large", fmt.Errorf("save: %w", &message.TooLargeError{Type: "t", Size: 2_000_000, Limit: message.MaxSize}), 413, "2000000 bytes"},
		{"connection refused", fmt.Errorf("place order: %w", refused), 503, "retry later"},
		{"bad connection", driver.ErrBadConn, 503, "retry later"},
		{"timeout", fmt.Errorf("query: %w", context.DeadlineExceeded), 503, "retry later"},
		{"postgres shutting down", &pgconn.PgError{Code: "57P01", Message: "terminating connection due to administrator command"}, 503, "retry later"},
		{"postgres deadlock", &pgconn.PgError{Code: "40P01"}, 503, "retry later"},
		{"mysql invalid connection", mysql.ErrInvalidConn, 503, "retry later"},
		{"mysql lock wait", &mysql.MySQLError{Number: 1205, Message: "Lock wait timeout exceeded"}, 503, "retry later"},
		{"postgres syntax", &pgconn.PgError{Code: "42601", Message: "syntax error"}, 500, ""},
		{"mysql duplicate", &mysql.MySQLError{Number: 1062}, 500, ""},
		{"other", errors.New("boom"), 500, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var logs bytes.Buffer
			w := httptest.NewRecorder()
			WriteError(w, httptest.NewRequest("POST", "/order", nil), slog.New(slog.NewTextHandler(&logs, nil)), c.err)
			if w.Code != c.status {
				t.Fatalf("status %d, want %d", w.Code, c.status)
			}
			p := problemOf(t, w, "/order")
			if c.detail == "" && p.Detail != "" || !strings.Contains(p.Detail, c.detail) {
				t.Errorf("detail %q, want one with %q", p.Detail, c.detail)
			}
			if ra := w.Header().Get("Retry-After"); (c.status == 503) != (ra == "5") {
				t.Errorf("Retry-After %q", ra)
			}
			if logged := logs.Len() > 0; logged != (c.status >= 500) {
				t.Errorf("logged %q", logs.String())
			}
		})
	}
}

// TestReadyz checks /readyz with checks: each reported, 503 when one
// fails or takes longer than CheckTimeout, and while not ready.
func TestReadyz(t *testing.T) {
	ok := func(context.Context) error { return nil }
	down := func(context.Context) error { return errors.New("dial tcp 127.0.0.1:5432: connection refused") }
	hangs := func(ctx context.Context) error { <-ctx.Done(); time.Sleep(10 * time.Second); return nil }
	cases := []struct {
		name   string
		ready  bool
		checks []Check
		status int
		body   string
	}{
		{"no checks", true, nil, 200, `{"status":"ready"}`},
		{"all pass", true, []Check{{"database", ok}, {"kafka", ok}}, 200, `{"status":"ready","checks":{"database":"ok","kafka":"ok"}}`},
		{"one fails", true, []Check{{"database", down}, {"kafka", ok}}, 503,
			`{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"unavailable: database","instance":"/readyz","checks":{"database":"dial tcp 127.0.0.1:5432: connection refused","kafka":"ok"}}`},
		{"one hangs", true, []Check{{"database", ok}, {"kafka", hangs}, {"consumer", down}}, 503,
			`{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"unavailable: kafka and consumer","instance":"/readyz","checks":{"consumer":"dial tcp 127.0.0.1:5432: connection refused","database":"ok","kafka":"context deadline exceeded"}}`},
		{"shutting down", false, []Check{{"database", ok}}, 503,
			`{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"the service is shutting down","instance":"/readyz"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			start := time.Now()
			NewMux(Probes{Ready: func() bool { return c.ready }, Checks: c.checks}).ServeHTTP(w, httptest.NewRequest("GET", "/readyz", nil))
			if took := time.Since(start); took > CheckTimeout+time.Second {
				t.Errorf("answered in %v", took)
			}
			if w.Code != c.status || strings.TrimSpace(w.Body.String()) != c.body {
				t.Errorf("%d %s\nwant %d %s", w.Code, w.Body, c.status, c.body)
			}
			if c.status == 503 && len(c.checks) > 0 && c.ready && w.Header().Get("Retry-After") == "" {
				t.Error("no Retry-After")
			}
		})
	}
}

// FuzzDecode checks that Decode never panics, answers 400, 413 or 415
// when it refuses a body, and accepts only bodies that are one JSON object
// in UTF-8 with no name twice and decimals within bounds.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		``, `{}`, `{"amount":"12.50"}`, `{"amount":1e10000000}`, `{"amount":"1","amount":"2"}`,
		`{"amount":"1","price":{"value":"2","currency":"EUR"},"parts":["1",2]}`,
		`{"amount":"1","rates":{"a":"1","a":"2"}}`, "{\"amount\":\"\xff\"}", `[1]`, `null`, `{"amount":"1"} x`,
		`{"amount":"1","tip":null}`, `{"Amount":"1e5"}`, `{"amount":"-0.000e-0"}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var p payment
		w, ok := post(&p, body, Limits{MaxBodyBytes: 4096})
		if !ok {
			switch w.Code {
			case 400, 413, 415:
			default:
				t.Fatalf("refused %q with %d", body, w.Code)
			}
			return
		}
		if strings.TrimSpace(body) == "" {
			return
		}
		if !utf8.ValidString(body) {
			t.Fatalf("accepted %q, not UTF-8", body)
		}
		var members map[string]stdjson.RawMessage
		if err := stdjson.Unmarshal([]byte(body), &members); err != nil || members == nil {
			t.Fatalf("accepted %q, not a JSON object: %v", body, err)
		}
		if _, has := members["amount"]; !has && !strings.Contains(strings.ToLower(body), `"amount"`) {
			t.Fatalf("accepted %q without its required amount", body)
		}
		for _, d := range append([]decimal.Decimal{p.Amount}, p.Parts...) {
			if len(d.Coefficient().String()) > MaxDecimalDigits+1 || d.Exponent() > MaxDecimalExponent+MaxDecimalDigits || d.Exponent() < -(MaxDecimalExponent+MaxDecimalDigits) {
				t.Fatalf("accepted %q with the decimal %s out of bounds", body, d)
			}
		}
	})
}
