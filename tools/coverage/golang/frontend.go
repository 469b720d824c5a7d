// Package golang is the coverage frontend for Go: it reads one source
// file into the coverage IR, with go/parser and go/ast alone. It never
// loads packages or runs the go tool, so a file in the middle of an edit,
// or in a module whose dependencies were never downloaded, is analyzed
// as well as any other.
//
// The analysis is a single walk over the file's functions that tracks,
// per scope, which names hold routers, groups, typed values and handler
// closures, and models the routers of net/http, chi, gin, echo, gorilla
// and fiber as data (routers.go). Routers form a tree as they are
// grouped and mounted; a route's full path and middleware are read off
// the tree after the walk. gRPC and connect services are found from the
// types that implement them (rpc.go).
//
// Everything here is per file. A router received from, returned to or
// mounted from another file is treated as a root, and a method value
// whose receiver's type is not known here keeps its name as written.
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
	path    string
	source  *source
	imports imports
	index   *declIndex
	names   *names
	// pkg binds the package-level vars and consts.
	pkg *scope

	// named holds the routers kept in fields (Server.router) or reached
	// through receivers the walker cannot type (s.mux).
	named map[string]*router
	// pendingUse holds middleware Use'd on a receiver not yet known to be
	// a router, by the receiver's key in named.
	pendingUse map[string][]string
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
	// handlerBodies are the signatures and bodies of every handler, for
	// the request and response type names.
	handlerBodies []handlerBody
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
		index:      src.index(),
		names:      &names{src: src, imports: im},
		pkg:        &scope{vars: map[string]value{}},
		named:      map[string]*router{},
		pendingUse: map[string][]string{},
		services:   map[string]*rpcService{},
		closures:   map[*ast.FuncLit]*function{},
		walkedLits: map[*ast.FuncLit]bool{},
		registered: map[*function]bool{},
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
	handlers := a.routeHandlers()
	handlers = append(handlers, a.rpcHandlers()...)
	handlers = append(handlers, a.signatureHandlers()...)
	sort.SliceStable(handlers, func(i, j int) bool { return handlers[i].Line < handlers[j].Line })
	for _, hb := range a.handlerBodies {
		a.handlerTypeNames(hb.typ, hb.body)
	}
	if handlers == nil {
		handlers = []coverage.Handler{}
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
func (a *analyzer) signatureHandlers() []coverage.Handler {
	var out []coverage.Handler
	for _, fn := range a.index.ordered {
		fw := a.handlerFramework(fn.typ)
		if fw == "" || a.registered[fn] {
			continue
		}
		a.handlerBodies = append(a.handlerBodies, handlerBody{fn.typ, fn.body})
		out = append(out, coverage.Handler{
			Language:  coverage.Go,
			Framework: a.routerOf(fw),
			Function:  fn.name,
			File:      a.path,
			Line:      fn.line,
			Operation: coverage.InferOperation("", "", fn.name),
		})
	}
	return out
}

// routerOf refines a net/http signature to the router the file imports,
// when it imports one router that takes net/http handlers.
func (a *analyzer) routerOf(fw string) string {
	if fw != fwNetHTTP {
		return fw
	}
	chi, gorilla := a.imports.imported(fwChi), a.imports.imported(fwGorilla)
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
