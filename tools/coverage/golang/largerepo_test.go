package golang

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// BenchmarkLargeRepo scans a synthetic module of about 1,000,000 lines
// (208 domains, each an API package and a service package of 10 files
// of ~240 lines: 4,374 files in 416 packages) and reports, against
// go/parser alone on the same workers (parse) and in one loop (parse in
// one loop), the cold full analysis (full: ParseProgram and
// coverage.Analyze with a matching schema, once, as `ambient-authz
// coverage` and the hooks run them) and its ratios, the same as a
// server's first scan, whose cache keeps what rescans reuse
// (server-first), the CPU time, collection and allocation of each, the rescan after an edit of one
// handler file that changes the program (rescan: a handler passes its
// service a literal; warm cache, then Analyze, which walks again only
// what the edit can change; its median, its slowest (rescan-max) and the
// bytes it allocates (rescan-alloc), which near the soft memory limit
// start GC cycles that mark the whole live heap), the rescan after an
// edit that leaves the program as it was (comment-rescan: the last
// report is reused), the rescans after edits that move lines
// (moved-rescan), add a function (added-rescan), a handler method
// (method-rescan) or a type (type-rescan), or add a field to a type
// the wiring main names (field-rescan), which link again only the files
// that can read what changed, and the peak memory. Each rescan follows
// the idle work a server does between the agent's edits (Cache.Idle);
// method-rescan-busy is the handler-method edit again, back to back
// without it.
//
// The baseline is go/parser as a tool that reads files whole runs it:
// ParseComments|AllErrors, with object resolution. The frontend parses
// with AllErrors but without comments, which it does not read from the
// tree (`// authz:public` markers are found in the bytes), and resolves
// identifiers itself (resolveIdents).
//
// The process runs under the collector pace and soft heap limit the
// binary sets (coverage.MemoryLimit; coverage.OneShotGCPercent, as for
// a command, and coverage.ServerGCPercent from a server's first scan
// on), unless GOGC or GOMEMLIMIT is set. LARGEREPO_PROFILE=<prefix> writes
// profiles of the full analysis (see profile).
//
// Run it once: go test ./tools/coverage/golang -run '^$' -bench LargeRepo -benchtime 1x
func BenchmarkLargeRepo(b *testing.B) {
	if testing.Short() {
		b.Skip("large benchmark: skipped in -short mode")
	}
	// pace sets the collector's pace as the binary would, unless GOGC
	// is set.
	pace := func(int) {}
	if _, set := os.LookupEnv("GOGC"); !set {
		defer debug.SetGCPercent(debug.SetGCPercent(coverage.OneShotGCPercent))
		pace = func(p int) { debug.SetGCPercent(p) }
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(coverage.MemoryLimit))
	}
	const (
		domains     = 208
		filesPerPkg = 10
		perFile     = 11
		seed        = 20240601
		rescans     = 9
	)
	root := b.TempDir()
	genStart := time.Now()
	files, lines, size := synthModule(b, root, domains, filesPerPkg, perFile, seed)
	b.Logf("generated %d files, %d lines, %.1f MB in %v", len(files), lines, float64(size)/1e6, time.Since(genStart).Round(time.Millisecond))
	model, err := schemas.Compile([]schemas.Source{{File: "schema.zed", Text: synthSchema()}}, nil)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	edited := fmt.Sprintf("internal/api/api%d/chi0.go", 1) // domain 1 is chi
	editedAbs := filepath.Join(root, filepath.FromSlash(edited))
	orig, err := os.ReadFile(editedAbs)
	if err != nil {
		b.Fatal(err)
	}

	var seqDur, parseDur time.Duration
	var seqUse, parseUse usage
	var full, serverFirst figures
	var rescanDurs, rescanLink, commentDurs, movedDurs, addedDurs, methodDurs, busyDurs, typeDurs, fieldDurs, fieldLink []time.Duration
	var rs *rescanner
	var rescanAllocs, rescanLinkAllocs []uint64
	var rewalk coverage.Rewalk
	// The counts logged, not the program and report: a host drops those
	// after a scan, and only the cache stays.
	var counts string
	var peak peakSampler
	for b.Loop() {
		runtime.GC()
		resetHWM := resetPeakRSS()
		peak.start()

		// Baselines: go/parser alone in one loop, and on GOMAXPROCS
		// workers. They run at GOGC=400, where their small heap is
		// collected a few times: the default pace would collect it 70
		// to 100 times and slow them by half, which would flatter the
		// ratio.
		pace(400)
		runtime.GC()
		before := readUsage()
		t0 := time.Now()
		if errs := parseOnly(root, files, 1); errs != nil {
			b.Fatalf("generated module does not parse: %v", errs[:min(3, len(errs))])
		}
		seqDur, seqUse = time.Since(t0), readUsage().since(before)
		runtime.GC()
		before = readUsage()
		t0 = time.Now()
		if errs := parseOnly(root, files, runtime.GOMAXPROCS(0)); errs != nil {
			b.Fatalf("generated module does not parse: %v", errs[:min(3, len(errs))])
		}
		parseDur, parseUse = time.Since(t0), readUsage().since(before)

		pace(coverage.OneShotGCPercent)

		// Cold full analysis, once, as a command or a hook runs it: the
		// files' summaries go when the program is linked, and the
		// analysis keeps nothing of its walks. The heap's pages go back
		// to the OS first, so the scan maps its own as a new process
		// does.
		debug.FreeOSMemory()
		prof := startProfile(b)
		once := coldScan(ctx, b, root, files, nil, model)
		prof.stop(b, once.report)
		counts = fmt.Sprintf("program: %d funcs, %d handlers, %d skipped; report: %d handlers, %d protected, %d findings",
			len(once.prog.Funcs), len(once.prog.Handlers), len(once.prog.Skipped),
			once.report.Summary.Handlers, once.report.Summary.Protected, once.report.Summary.Findings)
		full = once.figures
		onceSummary := once.report.Summary
		once = scan{}

		// Cold full analysis as a server's first check_coverage runs it:
		// its cache keeps the summaries, the link and the analysis's
		// walks for the rescans below.
		pace(coverage.ServerGCPercent)
		runtime.GC()
		cache := NewCache()
		first := coldScan(ctx, b, root, files, cache, model)
		if !reflect.DeepEqual(first.report.Summary, onceSummary) {
			b.Fatalf("the analysis that keeps its walks reports %+v, the one that does not %+v", first.report.Summary, onceSummary)
		}
		serverFirst = first.figures
		first = scan{}
		rs = &rescanner{ctx: ctx, b: b, root: root, files: files, cache: cache, model: model, editedAbs: editedAbs}

		// Rescans after an edit of one handler file that leaves the
		// program as it was: the report is reused.
		commentDurs = commentDurs[:0]
		for i := range rescans {
			src := bytes.Replace(orig, []byte(`"verbose"`), fmt.Appendf(nil, `"verbose%d"`, i), 1)
			d, _, _, _ := rs.time(orig, src)
			commentDurs = append(commentDurs, d)
		}
		if n := cache.AnalysisStats().Reused; n != rescans {
			b.Fatalf("%d of %d rescans reused the report", n, rescans)
		}
		// Rescans after an edit that changes the program (a handler
		// passes its service a literal): the analysis walks again only
		// what the edit can change.
		rescanDurs, rescanLink = rescanDurs[:0], rescanLink[:0]
		rescanAllocs, rescanLinkAllocs = rescanAllocs[:0], rescanLinkAllocs[:0]
		for i := range rescans {
			src := bytes.Replace(orig, []byte("(r.Context(), id)"), fmt.Appendf(nil, `(r.Context(), "fixed%d")`, i), 1)
			d, link, alloc, linkAlloc := rs.time(orig, src)
			rescanDurs, rescanLink = append(rescanDurs, d), append(rescanLink, link)
			rescanAllocs, rescanLinkAllocs = append(rescanAllocs, alloc), append(rescanLinkAllocs, linkAlloc)
		}
		stats := cache.AnalysisStats()
		if stats.Full != 1 || stats.Incremental != rescans {
			b.Fatalf("analyses: %+v; want 1 full and %d incremental", stats, rescans)
		}
		rewalk = stats.Last
		// Rescans after an edit that adds a line to a handler's body:
		// the functions below it move, so the files whose links read
		// their positions are linked again too.
		movedDurs = movedDurs[:0]
		for i := range rescans {
			at := bytes.Index(orig, []byte("func (h *Handler"))
			at += bytes.Index(orig[at:], []byte("{\n")) + 2
			src := slices.Concat(orig[:at], fmt.Appendf(nil, "\t_ = %d\n", i), orig[at:])
			d, _, _, _ := rs.time(orig, src)
			movedDurs = append(movedDurs, d)
		}
		// Rescans after edits that each add a declaration to the file,
		// made from format and the edit's index.
		grown := slices.Clip(orig)
		grow := func(durs []time.Duration, format string) []time.Duration {
			durs = durs[:0]
			for i := range rescans {
				prev := grown
				grown = fmt.Appendf(slices.Clip(grown), format, i)
				d, _, _, _ := rs.time(prev, grown)
				durs = append(durs, d)
			}
			return durs
		}
		// A function: the files that name it are linked again too.
		addedDurs = grow(addedDurs, "\nfunc added%d() {}\n")
		// A method: its type may implement more interfaces, so the files
		// that call their methods are linked again too, and its
		// package's. Then the same back to back, without the idle work
		// between them.
		methodDurs = grow(methodDurs, "\nfunc (h *Handler0) Added%d(w http.ResponseWriter, r *http.Request) {}\n")
		rs.busy = true
		busyDurs = grow(busyDurs, "\nfunc (h *Handler0) Busy%d(w http.ResponseWriter, r *http.Request) {}\n")
		rs.busy = false
		// A type: its method set is settled, and the files of its
		// package and those that name it are linked again.
		typeDurs = grow(typeDurs, "\ntype Added%d struct{}\n")
		// Rescans after an edit that changes a declaration, a handler
		// type's field: the files of its package and those that name it
		// are linked again, the wiring main among them, whose routers
		// handed over are resolved again.
		fieldDurs, fieldLink = fieldDurs[:0], fieldLink[:0]
		for i := range rescans {
			src := bytes.Replace(grown, []byte("struct {\n\tsvc *"), fmt.Appendf(nil, "struct {\n\tadded%d int\n\tsvc *", i), 1)
			d, link, _, _ := rs.time(grown, src)
			fieldDurs, fieldLink = append(fieldDurs, d), append(fieldLink, link)
		}
		peak.stop()
		pace(coverage.OneShotGCPercent)
		if !resetHWM {
			b.Log("could not reset VmHWM: peakRSS includes generating the module")
		}
		runtime.KeepAlive(cache)
	}
	b.StopTimer()

	hwm := vmHWM()
	analyzeDurs := make([]time.Duration, len(rescanDurs))
	for i := range rescanDurs {
		analyzeDurs[i] = rescanDurs[i] - rescanLink[i]
	}
	slices.Sort(analyzeDurs)
	b.Log(counts)
	b.Logf("full = ParseProgram %v + Analyze %v; GOMAXPROCS=%d", full.progDur.Round(time.Millisecond), (full.dur - full.progDur).Round(time.Millisecond), runtime.GOMAXPROCS(0))
	b.Logf("a server's first scan = ParseProgram %v + Analyze %v (%.2f × parse): its cache keeps the summaries and the walks",
		serverFirst.progDur.Round(time.Millisecond), (serverFirst.dur - serverFirst.progDur).Round(time.Millisecond), serverFirst.dur.Seconds()/parseDur.Seconds())
	b.Logf("rescans after an edit that changes the program (ParseProgram+Analyze) %v; their ParseProgram part %v",
		rescanDurs, rescanLink)
	slices.Sort(rescanDurs)
	slices.Sort(commentDurs)
	rescan, commentRescan := rescanDurs[len(rescanDurs)/2], commentDurs[len(commentDurs)/2]
	ratio := full.dur.Seconds() / parseDur.Seconds()
	b.Logf("their Analyze part (sorted) %v, median %v; the last walked again %d functions and %d handlers",
		analyzeDurs, analyzeDurs[len(analyzeDurs)/2].Round(time.Millisecond), rewalk.Functions, rewalk.Handlers)
	b.Logf("their allocations (ParseProgram+Analyze) %v; their ParseProgram part %v", mbs(rescanAllocs), mbs(rescanLinkAllocs))
	b.Logf("rescans after an edit that leaves the program as it was (sorted) %v", commentDurs)
	b.Logf("peak Sys=%dMB HeapInuse=%dMB (sampled every 10ms)", peak.sys.Load()>>20, peak.heap.Load()>>20)
	b.Logf("lines=%d files=%d parse=%v full=%v ratio=%.2f rescan=%v (an edit that changes the program) peakRSS=%dMB",
		lines, len(files), parseDur.Round(10*time.Millisecond), full.dur.Round(10*time.Millisecond), ratio,
		rescan.Round(time.Millisecond), hwm>>20)
	b.Logf("comment-rescan=%v", commentRescan.Round(time.Millisecond))
	slices.Sort(movedDurs)
	b.Logf("rescans after an edit that adds a line to a handler (the functions below it move; sorted) %v", movedDurs)
	slices.Sort(addedDurs)
	b.Logf("rescans after an edit that adds a function (sorted) %v", addedDurs)
	slices.Sort(methodDurs)
	b.Logf("rescans after an edit that adds a handler method (sorted) %v", methodDurs)
	slices.Sort(busyDurs)
	b.Logf("the same back to back, without the idle work between them (sorted) %v", busyDurs)
	slices.Sort(typeDurs)
	b.Logf("rescans after an edit that declares a type (sorted) %v", typeDurs)
	b.Logf("rescans after an edit that adds a field to a handler type (ParseProgram+Analyze) %v; their ParseProgram part %v", fieldDurs, fieldLink)
	slices.Sort(fieldDurs)
	slices.Sort(rs.idle)
	b.Logf("the server's idle work before each rescan but the back-to-back ones (Cache.Idle): median %v, slowest %v; it collected %d times of %d",
		rs.idle[len(rs.idle)/2].Round(100*time.Microsecond), rs.idle[len(rs.idle)-1].Round(time.Millisecond), rs.collected, len(rs.idle))
	b.Logf("parse in one loop: %v; parse: %v; full: %v; its ParseProgram: %v; a server's first scan: %v", seqUse, parseUse, full.use, full.progUse, serverFirst.use)
	b.Logf("parse in one loop=%v full/parse-in-one-loop=%.2f", seqDur.Round(10*time.Millisecond), full.dur.Seconds()/seqDur.Seconds())
	b.ReportMetric(float64(lines), "lines")
	b.ReportMetric(float64(len(files)), "files")
	b.ReportMetric(parseDur.Seconds(), "parse-s")
	b.ReportMetric(full.dur.Seconds(), "full-s")
	b.ReportMetric(ratio, "full/parse")
	b.ReportMetric(serverFirst.dur.Seconds(), "server-first-s")
	b.ReportMetric(float64(rescan.Microseconds())/1000, "rescan-ms")
	b.ReportMetric(float64(commentRescan.Microseconds())/1000, "comment-rescan-ms")
	b.ReportMetric(float64(movedDurs[len(movedDurs)/2].Microseconds())/1000, "moved-rescan-ms")
	b.ReportMetric(float64(addedDurs[len(addedDurs)/2].Microseconds())/1000, "added-rescan-ms")
	b.ReportMetric(float64(methodDurs[len(methodDurs)/2].Microseconds())/1000, "method-rescan-ms")
	b.ReportMetric(float64(busyDurs[len(busyDurs)/2].Microseconds())/1000, "method-rescan-busy-ms")
	b.ReportMetric(float64(typeDurs[len(typeDurs)/2].Microseconds())/1000, "type-rescan-ms")
	b.ReportMetric(float64(fieldDurs[len(fieldDurs)/2].Microseconds())/1000, "field-rescan-ms")
	b.ReportMetric(float64(analyzeDurs[len(analyzeDurs)/2].Microseconds())/1000, "rescan-analyze-ms")
	b.ReportMetric(float64(rescanDurs[len(rescanDurs)-1].Microseconds())/1000, "rescan-max-ms")
	slices.Sort(rescanAllocs)
	b.ReportMetric(float64(rescanAllocs[len(rescanAllocs)/2])/1e6, "rescan-alloc-MB")
	b.ReportMetric(float64(hwm>>20), "peakRSS-MB")
	b.ReportMetric(float64(peak.heap.Load()>>20), "peakHeapInuse-MB")
	b.ReportMetric(float64(peak.sys.Load()>>20), "peakSys-MB")
	if ratio > 2 {
		b.Logf("MISSED: full/parse %.2f > 2", ratio)
	}
	if rescan >= 100*time.Millisecond {
		b.Logf("MISSED: rescan %v >= 100ms", rescan)
	}
	if hwm >= 1<<30 {
		b.Logf("MISSED: peak RSS %dMB >= 1GB", hwm>>20)
	}
}

