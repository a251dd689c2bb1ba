package model

import (
	"fmt"
	"sort"
)

// Severity is how bad a diagnostic is.
type Severity string

// The severities, from worst.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	// HotspotNote lists a hotspot from the board; it never fails validation.
	HotspotNote Severity = "hotspot"
)

// Diagnostic is one problem found in a model, at a position of its file.
type Diagnostic struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Col      int      `json:"column"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
}

// String formats the diagnostic as FILE:LINE:COL: severity: message.
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s", d.File, d.Line, d.Col, d.Severity, d.Message)
}

// Diagnostics is a list of diagnostics.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns only the errors.
func (ds Diagnostics) Errors() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Sort orders the diagnostics by position, then severity and message, and
// drops exact duplicates.
func (ds Diagnostics) Sort() Diagnostics {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		if a.Severity != b.Severity {
			return severityRank[a.Severity] < severityRank[b.Severity]
		}
		return a.Message < b.Message
	})
	out := ds[:0]
	for i, d := range ds {
		if i > 0 && d == ds[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

var severityRank = map[Severity]int{Error: 0, Warning: 1, HotspotNote: 2}

// Error makes Diagnostics usable as an error: the first error, and how many
// more there are.
func (ds Diagnostics) Error() string {
	errs := ds.Errors()
	switch len(errs) {
	case 0:
		return "no errors"
	case 1:
		return errs[0].String()
	default:
		return fmt.Sprintf("%s (and %d more errors)", errs[0], len(errs)-1)
	}
}

// reporter collects diagnostics for one file.
type reporter struct {
	file  string
	diags Diagnostics
}

func (r *reporter) errorf(p Pos, format string, args ...any) {
	r.add(Error, p, format, args...)
}

func (r *reporter) warnf(p Pos, format string, args ...any) {
	r.add(Warning, p, format, args...)
}

func (r *reporter) add(s Severity, p Pos, format string, args ...any) {
	if p.Line == 0 {
		p = Pos{1, 1}
	}
	r.diags = append(r.diags, Diagnostic{File: r.file, Line: p.Line, Col: p.Col, Severity: s,
		Message: fmt.Sprintf(format, args...)})
}

// at formats a position of the same file for a message, e.g. "line 12:9".
func at(p Pos) string { return fmt.Sprintf("line %d:%d", p.Line, p.Col) }
