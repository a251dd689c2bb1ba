// Package names derives every identifier eventstorm emits from the words a
// team wrote on its sticky notes: Go types and fields, JSON fields, topics,
// URLs, folders, tables and columns. It is the only place such derivation
// happens, so the model's validation and the generator always agree.
package names

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Words splits a sticky-note name into lower-case words. Spaces, hyphens,
// underscores, dots and other punctuation separate words, and so do case
// changes inside a word: "customerId" is [customer id], "HTTPServer" is
// [http server], "3D Print Job" is [3d print job]. Letters outside ASCII are
// kept; characters that are neither letters nor digits are dropped.
func Words(s string) []string {
	var words []string
	runes := []rune(s)
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, strings.ToLower(string(runes[start:end])))
		}
		start = -1
	}
	// An apostrophe between letters belongs to the word and is dropped:
	// "Customer's Order" is [customers order], not [customer s order].
	runes = dropInnerApostrophes(runes)
	for i, r := range runes {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := runes[i-1]
		switch {
		case unicode.IsLower(prev) && unicode.IsUpper(r):
			// camelCase boundary: customer|Id
			flush(i)
			start = i
		case unicode.IsUpper(prev) && unicode.IsUpper(r) && i+1 < len(runes) && unicode.IsLower(runes[i+1]) &&
			!pluralEnd(runes, i+1):
			// end of an upper-case run: HTTP|Server, but orderIDs is
			// [order ids] and URLs is [urls]
			flush(i)
			start = i
		case unicode.IsDigit(prev) && unicode.IsLetter(r) && unicode.IsUpper(r) && i+1 < len(runes) && unicode.IsLower(runes[i+1]):
			// v2Order -> v2 order, but 3D stays one word
			flush(i)
			start = i
		}
	}
	flush(len(runes))
	return words
}