// scan is a cold scan's program and report, and what it cost.
type scan struct {
	prog   *coverage.Program
	report *coverage.Report
	figures
}

// figures are what a cold scan cost: the whole of it and its
// ParseProgram part.
type figures struct {
	dur, progDur time.Duration
	use, progUse usage
}

// coldScan parses the module into cache (nil: a source cache for this
// scan alone) and analyzes it.
func coldScan(ctx context.Context, b *testing.B, root string, files []string, cache *Cache, model *schemas.Model) scan {
	b.Helper()
	var s scan
	before := readUsage()
	t0 := time.Now()
	prog, err := ParseProgram(ctx, root, files, cache)
	if err != nil {
		b.Fatal(err)
	}
	s.progDur, s.progUse = time.Since(t0), readUsage().since(before)
	report, err := coverage.Analyze(ctx, prog, model, nil)
	if err != nil {
		b.Fatal(err)
	}
	s.dur, s.use = time.Since(t0), readUsage().since(before)
	s.prog, s.report = prog, report
	return s
}

// rescanner times rescans of a module after edits of one of its files,
// as a server makes them: with the idle work the server does between
// the agent's edits (Cache.Idle), unless busy.
type rescanner struct {
	ctx       context.Context
	b         *testing.B
	root      string
	files     []string
	cache     *Cache
	model     *schemas.Model
	editedAbs string
	// busy leaves out the idle work, as for edits that come back to
	// back.
	busy bool
	// idle are the durations of the idle work done, and collected how
	// many times it collected garbage.
	idle      []time.Duration
	collected int
}

