package httpx

import (
	"net/http"
	"strconv"
)

// The page sizes of list routes (?limit=).
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// PageLimit reads a list route's ?limit=, DefaultLimit when absent. When
// it is not a number from 1 to MaxLimit it answers 400 and returns false.
func PageLimit(w http.ResponseWriter, r *http.Request) (int, bool) {
	s := r.URL.Query().Get("limit")
	if s == "" {
		return DefaultLimit, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxLimit {
		WriteProblem(w, r, http.StatusBadRequest, "limit must be a number from 1 to 1000")
		return 0, false
	}
	return n, true
}
