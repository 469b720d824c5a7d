package golang

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// nethttpWrapperAuthz is an authz package with a middleware factory and a
// wrapper that takes the handler last.
const nethttpWrapperAuthz = `
package authz

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"
)

func RequireProject(client *authzed.Client, perm string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
		})
	}
}

func RequireProjectFunc(client *authzed.Client, perm string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		next(w, r)
	}
}
`

const nethttpWrapperServer = `
package api

import "net/http"

type Server struct{}

func (s *Server) Get(w http.ResponseWriter, r *http.Request)        {}
func (s *Server) List(w http.ResponseWriter, r *http.Request)       {}
func (s *Server) CreateTask(w http.ResponseWriter, r *http.Request) {}

func plain(w http.ResponseWriter, r *http.Request) {}
`

func TestNetHTTPFactoryMiddleware(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"authz/authz.go": nethttpWrapperAuthz,
		"api/server.go":  nethttpWrapperServer,
		"api/routes.go": `
package api

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"

	"example.com/m/authz"
)

const view = "view"

func Mux(client *authzed.Client, s *Server) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /a", authz.RequireProject(client, view)(http.HandlerFunc(s.Get)))
	canView := authz.RequireProject(client, "view")
	mux.Handle("GET /b", canView(http.HandlerFunc(s.List)))
	return mux
}
`,
	})
	assert.Equal(t, []string{
		`GET /a -> api.Server.Get @api/server.go:7 [authz.RequireProject(?, =view)]`,
		`GET /b -> api.Server.List @api/server.go:8 [authz.RequireProject(?, "view")]`,
	}, routed(prog))
}

func TestNetHTTPWrapperHandlerLast(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"authz/authz.go": nethttpWrapperAuthz,
		"api/server.go":  nethttpWrapperServer,
		"perms/perms.go": "package perms\n\nconst View = \"view\"\n",
		"api/routes.go": `
package api

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"

	"example.com/m/authz"
	"example.com/m/perms"
)

func Mux(client *authzed.Client, s *Server) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /x", authz.RequireProjectFunc(client, perms.View, s.CreateTask))
	mux.HandleFunc("GET /y", authz.RequireProjectFunc(client, perms.View, plain))
	mux.HandleFunc("GET /z", authz.RequireProjectFunc(client, perms.View, func(w http.ResponseWriter, r *http.Request) {}))
	return mux
}
`,
	})
	assert.Equal(t, []string{
		`POST /x -> api.Server.CreateTask @api/server.go:9 [authz.RequireProjectFunc(?, =view, ?)]`,
		`GET /y -> api.plain @api/server.go:11 [authz.RequireProjectFunc(?, =view, ?)]`,
		`GET /z -> api.Mux$1 @api/routes.go:16 [authz.RequireProjectFunc(?, =view, ?)]`,
	}, routed(prog))
}

// routed lists the handlers that have a route.
func routed(prog *coverage.Program) []string {
	out := []string{}
	for _, h := range prog.Handlers {
		if h.Route != "" {
			out = append(out, fmtHandler(h))
		}
	}
	return out
}

func TestGRPCInterceptorsRegisteredElsewhere(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"authz/authz.go": `
package authz

import (
	"context"

	"google.golang.org/grpc"
)

func Unary(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	return h(ctx, req)
}

func Stream(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, h grpc.StreamHandler) error {
	return h(srv, ss)
}
`,
		"server/boards.go": `
package server

import (
	"context"

	boardsv1 "example.com/gen/boards/v1"
)

type BoardServer struct {
	boardsv1.UnimplementedBoardServiceServer
}

func NewBoardServer() *BoardServer { return &BoardServer{} }

func (s *BoardServer) GetBoard(ctx context.Context, req *boardsv1.GetBoardRequest) (*boardsv1.Board, error) {
	return nil, nil
}

func (s *BoardServer) WatchBoards(req *boardsv1.WatchRequest, stream boardsv1.BoardService_WatchBoardsServer) error {
	return nil
}
`,
		"main.go": `
package main

import (
	"google.golang.org/grpc"

	boardsv1 "example.com/gen/boards/v1"

	"example.com/m/authz"
	"example.com/m/server"
)

func main() {
	srv := grpc.NewServer(grpc.ChainUnaryInterceptor(authz.Unary), grpc.StreamInterceptor(authz.Stream))
	boardsv1.RegisterBoardServiceServer(srv, server.NewBoardServer())
}
`,
	})
	assert.Equal(t, []string{
		`BoardService/GetBoard -> server.BoardServer.GetBoard @server/boards.go:15 [authz.Unary]`,
		`BoardService/WatchBoards -> server.BoardServer.WatchBoards @server/boards.go:19 [authz.Stream]`,
	}, handlers(prog))
	for _, h := range prog.Handlers {
		assert.Len(t, h.Middleware, 1, h.RPC)
	}
}

