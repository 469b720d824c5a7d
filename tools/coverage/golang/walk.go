package golang

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// value is what the walker knows about the value of an expression.
type value struct {
	// typ keys the static type ("Handler", "docs.Handler"), when known.
	typ   string
	str   string
	isStr bool
	// router is the router or group the value is.
	router *router
	// route is a route still being built (gorilla's .Methods(...), echo's
	// *Route).
	route *route
	// fn is a function value: a declared function, a method value, or a
	// closure bound to a name.
	fn  *function
	lit *ast.FuncLit
	// interceptors are the ones a gRPC server option or connect handler
	// option (or a slice of them) installs.
	interceptors []interceptor
	// service is the RPC service a connect handler (New<Service>Handler)
	// serves.
	service *rpcService
	// arg is the argument a parameter is bound to when a registration
	// helper is walked for one call (see inline).
	arg ast.Expr
	// handler: the value's declared type is a handler type.
	handler bool
	// made is the call of a function of another package the value comes
	// from, which may make a router (see maderouters.go).
	made *ast.CallExpr
	// routers are the routers a slice holds (routers = append(routers,
	// r.PathPrefix("/{bucket}").Subrouter())), which a range over it
	// hands its body one by one.
	routers []*router
}

// empty reports whether nothing is known about the value.
func (v value) empty() bool {
	return v.typ == "" && !v.isStr && v.router == nil && v.route == nil && v.fn == nil &&
		v.lit == nil && len(v.interceptors) == 0 && v.service == nil && v.made == nil && len(v.routers) == 0
}

// scope binds variable names to values. A block binds few names, so
// they are kept in a slice; a map indexes them once there are many (the
// package's scope).
type scope struct {
	parent *scope
	vars   []binding
	index  map[string]int
	// funcScope marks the scope a function's body starts in; fn is the
	// function, or nil for a func literal, whose returns are its own.
	fn        *function
	funcScope bool
	// cond marks the scope of a body that may or may not run (a
	// branch, a loop): a string it assigns to a variable declared
	// outside is one of two values after it (see assign).
	cond bool
}

// binding is a name and its value; most names hold nothing the walk
// tracks, so an empty value is kept as nil and a binding stays small.
type binding struct {
	name string
	v    *value
}

// bound returns what a binding holds for v.
func bound(v value) *value {
	if v.empty() && v.arg == nil && !v.handler {
		return nil
	}
	return &v
}

// get returns the binding's value.
func (b binding) get() value {
	if b.v == nil {
		return value{}
	}
	return *b.v
}

// indexAt is the number of bindings from which a scope indexes them.
const indexAt = 16

func (s *scope) child() *scope { return &scope{parent: s} }

// condChild is a child scope for a body that may or may not run.
func (s *scope) condChild() *scope { return &scope{parent: s, cond: true} }

// find is the position of name among the scope's own bindings, or -1.
func (s *scope) find(name string) int {
	if s.index != nil {
		if i, ok := s.index[name]; ok {
			return i
		}
		return -1
	}
	for i := range s.vars {
		if s.vars[i].name == name {
			return i
		}
	}
	return -1
}

func (s *scope) lookup(name string) (value, bool) {
	for ; s != nil; s = s.parent {
		if i := s.find(name); i >= 0 {
			return s.vars[i].get(), true
		}
	}
	return value{}, false
}

func (s *scope) define(name string, v value) {
	if name == "" || name == "_" {
		return
	}
	if i := s.find(name); i >= 0 {
		s.vars[i].v = bound(v)
		return
	}
	s.vars = append(s.vars, binding{name, bound(v)})
	switch {
	case s.index != nil:
		s.index[name] = len(s.vars) - 1
	case len(s.vars) >= indexAt:
		s.index = make(map[string]int, len(s.vars))
		for i, b := range s.vars {
			s.index[b.name] = i
		}
	}
}

