package golang

import (
	"bytes"
	"embed"
	"fmt"
	"go/format"
	"hash/fnv"
	"path"
	"strconv"
	"strings"
	"text/template"

	"eventstorm/generator/genfile"
	"eventstorm/model"
	"eventstorm/model/names"
)

// The SQL adapters' support code (connection, schema runner, outbox relay,
// inbox) is the runtime's (platform/database, outbox, inbox); the code that
// depends on the model (tables, repositories, stores) is written with
// goSource, and the one scaffolded file, migrations.go, is a template.
//
//go:embed sqlsupport/*.tmpl
var sqlSupport embed.FS

var sqlTemplates = template.Must(template.ParseFS(sqlSupport, "sqlsupport/*.tmpl"))

// maxSQLName is the longest table or column name PostgreSQL keeps (MySQL
// allows 64 bytes).
const maxSQLName = 63

func (s *service) sqlPkg() string { return s.pkg("internal/adapters/sqldb") }

// sqlDB emits the PostgreSQL and MySQL adapters: the connection and schema
// runner, a repository per aggregate writing the outbox in the same
// transaction, a store per read model, and the inbox.
func (s *service) sqlDB() {
	if !s.x.Stores {
		return
	}
	s.sqlSupportFile("migrations.go.tmpl", "migrations.go", genfile.Scaffolded, nil)
	codecs := map[string]bool{}
	var tables []sqlTable
	for _, a := range s.c.Aggregates {
		if a.EventSourced() {
			s.sqlEventRepository(a)
			continue
		}
		t := s.aggregateTable(a)
		tables = append(tables, t)
		s.sqlRepository(a, t)
		t.codecs(codecs)
	}
	for _, r := range s.c.ReadModels {
		t := s.readModelTable(r)
		tables = append(tables, t)
		s.sqlStore(r, t)
		t.codecs(codecs)
	}
	for _, t := range tables {
		for _, name := range append([]string{t.name}, t.columnNames()...) {
			if len(name) > maxSQLName {
				s.fail(fmt.Errorf("context %q: the SQL name %q is longer than %d bytes; shorten the name it comes from, or give the element a shorter code", s.c.Name, name, maxSQLName))
			}
			if strings.HasPrefix(t.name, "eventstorm_") && name == t.name {
				s.fail(fmt.Errorf("context %q: the table name %q is reserved for eventstorm's own tables; rename the element", s.c.Name, name))
			}
		}
	}
	s.sqlSchema(tables)
	s.sqlCodecs(codecs)
	s.sqlValueObjects(tables)
}

// fail records the first error of the service's emission.
func (s *service) fail(err error) {
	if s.err == nil {
		s.err = err
	}
}

// lockName names the migration lock of a service's database.
func lockName(m *model.Model, c *model.Context) string {
	h := fnv.New64a()
	h.Write([]byte(m.System + "\x00" + c.Name))
	return fmt.Sprintf("eventstorm-%x", h.Sum64())
}

// sqlSupportFile renders a support template into the adapter package.
func (s *service) sqlSupportFile(tmpl, name string, owner genfile.Owner, data map[string]string) {
	var buf bytes.Buffer
	rel := path.Join("internal/adapters/sqldb", name)
	if err := sqlTemplates.ExecuteTemplate(&buf, tmpl, data); err != nil {
		s.fail(fmt.Errorf("%s: %w", rel, err))
		return
	}
	src, err := format.Source(buf.Bytes())
	if err != nil {
		s.fail(fmt.Errorf("%s: %w", rel, err))
		return
	}
	s.files = append(s.files, genfile.File{Path: path.Join(s.dir, rel), Owner: owner, Bytes: src})
}

// sqlColumn is a column of a table and how its field is written and read.
type sqlColumn struct {
	name  string
	field *model.Field
	// pg and my are the column's type and constraints per dialect.
	pg, my string
	// codec wraps the field's address when the driver cannot take the Go
	// value as it is; empty when it can.
	codec string
}

// sqlTable is a table of an aggregate or a read model: its key column
// first.
type sqlTable struct {
	name    string
	key     sqlColumn
	columns []sqlColumn // after the key
}

func (t sqlTable) all() []sqlColumn { return append([]sqlColumn{t.key}, t.columns...) }

