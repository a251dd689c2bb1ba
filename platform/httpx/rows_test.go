package httpx

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"eventstorm/platform/fault"
)

// squares is a read model of n rows keyed 1..n, each its key's square.
type squares int

func parseSquareKey(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a Squares key", s)
	}
	return n, nil
}

func (n squares) get(_ context.Context, key int) (int, error) {
	if key < 1 || key > int(n) {
		return 0, fault.ErrNotFound
	}
	return key, nil
}

func (n squares) list(_ context.Context, after *int, limit int) ([]int, error) {
	var rows []int
	for k := 1; k <= int(n) && len(rows) < limit; k++ {
		if after == nil || k > *after {
			rows = append(rows, k)
		}
	}
	return rows, nil
}

type square struct {
	Key    int `json:"key"`
	Square int `json:"square"`
}

func presentSquare(k int) square { return square{k, k * k} }

func TestRows(t *testing.T) {
	rows := squares(3)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /squares/{key}", func(w http.ResponseWriter, r *http.Request) {
		GetRow(w, r, logger, parseSquareKey, rows.get, presentSquare)
	})
	mux.HandleFunc("GET /squares", func(w http.ResponseWriter, r *http.Request) {
		ListRows(w, r, logger, parseSquareKey, rows.list, presentSquare, strconv.Itoa)
	})
	for _, tc := range []struct {
		path   string
		status int
		body   string
	}{
		{"/squares/2", 200, `{"key":2,"square":4}`},
		{"/squares/9", 404, `"status":404`},
		{"/squares/two", 400, `"two\" is not a Squares key`},
		{"/squares", 200, `{"items":[{"key":1,"square":1},{"key":2,"square":4},{"key":3,"square":9}]}`},
		{"/squares?limit=2", 200, `{"items":[{"key":1,"square":1},{"key":2,"square":4}],"next":"2"}`},
		{"/squares?limit=2&after=2", 200, `{"items":[{"key":3,"square":9}]}`},
		{"/squares?after=3", 200, `{"items":null}`},
		{"/squares?after=x", 400, `"x\" is not a Squares key`},
		{"/squares?limit=0", 400, "limit must be a number from 1 to 1000"},
	} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("GET", tc.path, nil))
		body := strings.TrimSpace(rec.Body.String())
		if rec.Code != tc.status || !strings.Contains(body, tc.body) {
			t.Errorf("GET %s = %d %s, want %d with %s", tc.path, rec.Code, body, tc.status, tc.body)
		}
	}
}
