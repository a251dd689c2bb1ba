package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
)

// Unavailable reports whether err says that the database (or another
// dependency reached over the network) is out of reach or overloaded for
// now, rather than that the request is wrong: a refused or broken
// connection, a timeout, a server shutting down or out of connections, a
// deadlock or a lock not granted in time. Retrying later may succeed; the
// HTTP API answers 503 with Retry-After.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	var netErr net.Error
	var pgErr *pgconn.PgError
	var myErr *mysql.MySQLError
	var connectErr *pgconn.ConnectError
	switch {
	case errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, driver.ErrBadConn),
		errors.Is(err, sql.ErrConnDone),
		errors.Is(err, mysql.ErrInvalidConn),
		errors.Is(err, io.ErrUnexpectedEOF),
		// pgx's "conn closed": the connection went away under a
		// transaction, as when the network to the server is cut.
		errors.Is(err, pgconn.ErrConnClosed),
		errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE),
		errors.Is(err, syscall.ETIMEDOUT),
		errors.As(err, &netErr),
		errors.As(err, &connectErr),
		pgconn.Timeout(err):
		return true
	case errors.As(err, &pgErr):
		// 08: connection exception; 53: insufficient resources; 57P0x:
		// the server shutting down or starting; 40001, 40P01: a
		// serialization failure or a deadlock; 55P03: a lock not
		// available.
		c := pgErr.Code
		return strings.HasPrefix(c, "08") || strings.HasPrefix(c, "53") || strings.HasPrefix(c, "57P") ||
			c == "40001" || c == "40P01" || c == "55P03"
	case errors.As(err, &myErr):
		// 1040 too many connections, 1053 server shutdown, 1205 lock wait
		// timeout, 1213 deadlock, 1317 query interrupted, 2002, 2003,
		// 2006, 2013 connection lost or refused, 3024 execution time
		// exceeded.
		switch myErr.Number {
		case 1040, 1053, 1205, 1213, 1317, 2002, 2003, 2006, 2013, 3024:
			return true
		}
	}
	return false
}
