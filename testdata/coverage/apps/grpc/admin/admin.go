// Package admin implements the BoardAdminService. Its type embeds no
// Unimplemented server and is not named like one: package server
// registers it, behind the server's interceptors.
package admin

import (
	"context"

	boardsv1 "example.com/gen/boards/v1"

	"example.com/grpcapp/service"
)

type boardAdmin struct {
	boards *service.Boards
}

// New makes the service.
func New(boards *service.Boards) *boardAdmin { return &boardAdmin{boards: boards} }

func (a *boardAdmin) RenameBoard(ctx context.Context, req *boardsv1.RenameBoardRequest) (*boardsv1.Board, error) { // protected "BoardAdminService/RenameBoard"
	b, err := a.boards.Rename(ctx, req.GetBoardId(), req.GetName())
	if err != nil {
		return nil, err
	}
	return &boardsv1.Board{Id: b.ID, Name: b.Name}, nil
}

func (a *boardAdmin) ExportBoards(req *boardsv1.ExportBoardsRequest, stream boardsv1.BoardAdminService_ExportBoardsServer) error { // protected "BoardAdminService/ExportBoards"
	ids, err := a.boards.List(stream.Context())
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := stream.Send(&boardsv1.Board{Id: id}); err != nil {
			return err
		}
	}
	return nil
}

// WatchBoard streams a board's changes; the stream interceptor checked
// read.
func (a *boardAdmin) WatchBoard(req *boardsv1.WatchBoardRequest, stream boardsv1.BoardAdminService_WatchBoardServer) error { // protected "BoardAdminService/WatchBoard"
	b := a.boards.Get(stream.Context(), req.GetBoardId())
	return stream.Send(&boardsv1.Board{Id: b.ID, Name: b.Name})
}
