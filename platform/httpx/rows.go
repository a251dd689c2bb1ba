package httpx

import (
	"context"
	"log/slog"
	"net/http"
)

// Page is a page of a list route's rows; Next is the after= of the next
// page, empty on the last.
type Page[R any] struct {
	Items []R    `json:"items"`
	Next  string `json:"next,omitempty"`
}

// GetRow serves GET /<read model>/{key}: the path value key, parsed by
// parse (400 when it does not), looked up by get (its error answered as
// WriteError answers it: 404 for a missing row), and answered 200 as
// present writes the row.
func GetRow[K, V, R any](w http.ResponseWriter, r *http.Request, logger *slog.Logger,
	parse func(string) (K, error), get func(context.Context, K) (V, error), present func(V) R) {
	key, err := parse(r.PathValue("key"))
	if err != nil {
		WriteProblem(w, r, http.StatusBadRequest, err.Error())
		return
	}
	row, err := get(r.Context(), key)
	if err != nil {
		WriteError(w, r, logger, err)
		return
	}
	WriteJSON(w, http.StatusOK, present(row))
}

// ListRows serves GET /<read model>?limit=&after=: a page of rows in key
// order, DefaultLimit unless ?limit= (at most MaxLimit) says otherwise,
// after the key ?after= gives (parsed by parse, 400 when it does not), as
// list returns them and present writes each; Next is the key of the last
// row (keyOf) when the page is full.
func ListRows[K, V, R any](w http.ResponseWriter, r *http.Request, logger *slog.Logger,
	parse func(string) (K, error), list func(context.Context, *K, int) ([]V, error), present func(V) R, keyOf func(V) string) {
	limit, ok := PageLimit(w, r)
	if !ok {
		return
	}
	var after *K
	if s := r.URL.Query().Get("after"); s != "" {
		key, err := parse(s)
		if err != nil {
			WriteProblem(w, r, http.StatusBadRequest, err.Error())
			return
		}
		after = &key
	}
	rows, err := list(r.Context(), after, limit)
	if err != nil {
		WriteError(w, r, logger, err)
		return
	}
	p := Page[R]{}
	if rows != nil {
		p.Items = make([]R, len(rows))
	}
	for i, row := range rows {
		p.Items[i] = present(row)
	}
	if len(rows) == limit {
		p.Next = keyOf(rows[len(rows)-1])
	}
	WriteJSON(w, http.StatusOK, p)
}
