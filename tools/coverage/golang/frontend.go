// Package golang is the coverage frontend for Go: it reads source files
// into the coverage IR, with go/parser and go/ast alone. It never loads
// packages or runs the go tool, so a file in the middle of an edit, or
// in a module whose dependencies were never downloaded, is analyzed as
// well as any other.
//
// ParseFile reads one file. Its analysis is a single walk over the
// file's functions that tracks, per scope, which names hold routers,
// groups, typed values and handler closures, and models the routers of
// net/http, chi, gin, echo, gorilla and fiber as data (routers.go).
// Routers form a tree as they are grouped and mounted; a route's full
// path and middleware are read off the tree after the walk. gRPC and
// connect services are found from the types that implement them
// (rpc.go). In one file, a router received from, returned to or mounted
// from another file is a root, and a method value whose receiver's type
// is not known there keeps its name as written.
//
// ParseProgram reads a module (program.go). Each file is summarized on
// its own, and cached: its File, and its functions' calls, SpiceDB
// calls (authzops.go) and string operands (values.go), its handlers and
// the routers it hands to other files, with whatever another file
// declares left as a symbolic reference (symbols.go). Linking the
// summaries (link.go) resolves those references across files and
// packages, dispatches interface calls to the module's implementations,
// and places the routers of one file below the mounts of another. A
// router kept in a field of a type of the package is one router to all
// of its files (fields.go), and so is a gRPC server; a service is
// learned from its registration anywhere in the module, or from the
// generated interface its type implements (rpc.go).
package golang

import (
	"fmt"
	"go/ast"
	"sort"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// ParseFile parses one Go file into the IR: its functions and methods,
// its HTTP handlers and RPC methods, and the identifiers that can name a
// resource. path is relative to the project root and is recorded as is.
// Syntax errors are recovered from and listed in File.Errors; the error
// return is for internal failures only.
func ParseFile(path string, src []byte) (file *coverage.File, err error) {
	defer func() {
		// The walker handles partial ASTs; should a shape it did not
		// foresee still trip it, that is a frontend bug to report, not a
		// reason to take the caller down.
		if r := recover(); r != nil {
			file, err = nil, fmt.Errorf("golang: analyzing %s: internal error: %v", path, r)
		}
	}()
	return newAnalyzer(path, parseSource(path, src)).run(), nil
}

// analyzer holds what the passes over one file learn.
type analyzer struct {
	path   string
	source *source
	// seq counts the points of the walk; body is the function body
	// being walked, bodies how many were (see regorder.go).
	seq, body, bodies int
	imports           imports
	// imported holds the frameworks of the packages imported.
	imported map[string]bool
	index    *declIndex
	names    *names
	// pkg binds the package-level vars and consts.
	pkg *scope

	// named holds the routers kept in fields (Server.router) or reached
	// through receivers the walker cannot type (s.mux).
	named map[string]*router
	// fields marks the keys of named that are fields of a type of the
	// package (Server.router), which other files of it may use too.
	fields map[string]bool
	// servers are the gRPC servers (and connect options) with
	// interceptors kept in fields, by the same keys as named.
	servers map[string]value
	// pendingUse holds middleware Use'd on a receiver not yet known to be
	// a router, by the receiver's key in named.
	pendingUse map[string][]mwRef
	// made marks the keys of named the file sets to a router it has.
	made map[string]bool
	// mux is http.DefaultServeMux, made on first use.
	mux      *router
	routes   []*route
	services map[string]*rpcService
	// closures names the func literals bound to variables.
	closures   map[*ast.FuncLit]*function
	walkedLits map[*ast.FuncLit]bool

	// registered marks the functions a route registration resolved to, so
	// they are not listed again as unregistered handlers.
	registered map[*function]bool
	// middlewareFns are the functions the file installs as middleware.
	middlewareFns map[*function]bool
	// handlerBodies are the signatures and bodies of every handler, for
	// the request and response type names.
	handlerBodies []handlerBody
	// handlers are the file's handlers in the order of File.Handlers,
	// with the candidate RPC methods File.Handlers leaves out.
	handlers []handlerRec
	// mounts are the routers handed to functions of other files; roots
	// indexes the routers functions of the file return or receive.
	mounts []mountSite
	roots  map[*router]*rootRef
	// callSites are the lines of the calls of registration helpers
	// being walked (see inline).
	callSites []int
	// tmplRoutes and helperCalls are the registration helpers' routes
	// and the calls that may be of other files' (see regtemplates.go).
	tmplRoutes  []tmplRoute
	helperCalls []*ast.CallExpr
	// rpcRegs are gRPC and connect services registered in the file
	// whose implementing type the file does not declare.
	rpcRegs []rpcReg
	// texts interns the expressions' texts the summary keeps: copies, so
	// the summary does not hold on to the file's source.
	texts map[string]string
}

// handlerRec is a handler with what the program view needs to place it
// in the call graph.
type handlerRec struct {
	coverage.Handler
	// fn is the handler when the file declares it, or a closure bound to
	// a name; lit is an inline handler.
	fn  *function
	lit *ast.FuncLit
	// expr is the handler as written when the file declares neither: a
	// function or method named, a factory called, or a value whose type's
	// ServeHTTP is the handler.
	expr ast.Expr
	// bySignature: no registration in the file routes to it.
	bySignature bool
	// value is the handler expression, whose composite literal may bind
	// the functions the handler type calls (see boundfields.go).
	value      ast.Expr
	middleware []mwRef
	// wrappers is how many of middleware, the last ones, wrap the
	// handler where it is registered (authz.RequireUser(h.getDoc)).
	wrappers int
	// regLines are where the registration is written.
	regLines []int
	// stream marks a streaming RPC: connect interceptors wrap it with
	// WrapStreamingHandler, not WrapUnary.
	stream bool
	// recv is an RPC method's receiver type; byRecv marks a service
	// named after it, for want of a known one. A candidate is a
	// gRPC-shaped method of a type no known service is implemented by.
	recv      string
	byRecv    bool
	candidate bool
	// regHere marks an RPC method of a type the file registers.
	regHere bool
	// made is the call of a function of another package that made the
	// router of the route (see maderouters.go).
	made *ast.CallExpr
	// root is set when the route's router is returned or received by a
	// function of the file: other files place it.
	root *rootRef
	// deferred is a route the link settles.
	deferred *deferredRoute
}

type handlerBody struct {
	typ  *ast.FuncType
	body *ast.BlockStmt
}

func newAnalyzer(path string, src *source) *analyzer {
	im := collectImports(src.decls)
	a := &analyzer{
		path:       path,
		source:     src,
		imports:    im,
		imported:   im.frameworks(),
		index:      src.index(),
		names:      &names{src: src, imports: im},
		pkg:        &scope{},
		named:      map[string]*router{},
		fields:     map[string]bool{},
		servers:    map[string]value{},
		pendingUse: map[string][]mwRef{},
		services:   map[string]*rpcService{},
		closures:   map[*ast.FuncLit]*function{},
		walkedLits: map[*ast.FuncLit]bool{},
		registered: map[*function]bool{},

		middlewareFns: map[*function]bool{},
	}
	for _, fn := range a.index.ordered {
		if fn.lit != nil {
			a.closures[fn.lit] = fn
		}
	}
	return a
}

func (a *analyzer) run() *coverage.File {
	a.declNames()
	a.embeddedServices()
	a.walkPackage()
	recs := a.routeHandlers()
	recs = append(recs, a.rpcHandlers()...)
	recs = append(recs, a.signatureHandlers()...)
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].Line < recs[j].Line })
	a.handlers = recs
	for _, hb := range a.handlerBodies {
		a.handlerTypeNames(hb.typ, hb.body)
	}
	handlers := make([]coverage.Handler, 0, len(recs))
	for _, h := range recs {
		if !h.candidate && (h.deferred == nil || h.deferred.pathKnown) { // the file alone cannot tell it is an RPC, or its path
			handlers = append(handlers, h.Handler)
		}
	}
	return &coverage.File{
		Path:        a.path,
		Language:    coverage.Go,
		Handlers:    handlers,
		Functions:   a.index.functions(),
		Identifiers: a.names.list(),
		Errors:      a.source.errors,
	}
}

