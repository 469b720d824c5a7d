package coverage

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// incrementalProgram is a call graph with a wrapper every service calls,
// a middleware factory, a cycle and chains of services, behind 40
// handlers.
func incrementalProgram() *Program {
	b := newBuilder().
		fn("authz.Require", "authz.go", 1, nil, checkOp(param(0, "typ"), param(1, "perm"), "authz.go", 2)).
		fn("authz.Peek", "authz.go", 5, nil, AuthzOp{Kind: OpCheck, Resource: param(0, "typ"), Permission: lit("view"), File: "authz.go", Line: 6}).
		fn("store.Save", "store.go", 1, nil, writeOp(param(0, "typ"), lit("owner"), lit("user"), "store.go", 2)).
		fn("mw.Require", "mw.go", 1, []Call{call("mw.Require$1", 2, param(0, "typ"), param(1, "perm"))}).
		fn("mw.Require$1", "mw.go", 2, []Call{call("authz.Require", 3, param(0, "typ"), param(1, "perm"))})
	for i := range 40 {
		svc := fmt.Sprintf("svc.f%d", i)
		calls := []Call{call("authz.Require", 10+i, lit("document"), param(0, "perm"))}
		if i%5 != 4 {
			calls = append(calls, call(fmt.Sprintf("svc.f%d", i+1), 20+i, param(0, "perm")))
		}
		if i%7 == 0 {
			calls = append(calls, call("svc.f0", 30+i, lit("edit")), call("store.Save", 40+i, lit("document")))
		}
		b.fn(svc, fmt.Sprintf("svc/f%d.go", i%6), i, calls)
		b.fn(fmt.Sprintf("api.H%d", i), "api.go", i, []Call{call(svc, i, lit([]string{"view", "edit", "viewer"}[i%3]))})
		var mw []string
		if i%4 == 0 {
			mw = append(mw, "mw.Require")
		}
		b.handler([]string{"GET", "POST", "DELETE", "PUT"}[i%4], fmt.Sprintf("/documents/%d", i), fmt.Sprintf("api.H%d", i), "api.go", i,
			[]Operation{OpRead, OpCreate, OpDelete, OpUpdate}[i%4], mw...)
		if i%4 == 0 {
			h := &b.p.Handlers[len(b.p.Handlers)-1]
			h.MiddlewareCalls = []Call{{Callee: h.MiddlewareFuncs[0], Args: []Value{lit("document"), lit("edit")}, Line: 100 + i, File: "routes.go"}}
		}
	}
	return b.p
}

// editFunc returns a copy of the program with one function changed, as a
// frontend that relinks one file gives it: a new Func for the changed
// one, the same pointers for the rest.
func editFunc(p *Program, id string, change func(f *Func)) *Program {
	q := *p
	q.Funcs = maps.Clone(p.Funcs)
	id = "example.com/app/" + id
	f := *q.Funcs[id]
	f.Calls = slices.Clone(f.Calls)
	for i := range f.Calls {
		f.Calls[i].Args = slices.Clone(f.Calls[i].Args)
	}
	change(&f)
	q.Funcs[id] = &f
	return &q
}

// withHandler returns a copy of the program with a handler of the
// function id (made if missing) registered in a.go, before every other
// handler.
func withHandler(p *Program, id, method, route string, line int) *Program {
	q := *p
	q.Funcs = maps.Clone(p.Funcs)
	id = "example.com/app/" + id
	if q.Funcs[id] == nil {
		q.Funcs[id] = &Func{ID: id, Name: id[strings.LastIndex(id, ".")+1:], File: "a.go", Line: line, Calls: []Call{call("authz.Peek", line+1, lit("document"))}}
	}
	h := ProgramHandler{Handler: Handler{Language: Go, Framework: "net/http", Method: method, Route: route,
		Function: q.Funcs[id].Name, File: "a.go", Line: line, Operation: OpRead}, Func: id}
	q.Handlers = append([]ProgramHandler{h}, p.Handlers...)
	slices.SortStableFunc(q.Handlers, func(x, y ProgramHandler) int { return compareHandlers(&x, &y) })
	return &q
}

// withoutHandler returns a copy of the program without the handlers of
// the function id in file, and without the function when no handler is
// left to it there.
func withoutHandler(p *Program, id, file string) *Program {
	q := *p
	id = "example.com/app/" + id
	q.Handlers = slices.DeleteFunc(slices.Clone(p.Handlers), func(h ProgramHandler) bool { return h.Func == id && h.File == file })
	if f := p.Funcs[id]; f != nil && f.File == file {
		q.Funcs = maps.Clone(p.Funcs)
		delete(q.Funcs, id)
	}
	return &q
}