func TestGRPCInterceptorsRegisteredInAnotherFileOfThePackage(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"authz/authz.go": `
package authz

import (
	"context"

	"google.golang.org/grpc"
)

func Unary(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	return h(ctx, req)
}
`,
		"server/boards.go": boardServerFile,
		"server/serve.go": `
package server

import (
	"google.golang.org/grpc"

	boardsv1 "example.com/gen/boards/v1"

	"example.com/m/authz"
)

func Serve() *grpc.Server {
	srv := grpc.NewServer(grpc.UnaryInterceptor(authz.Unary))
	boardsv1.RegisterBoardServiceServer(srv, &BoardServer{})
	return srv
}
`,
	})
	assert.Equal(t, []string{
		`BoardService/GetBoard -> server.BoardServer.GetBoard @server/boards.go:13 [authz.Unary]`,
	}, handlers(prog))
}

// A gRPC server made by a function of the file keeps the interceptors
// its options carry: newServer() returning grpc.NewServer(...).
func TestGRPCServerMadeByAHelper(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"authz/authz.go": `
package authz

import (
	"context"

	"google.golang.org/grpc"
)

func Unary(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	return h(ctx, req)
}
`,
		"server/boards.go": `
package server

import (
	"context"

	"google.golang.org/grpc"

	boardsv1 "example.com/gen/boards/v1"

	"example.com/m/authz"
)

type BoardServer struct {
	boardsv1.UnimplementedBoardServiceServer
}

func (s *BoardServer) GetBoard(ctx context.Context, req *boardsv1.GetBoardRequest) (*boardsv1.Board, error) {
	return nil, nil
}

func newServer() *grpc.Server {
	return grpc.NewServer(grpc.ChainUnaryInterceptor(authz.Unary))
}

func Serve() *grpc.Server {
	srv := newServer()
	boardsv1.RegisterBoardServiceServer(srv, &BoardServer{})
	return srv
}
`,
	})
	assert.Equal(t, []string{
		`BoardService/GetBoard -> server.BoardServer.GetBoard @server/boards.go:17 [authz.Unary]`,
	}, handlers(prog))
}

// A service another file registers on two servers is served by each,
// behind that server's interceptors alone: the server without the authz
// interceptor serves it unchecked. A type its own file registers keeps
// all of them.
func TestGRPCServiceRegisteredOnTwoServers(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"authz/authz.go": `
package authz

import (
	"context"

	"google.golang.org/grpc"
)

func Unary(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	return h(ctx, req)
}

func Logging(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	return h(ctx, req)
}
`,
		"server/boards.go": boardServerFile,
		"main.go": `
package main

import (
	"google.golang.org/grpc"

	boardsv1 "example.com/gen/boards/v1"

	"example.com/m/authz"
	"example.com/m/server"
)

func main() {
	internal := grpc.NewServer(grpc.UnaryInterceptor(authz.Logging))
	boardsv1.RegisterBoardServiceServer(internal, &server.BoardServer{})
	public := grpc.NewServer(grpc.ChainUnaryInterceptor(authz.Logging, authz.Unary))
	boardsv1.RegisterBoardServiceServer(public, &server.BoardServer{})
	bare := grpc.NewServer()
	boardsv1.RegisterBoardServiceServer(bare, &server.BoardServer{})
	// One server, the type registered under a second service too (as
	// openfga's): behind the same interceptors, listed once.
	boardsv1.RegisterBoardAdminServiceServer(public, &server.BoardServer{})
}
`,
	})
	assert.ElementsMatch(t, []string{
		`BoardService/GetBoard -> server.BoardServer.GetBoard @server/boards.go:13 [authz.Logging]`,
		`BoardService/GetBoard -> server.BoardServer.GetBoard @server/boards.go:13 [authz.Logging authz.Unary]`,
		`BoardService/GetBoard -> server.BoardServer.GetBoard @server/boards.go:13`,
	}, handlers(prog))
}

// boardServerFile implements BoardService's GetBoard, in package server.
const boardServerFile = `
package server

import (
	"context"

	boardsv1 "example.com/gen/boards/v1"
)

type BoardServer struct {
	boardsv1.UnimplementedBoardServiceServer
}

func (s *BoardServer) GetBoard(ctx context.Context, req *boardsv1.GetBoardRequest) (*boardsv1.Board, error) {
	return nil, nil
}
`
