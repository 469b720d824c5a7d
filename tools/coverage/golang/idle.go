package golang

import (
	"runtime"
	"runtime/metrics"
	"time"
)

// A server scans again after the agent's edits, which come seconds apart
// at best. Between scans it does the work the next rescan would
// otherwise pay for (see Idle).

// idleDelay is how long a server's cache waits after a scan before it
// does its idle work, so that scans called back to back (a tool call
// right after another) are not slowed by it.
const idleDelay = 250 * time.Millisecond

// idleMinHeadroom is the least room, in bytes, that Idle leaves between
// the heap and the collector's goal for the next scan: below it, Idle
// collects. (Twice the last scan's allocation is asked for too: see
// Idle.)
const idleMinHeadroom = 64 << 20

// IdleSoon, called when a scan (ParseProgram and its analysis) is done,
// schedules Idle to run idleDelay from now, unless a scan starts first;
// a later call replaces an earlier one. A source cache, which serves one
// scan, does nothing.
func (c *Cache) IdleSoon() {
	if c.analysis == nil {
		return
	}
	gen := c.scans.Load()
	c.idleMu.Lock()
	defer c.idleMu.Unlock()
	if c.idleTimer != nil {
		c.idleTimer.Stop()
	}
	c.idleTimer = time.AfterFunc(idleDelay, func() {
		if c.scans.Load() == gen {
			c.Idle()
		}
	})
}

// Idle does what the next rescan would otherwise pay for, and reports
// whether it collected garbage:
//   - it works out the names every file's summary refers to, which a
//     rescan after an edit that adds a method or a type reads for every
//     file that imports its package (on a 1M-line module, 0.2 s the
//     first time);
//   - it collects garbage when the heap is within twice what the last
//     scan allocated (and at least idleMinHeadroom) of the collector's
//     goal, so that the next rescan does not run alongside a cycle that marks
//     the whole cache: on a 1M-line module such a rescan takes two to
//     three times as long.
func (c *Cache) Idle() (collected bool) {
	c.idles.Add(1)
	lastScan := heapAllocs() - c.scanAlloc0.Load()
	c.mu.Lock()
	sums := make([]*fileSummary, 0, len(c.entries))
	for _, e := range c.entries {
		sums = append(sums, e.fs)
	}
	c.mu.Unlock()
	parallel(len(sums), func(i int) { sums[i].references() })

	s := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	goal, heap := s[0].Value.Uint64(), s[1].Value.Uint64()
	if heap+max(2*lastScan, idleMinHeadroom) < goal {
		return false
	}
	runtime.GC()
	return true
}

// scanStarts records that a scan starts: idle work scheduled before it
// is called off.
func (c *Cache) scanStarts() {
	c.scans.Add(1)
	c.scanAlloc0.Store(heapAllocs())
}

// heapAllocs reads the bytes allocated on the heap so far.
func heapAllocs() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
