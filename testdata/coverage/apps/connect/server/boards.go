// Package server implements the BoardService over connect.
package server

import (
	"context"
	"net/http"

	"connectrpc.com/connect"

	boardsv1 "example.com/gen/boards/v1"
	"example.com/gen/boards/v1/boardsv1connect"

	"example.com/connectapp/admin"
	"example.com/connectapp/authz"
	"example.com/connectapp/service"
)

// BoardServer implements boardsv1connect.BoardServiceHandler.
type BoardServer struct {
	boardsv1connect.UnimplementedBoardServiceHandler
	boards *service.Boards
}

func (s *BoardServer) CreateBoard(ctx context.Context, req *connect.Request[boardsv1.CreateBoardRequest]) (*connect.Response[boardsv1.Board], error) {
	b, err := s.boards.Create(ctx, req.Msg.GetName())
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&boardsv1.Board{Id: b.ID, Name: b.Name}), nil
}

func (s *BoardServer) GetBoard(ctx context.Context, req *connect.Request[boardsv1.GetBoardRequest]) (*connect.Response[boardsv1.Board], error) {
	b := s.boards.Get(ctx, req.Msg.GetBoardId())
	return connect.NewResponse(&boardsv1.Board{Id: b.ID, Name: b.Name}), nil
}

func (s *BoardServer) ListBoards(ctx context.Context, req *connect.Request[boardsv1.ListBoardsRequest]) (*connect.Response[boardsv1.ListBoardsResponse], error) {
	ids, err := s.boards.List(ctx)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&boardsv1.ListBoardsResponse{Ids: ids}), nil
}

func (s *BoardServer) UpdateBoard(ctx context.Context, req *connect.Request[boardsv1.UpdateBoardRequest]) (*connect.Response[boardsv1.Board], error) {
	if err := s.boards.Rename(ctx, req.Msg.GetBoardId(), req.Msg.GetName()); err != nil {
		return nil, err
	}
	return connect.NewResponse(&boardsv1.Board{Id: req.Msg.GetBoardId(), Name: req.Msg.GetName()}), nil
}

func (s *BoardServer) DeleteBoard(ctx context.Context, req *connect.Request[boardsv1.DeleteBoardRequest]) (*connect.Response[boardsv1.DeleteBoardResponse], error) {
	if err := s.boards.IsOwner(ctx, req.Msg.GetBoardId()); err != nil {
		return nil, err
	}
	if err := s.boards.Remove(ctx, req.Msg.GetBoardId()); err != nil {
		return nil, err
	}
	return connect.NewResponse(&boardsv1.DeleteBoardResponse{}), nil
}

// Handler mounts the services behind the authz interceptor.
func Handler(boards *service.Boards) http.Handler {
	mux := http.NewServeMux()
	mux.Handle(boardsv1connect.NewBoardServiceHandler(&BoardServer{boards: boards}, connect.WithInterceptors(authz.NewInterceptor())))
	mux.Handle(boardsv1connect.NewBoardAdminServiceHandler(admin.New(boards), connect.WithInterceptors(authz.NewInterceptor())))
	mux.HandleFunc("GET /healthz", healthz)
	return mux
}

func healthz(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }
