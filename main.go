// Command eventstorm turns an EventStorming board into running microservices.
package main

import (
	"os"

	"eventstorm/cmd"
)

func main() { os.Exit(cmd.Main()) }
