package coverage

import (
	"fmt"
	"maps"
	"runtime"
	"slices"
	"sync"
)

// walkHandlers walks the call graph from every function and handler and
// runs the handler rules, on a pool of GOMAXPROCS workers. Each worker
// takes a contiguous share of the sorted functions, then of the handlers,
// with a reacher of its own. A walk's result depends only on the call
// graph and the arguments (see memoID), and every rule that reads a set
// of ops is indifferent to its order, so the report does not depend on
// how the work was split (a set capped at maxOpsPerFunc keeps the ops
// first by key). The caps on a walk's depth and length are the
// exception: when a worker hits one, the run is redone on one worker, as
// a sequential run would hit it.
func (a *analysis) walkHandlers(handlers []ProgramHandler) error {
	ids := slices.Sorted(maps.Keys(a.prog.Funcs))
	workers := a.workers
	if workers == 0 {
		workers = min(runtime.GOMAXPROCS(0), max(1, len(ids)/64))
	}
	if workers > 1 {
		shares, err := a.walkShares(ids, handlers, workers)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(shares, func(w *analysis) bool { return w.reach.cut }) {
			a.merge(shares)
			return nil
		}
	}
	shares, err := a.walkShares(ids, handlers, 1)
	if err != nil {
		return err
	}
	a.merge(shares)
	return nil
}

// walkShares runs workers analyses, each over its share of the functions
// and handlers.
func (a *analysis) walkShares(ids []string, handlers []ProgramHandler, workers int) ([]*analysis, error) {
	shares := make([]*analysis, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		s := a.share()
		shares[w] = s
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					errs[w] = fmt.Errorf("coverage: internal error: %v", r)
				}
			}()
			errs[w] = s.walk(part(ids, w, workers), part(handlers, w, workers))
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return shares, nil
}

// share is a copy of the analysis with a reacher, findings and handler
// reports of its own; the program, model, config and routes are shared
// for reading.
func (a *analysis) share() *analysis {
	s := *a
	s.reach = newReacher(a.ctx, a.prog, a.cfg, a.seeds)
	if a.track {
		// A walk of the whole program meets a few nodes per function.
		size := 2 * len(a.prog.Funcs)
		s.reach.record = newWalkRecord(size)
		s.reach.memo = make(map[memoID][]int, size)
	}
	s.findings = map[string]candidate{}
	s.report = &Report{Summary: Summary{ByRule: map[string]int{}}}
	return &s
}

// walk roots a walk at each function, then runs the handler rules.
func (a *analysis) walk(ids []string, handlers []ProgramHandler) error {
	for _, id := range ids {
		if err := a.ctx.Err(); err != nil {
			return err
		}
		a.reach.walk(id, nil)
	}
	a.report.Handlers = slices.Grow(a.report.Handlers, len(handlers))
	if a.track {
		a.results = slices.Grow(a.results, len(handlers))
	}
	for i := range handlers {
		if err := a.ctx.Err(); err != nil {
			return err
		}
		res := a.handler(&handlers[i])
		a.record(res)
		if a.track {
			a.results = append(a.results, res)
		}
	}
	return a.reach.err
}

// merge gathers the shares' handler reports in order, their findings,
// and every op they bound, each binding once.
func (a *analysis) merge(shares []*analysis) {
	a.reach = shares[0].reach
	if !a.track || !a.mergeTracked(shares) {
		seen := map[string]bool{}
		for _, s := range shares {
			// Every op once: the first share to bind it gives it.
			for k, id := range s.reach.index {
				if !seen[k] {
					seen[k] = true
					a.global = append(a.global, s.reach.ops[id])
				}
			}
		}
	}
	n := 0
	for _, s := range shares {
		n += len(s.report.Handlers)
	}
	a.report.Handlers = slices.Grow(a.report.Handlers, n)
	for _, s := range shares {
		a.report.Handlers = append(a.report.Handlers, s.report.Handlers...)
		a.report.Summary.Handlers += s.report.Summary.Handlers
		a.report.Summary.Protected += s.report.Summary.Protected
		a.report.Summary.Exempt += s.report.Summary.Exempt
		for k, c := range s.findings {
			a.addCandidate(k, c)
		}
		a.reach.truncated = a.reach.truncated || s.reach.truncated
	}
}

// part is the w-th of n contiguous shares of s.
func part[T any](s []T, w, n int) []T {
	return s[len(s)*w/n : len(s)*(w+1)/n]
}
