package main

import (
	"github.com/authzed/authzed-go/v1"
	"github.com/labstack/echo/v4"

	"example.com/echoapp/api"
	"example.com/echoapp/service"
)

func main() {
	client, err := authzed.NewClient("localhost:50051")
	if err != nil {
		panic(err)
	}
	e := echo.New()
	api.Register(e, client, api.NewHandlers(service.NewBoards(client), service.NewCards(client)))
	e.Logger.Fatal(e.Start(":8080"))
}
