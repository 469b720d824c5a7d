package api

import (
	"github.com/authzed/authzed-go/v1"
	"github.com/gin-gonic/gin"

	"example.com/ginapp/authz"
	"example.com/ginapp/perms"
)

// starred registers h with the method router.go gives, at a path of its
// own, behind the repository's read check.
func starred(r gin.IRouter, client *authzed.Client, method string, h gin.HandlerFunc) {
	r.Handle(method, "/repositories/:repo/stars", authz.RequireRepo(client, perms.Read), h)
}