// signatureHandlers lists the functions with a handler signature that no
// registration in the file routes to: their routes are registered
// elsewhere, or not yet.
func (a *analyzer) signatureHandlers() []handlerRec {
	var out []handlerRec
	for _, fn := range a.index.ordered {
		fw := a.handlerFramework(fn.typ)
		if fw == "" || a.registered[fn] || a.middlewareFns[fn] || a.callsNext(fn) {
			continue
		}
		a.handlerBodies = append(a.handlerBodies, handlerBody{fn.typ, fn.body})
		out = append(out, handlerRec{
			Handler: coverage.Handler{
				Language:  coverage.Go,
				Framework: a.routerOf(fw),
				Function:  fn.name,
				File:      a.path,
				Line:      fn.line,
				Operation: coverage.InferOperation("", "", fn.name),
			},
			fn:          fn,
			bySignature: true,
		})
	}
	return out
}

// callsNext reports whether a gin or fiber handler-shaped function calls
// Next on its context: only middleware passes the request on.
func (a *analyzer) callsNext(fn *function) bool {
	names := fieldNames(fn.typ.Params)
	if len(names) != 1 || names[0] == "" || names[0] == "_" || fn.body == nil {
		return false
	}
	found := false
	ast.Inspect(fn.body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		if sel, ok := unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Next" && len(call.Args) == 0 {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == names[0] {
				found = true
			}
		}
		return true
	})
	return found
}

// routerOf refines a net/http signature to the router the file imports,
// when it imports one router that takes net/http handlers.
func (a *analyzer) routerOf(fw string) string {
	if fw != fwNetHTTP {
		return fw
	}
	chi, gorilla := a.imported[fwChi], a.imported[fwGorilla]
	switch {
	case chi && !gorilla:
		return fwChi
	case gorilla && !chi:
		return fwGorilla
	}
	return fw
}

func (a *analyzer) defaultMux() *router {
	if a.mux == nil {
		a.mux = newRouter(fwNetHTTP)
	}
	return a.mux
}
