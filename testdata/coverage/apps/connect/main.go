package main

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"

	"example.com/connectapp/authz"
	"example.com/connectapp/server"
	"example.com/connectapp/service"
)

func main() {
	client, err := authzed.NewClient("localhost:50051")
	if err != nil {
		panic(err)
	}
	authz.InitInterceptors(client)
	http.ListenAndServe(":8080", server.Handler(service.NewBoards(client)))
}
