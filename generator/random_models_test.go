package generator_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"eventstorm/generator"
	"eventstorm/model"
	"eventstorm/model/names"
)

// TestRandomModelsAreFormatted plans random valid models, drawn from a
// seeded source, in every layout; the package's TestMain has every file
// written as text checked against go/format, so that shapes the test
// models lack (long, short, Hangul and keyword names, empty and one-item
// lists, descriptions that wrap into list items) are checked too.
// EVENTSTORM_RANDOM_MODELS sets how many seeds run (60 by default);
// EVENTSTORM_RANDOM_SEED starts them elsewhere than at 1.
func TestRandomModelsAreFormatted(t *testing.T) {
	n, first := 60, uint64(1)
	if s := os.Getenv("EVENTSTORM_RANDOM_MODELS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("EVENTSTORM_RANDOM_MODELS=%q: %v", s, err)
		}
		n = v
	}
	if s := os.Getenv("EVENTSTORM_RANDOM_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("EVENTSTORM_RANDOM_SEED=%q: %v", s, err)
		}
		first = v
	}
	skipped, failed := 0, 0
	for seed := first; seed < first+uint64(n); seed++ {
		src := drawModel(seed)
		name := fmt.Sprintf("random-%d.yaml", seed)
		m, diags := model.Load(name, []byte(src))
		if m != nil && !diags.HasErrors() {
			diags = model.Validate(m)
		}
		if m == nil || diags.HasErrors() {
			skipped++
			t.Logf("seed %d: the drawn model is invalid, skipped: %v\n%s", seed, diags, src)
			continue
		}
		for _, layout := range []generator.Layout{generator.LayoutServices, generator.LayoutPolyrepo, generator.LayoutMonolith} {
			_, err := generator.Plan(m, generator.Options{Source: []byte(src), Layout: layout})
			if err != nil && layout == generator.LayoutMonolith && strings.Contains(err.Error(), "on the monolith's one server") {
				continue
			}
			if err != nil {
				failed++
				if failed <= 3 {
					t.Errorf("seed %d, layout %s: %v\nmodel:\n%s", seed, layout, err, src)
				} else {
					t.Errorf("seed %d, layout %s: %.300s", seed, layout, err)
				}
			}
		}
	}
	if n > 0 && skipped*10 >= n {
		t.Errorf("%d of %d drawn models were invalid; the drawing must make valid models", skipped, n)
	}
}

