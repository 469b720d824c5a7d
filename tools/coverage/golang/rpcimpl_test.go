package golang

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// boardsImpl implements a generated gRPC service without embedding
// Unimplemented...Server, under a name that says nothing.
const boardsImpl = `
package boards

import (
	"context"

	boardsv1 "example.com/m/gen/boards/v1"
)

type impl struct{}

func New() *impl { return &impl{} }

func (s *impl) GetBoard(ctx context.Context, req *boardsv1.GetBoardRequest) (*boardsv1.Board, error) {
	return nil, nil
}

func (s *impl) WatchBoard(req *boardsv1.WatchBoardRequest, stream boardsv1.BoardService_WatchBoardServer) error {
	return nil
}

// Helper has the shape of an RPC, and is taken for one as the rest of
// the type's methods are: the service's methods are not always known.
func (s *impl) Helper(ctx context.Context, req *boardsv1.GetBoardRequest) (*boardsv1.Board, error) {
	return nil, nil
}

// unrelated is neither registered nor implementing a service.
type unrelated struct{}

func (u *unrelated) Lookup(ctx context.Context, req *boardsv1.GetBoardRequest) (*boardsv1.Board, error) {
	return nil, nil
}
`

// boardsGRPC is the generated service interface boardsImpl implements.
const boardsGRPC = `
package boardsv1

import "context"

type BoardServiceServer interface {
	GetBoard(context.Context, *GetBoardRequest) (*Board, error)
	WatchBoard(*WatchBoardRequest, BoardService_WatchBoardServer) error
}

type GetBoardRequest struct{}
type WatchBoardRequest struct{}
type Board struct{}
type BoardService_WatchBoardServer interface{ Send(*Board) error }
`

func TestGRPCServiceImplementedWithoutEmbedding(t *testing.T) {
	t.Run("registered in another package", func(t *testing.T) {
		prog := parseModule(t, map[string]string{
			"boards/boards.go": boardsImpl,
			"main.go": `
package main

import (
	"google.golang.org/grpc"

	boardsv1 "example.com/m/gen/boards/v1"

	"example.com/m/authz"
	"example.com/m/boards"
)

func main() {
	srv := grpc.NewServer(grpc.UnaryInterceptor(authz.Unary))
	boardsv1.RegisterBoardServiceServer(srv, boards.New())
}
`,
			"authz/authz.go": `
package authz

import (
	"context"

	"google.golang.org/grpc"
)

func Unary(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	return handler(ctx, req)
}
`,
		})
		assert.Equal(t, []string{
			"BoardService/GetBoard -> boards.impl.GetBoard @boards/boards.go:13 [authz.Unary]",
			"BoardService/WatchBoard -> boards.impl.WatchBoard @boards/boards.go:17",
			"BoardService/Helper -> boards.impl.Helper @boards/boards.go:23 [authz.Unary]",
		}, handlers(prog))
	})
	t.Run("built by a constructor declared to return the service's interface", func(t *testing.T) {
		// spicedb: NewPermissionsServer() v1.PermissionsServiceServer,
		// the interface of another module, and the methods in two files.
		prog := parseModule(t, map[string]string{
			"boards/boards.go": strings.Replace(boardsImpl, "func New() *impl { return &impl{} }",
				"func New() boardsv1.BoardServiceServer { return &impl{} }", 1),
			"boards/more.go": `
package boards

import (
	"context"

	boardsv1 "example.com/m/gen/boards/v1"
)

func (s *impl) ArchiveBoard(ctx context.Context, req *boardsv1.GetBoardRequest) (*boardsv1.Board, error) {
	return nil, nil
}
`,
			"main.go": `
package main

import (
	"google.golang.org/grpc"

	boardsv1 "example.com/m/gen/boards/v1"

	"example.com/m/boards"
)

func main() {
	boardsv1.RegisterBoardServiceServer(grpc.NewServer(), boards.New())
}
`,
		})
		assert.Equal(t, []string{
			"BoardService/GetBoard -> boards.impl.GetBoard @boards/boards.go:13",
			"BoardService/WatchBoard -> boards.impl.WatchBoard @boards/boards.go:17",
			"BoardService/Helper -> boards.impl.Helper @boards/boards.go:23",
			"BoardService/ArchiveBoard -> boards.impl.ArchiveBoard @boards/more.go:9",
		}, handlers(prog))
	})
	t.Run("implementing a generated interface of the module", func(t *testing.T) {
		prog := parseModule(t, map[string]string{
			"boards/boards.go":                boardsImpl,
			"gen/boards/v1/boards_grpc.pb.go": boardsGRPC,
		})
		assert.Equal(t, []string{
			"BoardService/GetBoard -> boards.impl.GetBoard @boards/boards.go:13",
			"BoardService/WatchBoard -> boards.impl.WatchBoard @boards/boards.go:17",
			"BoardService/Helper -> boards.impl.Helper @boards/boards.go:23",
		}, handlers(prog))
	})
	t.Run("beside the generated stub, which is no implementation", func(t *testing.T) {
		prog := parseModule(t, map[string]string{
			"boards/boards.go": boardsImpl,
			"gen/boards/v1/boards_grpc.pb.go": boardsGRPC + `
// UnimplementedBoardServiceServer answers Unimplemented to every RPC.
type UnimplementedBoardServiceServer struct{}

func (UnimplementedBoardServiceServer) GetBoard(context.Context, *GetBoardRequest) (*Board, error) {
	return nil, nil
}
func (UnimplementedBoardServiceServer) WatchBoard(*WatchBoardRequest, BoardService_WatchBoardServer) error {
	return nil
}
`,
		})
		assert.Equal(t, []string{
			"BoardService/GetBoard -> boards.impl.GetBoard @boards/boards.go:13",
			"BoardService/WatchBoard -> boards.impl.WatchBoard @boards/boards.go:17",
			"BoardService/Helper -> boards.impl.Helper @boards/boards.go:23",
		}, handlers(prog))
	})
	t.Run("implementing a hand-written interface named like one", func(t *testing.T) {
		prog := parseModule(t, map[string]string{
			"boards/boards.go": boardsImpl,
			"store/store.go": `
package store

import (
	"context"

	boardsv1 "example.com/m/gen/boards/v1"
)

// BoardServer is the service layer's view of a store, no gRPC service.
type BoardServer interface {
	GetBoard(context.Context, *boardsv1.GetBoardRequest) (*boardsv1.Board, error)
}
`,
		})
		assert.Empty(t, handlers(prog))
	})
	t.Run("neither registered nor implementing a service", func(t *testing.T) {
		prog := parseModule(t, map[string]string{"boards/boards.go": boardsImpl})
		assert.Empty(t, handlers(prog))
	})
}

