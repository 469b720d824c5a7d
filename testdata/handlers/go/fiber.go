// Package http serves the project API with fiber.
package http

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/logger"

	"example.com/projects/internal/authz"
	"example.com/projects/internal/store"
)

type ProjectHandlers struct {
	store *store.Store
}

type CreateProjectBody struct {
	Name string `json:"name"`
}

func Register(app *fiber.App, h *ProjectHandlers) {
	app.Use(logger.New())
	app.Get("/livez", func(c *fiber.Ctx) error {
		return c.SendString("ok")
	})

	api := app.Group("/api", authz.Authenticate)
	api.Use("/admin", authz.RequireAdmin)

	projects := api.Group("/projects")
	projects.Get("/", h.List)
	projects.Post("/", h.Create)
	projects.Get("/:projectId", h.Get)
	projects.Put("/:projectId", authz.Require("project", "edit"), h.Update)
	projects.Delete("/:projectId", authz.Require("project", "delete"), h.Delete)

	api.Route("/admin", func(admin fiber.Router) {
		admin.Get("/projects", h.AdminList)
	})

	app.Mount("/v2", v2())
}

func v2() *fiber.App {
	app := fiber.New()
	app.All("/projects/:projectId/members", memberHandler)
	return app
}

func (h *ProjectHandlers) List(c *fiber.Ctx) error {
	projects, err := h.store.Projects(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(projects)
}

func (h *ProjectHandlers) Create(c *fiber.Ctx) error {
	var body CreateProjectBody
	if err := c.BodyParser(&body); err != nil {
		return fiber.ErrBadRequest
	}
	return c.SendStatus(fiber.StatusCreated)
}

func (h *ProjectHandlers) Get(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"id": c.Params("projectId")})
}

func (h *ProjectHandlers) Update(c *fiber.Ctx) error { return nil }

func (h *ProjectHandlers) Delete(c *fiber.Ctx) error { return nil }

func (h *ProjectHandlers) AdminList(c *fiber.Ctx) error { return nil }

func memberHandler(c *fiber.Ctx) error { return nil }
