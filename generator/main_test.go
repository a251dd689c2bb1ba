package generator_test

import (
	"os"
	"testing"

	"eventstorm/generator/golang"
)

// TestMain checks every Go file the emitters write as text against
// go/format, in every model the package's tests generate.
func TestMain(m *testing.M) {
	golang.CheckFormat = true
	os.Exit(m.Run())
}
