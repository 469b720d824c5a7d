package authz

import (
	"context"

	"github.com/authzed/authzed-go/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// boardRequest is a request that names a board.
type boardRequest interface{ GetBoardId() string }

// guardClient is the client the interceptors ask.
var guardClient *authzed.Client

// InitInterceptors sets the interceptors' client.
func InitInterceptors(c *authzed.Client) { guardClient = c }

// Unary checks read on the board every request names.
func Unary(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	br, ok := req.(boardRequest)
	if !ok {
		return handler(ctx, req)
	}
	if err := Require(ctx, guardClient, "board", br.GetBoardId(), "read"); err != nil {
		return nil, status.Error(codes.PermissionDenied, err.Error())
	}
	return handler(ctx, req)
}

// BoardStream checks read on the board a streaming call names in its
// metadata.
func BoardStream(ctx context.Context) (context.Context, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	if err := Require(ctx, guardClient, "board", firstOf(md.Get("board-id")), "read"); err != nil {
		return nil, status.Error(codes.PermissionDenied, err.Error())
	}
	return ctx, nil
}

func firstOf(values []string) string {
	if len(values) == 0 {
		return ""
	}
	return values[0]
}
