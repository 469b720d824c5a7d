package main

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"

	"example.com/chiapp/api"
	"example.com/chiapp/service"
	"example.com/chiapp/sharing"
)

func main() {
	client, err := authzed.NewClient("localhost:50051")
	if err != nil {
		panic(err)
	}
	docs := service.NewDocuments(client)
	h := api.NewHandler(docs, service.NewFolders(client))
	http.ListenAndServe(":8080", api.Routes(client, h, sharing.New(docs)))
}
