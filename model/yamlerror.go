package model

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

var (
	yamlLineRE   = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	yamlAnchorRE = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)
)

// parserProblems are the errors of the YAML parser, as opposed to its
// scanner. yaml.v3 reports them with the 0-based line of the construct
// they are in (a list, a mapping), so one is added, and drops the line of
// the token that does not fit, which problemLine finds again. Each gets a
// hint, said of the construct's first line; problemHints say it of the
// line of the token, naming the construct's position.
var parserProblems = map[string]string{
	"did not find expected '-' indicator": "a line of the list that starts here is not indented like its items; " +
		"each item starts with `- ` in the same column",
	"did not find expected key": "a line of the mapping that starts here is not indented like its keys",
	"did not find expected ',' or ']'": "the [ ] list that starts here is not closed with ], " +
		"or two of its items have no comma between them",
	"did not find expected ',' or '}'": "the { } mapping that starts here is not closed with }, " +
		"or two of its entries have no comma between them",
	"did not find expected node content":     "a value is missing or starts with a character YAML reserves; quote it",
	"did not find expected <document start>": "",
	"did not find expected <stream-start>":   "",
	"found duplicate %TAG directive":         "",
	"found duplicate %YAML directive":        "",
	"found incompatible YAML document":       "",
	"found undefined tag handle":             "",
}

// problemHints are the hints of parserProblems for the line of the token
// that does not fit; %s is the position of the construct it was in. Only
// block constructs have them: a flow construct cut short gives the same
// error as a wrong token inside it, so problemLine cannot tell the line.
var problemHints = map[string]string{
	"did not find expected '-' indicator": "this line is not indented like the items of the list that starts at %s; " +
		"each item starts with `- ` in the same column",
	"did not find expected key": "this line is not indented like the keys of the mapping that starts at %s",
}

// scannerHints explain the scanner's errors users meet most.
var scannerHints = map[string]string{
	"mapping values are not allowed in this context":  "a value on this line contains `: `; quote the value, e.g. name: \"Order: Placed\"",
	"found character that cannot start any token":     "a value starts with a character YAML reserves (such as @, ` or a tab); quote it, and indent with spaces",
	"found a tab character that violates indentation": "indent with spaces; YAML does not allow tabs there",
	"could not find expected ':'":                     "a key on this line has no `: ` after it, or a quoted value is not closed",
	"found unexpected end of stream":                  "a quoted value is not closed",
}

// yamlError turns a YAML syntax error into a positioned diagnostic. yaml.v3
// gives a line at best, so the column is the line's first character, or the
// offending token when it is recognisable; the one mistake the format page
// warns about, a `T[]` or `T?` shorthand unquoted inside `{ }`, gets its own
// message with the fix.
func yamlError(file string, data []byte, err error) Diagnostic {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	p := Pos{1, 1}
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		msg = m[2]
		hint := parserProblems[msg] + scannerHints[msg]
		if _, parser := parserProblems[msg]; parser {
			line++
		}
		if _, block := problemHints[msg]; block {
			if problem := problemLine(data, err, line); problem > line {
				hint = fmt.Sprintf(problemHints[msg], at(Pos{line, firstColumn(data, line)}))
				line = problem
			}
		}
		p = Pos{line, firstColumn(data, line)}
		if strings.HasPrefix(lineText(data, line), "\t") {
			p.Col = 1
			msg += "; indent with spaces, YAML does not allow tabs for indentation"
		} else if hint != "" {
			msg += "; " + hint
		}
	} else if m := yamlAnchorRE.FindStringSubmatch(err.Error()); m != nil {
		if i := bytes.Index(data, []byte("*"+m[1])); i >= 0 {
			p = offsetPos(data, i)
		}
		msg = fmt.Sprintf("alias *%s names no anchor; define it first with &%s on the value it repeats", m[1], m[1])
	} else if hint := scannerHints[msg]; hint != "" {
		msg += "; " + hint
	}
	if sh, ok := culpritShorthand(data, err); ok {
		token := strings.Join(strings.Fields(sh.text), "")
		suffix := "?"
		if strings.HasSuffix(token, "[]") {
			suffix = "[]"
		}
		elem := strings.TrimSpace(strings.TrimSuffix(sh.text, suffix))
		if key := keyBefore(data, sh.start); notTypeKeys[key] && !isScalarType(elem) {
			// Not a field type, e.g. { text: Is this right? }.
			return Diagnostic{File: file, Line: sh.pos.Line, Col: sh.pos.Col, Severity: Error,
				Message: fmt.Sprintf("%s: %s ends with %s unquoted inside a { } flow mapping, where YAML reads it as syntax; quote it (%s: %q)",
					key, sh.text, suffix, key, sh.text)}
		}
		long := "optional " + elem
		if suffix == "[]" {
			long = "list of " + elem
		}
		return Diagnostic{File: file, Line: sh.pos.Line, Col: sh.pos.Col, Severity: Error,
			Message: "type " + sh.text + " is unquoted inside a { } flow mapping, where YAML reads [ ] and ? as syntax; " +
				"quote it (\"" + sh.text + "\") or write the long form (" + long + ")"}
	}
	return Diagnostic{File: file, Line: p.Line, Col: p.Col, Severity: Error,
		Message: "YAML syntax: " + msg}
}

