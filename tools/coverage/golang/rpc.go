package golang

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// rpcService is a gRPC or connect service implemented by a type of the
// file, learned from the type's embedded Unimplemented<Service>Server (or
// ...Handler) or from its registration.
type rpcService struct {
	name, framework string
	// interceptors come from the server's options (grpc.NewServer) or the
	// handler's (connect.WithInterceptors).
	interceptors []interceptor
	// mounts are the HTTP routers a connect handler is registered on,
	// with the middleware in front of it; regs counts the file's
	// registrations of the type.
	mounts []serviceMount
	regs   int
}

// interceptor is an RPC interceptor as written, and the calls it sees: a
// gRPC unary interceptor does not see streaming calls, nor the reverse; a
// connect interceptor sees both.
type interceptor struct {
	mwRef
	unary, stream bool
}

// rpcReg is a gRPC or connect registration (pb.RegisterXServer(srv,
// impl), xconnect.NewXServiceHandler(impl, opts...)) of a type another
// file declares: the program view makes the RPC methods of impl's type
// the service's, behind the server's interceptors.
type rpcReg struct {
	impl               ast.Expr
	service, framework string
	interceptors       []interceptor
	// serverField is the field of a type of the package the server
	// registered on is kept in, when the file does not make it.
	serverField string
}

type serviceMount struct {
	router     *router
	middleware []mwRef
}

// service is the service the type implements, made on first use.
func (a *analyzer) service(typ string) *rpcService {
	s := a.services[typ]
	if s == nil {
		s = &rpcService{}
		a.services[typ] = s
	}
	return s
}

func (s *rpcService) learn(name, framework string) {
	if s.name == "" {
		s.name, s.framework = name, framework
	}
}

// embeddedServices reads the services the file's types implement from
// their embedded Unimplemented<Service>Server (grpc), Unsafe<Service>Server
// (grpc), or Unimplemented<Service>Handler (connect).
func (a *analyzer) embeddedServices() {
	for name, st := range a.index.structs {
		if st.Fields == nil {
			continue
		}
		for _, f := range st.Fields.List {
			if len(f.Names) > 0 {
				continue
			}
			embedded := refOf(f.Type).name
			svc, fw := "", ""
			switch {
			case strings.HasPrefix(embedded, "Unimplemented") && strings.HasSuffix(embedded, "Server"):
				svc, fw = strings.TrimSuffix(strings.TrimPrefix(embedded, "Unimplemented"), "Server"), fwGRPC
			case strings.HasPrefix(embedded, "Unsafe") && strings.HasSuffix(embedded, "Server"):
				svc, fw = strings.TrimSuffix(strings.TrimPrefix(embedded, "Unsafe"), "Server"), fwGRPC
			case strings.HasPrefix(embedded, "Unimplemented") && strings.HasSuffix(embedded, "Handler"):
				svc, fw = strings.TrimSuffix(strings.TrimPrefix(embedded, "Unimplemented"), "Handler"), fwConnect
			}
			if svc != "" {
				a.service(name).learn(svc, fw)
				a.names.add(f.Type.Pos(), svc)
			}
		}
	}
}

// callRPC evaluates the calls that set up RPC services: server and
// handler options carrying interceptors, pb.Register<Service>Server and
// <pkg>connect.New<Service>Handler.
func (a *analyzer) callRPC(pkg, name string, call *ast.CallExpr, sc *scope) (value, bool) {
	fw := a.imports.framework(pkg)
	args := call.Args
	switch {
	case fw == fwGRPC && (name == "UnaryInterceptor" || name == "ChainUnaryInterceptor"):
		return value{interceptors: a.interceptors(args, true, false, sc)}, true
	case fw == fwGRPC && (name == "StreamInterceptor" || name == "ChainStreamInterceptor"):
		return value{interceptors: a.interceptors(args, false, true, sc)}, true
	case fw == fwConnect && name == "WithInterceptors":
		return value{interceptors: a.interceptors(args, true, true, sc)}, true
	case fw == fwGRPC && name == "NewServer", fw == fwConnect && name == "WithHandlerOptions":
		return value{interceptors: interceptorsOf(a.evalArgs(call, sc))}, true
	case strings.HasPrefix(name, "Register") && strings.HasSuffix(name, "Server") && len(args) == 2:
		svc := strings.TrimSuffix(strings.TrimPrefix(name, "Register"), "Server")
		server, impl := a.eval(args[0], sc), a.eval(args[1], sc)
		typ := localType(impl.typ)
		field := ""
		if sel, ok := unparen(args[0]).(*ast.SelectorExpr); ok && len(server.interceptors) == 0 {
			if base := a.eval(sel.X, sc); localType(base.typ) != "" {
				field = a.memberKey(base, sel)
			}
		}
		if svc != "" && (typ == "" || a.index.structs[typ] == nil || field != "") {
			// Implemented, or its server made, in another file: linked by
			// the type there.
			a.rpcRegs = append(a.rpcRegs, rpcReg{impl: args[1], service: svc, framework: fwGRPC, interceptors: server.interceptors, serverField: field})
		}
		if typ != "" && svc != "" {
			s := a.service(typ)
			s.learn(svc, fwGRPC)
			s.interceptors = append(s.interceptors, server.interceptors...)
			s.regs++
			a.names.add(call.Pos(), svc)
		}
		return value{}, true
	case strings.HasPrefix(name, "New") && strings.HasSuffix(name, "Handler") && len(args) >= 1 &&
		strings.HasSuffix(a.imports[pkg], "connect"):
		svc := strings.TrimSuffix(strings.TrimPrefix(name, "New"), "Handler")
		vs := a.evalArgs(call, sc)
		typ := localType(vs[0].typ)
		if svc != "" && (typ == "" || a.index.structs[typ] == nil) {
			a.rpcRegs = append(a.rpcRegs, rpcReg{impl: args[0], service: svc, framework: fwConnect, interceptors: interceptorsOf(vs[1:])})
		}
		if typ == "" || svc == "" {
			return value{}, true
		}
		s := a.service(typ)
		s.learn(svc, fwConnect)
		s.interceptors = append(s.interceptors, interceptorsOf(vs[1:])...)
		s.regs++
		a.names.add(call.Pos(), svc)
		return value{service: s}, true
	}
	return value{}, false
}