// assign rebinds the nearest declaration of name, or declares it here.
// A string assigned in a body that may not run, to a variable declared
// outside it, leaves the variable's string unknown unless it was the
// same: a route is never guessed (prefix := os.Getenv("P"); if prefix
// == "" { prefix = "/default" } is either). Anything else the last
// assignment sets, as before.
func (s *scope) assign(name string, v value) {
	cond := false
	for t := s; t != nil; t = t.parent {
		if i := t.find(name); i >= 0 {
			if old := t.vars[i].get(); cond && (v.isStr || old.isStr) && !(v.isStr && old.isStr && v.str == old.str) {
				v.isStr, v.str = false, ""
			}
			t.vars[i].v = bound(v)
			return
		}
		cond = cond || t.cond
	}
	s.define(name, v)
}

// function is the declared function whose body s is in, or nil inside a
// func literal or at package level.
func (s *scope) function() *function {
	for ; s != nil; s = s.parent {
		if s.funcScope {
			return s.fn
		}
	}
	return nil
}

// registrar is the declared function whose body s is in, func
// literals included: a route registered in r.Group(func(r chi.Router)
// {...}) is the enclosing function's.
func (s *scope) registrar() *function {
	for ; s != nil; s = s.parent {
		if s.funcScope && s.fn != nil {
			return s.fn
		}
	}
	return nil
}

// walkPackage binds the package-level vars and consts, then walks every
// function. Functions are walked once; a call walks its callee first, so
// the router a function returns or receives is known at the call.
func (a *analyzer) walkPackage() {
	if !a.mayRoute() {
		return
	}
	for _, d := range a.index.values {
		a.declare(d, a.pkg)
	}
	for _, fn := range a.index.ordered {
		a.walkFunc(fn)
	}
}

// mayRoute reports whether the walk can find anything in the file:
// routes need a framework's package, a connect service a generated
// ...connect package, and a gRPC registration a Register...Server call.
// A file with none of them (a service layer, a store) is not walked.
func (a *analyzer) mayRoute() bool {
	for _, p := range a.imports {
		if frameworkOf(p) != "" || strings.HasSuffix(p, "connect") {
			return true
		}
	}
	// A call with a path first (s.router.Get("/docs", ...)) on a router
	// another file of the package declares.
	return a.source.mentions("Register") || a.source.mentions(`("/`)
}

func (a *analyzer) walkFunc(fn *function) {
	if fn.walked {
		return
	}
	fn.walked = true
	if fn.lit != nil {
		// A closure bound to a package-level variable: the package-level
		// walk may have walked it already.
		if a.walkedLits[fn.lit] {
			return
		}
		a.walkedLits[fn.lit] = true
	}
	defer a.enterBody()()
	sc := a.pkg.child()
	sc.fn, sc.funcScope = fn, true
	sc.define(fn.recvName, value{typ: fn.recv})
	fn.params = map[int]*router{}
	for i, p := range a.bindParams(fn.typ, sc) {
		if p != nil {
			fn.params[i] = p
		}
	}
	if fn.body != nil {
		a.walkStmts(fn.body.List, sc)
	}
}

// bindParams binds a function's parameters in sc and returns the router
// each parameter is, by index: a router received from the caller starts
// as a root that the call site mounts.
func (a *analyzer) bindParams(ft *ast.FuncType, sc *scope) []*router {
	if ft == nil {
		return nil
	}
	types, names := fieldTypes(ft.Params), fieldNames(ft.Params)
	routers := make([]*router, len(types))
	for i, t := range types {
		v := a.typeValue(t)
		routers[i] = v.router
		sc.define(names[i], v)
	}
	return routers
}

// typeValue is what a declared type says about a value: its type, and a
// fresh root router for a router type.
func (a *analyzer) typeValue(t ast.Expr) value {
	v := value{typ: typeName(t), handler: a.isHandlerType(t)}
	if fw := a.routerFramework(t); fw != "" {
		v.router = newRouter(fw)
	}
	return v
}

