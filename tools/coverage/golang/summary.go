package golang

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// fileSummary is what one file contributes to the program: its File, and
// its declarations, functions and handlers with everything that crosses
// files left symbolic. It depends on the file's path and bytes alone, so
// it is cached by them, and immutable once made.
type fileSummary struct {
	file    *coverage.File
	pkgName string
	// imports are the paths of the packages the file imports, sorted.
	imports []string
	funcs   []*funcSum
	types   map[string]*typeSum
	consts  map[string]valSym
	vars    map[string]*sym
	// handlers are in the order of file.Handlers, candidate RPC methods
	// included.
	handlers []handlerSum
	mounts   []mountSum
	rpcRegs  []rpcRegSum
	fields   []fieldSum
	servers  []serverSum
	// templates and helperCalls are registration helpers' routes and
	// the calls that may be of other files' helpers.
	templates   []regTemplateSum
	helperCalls []helperCallSum
	// slices are the functions the package-level slice variables of the
	// file are declared with, by name (see spreadargs.go).
	slices map[string][]targetSym
	// madeRouters are the middleware of the routers the file's functions
	// return, by function (see maderouters.go).
	madeRouters map[string]madeSum
	// public maps a line to the reason of the `// authz:public` comment
	// directly above it.
	public map[int]string
	// refs are the package-level names it refers to, worked out when a
	// rescan first asks (see references).
	refsOnce sync.Once
	refs     []nameRef
}

// funcSum is a function, method or closure of the file.
type funcSum struct {
	// id is the Func ID without the import path: Name, Type.Method,
	// or a closure's enclosing id plus $n.
	id      string
	recv    string
	line    int
	params  []string
	results []*sym
	calls   []callSum
	ops     []opSum
	// request is the SpiceDB request the function returns, when it
	// builds one: its ops, with the function's parameters unbound.
	request []opSum
	// concrete is the type a handler factory declared to return an
	// interface returns (see concrete.go).
	concrete *sym
	// bypass are the requests the function hands on before its checks,
	// its closures' included (see bypass.go).
	bypass []bypassSum
	// methods are the HTTP methods its body branches on, each with a
	// variant of the function (see methodswitch.go).
	methods []string
}

// callSum is a call, or a function passed or stored (ref), which the
// Func is taken to call: `r.Get("/", h.getDoc)` calls getDoc.
type callSum struct {
	// callee is nil for a dynamic call that nothing resolves.
	callee *sym
	// ref marks a function value: it counts only when it resolves.
	ref  bool
	args []valSym
	line int
	// discarded are the results the caller throws away; returned marks
	// a call whose results the caller returns as its own (return f(x));
	// late a call made after the caller handed the request on, which
	// cannot stop it (see latechecks.go).
	discarded discards
	returned  bool
	late      bool
}

// typeSum is a type declaration.
type typeSum struct {
	kind typeKind
	// fields are a struct's fields by name; an embedded field by its
	// type's name.
	fields map[string]*sym
	// embedded are a struct's embedded fields or an interface's
	// embedded interfaces.
	embedded []*sym
	// methods are an interface's methods, with their result types.
	methods map[string][]*sym
	// underlying is the type a defined type or alias is made from.
	underlying *sym
	alias      bool
	// generated marks a type of a file protoc-gen-go-grpc or
	// protoc-gen-connect-go writes: its ...Server and ...Handler
	// interfaces are services.
	generated bool
}

type typeKind uint8

const (
	kindOther typeKind = iota
	kindStruct
	kindInterface
)

// handlerSum is a handler of the file with its function and middleware
// in symbolic form.
type handlerSum struct {
	handler     coverage.Handler
	target      targetSym
	bySignature bool
	middleware  []targetSym
	// scopes are the conditions on some of the middleware (see mwScope);
	// wrappers is how many of it, the last ones, wrap the handler where
	// it is registered.
	scopes   []mwScopeSum
	wrappers int
	regLines []int
	// bound are the functions the handler's composite literal sets its
	// fields to.
	bound []targetSym
	// methods are the methods of a middleware's type that run around the
	// handler: gorilla's Middleware, connect's WrapUnary or
	// WrapStreamingHandler.
	methods []string
	// root is the function that returns or receives the route's router,
	// when other files place it.
	root *rootSum
	// recv is an RPC method's receiver type, which registrations in
	// other files put interceptors in front of; stream marks a
	// streaming RPC. byRecv, candidate and regHere are as in handlerRec.
	// madeBy is the function of another package that made the route's
	// router (see maderouters.go).
	madeBy    *sym
	recv      string
	stream    bool
	byRecv    bool
	candidate bool
	regHere   bool
	// deferred is a route the link settles (see deferredroutes.go).
	deferred *deferredSum
}

