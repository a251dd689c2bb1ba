// Command synth writes a synthetic model for benchmarks to standard output:
//
//	go run ./bench/cmd/synth -contexts 20 -aggregates 10 -commands 5 > model.yaml
package main

import (
	"flag"
	"fmt"
	"os"

	"eventstorm/bench/synth"
)

func main() {
	s := synth.Size1000
	flag.IntVar(&s.Contexts, "contexts", s.Contexts, "bounded contexts")
	flag.IntVar(&s.Aggregates, "aggregates", s.Aggregates, "aggregates per context")
	flag.IntVar(&s.Commands, "commands", s.Commands, "commands per aggregate")
	flag.Parse()
	if flag.NArg() > 0 || s.Contexts < 1 || s.Aggregates < 0 || s.Commands < 0 {
		fmt.Fprintln(os.Stderr, "usage: synth [-contexts N] [-aggregates N] [-commands N] > model.yaml")
		os.Exit(2)
	}
	if err := synth.Write(os.Stdout, s); err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
}
