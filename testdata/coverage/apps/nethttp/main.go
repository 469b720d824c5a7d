package main

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"

	"example.com/nethttpapp/api"
	"example.com/nethttpapp/service"
)

func main() {
	client, err := authzed.NewClient("localhost:50051")
	if err != nil {
		panic(err)
	}
	s := api.NewServer(service.NewProjects(client), service.NewTasks(client))
	http.ListenAndServe(":8080", api.Mux(client, s))
}
