package golang

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// summary writes a handler on one line for table expectations:
// `framework METHOD route rpc -> Function @line op [middleware]`, leaving
// out the parts it does not have.
func summary(h coverage.Handler) string {
	parts := []string{h.Framework}
	for _, p := range []string{h.Method, h.Route, h.RPC} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	s := fmt.Sprintf("%s -> %s @%d %s", strings.Join(parts, " "), h.Function, h.Line, h.Operation)
	if len(h.Middleware) > 0 {
		s += " [" + strings.Join(h.Middleware, " ") + "]"
	}
	return s
}

func parseHandlers(t *testing.T, src string) []string {
	t.Helper()
	f := parse(t, src)
	require.Empty(t, f.Errors, "the test source must parse")
	out := []string{}
	for _, h := range f.Handlers {
		assert.Equal(t, coverage.Go, h.Language)
		assert.Equal(t, "app/x.go", h.File)
		out = append(out, summary(h))
	}
	return out
}

func parse(t *testing.T, src string) *coverage.File {
	t.Helper()
	f, err := ParseFile("app/x.go", []byte(strings.TrimPrefix(src, "\n")))
	require.NoError(t, err)
	return f
}

type handlerCase struct {
	name string
	src  string
	want []string
}

func runHandlerCases(t *testing.T, cases []handlerCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, parseHandlers(t, tc.src))
		})
	}
}

func TestNetHTTP(t *testing.T) {
	runHandlerCases(t, []handlerCase{
		{
			name: "method patterns on a local mux, method values and functions",
			src: `
package docs

import "net/http"

type Handler struct{}

func (h *Handler) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /docs/{id}", h.getDoc)
	mux.HandleFunc("POST /docs", createDoc)
	mux.Handle("DELETE /docs/{id}", http.HandlerFunc(h.deleteDoc))
}

func (h *Handler) getDoc(w http.ResponseWriter, r *http.Request) {}

func createDoc(w http.ResponseWriter, r *http.Request) {}

func (h *Handler) deleteDoc(w http.ResponseWriter, r *http.Request) {}
`,
			want: []string{
				"net/http GET /docs/{id} -> Handler.getDoc @13 read",
				"net/http POST /docs -> createDoc @15 create",
				"net/http DELETE /docs/{id} -> Handler.deleteDoc @17 delete",
			},
		},
		{
			name: "aliased import, default mux, pattern without method",
			src: `
package docs

import stdhttp "net/http"

func main() {
	stdhttp.HandleFunc("/docs/", listDocs)
	stdhttp.ListenAndServe(":8080", nil)
}

func listDocs(w stdhttp.ResponseWriter, r *stdhttp.Request) {}
`,
			want: []string{"net/http /docs/ -> listDocs @10 list"},
		},
		{
			name: "a local type with the right names is no handler",
			src: `
package docs

type ResponseWriter interface{}
type Request struct{}

func getDoc(w ResponseWriter, r *Request) {}
`,
			want: []string{},
		},
		{
			name: "wrappers, closures bound to variables, inline closures, factories, ServeHTTP",
			src: `
package docs

import (
	"net/http"

	"example.com/authz"
)

type shares struct{}

func (s *shares) ServeHTTP(w http.ResponseWriter, r *http.Request) {}

var listDocs = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})

func routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /docs", authz.RequireUser(listDocs))
	mux.Handle("GET /shares/{id}", requireOwner(&shares{}))
	mux.HandleFunc("GET /folders", folders())
	mux.HandleFunc("POST /docs/{id}/archive", func(w http.ResponseWriter, r *http.Request) {})
	get := func(w http.ResponseWriter, r *http.Request) {}
	mux.HandleFunc("GET /docs/{id}", get)
	mux.Handle("GET /metrics", promhttp.Handler())
	return mux
}

func requireOwner(next http.Handler) http.Handler { return next }

func folders() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {}
}
`,
			want: []string{
				"net/http GET /shares/{id} -> shares.ServeHTTP @11 read [requireOwner]",
				"net/http GET /docs -> listDocs @13 list [authz.RequireUser]",
				"net/http POST /docs/{id}/archive -> POST /docs/{id}/archive @20 update",
				"net/http GET /docs/{id} -> get @21 read",
				"net/http GET /metrics -> promhttp.Handler @23 other",
				"net/http GET /folders -> folders @29 list",
			},
		},
		{
			name: "sub-mux behind StripPrefix, server-wide middleware",
			src: `
package docs

import (
	"net/http"

	"example.com/authz"
)

func Run() error {
	admin := http.NewServeMux()
	admin.HandleFunc("GET /users", listUsers)
	mux := http.NewServeMux()
	mux.Handle("/admin/", authz.RequireAdmin(http.StripPrefix("/admin", admin)))
	srv := &http.Server{Addr: ":8080", Handler: logging(mux)}
	return srv.ListenAndServe()
}

func listUsers(w http.ResponseWriter, r *http.Request) {}

func logging(next http.Handler) http.Handler { return next }
`,
			want: []string{"net/http GET /admin/users -> listUsers @18 list [logging authz.RequireAdmin]"},
		},
		{
			name: "unregistered handler functions and closures",
			src: `
package docs

import "net/http"

type Handler struct{}

func (h *Handler) DeleteDocument(w http.ResponseWriter, r *http.Request) {}

var getFolder = func(w http.ResponseWriter, r *http.Request) {}

func notAHandler(w http.ResponseWriter) {}
`,
			want: []string{
				"net/http -> Handler.DeleteDocument @7 delete",
				"net/http -> getFolder @9 read",
			},
		},
		{
			name: "constant paths and unknown ones",
			src: `
package docs

import "net/http"

const base = "/api/v1"

func routes(mux *http.ServeMux, cfg Config) {
	mux.HandleFunc("GET "+base+"/docs", listDocs)
	mux.HandleFunc(cfg.HealthPath, health)
}

func listDocs(w http.ResponseWriter, r *http.Request) {}

func health(w http.ResponseWriter, r *http.Request) {}
`,
			want: []string{
				"net/http GET /api/v1/docs -> listDocs @12 list",
				"net/http -> health @14 other",
			},
		},
	})
}

