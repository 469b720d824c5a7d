package authz

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"
	"github.com/gin-gonic/gin"
)

// RequireUser rejects anonymous requests.
func RequireUser() gin.HandlerFunc {
	return func(c *gin.Context) {
		if UserID(c.Request.Context()) == "" {
			c.AbortWithStatus(http.StatusUnauthorized)
			return
		}
		c.Next()
	}
}

// RequireRepo checks the permission on the repository named by the
// route's :repo.
func RequireRepo(client *authzed.Client, permission string) gin.HandlerFunc {
	return func(c *gin.Context) {
		// Preflight requests, and the readme, which is public, go
		// through unchecked.
		if c.Request.Method == http.MethodOptions || c.FullPath() == "/api/repositories/:repo/readme" {
			c.Next()
			return
		}
		if err := Require(c.Request.Context(), client, "repository", c.Param("repo"), permission); err != nil {
			c.AbortWithStatus(http.StatusForbidden)
			return
		}
		c.Next()
	}
}
