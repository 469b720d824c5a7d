package server

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/ambient-authz/ambient-authz/prompts"
	"github.com/ambient-authz/ambient-authz/schemas"
	"github.com/ambient-authz/ambient-authz/tools"
	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// mcpPrompts are the MCP prompts: authz_handler, authz_review and
// schema_design. Their texts live in prompts/; here they get arguments.
func mcpPrompts(d tools.Deps) []server.ServerPrompt {
	return []server.ServerPrompt{
		{Prompt: mcp.NewPrompt("authz_handler",
			mcp.WithPromptDescription("Write an HTTP or RPC handler with correct SpiceDB authorization: the rules, the schema slice, the permission to check, the relationships to write, and code in the file's language."),
			mcp.WithArgument("file", mcp.ArgumentDescription("Source file of the handler, relative to the project root.")),
			mcp.WithArgument("handler", mcp.ArgumentDescription("The handler function, e.g. CreateDocument.")),
			mcp.WithArgument("resource", mcp.ArgumentDescription("The schema definition it acts on, e.g. document.")),
			mcp.WithArgument("operation", mcp.ArgumentDescription("create, read, update, delete, list, share, unshare or other.")),
		), Handler: func(ctx context.Context, req mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
			a := req.Params.Arguments
			c, err := tools.BuildAuthzContext(ctx, d, tools.AuthzContextArgs{File: a["file"], Handler: a["handler"], Resource: a["resource"], Operation: a["operation"]})
			if err != nil {
				return nil, err
			}
			return promptResult("Write the handler with correct authorization", prompts.HandlerPrompt(c)), nil
		}},
		{Prompt: mcp.NewPrompt("authz_review",
			mcp.WithPromptDescription("Review a file or a diff for authorization gaps against the SpiceDB schema: unchecked handlers, missing relationship writes and deletes, unfiltered lists, wrong names."),
			mcp.WithArgument("file", mcp.ArgumentDescription("A source file to review, relative to the project root.")),
			mcp.WithArgument("diff", mcp.ArgumentDescription("A unified diff to review instead of (or besides) a file.")),
		), Handler: func(ctx context.Context, req mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
			return reviewPrompt(ctx, d, req.Params.Arguments["file"], req.Params.Arguments["diff"])
		}},
		{Prompt: mcp.NewPrompt("schema_design",
			mcp.WithPromptDescription("Design a schema change for a new feature or resource: the current schema, the closest example pattern, naming conventions, and the edit → validate_schema loop."),
			mcp.WithArgument("description", mcp.RequiredArgument(), mcp.ArgumentDescription("The feature or resource to model, in words.")),
		), Handler: func(ctx context.Context, req mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
			m, err := d.Store.Model(ctx)
			if err != nil && !isNoSchema(err) {
				return nil, err
			}
			description := strings.TrimSpace(req.Params.Arguments["description"])
			if description == "" {
				return nil, &schemas.InputError{Kind: schemas.ErrBadArgument, Message: "schema_design needs a description of the feature or resource", Fix: "pass `description`, e.g. \"teams that share dashboards with read-only guests\""}
			}
			return promptResult("Design the schema change", prompts.DesignPrompt(m, schemas.ClosestExample(description), description)), nil
		}},
	}
}

// diffFile matches the new-side file of a unified diff.
var diffFile = regexp.MustCompile(`(?m)^\+\+\+ (?:b/)?(\S+)`)

func reviewPrompt(ctx context.Context, d tools.Deps, file, diff string) (*mcp.GetPromptResult, error) {
	var files []string
	if file != "" {
		files = append(files, file)
	}
	for _, m := range diffFile.FindAllStringSubmatch(diff, -1) {
		if _, ok := coverage.LanguageOf(m[1]); ok && m[1] != "/dev/null" && !slices.Contains(files, m[1]) {
			files = append(files, m[1])
		}
	}
	if len(files) == 0 {
		return nil, &schemas.InputError{Kind: schemas.ErrBadArgument, Message: "authz_review needs a source file or a diff that touches one", Fix: "pass `file` (e.g. handlers/documents.go) or `diff` (unified diff)"}
	}
	var contexts []*prompts.AuthzContext
	for _, f := range files {
		c, err := tools.BuildAuthzContext(ctx, d, tools.AuthzContextArgs{File: f})
		if err != nil {
			return nil, err
		}
		contexts = append(contexts, c)
	}
	findings, err := reviewFindings(ctx, d, files)
	if err != nil {
		return nil, err
	}
	return promptResult("Review authorization", prompts.ReviewPrompt(contexts, findings, diff)), nil
}

// reviewFindings runs check_coverage's analysis (Go only, for now) and
// returns the findings in the reviewed files, one per line.
func reviewFindings(ctx context.Context, d tools.Deps, files []string) (string, error) {
	var goFiles []string
	for _, f := range files {
		if lang, _ := coverage.LanguageOf(f); lang == coverage.Go {
			goFiles = append(goFiles, f)
		}
	}
	if len(goFiles) == 0 {
		return "", nil
	}
	r, err := tools.RunCoverage(ctx, d, tools.CoverageOptions{Paths: goFiles})
	if err != nil {
		return "", err
	}
	if len(r.Findings) == 0 {
		return "none in these files", nil
	}
	var b strings.Builder
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "- %s %s %s:%d %s: %s — fix: %s\n", f.Severity, f.Rule, f.File, f.Line, f.Handler, f.Message, f.Fix)
	}
	return b.String(), nil
}

func isNoSchema(err error) bool {
	ie, ok := err.(*schemas.InputError)
	return ok && ie.Kind == schemas.ErrNoSchema
}

func promptResult(description, text string) *mcp.GetPromptResult {
	return mcp.NewGetPromptResult(description, []mcp.PromptMessage{mcp.NewPromptMessage(mcp.RoleUser, mcp.NewTextContent(text))})
}