// rpcRegSum is a gRPC or connect registration of a type declared
// elsewhere (see rpcReg): impl's type, the service, and the server's
// interceptors.
type rpcRegSum struct {
	typ                *sym
	service, framework string
	// serverField is the field (Server.grpc) of the server registered
	// on, when another file made it: its interceptors are that file's.
	serverField string
	interceptorsSum
}

// interceptorsSum are interceptors in symbolic form, with their names
// and the calls (unary, streaming) they see.
type interceptorsSum struct {
	interceptors []targetSym
	names        []string
	unary        []bool
	stream       []bool
}

// serverSum is a gRPC server with interceptors kept in a field of a
// type of the package, for the registrations other files make on it.
type serverSum struct {
	field string
	interceptorsSum
}

// rootSum is a router a function returns (arg -1) or receives, or the
// router kept in field (`Server.router`) of a type of the package.
type rootSum struct {
	local string
	arg   int
	field string
}

// mountSum is a router of the file handed to a function of another file
// (see mountSite), with its path and middleware so far.
type mountSum struct {
	callee     targetSym
	arg        int
	prefix     string
	names      []string
	middleware []targetSym
	// root is set when the site's own router is placed by other files.
	root *rootSum
	// parts is the prefix to settle at the link (see mountParts).
	parts []valSym
}

// targetSym is a handler or middleware as written.
type targetSym struct {
	// local is the id of a function or closure the file declares.
	local string
	// callee is the function named (docs.List, h.getDoc) or called
	// (authz.Require("document", "edit"), a factory).
	callee *sym
	called bool
	// typ is the value's type, whose ServeHTTP (or middleware method)
	// runs when the value is no function.
	typ *sym
	// args are the factory call's arguments; parameters of the
	// registering function are unknown, as nothing binds them.
	args []valSym
	// funcs are the arguments of the call that may be functions of the
	// module: a middleware of a dependency runs the functions it is
	// given (auth.UnaryServerInterceptor(authorize)) on each request.
	funcs []targetSym
	line  int
}

// fnCtx is a function being summarized.
type fnCtx struct {
	sum    *funcSum
	parent *fnCtx
	// own are the objects of the function's own parameters, by index
	// (nil for an unnamed one); a closure also takes its parent's
	// parameters, after its own.
	own []*ast.Object
	// root is the body of the outermost function, where a check's
	// response is looked for.
	root     ast.Node
	closures int
	events   []event
	// pseudo marks the context of a package-level initializer, which is
	// no function.
	pseudo bool
	// errResult is the function's first error result (1-based), or 0.
	errResult int
	// body is the function's own body.
	body *ast.BlockStmt
	// origin is the function a method variant is of (see
	// methodVariants), which the closures it defines know as parent.
	origin *fnCtx
}

// event is something in a function body that becomes a call or an op,
// once the whole file has been walked (and assignments counted). A file
// has one per call and function value, so it is kept small: what few
// calls need besides (see eventMore) is behind a pointer.
type event struct {
	kind eventKind
	// returned marks a call whose results are returned as they are;
	// discardsAll a call whose results are all thrown away; late a call
	// after the function handed the request on (see latechecks.go).
	returned    bool
	discardsAll bool
	late        bool
	// node is the call, the func literal defined, the function value
	// referenced, or the function's first result (which may be a
	// request it builds).
	node ast.Node
	more *eventMore
}

type eventKind uint8

const (
	eventCall eventKind = iota
	eventDef
	eventRef
	eventRet
)

// eventMore is what a call event needs beyond event: the results
// assigned to _ (1-based), and the ancestors of a call that may be a
// SpiceDB call.
type eventMore struct {
	blank, unheeded []int
	stack           []ast.Node
}

// discards of a call event: what the code throws away of its results.
func (ev event) discards() discards {
	d := discards{all: ev.discardsAll}
	if ev.more != nil {
		d.blank, d.unheeded = ev.more.blank, ev.more.unheeded
	}
	return d
}

// discards are the results of a call that are thrown away: all of them
// (a call statement), or those assigned to _ (1-based); unheeded are
// those tested by a branch that does not stop (see unheeded.go).
type discards struct {
	all      bool
	blank    []int
	unheeded []int
}

// has reports whether result k (1-based) is thrown away.
func (d discards) has(k int) bool { return d.all || slices.Contains(d.blank, k) }

// returnedAsIs reports whether the parent of a call returns its results
// as they are: `return f(x)`.
func returnedAsIs(stack []ast.Node, call *ast.CallExpr) bool {
	if len(stack) == 0 {
		return false
	}
	r, ok := stack[len(stack)-1].(*ast.ReturnStmt)
	return ok && len(r.Results) == 1 && unparen(r.Results[0]) == call
}

