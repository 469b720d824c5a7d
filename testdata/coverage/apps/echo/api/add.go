package api

import "github.com/labstack/echo/v4"

// add registers h at method and path behind mw; routes.go calls it with
// the method as a constant of net/http or of another package.
func add(e *echo.Echo, method, path string, h echo.HandlerFunc, mw echo.MiddlewareFunc) {
	e.Add(method, path, h, mw)
}
