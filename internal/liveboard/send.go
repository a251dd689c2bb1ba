package liveboard

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// send writes to a stream's client within writeTimeout and flushes it;
// false when that failed.
func send(rc *http.ResponseController, w http.ResponseWriter, format string, args ...any) bool {
	if err := rc.SetWriteDeadline(time.Now().Add(writeTimeout)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return false
	}
	if _, err := fmt.Fprintf(w, format, args...); err != nil {
		return false
	}
	return rc.Flush() == nil
}