func (t sqlTable) columnNames() []string {
	var out []string
	for _, c := range t.all() {
		out = append(out, c.name)
	}
	return out
}

func (t sqlTable) codecs(used map[string]bool) {
	for _, c := range t.all() {
		if c.codec != "" {
			used[c.codec] = true
		}
	}
}

func (s *service) aggregateTable(a *model.Aggregate) sqlTable {
	t := sqlTable{name: names.Snake(a.Base()), key: sqlKeyColumn(a.IDField())}
	t.columns = append(t.columns, sqlColumn{name: "version", field: &model.Field{Name: "version", Type: &model.TypeRef{Kind: model.Scalar, Scalar: model.Int}},
		pg: "BIGINT NOT NULL DEFAULT 0", my: "BIGINT NOT NULL DEFAULT 0"})
	for _, f := range (&agg{a: a}).stateFields() {
		t.columns = append(t.columns, sqlFieldColumn(f))
	}
	return t
}

func (s *service) readModelTable(r *model.ReadModel) sqlTable {
	key := r.KeyField()
	t := sqlTable{name: names.Snake(r.Base()), key: sqlKeyColumn(key)}
	for _, f := range r.Fields {
		if f != key {
			t.columns = append(t.columns, sqlFieldColumn(f))
		}
	}
	return t
}

// sqlKeyColumn is a primary-key column; MySQL cannot index TEXT, and both
// databases order keys bytewise, as the in-memory adapters do.
func sqlKeyColumn(f *model.Field) sqlColumn {
	st := sqlTypeOf(f.Type)
	c := sqlColumn{name: f.Snake(), field: f, pg: st.pg + " PRIMARY KEY", my: st.my + " PRIMARY KEY", codec: st.codec}
	if st.pg == "TEXT" { // a string or an enum
		c.pg, c.my = `TEXT COLLATE "C" PRIMARY KEY`, "VARCHAR(255) PRIMARY KEY"
	}
	return c
}

// sqlFieldColumn maps a field to a column. Columns of required scalars are
// NOT NULL with their zero value as default, so that a column added for a
// new field fills existing rows; times and dates store their zero value as
// NULL (MySQL cannot hold year 1); lists and value objects are JSON.
func sqlFieldColumn(f *model.Field) sqlColumn {
	st := sqlTypeOf(f.Type)
	c := sqlColumn{name: f.Snake(), field: f, pg: st.pg, my: st.my, codec: st.codec}
	if f.Type.Kind != model.Optional && st.zeroPG != "" {
		c.pg += " NOT NULL DEFAULT " + st.zeroPG
		c.my += " NOT NULL DEFAULT " + st.zeroMy
	}
	return c
}

// sqlType is how a field type is stored, per dialect.
type sqlType struct {
	pg, my string
	// zeroPG and zeroMy are the type's zero value as a column default, empty
	// when the zero value is stored as NULL.
	zeroPG, zeroMy string
	// codec is the column codec the field is read and written through.
	codec string
}

func sqlTypeOf(t *model.TypeRef) sqlType {
	optional := t.Kind == model.Optional
	if optional {
		t = t.Elem
	}
	switch {
	case t.Kind == model.List, t.Kind == model.Named && t.Type.Enum == nil:
		return sqlType{pg: "JSONB", my: "JSON", codec: "jsonColumn"}
	case t.Kind == model.Named: // an enum
		return sqlType{pg: "TEXT", my: "VARCHAR(255)", zeroPG: "''", zeroMy: "''"}
	}
	switch t.Scalar {
	case model.Int:
		return sqlType{pg: "BIGINT", my: "BIGINT", zeroPG: "0", zeroMy: "0"}
	case model.Float:
		return sqlType{pg: "DOUBLE PRECISION", my: "DOUBLE", zeroPG: "0", zeroMy: "0"}
	case model.Decimal:
		// MySQL's DECIMAL has a fixed scale and pads every value to it
		// (12.50 reads back 12.500...0); its text keeps the scale given.
		return sqlType{pg: "NUMERIC", my: "VARCHAR(100)", zeroPG: "0", zeroMy: "'0'"}
	case model.Bool:
		return sqlType{pg: "BOOLEAN", my: "BOOLEAN", zeroPG: "FALSE", zeroMy: "FALSE"}
	case model.UUID:
		return sqlType{pg: "UUID", my: "CHAR(36)", zeroPG: "'00000000-0000-0000-0000-000000000000'", zeroMy: "'00000000-0000-0000-0000-000000000000'"}
	case model.Time:
		if optional {
			return sqlType{pg: "TIMESTAMPTZ", my: "DATETIME(6)"}
		}
		return sqlType{pg: "TIMESTAMPTZ", my: "DATETIME(6)", codec: "timeColumn"}
	case model.Date:
		if optional {
			return sqlType{pg: "DATE", my: "DATE", codec: "optionalDateColumn"}
		}
		return sqlType{pg: "DATE", my: "DATE", codec: "dateColumn"}
	}
	// A string; MySQL takes a TEXT default only as an expression.
	return sqlType{pg: "TEXT", my: "TEXT", zeroPG: "''", zeroMy: "('')"}
}