// TestIncrementalAnalysisMatchesFull analyzes a program, then one edit of
// it after another, through one AnalysisCache, and checks each report
// against a fresh analysis of the same program, byte for byte, and that
// each analysis walked again only the handlers the edit can change. The
// caller scopes each report and applies a baseline to it, which must not
// change the cache's. It runs without a baseline in the config (the
// findings are patched) and with one (they are listed anew).
func TestIncrementalAnalysisMatchesFull(t *testing.T) {
	t.Run("no baseline", func(t *testing.T) { testIncrementalAnalysis(t, nil) })
	t.Run("baseline", func(t *testing.T) {
		r, err := Analyze(context.Background(), incrementalProgram(), testModel(t), nil)
		require.NoError(t, err)
		require.NotEmpty(t, r.Findings)
		known := &Baseline{Version: 1, Findings: []BaselineEntry{{Fingerprint: r.Findings[0].Fingerprint()}}}
		testIncrementalAnalysis(t, &Config{BaselineFindings: known})
	})
}

func testIncrementalAnalysis(t *testing.T, cfg *Config) {
	ctx := context.Background()
	model := testModel(t)
	cache := NewAnalysisCache()
	prog := incrementalProgram()
	// The reports given out, as their callers left them: the next
	// analyses share their slices and must not change them.
	given := map[*Report]string{}
	analyze := func(p *Program) string {
		withCache := *p
		withCache.Analysis = cache
		r, err := Analyze(ctx, &withCache, model, cfg)
		require.NoError(t, err)
		data, err := r.JSON()
		require.NoError(t, err)
		// What a caller does with a report it was given.
		if len(r.Findings) > 0 {
			r.ApplyBaseline(&Baseline{Version: 1, Findings: []BaselineEntry{{Fingerprint: r.Findings[len(r.Findings)-1].Fingerprint()}}})
		}
		r.Scope(func(file string) bool { return file != "api.go" })
		left, err := r.JSON()
		require.NoError(t, err)
		given[r] = string(left)
		return string(data)
	}
	defer func() {
		for r, left := range given {
			data, err := r.JSON()
			require.NoError(t, err)
			require.Equal(t, left, string(data), "a report given out changed")
		}
	}()
	fresh := func(p *Program) string {
		r, err := Analyze(ctx, p, model, cfg)
		require.NoError(t, err)
		data, err := r.JSON()
		require.NoError(t, err)
		return string(data)
	}
	require.Equal(t, fresh(prog), analyze(prog))

	steps := []struct {
		name string
		edit func(*Program) *Program
		// rewalked is how many handlers the analysis walks again.
		rewalked int
	}{
		{"a function no handler reaches moves its check: the handlers are the last report's", func(p *Program) *Program {
			return editFunc(p, "authz.Peek", func(f *Func) {
				f.Ops = []AuthzOp{{Kind: OpCheck, Resource: param(0, "typ"), Permission: lit("view"), File: "authz.go", Line: 7}}
			})
		}, 0},
		{"a handler's call moves a line: its report is as it was", func(p *Program) *Program {
			return editFunc(p, "api.H5", func(f *Func) { f.Calls[0].Line += 100 })
		}, 1},
		{"a handler passes its service a literal", func(p *Program) *Program {
			return editFunc(p, "api.H3", func(f *Func) { f.Calls[0].Args = []Value{lit("manage")} })
		}, 1},
		{"the wrapper every service calls checks another permission", func(p *Program) *Program {
			return editFunc(p, "authz.Require", func(f *Func) {
				f.Ops = []AuthzOp{checkOp(param(0, "typ"), lit("share"), "authz.go", 2)}
			})
		}, 40},
		{"the middleware checks a relation", func(p *Program) *Program {
			return editFunc(p, "mw.Require$1", func(f *Func) { f.Calls[0].Args = []Value{param(0, "typ"), lit("owner")} })
		}, 10},
		{"a middleware is installed with other arguments", func(p *Program) *Program {
			q := *p
			q.Handlers = slices.Clone(p.Handlers)
			h := &q.Handlers[8]
			h.MiddlewareCalls = []Call{{Callee: h.MiddlewareFuncs[0], Args: []Value{lit("folder"), lit("view")}, Line: 108, File: "routes.go"}}
			return &q
		}, 1},
		{"a service checks notes through a wrapper that does not gate: note#view is checked, notes never written, and the wrapper's finding names note#view", func(p *Program) *Program {
			return editFunc(p, "svc.f3", func(f *Func) { f.Calls = append(f.Calls, call("authz.Peek", 98, lit("note"))) })
		}, 19},
		{"and another folders: the wrapper's finding names both", func(p *Program) *Program {
			return editFunc(p, "svc.f8", func(f *Func) { f.Calls = append(f.Calls, call("authz.Peek", 97, lit("folder"))) })
		}, 4},
		{"a store writes notes: type-never-written for notes is gone", func(p *Program) *Program {
			return editFunc(p, "store.Save", func(f *Func) { f.Ops = append(f.Ops, writeOp(lit("note"), lit("owner"), lit("user"), "store.go", 3)) })
		}, 16},
		{"the first no longer checks notes: note#view is never checked again", func(p *Program) *Program {
			return editFunc(p, "svc.f3", func(f *Func) { f.Calls = f.Calls[:len(f.Calls)-1] })
		}, 19},
		{"a service calls into a cycle", func(p *Program) *Program {
			return editFunc(p, "svc.f9", func(f *Func) { f.Calls = append(f.Calls, call("svc.f5", 99, param(0, "perm"))) })
		}, 5},
		{"a handler passes the cycle a permission the schema lacks", func(p *Program) *Program {
			return editFunc(p, "api.H7", func(f *Func) { f.Calls[0].Args = []Value{lit("bogus1")} })
		}, 1},
		{"and then another: the cycle's nodes for the first are gone", func(p *Program) *Program {
			return editFunc(p, "api.H7", func(f *Func) { f.Calls[0].Args = []Value{lit("bogus2")} })
		}, 1},
		{"a handler is added", func(p *Program) *Program {
			// A copy of a function, equal to it, is no change.
			q := editFunc(p, "api.H1", func(f *Func) {})
			id := "example.com/app/api.Extra"
			q.Funcs[id] = &Func{ID: id, Name: "Extra", File: "api.go", Line: 90, Calls: []Call{call("authz.Peek", 91, lit("note"))}}
			q.Handlers = append(slices.Clone(p.Handlers), ProgramHandler{Handler: Handler{Language: Go, Framework: "net/http", Method: "GET",
				Route: "/notes/{id}", Function: "Extra", File: "api.go", Line: 90, Operation: OpRead}, Func: id})
			return q
		}, 1},
		{"a handler is removed", func(p *Program) *Program {
			q := *p
			q.Funcs = maps.Clone(p.Funcs)
			delete(q.Funcs, "example.com/app/api.H2")
			q.Handlers = slices.DeleteFunc(slices.Clone(p.Handlers), func(h ProgramHandler) bool { return h.Func == "example.com/app/api.H2" })
			return &q
		}, 0},
		{"a handler with H0's route is added before it: H0's ID gets a number", func(p *Program) *Program {
			return withHandler(p, "api.Dup", "GET", "/documents/0", 1)
		}, 1},
		{"the wrapper Peek is registered as a handler too: the finding of its op names the route", func(p *Program) *Program {
			return withHandler(p, "authz.Peek", "GET", "/peek", 2)
		}, 1},
		{"and is not any more", func(p *Program) *Program {
			return withoutHandler(p, "authz.Peek", "a.go")
		}, 0},
		{"the handler with H0's route goes: H0's ID is its own again", func(p *Program) *Program {
			return withoutHandler(p, "api.Dup", "a.go")
		}, 0},
		{"the wrapper that does not gate checks a permission the analysis cannot read: no permission of the type is said never checked", func(p *Program) *Program {
			return editFunc(p, "authz.Peek", func(f *Func) {
				f.Ops = []AuthzOp{{Kind: OpCheck, Resource: param(0, "typ"), Permission: unknown("perm"), File: "authz.go", Line: 6}}
			})
		}, 6},
		{"and a readable one again", func(p *Program) *Program {
			return editFunc(p, "authz.Peek", func(f *Func) {
				f.Ops = []AuthzOp{{Kind: OpCheck, Resource: param(0, "typ"), Permission: lit("view"), File: "authz.go", Line: 6}}
			})
		}, 6},
		{"a store the services write through is removed", func(p *Program) *Program {
			q := *p
			q.Funcs = maps.Clone(p.Funcs)
			delete(q.Funcs, "example.com/app/store.Save")
			return &q
		}, 18},
	}
	for _, step := range steps {
		prog = step.edit(prog)
		before := cache.Stats()
		require.Equal(t, fresh(prog), analyze(prog), step.name)
		after := cache.Stats()
		require.Equal(t, before.Full, after.Full, "%s: analyzed in full", step.name)
		require.Equal(t, before.Incremental+1, after.Incremental, "%s: not analyzed incrementally", step.name)
		require.Equal(t, step.rewalked, after.Last.Handlers, "%s: handlers walked again", step.name)
	}
	prog = editFunc(prog, "svc.f1", func(f *Func) {})
	require.Equal(t, fresh(prog), analyze(prog), "an unchanged program")
	require.Equal(t, 1, cache.Stats().Reused, "the report of an unchanged program is reused")
}

