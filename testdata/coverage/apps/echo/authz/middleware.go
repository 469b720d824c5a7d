package authz

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"
	"github.com/labstack/echo/v4"
)

// Authenticated rejects anonymous requests.
func Authenticated(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if UserID(c.Request().Context()) == "" {
			return echo.NewHTTPError(http.StatusUnauthorized)
		}
		return next(c)
	}
}

// BoardPermission checks the permission on the board named by :board.
func BoardPermission(client *authzed.Client, permission string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if err := Require(c.Request().Context(), client, "board", c.Param("board"), permission); err != nil {
				return echo.NewHTTPError(http.StatusForbidden)
			}
			return next(c)
		}
	}
}
