package golang

import "strings"

// routerAPI is what the frontend knows of one framework's router: how a
// root router is made, which types are routers, and what each router
// method does. The frameworks differ in data, not in code.
type routerAPI struct {
	// constructors are the package functions that return a new router.
	constructors set
	// types are the package's router and group types.
	types   set
	methods map[string]routerMethod
	// handlerFirst: route middleware follows the handler (echo), instead
	// of preceding it (gin, fiber).
	handlerFirst bool
	// chained: a route registration returns the router, so registrations
	// chain (gin, fiber).
	chained bool
	// routeMethods are the methods of a route being built (gorilla's
	// *mux.Route). A router method of the same name starts a new route.
	routeMethods map[string]routeMethod
}

// routerMethod is what a router method does.
type routerMethod struct {
	kind methodKind
	// method is the HTTP method a methodRoute registers; "" for any.
	method string
}

type methodKind int

const (
	// route: (path, handlers...).
	methodRoute methodKind = iota
	// pattern: (pattern, handler), where the pattern may start with a
	// method ("GET /docs/{id}") and a router as the handler is mounted.
	methodPattern
	// methodAndRoute: (method or []methods, path, handlers...).
	methodAndRoute
	// group: (prefix, middleware...) returns a sub-router.
	methodGroup
	// routeFunc: (prefix, func(r Router)) runs the function on a
	// sub-router.
	methodRouteFunc
	// groupFunc: (func(r Router)) runs the function on a sub-router with
	// the same prefix.
	methodGroupFunc
	// with: (middleware...) returns a sub-router with the same prefix.
	methodWith
	// use: ([prefix,] middleware or sub-router...) adds middleware.
	methodUse
	// mount: (prefix, sub-router or handler).
	methodMount
)

// routeMethod is what a method of a route being built sets.
type routeMethod int

const (
	routeKeep routeMethod = iota // Name, Host, Queries, ...: no effect on the handler
	routeMethods
	routePath
	routeHandler
	routeSubrouter
)

type set map[string]bool

func setOf(names ...string) set {
	s := set{}
	for _, n := range names {
		s[n] = true
	}
	return s
}

// verbs maps a framework's per-method registration functions to HTTP
// methods, spelled Get (titleCase) or GET, and adds the other methods.
func verbs(titleCase bool, methods []string, others map[string]routerMethod) map[string]routerMethod {
	for _, method := range methods {
		name := method
		if titleCase {
			name = method[:1] + strings.ToLower(method[1:])
		}
		others[name] = routerMethod{kind: methodRoute, method: method}
	}
	return others
}

var allMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE"}

// httpMethods are the methods a constant such as http.MethodGet or
// echo.GET can name.
var httpMethods = setOf(allMethods...)

// methodConst is the method a framework's constant names: http.MethodGet,
// echo.GET.
func methodConst(name string) (string, bool) {
	m := strings.ToUpper(strings.TrimPrefix(name, "Method"))
	return m, httpMethods[m]
}

var routerAPIs = map[string]*routerAPI{
	fwNetHTTP: {
		constructors: setOf("NewServeMux"),
		types:        setOf("ServeMux"),
		methods: map[string]routerMethod{
			"Handle":     {kind: methodPattern},
			"HandleFunc": {kind: methodPattern},
		},
	},
	fwChi: {
		constructors: setOf("NewRouter", "NewMux"),
		types:        setOf("Router", "Mux", "Routes"),
		methods: verbs(true, allMethods, map[string]routerMethod{
			"Handle":     {kind: methodPattern},
			"HandleFunc": {kind: methodPattern},
			"Method":     {kind: methodAndRoute},
			"MethodFunc": {kind: methodAndRoute},
			"Route":      {kind: methodRouteFunc},
			"Group":      {kind: methodGroupFunc},
			"With":       {kind: methodWith},
			"Use":        {kind: methodUse},
			"Mount":      {kind: methodMount},
		}),
	},
	fwGin: {
		constructors: setOf("New", "Default"),
		types:        setOf("Engine", "RouterGroup", "IRouter", "IRoutes"),
		methods: verbs(false, []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}, map[string]routerMethod{
			"Any":    {kind: methodRoute},
			"Handle": {kind: methodAndRoute},
			"Match":  {kind: methodAndRoute},
			"Group":  {kind: methodGroup},
			"Use":    {kind: methodUse},
		}),
		chained: true,
	},
	fwEcho: {
		constructors: setOf("New"),
		types:        setOf("Echo", "Group"),
		methods: verbs(false, allMethods, map[string]routerMethod{
			"Any":   {kind: methodRoute},
			"Add":   {kind: methodAndRoute},
			"Match": {kind: methodAndRoute},
			"Group": {kind: methodGroup},
			"Use":   {kind: methodUse},
			"Pre":   {kind: methodUse},
		}),
		handlerFirst: true,
	},
	fwFiber: {
		constructors: setOf("New"),
		types:        setOf("App", "Router", "Group"),
		methods: verbs(true, allMethods, map[string]routerMethod{
			"All":   {kind: methodRoute},
			"Add":   {kind: methodAndRoute},
			"Group": {kind: methodGroup},
			"Route": {kind: methodRouteFunc},
			"Use":   {kind: methodUse},
			"Mount": {kind: methodMount},
		}),
		chained: true,
	},
	fwGorilla: {
		constructors: setOf("NewRouter"),
		types:        setOf("Router"),
		methods: map[string]routerMethod{
			"Handle":     {kind: methodPattern},
			"HandleFunc": {kind: methodPattern},
			"Use":        {kind: methodUse},
		},
		routeMethods: map[string]routeMethod{
			"Methods":       routeMethods,
			"Path":          routePath,
			"PathPrefix":    routePath,
			"Handler":       routeHandler,
			"HandlerFunc":   routeHandler,
			"Subrouter":     routeSubrouter,
			"NewRoute":      routeKeep,
			"Name":          routeKeep,
			"Host":          routeKeep,
			"Headers":       routeKeep,
			"HeadersRegexp": routeKeep,
			"Queries":       routeKeep,
			"Schemes":       routeKeep,
			"MatcherFunc":   routeKeep,
		},
	},
}
