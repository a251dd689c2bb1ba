package database

import (
	"context"
	"database/sql"
	"fmt"
)

// Table is one of a service's tables: the statement creating it as the
// model is now, the statements adding each column to a table created by an
// earlier version of the model, and idempotent statements to run after.
type Table struct {
	Name    string
	Create  [2]string
	Columns []Column
	After   [2][]string
}

// Column is a column of a table, and the statement adding it, per dialect.
type Column struct {
	Name string
	Add  [2]string
}

// Migration is a change the model cannot express, such as a renamed or
// retyped column or data to move, written by hand.
type Migration struct {
	// Name identifies the migration; it is recorded once applied.
	Name string
	// Statements are its statements, per dialect.
	Statements [2][]string
}

// Schema is what Migrate brings a database to.
type Schema struct {
	// Lock names the lock under which replicas starting together migrate
	// one at a time; one name per service.
	Lock string
	// Tables are created when missing, and their missing columns added.
	Tables []Table
	// Migrations are applied in order, each once.
	Migrations []Migration
}

// OpenSchema opens the database at rawURL, as Open does, and brings it up
// to s, as Migrate does: what a service does at start-up.
func OpenSchema(ctx context.Context, rawURL string, s Schema) (*DB, error) {
	d, err := Open(ctx, rawURL)
	if err != nil {
		return nil, err
	}
	if err := d.Migrate(ctx, s); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// Migrate brings the schema up to s, under s.Lock: it creates the missing
// tables, adds the missing columns (it never drops or changes one), then
// applies the hand-written migrations not applied yet, in order, recording
// each in eventstorm_migrations.
func (d *DB) Migrate(ctx context.Context, s Schema) error {
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("database schema: %w", err)
	}
	defer conn.Close()
	if err := d.lock(ctx, conn, s.Lock); err != nil {
		return fmt.Errorf("database schema: %w", err)
	}
	defer d.unlock(conn, s.Lock)
	for _, t := range s.Tables {
		if err := d.createTable(ctx, conn, t); err != nil {
			return fmt.Errorf("database schema: %w", err)
		}
	}
	if err := d.applyMigrations(ctx, conn, s.Migrations); err != nil {
		return fmt.Errorf("database schema: %w", err)
	}
	return nil
}

// createTable creates t if missing, adds the columns it lacks and runs its
// statements to run after.
func (d *DB) createTable(ctx context.Context, conn *sql.Conn, t Table) error {
	if _, err := conn.ExecContext(ctx, t.Create[d.dialect]); err != nil {
		return fmt.Errorf("create table %s: %w", t.Name, err)
	}
	have, err := d.columns(ctx, conn, t.Name)
	if err != nil {
		return err
	}
	for _, c := range t.Columns {
		if have[c.Name] {
			continue
		}
		if _, err := conn.ExecContext(ctx, c.Add[d.dialect]); err != nil {
			return fmt.Errorf("add column %s.%s: %w", t.Name, c.Name, err)
		}
	}
	for _, stmt := range t.After[d.dialect] {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("table %s: %w", t.Name, err)
		}
	}
	return nil
}

// lock takes the migration lock, waiting for another replica to finish.
func (d *DB) lock(ctx context.Context, conn *sql.Conn, name string) error {
	if d.dialect == Postgres {
		_, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(hashtext($1))", name)
		return err
	}
	var got sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, 120)", name).Scan(&got); err != nil {
		return err
	}
	if got.Int64 != 1 {
		return fmt.Errorf("another replica held the lock %s for 2 minutes", name)
	}
	return nil
}

// unlock releases the migration lock; closing the connection would too.
func (d *DB) unlock(conn *sql.Conn, name string) {
	stmt := "SELECT RELEASE_LOCK(?)"
	if d.dialect == Postgres {
		stmt = "SELECT pg_advisory_unlock(hashtext($1))"
	}
	_, _ = conn.ExecContext(context.Background(), stmt, name)
}

// columns returns the names of the columns a table has.
func (d *DB) columns(ctx context.Context, conn *sql.Conn, table string) (map[string]bool, error) {
	query := "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1"
	if d.dialect == MySQL {
		query = "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?"
	}
	return names(conn.QueryContext(ctx, query, table))
}

// migrationsTable records the hand-written migrations applied, per dialect.
var migrationsTable = [2]string{
	Postgres: `CREATE TABLE IF NOT EXISTS eventstorm_migrations (name VARCHAR(255) PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
	MySQL:    "CREATE TABLE IF NOT EXISTS eventstorm_migrations (name VARCHAR(255) PRIMARY KEY, applied_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))",
}

// applyMigrations applies, in order, the hand-written migrations that are not
// recorded in eventstorm_migrations, recording each.
func (d *DB) applyMigrations(ctx context.Context, conn *sql.Conn, migrations []Migration) error {
	if _, err := conn.ExecContext(ctx, migrationsTable[d.dialect]); err != nil {
		return err
	}
	applied, err := names(conn.QueryContext(ctx, "SELECT name FROM eventstorm_migrations"))
	if err != nil {
		return err
	}
	record := "INSERT INTO eventstorm_migrations (name) VALUES (" + d.dialect.Param(1) + ")"
	for _, m := range migrations {
		if applied[m.Name] {
			continue
		}
		for _, stmt := range m.Statements[d.dialect] {
			if _, err := conn.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
		}
		if _, err := conn.ExecContext(ctx, record, m.Name); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	return nil
}

// names reads a query's single string column as a set.
func names(rows *sql.Rows, err error) (map[string]bool, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	set := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		set[name] = true
	}
	return set, rows.Err()
}
