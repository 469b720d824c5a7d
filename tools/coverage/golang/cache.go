package golang

import (
	"crypto/sha256"
	"sync"
	"sync/atomic"
)

// Cache keeps each file's summary between scans, keyed by the file and
// the sha256 of its bytes: a rescan after an edit re-parses only the
// files whose bytes changed, and links the module again, which is cheap.
// One entry is kept per file, so the cache grows with the project, not
// with the number of edits. It is safe for concurrent use.
type Cache struct {
	mu      sync.Mutex
	entries map[string]cacheEntry
	// parses counts the files summarized, for tests.
	parses atomic.Int64
}

type cacheEntry struct {
	// rel is the root-relative path the summary records.
	rel string
	sum [sha256.Size]byte
	fs  *fileSummary
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{entries: map[string]cacheEntry{}}
}

// summary returns the summary of a file's bytes, made once per content.
// abs keys the file; rel is how the project names it.
func (c *Cache) summary(abs, rel string, data []byte) (*fileSummary, error) {
	sum := sha256.Sum256(data)
	c.mu.Lock()
	e, ok := c.entries[abs]
	c.mu.Unlock()
	if ok && e.sum == sum && e.rel == rel {
		return e.fs, nil
	}
	c.parses.Add(1)
	fs, err := summarize(rel, data)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.entries[abs] = cacheEntry{rel: rel, sum: sum, fs: fs}
	c.mu.Unlock()
	return fs, nil
}