// discardsOf reads what the parent of a call throws away of its results.
func discardsOf(stack []ast.Node, call *ast.CallExpr) discards {
	if len(stack) == 0 {
		return discards{}
	}
	switch p := stack[len(stack)-1].(type) {
	case *ast.ExprStmt, *ast.GoStmt, *ast.DeferStmt:
		return discards{all: true}
	case *ast.AssignStmt:
		if len(p.Rhs) != 1 || unparen(p.Rhs[0]) != call {
			return discards{}
		}
		var d discards
		for i, l := range p.Lhs {
			if id, ok := l.(*ast.Ident); ok && id.Name == "_" {
				d.blank = append(d.blank, i+1)
			}
		}
		if len(stack) > 1 {
			d.unheeded = unheeded(p, stack[:len(stack)-1])
		}
		return d
	}
	return discards{}
}

// paramIndex is the index of obj among the parameters of the function.
func (c *fnCtx) paramIndex(obj *ast.Object) (int, bool) {
	off := 0
	for ; c != nil; c = c.parent {
		for i, o := range c.own {
			if o == obj {
				return off + i, true
			}
		}
		off += len(c.own)
	}
	return 0, false
}

// offsetTo is where the parameters of ancestor d start among c's.
func (c *fnCtx) offsetTo(d *fnCtx) (int, bool) {
	off := 0
	for ; c != nil; c = c.parent {
		if c == d || c.origin == d && d != nil {
			return off, true
		}
		off += len(c.own)
	}
	return 0, false
}

// summarizer makes a file's summary, after the single-file analyzer ran
// on the same syntax tree.
type summarizer struct {
	a   *analyzer
	src string
	sum *fileSummary
	// top holds the package-level value and type specs: an identifier
	// whose object is declared by one of these (or by a FuncDecl) is no
	// local.
	top  map[ast.Spec]bool
	lits map[*ast.FuncLit]*fnCtx
	ctxs []*fnCtx
	// writes counts the assignments to each local besides its
	// declaration; objTypes caches the locals' types.
	writes   map[*ast.Object]int
	objTypes map[*ast.Object]*sym
	stack    []ast.Node
	// calls is the buffer settle gathers a function's calls in.
	calls []callSum
	// handed is what late last found (see latechecks.go).
	handed handedOn
}

func summarize(path string, src []byte) (sum *fileSummary, err error) {
	defer func() {
		if r := recover(); r != nil {
			sum, err = nil, fmt.Errorf("golang: analyzing %s: internal error: %v", path, r)
		}
	}()
	a := newAnalyzer(path, parseSource(path, src))
	file := a.run()
	s := &summarizer{
		a:        a,
		src:      string(src),
		top:      map[ast.Spec]bool{},
		lits:     map[*ast.FuncLit]*fnCtx{},
		writes:   map[*ast.Object]int{},
		objTypes: map[*ast.Object]*sym{},
		sum: &fileSummary{
			file:    file,
			pkgName: a.source.pkgName,
			types:   map[string]*typeSum{},
			consts:  map[string]valSym{},
			vars:    map[string]*sym{},
			public:  publicMarkers(src),
			imports: slices.Sorted(maps.Values(a.imports)),
		},
	}
	s.run()
	return s.sum, nil
}

func (s *summarizer) run() {
	s.markTop()
	s.declarations()
	s.walkFunctions()
	for _, ctx := range s.ctxs {
		s.settle(ctx)
	}
	s.handlers()
	s.sliceVars()
}

func (s *summarizer) markTop() {
	for _, d := range s.a.source.decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok != token.IMPORT {
			for _, spec := range gd.Specs {
				s.top[spec] = true
			}
		}
	}
}

// declarations reads the package-level types, constants and variables.
func (s *summarizer) declarations() {
	for _, d := range s.a.source.decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok {
			continue
		}
		var last []ast.Expr // a constant without a value repeats the one before
		for _, spec := range gd.Specs {
			switch sp := spec.(type) {
			case *ast.TypeSpec:
				if sp.Name != nil && sp.Type != nil {
					s.sum.types[sp.Name.Name] = s.typeDecl(sp)
				}
			case *ast.ValueSpec:
				if gd.Tok == token.CONST {
					if len(sp.Values) > 0 {
						last = sp.Values
					}
					for i, n := range sp.Names {
						if i < len(last) {
							s.sum.consts[n.Name] = s.valueOf(last[i], nil)
						}
					}
					continue
				}
				for i, n := range sp.Names {
					if t := s.varType(sp, i); t != nil {
						s.sum.vars[n.Name] = t
					}
				}
			}
		}
	}
}

func (s *summarizer) varType(sp *ast.ValueSpec, i int) *sym {
	switch {
	case sp.Type != nil:
		return s.typeSym(sp.Type)
	case len(sp.Values) == len(sp.Names):
		return s.typeOf(sp.Values[i])
	case len(sp.Values) == 1:
		return s.assignedType(sp.Values[0], i)
	}
	return nil
}

