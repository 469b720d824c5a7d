package authz

import (
	"github.com/authzed/authzed-go/v1"
	"github.com/gofiber/fiber/v2"
)

// Authenticated rejects anonymous requests.
func Authenticated(c *fiber.Ctx) error {
	if UserID(c.UserContext()) == "" {
		return fiber.ErrUnauthorized
	}
	return c.Next()
}

// BoardPermission checks the permission on the board named by :board.
func BoardPermission(client *authzed.Client, permission string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := Require(c.UserContext(), client, "board", c.Params("board"), permission); err != nil {
			return fiber.ErrForbidden
		}
		return c.Next()
	}
}