// walkLit walks a func literal's body once, with its first parameter bound
// to on when the literal configures a router (chi's r.Route); again when
// a registration helper is walked for one call (see inline), as its
// routes in r.Group(func(r chi.Router) {...}) are the call's.
func (a *analyzer) walkLit(lit *ast.FuncLit, sc *scope, on *router) {
	if (a.walkedLits[lit] && (on == nil || len(a.callSites) == 0)) || lit.Body == nil {
		return
	}
	a.walkedLits[lit] = true
	defer a.enterBody()()
	inner := sc.child()
	inner.funcScope = true
	types, names := fieldTypes(lit.Type.Params), fieldNames(lit.Type.Params)
	for i, t := range types {
		v := a.typeValue(t)
		if i == 0 && on != nil {
			v.router = on
		}
		inner.define(names[i], v)
	}
	a.walkStmts(lit.Body.List, inner)
}

func (a *analyzer) walkStmts(stmts []ast.Stmt, sc *scope) {
	for _, s := range stmts {
		a.walkStmt(s, sc)
	}
}

func (a *analyzer) walkStmt(s ast.Stmt, sc *scope) {
	switch s := s.(type) {
	case *ast.ExprStmt:
		a.eval(s.X, sc)
	case *ast.AssignStmt:
		a.assign(s, sc)
	case *ast.DeclStmt:
		if gd, ok := s.Decl.(*ast.GenDecl); ok {
			a.declare(gd, sc)
		}
	case *ast.BlockStmt:
		a.walkStmts(s.List, sc.child())
	case *ast.IfStmt:
		inner := sc.child()
		a.walkOptional(s.Init, inner)
		a.evalOptional(s.Cond, inner)
		a.walkCond(s.Body, inner)
		a.walkCond(s.Else, inner)
	case *ast.ForStmt:
		inner := sc.child()
		a.walkOptional(s.Init, inner)
		a.evalOptional(s.Cond, inner)
		body := inner.condChild()
		a.walkOptional(s.Post, body)
		if s.Body != nil {
			a.walkStmts(s.Body.List, body)
		}
	case *ast.RangeStmt:
		x := value{}
		if s.X != nil {
			x = a.eval(s.X, sc)
		}
		elem, _ := s.Value.(*ast.Ident)
		if len(x.routers) == 0 || elem == nil || len(x.routers) > maxRangedRouters {
			a.walkCond(s.Body, sc)
			break
		}
		// for _, bucket := range routers: the body once per router.
		for _, r := range x.routers {
			inner := sc.condChild()
			inner.define(elem.Name, value{router: r})
			a.walkOptional(s.Body, inner)
		}
	case *ast.SwitchStmt:
		inner := sc.child()
		a.walkOptional(s.Init, inner)
		a.evalOptional(s.Tag, inner)
		a.walkOptional(s.Body, inner)
	case *ast.TypeSwitchStmt:
		inner := sc.child()
		a.walkOptional(s.Init, inner)
		a.walkOptional(s.Assign, inner)
		a.walkOptional(s.Body, inner)
	case *ast.SelectStmt:
		a.walkOptional(s.Body, sc)
	case *ast.CaseClause:
		a.walkStmts(s.Body, sc.condChild())
	case *ast.CommClause:
		inner := sc.condChild()
		a.walkOptional(s.Comm, inner)
		a.walkStmts(s.Body, inner)
	case *ast.LabeledStmt:
		a.walkOptional(s.Stmt, sc)
	case *ast.GoStmt:
		if s.Call != nil {
			a.eval(s.Call, sc)
		}
	case *ast.DeferStmt:
		if s.Call != nil {
			a.eval(s.Call, sc)
		}
	case *ast.SendStmt:
		a.evalOptional(s.Value, sc)
	case *ast.ReturnStmt:
		a.walkReturn(s, sc)
	}
}