// dialect writes SQL for one database.
type dialect struct {
	name  string // the Dialect constant in generated code
	quote func(string) string
	param func(i int) string // i from 1
}

var dialects = []dialect{
	{name: "Postgres", quote: func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` },
		param: func(i int) string { return fmt.Sprintf("$%d", i) }},
	{name: "MySQL", quote: func(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" },
		param: func(int) string { return "?" }},
}

func (d dialect) list(cols []sqlColumn, each func(i int, c sqlColumn) string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = each(i, c)
	}
	return strings.Join(parts, ", ")
}

func (d dialect) names(cols []sqlColumn) string {
	return d.list(cols, func(_ int, c sqlColumn) string { return d.quote(c.name) })
}

func (d dialect) params(cols []sqlColumn, from int) string {
	return d.list(cols, func(i int, _ sqlColumn) string { return d.param(from + i) })
}

// sqlSchema writes the service's schema: the model's tables, the
// migration type of the hand-written migrations, and Schema.
func (s *service) sqlSchema(tables []sqlTable) {
	g := s.sqlSource()
	db := func(name string) string { return g.q(s.databasePkg(), name) }
	tablesDoc := "tables are the tables of the model: one per aggregate and per read model."
	if eventSourced(s.c.Aggregates) {
		g.importName(s.eventstorePkg(), "eventstore")
		tablesDoc = "tables are the tables of the model: one per aggregate stored as its state, and per read model."
	}
	g.comment("%s", tablesDoc)
	if len(tables) == 0 { // every aggregate event-sourced, no read model
		g.line("var tables = []%s{}", db("Table"))
	} else {
		g.line("var tables = []%s{", db("Table"))
		for _, t := range tables {
			g.line("%s(", db("Define"))
			g.line("%s,", strconv.Quote(t.name))
			for _, c := range t.all() {
				g.line("%s(%s, %s, %s),", db("Col"), strconv.Quote(c.name), sqlLit(c.pg), sqlLit(c.my))
			}
			g.line("),")
		}
		g.line("}")
	}
	g.line("")
	g.comment("migration is a change the model cannot express, such as a renamed or retyped column or data to move, written by hand in migrations.go.")
	g.line("type migration struct {")
	g.line("// name identifies the migration; it is recorded once applied.")
	g.line("name string")
	g.line("// postgres and mysql are its statements, one per dialect.")
	g.line("postgres, mysql []string")
	g.line("}")
	g.line("")
	s.schemaFunc(g)
	s.addSource("internal/adapters/sqldb/schema_gen.go", g)
}

// schemaFunc writes Schema: the model's tables, the event streams', the
// outbox's and the inbox's, and the hand-written migrations.
func (s *service) schemaFunc(g *goSource) {
	db := func(name string) string { return g.q(s.databasePkg(), name) }
	tablesOf := []string{"tables"}
	own := "the model's tables"
	for _, a := range s.c.Aggregates {
		if a.EventSourced() {
			own += ", those of the streams of " + a.Name + " events"
			tablesOf = append(tablesOf, fmt.Sprintf("%s(%s)", g.q(s.eventstorePkg(), "Tables"), strconv.Quote(s.aggregateTable(a).name)))
		}
	}
	if len(s.c.Aggregates) > 0 {
		own += ", the outbox's"
		tablesOf = append(tablesOf, g.q(s.outboxPkg(), "Tables"))
	}
	if s.x.Reads {
		own += ", the inbox's"
		tablesOf = append(tablesOf, g.q(s.inboxPkg(), "Tables"))
	}
	g.comment("Schema is the service's database schema, which it brings its database up to at start-up: %s, and the hand-written migrations.", own)
	g.line("func Schema() %s {", db("Schema"))
	g.line("schema := %s{", db("Schema"))
	g.keyed([]keyValue{{"Lock", strconv.Quote(lockName(s.m, s.c))}, {"Tables", g.q("slices", "Concat") + "(" + strings.Join(tablesOf, ", ") + ")"}})
	g.line("}")
	g.line("for _, m := range migrations {")
	g.line("schema.Migrations = append(schema.Migrations, %s{", db("Migration"))
	g.keyed([]keyValue{{"Name", "m.name"}, {"Statements", "[2][]string{m.postgres, m.mysql}"}})
	g.line("})")
	g.line("}")
	g.line("return schema")
	g.line("}")
}

// sqlSource starts a file of the sqldb package.
func (s *service) sqlSource() *goSource {
	g := s.newSource(s.sqlPkg(), "sqldb", genfile.Generated)
	g.importName(s.domainPkg(), "domain")
	g.importName(s.messagingPkg(), "messaging")
	g.importName(s.queryPkg(), "query")
	return g
}

// statements declares a table's statements per dialect as an array
// indexed by Dialect, each dialect's a struct of the named statements.
func (s *service) statements(g *goSource, name, what string, keys []string, build func(d dialect) []string) {
	g.comment("%s are the statements of %s, per dialect.", name, what)
	g.line("var %s = [...]struct {", name)
	rows := make([][]string, len(keys))
	for i, k := range keys {
		rows[i] = []string{k, "string"}
	}
	g.table(rows)
	g.line("}{")
	for _, d := range dialects {
		stmts := build(d)
		g.line("%s: {", g.q(s.databasePkg(), d.name))
		items := make([]keyValue, len(keys))
		for i, k := range keys {
			items[i] = keyValue{k, sqlLit(stmts[i])}
		}
		g.keyed(items)
		g.line("},")
	}
	g.line("}")
	g.line("")
}

// sqlLit is a statement as a Go string literal: a raw string when it
// holds no backquote, so that PostgreSQL's quoted names read plainly.
func sqlLit(stmt string) string {
	if strings.Contains(stmt, "`") {
		return strconv.Quote(stmt)
	}
	return "`" + stmt + "`"
}

