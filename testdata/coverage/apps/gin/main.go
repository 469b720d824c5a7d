package main

import (
	"github.com/authzed/authzed-go/v1"

	"example.com/ginapp/api"
	"example.com/ginapp/service"
)

func main() {
	client, err := authzed.NewClient("localhost:50051")
	if err != nil {
		panic(err)
	}
	a := api.New(service.NewRepos(client), service.NewIssues(client), service.NewTeams(client))
	api.Router(client, a).Run(":8080")
}