// TestCappedWalksStayIncremental: a set capped at maxOpsPerFunc keeps
// the first ops by key, so walks with capped sets are reused like any
// other, and the note that the call graph was cut short comes and goes
// with the capped set.
func TestCappedWalksStayIncremental(t *testing.T) {
	var calls []Call
	for i := range maxOpsPerFunc + 10 {
		calls = append(calls, call("authz.Require", 10+i, lit("document"), lit(fmt.Sprintf("p%d", i))))
	}
	b := newBuilder().
		fn("authz.Require", "authz.go", 1, nil, checkOp(param(0, "typ"), param(1, "perm"), "authz.go", 2)).
		fn("main.main", "main.go", 1, calls).
		fn("api.Get", "api.go", 1, []Call{call("authz.Require", 2, lit("document"), lit("view"))}).
		handler("GET", "/documents/{id}", "api.Get", "api.go", 1, OpRead)
	ctx := context.Background()
	model := testModel(t)
	cache := NewAnalysisCache()
	notes := func(p *Program) []string {
		fresh, err := Analyze(ctx, p, model, nil)
		require.NoError(t, err)
		withCache := *p
		withCache.Analysis = cache
		warm, err := Analyze(ctx, &withCache, model, nil)
		require.NoError(t, err)
		require.Equal(t, fresh, warm)
		return warm.Summary.Notes
	}
	prog := b.p
	require.Contains(t, notes(prog)[0], "the call graph was cut short")
	prog = editFunc(prog, "api.Get", func(f *Func) { f.Calls[0].Args[1] = lit("edit") })
	require.Contains(t, notes(prog)[0], "the call graph was cut short")
	prog = editFunc(prog, "main.main", func(f *Func) { f.Calls = f.Calls[:10] })
	require.Empty(t, notes(prog))
	prog = editFunc(prog, "main.main", func(f *Func) { f.Calls = calls })
	require.Contains(t, notes(prog)[0], "the call graph was cut short")
	require.Equal(t, AnalysisStats{Full: 1, Incremental: 3, Last: Rewalk{Functions: 1, Handlers: 0}}, cache.Stats())
}

