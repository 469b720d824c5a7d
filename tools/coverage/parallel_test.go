package coverage

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWorkersGiveOneReport analyzes one program on 1 to 5 workers: the
// reports must be byte-identical, though the workers meet wrappers,
// cycles and shared helpers in other orders, with other callers' unknown
// arguments first, and one root's set is capped.
func TestWorkersGiveOneReport(t *testing.T) {
	b := newBuilder().
		fn("authz.Require", "authz.go", 1, nil, checkOp(param(0, "typ"), param(1, "perm"), "authz.go", 2)).
		fn("authz.Peek", "authz.go", 5, nil, AuthzOp{Kind: OpCheck, Resource: param(0, "typ"), Permission: lit("view"), File: "authz.go", Line: 6}).
		fn("store.Save", "store.go", 1, nil, writeOp(param(0, "typ"), lit("owner"), lit("user"), "store.go", 2)).
		fn("svc.check", "svc/check.go", 1, []Call{call("authz.Require", 2, param(0, "typ"), lit("edit"))})
	var all []Call
	for i := range 200 {
		svc := fmt.Sprintf("svc.f%d", i)
		calls := []Call{
			call("authz.Require", 10+i, unknown(fmt.Sprintf("kind%d", i%7)), lit([]string{"view", "edit", "viewer"}[i%3])),
			call("authz.Peek", 10+i, lit([]string{"document", "folder", "nope"}[i%3])),
			call(fmt.Sprintf("svc.f%d", (i*13+1)%200), 10+i),
			call("svc.check", 10+i, unknown(fmt.Sprintf("t%d", i%5))),
		}
		if i%4 == 0 {
			calls = append(calls, call("store.Save", 10+i, lit("document")))
		}
		b.fn(svc, fmt.Sprintf("svc/f%d.go", i%9), i, calls)
		all = append(all, call(svc, i))
		b.fn(fmt.Sprintf("api.H%d", i), "api.go", i, []Call{call(svc, i)})
		b.handler([]string{"GET", "POST", "DELETE"}[i%3], fmt.Sprintf("/documents/%d", i), fmt.Sprintf("api.H%d", i), "api.go", i,
			[]Operation{OpRead, OpCreate, OpDelete}[i%3], "authz.Require")
	}
	// main reaches every binding: more than a set holds.
	for i := range maxOpsPerFunc + 100 {
		all = append(all, call("authz.Require", 1000+i, lit("document"), lit(fmt.Sprintf("p%d", i))))
	}
	b.fn("main.main", "main.go", 1, all)

	var reports []string
	for workers := 1; workers <= 5; workers++ {
		a := newAnalysis(context.Background(), b.p, testModel(t), &Config{})
		a.workers = workers
		require.NoError(t, a.run(nil))
		a.report.finish()
		data, err := a.report.JSON()
		require.NoError(t, err)
		reports = append(reports, string(data))
	}
	require.True(t, strings.Contains(reports[0], "the call graph was cut short"), "the capped set is part of the test")
	for i, r := range reports[1:] {
		assert.True(t, r == reports[0], "%d workers: the report differs from one worker's", i+2)
	}
}

func TestCappedSetKeepsFirstByKey(t *testing.T) {
	n := maxOpsPerFunc + 100
	var keys []string
	for i := range n {
		keys = append(keys, fmt.Sprintf("k%05d", (i*7919)%n))
	}
	fill := func(order []int) []int {
		s := &idSet{keys: &keys}
		for _, id := range order {
			s.add(id)
		}
		got := slices.Clone(s.list)
		slices.SortFunc(got, func(a, b int) int { return cmpStrings(keys[a], keys[b]) })
		return got
	}
	forward := make([]int, n)
	for i := range forward {
		forward[i] = i
	}
	backward := slices.Clone(forward)
	slices.Reverse(backward)
	first := fill(forward)
	require.Len(t, first, maxOpsPerFunc)
	assert.Equal(t, first, fill(backward))
	assert.Equal(t, fmt.Sprintf("k%05d", maxOpsPerFunc-1), keys[first[len(first)-1]])
}

func cmpStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
