// Package scenario holds what the generated scenario tests share: telling
// a rule the team has not written yet from one that is broken, and
// comparing the values a scenario lists with what was recorded.
//
// A scenario that waits for code (a rule that rejects the command, or a
// choice of events other than the default) is pending while that code is
// not written: its test skips, naming the file where the code goes, so
// that a team's suite stays green until it reaches that rule. Set
// EVENTSTORM_STRICT=1 (in CI, say) to make pending scenarios fail instead.
// Once the code is written, the scenario is checked like any other.
package scenario

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/goccy/go-json"
)

// StrictEnv names the variable that makes pending scenarios fail.
const StrictEnv = "EVENTSTORM_STRICT"

// Strict reports whether pending scenarios fail rather than skip.
func Strict() bool {
	strict, _ := strconv.ParseBool(os.Getenv(StrictEnv))
	return strict
}

// Pending stops a test whose scenario waits for code not written yet: it
// skips, or fails when EVENTSTORM_STRICT is set.
func Pending(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if Strict() {
		t.Fatalf("%s (pending; %s is set)", msg, StrictEnv)
	}
	t.Skipf("%s (pending: skipped until then; set %s=1 to fail instead)", msg, StrictEnv)
}

// handWritten parses the Go files of dir that the team owns: those not
// generated (*_gen.go) and not tests.
func handWritten(dir string) ([]*ast.File, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, p := range paths {
		if strings.HasSuffix(p, "_gen.go") || strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

// Uses reports whether the hand-written code of the package in dir
// mentions any of idents (comments aside): a rule's error is written once
// some code returns it.
func Uses(dir string, idents ...string) (bool, error) {
	files, err := handWritten(dir)
	if err != nil {
		return false, err
	}
	found := false
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				for _, want := range idents {
					found = found || id.Name == want
				}
			}
			return !found
		})
	}
	return found, nil
}

// Untouched reports whether the method named method in the hand-written
// code of dir is still as scaffolded: a body of one return statement
// whose last result is nil, that is, it records the default events and
// checks nothing. It is false when no such method is found.
func Untouched(dir, method string) (bool, error) {
	files, err := handWritten(dir)
	if err != nil {
		return false, err
	}
	for _, f := range files {
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Name.Name != method || fn.Body == nil {
				continue
			}
			if len(fn.Body.List) != 1 {
				return false, nil
			}
			ret, ok := fn.Body.List[0].(*ast.ReturnStmt)
			if !ok || len(ret.Results) == 0 {
				return false, nil
			}
			last, ok := ret.Results[len(ret.Results)-1].(*ast.Ident)
			return ok && last.Name == "nil", nil
		}
	}
	return false, nil
}

// Same reports whether a recorded value equals the one a scenario lists:
// by the type's own Equal method where it has one (decimals of another
// scale, 12.50 and 12.5, or times in another zone are equal), through
// pointers, else compared as JSON.
func Same(got, want any) bool {
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	for g.Kind() == reflect.Pointer && w.Kind() == reflect.Pointer && !g.IsNil() && !w.IsNil() {
		g, w = g.Elem(), w.Elem()
	}
	if g.IsValid() && w.IsValid() && g.Type() == w.Type() {
		eq := g.MethodByName("Equal")
		if eq.IsValid() && eq.Type().NumIn() == 1 && eq.Type().In(0) == g.Type() &&
			eq.Type().NumOut() == 1 && eq.Type().Out(0).Kind() == reflect.Bool {
			return eq.Call([]reflect.Value{w})[0].Bool()
		}
	}
	gj, err := json.Marshal(got)
	if err != nil {
		return false
	}
	wj, err := json.Marshal(want)
	if err != nil {
		return false
	}
	return bytes.Equal(gj, wj)
}