func (s *summarizer) typeDecl(ts *ast.TypeSpec) *typeSum {
	t := &typeSum{alias: ts.Assign.IsValid(), generated: isGeneratedRPC(s.a.path)}
	switch x := unparen(ts.Type).(type) {
	case *ast.StructType:
		t.kind, t.fields = kindStruct, map[string]*sym{}
		if x.Fields == nil {
			return t
		}
		for _, f := range x.Fields.List {
			ft := s.typeSym(f.Type)
			if len(f.Names) == 0 {
				t.embedded = append(t.embedded, ft)
				if name := refOf(f.Type).name; name != "" {
					t.fields[name] = ft
				}
			}
			for _, n := range f.Names {
				t.fields[n.Name] = ft
			}
		}
	case *ast.InterfaceType:
		t.kind, t.methods = kindInterface, map[string][]*sym{}
		if x.Methods == nil {
			return t
		}
		for _, f := range x.Methods.List {
			ft, isFunc := f.Type.(*ast.FuncType)
			if len(f.Names) == 0 || !isFunc {
				t.embedded = append(t.embedded, s.typeSym(f.Type))
				continue
			}
			var results []*sym
			for _, r := range fieldTypes(ft.Results) {
				results = append(results, s.typeSym(r))
			}
			for _, n := range f.Names {
				t.methods[n.Name] = results
			}
		}
	default:
		t.underlying = s.typeSym(ts.Type)
	}
	return t
}

// isGeneratedRPC reports whether a file is one protoc-gen-go-grpc
// (x_grpc.pb.go) or protoc-gen-connect-go (x.connect.go) generates.
func isGeneratedRPC(path string) bool {
	return strings.HasSuffix(path, "_grpc.pb.go") || strings.HasSuffix(path, ".connect.go")
}

// walkFunctions walks every function body and package-level
// initializer: it numbers the closures, counts the assignments to each
// local, and collects the calls and function values.
func (s *summarizer) walkFunctions() {
	bound := map[*ast.FuncLit]*function{}
	declared := map[*ast.FuncType]*function{}
	for _, fn := range s.a.index.ordered {
		if fn.lit != nil {
			bound[fn.lit] = fn
		} else {
			declared[fn.typ] = fn
		}
	}
	for _, d := range s.a.source.decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			fn := declared[d.Type]
			if fn == nil {
				continue
			}
			ctx := s.newCtx(fn.name, fn.line, d.Type, nil)
			ctx.sum.recv = fn.recv
			ctx.sum.concrete = s.concreteSym(fn)
			if d.Body != nil {
				ctx.root, ctx.body = d.Body, d.Body
				s.walk(ctx, d.Body)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				vs, ok := spec.(*ast.ValueSpec)
				if !ok {
					continue
				}
				for i, v := range vs.Values {
					s.walkInit(vs, i, v, bound)
				}
			}
		}
	}
}

// walkInit walks a package-level initializer. A func literal bound to the
// variable is a function named after it; literals elsewhere in it are
// closures of a context named after the variable.
func (s *summarizer) walkInit(vs *ast.ValueSpec, i int, v ast.Expr, bound map[*ast.FuncLit]*function) {
	if lit := funcLiteral(v); lit != nil && bound[lit] != nil && lit.Body != nil {
		fn := bound[lit]
		ctx := s.newCtx(fn.name, fn.line, lit.Type, nil)
		ctx.root, ctx.body = lit.Body, lit.Body
		s.lits[lit] = ctx
		s.walk(ctx, lit.Body)
		return
	}
	name := "_"
	if i < len(vs.Names) {
		name = vs.Names[i].Name
	}
	pseudo := &fnCtx{sum: &funcSum{id: name}, pseudo: true, root: v}
	s.walk(pseudo, v)
}

func (s *summarizer) newCtx(id string, line int, ft *ast.FuncType, parent *fnCtx) *fnCtx {
	ctx := &fnCtx{
		sum:    &funcSum{id: id, line: line, params: fieldNames(ft.Params)},
		parent: parent,
		events: getEvents(),
	}
	if ft.Params != nil {
		if n := ft.Params.NumFields(); n > 0 {
			ctx.own = make([]*ast.Object, 0, n)
		}
		for _, f := range ft.Params.List {
			if len(f.Names) == 0 {
				ctx.own = append(ctx.own, nil)
			}
			for _, n := range f.Names {
				ctx.own = append(ctx.own, n.Obj)
			}
		}
	}
	if n := ft.Results.NumFields(); n > 0 {
		ctx.sum.results = make([]*sym, n)
		for i, r := range fieldTypes(ft.Results) {
			ctx.sum.results[i] = s.typeSym(r)
			if id, ok := r.(*ast.Ident); ok && id.Name == "error" && id.Obj == nil && ctx.errResult == 0 {
				ctx.errResult = i + 1
			}
		}
	}
	if parent != nil && !parent.pseudo {
		ctx.sum.params = append(ctx.sum.params, parent.sum.params...)
		ctx.root = parent.root
	}
	s.ctxs = append(s.ctxs, ctx)
	s.sum.funcs = append(s.sum.funcs, ctx.sum)
	return ctx
}