// Pools of names: very short ones, ordinary ones, ones whose Go
// identifiers are over 40 bytes (gofmt's printer starts a new alignment
// section at such a key), names at or near Go keywords and the names the
// generated code uses, and Hangul names (which need a code).
var (
	shortNames   = []string{"A", "B", "Go", "X Y", "Q", "Id", "Ok", "Do"}
	plainNames   = []string{"Order", "Place Order", "Order Placed", "Customer", "3D Print", "Payment", "Invoice Sent", "Stock Level", "Shipment", "Review", "Ticket", "Cart Item", "Refund", "Account", "Ledger Entry"}
	longNames    = []string{"Extraordinarily Long Customer Notification Preference Setting", "Very Long Warehouse Replenishment Threshold Adjustment Request", "International Shipping Customs Declaration Document Attached", "Another Unreasonably Long Name For A Single Sticky Note"}
	keywordNames = []string{"type", "func", "range", "select", "string", "error", "map", "Event", "Meta", "Handle", "Apply", "Version", "ctx", "default", "go", "return", "len", "new", "copy", "interface", "chan", "struct", "Record", "When", "Handled", "Types", "Errors", "Domain"}
	hangulNames  = []string{"주문", "배송 상태", "주문 접수", "결제", "재고 확인", "고객 알림 설정이 매우 긴 이름"}
	hangulCodes  = []string{"Jumun", "DeliveryState", "ReceiveOrder", "Gyeolje", "CheckStock", "ExtraordinarilyLongHangulCodeForACustomerNotification"}

	shortFields   = []string{"a", "b", "x", "id2", "n", "at"}
	plainFields   = []string{"customerId", "amount", "status", "note", "createdAt", "quantity", "price", "tags", "dueDate", "email", "2fa", "3dModel", "street", "city"}
	longFields    = []string{"extraordinarilyLongCustomerNotificationPreferenceValue", "veryLongWarehouseReplenishmentThresholdAdjustmentAmount"}
	keywordFields = []string{"type", "range", "map", "string", "error", "len", "new", "copy", "default", "select", "func", "meta", "when", "given", "state", "ctx", "cmd", "err", "h", "e"}

	scalars    = []string{"string", "int", "float", "decimal", "bool", "time", "date", "uuid"}
	enumValues = []string{"placed", "a", "24h", "3d", "default", "range", "paid", "x", "extraordinarily_long_enum_value_for_alignment_purposes", "shipped", "in-progress", "on hold", "UPPER", "ok 접수"}
	descWords  = []string{"the", "order", "is", "placed", "when", "a", "customer", "pays", "-", "1.", "2.", "*", "#", "extraordinarilylongwordthatdoesnotbreakanywhereatallinthecomment", "and", "then", "shipped", "Note:", "  ", "\n\n", "\n", "100%", "%s", "`code`", "[Link]", "[x]: http://example.com", "주문은", "\"quoted\"", "back\\slash", "\tindented", "Heading"}
	ruleTexts  = []string{"amount must be positive", "1. the order is open", "- a dash rule", "주문은 비어 있지 않다", "an extraordinarily long rule text that goes on and on about what must hold before anything happens here", "the `amount` is 100% \"valid\" %d", "back\\slash and\ttab"}
	actorNames = []string{"Customer", "Clerk", "고객"}

	// descTexts are descriptions go/doc/comment reads as more than prose:
	// an implicit heading, a # heading, a link definition, a list and
	// code that are indented, a line over 77 columns
	descTexts = []string{
		"Takes orders.\n\nOverview\n\nThe rest of it.",
		"Takes orders.\n\n# Details\n\nThe rest of it.",
		"See [the docs].\n\n[the docs]: https://example.com/docs",
		"Steps:\n\n  - first\n  - second\n\nDone.",
		"Steps:\n 1. first\n 2. second",
		"Code:\n\n\tx := 1\n\nafter",
		"https://example.com/a/very/long/url/that/does/not/break/anywhere/in/the/comment/at/all/really",
		"주문을 받습니다. 주문은 고객이 결제를 마친 뒤에 확정되며, 확정된 주문은 배송 준비 단계로 넘어갑니다. 아주 긴 설명입니다.",
	}
)

// drawer draws one model.
type drawer struct {
	r *rand.Rand
	b strings.Builder
	// noLong keeps long names out of the draw (an aggregate's: its
	// tables' names would pass PostgreSQL's 63 bytes)
	noLong bool
	// typeIdents are the names of every context's types: a type's name is
	// unique in the model, so that no two contexts' types of one name
	// must agree on their fields
	typeIdents map[string]bool
	cur        *ctxDraw
	all        []*ctxDraw
}

type fieldDraw struct{ name, typ string }

type typeDraw struct {
	name   string
	enum   []string
	fields []fieldDraw
}

type eventDraw struct {
	name   string
	fields []fieldDraw
	agg    *aggDraw
}

type cmdDraw struct {
	name    string
	creates bool
	fields  []fieldDraw
	emits   []*eventDraw
	rules   []string
}

type aggDraw struct {
	name, id, idType string
	fields           []fieldDraw
	cmds             []*cmdDraw
	events           []*eventDraw
}

type ctxDraw struct {
	name   string
	idents map[string]bool
	types  []*typeDraw
	aggs   []*aggDraw
	ext    []string
}

func (d *drawer) chance(p float64) bool { return d.r.Float64() < p }

func pick[T any](d *drawer, s []T) T { return s[d.r.IntN(len(s))] }

// keys are the identifiers a name becomes, which must not collide.
func keys(name string) []string {
	return []string{"go:" + names.GoExported(name), "kebab:" + names.Kebab(name), "snake:" + names.Snake(name), "pkg:" + names.Package(name), "lower:" + strings.ToLower(name)}
}

