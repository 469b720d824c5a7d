package golang

import (
	"crypto/sha256"
	"io/fs"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// racyWindow is how much older than the moment a file was read its
// modification time must be before its size and time alone vouch for
// its bytes: a write in the same tick of a coarse clock leaves both
// unchanged (as git's racy-clean check).
const racyWindow = 2 * time.Second

// Cache keeps each file's summary between scans, and the last link and
// analysis of the module. A rescan trusts a file whose size and
// modification time did not change; otherwise it reads the file, and
// re-parses it only when the sha256 of its bytes changed. When the
// changed files declare exactly what they declared before (see surface),
// only they are linked again, and the analysis is reused while the
// program it saw is unchanged, or redone only where the changed functions
// reach (coverage.AnalysisCache). One entry is kept
// per file, so the cache grows with the project, not with the number of
// edits. It is safe for concurrent use.
type Cache struct {
	mu      sync.Mutex
	entries map[string]cacheEntry
	// linkMu serializes linking, which updates last.
	linkMu sync.Mutex
	last   *linkState
	// analysis remembers the last report made of a program from this
	// cache.
	analysis *coverage.AnalysisCache
	// parses counts the files summarized, and linked the files the last
	// link linked, for tests.
	parses atomic.Int64
	linked int
	// scans counts the scans started and scanAlloc0 is the heap's
	// allocations when the last one started, for the idle work between
	// scans (see idle.go); idles counts that work, for tests.
	scans, scanAlloc0 atomic.Uint64
	idles             atomic.Int64
	idleMu            sync.Mutex
	idleTimer         *time.Timer
}

type cacheEntry struct {
	// rel is the root-relative path the summary records.
	rel string
	sum [sha256.Size]byte
	fs  *fileSummary
	// size and mtime are the file's when it was read, at read.
	size  int64
	mtime time.Time
	read  time.Time
}

// NewCache returns an empty cache, for a process that analyzes the
// module again after edits (a server): its programs carry an
// AnalysisCache, so each analysis keeps its walks for the next.
func NewCache() *Cache {
	return &Cache{entries: map[string]cacheEntry{}, analysis: coverage.NewAnalysisCache()}
}

// NewSourceCache returns an empty cache that keeps the files' summaries
// and last link alone, for a process that analyzes each program once (a
// command, a hook): its programs carry no AnalysisCache, so an analysis
// keeps nothing of its walks, which costs a whole-program walk about a
// third of its time and memory.
func NewSourceCache() *Cache {
	return &Cache{entries: map[string]cacheEntry{}}
}

// AnalysisStats counts what the analyses of programs from this cache did:
// how many walked the whole program, how many only what an edit changed,
// how many reused the last report. A source cache's are all zero.
func (c *Cache) AnalysisStats() coverage.AnalysisStats {
	if c.analysis == nil {
		return coverage.AnalysisStats{}
	}
	return c.analysis.Stats()
}

// unchanged returns the summary of a file whose size and modification
// time say it did not change since it was read.
func (c *Cache) unchanged(abs, rel string, info fs.FileInfo) (cacheEntry, bool) {
	c.mu.Lock()
	e, ok := c.entries[abs]
	c.mu.Unlock()
	ok = ok && e.rel == rel && e.size == info.Size() && e.mtime.Equal(info.ModTime()) && info.ModTime().Before(e.read.Add(-racyWindow))
	return e, ok
}

// summary returns the summary of a file's bytes, made once per content.
// abs keys the file; rel is how the project names it; info and read are
// the file's size and time and when it was read.
func (c *Cache) summary(abs, rel string, data []byte, info fs.FileInfo, read time.Time) (cacheEntry, error) {
	sum := sha256.Sum256(data)
	c.mu.Lock()
	e, ok := c.entries[abs]
	c.mu.Unlock()
	if !ok || e.sum != sum || e.rel != rel {
		c.parses.Add(1)
		fs, err := summarize(rel, data)
		if err != nil {
			return cacheEntry{}, err
		}
		fs.compact()
		e = cacheEntry{rel: rel, sum: sum, fs: fs}
	}
	e.size, e.mtime, e.read = info.Size(), info.ModTime(), read
	c.mu.Lock()
	c.entries[abs] = e
	c.mu.Unlock()
	return e, nil
}

// compact copies the functions' ops into slices of their length:
// summarizing grows them by appending, and the cache holds every file's
// for as long as the project is scanned. (Their calls are made at their
// length: see settle.)
func (s *fileSummary) compact() {
	for _, fs := range s.funcs {
		fs.ops = slices.Clone(fs.ops)
	}
}