// fieldArg is the argument or scan destination of a column read from
// or written to the field of a struct at recv.
func (s *service) fieldArg(g *goSource, recv, field string, c sqlColumn) string {
	addr := "&" + recv + "." + field
	if c.field != nil && holdsValueObject(c.field.Type) {
		// Stored as the JSON of the adapter's form of the value object.
		return fmt.Sprintf("%s(%s, %s, %s)", g.q(s.databasePkg(), "MapJSON"), addr, s.mapFunc(g, s.sqlPkg(), c.field.Type, true), s.mapFunc(g, s.sqlPkg(), c.field.Type, false))
	}
	if c.codec == "" {
		return addr
	}
	return s.codecText(g, c.codec, addr)
}

// codecText wraps addr, the address of a field, in the column's codec:
// the runtime's database.JSON or database.Time, or a date codec of the
// service's own.
func (s *service) codecText(g *goSource, codec, addr string) string {
	switch codec {
	case "jsonColumn":
		return g.q(s.databasePkg(), "JSON") + "{V: " + addr + "}"
	case "timeColumn":
		return g.q(s.databasePkg(), "Time") + "{T: " + addr + "}"
	}
	return codec + "{" + addr + "}"
}

// writeArg is the argument writing a column from the field of recv.
func (s *service) writeArg(g *goSource, recv, field string, c sqlColumn) string {
	if c.codec != "" {
		return s.fieldArg(g, recv, field, c)
	}
	return recv + "." + field
}

