module example.com/fiberapp

go 1.23

require (
	github.com/authzed/authzed-go v1.4.1
	github.com/gofiber/fiber/v2 v2.52.5
)
