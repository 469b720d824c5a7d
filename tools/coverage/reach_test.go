package coverage

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wrapperProgram: handler → svc.Service.Update(ctx, "document", id, perm)
// → authz.Require(ctx, typ, id, perm), whose check names its parameters.
func wrapperProgram(perm string) *builder {
	return newBuilder().
		fn("api.Handler.UpdateDocument", "api/docs.go", 10, []Call{call("svc.Service.Update", 12, unknown("ctx"), lit("document"), unknown("id"), lit(perm))}).
		fn("svc.Service.Update", "svc/docs.go", 20, []Call{call("authz.Require", 22, param(0, "ctx"), param(1, "typ"), param(2, "id"), param(3, "perm"))}).
		fn("authz.Require", "authz/authz.go", 30, nil, checkOp(param(1, "typ"), param(3, "perm"), "authz/authz.go", 32)).
		handler("PUT", "/documents/{id}", "api.Handler.UpdateDocument", "api/docs.go", 10, OpUpdate)
}

func TestWrapperBindingTwoCallsDeep(t *testing.T) {
	r := analyze(t, wrapperProgram("edit").p, testModel(t), nil)
	require.Len(t, r.Handlers, 1)
	assert.Equal(t, []OpSite{{Resource: "document", Permission: "edit", File: "authz/authz.go", Line: 32, Via: []string{"svc.Service.Update", "authz.Require"}}}, r.Handlers[0].Checks)
	assert.Empty(t, onlyRules(r, handlerRules))
	var edit PermissionCoverage
	for _, p := range r.Permissions {
		if p.Resource == "document" && p.Permission == "edit" {
			edit = p
		}
	}
	assert.Equal(t, PermissionCoverage{Resource: "document", Permission: "edit", Status: StatusCovered, Sites: []Site{{File: "api/docs.go", Line: 12}}}, edit,
		"the site is where the literal is written, not the wrapper")
}

func TestWrapperBindingLocatesTheLiteral(t *testing.T) {
	r := analyze(t, wrapperProgram("edti").p, testModel(t), nil)
	f := findingOf(t, r, RuleUnknownPermission)
	assert.Equal(t, "api/docs.go", f.File)
	assert.Equal(t, 12, f.Line)
	assert.Equal(t, "Handler.UpdateDocument", f.Handler)
	assert.Equal(t, "PUT /documents/{id}", f.Route)
	assert.Equal(t, "check of document#edti via svc.Service.Update → authz.Require: document has no permission `edti`; did you mean `edit`?", f.Message)
	assert.Len(t, onlyRules(r, handlerRules), 1, "one finding, however many roots reach the call")
}

func TestWrapperCalledWithDifferentArguments(t *testing.T) {
	b := newBuilder().
		fn("api.GetDocument", "api/docs.go", 10, []Call{call("authz.Require", 11, unknown("ctx"), lit("document"), unknown("id"), lit("view"))}).
		fn("api.UpdateDocument", "api/docs.go", 20, []Call{call("authz.Require", 21, unknown("ctx"), lit("document"), unknown("id"), lit("edit"))}).
		fn("authz.Require", "authz/authz.go", 30, nil, checkOp(param(1, "typ"), param(3, "perm"), "authz/authz.go", 32)).
		handler("GET", "/documents/{id}", "api.GetDocument", "api/docs.go", 10, OpRead).
		handler("PUT", "/documents/{id}", "api.UpdateDocument", "api/docs.go", 20, OpUpdate)
	r := analyze(t, b.p, testModel(t), nil)
	require.Len(t, r.Handlers, 2)
	assert.Equal(t, "view", r.Handlers[0].Checks[0].Permission)
	assert.Equal(t, "edit", r.Handlers[1].Checks[0].Permission)
}

func TestUnboundParameterIsUnknown(t *testing.T) {
	b := newBuilder().
		fn("authz.Require", "authz/authz.go", 30, nil, checkOp(param(1, "typ"), param(3, "perm"), "authz/authz.go", 32))
	r := analyze(t, b.p, testModel(t), nil)
	assert.Empty(t, onlyRules(r, handlerRules), "a wrapper's own parameters are never guessed")
}

