package api

import (
	"net/http"

	"github.com/authzed/authzed-go/v1"
	"github.com/gin-gonic/gin"

	"example.com/ginapp/authz"
	"example.com/ginapp/perms"
)

// Router wires the routes.
func Router(client *authzed.Client, a *API) *gin.Engine {
	r := gin.New()
	r.GET("/healthz", healthz)
	api := r.Group("/api")
	api.Use(authz.RequireUser())
	{
		api.GET("/repositories", a.listRepositories)
		api.POST("/repositories", a.createRepository)
		api.PATCH("/repositories/:repo", a.renameRepository)
		api.DELETE("/repositories/:repo", a.deleteRepository)
		api.GET("/teams/:team/members", a.teamMembers)
		api.GET("/issues/:issue", a.getIssue)
		api.PUT("/issues/:issue/state", a.closeIssue)
		api.PATCH("/issues/:issue", a.retitleIssue)
	}
	readable := api.Group("/repositories/:repo")
	// Registered before the Use below, which gin does not run for it.
	readable.GET("/settings", a.repositorySettings)
	readable.Use(authz.RequireRepo(client, perms.Read))
	{
		readable.GET("", a.getRepository)
		readable.GET("/readme", a.readme)
		readable.POST("/issues", a.openIssue)
	}
	// A helper of another file given the method.
	starred(api, client, http.MethodPut, a.starRepository)
	return r
}