// time does the idle work, then writes src over the edited file and
// times a rescan with the warm cache, and counts the bytes it
// allocates: the whole of it, and its ParseProgram part. A rescan's
// allocations matter as much as its CPU: near the goal of the collector
// they start cycles that mark the whole live heap, which the idle work
// heads off. It checks that only the edited file was parsed again.
func (rs *rescanner) time(orig, src []byte) (d, link time.Duration, alloc, linkAlloc uint64) {
	b, ctx, cache := rs.b, rs.ctx, rs.cache
	b.Helper()
	if bytes.Equal(src, orig) {
		b.Fatal("edit did not change the file")
	}
	if !rs.busy {
		t0 := time.Now()
		if cache.Idle() {
			rs.collected++
		}
		rs.idle = append(rs.idle, time.Since(t0))
	}
	if err := os.WriteFile(rs.editedAbs, src, 0o644); err != nil {
		b.Fatal(err)
	}
	before := cache.parses.Load()
	allocs := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(allocs)
	a0 := allocs[0].Value.Uint64()
	t0 := time.Now()
	// The label lets a CPU profile of the benchmark focus on rescans
	// (go tool pprof -tagfocus phase=rescan).
	pprof.Do(ctx, pprof.Labels("phase", "rescan"), func(ctx context.Context) {
		p, err := ParseProgram(ctx, rs.root, rs.files, cache)
		if err != nil {
			b.Fatal(err)
		}
		link = time.Since(t0)
		metrics.Read(allocs)
		linkAlloc = allocs[0].Value.Uint64() - a0
		if _, err := coverage.Analyze(ctx, p, rs.model, nil); err != nil {
			b.Fatal(err)
		}
		d = time.Since(t0)
		metrics.Read(allocs)
		alloc = allocs[0].Value.Uint64() - a0
	})
	if n := cache.parses.Load() - before; n != 1 {
		b.Fatalf("rescan parsed %d files, want 1", n)
	}
	return d, link, alloc, linkAlloc
}

