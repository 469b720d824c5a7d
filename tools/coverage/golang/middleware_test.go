package golang

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Gin's and fiber's middleware have a handler's signature: installed
// with Use or a group, or passing the request on with Next, they are
// middleware, never handlers of their own.
func TestMiddlewareWithAHandlerSignatureIsNoHandler(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"authz/authz.go": `
package authz

import "github.com/gofiber/fiber/v2"

func Authenticated(c *fiber.Ctx) error { return nil }

func Audit(c *fiber.Ctx) error { return nil }
`,
		"api/routes.go": `
package api

import (
	"github.com/gofiber/fiber/v2"

	"example.com/m/authz"
)

func Setup(app *fiber.App) {
	app.Use(logRequests)
	api := app.Group("/api", authz.Authenticated)
	api.Use(authz.Audit)
	api.Get("/boards", listBoards)
}

func logRequests(c *fiber.Ctx) error { return nil }

func listBoards(c *fiber.Ctx) error { return nil }

// Unrouted is still found by its signature.
func Unrouted(c *fiber.Ctx) error { return nil }
`,
		"ginapi/mw.go": `
package ginapi

import "github.com/gin-gonic/gin"

// requireUser is registered nowhere yet, and passes the request on.
func requireUser(c *gin.Context) {
	if c.GetHeader("X-User") == "" {
		c.AbortWithStatus(401)
		return
	}
	c.Next()
}

func show(c *gin.Context) {}
`,
	})
	assert.Equal(t, []string{
		"GET /api/boards -> api.listBoards @api/routes.go:18 [api.logRequests authz.Authenticated authz.Audit]",
		" -> api.Unrouted @api/routes.go:21",
		" -> ginapi.show @ginapi/mw.go:14",
	}, handlers(prog))
}

// A dependency's middleware or interceptor runs the functions of the
// module it is given: go-grpc-middleware's auth interceptor calls
// authorize on each request, nested in a selector.
func TestDependencyMiddlewareRunsTheModulesFunctions(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"srv/srv.go": `
package srv

import (
	"context"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/auth"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/selector"
	"google.golang.org/grpc"

	pb "example.com/m/gen"
)

type S struct{ pb.UnimplementedDocsServer }

func (s *S) GetDoc(ctx context.Context, req *pb.GetDocRequest) (*pb.Doc, error) { return nil, nil }

func Serve(secret string) {
	srv := grpc.NewServer(grpc.ChainUnaryInterceptor(
		selector.UnaryServerInterceptor(auth.UnaryServerInterceptor(authorize), selector.MatchFunc(notHealth)),
	))
	pb.RegisterDocsServer(srv, &S{})
}

func authorize(ctx context.Context) (context.Context, error) { return ctx, nil }

func notHealth(ctx context.Context, c any) bool { return true }
`,
		"api/api.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/jwtauth/v5"
	"github.com/justinas/alice"

	"example.com/m/policy"
)

var tokenAuth *jwtauth.JWTAuth

func Routes() http.Handler {
	r := chi.NewRouter()
	r.Use(jwtauth.Verifier(tokenAuth), extauthz.Require(policy.New("document")))
	r.Get("/docs/{id}", get)
	return r
}

func get(w http.ResponseWriter, r *http.Request) {}

func Mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /chained", alice.New(logging, requireUser).Then(http.HandlerFunc(get)))
	return mux
}

func logging(next http.Handler) http.Handler     { return next }
func requireUser(next http.Handler) http.Handler { return next }
`,
		"policy/policy.go": `
package policy

import "net/http"

func New(resource string) func(*http.Request) bool {
	return func(r *http.Request) bool { return true }
}
`,
	})
	assert.Equal(t, []string{
		`GET /docs/{id} -> api.get @api/api.go:22 [policy.New("document")]`,
		"GET /chained -> api.get @api/api.go:22 [api.logging api.requireUser]",
		"Docs/GetDoc -> srv.S.GetDoc @srv/srv.go:15 [srv.authorize srv.notHealth]",
	}, handlers(prog))
}

// A dependency's chain built through locals (base := alice.New(logging);
// protected := base.Append(requireUser)) runs the middleware given all
// along it, and a chain without requireUser does not run it.
func TestDependencyChainThroughLocals(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"api/api.go": `
package api

import (
	"net/http"

	"github.com/justinas/alice"
)

func Mux() *http.ServeMux {
	base := alice.New(logging)
	protected := base.Append(requireUser)
	mux := http.NewServeMux()
	mux.Handle("GET /docs/{id}", protected.ThenFunc(get))
	mux.Handle("GET /raw/{id}", base.ThenFunc(get))
	return mux
}

func get(w http.ResponseWriter, r *http.Request) {}

func logging(next http.Handler) http.Handler     { return next }
func requireUser(next http.Handler) http.Handler { return next }
`,
	})
	assert.ElementsMatch(t, []string{
		"GET /docs/{id} -> api.get @api/api.go:18 [api.logging api.requireUser]",
		"GET /raw/{id} -> api.get @api/api.go:18 [api.logging]",
	}, handlers(prog))
}
