package coverage

import (
	"maps"
	"reflect"
	"slices"
	"sync"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// AnalysisCache remembers the last report Analyze made and what it made
// it of: analyzing the same program against the same schema and config
// again returns a copy of it after a comparison. It keeps the program it
// was given, not a copy: a frontend that sets Program.Analysis never
// changes a Program it returned. A frontend that reuses
// the Funcs of unchanged files between scans (golang.Cache does) makes
// that comparison a pointer check per function, so a rescan after an
// edit that leaves the program as it was (a log message, a comment, a
// call into a dependency) costs no analysis. Any other change is
// analyzed in full. It is safe for concurrent use.
type AnalysisCache struct {
	mu     sync.Mutex
	prog   Program
	model  *schemas.Model
	cfg    Config
	report *Report
}

// NewAnalysisCache returns an empty cache.
func NewAnalysisCache() *AnalysisCache { return &AnalysisCache{} }

// reuse returns a copy of the last report when it was made of the same
// program, model and config, else nil.
func (c *AnalysisCache) reuse(prog *Program, model *schemas.Model, cfg *Config) *Report {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.report == nil || c.model != model || !reflect.DeepEqual(&c.cfg, cfg) || !sameProgram(&c.prog, prog) {
		// Useless now: let the new analysis have the memory.
		c.prog, c.report = Program{}, nil
		return nil
	}
	return c.report.clone()
}

// keep remembers a report and what it was made of.
func (c *AnalysisCache) keep(prog *Program, model *schemas.Model, cfg *Config, r *Report) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.prog = *prog
	c.prog.Analysis = nil
	c.model, c.cfg, c.report = model, *cfg, r.clone()
}

// clone copies the parts of a report that ApplyBaseline and Scope change.
func (r *Report) clone() *Report {
	c := *r
	c.Handlers = slices.Clone(r.Handlers)
	c.Findings = slices.Clone(r.Findings)
	c.Permissions = slices.Clone(r.Permissions)
	c.Summary.ByRule = maps.Clone(r.Summary.ByRule)
	c.Summary.Skipped = slices.Clone(r.Summary.Skipped)
	c.Summary.Notes = slices.Clone(r.Summary.Notes)
	return &c
}

// sameProgram reports whether two programs are equal; the functions and
// files they share are compared by pointer, and the rest in full.
func sameProgram(x, y *Program) bool {
	if x.Module != y.Module || len(x.Funcs) != len(y.Funcs) || !slices.Equal(x.Skipped, y.Skipped) ||
		!slices.EqualFunc(x.Files, y.Files, func(a, b *File) bool { return a == b || reflect.DeepEqual(a, b) }) ||
		!slices.EqualFunc(x.Handlers, y.Handlers, sameHandler) {
		return false
	}
	for id, f := range y.Funcs {
		if g, ok := x.Funcs[id]; !ok || g != f && !reflect.DeepEqual(g, f) {
			return false
		}
	}
	return true
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
