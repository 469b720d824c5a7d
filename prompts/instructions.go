package prompts

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/ambient-authz/ambient-authz/schemas"
)

var (
	//go:embed instructions/authz_handler.md
	handlerInstructions string
	//go:embed instructions/authz_review.md
	reviewInstructions string
	//go:embed instructions/schema_design.md
	designInstructions string
)

// HandlerPrompt is the authz_handler prompt: the rules for writing a
// handler, then its context.
func HandlerPrompt(c *AuthzContext) string {
	return handlerInstructions + "\n" + c.Markdown()
}

// ReviewPrompt is the authz_review prompt: the review questions, the
// analyzer's findings for the files (when it ran), the context of each file
// under review, then the code or diff itself.
func ReviewPrompt(contexts []*AuthzContext, findings, code string) string {
	var b strings.Builder
	b.WriteString(reviewInstructions)
	if findings != "" {
		b.WriteString("\n**check_coverage findings** (deterministic; confirm and fix each)\n" + strings.TrimRight(findings, "\n") + "\n")
	}
	for _, c := range contexts {
		b.WriteString("\n" + c.Markdown() + "\n")
	}
	if code != "" {
		b.WriteString("\n**Code under review**\n```\n" + strings.TrimRight(code, "\n") + "\n```\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// DesignPrompt is the schema_design prompt: the loop and conventions, the
// current schema in summary, the closest example, then the feature.
func DesignPrompt(m *schemas.Model, closest []schemas.Example, description string) string {
	var b strings.Builder
	b.WriteString(designInstructions)
	b.WriteString("\n**Current schema**")
	if m == nil {
		b.WriteString(": none yet; start from the example.\n")
	} else {
		fmt.Fprintf(&b, " (%s)\n", m.Source)
		b.WriteString(Summary(m) + "\n")
	}
	if len(closest) > 0 {
		ex := closest[0]
		fmt.Fprintf(&b, "\n**Closest example: %s** (%s; `schema_examples {name: %q}` shows its validation file)\n```zed\n%s\n```\n",
			ex.Name, ex.Title, ex.Name, strings.TrimRight(ex.Schema, "\n"))
		if len(closest) > 1 {
			others := make([]string, 0, len(closest)-1)
			for _, o := range closest[1:] {
				others = append(others, o.Name)
			}
			b.WriteString("other examples: " + strings.Join(others, ", ") + "\n")
		}
	}
	b.WriteString("\n**Feature**\n" + strings.TrimSpace(description))
	return b.String()
}

// Summary renders each definition on one line with its permissions:
// compact enough for any prompt or hook.
func Summary(m *schemas.Model) string {
	lines := make([]string, 0, len(m.Definitions))
	for _, d := range m.Definitions {
		perms := make([]string, len(d.Permissions))
		for i, p := range d.Permissions {
			perms[i] = p.Name
		}
		rels := make([]string, len(d.Relations))
		for i, r := range d.Relations {
			rels[i] = r.Name
		}
		line := "- " + d.Name
		if len(rels) > 0 {
			line += ": relations " + strings.Join(rels, ", ")
		}
		if len(perms) > 0 {
			line += "; permissions " + strings.Join(perms, ", ")
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