// walkOptional walks a statement the parser may have left out. A missing
// body is a nil *ast.BlockStmt, which is not a nil ast.Stmt.
func (a *analyzer) walkOptional(s ast.Stmt, sc *scope) {
	if s == nil {
		return
	}
	if b, ok := s.(*ast.BlockStmt); ok && b == nil {
		return
	}
	a.walkStmt(s, sc)
}

// walkCond walks a statement that may or may not run (a branch, a loop
// body) in a conditional child scope of sc (see scope.cond).
func (a *analyzer) walkCond(s ast.Stmt, sc *scope) {
	switch b := s.(type) {
	case nil:
	case *ast.BlockStmt:
		if b != nil {
			a.walkStmts(b.List, sc.condChild())
		}
	default:
		a.walkStmt(s, sc.condChild())
	}
}

func (a *analyzer) evalOptional(e ast.Expr, sc *scope) {
	if e != nil {
		a.eval(e, sc)
	}
}

// walkReturn records the router a function returns: `return r`, or a
// router wrapped in middleware (`return s.auth(mux)`), whose wrappers
// then apply to all of its routes.
func (a *analyzer) walkReturn(s *ast.ReturnStmt, sc *scope) {
	fn := sc.function()
	for i, res := range s.Results {
		if i > 0 || fn == nil || !a.mayReturnRouter(fn) {
			if v := a.eval(res, sc); i == 0 && fn != nil && fn.interceptors == nil {
				fn.interceptors = v.interceptors
			}
			continue
		}
		t := a.target(res, sc)
		switch {
		case t.router == nil:
		case fn.inlining && fn.inlined == nil:
			t.router.wrap(t.middleware)
			fn.inlined = t.router
		case fn.result == nil:
			t.router.wrap(t.middleware)
			fn.result = t.router
		}
	}
}

// mayReturnRouter reports whether fn's first result is a router or
// handler type (a router is returned as an http.Handler as often as not).
func (a *analyzer) mayReturnRouter(fn *function) bool {
	results := fieldTypes(fn.typ.Results)
	return len(results) > 0 && (a.routerFramework(results[0]) != "" || a.isHandlerType(results[0]))
}

func (a *analyzer) assign(s *ast.AssignStmt, sc *scope) {
	if len(s.Lhs) == len(s.Rhs) {
		for i, rhs := range s.Rhs {
			a.bind(s.Lhs[i], a.eval(rhs, sc), s.Tok, sc)
		}
		return
	}
	if len(s.Rhs) != 1 {
		return
	}
	v := a.eval(s.Rhs[0], sc)
	// path, handler := xconnect.NewXServiceHandler(...): the handler is
	// the second result. Otherwise the first result is the interesting one.
	for i, lhs := range s.Lhs {
		switch {
		case v.service != nil && i == 1, v.service == nil && i == 0:
			a.bind(lhs, v, s.Tok, sc)
		default:
			a.bind(lhs, value{}, s.Tok, sc)
		}
	}
}

func (a *analyzer) bind(lhs ast.Expr, v value, tok token.Token, sc *scope) {
	switch x := unparen(lhs).(type) {
	case *ast.Ident:
		v = a.nameValue(x.Name, v)
		if tok == token.DEFINE {
			sc.define(x.Name, v)
		} else {
			sc.assign(x.Name, v)
		}
	case *ast.SelectorExpr:
		switch {
		case v.router != nil:
			if key := a.memberKey(a.eval(x.X, sc), x); key != "" {
				a.makeNamed(key, v.router)
			}
		case len(v.interceptors) > 0:
			if key := a.memberKey(a.eval(x.X, sc), x); key != "" {
				a.servers[key] = v
			}
		}
	}
}

// nameValue names a func literal after the variable it is bound to, so a
// handler closure registered through the variable is called by its name.
func (a *analyzer) nameValue(name string, v value) value {
	if v.lit == nil || v.fn != nil || name == "_" {
		return v
	}
	fn := a.closures[v.lit]
	if fn == nil {
		fn = a.source.closure(name, v.lit)
		a.closures[v.lit] = fn
	}
	v.fn = fn
	return v
}