// maxProblemSearch bounds the size of the files problemLine parses again,
// a few times each.
const maxProblemSearch = 1 << 20

// problemLine finds the line of the token a parser error is about, which
// yaml.v3 drops: the first line at or after from where the file, cut after
// it, gives the same error, since before that line the parser met nothing
// wrong. It parses O(log lines) prefixes; it returns from when the file is
// too large or no such line is found.
func problemLine(data []byte, yamlErr error, from int) int {
	if len(data) > maxProblemSearch {
		return from
	}
	var ends []int // ends[i] is the offset after line from+i
	for off, line := 0, 1; off < len(data); line++ {
		end := len(data)
		if i := bytes.IndexByte(data[off:], '\n'); i >= 0 {
			end = off + i + 1
		}
		if line >= from {
			ends = append(ends, end)
		}
		off = end
	}
	same := func(i int) bool { return sameYAMLError(data[:ends[i]], yamlErr) }
	lo, hi := 0, len(ends)-1 // the answer is in [lo, hi] when same(hi)
	if hi < 0 || !same(hi) {
		return from
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if same(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return from + lo
}

// sameYAMLError reports whether parsing data, document after document, ends
// in the error yamlErr.
func sameYAMLError(data []byte, yamlErr error) bool {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		err := decode(dec, &doc)
		if err != nil {
			return err.Error() == yamlErr.Error()
		}
	}
}

// notTypeKeys are the keys of the model whose values are no field types.
var notTypeKeys = setOf("name", "code", "description", "text", "on", "when", "then", "target",
	"event", "actor", "id", "idType", "key", "system", "module", "upstream", "downstream",
	"pattern", "emits", "uses", "given", "calls", "rules", "enum")

func isScalarType(s string) bool { return contains(Scalars, s) }

// keyBefore is the key of a `key: value` pair inside a flow mapping whose
// value starts at offset start, or "".
func keyBefore(data []byte, start int) string {
	i := start - 1
	for i >= 0 && (data[i] == ' ' || data[i] == '\t') {
		i--
	}
	if i < 0 || data[i] != ':' {
		return ""
	}
	end := i
	for i--; i >= 0 && !strings.ContainsRune("{,\n", rune(data[i])); i-- {
	}
	return strings.Trim(strings.TrimSpace(string(data[i+1:end])), `"'`)
}

// lineText is the text of a line, 1-based.
func lineText(data []byte, line int) string {
	for i := 1; i < line; i++ {
		j := bytes.IndexByte(data, '\n')
		if j < 0 {
			return ""
		}
		data = data[j+1:]
	}
	if j := bytes.IndexByte(data, '\n'); j >= 0 {
		data = data[:j]
	}
	return string(data)
}

// firstColumn is the column of the first non-blank character of a line.
func firstColumn(data []byte, line int) int {
	for i, r := range []rune(lineText(data, line)) {
		if !unicode.IsSpace(r) {
			return i + 1
		}
	}
	return 1
}

// shorthand is a `T[]` or `T?` written as a plain scalar inside a `{ }`
// flow mapping.
type shorthand struct {
	pos        Pos
	text       string // as written, e.g. "string[]"
	start, end int    // byte offsets in the data
}

// maxShorthandChecks bounds the re-parses culpritShorthand makes.
const maxShorthandChecks = 8

// culpritShorthand finds the unquoted shorthand that causes a YAML error:
// the first one that, once quoted, makes the error go away or change. A
// lookalike inside a block scalar or a comment-like text changes nothing and
// is passed over.
func culpritShorthand(data []byte, yamlErr error) (shorthand, bool) {
	checks := maxShorthandChecks
	if len(data) > 1<<20 {
		checks = 1 // each check parses the whole file again
	}
	cands := unquotedShorthands(data, checks)
	for _, sh := range cands {
		patched := make([]byte, 0, len(data)+2)
		patched = append(patched, data[:sh.start]...)
		patched = append(patched, '"')
		patched = append(patched, data[sh.start:sh.end]...)
		patched = append(patched, '"')
		patched = append(patched, data[sh.end:]...)
		var doc yaml.Node
		err := decode(yaml.NewDecoder(bytes.NewReader(patched)), &doc)
		if err == nil || errors.Is(err, io.EOF) || err.Error() != yamlErr.Error() {
			return sh, true
		}
	}
	return shorthand{}, false
}

// unquotedShorthands finds up to max `T[]` or `T?` written as plain scalars
// inside `{ }` flow mappings, in order.
func unquotedShorthands(data []byte, max int) []shorthand {
	var out []shorthand
	line, col := 1, 0
	depth := 0       // nesting of { } flow mappings
	var quote rune   // the open quote, if inside a quoted scalar
	comment := false // inside a # comment
	var tok shorthand
	inTok := false // inside a word that may be a type
	at := func(i int) rune {
		if i >= len(data) {
			return 0
		}
		r, _ := utf8.DecodeRune(data[i:])
		return r
	}
	prev := rune('\n')
	for i := 0; i < len(data) && len(out) < max; {
		r, size := utf8.DecodeRune(data[i:])
		col++
		step := size
		switch {
		case r == '\n':
			line, col = line+1, 0
			comment = false
			inTok = false
		case comment:
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '#' && unicode.IsSpace(prev):
			comment = true
		case (r == '"' || r == '\'') && !inTok:
			quote = r
		case r == '{':
			depth++
			inTok = false
		case r == '}':
			if depth > 0 {
				depth--
			}
			inTok = false
		case depth > 0 && inTok && r == '[' && at(i+1) == ']':
			tok.end = i + 2
			tok.text = string(data[tok.start:tok.end])
			out = append(out, tok)
			inTok = false
			step, col = 2, col+1
		case depth > 0 && inTok && r == '?' && strings.ContainsRune(" \t\r\n,}\x00", at(i+1)):
			tok.end = i + 1
			tok.text = string(data[tok.start:tok.end])
			out = append(out, tok)
			inTok = false
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_':
			if !inTok {
				tok = shorthand{pos: Pos{line, col}, start: i}
				inTok = true
			}
		case (r == ' ' || r == '\t') && inTok:
			// a type name of several words (Order Status[]), or a space
			// before the brackets (string [])
			j := i + 1
			for at(j) == ' ' || at(j) == '\t' {
				j++
			}
			n := at(j)
			inTok = unicode.IsLetter(n) || unicode.IsDigit(n) || n == '[' && at(j+1) == ']' || n == '?'
		default:
			inTok = false
		}
		prev = r
		i += step
	}
	return out
}
