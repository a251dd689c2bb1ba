package golang

// guardedRoute is the route the generated authentication test calls
// (guardedTarget): the first command an actor issues, else the first
// command, else the first read; with its path (a missing id or key where
// it has one).
type guardedRoute struct {
	method, path, role string
}