// mbs renders byte counts as megabytes.
func mbs(n []uint64) []string {
	out := make([]string, len(n))
	for i, v := range n {
		out[i] = fmt.Sprintf("%.1fMB", float64(v)/1e6)
	}
	return out
}

// parseOnly reads and parses the files with go/parser on GOMAXPROCS
// workers, as ParseProgram's workers do, and returns the parse errors.
func parseOnly(root string, files []string, workers int) []error {
	jobs := make(chan string)
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for rel := range jobs {
				src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
				if err == nil {
					_, err = parser.ParseFile(token.NewFileSet(), rel, src, parser.ParseComments|parser.AllErrors)
				}
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		})
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	return errs
}

// usage is what a phase of the benchmark cost the process: CPU time in
// user and system mode on every thread (the collector's included, so it
// holds on a busy machine better than the wall clock), the collector's
// share of it as the runtime estimates it, its cycles, and the bytes
// allocated.
type usage struct {
	cpu, gcCPU time.Duration
	cycles     uint64
	alloc      uint64
}

// readUsage reads the process's usage so far.
func readUsage() usage {
	var u usage
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		u.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	s := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}, {Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	u.gcCPU = time.Duration(s[0].Value.Float64() * float64(time.Second))
	u.cycles, u.alloc = s[1].Value.Uint64(), s[2].Value.Uint64()
	return u
}

