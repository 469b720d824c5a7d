// Package admin implements the BoardAdminService. Its type embeds no
// Unimplemented handler: package server registers it, behind the authz
// interceptor.
package admin

import (
	"context"

	"connectrpc.com/connect"

	boardsv1 "example.com/gen/boards/v1"

	"example.com/connectapp/service"
)

type boardAdmin struct {
	boards *service.Boards
}

// New makes the service.
func New(boards *service.Boards) *boardAdmin { return &boardAdmin{boards: boards} }

// GetBoardOwner relies on the interceptor's read check.
func (a *boardAdmin) GetBoardOwner(ctx context.Context, req *connect.Request[boardsv1.GetBoardOwnerRequest]) (*connect.Response[boardsv1.User], error) { // protected "BoardAdminService/GetBoardOwner"
	b := a.boards.Get(ctx, req.Msg.GetBoardId())
	return connect.NewResponse(&boardsv1.User{Id: b.Owner}), nil
}

func (a *boardAdmin) TransferBoard(ctx context.Context, req *connect.Request[boardsv1.TransferBoardRequest]) (*connect.Response[boardsv1.Board], error) { // protected "BoardAdminService/TransferBoard"
	if err := a.boards.Transfer(ctx, req.Msg.GetBoardId(), req.Msg.GetUserId()); err != nil {
		return nil, err
	}
	return connect.NewResponse(&boardsv1.Board{Id: req.Msg.GetBoardId()}), nil
}