func TestMiddlewareProtects(t *testing.T) {
	b := newBuilder().
		fn("api.UpdateDocument", "api/docs.go", 10, nil).
		fn("mw.RequireEdit", "mw/authz.go", 5, []Call{call("mw.check", 7, lit("edit"))}).
		fn("mw.check", "mw/authz.go", 20, nil, checkOp(unknown("typ"), param(0, "perm"), "mw/authz.go", 21)).
		handler("PUT", "/documents/{id}", "api.UpdateDocument", "api/docs.go", 10, OpUpdate, "mw.RequireEdit")
	r := analyze(t, b.p, testModel(t), nil)
	assert.Empty(t, onlyRules(r, handlerRules))
	assert.Equal(t, []OpSite{{Resource: "<typ>", Permission: "edit", File: "mw/authz.go", Line: 21, Via: []string{"mw.RequireEdit", "mw.check"}}}, r.Handlers[0].Checks)
	assert.Equal(t, 1, r.Summary.Protected)
}

func TestCycles(t *testing.T) {
	// a ⇄ b, the check in a; handlers enter at a and at b, and c calls
	// itself.
	b := newBuilder().
		fn("svc.a", "svc/s.go", 1, []Call{call("svc.b", 2)}, checkOp(lit("document"), lit("view"), "svc/s.go", 3)).
		fn("svc.b", "svc/s.go", 10, []Call{call("svc.a", 11), call("svc.c", 12)}).
		fn("svc.c", "svc/s.go", 20, []Call{call("svc.c", 21)}).
		fn("api.GetDocument", "api/docs.go", 10, []Call{call("svc.a", 11)}).
		fn("api.ShowDocument", "api/docs.go", 20, []Call{call("svc.b", 21)}).
		handler("GET", "/documents/{id}", "api.GetDocument", "api/docs.go", 10, OpRead).
		handler("GET", "/documents/{id}/show", "api.ShowDocument", "api/docs.go", 20, OpRead)
	r := analyze(t, b.p, testModel(t), nil)
	require.Len(t, r.Handlers, 2)
	for _, h := range r.Handlers {
		require.Len(t, h.Checks, 1, h.ID)
		assert.Equal(t, "view", h.Checks[0].Permission)
	}
	assert.Equal(t, []string{"svc.a"}, r.Handlers[0].Checks[0].Via)
	assert.Equal(t, []string{"svc.b", "svc.a"}, r.Handlers[1].Checks[0].Via)
	assert.Empty(t, onlyRules(r, handlerRules))
}

func TestCycleMembersShareResults(t *testing.T) {
	// Reaching b first while a is on the stack must not leave b's result
	// without a's check.
	rc := newReacher(context.Background(), newBuilder().
		fn("svc.a", "svc/s.go", 1, []Call{call("svc.b", 2)}, checkOp(lit("document"), lit("view"), "svc/s.go", 3)).
		fn("svc.b", "svc/s.go", 10, []Call{call("svc.a", 11)}).p, nil, newSeeds())
	require.Len(t, rootOps(rc, "example.com/app/svc.a"), 1)
	ops := rootOps(rc, "example.com/app/svc.b")
	require.Len(t, ops, 1)
	assert.Equal(t, []string{"svc.a"}, rc.via("example.com/app/svc.b", ops[0]))
}

func TestLargeCyclicGraph(t *testing.T) {
	// 3000 functions in one strongly connected component, each calling
	// five others and, through one helper, a wrapper: linear work, not
	// exponential. (Each call site binds the wrapper's check anew, so the
	// helper keeps it to one bound check.)
	const n = 3000
	b := newBuilder().
		fn("authz.Require", "authz.go", 1, nil, checkOp(param(1, "typ"), param(3, "perm"), "authz.go", 2)).
		fn("svc.store", "svc.go", 1, nil, writeOp(lit("document"), lit("owner"), lit("user"), "svc.go", 2)).
		fn("svc.view", "view.go", 1, []Call{call("authz.Require", 2, unknown("ctx"), lit("document"), unknown("id"), lit("view"))})
	for i := range n {
		calls := []Call{call("svc.view", 2), call("svc.store", 3)}
		for j := 1; j <= 5; j++ {
			calls = append(calls, call(fmt.Sprintf("svc.f%d", (i*7+j)%n), 3))
		}
		b.fn(fmt.Sprintf("svc.f%d", i), "svc.go", i, calls)
	}
	for i := range 300 {
		b.fn(fmt.Sprintf("api.H%d", i), "api.go", i, []Call{call(fmt.Sprintf("svc.f%d", i*10), i)})
		b.handler("GET", fmt.Sprintf("/documents/%d", i), fmt.Sprintf("api.H%d", i), "api.go", i, OpRead)
	}
	r := analyze(t, b.p, testModel(t), nil)
	require.Len(t, r.Handlers, 300)
	for _, h := range r.Handlers {
		require.Len(t, h.Checks, 1)
		require.Len(t, h.Writes, 1)
	}
	assert.Empty(t, onlyRules(r, handlerRules))
}