// sqlRepository writes the SQL repository of an aggregate: its statements
// per dialect, Load, and Save, which writes the state and the outbox in one
// transaction.
func (s *service) sqlRepository(a *model.Aggregate, t sqlTable) {
	g := s.sqlSource()
	g.importName(s.aggregatePkg(a), aggregatePkgName(a))
	typ := repoType(a)
	stmts := field(a.Base()) + "SQL"
	cols := t.all()
	s.statements(g, stmts, typ, []string{"load", "insert", "update"}, func(d dialect) []string {
		// An update's arguments are the insert's with the key moved last.
		set := d.list(t.columns, func(i int, c sqlColumn) string { return d.quote(c.name) + " = " + d.param(i+1) })
		return []string{
			fmt.Sprintf("SELECT %s FROM %s WHERE %s = %s", d.names(cols), d.quote(t.name), d.quote(t.key.name), d.param(1)),
			fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", d.quote(t.name), d.names(cols), d.params(cols, 1)),
			fmt.Sprintf("UPDATE %s SET %s WHERE %s = %s AND %s = %s", d.quote(t.name), set, d.quote(t.key.name), d.param(len(cols)), d.quote("version"), d.param(len(cols)+1)),
		}
	})
	g.comment("%s keeps %ss in the table %s, and their events in the outbox, in one transaction.", typ, a.Ident(), t.name)
	db, outbox := "*"+g.q(s.databasePkg(), "DB"), "*"+g.q(s.outboxPkg(), "SQL")
	g.line("type %s struct {", typ)
	g.table([][]string{{"db", db}, {"outbox", outbox}})
	g.line("}")
	g.line("")
	g.comment("New%s returns the repository of %ss in db, writing events to outbox.", typ, a.Ident())
	g.line("func New%s(db %s, outbox %s) *%s {", typ, db, outbox, typ)
	g.line("return &%s{db: db, outbox: outbox}", typ)
	g.line("}")
	g.line("")
	s.sqlRepositoryLoad(g, a, t, stmts)
	s.sqlRepositorySave(g, a, t, stmts)
	s.addSource("internal/adapters/sqldb/"+names.Snake(a.Base())+"_repository_gen.go", g)
}

// repositoryFields are the Go fields of an aggregate's state its table's
// columns hold, in the columns' order.
func repositoryFields(a *model.Aggregate, t sqlTable) []string {
	goFields := []string{fieldIdent(a.ID), "Version"}
	for _, c := range t.columns[1:] {
		goFields = append(goFields, stateFieldIdent(c.field))
	}
	return goFields
}

// sqlRepositoryLoad writes a SQL repository's Load.
func (s *service) sqlRepositoryLoad(g *goSource, a *model.Aggregate, t sqlTable, stmts string) {
	ap := s.aggregatePkg(a)
	goFields := repositoryFields(a, t)
	var scans []string
	for i, c := range t.all() {
		scans = append(scans, s.fieldArg(g, "state", goFields[i], c))
	}
	g.comment("Load returns the %s with the id, or domain.ErrNotFound.", a.Name)
	g.line("func (r *%s) Load(ctx %s, id %s) (*%s, error) {", repoType(a), g.q("context", "Context"), idTypeName(g, a), g.q(ap, a.Ident()))
	g.line("var state %s", g.q(ap, a.Ident()))
	g.line("err := r.db.Conn(ctx).QueryRowContext(ctx, %s[r.db.Dialect()].load, id).Scan(%s)", stmts, strings.Join(scans, ", "))
	g.line("if %s(err, %s) {", g.q("errors", "Is"), g.q("database/sql", "ErrNoRows"))
	g.line("return nil, %s", g.q(s.domainPkg(), "ErrNotFound"))
	g.line("}")
	g.line("if err != nil {")
	g.line("return nil, err")
	g.line("}")
	g.line("return &state, nil")
	g.line("}")
	g.line("")
}