func TestChi(t *testing.T) {
	runHandlerCases(t, []handlerCase{
		{
			name: "Route, Group, With, Use and Method",
			src: `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"example.com/authz"
)

func Router(h *Docs) http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.Logger)
	r.Route("/docs", func(r chi.Router) {
		r.Use(authz.RequireUser)
		r.Get("/", h.List)
		r.With(authz.Require("doc", "edit")).Put("/{id}", h.Update)
		r.Group(func(r chi.Router) {
			r.Use(authz.RequireAdmin)
			r.Method(http.MethodDelete, "/{id}", http.HandlerFunc(h.Delete))
		})
		r.Post("/", func(w http.ResponseWriter, r *http.Request) {})
	})
	r.Get("/healthz", health)
	return r
}

type Docs struct{}

func (d *Docs) List(w http.ResponseWriter, r *http.Request)   {}
func (d *Docs) Update(w http.ResponseWriter, r *http.Request) {}
func (d *Docs) Delete(w http.ResponseWriter, r *http.Request) {}

func health(w http.ResponseWriter, r *http.Request) {}
`,
			want: []string{
				"chi POST /docs -> POST /docs @23 create [middleware.Logger authz.RequireUser]",
				"chi GET /docs -> Docs.List @31 list [middleware.Logger authz.RequireUser]",
				"chi PUT /docs/{id} -> Docs.Update @32 update [middleware.Logger authz.RequireUser authz.Require]",
				"chi DELETE /docs/{id} -> Docs.Delete @33 delete [middleware.Logger authz.RequireUser authz.RequireAdmin]",
				"chi GET /healthz -> health @35 other [middleware.Logger]",
			},
		},
		{
			name: "Mount of sub-routers built by functions of the file",
			src: `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/authz"
)

type Folders struct{}

func Router(f *Folders) chi.Router {
	r := chi.NewRouter()
	r.Route("/api", func(api chi.Router) {
		api.Mount("/folders", f.Routes())
		api.Mount("/admin", admin())
	})
	return r
}

func (f *Folders) Routes() chi.Router {
	r := chi.NewRouter()
	r.Get("/{id}", f.Get)
	return r
}

func admin() http.Handler {
	r := chi.NewRouter()
	registerAudit(r)
	return authz.RequireAdmin(r)
}

func registerAudit(r chi.Router) {
	r.Get("/audit", listAudit)
}

func (f *Folders) Get(w http.ResponseWriter, r *http.Request) {}

func listAudit(w http.ResponseWriter, r *http.Request) {}
`,
			want: []string{
				"chi GET /api/folders/{id} -> Folders.Get @38 read",
				"chi GET /api/admin/audit -> listAudit @40 list [authz.RequireAdmin]",
			},
		},
		{
			name: "a router received as a parameter is a root",
			src: `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func Register(r chi.Router, h *Handler) {
	r.Post("/comments", h.addComment)
}

type Handler struct{}

func (h *Handler) addComment(w http.ResponseWriter, r *http.Request) {}
`,
			want: []string{"chi POST /comments -> Handler.addComment @15 create"},
		},
		{
			name: "mount of a sub-router from another package is left for the cross-package pass",
			src: `
package api

import (
	"github.com/go-chi/chi/v5"

	"example.com/app/docs"
)

func Router() chi.Router {
	r := chi.NewRouter()
	r.Mount("/docs", docs.Routes())
	return r
}
`,
			want: []string{},
		},
	})
}

