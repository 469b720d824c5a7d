package golang

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

const bypassMiddleware = requireDecl + `
var publicPaths = map[string]bool{"/login": true, "/signup": true, "/admin": false}

var skipped = map[string]struct{}{"/metrics/raw": {}}

const feed = "/feed"

func deny(w http.ResponseWriter) { http.Error(w, "forbidden", http.StatusForbidden) }

// Guard lets through two paths, the paths under /static/, the map's
// paths and preflight requests.
func Guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := r.URL.Path
		if path == "/about" || strings.HasPrefix(r.URL.Path, "/static/") {
			next.ServeHTTP(w, r)
			return
		}
		if publicPaths[r.URL.Path] {
			next.ServeHTTP(w, r)
			return
		}
		if _, ok := skipped[path]; ok {
			next.ServeHTTP(w, r)
			return
		}
		if r.Method == http.MethodOptions || r.Method == "GET" && path == feed {
			next.ServeHTTP(w, r)
			return
		}
		if err := Require(r.Context(), r.PathValue("id")); err != nil {
			deny(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Listed reads a local list.
func Listed(next http.Handler) http.Handler {
	open := []string{"/a", "/b"}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if slices.Contains(open, r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		if err := Require(r.Context(), "x"); err != nil {
			deny(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Skip is given its path: unknown here, so no bypass.
func Skip(path string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == path {
				next.ServeHTTP(w, r)
				return
			}
			if err := Require(r.Context(), "x"); err != nil {
				deny(w)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func isPublic(r *http.Request) bool { return false }

// None of these lets anything through before its check: a condition
// read elsewhere, a branch after the check, an else, a branch that does
// not return.
func Opaque(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isPublic(r) {
			next.ServeHTTP(w, r)
			return
		}
		if err := Require(r.Context(), "x"); err != nil {
			deny(w)
			return
		}
		if r.URL.Path == "/late" {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func Assigned(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := Require(r.Context(), "x")
		if err != nil {
			deny(w)
			return
		}
		if r.URL.Path == "/after" {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func Else(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/else" {
			next.ServeHTTP(w, r)
			return
		} else {
			log.Print("checked")
		}
		if r.URL.Path == "/falls" {
			next.ServeHTTP(w, r)
		}
		if err := Require(r.Context(), "x"); err != nil {
			deny(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Gin lets the login route through, by its pattern.
func Gin(c *gin.Context) {
	if c.FullPath() == "/login/:provider" {
		c.Next()
		return
	}
	if err := Require(c.Request.Context(), c.Param("id")); err != nil {
		c.AbortWithStatus(http.StatusForbidden)
		return
	}
	c.Next()
}

// Unary lets the health check through, named by a constant of another
// package.
func Unary(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	if info.FullMethod == pb.Health_Check_FullMethodName {
		return handler(ctx, req)
	}
	if err := Require(ctx, "d"); err != nil {
		return nil, err
	}
	return handler(ctx, req)
}
`

// ifLine is the line of the if of src that starts with cond.
func ifLine(t *testing.T, src, cond string) int {
	i := strings.Index(src, "if "+cond)
	require.GreaterOrEqual(t, i, 0, cond)
	return strings.Count(src[:i], "\n") + 1
}

func bypassModule() map[string]string {
	files := authzFile(bypassMiddleware)
	files["authz/authz.go"] = strings.Replace(files["authz/authz.go"], "import (", `import (
	"log"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
	"google.golang.org/grpc"

	"example.com/m/pb"`, 1)
	files["pb/health_grpc.pb.go"] = "package pb\n\nconst Health_Check_FullMethodName = \"/grpc.health.v1.Health/Check\"\n"
	return files
}

// The requests middleware hands on before its check are read from the
// head of its body, onto the middleware and the closures it installs.
func TestBypassesOfMiddleware(t *testing.T) {
	files := bypassModule()
	prog := parseModule(t, files)
	at := func(cond string) int { return ifLine(t, files["authz/authz.go"], cond) }
	bypasses := func(id string) []coverage.Bypass {
		fn := prog.Funcs[testModule+"/"+id]
		require.NotNil(t, fn, id)
		return fn.Bypasses
	}
	guard := []coverage.Bypass{
		{Path: "/about", Line: at("path == \"/about\"")}, {Prefix: "/static/", Line: at("path == \"/about\"")},
		{Path: "/login", Line: at("publicPaths")}, {Path: "/signup", Line: at("publicPaths")},
		{Path: "/metrics/raw", Line: at("_, ok := skipped")},
		{Method: "OPTIONS", Line: at("r.Method")}, {Method: "GET", Path: "/feed", Line: at("r.Method")},
	}
	assert.Equal(t, guard, bypasses("authz.Guard$1"))
	assert.Equal(t, guard, bypasses("authz.Guard"), "the middleware installs its closure")
	assert.Equal(t, []coverage.Bypass{{Path: "/a", Line: at("slices")}, {Path: "/b", Line: at("slices")}}, bypasses("authz.Listed$1"))
	assert.Empty(t, bypasses("authz.Skip$1$1"), "a parameter's value is unknown")
	assert.Empty(t, bypasses("authz.Opaque$1"))
	assert.Empty(t, bypasses("authz.Assigned$1"), "past a branch that may deny")
	assert.Empty(t, bypasses("authz.Else$1"))
	assert.Equal(t, []coverage.Bypass{{Path: "/login/:provider", Line: at("c.FullPath()")}}, bypasses("authz.Gin"))
	assert.Equal(t, []coverage.Bypass{{Path: "/grpc.health.v1.Health/Check", Line: at("info.FullMethod")}}, bypasses("authz.Unary"))
}

