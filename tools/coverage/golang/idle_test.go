package golang

import (
	"context"
	"math"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A server's cache works out every file's references while idle, as a
// rescan would: the same names, sorted.
func TestIdleWorksOutReferences(t *testing.T) {
	root, err := filepath.Abs(sampleModule)
	require.NoError(t, err)
	cache := NewCache()
	_, err = ParseProgram(context.Background(), root, goFiles(t, root), cache)
	require.NoError(t, err)
	for _, e := range cache.entries {
		require.Nil(t, e.fs.refs, "%s: no rescan asked yet", e.rel)
	}
	cache.Idle()
	names := 0
	for _, e := range cache.entries {
		require.Equal(t, e.fs.collectReferences(), e.fs.refs, e.rel)
		names += len(e.fs.refs)
	}
	require.Greater(t, names, 20)
}

// Idle collects only when the heap is near the collector's goal: never
// with the collector off and no limit, always when the last scan
// allocated more than the room left.
func TestIdleCollectsNearTheGoal(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	cache := NewCache()
	cache.scanStarts()
	cycles := func() uint32 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.NumGC
	}
	before := cycles()
	require.False(t, cache.Idle(), "no goal: nothing to head off")
	require.Equal(t, before, cycles())

	debug.SetGCPercent(100)
	runtime.GC()
	// As if the last scan had allocated everything this process has.
	cache.scanAlloc0.Store(0)
	before = cycles()
	require.True(t, cache.Idle())
	require.Greater(t, cycles(), before)
}

// IdleSoon runs Idle after idleDelay, unless a scan starts first; a
// source cache, which serves one scan, never idles.
func TestIdleSoon(t *testing.T) {
	cache := NewCache()
	cache.IdleSoon()
	require.Eventually(t, func() bool { return cache.idles.Load() == 1 }, 10*time.Second, 10*time.Millisecond)

	cache.IdleSoon()
	cache.scanStarts()
	time.Sleep(3 * idleDelay)
	require.EqualValues(t, 1, cache.idles.Load(), "a scan started: the idle work is called off")

	// A later call replaces an earlier one: one run.
	cache.IdleSoon()
	cache.IdleSoon()
	require.Eventually(t, func() bool { return cache.idles.Load() == 2 }, 10*time.Second, 10*time.Millisecond)
	time.Sleep(3 * idleDelay)
	require.EqualValues(t, 2, cache.idles.Load())

	source := NewSourceCache()
	source.IdleSoon()
	time.Sleep(3 * idleDelay)
	require.Zero(t, source.idles.Load())
}
