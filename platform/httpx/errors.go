package httpx

import (
	"errors"
	"log/slog"
	"net/http"

	"eventstorm/platform/fault"
)

// WriteError answers with the problem an error of a use case or query
// stands for: 404 for a missing aggregate or row, 409 for one that exists
// already or a version conflict, 422 for a broken business rule, else 500,
// logged, with no detail (it may hold what the caller should not see).
func WriteError(w http.ResponseWriter, r *http.Request, logger *slog.Logger, err error) {
	var rule *fault.RuleError
	switch {
	case errors.Is(err, fault.ErrNotFound):
		WriteProblem(w, r, http.StatusNotFound, err.Error())
	case errors.Is(err, fault.ErrExists):
		WriteProblem(w, r, http.StatusConflict, err.Error())
	case errors.Is(err, fault.ErrConflict):
		WriteProblem(w, r, http.StatusConflict, "it changed meanwhile; read it again and retry")
	case errors.As(err, &rule):
		WriteProblem(w, r, http.StatusUnprocessableEntity, rule.Rule)
	default:
		logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "error", err)
		WriteProblem(w, r, http.StatusInternalServerError, "")
	}
}