func (s *summarizer) closure(parent *fnCtx, lit *ast.FuncLit) *fnCtx {
	parent.closures++
	id := fmt.Sprintf("%s$%d", parent.sum.id, parent.closures)
	ctx := s.newCtx(id, s.a.source.line(lit.Pos()), lit.Type, parent)
	ctx.body = lit.Body
	if ctx.root == nil {
		ctx.root = lit.Body
	}
	s.lits[lit] = ctx
	return ctx
}

func (s *summarizer) walk(ctx *fnCtx, root ast.Node) {
	// The ancestors of the node visited are s.stack[base:]; a closure's
	// walk stacks on top and leaves it as it found it.
	base := len(s.stack)
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			s.stack = s.stack[:len(s.stack)-1]
			return false
		}
		stack := s.stack[base:]
		switch x := n.(type) {
		case *ast.FuncLit:
			child := s.closure(ctx, x)
			if !invoked(stack, x) {
				ctx.events = append(ctx.events, event{kind: eventDef, node: x})
			}
			if x.Body != nil {
				s.walk(child, x.Body)
			}
			return false
		case *ast.CallExpr:
			d := discardsOf(stack, x)
			ev := event{kind: eventCall, node: x, discardsAll: d.all, returned: returnedAsIs(stack, x), late: s.late(stack)}
			if d.blank != nil || d.unheeded != nil {
				ev.more = &eventMore{blank: d.blank, unheeded: d.unheeded}
			}
			if sel, ok := unparen(x.Fun).(*ast.SelectorExpr); ok && authzMethods[sel.Sel.Name] != "" {
				if ev.more == nil {
					ev.more = &eventMore{}
				}
				ev.more.stack = slices.Clone(stack)
			}
			ctx.events = append(ctx.events, ev)
			s.refs(ctx, x.Args)
		case *ast.AssignStmt:
			s.countWrites(x)
			s.refs(ctx, x.Rhs)
		case *ast.ValueSpec:
			s.refs(ctx, x.Values)
		case *ast.ReturnStmt:
			s.refs(ctx, x.Results)
			if len(x.Results) > 0 {
				ctx.events = append(ctx.events, event{kind: eventRet, node: x.Results[0]})
			}
		case *ast.CompositeLit:
			for _, elt := range x.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					elt = kv.Value
				}
				s.ref(ctx, elt)
			}
		case *ast.IncDecStmt:
			s.write(x.X)
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				s.write(x.X)
			}
		case *ast.RangeStmt:
			if x.Tok == token.ASSIGN {
				s.write(x.Key)
				s.write(x.Value)
			}
		}
		s.stack = append(s.stack, n)
		return true
	})
}

// invoked reports whether lit is called where it is written.
func invoked(stack []ast.Node, lit *ast.FuncLit) bool {
	if len(stack) == 0 {
		return false
	}
	call, ok := stack[len(stack)-1].(*ast.CallExpr)
	return ok && unparen(call.Fun) == lit
}

// refs records the names among exprs that may be functions passed or
// stored: h.getDoc, docs.List, listDocs.
func (s *summarizer) refs(ctx *fnCtx, exprs []ast.Expr) {
	for _, e := range exprs {
		s.ref(ctx, e)
	}
}

// ref records e if it may be a function passed or stored.
func (s *summarizer) ref(ctx *fnCtx, e ast.Expr) {
	e = unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = unparen(u.X)
	}
	switch x := e.(type) {
	case *ast.Ident:
		// A package-level function, or a variable bound to a func
		// literal (var listDocs = http.HandlerFunc(func...)).
		if !s.local(x.Obj) && (x.Obj == nil || x.Obj.Kind == ast.Fun || x.Obj.Kind == ast.Var) {
			ctx.events = append(ctx.events, event{kind: eventRef, node: x})
		}
	case *ast.SelectorExpr:
		ctx.events = append(ctx.events, event{kind: eventRef, node: x})
	}
}

func (s *summarizer) countWrites(x *ast.AssignStmt) {
	for _, l := range x.Lhs {
		if id, ok := l.(*ast.Ident); ok && id.Obj != nil && !(x.Tok == token.DEFINE && id.Obj.Decl == x) {
			s.writes[id.Obj]++
		}
	}
}

func (s *summarizer) write(e ast.Expr) {
	if id, ok := e.(*ast.Ident); ok && id.Obj != nil {
		s.writes[id.Obj]++
	}
}

// settle turns a function's events into calls and ops, now that every
// assignment of the file is counted.
//
// The calls are gathered in a buffer the file's functions share, and
// copied out at their length: the cache holds every function's calls for
// as long as the project is scanned.
func (s *summarizer) settle(ctx *fnCtx) {
	s.bypasses(ctx, ctx.body)
	s.methodVariants(ctx)
	s.settleEvents(ctx)
	putEvents(ctx.events)
	ctx.events = nil
}

