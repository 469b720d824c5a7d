package main

import (
	"github.com/authzed/authzed-go/v1"
	"github.com/gofiber/fiber/v2"

	"example.com/fiberapp/api"
	"example.com/fiberapp/service"
)

func main() {
	client, err := authzed.NewClient("localhost:50051")
	if err != nil {
		panic(err)
	}
	app := fiber.New()
	api.Setup(app, client, &api.Handlers{Boards: service.NewBoards(client), Cards: service.NewCards(client)})
	app.Listen(":8080")
}
