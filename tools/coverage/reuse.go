package coverage

import (
	"reflect"
	"slices"
	"sync"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// AnalysisCache remembers the last report Analyze made, what it made it
// of, and its walks and rules' results (see walkState, ruleState).
// Analyzing the same program against the same schema and config again
// returns the report again after a comparison; analyzing an edited
// program walks again only what the edit can change, and makes the
// report from the last one. The reports share their slices (see Report).
// It keeps the program it was given, not a copy: a frontend
// that sets Program.Analysis never changes a Program it returned. A
// frontend that reuses the Funcs of unchanged files between scans
// (golang.Cache does) makes the comparison a pointer check per function,
// so an edit that leaves the program as it was (a log message, a
// comment, a call into a dependency) costs no analysis, and one that
// changes it costs the walks that reach the changed functions. It is
// safe for concurrent use.
type AnalysisCache struct {
	mu     sync.Mutex
	prog   Program
	model  *schemas.Model
	cfg    Config
	report *Report
	state  *walkState
	stats  AnalysisStats
}

// AnalysisStats counts what the analyses made through a cache did.
type AnalysisStats struct {
	// Full counts the analyses that walked the whole program,
	// Incremental those that walked again only what an edit changed, and
	// Reused those that returned the last report.
	Full, Incremental, Reused int
	// Last is what the last incremental analysis walked again.
	Last Rewalk
}

// Rewalk is what an incremental analysis walked again.
type Rewalk struct {
	// Functions are the functions walked again as roots: those that
	// reach a changed function. Handlers are the handlers analyzed again;
	// the others' results were reused.
	Functions, Handlers int
}

// NewAnalysisCache returns an empty cache.
func NewAnalysisCache() *AnalysisCache { return &AnalysisCache{} }

// Stats returns the counts so far.
func (c *AnalysisCache) Stats() AnalysisStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stats
}

// take returns the last report when it was made of the same program,
// model and config. Else, with the same model and config, it returns
// the last analysis's program, report and walks, which the caller then
// owns: the cache forgets them.
func (c *AnalysisCache) take(prog *Program, model *schemas.Model, cfg *Config) (*Report, *previous) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var prev *previous
	if c.report != nil && c.model == model && reflect.DeepEqual(&c.cfg, cfg) {
		changed := changedFuncs(&c.prog, prog)
		sameHandlers := sameSlice(c.prog.Handlers, prog.Handlers) || slices.EqualFunc(c.prog.Handlers, prog.Handlers, sameHandler)
		switch {
		case len(changed) == 0 && sameHandlers && sameOutline(&c.prog, prog):
			c.stats.Reused++
			return c.report.share(), nil
		case c.state != nil && c.prog.Module == prog.Module:
			prev = &previous{prog: c.prog, report: c.report, state: c.state, changed: changed, sameHandlers: sameHandlers}
		}
	}
	// Useless now: let the new analysis have the memory.
	c.prog, c.report, c.state = Program{}, nil, nil
	return nil, prev
}

// keep remembers a report, what it was made of and the walks.
func (c *AnalysisCache) keep(a *analysis, r *Report) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.prog = *a.prog
	// The cache holds the program, not the one before it.
	c.prog.Analysis, c.prog.Edited = nil, nil
	c.model, c.cfg, c.report, c.state = a.model, *a.cfg, r.share(), a.state
	if a.rewalked != nil {
		c.stats.Incremental++
		c.stats.Last = *a.rewalked
	} else {
		c.stats.Full++
	}
}

// share returns a report that shares r's slices and maps, which no one
// writes into (see Report): a caller may set its fields.
func (r *Report) share() *Report {
	c := *r
	return &c
}

// sameOutline reports whether two programs are equal but for their
// functions and handlers: the files they share are compared by pointer,
// and the rest in full.
func sameOutline(x, y *Program) bool {
	return x.Module == y.Module && slices.Equal(x.Skipped, y.Skipped) &&
		slices.EqualFunc(x.Files, y.Files, func(a, b *File) bool { return a == b || reflect.DeepEqual(a, b) })
}

// sameSlice reports whether two slices are one: a frontend that kept
// the handlers of its last program gives the same slice.
func sameSlice[T any](x, y []T) bool {
	return len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
}

// sameHandler compares two handlers field by field: reflect.DeepEqual
// on tens of thousands of them would cost more than the rescan may.
func sameHandler(x, y ProgramHandler) bool {
	a, b := x.Handler, y.Handler
	return a.Language == b.Language && a.Framework == b.Framework && a.Method == b.Method && a.Route == b.Route &&
		a.RPC == b.RPC && a.Function == b.Function && a.File == b.File && a.Line == b.Line && a.Operation == b.Operation &&
		slices.Equal(a.Middleware, b.Middleware) && x.Func == y.Func && x.Public == y.Public &&
		slices.Equal(x.MiddlewareFuncs, y.MiddlewareFuncs) && slices.EqualFunc(x.MiddlewareCalls, y.MiddlewareCalls, sameCall)
}

func sameCall(x, y Call) bool {
	return x.Callee == y.Callee && x.Line == y.Line && slices.Equal(x.Args, y.Args)
}