func TestDepthCap(t *testing.T) {
	b := newBuilder()
	n := maxReachDepth + 10
	for i := range n {
		var calls []Call
		if i+1 < n {
			calls = []Call{call(fmt.Sprintf("svc.f%d", i+1), 1)}
		}
		b.fn(fmt.Sprintf("svc.f%d", i), "svc/s.go", i+1, calls)
	}
	b.p.Funcs[fmt.Sprintf("example.com/app/svc.f%d", n-1)].Ops = []AuthzOp{checkOp(lit("document"), lit("view"), "svc/s.go", 999)}
	b.handler("GET", "/documents/{id}", "svc.f0", "svc/s.go", 1, OpRead)
	r := analyze(t, b.p, testModel(t), nil)
	assert.Contains(t, r.Summary.Notes[0], "the call graph was cut short")
}

func TestDisplayName(t *testing.T) {
	tests := []struct{ id, name, want string }{
		{"example.com/app/svc.Service.Update", "Service.Update", "svc.Service.Update"},
		{"main.handler", "handler", "main.handler"},
		{"example.com/app/api.Routes$1", "Routes$1", "api.Routes$1"},
		{"weird", "weird", "weird"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, displayName(&Func{ID: tt.id, Name: tt.name}), tt.id)
	}
}

func TestMiddlewareFactoryArguments(t *testing.T) {
	// r.With(mw.Require("document", perm)): the factory's closure captures
	// its parameters after its own (next).
	build := func(perm string) *Program {
		b := newBuilder().
			fn("api.UpdateDocument", "api/docs.go", 10, nil).
			fn("mw.Require", "mw/authz.go", 5, []Call{call("mw.Require$1", 6, unknown("next"), param(0, "typ"), param(1, "perm"))}).
			fn("mw.Require$1", "mw/authz.go", 6, nil, checkOp(param(1, "typ"), param(2, "perm"), "mw/authz.go", 8)).
			handler("PUT", "/documents/{id}", "api.UpdateDocument", "api/docs.go", 10, OpUpdate, "mw.Require")
		b.p.Handlers[0].MiddlewareCalls = []Call{call("mw.Require", 30, lit("document"), lit(perm))}
		return b.p
	}
	r := analyze(t, build("edit"), testModel(t), nil)
	assert.Empty(t, onlyRules(r, handlerRules))
	assert.Equal(t, []OpSite{{Resource: "document", Permission: "edit", File: "mw/authz.go", Line: 8, Via: []string{"mw.Require", "mw.Require$1"}}}, r.Handlers[0].Checks)
	covered := map[string]bool{}
	for _, p := range r.Permissions {
		covered[p.Resource+"#"+p.Permission] = p.Status == StatusCovered
	}
	assert.True(t, covered["document#edit"], "checks bound by a middleware factory count as coverage")

	r = analyze(t, build("edti"), testModel(t), nil)
	f := findingOf(t, r, RuleUnknownPermission)
	assert.Equal(t, "api/docs.go:10", fmt.Sprintf("%s:%d", f.File, f.Line), "placed at the handler: the IR has no file for the installing call")
	assert.Equal(t, "UpdateDocument", f.Handler)
}

// rootOps are the ops reachable from a function called with nothing
// known about its arguments.
func rootOps(r *reacher, id string) []reachedOp {
	var out []reachedOp
	for _, op := range r.walk(id, nil) {
		out = append(out, *r.ops[op])
	}
	return out
}
