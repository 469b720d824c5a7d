package golang

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestProgramHandlers(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{
			name: "method values and functions across files and packages, registered once",
			files: map[string]string{
				"api/routes.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/m/docs"
)

func Routes(h *Handler, d *docs.Handler) http.Handler {
	r := chi.NewRouter()
	r.Get("/a", h.Get)
	r.Get("/b", docs.List)
	r.Get("/c", d.Show)
	r.Handle("/d", newServer())
	r.Get("/e", h.factory())
	return r
}
`,
				"api/handler.go": `
package api

import "net/http"

type Handler struct{}

func (h *Handler) Get(w http.ResponseWriter, r *http.Request) {}

func (h *Handler) factory() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {}
}

type server struct{}

func newServer() *server { return &server{} }

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {}

// Unrouted is found by its signature alone.
func Unrouted(w http.ResponseWriter, r *http.Request) {}
`,
				"docs/docs.go": `
package docs

import "net/http"

type Handler struct{}

func List(w http.ResponseWriter, r *http.Request) {}

func (h *Handler) Show(w http.ResponseWriter, r *http.Request) {}
`,
			},
			// In the order of the files that register them.
			want: []string{
				" -> api.Unrouted @api/handler.go:20",
				"GET /a -> api.Handler.Get @api/handler.go:7",
				"GET /b -> docs.List @docs/docs.go:7",
				"GET /c -> docs.Handler.Show @docs/docs.go:9",
				"/d -> api.server.ServeHTTP @api/handler.go:17",
				"GET /e -> api.Handler.factory @api/handler.go:9",
			},
		},
		{
			name: "middleware: values, factories with their arguments, locals, literals",
			files: map[string]string{
				"api/routes.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/m/authz"
	"example.com/m/perms"
)

func Routes() http.Handler {
	r := chi.NewRouter()
	r.Use(authz.RequireUser)
	edit := authz.Require(perms.Document, "edit")
	r.With(edit).Put("/docs/{id}", update)
	r.With(authz.Require("folder", perms.View)).Get("/folders/{id}", show)
	r.With(func(next http.Handler) http.Handler { return next }).Get("/x", show)
	r.Get("/wrapped", authz.Wrap(show))
	return r
}

func update(w http.ResponseWriter, r *http.Request) {}
func show(w http.ResponseWriter, r *http.Request)   {}
`,
				"authz/authz.go": `
package authz

import "net/http"

func RequireUser(next http.Handler) http.Handler { return next }

func Require(resource, permission string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler { return next }
}

func Wrap(h http.HandlerFunc) http.HandlerFunc { return h }
`,
				"perms/perms.go": `
package perms

const (
	Document = "document"
	View     = "view"
)
`,
			},
			want: []string{
				`PUT /docs/{id} -> api.update @api/routes.go:23 [authz.RequireUser authz.Require(=document, "edit")]`,
				`GET /folders/{id} -> api.show @api/routes.go:24 [authz.RequireUser authz.Require("folder", =view)]`,
				`GET /x -> api.show @api/routes.go:24 [authz.RequireUser api.Routes$1]`,
				`GET /wrapped -> api.show @api/routes.go:24 [authz.RequireUser authz.Wrap(?)]`,
			},
		},
		{
			name: "gRPC and connect interceptors, connect interceptor types",
			files: map[string]string{
				"rpc/grpc.go": `
package rpc

import (
	"context"

	"google.golang.org/grpc"

	"example.com/m/authz"
	pb "example.com/m/gen/docs/v1"
)

type docServer struct {
	pb.UnimplementedDocServiceServer
}

func (s *docServer) GetDoc(ctx context.Context, req *pb.GetDocRequest) (*pb.Doc, error) {
	return nil, nil
}

func (s *docServer) WatchDocs(req *pb.WatchDocsRequest, stream pb.DocService_WatchDocsServer) error {
	return nil
}

func Serve() {
	srv := grpc.NewServer(
		grpc.UnaryInterceptor(authz.Unary("document")),
		grpc.StreamInterceptor(authz.Stream),
	)
	pb.RegisterDocServiceServer(srv, &docServer{})
}
`,
				"rpc/connect.go": `
package rpc

import (
	"context"
	"net/http"

	"connectrpc.com/connect"

	"example.com/m/authz"
	"example.com/m/gen/folders/v1/foldersv1connect"
	foldersv1 "example.com/m/gen/folders/v1"
)

type folderServer struct{}

func (s *folderServer) GetFolder(ctx context.Context, req *connect.Request[foldersv1.GetFolderRequest]) (*connect.Response[foldersv1.Folder], error) {
	return nil, nil
}

func Mount(mux *http.ServeMux) {
	path, handler := foldersv1connect.NewFolderServiceHandler(&folderServer{}, connect.WithInterceptors(authz.NewInterceptor()))
	mux.Handle(path, handler)
}
`,
				"authz/authz.go": `
package authz

import (
	"context"

	"connectrpc.com/connect"
	"google.golang.org/grpc"
)

func Unary(resource string) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		return handler(ctx, req)
	}
}

func Stream(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	return handler(srv, ss)
}

type interceptor struct{}

func NewInterceptor() *interceptor { return &interceptor{} }

func (i *interceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc { return next }

func (i *interceptor) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

func (i *interceptor) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return next
}
`,
			},
			want: []string{
				`FolderService/GetFolder -> rpc.folderServer.GetFolder @rpc/connect.go:16 [authz.NewInterceptor authz.interceptor.WrapUnary]`,
				`DocService/GetDoc -> rpc.docServer.GetDoc @rpc/grpc.go:16 [authz.Unary("document")]`,
				`DocService/WatchDocs -> rpc.docServer.WatchDocs @rpc/grpc.go:20 [authz.Stream]`,
			},
		},
		{
			name: "routers of other packages: mounted, passed, nested, mounted twice",
			files: map[string]string{
				"main.go": `
package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/m/api"
	"example.com/m/authz"
)

func main() {
	r := chi.NewRouter()
	r.Use(authz.RequireUser)
	r.Mount("/api", api.Routes())
	r.Mount("/v2", api.Routes())
	http.ListenAndServe(":8080", r)
}
`,
				"api/api.go": `
package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/m/authz"
	"example.com/m/docs"
)

func Routes() chi.Router {
	r := chi.NewRouter()
	r.Route("/docs", func(r chi.Router) {
		docs.Register(r.With(authz.Audit))
	})
	return r
}
`,
				"docs/docs.go": `
package docs

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func Register(r chi.Router) {
	r.Get("/{id}", get)
}

func get(w http.ResponseWriter, r *http.Request) {}
`,
				"authz/authz.go": `
package authz

import "net/http"

func RequireUser(next http.Handler) http.Handler { return next }
func Audit(next http.Handler) http.Handler       { return next }
`,
			},
			want: []string{
				"GET /api/docs/{id} -> docs.get @docs/docs.go:13 [authz.RequireUser authz.Audit]",
				"GET /v2/docs/{id} -> docs.get @docs/docs.go:13 [authz.RequireUser authz.Audit]",
			},
		},
		{
			name: "public: a comment above the function or the registration",
			files: map[string]string{
				"api/routes.go": `
package api

import (
	"net/http"

	"example.com/m/ops"
)

func Routes(mux *http.ServeMux) {
	// authz:public the load balancer probes it
	mux.HandleFunc("GET /healthz", ops.Healthz)
	mux.HandleFunc("GET /metrics", ops.Metrics)
	mux.HandleFunc("GET /docs", ops.Docs)
}
`,
				"ops/ops.go": `
package ops

import "net/http"

func Healthz(w http.ResponseWriter, r *http.Request) {}

// Metrics serves Prometheus.
//
// authz:public scraped from inside the cluster
func Metrics(w http.ResponseWriter, r *http.Request) {}

// authz:publicity is no marker
func Docs(w http.ResponseWriter, r *http.Request) {}
`,
			},
			want: []string{
				"GET /healthz -> ops.Healthz @ops/ops.go:5 public: the load balancer probes it",
				"GET /metrics -> ops.Metrics @ops/ops.go:10 public: scraped from inside the cluster",
				"GET /docs -> ops.Docs @ops/ops.go:13",
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, handlers(parseModule(t, tc.files)))
		})
	}
}
