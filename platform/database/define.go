package database

import (
	"strings"
)

// ColumnDef is a column of a table the model describes: its name and its
// type per dialect, constraints and default included.
type ColumnDef struct {
	Name string
	Type [2]string
}

// Col is the column name of type postgres on PostgreSQL and mysql on MySQL.
func Col(name, postgres, mysql string) ColumnDef {
	return ColumnDef{Name: name, Type: [2]string{Postgres: postgres, MySQL: mysql}}
}

// Define is the table name made of cols, the first its primary key: the
// statement creating it, per dialect (utf8mb4 with binary collation on
// MySQL, so that text compares as Go compares it), and for every other
// column the statement adding it to a table made before it existed.
func Define(name string, cols ...ColumnDef) Table {
	t := Table{Name: name}
	for d := range t.Create {
		defs := make([]string, len(cols))
		for i, c := range cols {
			defs[i] = quote(Dialect(d), c.Name) + " " + c.Type[d]
		}
		t.Create[d] = "CREATE TABLE IF NOT EXISTS " + quote(Dialect(d), name) + " (" + strings.Join(defs, ", ") + ")"
	}
	t.Create[MySQL] += " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
	for _, c := range cols[min(1, len(cols)):] {
		var add [2]string
		for d := range add {
			add[d] = "ALTER TABLE " + quote(Dialect(d), name) + " ADD COLUMN " + quote(Dialect(d), c.Name) + " " + c.Type[d]
		}
		t.Columns = append(t.Columns, Column{Name: c.Name, Add: add})
	}
	return t
}

// quote quotes an identifier for the dialect.
func quote(d Dialect, name string) string {
	if d == MySQL {
		return "`" + strings.ReplaceAll(name, "`", "``") + "`"
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
