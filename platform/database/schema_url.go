package database

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// SchemaURL makes room for one part of a system (a context of a monolith)
// in the database at rawURL, and returns the URL that part opens: on
// PostgreSQL the schema named name, created when missing and made the
// connection's search_path; on MySQL, where a schema is a database, the
// database <db>_<name>, created when missing. So two parts' tables,
// outboxes and inboxes never meet.
func SchemaURL(ctx context.Context, rawURL, name string) (string, error) {
	u, err := parseURL(rawURL)
	if err != nil {
		return "", err
	}
	var db *sql.DB
	var create string
	switch u.Scheme {
	case "postgres", "postgresql":
		cfg, err := pgx.ParseConfig(rawURL)
		if err != nil {
			return "", fmt.Errorf("DATABASE_URL %s: %w", redacted(u), err)
		}
		db = stdlib.OpenDB(*cfg)
		create = `CREATE SCHEMA IF NOT EXISTS "` + name + `"`
		q := u.Query()
		q.Set("search_path", `"`+name+`"`)
		u.RawQuery = q.Encode()
	case "mysql":
		base := strings.TrimPrefix(u.Path, "/")
		if base == "" {
			return "", fmt.Errorf("DATABASE_URL %s names no database", redacted(u))
		}
		server := *u
		server.Path = "/"
		cfg, err := MySQLConfig(&server)
		if err != nil {
			return "", fmt.Errorf("DATABASE_URL %s: %w", redacted(u), err)
		}
		if u.Port() == "" {
			cfg.Addr = net.JoinHostPort(u.Hostname(), "3306")
		}
		connector, err := mysql.NewConnector(cfg)
		if err != nil {
			return "", fmt.Errorf("DATABASE_URL %s: %w", redacted(u), err)
		}
		db = sql.OpenDB(connector)
		create = "CREATE DATABASE IF NOT EXISTS `" + base + "_" + name + "`"
		u.Path = "/" + base + "_" + name
	default:
		return "", unknownScheme(u)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, create); err != nil {
		return "", fmt.Errorf("database %s: %w", redacted(u), err)
	}
	return u.String(), nil
}
