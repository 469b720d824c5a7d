package coverage

import (
	"slices"
	"strings"
)

// ValueKind says how a string operand was determined. Values are never
// guessed: what the frontend cannot resolve is unknown.
type ValueKind string

// The kinds of value.
const (
	// ValueLiteral is a string literal at the call.
	ValueLiteral ValueKind = "literal"
	// ValueResolved is a constant (typed, possibly from another package)
	// or a simple local variable assigned once from one.
	ValueResolved ValueKind = "resolved"
	// ValueParam is a parameter of the enclosing function, bound later by
	// each caller's argument.
	ValueParam ValueKind = "param"
	// ValueUnknown is anything else.
	ValueUnknown ValueKind = "unknown"
)

// Value is a string operand: of a SpiceDB call, or an argument of a call
// between the project's own functions.
type Value struct {
	Kind ValueKind `json:"kind"`
	// Text is the string for literal and resolved values.
	Text string `json:"text,omitempty"`
	// Param is the 0-based index (receiver excluded) of the enclosing
	// function's parameter, for ValueParam.
	Param int `json:"param,omitempty"`
	// Expr is the source text, for messages.
	Expr string `json:"expr,omitempty"`
}

// Known reports whether the value is a string the rules can check.
func (v Value) Known() bool {
	return v.Kind == ValueLiteral || v.Kind == ValueResolved
}

// AuthzOpKind is the kind of SpiceDB call.
type AuthzOpKind string

// The kinds of SpiceDB call.
const (
	OpCheck           AuthzOpKind = "check"
	OpBulkCheck       AuthzOpKind = "bulk_check"
	OpLookupResources AuthzOpKind = "lookup_resources"
	OpLookupSubjects  AuthzOpKind = "lookup_subjects"
	OpWrite           AuthzOpKind = "write"
	OpDeleteRels      AuthzOpKind = "delete"
)

// AuthzOp is one SpiceDB call, or one item of it (a bulk-check item, a
// relationship update).
type AuthzOp struct {
	Kind AuthzOpKind `json:"kind"`
	// Resource is the object type; Permission the permission (check,
	// lookup) or relation (write, delete; unknown when a delete filter
	// names none); Subject the subject type.
	Resource   Value `json:"resource"`
	Permission Value `json:"permission"`
	Subject    Value `json:"subject"`
	// SubjectRelation is the subject set's relation (`group#member`), if
	// any.
	SubjectRelation Value `json:"subject_relation"`
	// Update is create, touch or delete for a write.
	Update string `json:"update,omitempty"`
	// Gates is true for a check whose result is compared before the
	// response is written; false means the check fails open. Late marks
	// a check made after the middleware making it handed the request on
	// (next.ServeHTTP above it): it cannot stop it, and gates nothing.
	Gates bool `json:"gates"`
	Late  bool `json:"late,omitempty"`
	// Unread marks a LookupResources whose results the code throws away:
	// it filters nothing.
	Unread bool   `json:"unread,omitempty"`
	File   string `json:"file"`
	Line   int    `json:"line"`
	// AnsweredBy is the Func ID of a wrapper that makes the check and
	// answers through a result this call throws away (`_, err :=
	// authz.Can(...)`): the op is then the caller's, at the call, and
	// does not gate.
	AnsweredBy string `json:"answered_by,omitempty"`
	// AnswerIsError is set when the result thrown away is the wrapper's
	// error, which it returns when SpiceDB denies (`authz.Require(...)`
	// as a statement).
	AnswerIsError bool `json:"answer_is_error,omitempty"`
	// Unheeded is set when the call tests that answer but goes on when
	// it denies: the branch has no return (`if err != nil {
	// http.Error(...) }` with the work below it).
	Unheeded bool `json:"unheeded,omitempty"`
}

// Call is a call from one of the project's functions to another.
type Call struct {
	// Callee is the callee's Func ID; empty when it could not be
	// resolved. A call through an interface lists one Call per
	// implementation in the module.
	Callee string `json:"callee"`
	// Args are the call's arguments by position (receiver excluded), as
	// Values; non-string arguments are unknown.
	Args []Value `json:"args"`
	Line int     `json:"line"`
	// File is set on a ProgramHandler's middleware call: the file the
	// registration that installs it is written in. A Func's calls are in
	// the Func's file.
	File string `json:"file,omitempty"`
}

// Func is a function, method or closure of the project.
type Func struct {
	// ID is `<import path>.Name`, `<import path>.Type.Method`, or for a
	// closure `<enclosing ID>$<n>` (n from 1 in source order).
	ID string `json:"id"`
	// Name is as in Handler.Function: `Name` or `Type.Method`; a
	// closure's is its ID without the import path.
	Name string `json:"name"`
	File string `json:"file"`
	Line int    `json:"line"`
	// Params are the parameter names (receiver excluded). A closure's are
	// its own followed by its enclosing Func's, which it captures: the
	// enclosing Func calls the closure where it is defined (or invoked)
	// and passes its own parameters in those places, so a check inside
	// the closure on a captured parameter binds to the enclosing Func's
	// callers like any other.
	Params []string  `json:"params"`
	Calls  []Call    `json:"calls"`
	Ops    []AuthzOp `json:"ops"`
	// Bypasses are the requests that the function, middleware or an
	// interceptor, hands on before any check it makes (see Bypass). A
	// closure's are its enclosing Funcs' too, since they install it.
	Bypasses []Bypass `json:"bypasses,omitempty"`
}

