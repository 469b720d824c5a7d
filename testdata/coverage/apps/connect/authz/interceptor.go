package authz

import (
	"context"

	"connectrpc.com/connect"
)

// boardRequest is a request message that names a board.
type boardRequest interface{ GetBoardId() string }

// NewInterceptor checks read on the board every request names.
func NewInterceptor() connect.UnaryInterceptorFunc {
	return func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			br, ok := req.Any().(boardRequest)
			if !ok {
				return next(ctx, req)
			}
			if err := Require(ctx, guardClient, "board", br.GetBoardId(), "read"); err != nil {
				return nil, connect.NewError(connect.CodePermissionDenied, err)
			}
			return next(ctx, req)
		}
	}
}