func TestGin(t *testing.T) {
	runHandlerCases(t, []handlerCase{{
		name: "groups, route middleware, Any, Handle, Match, chained routes",
		src: `
package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"example.com/authz"
)

type H struct{}

func Setup(h *H) *gin.Engine {
	r := gin.New()
	r.Use(gin.Logger())
	api := r.Group("/api", authz.RequireUser())
	{
		api.GET("/docs", h.listDocs)
		api.DELETE("/docs/:id", authz.Require("doc", "delete"), h.deleteDoc)
		api.Any("/ping", func(c *gin.Context) {})
		api.Handle("PATCH", "/docs/:id", h.patchDoc)
		api.Match([]string{"GET", http.MethodHead}, "/docs/:id", h.getDoc)
		api.POST("/a", h.createA).POST("/b", h.createB)
	}
	return r
}

func (h *H) listDocs(c *gin.Context)  {}
func (h *H) deleteDoc(c *gin.Context) {}
func (h *H) patchDoc(c *gin.Context)  {}
func (h *H) getDoc(c *gin.Context)    {}
func (h *H) createA(c *gin.Context)   {}
func (h *H) createB(c *gin.Context)   {}
`,
		want: []string{
			"gin /api/ping -> /api/ping @20 other [gin.Logger authz.RequireUser]",
			"gin GET /api/docs -> H.listDocs @28 list [gin.Logger authz.RequireUser]",
			"gin DELETE /api/docs/:id -> H.deleteDoc @29 delete [gin.Logger authz.RequireUser authz.Require]",
			"gin PATCH /api/docs/:id -> H.patchDoc @30 update [gin.Logger authz.RequireUser]",
			"gin GET /api/docs/:id -> H.getDoc @31 read [gin.Logger authz.RequireUser]",
			"gin HEAD /api/docs/:id -> H.getDoc @31 read [gin.Logger authz.RequireUser]",
			"gin POST /api/a -> H.createA @32 create [gin.Logger authz.RequireUser]",
			"gin POST /api/b -> H.createB @33 create [gin.Logger authz.RequireUser]",
		},
	}})
}

func TestEcho(t *testing.T) {
	runHandlerCases(t, []handlerCase{{
		name: "groups, Use, middleware after the handler, Add",
		src: `
package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"example.com/authz"
)

func New() *echo.Echo {
	e := echo.New()
	g := e.Group("/api", authz.JWT)
	g.Use(audit)
	g.GET("/docs/:id", getDoc, authz.Require("doc", "view"))
	g.Add(http.MethodPut, "/docs/:id", updateDoc)
	e.POST("/login", func(c echo.Context) error { return nil })
	return e
}

func audit(next echo.HandlerFunc) echo.HandlerFunc { return next }

func getDoc(c echo.Context) error    { return nil }
func updateDoc(c echo.Context) error { return nil }
`,
		want: []string{
			"echo POST /login -> POST /login @17 create",
			"echo GET /api/docs/:id -> getDoc @23 read [authz.JWT audit authz.Require]",
			"echo PUT /api/docs/:id -> updateDoc @24 update [authz.JWT audit]",
		},
	}})
}