// A handler that middleware lets through is not protected by it: with
// no check of its own, it is exempt, with the reason; a route the
// middleware does not let through stays protected, and one with a check
// of its own too.
func TestBypassedRoutesAreNotProtected(t *testing.T) {
	files := bypassModule()
	files["api/api.go"] = `package api

import (
	"net/http"

	"example.com/m/authz"
)

func Mux() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /login", authz.Guard(http.HandlerFunc(login)))
	mux.Handle("GET /static/app.js", authz.Guard(http.HandlerFunc(asset)))
	mux.Handle("GET /feed", authz.Guard(http.HandlerFunc(feed)))
	mux.Handle("POST /feed", authz.Guard(http.HandlerFunc(postFeed)))
	mux.Handle("GET /documents/{id}", authz.Guard(http.HandlerFunc(getDocument)))
	mux.Handle("GET /signup", authz.Guard(http.HandlerFunc(signup)))
	return mux
}

func login(w http.ResponseWriter, r *http.Request)       {}
func asset(w http.ResponseWriter, r *http.Request)       {}
func feed(w http.ResponseWriter, r *http.Request)        {}
func postFeed(w http.ResponseWriter, r *http.Request)    {}
func getDocument(w http.ResponseWriter, r *http.Request) {}

func signup(w http.ResponseWriter, r *http.Request) {
	authz.Require(r.Context(), "d")
}
`
	root, gofiles := writeModule(t, files)
	prog, err := ParseProgram(context.Background(), root, gofiles, nil)
	require.NoError(t, err)
	model, err := schemas.Compile([]schemas.Source{{File: "schema.zed", Text: "definition user {}\ndefinition document {\n\trelation viewer: user\n\tpermission view = viewer\n}\n"}}, nil)
	require.NoError(t, err)
	report, err := coverage.Analyze(context.Background(), prog, model, nil)
	require.NoError(t, err)
	got := map[string]string{}
	for _, h := range report.Handlers {
		state := h.Exempt
		if state == "" {
			state = map[bool]string{true: "protected", false: "unprotected"}[len(h.Checks) > 0]
		}
		got[h.Method+" "+h.Route] = state
	}
	at := func(cond string) string {
		return fmt.Sprintf("let through by authz.Guard before its checks (authz/authz.go:%d): ", ifLine(t, files["authz/authz.go"], cond))
	}
	assert.Equal(t, map[string]string{
		"GET /login":          at("publicPaths") + "/login",
		"GET /static/app.js":  at("path == \"/about\"") + "paths under /static/",
		"GET /feed":           at("r.Method") + "GET requests to /feed",
		"POST /feed":          "protected",
		"GET /documents/{id}": "protected",
		"GET /signup":         "protected",
	}, got)
}

// A rescan after an edit of a constant a bypass names links the
// middleware's file again.
func TestBypassRescan(t *testing.T) {
	root, gofiles := writeModule(t, bypassModule())
	cache := NewCache()
	ctx := context.Background()
	_, err := ParseProgram(ctx, root, gofiles, cache)
	require.NoError(t, err)
	pb := filepath.Join(root, "pb/health_grpc.pb.go")
	require.NoError(t, os.WriteFile(pb, []byte("package pb\n\nconst Health_Check_FullMethodName = \"/grpc.health.v2.Health/Check\"\n"), 0o644))
	prog, err := ParseProgram(ctx, root, gofiles, cache)
	require.NoError(t, err)
	bypasses := prog.Funcs[testModule+"/authz.Unary"].Bypasses
	require.Len(t, bypasses, 1)
	assert.Equal(t, "/grpc.health.v2.Health/Check", bypasses[0].Path)
	cold, err := ParseProgram(ctx, root, gofiles, nil)
	require.NoError(t, err)
	assert.Equal(t, programJSON(t, cold), programJSON(t, prog))
}
