package main

import (
	"os"
	"runtime/debug"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// limitMemory sets the collector's pace and soft heap limit for a scan
// (coverage.GCPercent and coverage.MemoryLimit), unless GOGC or
// GOMEMLIMIT says otherwise.
func limitMemory() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(coverage.GCPercent)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(coverage.MemoryLimit)
	}
}