func (a *analyzer) declare(d *ast.GenDecl, sc *scope) {
	if d.Tok != token.VAR && d.Tok != token.CONST {
		return
	}
	for _, spec := range d.Specs {
		vs, ok := spec.(*ast.ValueSpec)
		if !ok {
			continue
		}
		for i, name := range vs.Names {
			var v value
			switch {
			case i < len(vs.Values):
				v = a.eval(vs.Values[i], sc)
				if vs.Type != nil {
					v.typ = typeName(vs.Type)
				}
			case vs.Type != nil:
				v = a.typeValue(vs.Type)
			}
			sc.define(name.Name, a.nameValue(name.Name, v))
		}
	}
}

func (a *analyzer) eval(e ast.Expr, sc *scope) value {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind == token.STRING {
			if s, err := strconv.Unquote(x.Value); err == nil {
				return value{str: s, isStr: true}
			}
		}
	case *ast.Ident:
		return a.evalIdent(x, sc)
	case *ast.SelectorExpr:
		if pkg, ok := a.packageOf(x, sc); ok {
			return a.packageMember(pkg, x.Sel.Name)
		}
		return a.member(a.eval(x.X, sc), x)
	case *ast.CallExpr:
		return a.evalCall(x, sc)
	case *ast.ParenExpr:
		return a.eval(x.X, sc)
	case *ast.StarExpr:
		return a.eval(x.X, sc)
	case *ast.UnaryExpr:
		return a.eval(x.X, sc)
	case *ast.BinaryExpr:
		l, r := a.eval(x.X, sc), a.eval(x.Y, sc)
		if x.Op == token.ADD && l.isStr && r.isStr {
			return value{str: l.str + r.str, isStr: true}
		}
	case *ast.CompositeLit:
		return a.evalComposite(x, sc)
	case *ast.FuncLit:
		a.walkLit(x, sc, nil)
		return value{lit: x}
	case *ast.KeyValueExpr:
		return a.eval(x.Value, sc)
	case *ast.TypeAssertExpr:
		a.eval(x.X, sc)
		return value{typ: typeName(x.Type)}
	case *ast.IndexExpr:
		a.eval(x.X, sc)
		a.eval(x.Index, sc)
	case *ast.SliceExpr:
		a.eval(x.X, sc)
	}
	return value{}
}

// argExpr is the argument a parameter named by e is bound to while a
// registration helper is walked for a call, else e: middleware and
// handlers are named as the caller writes them.
func (a *analyzer) argExpr(e ast.Expr, sc *scope) ast.Expr {
	if id, ok := unparen(e).(*ast.Ident); ok {
		if v, ok := sc.lookup(id.Name); ok && v.arg != nil {
			return v.arg
		}
	}
	return e
}

func (a *analyzer) evalIdent(x *ast.Ident, sc *scope) value {
	if v, ok := sc.lookup(x.Name); ok {
		return v
	}
	if fn := a.index.funcs[x.Name]; fn != nil && fn.recv == "" {
		return value{fn: fn}
	}
	return value{}
}

// packageOf reports the import name x selects from, when x.X is an
// imported package that no local name shadows.
func (a *analyzer) packageOf(x *ast.SelectorExpr, sc *scope) (string, bool) {
	id, ok := x.X.(*ast.Ident)
	if !ok || a.imports[id.Name] == "" {
		return "", false
	}
	if _, shadowed := sc.lookup(id.Name); shadowed {
		return "", false
	}
	return id.Name, true
}

// packageMember is what pkg.name is known to be: http.DefaultServeMux, or
// a method constant such as http.MethodGet or echo.GET.
func (a *analyzer) packageMember(pkg, name string) value {
	fw := a.imports.framework(pkg)
	if fw == "" {
		return value{}
	}
	if fw == fwNetHTTP && name == "DefaultServeMux" {
		return value{router: a.defaultMux()}
	}
	if m, ok := methodConst(name); ok {
		return value{str: m, isStr: true}
	}
	return value{}
}