// name draws a name unused in idents, returning it and the code it
// needs (empty for a name with a Latin letter).
func (d *drawer) name(idents map[string]bool, hangul bool, others ...map[string]bool) (string, string) {
	for try := 0; ; try++ {
		var n, code string
		switch k := d.r.IntN(10); {
		case k < 2:
			n = pick(d, shortNames)
		case k < 5:
			n = pick(d, plainNames)
		case k < 6 && !d.noLong:
			n = pick(d, longNames)
		case k < 8:
			n = pick(d, keywordNames)
		case hangul:
			i := d.r.IntN(len(hangulNames))
			n, code = hangulNames[i], hangulCodes[i]
		default:
			n = pick(d, plainNames)
		}
		if try > 20 {
			n += " " + strings.Repeat("v", try-19)
			code = ""
		}
		base := n
		if code != "" {
			base = code
		}
		ks := keys(base)
		all := append([]map[string]bool{idents}, others...)
		free := !(d.noLong && len(base) > 30)
		for _, set := range all {
			free = free && !set["name:"+n]
			for _, k := range ks {
				free = free && !set[k]
			}
		}
		if !free {
			continue
		}
		for _, set := range all {
			set["name:"+n] = true
			for _, k := range ks {
				set[k] = true
			}
		}
		return n, code
	}
}

func (d *drawer) description() string {
	if !d.chance(0.3) {
		return ""
	}
	if d.chance(0.3) {
		return ", description: " + strconv.Quote(pick(d, descTexts))
	}
	words := make([]string, 5+d.r.IntN(40))
	for i := range words {
		words[i] = pick(d, descWords)
	}
	return ", description: " + strconv.Quote(strings.Join(words, " "))
}

// fieldName draws a field name unused in used.
func (d *drawer) fieldName(used map[string]bool) string {
	for try := 0; ; try++ {
		var n string
		switch k := d.r.IntN(10); {
		case k < 2:
			n = pick(d, shortFields)
		case k < 6:
			n = pick(d, plainFields)
		case k < 7:
			n = pick(d, longFields)
		default:
			n = pick(d, keywordFields)
		}
		if try > 20 {
			n += strings.Repeat("z", try-19)
		}
		k := names.GoExported(n)
		if used[k] || used[n] {
			continue
		}
		used[k], used[n] = true, true
		return n
	}
}

// typ draws a field type: a scalar, an enum or value object of the
// context, in list and optional forms.
func (d *drawer) typ(types []*typeDraw) string {
	var t string
	if len(types) > 0 && d.chance(0.3) {
		t = pick(d, types).name
	} else {
		t = pick(d, scalars)
	}
	switch k := d.r.IntN(10); {
	case k < 1:
		return "list of " + t
	case k < 3:
		return "optional " + t
	case k < 4:
		return "optional list of " + t
	}
	return t
}

func (d *drawer) fields(n int, types []*typeDraw, used map[string]bool) []fieldDraw {
	fs := make([]fieldDraw, n)
	for i := range fs {
		fs[i] = fieldDraw{d.fieldName(used), d.typ(types)}
	}
	return fs
}

func fieldsYAML(fs []fieldDraw) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = strconv.Quote(f.name) + ": " + strconv.Quote(f.typ)
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

// w writes a line at indent; a list item "- k: v, k2: v2" is written as
// a block mapping, an entry a line.
func (d *drawer) w(indent int, format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	entries := []string{line}
	if strings.HasPrefix(line, "- ") {
		entries = splitEntries(line[2:])
		entries[0] = "- " + entries[0]
	}
	for i, e := range entries {
		d.b.WriteString(strings.Repeat("  ", indent))
		if i > 0 {
			d.b.WriteString("  ")
		}
		d.b.WriteString(e)
		d.b.WriteByte('\n')
	}
}

// splitEntries splits "k: v, k2: v2" at the commas outside quotes and
// brackets.
func splitEntries(s string) []string {
	var out []string
	depth, quoted, start := 0, false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
		case c == ',' && depth == 0:
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// drawModel is the YAML text of a random valid model.
func drawModel(seed uint64) string {
	d := &drawer{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), typeIdents: map[string]bool{}}
	for _, s := range scalars { // a type is not named like a built-in type
		d.typeIdents["name:"+s] = true
	}
	d.w(0, "eventstorm: 1")
	d.w(0, "system: %s", strconv.Quote(fmt.Sprintf("Random %d", seed)))
	d.w(0, "module: example.com/random%d", seed)
	d.w(0, "contexts:")
	ctxIdents := map[string]bool{}
	nc := 1 + d.r.IntN(3)
	for range nc {
		c := &ctxDraw{idents: map[string]bool{}}
		n, code := d.name(ctxIdents, true)
		c.name = n
		if code != "" {
			c.name = code // referenced by code
		}
		s := "name: " + strconv.Quote(n)
		if code != "" {
			s += ", code: " + code
		}
		d.all = append(d.all, c)
		d.cur = c
		d.w(1, "- %s%s", s, d.description())
		d.context(c)
	}
	d.system()
	return d.b.String()
}