func (a *analyzer) interceptors(args []ast.Expr, unary, stream bool, sc *scope) []interceptor {
	var out []interceptor
	for _, m := range a.middlewareRefs(args, sc) {
		out = append(out, interceptor{mwRef: m, unary: unary, stream: stream})
	}
	return out
}

// rpcHandlers lists the RPC methods of the file's types. A method is an
// RPC when its type serves a known service and its signature fits the
// framework; without a known service, a connect signature
// (ctx, *connect.Request[T]) is enough, and a gRPC-shaped one
// (ctx, *pb.XRequest) (*pb.XResponse, error) counts on a type named like
// a server or service. The service is then the type's name, until the
// program view learns it from a registration or a generated interface
// the type implements. Other gRPC-shaped methods are candidates, which
// count only when the program view finds such a registration or
// interface.
func (a *analyzer) rpcHandlers() []handlerRec {
	var out []handlerRec
	for _, fn := range a.index.ordered {
		if fn.recv == "" || !token.IsExported(fn.short) {
			continue
		}
		name, fw, candidate := "", "", false
		s := a.services[fn.recv]
		switch {
		case s != nil && s.framework == fwGRPC && a.isGRPCMethod(fn.typ),
			s != nil && s.framework == fwConnect && a.isConnectMethod(fn.typ):
			name, fw = s.name, s.framework
		case s == nil && a.isConnectMethod(fn.typ):
			name, fw = fn.recv, fwConnect
		case s == nil && serviceLike(fn.recv) && a.isProtoUnary(fn.typ):
			name, fw = fn.recv, fwGRPC
		case s == nil && a.isGRPCMethod(fn.typ):
			name, fw, candidate = fn.recv, fwGRPC, true
		default:
			continue
		}
		var mws []mwRef
		if s != nil {
			if len(s.mounts) > 0 {
				m := s.mounts[0]
				mws = append(routerMiddleware(m.router, "", point{}), m.middleware...)
			}
			unary := fw == fwConnect || a.isUnary(fn.typ)
			for _, ic := range s.interceptors {
				if (unary && ic.unary) || (!unary && ic.stream) {
					mws = append(mws, ic.mwRef)
				}
			}
		}
		a.handlerBodies = append(a.handlerBodies, handlerBody{fn.typ, fn.body})
		out = append(out, handlerRec{
			Handler: coverage.Handler{
				Language:   coverage.Go,
				Framework:  fw,
				RPC:        name + "/" + fn.short,
				Function:   fn.name,
				File:       a.path,
				Line:       fn.line,
				Operation:  coverage.InferOperation("", "", fn.name),
				Middleware: mwNames(mws),
			},
			fn:         fn,
			middleware: mws,
			stream:     a.isStream(fw, fn.typ),
			recv:       fn.recv,
			byRecv:     s == nil,
			regHere:    s != nil && s.regs > 0,
			candidate:  candidate,
		})
	}
	return out
}

// isStream reports whether an RPC method streams: anything but (ctx,
// *Req) (*Resp, error), which for connect must take a *connect.Request.
func (a *analyzer) isStream(fw string, ft *ast.FuncType) bool {
	if !a.isUnary(ft) {
		return true
	}
	return fw == fwConnect && !a.is(fieldTypes(ft.Params)[1], fwConnect, true, "Request")
}

