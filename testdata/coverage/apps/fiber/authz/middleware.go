package authz

import (
	"github.com/authzed/authzed-go/v1"
	"github.com/gofiber/fiber/v2"
)

// Authenticated rejects anonymous requests.
func Authenticated(c *fiber.Ctx) error { // not a handler
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

// Audit notes who calls what; installed with app.Use.
func Audit(c *fiber.Ctx) error { // not a handler
	c.Locals("audit", UserID(c.UserContext()))
	return c.Next()
}

// Throttle limits the request rate; not installed yet, and still
// middleware, as it passes the request on.
func Throttle(c *fiber.Ctx) error { // not a handler
	return c.Next()
}
