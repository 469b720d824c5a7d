// Command ambient-authz gives coding agents the project's SpiceDB
// permission model and checks that handlers enforce it.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:]))
}
