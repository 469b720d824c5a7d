package main

import (
	"os"
	"runtime/debug"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// limitMemory sets the collector's pace (coverage.ServerGCPercent for
// the server, coverage.OneShotGCPercent for anything else) and the soft
// heap limit (coverage.MemoryLimit), unless GOGC or GOMEMLIMIT says
// otherwise.
func limitMemory(server bool) {
	if _, set := os.LookupEnv("GOGC"); !set {
		pace := coverage.OneShotGCPercent
		if server {
			pace = coverage.ServerGCPercent
		}
		debug.SetGCPercent(pace)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(coverage.MemoryLimit)
	}
}