// pluralEnd reports whether runes[i] is a lone plural "s" closing an
// upper-case run, as in IDs or URLsByDate.
func pluralEnd(runes []rune, i int) bool {
	return runes[i] == 's' && (i+1 == len(runes) || !unicode.IsLower(runes[i+1]))
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

func dropInnerApostrophes(runes []rune) []rune {
	has := false
	for _, r := range runes {
		if isApostrophe(r) {
			has = true
			break
		}
	}
	if !has {
		return runes
	}
	out := make([]rune, 0, len(runes))
	for i, r := range runes {
		if isApostrophe(r) && i > 0 && i+1 < len(runes) && unicode.IsLetter(runes[i-1]) && unicode.IsLetter(runes[i+1]) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// HasLatinLetter reports whether s contains a letter of the Latin alphabet,
// plain (a-z) or accented (é, ß, ø, ...), the minimum from which a Go
// identifier can be derived from words without a `code:`.
func HasLatinLetter(s string) bool {
	for _, w := range asciiWords(s) {
		for i := 0; i < len(w); i++ {
			if w[i] >= 'a' && w[i] <= 'z' {
				return true
			}
		}
	}
	return false
}

// asciiWords keeps only the ASCII letters and digits of each word, with
// accented Latin letters folded to their plain form ("café" is "cafe"),
// dropping words left empty. Go identifiers, topics and SQL names are ASCII.
func asciiWords(s string) []string { return wordMemo.get(s, foldWords) }

// wordMemo memoizes asciiWords: the generator asks for the same few hundred
// names thousands of times (a twentieth of the CPU of generating a
// 1,000-command model went to splitting them again). Callers only read the
// slices it hands out.
var wordMemo memo[[]string]

// foldWords is asciiWords without the cache.
func foldWords(s string) []string {
	var out []string
	for _, w := range Words(s) {
		var b strings.Builder
		for _, r := range w {
			if r < utf8.RuneSelf {
				b.WriteRune(r)
			} else if f, ok := latinFold[r]; ok {
				b.WriteString(f)
			}
		}
		if b.Len() > 0 {
			out = append(out, b.String())
		}
	}
	return out
}

// latinFold maps the lower-case accented letters of Latin-1 and Latin
// Extended-A to plain ASCII.
var latinFold = func() map[rune]string {
	m := map[rune]string{}
	for plain, accented := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ďđð", "e": "èéêëēĕėęě", "g": "ĝğġģ",
		"h": "ĥħ", "i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķĸ", "l": "ĺļľŀł", "n": "ñńņňŉŋ",
		"o": "òóôõöøōŏő", "r": "ŕŗř", "s": "śŝşšſ", "t": "ţťŧ", "u": "ùúûüũūŭůűų",
		"w": "ŵ", "y": "ýÿŷ", "z": "źżž", "ae": "æ", "oe": "œ", "ss": "ß", "th": "þ",
		"ij": "ĳ",
	} {
		for _, r := range accented {
			m[r] = plain
		}
	}
	return m
}()

// Pascal joins the words in PascalCase with Go's initialisms: "customer id"
// is "CustomerID", "place order" is "PlaceOrder". The result may start with a
// digit or be a Go keyword; use GoExported for a Go identifier.
func Pascal(s string) string {
	var b strings.Builder
	for _, w := range asciiWords(s) {
		b.WriteString(title(w))
	}
	return b.String()
}

// Camel joins the words in camelCase with Go's initialisms after the first
// word: "customer id" is "customerID". Use JSON for wire names.
func Camel(s string) string {
	words := asciiWords(s)
	if len(words) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(words[0])
	for _, w := range words[1:] {
		b.WriteString(title(w))
	}
	return b.String()
}

// JSON is the wire name of a field: plain camelCase without Go's initialisms,
// so "customer id" and "customerId" both give "customerId", as a JavaScript or
// Java client would spell it.
func JSON(s string) string {
	words := asciiWords(s)
	if len(words) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(words[0])
	for _, w := range words[1:] {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// Kebab joins the words in kebab-case, for topics, URLs and folders.
func Kebab(s string) string { return strings.Join(asciiWords(s), "-") }

// Snake joins the words in snake_case, for tables and columns.
func Snake(s string) string { return strings.Join(asciiWords(s), "_") }

// Package is a Go package name: the words joined in lower case, made safe
// when it would start with a digit or clash with a Go keyword, a predeclared
// name or a name the go command treats specially ("type" becomes "typepkg",
// "main" becomes "mainpkg", "3d print" becomes "threedprint").
func Package(s string) string {
	p := strings.ToLower(GoExported(s))
	if p == "" {
		return ""
	}
	if IsReserved(p) || packageReserved[p] {
		return p + "pkg"
	}
	return p
}

// packageReserved are names that compile as identifiers but not as the name
// or folder of an ordinary package: main makes a command, init cannot be
// imported, and the go command skips testdata and vendor folders.
var packageReserved = set("main", "init", "testdata", "vendor")

// GoExported is an exported Go identifier for s: Pascal case, with a leading
// number spelled out ("3D Print Job" is "ThreeDPrintJob").
func GoExported(s string) string { return exported.get(s, goExported) }

// exported memoizes GoExported: the generator derives the same identifiers
// over and over (a third of its time for 1,000 commands, issue #3), and
// deriving one splits the text into words each time.
var exported memo[string]

// memo keeps a function's answers by its argument, up to maxMemo of
// them (then it starts again: bounded, for fuzzing and long TUI sessions).
type memo[V any] struct {
	mu sync.Mutex
	m  map[string]V
}

// get returns f(s), computed once while it stays in the memo.
func (c *memo[V]) get(s string, f func(string) V) V {
	c.mu.Lock()
	v, ok := c.m[s]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = f(s)
	c.mu.Lock()
	if len(c.m) >= maxMemo || c.m == nil {
		c.m = make(map[string]V)
	}
	c.m[s] = v
	c.mu.Unlock()
	return v
}

const maxMemo = 1 << 16

func goExported(s string) string {
	words := asciiWords(s)
	if len(words) == 0 {
		return ""
	}
	var b strings.Builder
	first := words[0]
	if isDigit(first[0]) {
		digits := leadingDigits(first)
		b.WriteString(upperFirst(spellNumber(digits)))
		if rest := first[len(digits):]; rest != "" {
			b.WriteString(title(rest))
		}
	} else {
		b.WriteString(title(first))
	}
	for _, w := range words[1:] {
		b.WriteString(title(w))
	}
	return b.String()
}

// GoUnexported is an unexported Go identifier for s, for locals and
// parameters: camelCase with a leading number spelled out, and keywords and
// predeclared names replaced by a short safe form ("type" becomes "typ").
func GoUnexported(s string) string {
	words := asciiWords(s)
	if len(words) == 0 {
		return ""
	}
	var b strings.Builder
	first := words[0]
	if isDigit(first[0]) {
		digits := leadingDigits(first)
		b.WriteString(spellNumber(digits))
		if rest := first[len(digits):]; rest != "" {
			b.WriteString(title(rest))
		}
	} else {
		b.WriteString(first)
	}
	for _, w := range words[1:] {
		b.WriteString(title(w))
	}
	c := b.String()
	if IsReserved(c) {
		if short, ok := shortForms[c]; ok {
			return short
		}
		return c + "Value"
	}
	return c
}

// shortForms are the replacements Go programmers conventionally use for
// keywords and predeclared names they cannot use as local names.
var shortForms = map[string]string{
	"type":   "typ",
	"func":   "fn",
	"range":  "rng",
	"select": "sel",
	"string": "str",
	"error":  "errValue",
	"len":    "length",
	"cap":    "capacity",
	"new":    "newValue",
	"var":    "variable",
	"map":    "mapping",
	"chan":   "channel",
}

// IsReserved reports whether s is a Go keyword or a predeclared identifier,
// which generated code must not use as a package or local name.
func IsReserved(s string) bool { return keywords[s] || predeclared[s] }

// IsKeyword reports whether s is a Go keyword.
func IsKeyword(s string) bool { return keywords[s] }

var keywords = set("break", "case", "chan", "const", "continue", "default", "defer", "else",
	"fallthrough", "for", "func", "go", "goto", "if", "import", "interface", "map", "package",
	"range", "return", "select", "struct", "switch", "type", "var")

var predeclared = set("any", "bool", "byte", "comparable", "complex64", "complex128", "error",
	"float32", "float64", "int", "int8", "int16", "int32", "int64", "rune", "string", "uint",
	"uint8", "uint16", "uint32", "uint64", "uintptr", "true", "false", "iota", "nil", "append",
	"cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make", "max", "min",
	"new", "panic", "print", "println", "real", "recover")

// initialisms are spelled in capitals inside Go identifiers, as golint and
// the standard library do.
var initialisms = set("acl", "api", "ascii", "cpu", "css", "dns", "eof", "guid", "html", "http",
	"https", "id", "ip", "json", "lhs", "qps", "ram", "rhs", "rpc", "sla", "smtp", "sql", "ssh",
	"tcp", "tls", "ttl", "udp", "ui", "uid", "uuid", "uri", "url", "utf8", "vm", "xml", "xmpp",
	"xsrf", "xss", "sku", "vat", "iban", "pdf", "csv", "sms", "otp", "jwt", "db")

func set(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, s := range items {
		m[s] = true
	}
	return m
}

func title(w string) string {
	if initialisms[w] {
		return strings.ToUpper(w)
	}
	if n := len(w) - 1; n > 0 && w[n] == 's' && initialisms[w[:n]] {
		// plural of an initialism: ids is IDs, urls is URLs
		return strings.ToUpper(w[:n]) + "s"
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func leadingDigits(s string) string {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return s[:i]
}