func serviceLike(typ string) bool {
	t := strings.ToLower(typ)
	return strings.HasSuffix(t, "server") || strings.HasSuffix(t, "service") || strings.HasSuffix(t, "svc")
}

// isGRPCMethod matches the method shapes protoc-gen-go-grpc generates:
// unary (ctx, *Req) (*Resp, error) and the streaming forms (*Req, Stream)
// error and (Stream) error, where the stream type is a generated
// <Service>_<Method>Server or grpc's generic ...StreamingServer[T].
func (a *analyzer) isGRPCMethod(ft *ast.FuncType) bool {
	if a.isUnary(ft) {
		return true
	}
	params, results := fieldTypes(ft.Params), fieldTypes(ft.Results)
	if len(results) != 1 || !a.isError(results[0]) || len(params) == 0 || len(params) > 2 {
		return false
	}
	stream := refOf(params[len(params)-1])
	if !strings.HasSuffix(stream.name, "Server") || stream.ptr {
		return false
	}
	return len(params) == 1 || refOf(params[0]).ptr
}

func (a *analyzer) isUnary(ft *ast.FuncType) bool {
	params, results := fieldTypes(ft.Params), fieldTypes(ft.Results)
	return len(params) == 2 && len(results) == 2 && a.isContext(params[0]) &&
		refOf(params[1]).ptr && refOf(results[0]).ptr && a.isError(results[1])
}

// isProtoUnary is a unary method on generated messages: *pb.XRequest in,
// *pb.XResponse (or XReply) out; emptypb.Empty on either side.
func (a *analyzer) isProtoUnary(ft *ast.FuncType) bool {
	if !a.isUnary(ft) {
		return false
	}
	req, resp := refOf(fieldTypes(ft.Params)[1]), refOf(fieldTypes(ft.Results)[0])
	message := func(t typeRef, suffixes ...string) bool {
		if t.pkg == "" {
			return false
		}
		if t.name == "Empty" {
			return true
		}
		for _, s := range suffixes {
			if strings.HasSuffix(t.name, s) {
				return true
			}
		}
		return false
	}
	return message(req, "Request") && message(resp, "Response", "Reply")
}

// isConnectMethod matches connect-go handler methods: (ctx,
// *connect.Request[T]) and the stream forms (ctx, *connect.ClientStream[T])
// and (ctx, *connect.BidiStream[T, U]).
func (a *analyzer) isConnectMethod(ft *ast.FuncType) bool {
	params := fieldTypes(ft.Params)
	return len(params) >= 2 && a.isContext(params[0]) &&
		a.is(params[1], fwConnect, true, "Request", "ClientStream", "BidiStream")
}

// at places the interceptors in the file that writes them.
func (ics interceptorsSum) at(f linkFile) []rpcRegAt {
	out := make([]rpcRegAt, len(ics.interceptors))
	for i, ic := range ics.interceptors {
		out[i] = rpcRegAt{interceptor: ic, name: ics.names[i], pkg: f.pkg, file: f.path, unary: ics.unary[i], stream: ics.stream[i]}
	}
	return out
}

// rpcName is a service as the handlers' RPC names it.
type rpcName struct{ service, framework string }

// generatedServices adds the services of the generated interfaces the
// module declares (committed *_grpc.pb.go and *.connect.go files) to
// the types that implement them: <Service>Server for gRPC,
// <Service>Handler in a ...connect package for connect.
func (l *linker) generatedServices() {
	var ifaces []typeKey
	for p, pi := range l.pkgs {
		for name, t := range pi.types {
			if t.kind == kindInterface && t.generated {
				ifaces = append(ifaces, typeKey{p, name})
			}
		}
	}
	slices.SortFunc(ifaces, compareTypes)
	for _, iface := range ifaces {
		var svc rpcName
		switch {
		case strings.HasSuffix(iface.pkg, "connect") && strings.HasSuffix(iface.name, "Handler"):
			svc = rpcName{strings.TrimSuffix(iface.name, "Handler"), fwConnect}
		case strings.HasSuffix(iface.name, "Server"):
			svc = rpcName{strings.TrimSuffix(iface.name, "Server"), fwGRPC}
		}
		if svc.service == "" {
			continue
		}
		for _, impl := range l.implementations(iface) {
			if _, ok := l.services[impl]; !ok && !generatedStub(impl.name) {
				l.services[impl] = svc
			}
		}
	}
}

// generatedStub reports whether a type is the stub the generator writes
// beside a service interface (Unimplemented<Service>Server,
// Unimplemented<Service>Handler), whose methods answer Unimplemented:
// embedded in an implementation, it is none itself.
func generatedStub(name string) bool {
	return strings.HasPrefix(name, "Unimplemented") && (strings.HasSuffix(name, "Server") || strings.HasSuffix(name, "Handler"))
}