// member is base.name: a method value, or a field of a struct declared in
// the file (a field of a router type is one router per type and field).
func (a *analyzer) member(base value, x *ast.SelectorExpr) value {
	name := x.Sel.Name
	if key := a.memberLookupKey(base, x); key != "" {
		if r := a.named[key]; r != nil {
			return value{router: r}
		}
		if srv, ok := a.servers[key]; ok {
			return srv
		}
	}
	recv := localType(base.typ)
	switch {
	case base.typ == "":
		if fn := a.index.uniqueMethod(name); fn != nil {
			return value{fn: fn}
		}
		return value{}
	case recv == "":
		return value{} // a type from another package
	}
	if fn := a.index.funcs[recv+"."+name]; fn != nil {
		return value{fn: fn}
	}
	ft := a.index.field(recv, name)
	if ft == nil {
		return value{}
	}
	v := a.typeValue(ft)
	if v.router != nil {
		a.fields[recv+"."+name] = true
		v.router = a.bindNamed(recv+"."+name, v.router)
	}
	return v
}

// memberKey names base.f for the routers kept in fields: `Server.router`
// when base's type is declared in this package, else the expression as
// written.
func (a *analyzer) memberKey(base value, x *ast.SelectorExpr) string {
	if recv := localType(base.typ); recv != "" {
		key := recv + "." + x.Sel.Name
		a.fields[key] = true
		return key
	}
	return exprString(x)
}

// memberLookupKey is memberKey for a lookup in named and servers: ""
// while both are empty and the key would be the expression written out
// (s.deps[0].mw), which is then not built.
func (a *analyzer) memberLookupKey(base value, x *ast.SelectorExpr) string {
	if localType(base.typ) == "" && len(a.named) == 0 && len(a.servers) == 0 {
		return ""
	}
	return a.memberKey(base, x)
}

// localType is typ when it is declared in this package (not imported,
// not predeclared), else "".
func localType(typ string) string {
	if strings.Contains(typ, ".") || predeclared[typ] {
		return ""
	}
	return typ
}

// bindNamed makes r the router known as key. A key bound already keeps
// its router, and r is mounted on it, so routes added through either end
// up together.
func (a *analyzer) bindNamed(key string, r *router) *router {
	existing := a.named[key]
	if existing == nil {
		a.named[key] = r
		return r
	}
	if existing != r {
		mount(existing, r, "", nil, point{})
	}
	return existing
}

// makeNamed binds the router the file sets a field to (see bindNamed).
func (a *analyzer) makeNamed(key string, r *router) {
	if a.made == nil {
		a.made = map[string]bool{}
	}
	a.made[key] = true
	a.bindNamed(key, r)
}

// maxRangedRouters caps the routers a range over a slice walks its
// body for, each once.
const maxRangedRouters = 32

// routersOf lists the routers among append's arguments: those the slice
// held, the routers added, and those of a slice spread.
func routersOf(vs []value) []*router {
	var out []*router
	for _, v := range vs {
		out = append(out, v.routers...)
		if v.router != nil {
			out = append(out, v.router)
		}
	}
	return out
}

func (a *analyzer) evalArgs(call *ast.CallExpr, sc *scope) []value {
	vs := make([]value, len(call.Args))
	for i, arg := range call.Args {
		vs[i] = a.eval(arg, sc)
	}
	return vs
}

