package devrun

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"eventstorm/platform/database"
)

// maxDatabaseName is the longest database name both servers take:
// PostgreSQL's identifiers have at most 63 bytes (it would cut a longer name
// silently), MySQL's 64 characters.
const maxDatabaseName = 63

// connectTimeout bounds the wait for an unreachable server.
const connectTimeout = 10 * time.Second

// DatabaseServer is a PostgreSQL or MySQL/MariaDB server on which every
// service of a system gets a database of its own.
type DatabaseServer struct {
	url   *url.URL
	mysql bool
}

// ParseDatabaseServer reads a server's URL: postgres://user:pass@host:port/db
// (or postgresql://) or mysql://user:pass@host:port/db. The path, if any,
// names the database to connect to for administration: postgres when it
// has none on PostgreSQL, none on MySQL. Query parameters go to the driver,
// here and in every service's URL.
func ParseDatabaseServer(rawURL string) (*DatabaseServer, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Opaque != "" {
		// url.Parse's error would quote the URL, password included.
		return nil, errors.New("the database URL is not a URL such as postgres://user:pass@host:5432/ or mysql://user:pass@host:3306/")
	}
	switch u.Scheme {
	case "postgres", "postgresql":
		if _, err := pgx.ParseConfig(rawURL); err != nil {
			return nil, fmt.Errorf("database URL %s: %w", u.Redacted(), err)
		}
		return &DatabaseServer{url: u}, nil
	case "mysql":
		if _, err := database.MySQLConfig(u); err != nil {
			return nil, fmt.Errorf("database URL %s: %w", u.Redacted(), err)
		}
		return &DatabaseServer{url: u, mysql: true}, nil
	}
	return nil, fmt.Errorf("database URL %s: scheme %q: want postgres:// or mysql://", u.Redacted(), u.Scheme)
}

// DatabaseURL is the URL of the named database on the server: the server's
// URL with its path replaced, query parameters kept.
func (s *DatabaseServer) DatabaseURL(name string) *url.URL {
	u := *s.url
	u.Path, u.RawPath = "/"+name, ""
	return &u
}

// CreateDatabases creates each named database the server lacks. It is
// idempotent, and safe when another client creates the same database at the
// same time. The names are checked before any is created.
func (s *DatabaseServer) CreateDatabases(ctx context.Context, names []string) error {
	for _, name := range names {
		if err := checkDatabaseName(name); err != nil {
			return err
		}
	}
	db, err := s.open()
	if err != nil {
		return err
	}
	defer db.Close()
	pingCtx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		return fmt.Errorf("connecting to the database server %s: %w", s.url.Redacted(), err)
	}
	for _, name := range names {
		if s.mysql {
			_, err = db.ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS `"+name+"` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
		} else {
			err = createPostgresDatabase(ctx, db, name)
		}
		if err != nil {
			return fmt.Errorf("creating the database %s on %s: %w", name, s.url.Redacted(), err)
		}
	}
	return nil
}

// createPostgresDatabase creates a PostgreSQL database unless it exists;
// PostgreSQL has no CREATE DATABASE IF NOT EXISTS.
func createPostgresDatabase(ctx context.Context, db *sql.DB, name string) error {
	var exists bool
	if err := db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	_, err := db.ExecContext(ctx, `CREATE DATABASE "`+name+`"`)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && (pgErr.Code == "42P04" || pgErr.Code == "23505") {
		// Another client created it since the check: 42P04 if it committed
		// first, a unique violation on pg_database if both inserted at once.
		return nil
	}
	return err
}

// checkDatabaseName rejects a name the servers would not take as it is.
// Names derived from the model are snake_case ASCII, which needs no quoting
// beyond the quotes that keep reserved words usable.
func checkDatabaseName(name string) error {
	if name == "" || strings.TrimLeft(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
		return fmt.Errorf("database name %q: want lower-case ASCII letters, digits and underscores", name)
	}
	if len(name) > maxDatabaseName {
		return fmt.Errorf("database name %s has %d characters, more than the %d PostgreSQL and MySQL take: give the system or the context a shorter code", name, len(name), maxDatabaseName)
	}
	return nil
}

// open connects to the server's administration database: the URL's, or
// postgres on PostgreSQL when it names none.
func (s *DatabaseServer) open() (*sql.DB, error) {
	admin := *s.url
	if !s.mysql && strings.Trim(admin.Path, "/") == "" {
		admin.Path, admin.RawPath = "/postgres", ""
	}
	return OpenDatabase(admin.String())
}

// OpenDatabase opens a pool on the database a URL names,
// postgres://user:pass@host:port/db or mysql://user:pass@host:port/db, as
// the generated services read DATABASE_URL; nothing is sent until it is
// used.
func OpenDatabase(rawURL string) (*sql.DB, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, errors.New("the database URL is not a URL")
	}
	if u.Scheme == "mysql" {
		cfg, err := database.MySQLConfig(u)
		if err != nil {
			return nil, fmt.Errorf("database URL %s: %w", u.Redacted(), err)
		}
		connector, err := mysql.NewConnector(cfg)
		if err != nil {
			return nil, err
		}
		return sql.OpenDB(connector), nil
	}
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		return nil, fmt.Errorf("database URL %s: %w", u.Redacted(), err)
	}
	return stdlib.OpenDB(*cfg), nil
}