// TestWalksCutShortAreNotKept: a walk cut short at maxReachDepth depends
// on the order of the walks, so the next analysis after an edit walks
// the whole program again.
func TestWalksCutShortAreNotKept(t *testing.T) {
	b := newBuilder().fn("authz.Require", "authz.go", 1, nil, checkOp(param(0, "typ"), param(1, "perm"), "authz.go", 2))
	for i := range maxReachDepth + 5 {
		b.fn(fmt.Sprintf("svc.f%d", i), "svc.go", i, []Call{call(fmt.Sprintf("svc.f%d", i+1), i), call("authz.Require", i, lit("document"), lit("view"))})
	}
	b.fn("api.Get", "api.go", 1, []Call{call("svc.f0", 2)}).handler("GET", "/documents/{id}", "api.Get", "api.go", 1, OpRead)
	cache := NewAnalysisCache()
	prog := b.p
	for range 2 {
		p := *prog
		p.Analysis = cache
		_, err := Analyze(context.Background(), &p, testModel(t), nil)
		require.NoError(t, err)
		prog = editFunc(prog, "api.Get", func(f *Func) { f.Calls[0].Line = 3 })
	}
	require.Equal(t, AnalysisStats{Full: 2}, cache.Stats())
}

// TestChangedFuncsFollowsTheFrontendsEdit checks that the functions an
// edit names are the only ones compared when the edit is of the program
// held, and that any other edit is ignored for a comparison in full.
func TestChangedFuncsFollowsTheFrontendsEdit(t *testing.T) {
	old := incrementalProgram()
	const m = "example.com/app/"
	edited := func(ids ...string) *Program {
		cur := *old
		cur.Funcs = maps.Clone(old.Funcs)
		cur.Edited = &FuncsEdit{From: old.Funcs, IDs: ids}
		return &cur
	}

	// Named and changed, named and the same by value, removed, added.
	cur := edited(m+"svc.f1", m+"svc.f2", m+"authz.Peek", m+"svc.new")
	f1 := *cur.Funcs[m+"svc.f1"]
	f1.Line++
	cur.Funcs[m+"svc.f1"] = &f1
	f2 := *cur.Funcs[m+"svc.f2"]
	cur.Funcs[m+"svc.f2"] = &f2
	delete(cur.Funcs, m+"authz.Peek")
	cur.Funcs[m+"svc.new"] = &Func{ID: m + "svc.new", File: "svc.go", Line: 1}
	want := map[string]bool{m + "svc.f1": true, m + "authz.Peek": true, m + "svc.new": true}
	require.Equal(t, want, changedFuncs(old, cur))
	cur.Edited = nil
	require.Equal(t, want, changedFuncs(old, cur), "compared in full")

	// The edit is trusted: a function it does not name is not compared.
	// An edit of another map than the one held says nothing: then it is.
	cur = edited()
	f3 := *cur.Funcs[m+"svc.f3"]
	f3.Line++
	cur.Funcs[m+"svc.f3"] = &f3
	require.Empty(t, changedFuncs(old, cur))
	cur.Edited.From = maps.Clone(old.Funcs)
	require.Equal(t, map[string]bool{m + "svc.f3": true}, changedFuncs(old, cur))
}