// settleEvents makes the function's calls and ops of its events.
func (s *summarizer) settleEvents(ctx *fnCtx) {
	s.calls = s.calls[:0]
	for _, ev := range ctx.events {
		switch ev.kind {
		case eventDef:
			child := s.lits[ev.node.(*ast.FuncLit)]
			args := make([]valSym, len(child.own), len(child.own)+len(ctx.sum.params))
			s.calls = append(s.calls, callSum{
				callee: &sym{op: symClosure, name: child.sum.id},
				args:   s.captured(args, ctx, ctx),
				line:   child.sum.line,
			})
		case eventRet:
			s.returnedRequest(ctx, ev.node.(ast.Expr))
		case eventRef:
			ref := ev.node.(ast.Expr)
			if s.stdFunc(ref) {
				continue
			}
			if callee := s.refSym(ref); callee != nil && !inStd(callee) {
				s.calls = append(s.calls, callSum{callee: callee, ref: true, line: s.a.source.line(ref.Pos())})
			}
		default:
			s.call(ctx, ev)
		}
	}
	if len(s.calls) > 0 {
		ctx.sum.calls = slices.Clone(s.calls)
	}
}

// eventBufs hold the buffers functions gather their events in between
// files: a module's functions make millions of events, each list
// needed only until its function is settled.
var eventBufs = sync.Pool{New: func() any { return new([]event) }}

// getEvents returns an empty event buffer.
func getEvents() []event { return (*eventBufs.Get().(*[]event))[:0] }

// putEvents gives an event buffer back, without the nodes it held.
func putEvents(evs []event) {
	if cap(evs) == 0 {
		return
	}
	clear(evs)
	evs = evs[:0]
	eventBufs.Put(&evs)
}