func (a *analyzer) evalCall(call *ast.CallExpr, sc *scope) value {
	switch fun := unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		if pkg, ok := a.packageOf(fun, sc); ok {
			return a.callPackage(pkg, fun.Sel.Name, call, sc)
		}
		recv := a.eval(fun.X, sc)
		if recv.router != nil {
			if v, ok := a.callRouter(recv.router, fun.Sel.Name, call, sc); ok {
				return v
			}
		}
		if recv.route != nil {
			if v, ok := a.callRoute(recv.route, fun.Sel.Name, call, sc); ok {
				return v
			}
		}
		if m := a.member(recv, fun); m.fn != nil {
			return a.callFunc(m.fn, call, sc)
		}
		if recv.router == nil && recv.route == nil {
			if r := a.implicitRouter(recv, fun, call, sc); r != nil {
				if v, ok := a.callRouter(r, fun.Sel.Name, call, sc); ok {
					return v
				}
			}
		}
	case *ast.Ident:
		if fun.Name == "append" {
			if _, shadowed := sc.lookup("append"); !shadowed {
				vs := a.evalArgs(call, sc)
				return value{interceptors: interceptorsOf(vs), routers: routersOf(vs)}
			}
		}
		if v := a.evalIdent(fun, sc); v.fn != nil {
			return a.callFunc(v.fn, call, sc)
		}
	default:
		a.eval(call.Fun, sc)
	}
	a.passArgs(call, sc)
	return value{}
}

// passArgs evaluates the arguments of a call of a function the file does
// not declare, and records the routers passed to it: the function may
// register routes on them.
func (a *analyzer) passArgs(call *ast.CallExpr, sc *scope) {
	route := false
	for i, arg := range call.Args {
		v := a.eval(arg, sc)
		if v.router != nil {
			a.mounts = append(a.mounts, mountSite{router: v.router, fun: call, arg: i, at: a.now()})
		}
		route = route || v.router != nil || (v.isStr && (strings.Contains(v.str, "/") || httpMethods[v.str]))
	}
	a.noteHelperCall(call, route, sc)
}

// callFunc evaluates a call of a function declared in the file: it walks
// the callee first, mounts the routers passed to its router parameters,
// and returns the router it returns.
func (a *analyzer) callFunc(fn *function, call *ast.CallExpr, sc *scope) value {
	a.walkFunc(fn)
	args := a.evalArgs(call, sc)
	for i, v := range args {
		switch {
		case v.router == nil || fn.params[i] == nil:
		case fn.routesFromParams:
			// Each call is walked again (inline): the router's first
			// place is enough for the walk of its own.
			mount(v.router, fn.params[i], "", nil, a.now())
		default:
			// Called on more routers, it registers its routes on each.
			mountLinked(v.router, fn.params[i], "", nil, nil, a.now())
		}
	}
	if fn.routesFromParams {
		if r := a.inline(fn, call, args, sc); r != nil {
			// The router this call builds routes what the call passes;
			// the routes of the function's own walk that take nothing
			// from it are the same below it (see inlineRepeats).
			if fn.result != nil {
				mount(r, fn.result, "", nil, a.now())
			}
			return value{router: r}
		}
	}
	if fn.result != nil {
		return value{router: fn.result}
	}
	if results := fieldTypes(fn.typ.Results); len(results) > 0 {
		return value{typ: typeName(results[0]), interceptors: fn.interceptors}
	}
	return value{}
}

// maxInline bounds the registration helpers walked inside one another.
const maxInline = 4

// inline walks a registration helper again for one call, its
// parameters bound to the call's arguments: s.handle("GET", "/docs/{id}",
// s.getDoc) registers that route, which the helper's own walk could not
// know. Routes get the call's line, for `// authz:public` above it. It
// returns the router the walk returns, if any.
func (a *analyzer) inline(fn *function, call *ast.CallExpr, args []value, sc *scope) *router {
	if fn.body == nil || fn.inlining || len(a.callSites) >= maxInline {
		return nil
	}
	fn.inlining, fn.inlined = true, nil
	a.callSites = append(a.callSites, a.source.line(call.Pos()))
	defer func() {
		fn.inlining, fn.inlined = false, nil
		a.callSites = a.callSites[:len(a.callSites)-1]
	}()
	inner := a.pkg.child()
	inner.fn, inner.funcScope = fn, true
	recv := value{typ: fn.recv}
	if sel, ok := unparen(call.Fun).(*ast.SelectorExpr); ok && fn.recv != "" {
		if v := a.eval(sel.X, sc); !v.empty() {
			recv = v
		}
	}
	inner.define(fn.recvName, recv)
	types, names := fieldTypes(fn.typ.Params), fieldNames(fn.typ.Params)
	for i, t := range types {
		v := a.typeValue(t)
		if i < len(args) && !args[i].empty() {
			if args[i].typ == "" {
				args[i].typ = v.typ
			}
			args[i].handler = args[i].handler || v.handler
			v = args[i]
		}
		if i < len(call.Args) {
			v.arg = call.Args[i]
		}
		inner.define(names[i], v)
	}
	a.walkStmts(fn.body.List, inner)
	return fn.inlined
}