// TestCutRewalkOfTheSameHandlersWalksInFull edits a function, leaving
// the handlers as they were, so that the walk again of what it reaches
// is cut short: the analysis then walks the whole program, with its
// handlers sorted anew, and gives a fresh analysis's report.
func TestCutRewalkOfTheSameHandlersWalksInFull(t *testing.T) {
	ctx := context.Background()
	model := testModel(t)
	b := newBuilder().fn("authz.Require", "authz.go", 1, nil, checkOp(param(0, "typ"), param(1, "perm"), "authz.go", 2)).
		fn("svc.f0", "svc.go", 1, []Call{call("authz.Require", 2, lit("document"), lit("view"))}).
		fn("api.Get", "api.go", 1, []Call{call("svc.f0", 2)}).handler("GET", "/documents/{id}", "api.Get", "api.go", 1, OpRead).
		fn("api.Put", "api.go", 5, []Call{call("svc.f0", 6)}).handler("PUT", "/documents/{id}", "api.Put", "api.go", 5, OpUpdate)
	cache := NewAnalysisCache()
	analyze := func(p *Program, cache *AnalysisCache) string {
		q := *p
		q.Analysis = cache
		r, err := Analyze(ctx, &q, model, nil)
		require.NoError(t, err)
		data, err := r.JSON()
		require.NoError(t, err)
		return string(data)
	}
	analyze(b.p, cache)

	// svc.f0 now calls a chain deeper than a walk goes.
	edited := editFunc(b.p, "svc.f0", func(f *Func) { f.Calls = append(f.Calls, call("chain.f0", 3)) })
	chain := newBuilder()
	for i := range maxReachDepth + 5 {
		chain.fn(fmt.Sprintf("chain.f%d", i), "chain.go", i, []Call{call(fmt.Sprintf("chain.f%d", i+1), i)})
	}
	maps.Copy(edited.Funcs, chain.p.Funcs)
	require.Equal(t, analyze(edited, nil), analyze(edited, cache))
	require.Equal(t, AnalysisStats{Full: 2}, cache.Stats())
}

