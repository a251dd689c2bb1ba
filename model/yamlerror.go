package model

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

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
		p = Pos{line, firstColumn(data, line)}
		msg = m[2]
	}
	if sp, token, ok := unquotedShorthand(data); ok {
		long := "optional " + strings.TrimSuffix(token, "?")
		if strings.HasSuffix(token, "[]") {
			long = "list of " + strings.TrimSuffix(token, "[]")
		}
		return Diagnostic{File: file, Line: sp.Line, Col: sp.Col, Severity: Error,
			Message: "type " + token + " is unquoted inside a { } flow mapping, where YAML reads [ ] and ? as syntax; " +
				"quote it (\"" + token + "\") or write the long form (" + long + ")"}
	}
	return Diagnostic{File: file, Line: p.Line, Col: p.Col, Severity: Error,
		Message: "YAML syntax: " + msg}
}

// firstColumn is the column of the first non-blank character of a line.
func firstColumn(data []byte, line int) int {
	lines := strings.Split(string(data), "\n")
	if line < 1 || line > len(lines) {
		return 1
	}
	text := lines[line-1]
	for i, r := range []rune(text) {
		if !unicode.IsSpace(r) {
			return i + 1
		}
	}
	return 1
}

// unquotedShorthand finds the first `T[]` or `T?` written as a plain
// scalar inside a `{ }` flow mapping.
func unquotedShorthand(data []byte) (Pos, string, bool) {
	line, col := 1, 0
	depth := 0          // nesting of { } flow mappings
	var quote rune      // the open quote, if inside a quoted scalar
	comment := false    // inside a # comment
	tokenStart := Pos{} // start of the current plain word inside a flow mapping
	var token []rune
	runes := []rune(string(data))
	for i, r := range runes {
		col++
		if r == '\n' {
			line, col = line+1, 0
			comment = false
			token = token[:0]
			continue
		}
		if comment {
			continue
		}
		if quote != 0 {
			if r == quote {
				quote = 0
			}
			continue
		}
		switch {
		case r == '#' && (i == 0 || unicode.IsSpace(runes[i-1])):
			comment = true
		case (r == '"' || r == '\'') && len(token) == 0:
			quote = r
		case r == '{':
			depth++
			token = token[:0]
		case r == '}':
			if depth > 0 {
				depth--
			}
			token = token[:0]
		case depth > 0 && r == '[' && len(token) > 0 && i+1 < len(runes) && runes[i+1] == ']':
			return tokenStart, string(token) + "[]", true
		case depth > 0 && r == '?' && len(token) > 0 && (i+1 == len(runes) || strings.ContainsRune(" \t\r\n,}", runes[i+1])):
			return tokenStart, string(token) + "?", true
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_':
			if len(token) == 0 {
				tokenStart = Pos{line, col}
			}
			token = append(token, r)
		case r == ' ' && len(token) > 0 && i+1 < len(runes) && (unicode.IsLetter(runes[i+1]) || unicode.IsDigit(runes[i+1])):
			// a type name of several words, e.g. Order Status[]
			token = append(token, r)
		default:
			token = token[:0]
		}
	}
	return Pos{}, "", false
}