// stdFunc reports whether e names a function of the standard library
// (fmt.Sprintf): the calls and references inStd drops, told before their
// callee is made. A file makes many.
func (s *summarizer) stdFunc(e ast.Expr) bool {
	sel, ok := s.calleeExpr(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	path := s.importOf(sel)
	return path != "" && isStdPath(path)
}

// captured appends the parameters a closure of def takes from it, as ctx
// (def or a closure inside it) passes them.
func (s *summarizer) captured(args []valSym, ctx, def *fnCtx) []valSym {
	if def.pseudo {
		return args
	}
	off, ok := ctx.offsetTo(def)
	for k, name := range def.sum.params {
		v := valSym{expr: name}
		if ok {
			v.kind, v.param = valParam, off+k
		}
		args = append(args, v)
	}
	return args
}

func (s *summarizer) refSym(e ast.Expr) *sym {
	switch x := e.(type) {
	case *ast.Ident:
		return &sym{op: symFunc, name: x.Name}
	case *ast.SelectorExpr:
		if path := s.importOf(x); path != "" {
			return &sym{op: symFunc, pkg: path, name: x.Sel.Name}
		}
		if recv := s.typeOf(x.X); recv != nil {
			return &sym{op: symMethod, base: recv, name: x.Sel.Name}
		}
	}
	return nil
}

// call records a call: its callee as far as the file knows it, its
// arguments, and the SpiceDB op it is.
func (s *summarizer) call(ctx *fnCtx, ev event) {
	call := ev.node.(*ast.CallExpr)
	if s.stdFunc(call.Fun) {
		return
	}
	callee, def, conversion := s.calleeOf(call.Fun)
	if conversion || inStd(callee) {
		return
	}
	var args []valSym
	if len(call.Args) > 0 {
		args = make([]valSym, len(call.Args))
		for i, arg := range call.Args {
			args[i] = s.valueOf(arg, ctx)
		}
	}
	if def != nil {
		args = s.captured(args, ctx, def.parent)
	}
	s.calls = append(s.calls, callSum{callee: callee, args: args, line: s.a.source.line(call.Pos()), discarded: ev.discards(), returned: ev.returned, late: ev.late})
	if ev.more != nil && ev.more.stack != nil {
		s.authzOps(ctx, call, ev.more.stack)
	}
}

// calleeOf reads a callee: def is the closure a func literal or a local
// bound to one is; conversion is set for a conversion to a type literal
// ([]byte(s)), which is no call.
func (s *summarizer) calleeOf(fun ast.Expr) (callee *sym, def *fnCtx, conversion bool) {
	switch f := s.calleeExpr(fun).(type) {
	case *ast.FuncLit:
		def = s.lits[f]
	case *ast.Ident:
		if !s.local(f.Obj) {
			return &sym{op: symFunc, name: f.Name}, nil, false
		}
		if lit := s.boundLit(f.Obj); lit != nil {
			def = s.lits[lit]
		}
	case *ast.SelectorExpr:
		if path := s.importOf(f); path != "" {
			return &sym{op: symFunc, pkg: path, name: f.Sel.Name}, nil, false
		}
		if recv := s.typeOf(f.X); recv != nil {
			return &sym{op: symMethod, base: recv, name: f.Sel.Name}, nil, false
		}
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType, *ast.StarExpr:
		return nil, nil, true
	}
	if def != nil {
		return &sym{op: symClosure, name: def.sum.id}, def, false
	}
	return nil, nil, false
}

// handlers puts the file's handlers and their middleware in symbolic
// form.
func (s *summarizer) handlers() {
	if len(s.a.handlers) > 0 {
		s.sum.handlers = make([]handlerSum, 0, len(s.a.handlers))
	}
	for _, h := range s.a.handlers {
		hs := handlerSum{handler: h.Handler, bySignature: h.bySignature, regLines: h.regLines}
		switch {
		case h.fn != nil:
			hs.target.local = s.localID(h.fn)
		case h.lit != nil:
			if ctx := s.lits[h.lit]; ctx != nil {
				hs.target.local = ctx.sum.id
			}
		case h.expr != nil:
			hs.target = s.targetOf(h.expr, 0)
		}
		hs.methods = []string{"Middleware"}
		if h.RPC != "" {
			hs.methods = []string{"WrapUnary"}
			if h.stream {
				hs.methods = []string{"WrapStreamingHandler"}
			}
		}
		hs.middleware, hs.scopes = s.middleware(h.middleware), s.mwScopes(h.middleware)
		hs.wrappers = s.wrapperCount(h.middleware, h.wrappers)
		if h.value != nil {
			hs.bound = s.boundFuncs(h.value)
		}
		hs.root = s.root(h.root)
		if h.made != nil {
			hs.madeBy, _, _ = s.calleeOf(h.made.Fun)
		}
		hs.deferred = s.deferredSum(h)
		if h.RPC != "" {
			hs.recv, hs.stream, hs.byRecv, hs.candidate, hs.regHere = h.recv, h.stream, h.byRecv, h.candidate, h.regHere
		}
		s.sum.handlers = append(s.sum.handlers, hs)
	}
	for _, r := range s.a.rpcRegs {
		rs := rpcRegSum{typ: s.typeOf(r.impl), service: r.service, framework: r.framework, serverField: r.serverField,
			interceptorsSum: s.interceptors(r.interceptors)}
		if rs.typ != nil {
			s.sum.rpcRegs = append(s.sum.rpcRegs, rs)
		}
	}
	fields := make([]string, 0, len(s.a.servers))
	for field := range s.a.servers {
		fields = append(fields, field)
	}
	slices.Sort(fields)
	for _, field := range fields {
		s.sum.servers = append(s.sum.servers, serverSum{field: field, interceptorsSum: s.interceptors(s.a.servers[field].interceptors)})
	}
	for _, m := range s.a.mounts {
		s.sum.mounts = append(s.sum.mounts, s.mountSum(m))
	}
	s.fieldRouters()
	s.templates()
	s.madeRouterMiddleware()
}

// mountSum is a router handed to a function of another file, where the
// file puts it.
func (s *summarizer) mountSum(m mountSite) mountSum {
	prefix := joinPath(fullPrefix(m.router), m.prefix)
	mws := append(routerMiddleware(m.router, prefix, m.at), m.middleware...)
	return mountSum{
		callee:     s.targetOf(m.fun, 0),
		arg:        m.arg,
		prefix:     prefix,
		names:      mwNames(mws),
		middleware: s.middleware(mws),
		root:       s.root(s.a.rootOf(m.router)),
		parts:      s.mountParts(m),
	}
}

func (s *summarizer) interceptors(ics []interceptor) interceptorsSum {
	var out interceptorsSum
	for _, ic := range ics {
		if ic.expr == nil {
			continue
		}
		out.interceptors = append(out.interceptors, s.targetOf(ic.expr, 0))
		out.names = append(out.names, ic.name)
		out.unary = append(out.unary, ic.unary)
		out.stream = append(out.stream, ic.stream)
	}
	return out
}

func (s *summarizer) middleware(refs []mwRef) []targetSym {
	out := make([]targetSym, 0, len(refs))
	for _, m := range refs {
		if m.expr != nil {
			out = append(out, s.targetOf(m.expr, 0))
		}
	}
	return out
}

// wrapperCount is how many of the targets middleware(refs) lists are
// the last n of refs.
func (s *summarizer) wrapperCount(refs []mwRef, n int) int {
	count := 0
	for _, m := range refs[len(refs)-n:] {
		if m.expr != nil {
			count++
		}
	}
	return count
}

// mwScopeSum is an mwScope in symbolic form, on the at-th of a handler's
// middleware: x as a value (a prefix) and as a target (middleware).
type mwScopeSum struct {
	at     int
	prefix string
	value  valSym
	target targetSym
}

// mwScopes lists the conditions on refs, indexed as middleware(refs)
// lists them.
func (s *summarizer) mwScopes(refs []mwRef) []mwScopeSum {
	var out []mwScopeSum
	at := 0
	for _, m := range refs {
		if m.expr == nil {
			continue
		}
		if sc := m.scope; sc.x != nil {
			out = append(out, mwScopeSum{at: at, prefix: sc.prefix,
				value: placeholderNamed(s.value(sc.x, nil, 0), sc.x), target: s.targetOf(sc.x, 0)})
		}
		at++
	}
	return out
}

func (s *summarizer) root(r *rootRef) *rootSum {
	if r == nil {
		return nil
	}
	if r.field != "" {
		return &rootSum{field: r.field}
	}
	if id := s.localID(r.fn); id != "" {
		return &rootSum{local: id, arg: r.arg}
	}
	return nil
}

func (s *summarizer) localID(fn *function) string {
	if fn.lit == nil {
		return fn.name
	}
	if ctx := s.lits[fn.lit]; ctx != nil {
		return ctx.sum.id
	}
	return ""
}

// targetOf reads a handler or middleware expression, following a local
// assigned once to its initializer.
func (s *summarizer) targetOf(e ast.Expr, depth int) targetSym {
	e = unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = unparen(u.X)
	}
	t := targetSym{line: s.a.source.line(e.Pos())}
	switch x := e.(type) {
	case *ast.FuncLit:
		if ctx := s.lits[x]; ctx != nil {
			t.local = ctx.sum.id
		}
	case *ast.Ident:
		if !s.local(x.Obj) {
			t.callee, t.typ = &sym{op: symFunc, name: x.Name}, &sym{op: symVar, name: x.Name}
			break
		}
		if init := s.singleValue(x.Obj); init != nil && depth < maxValueDepth {
			return s.targetOf(init, depth+1)
		}
		t.typ = s.typeOf(x)
	case *ast.SelectorExpr:
		t.callee, t.typ = s.refSym(x), s.typeOf(x)
	case *ast.CallExpr:
		callee, def, _ := s.calleeOf(x.Fun)
		if def != nil {
			t.local = def.sum.id
		}
		t.callee, t.called, t.typ = callee, true, s.typeOf(x)
		if sel, ok := unparen(x.Fun).(*ast.SelectorExpr); ok && depth < maxFuncArgDepth {
			// A chain built by a dependency (alice.New(auth, logging).Then(h)),
			// also through locals (base := alice.New(logging); base.Append(auth)):
			// the functions given along the chain, outermost first.
			recv := unparen(sel.X)
			if id, ok := recv.(*ast.Ident); ok && s.local(id.Obj) {
				if init := s.singleValue(id.Obj); init != nil {
					recv = unparen(init)
				}
			}
			if recv, ok := recv.(*ast.CallExpr); ok {
				t.funcs = append(t.funcs, s.targetOf(recv, depth+1).funcs...)
			}
		}
		for _, arg := range x.Args {
			t.args = append(t.args, s.valueOf(arg, nil))
			if depth < maxFuncArgDepth && s.mayBeFunc(arg) {
				t.funcs = append(t.funcs, s.targetOf(arg, depth+1))
			}
		}
	case *ast.CompositeLit:
		t.typ = s.typeSym(x.Type)
	}
	return t
}