func TestGorilla(t *testing.T) {
	runHandlerCases(t, []handlerCase{{
		name: "Methods, subrouters, route builders",
		src: `
package router

import (
	"net/http"

	"github.com/gorilla/mux"

	"example.com/authz"
)

func New() *mux.Router {
	r := mux.NewRouter()
	r.HandleFunc("/health", health)
	api := r.PathPrefix("/api").Subrouter()
	api.Use(authz.Middleware)
	api.HandleFunc("/docs/{id}", getDoc).Methods(http.MethodGet, "HEAD").Name("doc")
	api.Methods("POST").Path("/docs").HandlerFunc(createDoc)
	return r
}

func health(w http.ResponseWriter, r *http.Request)    {}
func getDoc(w http.ResponseWriter, r *http.Request)    {}
func createDoc(w http.ResponseWriter, r *http.Request) {}
`,
		want: []string{
			"gorilla /health -> health @21 other",
			"gorilla GET /api/docs/{id} -> getDoc @22 read [authz.Middleware]",
			"gorilla HEAD /api/docs/{id} -> getDoc @22 read [authz.Middleware]",
			"gorilla POST /api/docs -> createDoc @23 create [authz.Middleware]",
		},
	}})
}

func TestFiber(t *testing.T) {
	runHandlerCases(t, []handlerCase{{
		name: "groups, scoped Use, Route, Mount, Add",
		src: `
package api

import (
	"github.com/gofiber/fiber/v2"

	"example.com/authz"
)

func Setup() *fiber.App {
	app := fiber.New()
	api := app.Group("/api", authz.Authenticate)
	api.Use("/admin", authz.RequireAdmin)
	api.Get("/projects/:id", getProject)
	api.Route("/admin", func(r fiber.Router) {
		r.Delete("/projects/:id", deleteProject)
	})
	api.Add("PUT", "/projects/:id", updateProject)
	sub := fiber.New()
	sub.Post("/members", addMember)
	app.Mount("/teams", sub)
	return app
}

func getProject(c *fiber.Ctx) error    { return nil }
func deleteProject(c *fiber.Ctx) error { return nil }
func updateProject(c *fiber.Ctx) error { return nil }
func addMember(c *fiber.Ctx) error     { return nil }
`,
		want: []string{
			"fiber GET /api/projects/:id -> getProject @24 read [authz.Authenticate]",
			"fiber DELETE /api/admin/projects/:id -> deleteProject @25 delete [authz.Authenticate authz.RequireAdmin]",
			"fiber PUT /api/projects/:id -> updateProject @26 update [authz.Authenticate]",
			"fiber POST /teams/members -> addMember @27 create",
		},
	}})
}