// sqlRepositorySave writes a SQL repository's Save.
func (s *service) sqlRepositorySave(g *goSource, a *model.Aggregate, t sqlTable, stmts string) {
	goFields := repositoryFields(a, t)
	var args []string
	for i, c := range t.all() {
		args = append(args, s.writeArg(g, "state", goFields[i], c))
	}
	ctx := g.q("context", "Context")
	g.comment("Save stores the %s and its events in one transaction if its stored version is still expected (0 for a new one), else returns domain.ErrConflict. Within a transaction in ctx it joins that one.", a.Name)
	s.saveHead(g, a)
	g.line("args := []any{%s}", strings.Join(args, ", "))
	g.line("err = r.db.SaveVersioned(ctx, %s[r.db.Dialect()].insert, %s[r.db.Dialect()].update, args, expected, func(ctx %s) error {", stmts, stmts, ctx)
	g.line("return r.outbox.Add(ctx, msgs)")
	g.line("})")
	g.line("if %s(err, %s) {", g.q("errors", "Is"), g.q(s.databasePkg(), "ErrConflict"))
	g.line("return %s", g.q(s.domainPkg(), "ErrConflict"))
	g.line("}")
	g.line("if err == nil {")
	g.line("r.outbox.Wake()")
	g.line("}")
	g.line("return err")
	g.line("}")
}

// fieldIdents are the Go field names of columns.
func fieldIdents(cols []sqlColumn) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.field.Ident()
	}
	return out
}

// sqlStore writes the SQL store of read model r, whose rows are in table t.
func (s *service) sqlStore(r *model.ReadModel, t sqlTable) {
	g := s.sqlSource()
	st := &sqlStoreGen{
		s:      s,
		r:      r,
		t:      t,
		g:      g,
		typ:    storeType(r),
		row:    g.q(s.queryPkg(), r.Ident()),
		stmts:  field(r.Base()) + "SQL",
		scanFn: "scan" + r.Ident(),
	}
	cols := t.all()
	s.statements(g, st.stmts, st.typ, []string{"get", "first", "next", "put", "delete"}, func(d dialect) []string {
		return storeStatements(d, t, cols)
	})
	goFields := fieldIdents(cols)
	var scans, args []string
	for i, c := range cols {
		scans = append(scans, s.fieldArg(g, "row", goFields[i], c))
		args = append(args, s.writeArg(g, "row", goFields[i], c))
	}
	st.keyType = g.typeName(r.KeyField().Type, s.domainType(g))
	st.storeType()
	st.getMethod()
	st.listMethod()
	st.putMethod(args)
	st.deleteMethod()
	st.scanFunc(scans)
	s.addSource("internal/adapters/sqldb/"+names.Snake(r.Base())+"_store_gen.go", g)
}

// storeStatements are the statements of a read model's store in dialect
// d: get, first, next, put and delete, on table t whose columns are cols.
func storeStatements(d dialect, t sqlTable, cols []sqlColumn) []string {
	table, key := d.quote(t.name), d.quote(t.key.name)
	put := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", table, d.names(cols), d.params(cols, 1))
	switch {
	case d.name == "Postgres" && len(t.columns) == 0:
		put += fmt.Sprintf(" ON CONFLICT (%s) DO NOTHING", key)
	case d.name == "Postgres":
		put += fmt.Sprintf(" ON CONFLICT (%s) DO UPDATE SET %s", key, d.list(t.columns, func(_ int, c sqlColumn) string {
			return d.quote(c.name) + " = EXCLUDED." + d.quote(c.name)
		}))
	case len(t.columns) == 0:
		put += fmt.Sprintf(" ON DUPLICATE KEY UPDATE %s = %s", key, key)
	default:
		put += " ON DUPLICATE KEY UPDATE " + d.list(t.columns, func(_ int, c sqlColumn) string {
			return d.quote(c.name) + " = VALUES(" + d.quote(c.name) + ")"
		})
	}
	return []string{
		fmt.Sprintf("SELECT %s FROM %s WHERE %s = %s", d.names(cols), table, key, d.param(1)),
		fmt.Sprintf("SELECT %s FROM %s ORDER BY %s LIMIT %s", d.names(cols), table, key, d.param(1)),
		fmt.Sprintf("SELECT %s FROM %s WHERE %s > %s ORDER BY %s LIMIT %s", d.names(cols), table, key, d.param(1), key, d.param(2)),
		put,
		fmt.Sprintf("DELETE FROM %s WHERE %s = %s", table, key, d.param(1)),
	}
}

// sqlStoreGen writes the declarations of a read model's SQL store into g.
type sqlStoreGen struct {
	s       *service
	r       *model.ReadModel
	t       sqlTable
	g       *goSource
	typ     string // the store's type
	row     string // the read model's row type
	stmts   string // the variable holding the statements
	scanFn  string // the function reading a row
	keyType string
}