// TestPatchFindings: findings to remove are taken out once each, even
// among equal ones, added ones go in order, and a finding to remove that
// is not there is reported.
func TestPatchFindings(t *testing.T) {
	f := func(file string, line int) Finding {
		return Finding{Rule: RuleUnprotectedHandler, File: file, Line: line}
	}
	sorted := []Finding{f("a.go", 1), f("a.go", 2), f("a.go", 2), f("b.go", 1)}
	before := slices.Clone(sorted)
	got, ok := patchFindings(sorted, []Finding{f("a.go", 2), f("b.go", 1)}, []Finding{f("c.go", 1), f("a.go", 3), f("0.go", 1)})
	require.True(t, ok)
	require.Equal(t, []Finding{f("0.go", 1), f("a.go", 1), f("a.go", 2), f("a.go", 3), f("c.go", 1)}, got)
	require.Equal(t, before, sorted, "the sorted findings are left as they were")
	_, ok = patchFindings(sorted, []Finding{f("a.go", 5)}, nil)
	require.False(t, ok)
}

// TestRescanSharesWhatItDidNotChange: a rescan whose handlers analyzed
// again report what they did, and whose findings are as they were,
// gives a report that shares the last one's lists; one that changes them
// gives new lists and leaves the last report as it was.
func TestRescanSharesWhatItDidNotChange(t *testing.T) {
	ctx := context.Background()
	model := testModel(t)
	cache := NewAnalysisCache()
	analyze := func(p *Program) *Report {
		q := *p
		q.Analysis = cache
		r, err := Analyze(ctx, &q, model, nil)
		require.NoError(t, err)
		return r
	}
	prog := incrementalProgram()
	first := analyze(prog)
	prog = editFunc(prog, "api.H4", func(f *Func) { f.Calls[0].Line += 100 })
	second := analyze(prog)
	require.Equal(t, 1, cache.Stats().Last.Handlers)
	require.Same(t, &first.Handlers[0], &second.Handlers[0], "the handlers are shared")
	require.Same(t, &first.Findings[0], &second.Findings[0], "the findings are shared")

	before, err := first.JSON()
	require.NoError(t, err)
	prog = editFunc(prog, "api.H3", func(f *Func) { f.Calls[0].Args = []Value{lit("bogus")} })
	third := analyze(prog)
	require.NotSame(t, &first.Handlers[0], &third.Handlers[0])
	require.NotSame(t, &first.Findings[0], &third.Findings[0])
	after, err := first.JSON()
	require.NoError(t, err)
	require.Equal(t, string(before), string(after), "the last report is as it was")
	fresh, err := Analyze(ctx, prog, model, nil)
	require.NoError(t, err)
	require.Equal(t, fresh, third)
}

// TestFuncEqualSeesEveryField changes each field of a Func, of its Call
// and of its AuthzOp in turn: a field added later must not go unseen by
// the comparison rescans rely on.
func TestFuncEqualSeesEveryField(t *testing.T) {
	base := func() *Func {
		return &Func{
			ID: "m/p.F", Name: "F", File: "p/f.go", Line: 3, Params: []string{"ctx"},
			Calls: []Call{{Callee: "m/p.G", Args: []Value{{Kind: ValueLiteral, Text: "doc"}}, Line: 4}},
			Ops:   []AuthzOp{{Kind: OpCheck, File: "p/f.go", Line: 5}},
		}
	}
	if !base().equal(base()) {
		t.Fatal("equal Funcs compare unequal")
	}
	// Each place is a struct of the Func to change a field of.
	places := map[string]func(f *Func) reflect.Value{
		"Func":    func(f *Func) reflect.Value { return reflect.ValueOf(f).Elem() },
		"Call":    func(f *Func) reflect.Value { return reflect.ValueOf(&f.Calls[0]).Elem() },
		"AuthzOp": func(f *Func) reflect.Value { return reflect.ValueOf(&f.Ops[0]).Elem() },
	}
	for name, at := range places {
		typ := at(base()).Type()
		for i := range typ.NumField() {
			f := base()
			bump(t, at(f).Field(i))
			if base().equal(f) {
				t.Errorf("changing %s.%s leaves the Funcs equal", name, typ.Field(i).Name)
			}
		}
	}
}

// bump changes a field's value: a string, number or bool is set to
// another, a list grows by one element, a struct has its first field
// bumped.
func bump(t *testing.T, v reflect.Value) {
	t.Helper()
	switch v.Kind() {
	case reflect.String:
		v.SetString(v.String() + "x")
	case reflect.Int:
		v.SetInt(v.Int() + 1)
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Slice:
		v.Set(reflect.Append(v, reflect.New(v.Type().Elem()).Elem()))
	case reflect.Struct:
		bump(t, v.Field(0))
	default:
		t.Fatalf("bump: a field of kind %s: teach the test (and Func.equal) about it", v.Kind())
	}
}
