// Package server implements the BoardService over gRPC.
package server

import (
	"context"
	"net"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/auth"
	"google.golang.org/grpc"

	boardsv1 "example.com/gen/boards/v1"

	"example.com/grpcapp/authz"
	"example.com/grpcapp/service"
)

// BoardServer implements boardsv1.BoardServiceServer.
type BoardServer struct {
	boardsv1.UnimplementedBoardServiceServer
	boards *service.Boards
}

// NewBoardServer makes the server.
func NewBoardServer(boards *service.Boards) *BoardServer { return &BoardServer{boards: boards} }

func (s *BoardServer) CreateBoard(ctx context.Context, req *boardsv1.CreateBoardRequest) (*boardsv1.Board, error) {
	b, err := s.boards.Create(ctx, req.GetName())
	if err != nil {
		return nil, err
	}
	return &boardsv1.Board{Id: b.ID, Name: b.Name}, nil
}

func (s *BoardServer) GetBoard(ctx context.Context, req *boardsv1.GetBoardRequest) (*boardsv1.Board, error) {
	b := s.boards.Get(ctx, req.GetBoardId())
	return &boardsv1.Board{Id: b.ID, Name: b.Name}, nil
}

func (s *BoardServer) ListBoards(ctx context.Context, req *boardsv1.ListBoardsRequest) (*boardsv1.ListBoardsResponse, error) {
	ids, err := s.boards.List(ctx)
	if err != nil {
		return nil, err
	}
	return &boardsv1.ListBoardsResponse{Ids: ids}, nil
}

func (s *BoardServer) DeleteBoard(ctx context.Context, req *boardsv1.DeleteBoardRequest) (*boardsv1.DeleteBoardResponse, error) {
	if err := s.boards.Remove(ctx, req.GetBoardId()); err != nil {
		return nil, err
	}
	return &boardsv1.DeleteBoardResponse{}, nil
}

func (s *BoardServer) ShareBoard(ctx context.Context, req *boardsv1.ShareBoardRequest) (*boardsv1.ShareBoardResponse, error) {
	if err := s.boards.Share(ctx, req.GetBoardId(), req.GetTeam()); err != nil {
		return nil, err
	}
	return &boardsv1.ShareBoardResponse{}, nil
}

// Server keeps the gRPC server: admin.go registers the admin service
// on it.
type Server struct {
	grpc   *grpc.Server
	boards *service.Boards
}

// Serve registers the services behind the authz interceptors and serves.
func Serve(lis net.Listener, boards *service.Boards) error {
	s := &Server{
		grpc: grpc.NewServer(
			grpc.UnaryInterceptor(authz.Unary),
			// go-grpc-middleware's auth interceptor calls authz.BoardStream
			// on every streaming call.
			grpc.StreamInterceptor(auth.StreamServerInterceptor(authz.BoardStream)),
		),
		boards: boards,
	}
	boardsv1.RegisterBoardServiceServer(s.grpc, &BoardServer{boards: boards})
	s.registerAdmin()
	return s.grpc.Serve(lis)
}