// q is the statement of the given name in the store's dialect.
func (st *sqlStoreGen) q(name string) string {
	return st.stmts + "[s.db.Dialect()]." + name
}

// keyArg is the argument that passes key v to a statement.
func (st *sqlStoreGen) keyArg(v string) string {
	if st.t.key.codec != "" {
		return st.s.codecText(st.g, st.t.key.codec, "&"+v)
	}
	return v
}

// keyPtrArg is the argument that passes the key p points at.
func (st *sqlStoreGen) keyPtrArg(p string) string {
	if st.t.key.codec != "" {
		return st.s.codecText(st.g, st.t.key.codec, p)
	}
	return "*" + p
}

// storeType writes the store's type and its constructor.
func (st *sqlStoreGen) storeType() {
	g, db := st.g, "*"+st.g.q(st.s.databasePkg(), "DB")
	g.comment("%s keeps the rows of %s in the table %s.", st.typ, st.r.Name, st.t.name)
	g.holder(st.typ, "db", db, fmt.Sprintf("New%s returns the store of %s in db.", st.typ, st.r.Name))
	g.line("")
}

// getMethod writes the store's Get.
func (st *sqlStoreGen) getMethod() {
	g := st.g
	g.comment("Get returns the row with the key, or domain.ErrNotFound.")
	g.line("func (s *%s) Get(ctx %s, key %s) (%s, error) {", st.typ, g.q("context", "Context"), st.keyType, st.row)
	g.line("row, err := %s(s.db.Conn(ctx).QueryRowContext(ctx, %s, %s))", st.scanFn, st.q("get"), st.keyArg("key"))
	g.line("if %s(err, %s) {", g.q("errors", "Is"), g.q("database/sql", "ErrNoRows"))
	g.line("return %s{}, %s", st.row, g.q(st.s.domainPkg(), "ErrNotFound"))
	g.line("}")
	g.line("return row, err")
	g.line("}")
	g.line("")
}

// listMethod writes the store's List.
func (st *sqlStoreGen) listMethod() {
	g := st.g
	g.comment("List returns up to limit rows in key order, after the key if it is not nil.")
	g.line("func (s *%s) List(ctx %s, after *%s, limit int) ([]%s, error) {", st.typ, g.q("context", "Context"), st.keyType, st.row)
	g.line("stmt, args := %s, []any{limit}", st.q("first"))
	g.line("if after != nil {")
	g.line("stmt, args = %s, []any{%s, limit}", st.q("next"), st.keyPtrArg("after"))
	g.line("}")
	g.line("return %s(ctx, s.db.Conn(ctx), %s, stmt, args...)", g.q(st.s.databasePkg(), "QueryRows"), st.scanFn)
	g.line("}")
	g.line("")
}

// putMethod writes the store's Put, which writes args, the row's fields.
func (st *sqlStoreGen) putMethod(args []string) {
	g := st.g
	g.comment("Put stores a row, replacing the row with its key.")
	g.line("func (s *%s) Put(ctx %s, row %s) error {", st.typ, g.q("context", "Context"), st.row)
	g.line("_, err := s.db.Conn(ctx).ExecContext(%s)", strings.Join(append([]string{"ctx", st.q("put")}, args...), ", "))
	g.line("return err")
	g.line("}")
	g.line("")
}

// deleteMethod writes the store's Delete.
func (st *sqlStoreGen) deleteMethod() {
	g := st.g
	g.comment("Delete removes the row with the key, if there is one.")
	g.line("func (s *%s) Delete(ctx %s, key %s) error {", st.typ, g.q("context", "Context"), st.keyType)
	g.line("_, err := s.db.Conn(ctx).ExecContext(ctx, %s, %s)", st.q("delete"), st.keyArg("key"))
	g.line("return err")
	g.line("}")
	g.line("")
}

// scanFunc writes the function that reads a row with scans, the addresses
// of its fields.
func (st *sqlStoreGen) scanFunc(scans []string) {
	g := st.g
	g.comment("%s reads a row of %s.", st.scanFn, st.r.Name)
	g.line("func %s(r %s) (%s, error) {", st.scanFn, g.q(st.s.databasePkg(), "Scanner"), st.row)
	g.line("var row %s", st.row)
	g.line("err := r.Scan(%s)", strings.Join(scans, ", "))
	g.line("return row, err")
	g.line("}")
}