func TestConnectServiceRegisteredInAnotherPackage(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"boards/boards.go": `
package boards

import (
	"context"

	"connectrpc.com/connect"

	boardsv1 "example.com/m/gen/boards/v1"
)

type impl struct{}

func New() *impl { return &impl{} }

func (s *impl) GetBoard(ctx context.Context, req *connect.Request[boardsv1.GetBoardRequest]) (*connect.Response[boardsv1.Board], error) {
	return nil, nil
}
`,
		"main.go": `
package main

import (
	"net/http"

	"connectrpc.com/connect"

	"example.com/m/gen/boards/v1/boardsv1connect"

	"example.com/m/authz"
	"example.com/m/boards"
)

func main() {
	mux := http.NewServeMux()
	mux.Handle(boardsv1connect.NewBoardServiceHandler(boards.New(), connect.WithInterceptors(authz.NewInterceptor())))
}
`,
		"authz/authz.go": `
package authz

import (
	"context"

	"connectrpc.com/connect"
)

type interceptor struct{}

func NewInterceptor() *interceptor { return &interceptor{} }

func (i *interceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc { return next }
`,
	})
	assert.Equal(t, []string{
		"BoardService/GetBoard -> boards.impl.GetBoard @boards/boards.go:15 [authz.NewInterceptor authz.interceptor.WrapUnary]",
	}, handlers(prog))
}

// A gRPC server kept in a field carries its interceptors to the
// registrations made through the field.
func TestGRPCServerInAField(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"srv/srv.go": `
package srv

import (
	"context"

	"google.golang.org/grpc"

	pb "example.com/m/gen"
)

type Server struct {
	grpc  *grpc.Server
	other *grpc.Server
}

type docs struct{ pb.UnimplementedDocsServer }

func (d *docs) GetDoc(ctx context.Context, req *pb.GetDocRequest) (*pb.Doc, error) { return nil, nil }

func New() *Server {
	opts := []grpc.ServerOption{grpc.UnaryInterceptor(auth)}
	s := &Server{grpc: grpc.NewServer(opts...)}
	s.other = grpc.NewServer(grpc.UnaryInterceptor(audit))
	return s
}

func (s *Server) Register() {
	pb.RegisterDocsServer(s.grpc, &docs{})
}

func auth(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	return h(ctx, req)
}

func audit(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	return h(ctx, req)
}
`,
	})
	assert.Equal(t, []string{"Docs/GetDoc -> srv.docs.GetDoc @srv/srv.go:18 [srv.auth]"}, handlers(prog))
}

// The server kept in a field is made in one file, and the services are
// registered on it in another.
func TestGRPCServerInAFieldOfAnotherFile(t *testing.T) {
	prog := parseModule(t, map[string]string{
		"srv/server.go": `
package srv

import (
	"context"

	"google.golang.org/grpc"
)

type Server struct{ grpc *grpc.Server }

func New() *Server {
	s := &Server{}
	s.grpc = grpc.NewServer(grpc.UnaryInterceptor(auth))
	s.register()
	return s
}

func auth(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	return h(ctx, req)
}
`,
		"srv/register.go": `
package srv

import (
	"context"

	pb "example.com/m/gen"
)

type docs struct{}

func (d *docs) GetDoc(ctx context.Context, req *pb.GetDocRequest) (*pb.Doc, error) { return nil, nil }

func (s *Server) register() {
	pb.RegisterDocsServer(s.grpc, &docs{})
}
`,
	})
	assert.Equal(t, []string{"Docs/GetDoc -> srv.docs.GetDoc @srv/register.go:11 [srv.auth]"}, handlers(prog))
}