func TestGRPC(t *testing.T) {
	runHandlerCases(t, []handlerCase{
		{
			name: "embedded Unimplemented server, registration with interceptors",
			src: `
package rpc

import (
	"context"

	"google.golang.org/grpc"

	pb "example.com/gen/docs/v1"
	"example.com/authz"
)

type server struct {
	pb.UnimplementedDocServiceServer
}

func (s *server) GetDoc(ctx context.Context, req *pb.GetDocRequest) (*pb.Doc, error) { return nil, nil }

func (s *server) Watch(req *pb.WatchRequest, stream pb.DocService_WatchServer) error { return nil }

func (s *server) helper(ctx context.Context, req *pb.GetDocRequest) (*pb.Doc, error) { return nil, nil }

func Serve() {
	srv := grpc.NewServer(grpc.UnaryInterceptor(authz.Unary), grpc.ChainStreamInterceptor(authz.Stream))
	pb.RegisterDocServiceServer(srv, &server{})
}
`,
			want: []string{
				"grpc DocService/GetDoc -> server.GetDoc @16 read [authz.Unary]",
				"grpc DocService/Watch -> server.Watch @18 other [authz.Stream]",
			},
		},
		{
			name: "registered without embedding; interceptors from an options slice",
			src: `
package rpc

import (
	"context"

	"google.golang.org/grpc"

	pb "example.com/gen/folders/v1"
	"example.com/authz"
)

type Folders struct{}

func (f *Folders) DeleteFolder(ctx context.Context, req *pb.DeleteFolderRequest) (*pb.Folder, error) {
	return nil, nil
}

func Serve() {
	opts := []grpc.ServerOption{grpc.ChainUnaryInterceptor(authz.Unary, logging)}
	srv := grpc.NewServer(opts...)
	f := newFolders()
	pb.RegisterFolderServiceServer(srv, f)
}

func newFolders() *Folders { return &Folders{} }
`,
			want: []string{"grpc FolderService/DeleteFolder -> Folders.DeleteFolder @14 delete [authz.Unary logging]"},
		},
		{
			name: "a type named like a service with proto-shaped methods",
			src: `
package rpc

import (
	"context"

	pb "example.com/gen/docs/v1"
	"example.com/app/models"
)

type DocService struct{}

func (s *DocService) CreateDoc(ctx context.Context, req *pb.CreateDocRequest) (*pb.CreateDocResponse, error) {
	return nil, nil
}

func (s *DocService) load(ctx context.Context, req *pb.CreateDocRequest) (*pb.CreateDocResponse, error) {
	return nil, nil
}

type Repo struct{}

func (r *Repo) CreateDoc(ctx context.Context, req *pb.CreateDocRequest) (*pb.CreateDocResponse, error) {
	return nil, nil
}

type UserService struct{}

func (s *UserService) GetUser(ctx context.Context, id *models.UserID) (*models.User, error) {
	return nil, nil
}
`,
			want: []string{"grpc DocService/CreateDoc -> DocService.CreateDoc @12 create"},
		},
	})
}

func TestConnect(t *testing.T) {
	runHandlerCases(t, []handlerCase{{
		name: "handler signature, generated handler with interceptors and HTTP middleware",
		src: `
package rpc

import (
	"context"
	"net/http"

	"connectrpc.com/connect"

	docsv1 "example.com/gen/docs/v1"
	"example.com/gen/docs/v1/docsv1connect"
	"example.com/authz"
)

type DocServer struct{}

func (s *DocServer) GetDoc(ctx context.Context, req *connect.Request[docsv1.GetDocRequest]) (*connect.Response[docsv1.GetDocResponse], error) {
	return nil, nil
}

func (s *DocServer) Chat(ctx context.Context, stream *connect.BidiStream[docsv1.ChatRequest, docsv1.ChatResponse]) error {
	return nil
}

type Unrelated struct{}

func (u *Unrelated) GetThing(ctx context.Context, req *connect.Request[docsv1.GetDocRequest]) (*connect.Response[docsv1.GetDocResponse], error) {
	return nil, nil
}

func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle(docsv1connect.NewDocServiceHandler(&DocServer{}, connect.WithInterceptors(authz.NewInterceptor())))
	return authz.RequireUser(mux)
}
`,
		want: []string{
			"connect DocService/GetDoc -> DocServer.GetDoc @16 read [authz.RequireUser authz.NewInterceptor]",
			"connect DocService/Chat -> DocServer.Chat @20 other [authz.RequireUser authz.NewInterceptor]",
			"connect Unrelated/GetThing -> Unrelated.GetThing @26 read",
		},
	}})
}

