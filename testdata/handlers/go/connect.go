// Package rpc implements the document service with connect-go.
package rpc

import (
	"context"
	"net/http"

	"connectrpc.com/connect"

	"example.com/docs/internal/authz"
	docsv1 "example.com/docs/gen/docs/v1"
	"example.com/docs/gen/docs/v1/docsv1connect"
)

type DocumentServer struct {
	checker *authz.Checker
}

func (s *DocumentServer) GetDocument(ctx context.Context, req *connect.Request[docsv1.GetDocumentRequest]) (*connect.Response[docsv1.GetDocumentResponse], error) {
	return connect.NewResponse(&docsv1.GetDocumentResponse{}), nil
}

func (s *DocumentServer) UpdateDocument(ctx context.Context, req *connect.Request[docsv1.UpdateDocumentRequest]) (*connect.Response[docsv1.UpdateDocumentResponse], error) {
	return connect.NewResponse(&docsv1.UpdateDocumentResponse{}), nil
}

func (s *DocumentServer) WatchDocuments(ctx context.Context, req *connect.Request[docsv1.WatchDocumentsRequest], stream *connect.ServerStream[docsv1.WatchDocumentsResponse]) error {
	return nil
}

// CommentService embeds the generated base type.
type CommentService struct {
	docsv1connect.UnimplementedCommentServiceHandler
}

func (c *CommentService) AddComment(ctx context.Context, req *connect.Request[docsv1.AddCommentRequest]) (*connect.Response[docsv1.AddCommentResponse], error) {
	return connect.NewResponse(&docsv1.AddCommentResponse{}), nil
}

func NewHandler(checker *authz.Checker) http.Handler {
	mux := http.NewServeMux()
	interceptors := connect.WithInterceptors(authz.NewInterceptor(checker))
	path, handler := docsv1connect.NewDocumentServiceHandler(&DocumentServer{checker: checker}, interceptors)
	mux.Handle(path, withRequestID(handler))
	mux.Handle(docsv1connect.NewCommentServiceHandler(&CommentService{}))
	return mux
}

func withRequestID(next http.Handler) http.Handler {
	return next
}
