package httpx

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"eventstorm/platform/database"
	"eventstorm/platform/fault"
	"eventstorm/platform/message"
)

// RetryAfter is how many seconds a client is asked to wait (Retry-After)
// before retrying a request answered 503 because a dependency is down.
const RetryAfter = 5

// WriteError answers with the problem an error of a use case or query
// stands for: 404 for a missing aggregate or row, 409 for one that exists
// already or a version conflict, 422 for a broken business rule, 413 for a
// command whose events would be larger than a broker takes, 503 with
// Retry-After when a dependency is unavailable (database.Unavailable: the
// database down, a timeout, a deadlock), logged; else 500, logged, with no
// detail (it may hold what the caller should not see).
func WriteError(w http.ResponseWriter, r *http.Request, logger *slog.Logger, err error) {
	var rule *fault.RuleError
	var tooLarge *message.TooLargeError
	switch {
	case errors.Is(err, fault.ErrNotFound):
		WriteProblem(w, r, http.StatusNotFound, err.Error())
	case errors.Is(err, fault.ErrExists):
		WriteProblem(w, r, http.StatusConflict, err.Error())
	case errors.Is(err, fault.ErrConflict):
		WriteProblem(w, r, http.StatusConflict, "it changed meanwhile; read it again and retry")
	case errors.As(err, &rule):
		WriteProblem(w, r, http.StatusUnprocessableEntity, rule.Rule)
	case errors.As(err, &tooLarge):
		WriteProblem(w, r, http.StatusRequestEntityTooLarge, tooLarge.Error())
	case database.Unavailable(err):
		logger.Warn("a dependency is unavailable; answered 503", "method", r.Method, "path", r.URL.Path, "error", err)
		w.Header().Set("Retry-After", strconv.Itoa(RetryAfter))
		WriteProblem(w, r, http.StatusServiceUnavailable, "a service this one depends on is unavailable; retry later")
	default:
		logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "error", err)
		WriteProblem(w, r, http.StatusInternalServerError, "")
	}
}