func (d *drawer) context(c *ctxDraw) {
	// types
	if d.chance(0.7) {
		d.w(2, "types:")
		for range 1 + d.r.IntN(4) {
			t := &typeDraw{}
			n, code := d.name(c.idents, true, d.typeIdents)
			t.name = n
			if code != "" {
				t.name = code
			}
			head := "name: " + strconv.Quote(n)
			if code != "" {
				head += ", code: " + code
			}
			if d.chance(0.5) {
				used := map[string]bool{}
				for range 1 + d.r.IntN(4) {
					v := pick(d, enumValues)
					if !used[names.GoExported(v)] {
						used[names.GoExported(v)] = true
						t.enum = append(t.enum, v)
					}
				}
				q := make([]string, len(t.enum))
				for i, v := range t.enum {
					q[i] = strconv.Quote(v)
				}
				d.w(2, "- %s%s, enum: [%s]", head, d.description(), strings.Join(q, ", "))
			} else {
				t.fields = d.fields(1+d.r.IntN(3), c.types, map[string]bool{})
				d.w(2, "- %s%s, fields: %s", head, d.description(), fieldsYAML(t.fields))
			}
			c.types = append(c.types, t)
		}
	}
	// external systems
	if d.chance(0.4) {
		d.w(2, "externalSystems:")
		for range 1 + d.r.IntN(2) {
			n, code := d.name(c.idents, false)
			_ = code
			c.ext = append(c.ext, n)
			var calls []string
			used := map[string]bool{}
			for range d.r.IntN(3) {
				o := pick(d, plainNames)
				if d.chance(0.2) {
					o = pick(d, longNames)
				}
				if !used[names.GoExported(o)] {
					used[names.GoExported(o)] = true
					calls = append(calls, strconv.Quote(o))
				}
			}
			d.w(2, "- name: %s%s, calls: [%s]", strconv.Quote(n), d.description(), strings.Join(calls, ", "))
		}
	}
	// aggregates
	if d.chance(0.85) {
		d.w(2, "aggregates:")
		for range 1 + d.r.IntN(3) {
			d.aggregate(c)
		}
	}
	d.policies(c)
	d.readModels(c)
	if d.chance(0.2) {
		d.w(2, "hotspots:")
		for range 1 + d.r.IntN(2) {
			line := "- text: " + strconv.Quote(pick(d, ruleTexts)+"?")
			if len(c.aggs) > 0 && d.chance(0.6) {
				line += ", on: " + strconv.Quote(pick(d, c.aggs[0].cmds).name)
			}
			d.w(2, "%s", line)
		}
	}
}

// relationships and flows, at the top level
func (d *drawer) system() {
	if len(d.all) > 1 && d.chance(0.4) {
		d.w(0, "relationships:")
		d.w(1, "- upstream: %s, downstream: %s, pattern: %s", strconv.Quote(d.all[0].name), strconv.Quote(d.all[1].name),
			pick(d, []string{"conformist", "anti-corruption-layer", "published-language", "partnership"}))
	}
	var starts []string
	for _, c := range d.all {
		for _, a := range c.aggs {
			starts = append(starts, "when: "+strconv.Quote(c.name+"."+a.cmds[0].name)+", then: ["+strconv.Quote(c.name+"."+a.cmds[0].emits[0].name)+"]")
		}
	}
	if len(starts) > 0 && d.chance(0.3) {
		d.w(0, "flows:")
		n, _ := d.name(map[string]bool{}, false)
		d.w(1, "- name: %s, %s", strconv.Quote("flow "+n), pick(d, starts))
	}
}