// sqlCodecs writes the column codecs of the service's own that the tables
// use: those of its domain's Date.
func (s *service) sqlCodecs(used map[string]bool) {
	if !used["dateColumn"] && !used["optionalDateColumn"] {
		return
	}
	g := s.sqlSource()
	if used["dateColumn"] {
		s.dateCodec(g)
	}
	if used["optionalDateColumn"] {
		s.optionalDateCodec(g)
	}
	s.addSource("internal/adapters/sqldb/columns_gen.go", g)
}

// codecType writes a codec's type, holding d, and the head of its Value
// method.
func (s *service) codecType(g *goSource, name, typeDoc, ptr, valueDoc string) {
	g.comment("%s", typeDoc)
	g.line("type %s struct {", name)
	g.line("d %s%s", ptr, g.q(s.domainPkg(), "Date"))
	g.line("}")
	g.line("")
	g.comment("%s", valueDoc)
	g.line("func (c %s) Value() (%s, error) {", name, g.q("database/sql/driver", "Value"))
}

// dateCodec writes dateColumn, the codec of a date field.
func (s *service) dateCodec(g *goSource) {
	date := g.q(s.domainPkg(), "Date")
	s.codecType(g, "dateColumn", "dateColumn writes and reads a date field as a DATE, its zero value as NULL.", "*", "Value is the date as 2006-01-02, or NULL for the zero date.")
	g.line("if *c.d == (%s{}) {", date)
	g.line("return nil, nil")
	g.line("}")
	g.line("return c.d.String(), nil")
	g.line("}")
	g.line("")
	g.comment("Scan reads the date; NULL is the zero date.")
	g.line("func (c dateColumn) Scan(src any) error {")
	g.line("switch src := src.(type) {")
	g.caseLine("case nil:")
	g.line("*c.d = %s{}", date)
	g.line("return nil")
	g.caseLine("case %s:", g.q("time", "Time"))
	g.line("*c.d = %s(src)", g.q(s.domainPkg(), "DateOf"))
	g.line("return nil")
	g.line("}")
	g.line("return %s(%s, src)", g.q("fmt", "Errorf"), strconv.Quote("cannot read %T as a date"))
	g.line("}")
	g.line("")
}

// optionalDateCodec writes optionalDateColumn, the codec of an optional
// date field.
func (s *service) optionalDateCodec(g *goSource) {
	s.codecType(g, "optionalDateColumn", "optionalDateColumn writes and reads an optional date field as a DATE, absent as NULL.", "**", "Value is the date as 2006-01-02, or NULL.")
	g.line("if *c.d == nil {")
	g.line("return nil, nil")
	g.line("}")
	g.line("return (*c.d).String(), nil")
	g.line("}")
	g.line("")
	g.comment("Scan reads the date; NULL is absent.")
	g.line("func (c optionalDateColumn) Scan(src any) error {")
	g.line("switch src := src.(type) {")
	g.caseLine("case nil:")
	g.line("*c.d = nil")
	g.line("return nil")
	g.caseLine("case %s:", g.q("time", "Time"))
	g.line("d := %s(src)", g.q(s.domainPkg(), "DateOf"))
	g.line("*c.d = &d")
	g.line("return nil")
	g.line("}")
	g.line("return %s(%s, src)", g.q("fmt", "Errorf"), strconv.Quote("cannot read %T as a date"))
	g.line("}")
}

// sqlValueObjects writes the SQL adapter's form of the value objects its
// tables hold, stored as JSON.
func (s *service) sqlValueObjects(tables []sqlTable) {
	var fields []*model.Field
	for _, t := range tables {
		for _, c := range t.columns {
			if c.field != nil {
				fields = append(fields, c.field)
			}
		}
	}
	types := s.valueObjectsIn(fields)
	if len(types) == 0 {
		return
	}
	g := s.sqlSource()
	s.wireValueObjects(g, s.sqlPkg(), types, "a column stores it, as JSON", wireBoth)
	s.addSource("internal/adapters/sqldb/values_gen.go", g)
}