// TestHandlerNames covers how a registered handler expression is named.
func TestHandlerNames(t *testing.T) {
	runHandlerCases(t, []handlerCase{{
		name: "receivers, typed locals and parameters, untyped receivers, packages",
		src: `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/app/legacy"
)

type Docs struct{}
type Folders struct{}

func NewDocs() *Docs { return &Docs{} }

func (d *Docs) Routes(r chi.Router, f *Folders, other *legacy.Handler) {
	r.Get("/a", d.list)
	docs := NewDocs()
	r.Get("/b", docs.list)
	lit := &Folders{}
	r.Get("/c", lit.show)
	r.Get("/d", f.archive)
	r.Get("/e", other.List)
	r.Get("/f", legacy.ListThings)
	built := newFoldersElsewhere()
	r.Get("/g", built.purge)
}

func (d *Docs) list(w http.ResponseWriter, r *http.Request)    {}
func (f *Folders) show(w http.ResponseWriter, r *http.Request) {}
func (f *Folders) purge(w http.ResponseWriter, r *http.Request) {}
`,
		want: []string{
			"chi GET /d -> Folders.archive @22 update",
			"chi GET /e -> other.List @23 list",
			"chi GET /f -> legacy.ListThings @24 list",
			"chi GET /a -> Docs.list @29 list",
			"chi GET /b -> Docs.list @29 list",
			"chi GET /c -> Folders.show @30 read",
			"chi GET /g -> Folders.purge @31 delete",
		},
	}})
}

// TestImplicitRouter covers routers in fields of structs declared in
// another file, whose type the walker cannot see.
func TestImplicitRouter(t *testing.T) {
	runHandlerCases(t, []handlerCase{
		{
			name: "chi router in a field",
			src: `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/authz"
)

func (s *Server) routes() {
	s.router.Use(authz.RequireUser)
	s.router.Get("/docs/{id}", s.getDoc)
	s.router.Route("/folders", func(r chi.Router) {
		r.Get("/", s.listFolders)
	})
}

func (s *Server) getDoc(w http.ResponseWriter, r *http.Request) {}
`,
			want: []string{
				"chi GET /folders -> Server.listFolders @15 list [authz.RequireUser]",
				"chi GET /docs/{id} -> Server.getDoc @19 read [authz.RequireUser]",
			},
		},
		{
			name: "a client call is no route",
			src: `
package api

import "net/http"

func fetch(c *http.Client) {
	c.Get("/docs")
	client.Get("/folders")
}
`,
			want: []string{},
		},
	})
}

func TestFunctions(t *testing.T) {
	f := parse(t, `
package x

type List[T any] struct{}

func (l *List[T]) Len() int {
	return 0
}

func (l List[T]) Empty() bool { return true }

func helper() {}

var handler = func() {
}
`)
	assert.Equal(t, []coverage.Function{
		{Name: "List.Len", Line: 5, EndLine: 7},
		{Name: "List.Empty", Line: 9, EndLine: 9},
		{Name: "helper", Line: 11, EndLine: 11},
		{Name: "handler", Line: 13, EndLine: 14},
	}, f.Functions)
	assert.Equal(t, &f.Functions[0], f.FunctionAt(6))
}

func TestIdentifiers(t *testing.T) {
	f := parse(t, `
package api

import (
	"context"
	"net/http"

	pb "example.com/gen/docs/v1"
)

type DocumentStore struct{}

type createFolderRequest struct{}

func (s *DocumentStore) routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/v2/folders/{id}/share-links", s.createShareLink)
}

func (s *DocumentStore) createShareLink(w http.ResponseWriter, r *http.Request) {
	var req createFolderRequest
	ctx := context.Background()
	_ = pb.ShareLink{}
	_, _ = req, ctx
}

func main() {}
`)
	assert.Equal(t, []string{
		"DocumentStore", "createFolderRequest", "routes", "folders", "share", "links",
		"createShareLink", "ShareLink",
	}, f.Identifiers)
}

func TestParseFileEmptyAndBinary(t *testing.T) {
	for name, src := range map[string][]byte{
		"empty":  nil,
		"binary": {0x7f, 'E', 'L', 'F', 0, 0, 0xff, 0xfe, '\n', 'f', 'u', 'n', 'c', ' ', 0},
		"text":   []byte("just some words\n"),
	} {
		t.Run(name, func(t *testing.T) {
			f, err := ParseFile("x.go", src)
			require.NoError(t, err)
			assert.NotEmpty(t, f.Errors)
			assert.Empty(t, f.Handlers)
			assert.Equal(t, "x.go", f.Path)
			assert.Equal(t, coverage.Go, f.Language)
		})
	}
}