func (d *drawer) aggregate(c *ctxDraw) {
	a := &aggDraw{idType: "uuid"}
	d.noLong = true
	n, code := d.name(c.idents, true)
	d.noLong = false
	a.name = n
	if code != "" {
		a.name = code
	}
	head := "name: " + strconv.Quote(n)
	if code != "" {
		head += ", code: " + code
	}
	base := n
	if code != "" {
		base = code
	}
	a.id = names.Camel(base) + "Id"
	if a.id == "eventId" || d.chance(0.3) {
		a.id = pick(d, []string{"key", "sheetNo", "extraordinarilyLongAggregateIdentifierFieldName", "ref"})
		head += ", id: " + a.id
	}
	if d.chance(0.4) {
		a.idType = "string"
		head += ", idType: string"
	}
	if d.chance(0.3) {
		head += ", store: events"
	}
	used := map[string]bool{a.id: true, names.GoExported(a.id): true, "version": true, "Version": true, "eventId": true, "EventID": true, "occurredAt": true, "OccurredAt": true}
	a.fields = d.fields(d.r.IntN(6), c.types, used)
	d.w(2, "- %s%s", head, d.description())
	if len(a.fields) > 0 {
		d.w(3, "fields: %s", fieldsYAML(a.fields))
	}
	nCmd := 1 + d.r.IntN(3)
	for i := range nCmd {
		cmd := &cmdDraw{creates: i == 0}
		cmd.name, _ = d.name(c.idents, false)
		ev := &eventDraw{agg: a}
		ev.name, _ = d.name(c.idents, false)
		cmd.emits = []*eventDraw{ev}
		// command fields: some of the aggregate's, some new
		cu := map[string]bool{}
		for k := range used {
			cu[k] = true
		}
		for range d.r.IntN(5) {
			if len(a.fields) > 0 && d.chance(0.6) {
				f := pick(d, a.fields)
				if !cu["own:"+f.name] {
					cu["own:"+f.name] = true
					cmd.fields = append(cmd.fields, f)
				}
				continue
			}
			f := fieldDraw{d.fieldName(cu), d.typ(c.types)}
			if !containsField(a.fields, f.name) {
				cmd.fields = append(cmd.fields, f)
			}
		}
		// event fields: most of the command's, maybe one more
		for _, f := range cmd.fields {
			if len(ev.fields) < 4 && d.chance(0.8) {
				ev.fields = append(ev.fields, f)
			}
		}
		if d.chance(0.3) && len(ev.fields) < 4 {
			f := fieldDraw{d.fieldName(cu), d.typ(c.types)}
			if !containsField(a.fields, f.name) {
				ev.fields = append(ev.fields, f)
			}
		}
		if d.chance(0.3) {
			for range 1 + d.r.IntN(2) {
				rt := pick(d, ruleTexts)
				if !slicesContains(cmd.rules, rt) {
					cmd.rules = append(cmd.rules, rt)
				}
			}
		}
		a.cmds = append(a.cmds, cmd)
		a.events = append(a.events, ev)
	}
	// a second event emitted by some command
	if d.chance(0.3) {
		ev := &eventDraw{agg: a}
		ev.name, _ = d.name(c.idents, false)
		a.events = append(a.events, ev)
		cmd := pick(d, a.cmds)
		cmd.emits = append(cmd.emits, ev)
	}
	d.w(3, "commands:")
	for _, cmd := range a.cmds {
		var emits []string
		for _, e := range cmd.emits {
			emits = append(emits, strconv.Quote(e.name))
		}
		line := "- name: " + strconv.Quote(cmd.name) + d.description()
		if cmd.creates {
			line += ", creates: true"
		}
		if len(cmd.fields) > 0 || d.chance(0.2) {
			line += ", fields: " + fieldsYAML(cmd.fields)
		}
		line += ", emits: [" + strings.Join(emits, ", ") + "]"
		if d.chance(0.2) {
			line += ", actor: " + strconv.Quote(pick(d, actorNames))
		}
		if len(c.ext) > 0 && d.chance(0.4) {
			line += ", uses: [" + strconv.Quote(pick(d, c.ext)) + "]"
		}
		d.w(3, "%s", line)
		if len(cmd.rules) > 0 {
			q := make([]string, len(cmd.rules))
			for i, r := range cmd.rules {
				q[i] = strconv.Quote(r)
			}
			d.w(4, "rules: [%s]", strings.Join(q, ", "))
		}
	}
	d.w(3, "events:")
	for _, ev := range a.events {
		line := "- name: " + strconv.Quote(ev.name) + d.description()
		if len(ev.fields) > 0 || d.chance(0.2) {
			line += ", fields: " + fieldsYAML(ev.fields)
		}
		if d.chance(0.15) {
			// an earlier version: some of the fields, and one of its own
			var earlier []fieldDraw
			used := map[string]bool{a.id: true, names.GoExported(a.id): true}
			for _, f := range ev.fields {
				used[f.name], used[names.GoExported(f.name)] = true, true
				if d.chance(0.5) {
					earlier = append(earlier, f)
				}
			}
			if d.chance(0.6) {
				earlier = append(earlier, fieldDraw{d.fieldName(used), d.typ(c.types)})
			}
			line += ", version: 2, earlier: [{ version: 1, fields: " + fieldsYAML(earlier) + " }]"
		}
		d.w(3, "%s", line)
	}
	d.scenarios(a, c)
	c.aggs = append(c.aggs, a)
}

