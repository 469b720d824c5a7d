package server

import (
	boardsv1 "example.com/gen/boards/v1"

	"example.com/grpcapp/admin"
)

// registerAdmin registers the admin service, implemented in package
// admin, on the server Serve made.
func (s *Server) registerAdmin() {
	boardsv1.RegisterBoardAdminServiceServer(s.grpc, admin.New(s.boards))
}
