package main

import (
	"net"

	"github.com/authzed/authzed-go/v1"

	"example.com/grpcapp/authz"
	"example.com/grpcapp/server"
	"example.com/grpcapp/service"
)

func main() {
	client, err := authzed.NewClient("localhost:50051")
	if err != nil {
		panic(err)
	}
	authz.InitInterceptors(client)
	lis, err := net.Listen("tcp", ":9090")
	if err != nil {
		panic(err)
	}
	server.Serve(lis, service.NewBoards(client))
}