func containsField(fs []fieldDraw, name string) bool {
	for _, f := range fs {
		if f.name == name {
			return true
		}
	}
	return false
}

func containsFieldTyped(fs []fieldDraw, name, typ string) bool {
	for _, f := range fs {
		if f.name == name && f.typ == typ {
			return true
		}
	}
	return false
}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// value is a YAML value of type t, or "" when the drawing gives none.
func (d *drawer) value(t string, c *ctxDraw) string {
	switch {
	case strings.HasPrefix(t, "optional "):
		return d.value(strings.TrimPrefix(t, "optional "), c)
	case strings.HasPrefix(t, "list of "):
		v := d.value(strings.TrimPrefix(t, "list of "), c)
		if v == "" {
			return ""
		}
		if d.chance(0.3) {
			return "[]"
		}
		return "[" + v + "]"
	}
	switch t {
	case "string":
		return strconv.Quote(pick(d, []string{"c1", "", "주문", "a - b", "x", "say \"hi\"", "back`tick", "line\nbreak", "100%d", "back\\slash"}))
	case "int":
		return strconv.Itoa(d.r.IntN(200) - 100)
	case "float":
		return pick(d, []string{"1.5", "-2", "0", "3.25"})
	case "decimal":
		return strconv.Quote(pick(d, []string{"12.50", "-1", "0", "100"}))
	case "bool":
		return pick(d, []string{"true", "false"})
	case "time":
		return `"2026-01-02T03:04:05Z"`
	case "date":
		return `"2026-11-24"`
	case "uuid":
		return `"123e4567-e89b-12d3-a456-426614174000"`
	}
	for _, ty := range c.types {
		if ty.name != t {
			continue
		}
		if len(ty.enum) > 0 {
			return strconv.Quote(pick(d, ty.enum))
		}
		var parts []string
		for _, f := range ty.fields {
			if v := d.value(f.typ, c); v != "" {
				parts = append(parts, strconv.Quote(f.name)+": "+v)
			}
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	}
	return ""
}

// values is a one-key map from name to some of the fields' values, or
// the bare name.
func (d *drawer) values(name string, fs []fieldDraw, c *ctxDraw) string {
	if len(fs) == 0 || d.chance(0.4) {
		return strconv.Quote(name)
	}
	var parts []string
	for _, f := range fs {
		if d.chance(0.6) {
			if v := d.value(f.typ, c); v != "" {
				parts = append(parts, strconv.Quote(f.name)+": "+v)
			}
		}
	}
	return "{ " + strconv.Quote(name) + ": { " + strings.Join(parts, ", ") + " } }"
}

func (d *drawer) scenarios(a *aggDraw, c *ctxDraw) {
	if !d.chance(0.6) {
		return
	}
	d.w(3, "scenarios:")
	for i := range 1 + d.r.IntN(3) {
		cmd := pick(d, a.cmds)
		var given []string
		if !cmd.creates || d.chance(0.2) {
			created := a.cmds[0].emits[0]
			given = append(given, d.values(created.name, created.fields, c))
			if d.chance(0.3) {
				e := pick(d, a.events)
				given = append(given, d.values(e.name, e.fields, c))
			}
		}
		line := "- name: " + strconv.Quote(fmt.Sprintf("scenario %d of %s", i, a.name))
		if len(given) > 0 {
			line += ", given: [" + strings.Join(given, ", ") + "]"
		}
		line += ", when: " + d.values(cmd.name, cmd.fields, c)
		switch k := d.r.IntN(4); {
		case k == 0:
			line += ", then: rejected"
		case k == 1 && len(cmd.rules) > 0:
			line += ", then: { rejected: " + strconv.Quote(pick(d, cmd.rules)) + " }"
		default:
			var then []string
			for _, e := range cmd.emits {
				then = append(then, d.values(e.name, e.fields, c))
			}
			line += ", then: [" + strings.Join(then, ", ") + "]"
		}
		d.w(3, "%s", line)
	}
}

// events is every event drawn so far, with the context it is in.
func (d *drawer) events() []struct {
	c *ctxDraw
	e *eventDraw
} {
	var out []struct {
		c *ctxDraw
		e *eventDraw
	}
	for _, c := range d.all {
		for _, a := range c.aggs {
			for _, e := range a.events {
				out = append(out, struct {
					c *ctxDraw
					e *eventDraw
				}{c, e})
			}
		}
	}
	return out
}

func (d *drawer) eventRef(c, from *ctxDraw, e *eventDraw) string {
	if c == from {
		return strconv.Quote(e.name)
	}
	return strconv.Quote(from.name + "." + e.name)
}

func (d *drawer) policies(c *ctxDraw) {
	evs := d.events()
	if len(evs) == 0 || len(c.aggs) == 0 || !d.chance(0.6) {
		return
	}
	d.w(2, "policies:")
	for range 1 + d.r.IntN(2) {
		ev := pick(d, evs)
		a := pick(d, c.aggs)
		cmd := a.cmds[0] // creates: needs no target
		target := ""
		if ev.e.agg == a && len(a.cmds) > 1 {
			cmd = a.cmds[1+d.r.IntN(len(a.cmds)-1)]
		} else if len(a.cmds) > 1 && d.chance(0.5) {
			for _, f := range ev.e.fields {
				if f.typ == a.idType {
					cmd, target = a.cmds[1+d.r.IntN(len(a.cmds)-1)], f.name
					break
				}
			}
		}
		n, _ := d.name(c.idents, false)
		line := "- name: " + strconv.Quote(n) + d.description() + ", when: " + d.eventRef(c, ev.c, ev.e) + ", then: " + strconv.Quote(cmd.name)
		if target != "" {
			line += ", target: " + strconv.Quote(target)
		}
		d.w(2, "%s", line)
	}
}

func (d *drawer) readModels(c *ctxDraw) {
	evs := d.events()
	if len(evs) == 0 || !d.chance(0.7) {
		return
	}
	d.w(2, "readModels:")
	for range 1 + d.r.IntN(2) {
		ev := pick(d, evs)
		a := ev.e.agg
		// the key: the aggregate's id, or a scalar field of the event
		key, keyType := a.id, a.idType
		var keyed []fieldDraw
		for _, f := range ev.e.fields {
			if slicesContains([]string{"string", "int", "uuid", "date"}, f.typ) {
				keyed = append(keyed, f)
			}
		}
		if len(keyed) > 0 && d.chance(0.4) {
			f := pick(d, keyed)
			key, keyType = f.name, f.typ
		}
		fields := []fieldDraw{{key, keyType}}
		for _, f := range ev.e.fields {
			base := strings.TrimPrefix(strings.TrimPrefix(f.typ, "optional "), "list of ")
			if f.name != key && d.chance(0.6) && len(fields) < 5 && (ev.c == c || slicesContains(scalars, base)) {
				fields = append(fields, f)
			}
		}
		// constants set by the event
		used := map[string]bool{}
		for _, f := range fields {
			used[f.name], used[names.GoExported(f.name)] = true, true
		}
		var sets []string
		for range d.r.IntN(3) {
			t := pick(d, []string{"string", "int", "float", "bool", "optional int", "optional float"})
			n := d.fieldName(used)
			if containsField(ev.e.fields, n) {
				continue
			}
			fields = append(fields, fieldDraw{n, t})
			sets = append(sets, strconv.Quote(n)+": "+d.value(t, c))
		}
		n, _ := d.name(c.idents, false)
		for names.Kebab(n) == "healthz" || names.Kebab(n) == "readyz" || names.Kebab(n) == "metrics" {
			n, _ = d.name(c.idents, false)
		}
		d.w(2, "- name: %s%s, key: %s, fields: %s", strconv.Quote(n), d.description(), strconv.Quote(key), fieldsYAML(fields))
		d.w(3, "from:")
		line := "- event: " + d.eventRef(c, ev.c, ev.e)
		if len(sets) > 0 {
			line += ", set: { " + strings.Join(sets, ", ") + " }"
		}
		d.w(3, "%s", line)
		// a deleting event of the same aggregate
		if len(a.events) > 1 && d.chance(0.4) {
			for _, other := range a.events {
				if other != ev.e && (key == a.id || containsFieldTyped(other.fields, key, keyType)) {
					d.w(3, "- event: %s, delete: true", d.eventRef(c, ev.c, other))
					break
				}
			}
		}
	}
}
