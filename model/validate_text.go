package model

import (
	"fmt"
	"strings"
)

// Names end up in Go identifiers, comments, string literals, file names
// and documentation, and free text (descriptions, rules, hotspots) in
// comments and documentation. YAML lets a quoted scalar hold any
// character through escapes ("\0", "\n", "\u202e"), so Validate refuses in
// a name what would break generated code or make it display otherwise than
// it reads: control characters (C0, DEL and C1, a line break or a tab
// among them), the sequence */ that ends a block comment, and the
// invisible bidirectional formatting marks of "Trojan Source". Free text
// may hold tabs, line breaks and */, but no other control character and no
// bidirectional mark.

// checkName reports a name, or another text that becomes code such as a
// code or a field name, that holds what no name may; what, formatted with
// args, names it in the message. It returns false when it reported.
func (v *validator) checkName(p Pos, s, what string, args ...any) bool {
	return v.checkText(p, s, false, what, args...)
}

// checkFreeText is checkName for free text.
func (v *validator) checkFreeText(p Pos, s, what string, args ...any) bool {
	return v.checkText(p, s, true, what, args...)
}

func (v *validator) checkText(p Pos, s string, free bool, what string, args ...any) bool {
	problem := textProblem(s, free)
	if problem == "" {
		return true
	}
	v.errorf(p, "%s contains %s; remove it", fmt.Sprintf(what, args...), problem)
	return false
}

// textProblem says what a name, or free text when free is true, holds
// that it may not, or is "".
func textProblem(s string, free bool) string {
	if !free && strings.Contains(s, "*/") {
		return "the sequence */, which would end a comment in generated code"
	}
	for _, r := range s {
		if problem := runeProblem(r, free); problem != "" {
			return problem
		}
	}
	return ""
}

// runeProblem says why a name, or free text when free is true, cannot hold
// r, or is "".
func runeProblem(r rune, free bool) string {
	switch {
	case free && (r == '\t' || r == '\n' || r == '\r'):
		return ""
	case r == '\n' || r == '\r' || r == 0x85:
		return fmt.Sprintf("a line break (U+%04X), which a name cannot hold", r)
	case r == '\t':
		return "a tab (U+0009), which a name cannot hold"
	case r == 0:
		return "a NUL character (U+0000), which text cannot hold"
	case r < 0x20 || r >= 0x7F && r <= 0x9F:
		return fmt.Sprintf("the control character U+%04X, which text cannot hold", r)
	case isBidiMark(r):
		return fmt.Sprintf("the invisible bidirectional formatting mark U+%04X, which can make generated code display otherwise than it reads", r)
	}
	return ""
}

// isBidiMark reports whether r is a bidirectional formatting character:
// the embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069)
// and the marks (U+200E, U+200F, U+061C).
func isBidiMark(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C
}
