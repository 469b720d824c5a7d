package main

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"

	"example.com/chiapp/api"
	"example.com/chiapp/service"
)

func main() {
	client, err := authzed.NewClient("localhost:50051")
	if err != nil {
		panic(err)
	}
	h := api.NewHandler(service.NewDocuments(client), service.NewFolders(client))
	http.ListenAndServe(":8080", api.Routes(client, h))
}