// Bypass is a condition on which middleware hands the request on
// without its checks:
//
//	if publicPaths[r.URL.Path] || r.Method == http.MethodOptions {
//		next.ServeHTTP(w, r)
//		return
//	}
//
// gives one Bypass per path and one for the method. A request matches
// when its method is Method (any, when empty) and its path (an RPC's
// full method, /Service/Method) is Path or starts with Prefix (any, when
// both are empty). The path may be the route pattern the router matched
// (gin's c.FullPath(), echo's c.Path()) as well as the request's.
type Bypass struct {
	Method string `json:"method,omitempty"`
	Path   string `json:"path,omitempty"`
	Prefix string `json:"prefix,omitempty"`
	Line   int    `json:"line"`
}

// Matches reports whether every request h serves meets the condition.
// A request path matches a route pattern only where the pattern has no
// parameters, or under a prefix; an RPC's route is its full method.
func (b Bypass) Matches(h *Handler) bool {
	if b.Method != "" && !strings.EqualFold(b.Method, h.Method) {
		return false
	}
	target := h.Route
	if target == "" && h.RPC != "" {
		target = "/" + strings.TrimPrefix(h.RPC, "/")
	}
	switch {
	case b.Path != "":
		return target == b.Path
	case b.Prefix != "":
		return target != "" && strings.HasPrefix(target, b.Prefix)
	}
	return b.Method != ""
}

// equal reports whether two Funcs say the same: a relink makes every
// Func anew, and a rescan compares each with the last one's (nil and
// empty lists are the same).
func (f *Func) equal(g *Func) bool {
	return f.ID == g.ID && f.Name == g.Name && f.File == g.File && f.Line == g.Line &&
		slices.Equal(f.Params, g.Params) && slices.Equal(f.Ops, g.Ops) && slices.Equal(f.Bypasses, g.Bypasses) &&
		slices.EqualFunc(f.Calls, g.Calls, func(c, d Call) bool {
			return c.Callee == d.Callee && c.Line == d.Line && c.File == d.File && slices.Equal(c.Args, d.Args)
		})
}

// ProgramHandler is a handler with its place in the call graph.
type ProgramHandler struct {
	Handler
	// Func is the handler body's Func ID; empty when it is not in the
	// project (e.g. promhttp.Handler()).
	Func string `json:"func"`
	// MiddlewareFuncs are the Func IDs of the middleware and interceptors
	// that run before it, outermost first, where they are in the project.
	MiddlewareFuncs []string `json:"middleware_funcs"`
	// MiddlewareCalls parallels MiddlewareFuncs: the call that installs
	// each, whose Args bind its parameters. A middleware factory
	// (`authz.Require("document", "edit")`) is called with the factory's
	// arguments; its string arguments reach the checks in the middleware
	// it returns through the closure's captured parameters (see Func). A
	// middleware named as a value has no Args.
	MiddlewareCalls []Call `json:"middleware_calls"`
	// Public is the reason given in an `// authz:public <reason>` comment
	// directly above the handler or its registration; empty when none.
	Public string `json:"public,omitempty"`
}

// SkippedFile is a file the frontend did not analyze, and why. Unbuilt
// marks a file that is no part of the program (Go's //go:build ignore):
// leaving it out loses nothing.
type SkippedFile struct {
	File    string `json:"file"`
	Reason  string `json:"reason"`
	Unbuilt bool   `json:"unbuilt,omitempty"`
}

// Program is the IR of a whole module.
type Program struct {
	// Module is the module path from go.mod (or the project's name).
	Module   string           `json:"module"`
	Files    []*File          `json:"files"`
	Funcs    map[string]*Func `json:"funcs"`
	Handlers []ProgramHandler `json:"handlers"`
	Skipped  []SkippedFile    `json:"skipped"`
	// Analysis, when set, is where Analyze remembers its last report of
	// a program from the same frontend cache, to reuse while nothing
	// changed.
	Analysis *AnalysisCache `json:"-"`
	// Edited, when set, says which functions differ from those of an
	// earlier program of the same frontend, so that Analyze, holding
	// that program, compares only them.
	Edited *FuncsEdit `json:"-"`
}

// FuncsEdit names the functions an edit added, removed or changed:
// Program.Funcs is From but for the functions IDs names. From is read,
// never changed.
type FuncsEdit struct {
	From map[string]*Func
	IDs  []string
}
