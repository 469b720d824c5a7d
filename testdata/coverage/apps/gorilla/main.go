package main

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"

	"example.com/gorillaapp/api"
	"example.com/gorillaapp/service"
)

func main() {
	client, err := authzed.NewClient("localhost:50051")
	if err != nil {
		panic(err)
	}
	h := &api.Handlers{Boards: service.NewBoards(client), Cards: service.NewCards(client)}
	http.ListenAndServe(":8080", api.NewRouter(client, h))
}