func (a *analyzer) callPackage(pkg, name string, call *ast.CallExpr, sc *scope) value {
	fw := a.imports.framework(pkg)
	if api := routerAPIs[fw]; api != nil {
		if api.constructors[name] {
			for _, arg := range call.Args {
				a.eval(arg, sc)
			}
			return value{router: newRouter(fw)}
		}
		if fw == fwNetHTTP {
			if v, ok := a.callRouter(a.defaultMux(), name, call, sc); ok {
				return v
			}
		}
	}
	switch {
	case fw == fwNetHTTP && (name == "ListenAndServe" || name == "ListenAndServeTLS") && len(call.Args) >= 2:
		a.eval(call.Args[0], sc)
		a.serve(call.Args[1], sc)
		return value{}
	case a.isConversion(pkg, name, call):
		return a.eval(call.Args[0], sc)
	}
	if v, ok := a.callRPC(pkg, name, call, sc); ok {
		return v
	}
	a.passArgs(call, sc)
	if fw == "" && !a.imports.isStdlib(pkg) {
		return value{made: call}
	}
	return value{}
}

// isConversion reports whether pkg.name(x) converts a function to a
// framework's function type: http.HandlerFunc, mux.MiddlewareFunc,
// connect.UnaryInterceptorFunc.
func (a *analyzer) isConversion(pkg, name string, call *ast.CallExpr) bool {
	return len(call.Args) == 1 && strings.HasSuffix(name, "Func") &&
		(a.imports.framework(pkg) != "" || a.imports.isStdlib(pkg))
}

func (a *analyzer) evalComposite(lit *ast.CompositeLit, sc *scope) value {
	v := value{typ: typeName(lit.Type)}
	isServer := a.is(lit.Type, fwNetHTTP, false, "Server")
	local := refOf(lit.Type).local()
	for _, elt := range lit.Elts {
		kv, keyed := elt.(*ast.KeyValueExpr)
		key := ""
		if keyed {
			if id, ok := kv.Key.(*ast.Ident); ok {
				key = id.Name
			}
		}
		if isServer && key == "Handler" {
			a.serve(kv.Value, sc)
			continue
		}
		ev := a.eval(elt, sc)
		v.interceptors = append(v.interceptors, ev.interceptors...)
		if ev.router != nil && !keyed {
			v.routers = append(v.routers, ev.router)
		}
		if local && key != "" && ev.router != nil {
			a.fields[v.typ+"."+key] = true
			a.makeNamed(v.typ+"."+key, ev.router)
		}
		if local && key != "" && len(ev.interceptors) > 0 {
			a.servers[v.typ+"."+key] = ev
		}
	}
	return v
}

// serve handles the handler a server serves: middleware wrapped around a
// router there (http.ListenAndServe(addr, logging(mux))) applies to all
// of its routes.
func (a *analyzer) serve(h ast.Expr, sc *scope) {
	if t := a.target(h, sc); t.router != nil {
		t.router.wrap(t.middleware)
	}
}

// constString is the constant string value of e, when it has one.
func (a *analyzer) constString(e ast.Expr, sc *scope) (string, bool) {
	v := a.eval(e, sc)
	return v.str, v.isStr
}

func interceptorsOf(vs []value) []interceptor {
	var out []interceptor
	for _, v := range vs {
		out = append(out, v.interceptors...)
	}
	return out
}
