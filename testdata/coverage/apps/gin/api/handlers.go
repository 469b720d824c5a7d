// Package api serves repositories and issues with gin.
package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"example.com/ginapp/service"
)

// API serves the routes.
type API struct {
	repos  *service.Repos
	issues *service.Issues
	teams  *service.Teams
}

// New makes the API.
func New(repos *service.Repos, issues *service.Issues, teams *service.Teams) *API {
	return &API{repos: repos, issues: issues, teams: teams}
}

func (a *API) listRepositories(c *gin.Context) {
	ids, err := a.repos.List(c.Request.Context())
	if err != nil {
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	c.JSON(http.StatusOK, ids)
}

func (a *API) createRepository(c *gin.Context) { // want "unprotected-handler"
	r, err := a.repos.Create(c.Request.Context(), c.PostForm("name"))
	if err != nil {
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	c.JSON(http.StatusCreated, r)
}

func (a *API) getRepository(c *gin.Context) { // protected "GET /api/repositories/:repo"
	c.JSON(http.StatusOK, a.repos.Get(c.Request.Context(), c.Param("repo")))
}

// readme is public: RequireRepo lets it through.
func (a *API) readme(c *gin.Context) { // exempt "GET /api/repositories/:repo/readme"
	c.JSON(http.StatusOK, a.repos.Get(c.Request.Context(), c.Param("repo")))
}

func (a *API) repositorySettings(c *gin.Context) { // want "unprotected-handler"
	c.JSON(http.StatusOK, a.repos.Get(c.Request.Context(), c.Param("repo")))
}

func (a *API) renameRepository(c *gin.Context) {
	if err := a.repos.Rename(c.Request.Context(), c.Param("repo"), c.PostForm("name")); err != nil {
		c.AbortWithStatus(http.StatusForbidden)
	}
}

func (a *API) deleteRepository(c *gin.Context) {
	if err := a.repos.Delete(c.Request.Context(), c.Param("repo")); err != nil {
		c.AbortWithStatus(http.StatusForbidden)
	}
}

func (a *API) openIssue(c *gin.Context) {
	i, err := a.issues.Open(c.Request.Context(), c.Param("repo"), c.PostForm("title"))
	if err != nil {
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	c.JSON(http.StatusCreated, i)
}

func (a *API) closeIssue(c *gin.Context) {
	if err := a.issues.Close(c.Request.Context(), c.Param("issue")); err != nil {
		c.AbortWithStatus(http.StatusForbidden)
	}
}

func (a *API) retitleIssue(c *gin.Context) {
	if err := a.issues.Retitle(c.Request.Context(), c.Param("issue"), c.PostForm("title")); err != nil {
		c.AbortWithStatus(http.StatusForbidden)
	}
}

func (a *API) getIssue(c *gin.Context) { // want "unprotected-handler"
	c.JSON(http.StatusOK, a.issues.Find(c.Request.Context(), c.Param("issue")))
}

func (a *API) teamMembers(c *gin.Context) {
	m, err := a.teams.Members(c.Request.Context(), c.Param("team"))
	if err != nil {
		c.AbortWithStatus(http.StatusForbidden)
		return
	}
	c.JSON(http.StatusOK, m)
}

func (a *API) starRepository(c *gin.Context) { // protected "PUT /api/repositories/:repo/stars"
	c.JSON(http.StatusOK, a.repos.Get(c.Request.Context(), c.Param("repo")))
}

func healthz(c *gin.Context) { c.String(http.StatusOK, "ok") }