// since is the usage from before to u.
func (u usage) since(before usage) usage {
	return usage{cpu: u.cpu - before.cpu, gcCPU: u.gcCPU - before.gcCPU, cycles: u.cycles - before.cycles, alloc: u.alloc - before.alloc}
}

func (u usage) String() string {
	return fmt.Sprintf("CPU %v (GC %v in %d cycles), %d MB allocated", u.cpu.Round(10*time.Millisecond), u.gcCPU.Round(10*time.Millisecond), u.cycles, u.alloc>>20)
}

// profile writes, when LARGEREPO_PROFILE names a path prefix, the CPU
// profile of the cold full analysis (<prefix>.cpu), the allocations it
// made (<prefix>.allocs; read with -base <prefix>.allocs.base), and the
// heap it leaves live (<prefix>.heap).
type profile struct{ prefix string }

func startProfile(b *testing.B) profile {
	p := profile{prefix: os.Getenv("LARGEREPO_PROFILE")}
	if p.prefix == "" {
		return p
	}
	p.write(b, "allocs", ".allocs.base")
	f, err := os.Create(p.prefix + ".cpu")
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// stop ends the profile, with what the scan made still live.
func (p profile) stop(b *testing.B, live ...any) {
	if p.prefix == "" {
		return
	}
	pprof.StopCPUProfile()
	p.write(b, "allocs", ".allocs")
	p.write(b, "heap", ".heap")
	runtime.KeepAlive(live)
}

func (p profile) write(b *testing.B, name, suffix string) {
	runtime.GC()
	f, err := os.Create(p.prefix + suffix)
	if err == nil {
		err = pprof.Lookup(name).WriteTo(f, 0)
		err = errors.Join(err, f.Close())
	}
	if err != nil {
		b.Fatal(err)
	}
}

// peakSampler records the peak of the runtime's Sys and HeapInuse, read
// from runtime/metrics (which does not stop the world) every 10ms.
type peakSampler struct {
	sys, heap atomic.Uint64
	done      chan struct{}
	wg        sync.WaitGroup
}

func (p *peakSampler) start() {
	p.done = make(chan struct{})
	samples := []metrics.Sample{
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
	}
	p.wg.Go(func() {
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(samples)
			sys := samples[0].Value.Uint64()
			heap := samples[1].Value.Uint64() + samples[2].Value.Uint64()
			if sys > p.sys.Load() {
				p.sys.Store(sys)
			}
			if heap > p.heap.Load() {
				p.heap.Store(heap)
			}
			select {
			case <-p.done:
				return
			case <-tick.C:
			}
		}
	})
}

func (p *peakSampler) stop() {
	close(p.done)
	p.wg.Wait()
}

// resetPeakRSS resets the kernel's VmHWM to the current RSS (Linux 4.0+),
// so the peak excludes generating the module.
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// vmHWM is the process's peak resident set size in bytes, or 0 off
// Linux.
func vmHWM() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