// maxFuncArgDepth bounds the calls looked into for the functions a
// dependency's middleware is given.
const maxFuncArgDepth = 3

// mayBeFunc reports whether an argument may be a function of the module,
// or a call that makes one: a func literal, a name of a function or
// package-level variable, a selector, a call.
func (s *summarizer) mayBeFunc(arg ast.Expr) bool {
	switch x := unparen(arg).(type) {
	case *ast.FuncLit, *ast.SelectorExpr, *ast.CallExpr:
		return true
	case *ast.Ident:
		if s.local(x.Obj) {
			return s.boundLit(x.Obj) != nil || s.singleValue(x.Obj) != nil
		}
		return x.Obj == nil || x.Obj.Kind == ast.Fun || x.Obj.Kind == ast.Var
	}
	return false
}

// publicMarkers finds the `// authz:public <reason>` comments and maps
// the line below each comment block to its reason.
func publicMarkers(src []byte) map[int]string {
	if !bytes.Contains(src, []byte(publicMarker)) {
		return nil
	}
	lines := strings.Split(string(src), "\n")
	var out map[int]string
	for i := 0; i < len(lines); i++ {
		text, ok := strings.CutPrefix(strings.TrimSpace(lines[i]), "//")
		if !ok {
			continue
		}
		reason, ok := strings.CutPrefix(strings.TrimSpace(text), publicMarker)
		if !ok || (reason != "" && reason[0] != ' ' && reason[0] != '\t') {
			continue
		}
		end := i
		for end+1 < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[end+1]), "//") {
			end++
		}
		if out == nil {
			out = map[int]string{}
		}
		reason = strings.TrimSpace(reason)
		if reason == "" {
			reason = "no reason given"
		}
		out[end+2] = reason // lines are 1-based: the line after end
	}
	return out
}

const publicMarker = "authz:public"
