package prompts

import (
	"fmt"
	"strings"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// Markdown renders the context compactly for a model: what the handler
// is, the schema slice, the steps, the code, the pitfalls, then the file's
// other handlers. Every line earns its tokens.
func (c *AuthzContext) Markdown() string {
	var b strings.Builder
	c.writeHeader(&b)
	if c.Slice != nil {
		c.writeSlice(&b)
	}
	if c.Plan != nil {
		c.writeSteps(&b)
	}
	if c.Code != nil {
		c.writeCode(&b)
	}
	if len(c.Pitfalls) > 0 {
		b.WriteString("\n**Pitfalls**\n")
		for _, p := range c.Pitfalls {
			b.WriteString("- " + p + "\n")
		}
	}
	c.writeHandlers(&b)
	if c.Next != "" {
		b.WriteString("\n**Next:** " + c.Next + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func (c *AuthzContext) writeHeader(b *strings.Builder) {
	b.WriteString("## authz context")
	if c.Handler != nil {
		fmt.Fprintf(b, ": %s", c.Handler.Title())
		if c.File != "" {
			fmt.Fprintf(b, " (%s:%d)", c.File, c.Handler.Line)
		}
	} else if c.File != "" {
		fmt.Fprintf(b, ": %s", c.File)
	}
	b.WriteString("\n")
	switch {
	case c.Resource != "":
		fmt.Fprintf(b, "resource **%s** (%s)", c.Resource, c.ResourceFrom)
	case len(c.ResourceCandidates) > 0:
		b.WriteString("resource ambiguous:")
		for _, cand := range c.ResourceCandidates {
			fmt.Fprintf(b, " %s (score %d: %s);", cand.Name, cand.Score, evidence(cand))
		}
	default:
		b.WriteString("resource unknown")
	}
	if c.Operation != "" {
		fmt.Fprintf(b, " · operation **%s** (%s)", c.Operation, c.OperationFrom)
	}
	b.WriteString("\n")
}

func (c *AuthzContext) writeSlice(b *strings.Builder) {
	s := c.Slice
	fmt.Fprintf(b, "\n**Schema: %s** (%s)\n", s.Definition, s.Location)
	rels := make([]string, len(s.Relations))
	for i, r := range s.Relations {
		rels[i] = r.Name + ": " + r.Subjects
	}
	if len(rels) > 0 {
		b.WriteString("relations: " + strings.Join(rels, " · ") + "\n")
	}
	for _, p := range s.Permissions {
		fmt.Fprintf(b, "- %s = %s — %s\n", p.Name, p.Expression, strings.TrimPrefix(p.Meaning, "granted to anyone who "))
	}
	if len(s.Parents) > 0 {
		b.WriteString("parents: " + strings.Join(s.Parents, ", ") + "\n")
	}
}

func (c *AuthzContext) writeSteps(b *strings.Builder) {
	p := c.Plan
	b.WriteString("\n**Do**\n")
	step := 0
	next := func(format string, args ...any) {
		step++
		fmt.Fprintf(b, "%d. "+format+"\n", append([]any{step}, args...)...)
	}
	if chk := p.Check; chk != nil {
		next("check `%s#%s` for the calling %s; deny on error or no permission (%s)%s", chk.Object, chk.Permission, p.Actor, chk.Why, alternatives(chk))
	}
	if chk := p.Lookup; chk != nil {
		next("LookupResources `%s#%s` for the calling %s; return only those IDs%s", chk.Object, chk.Permission, p.Actor, alternatives(chk))
	}
	if len(p.Writes) > 0 {
		refs := make([]string, len(p.Writes))
		for i, w := range p.Writes {
			refs[i] = "`" + w.Ref() + "`"
		}
		next("after the database commit, WriteRelationships (TOUCH): %s", strings.Join(refs, ", "))
	}
	if p.Operation == schemas.OpDelete {
		targets := append([]string{p.Resource + ":<id>#*"}, asSubjectRefs(p)...)
		next("after the database delete, DeleteRelationships: %s", strings.Join(targets, ", "))
	}
	if len(p.Deletes) > 0 {
		refs := make([]string, len(p.Deletes))
		for i, w := range p.Deletes {
			refs[i] = "`" + w.Ref() + "`"
		}
		next("WriteRelationships (DELETE) the shared relationship, whichever kind was shared: %s", strings.Join(refs, ", "))
	}
	if len(p.Writes) > 0 || p.Operation == schemas.OpDelete || len(p.Deletes) > 0 {
		next("keep the returned ZedToken; the next checks use at_least_as_fresh with it")
	}
	if len(p.Caveats) > 0 {
		params := make([]string, len(p.Caveats))
		for i, cv := range p.Caveats {
			params[i] = cv.Caveat + "." + cv.Name + " " + cv.Type
		}
		next("pass caveat context (%s); treat CONDITIONAL_PERMISSION without it as denied", strings.Join(params, ", "))
	}
	for _, n := range p.Notes {
		b.WriteString("- note: " + n + "\n")
	}
}

func alternatives(c *schemas.PlannedCheck) string {
	if len(c.Alternatives) == 0 {
		return ""
	}
	return "; also fits: " + strings.Join(c.Alternatives, ", ")
}

func asSubjectRefs(p *schemas.Plan) []string {
	out := make([]string, len(p.DeleteAsSubject))
	for i, ref := range p.DeleteAsSubject {
		out[i] = ref + "@" + p.Resource + ":<id>"
	}
	return out
}

func (c *AuthzContext) writeCode(b *strings.Builder) {
	// The code's notes restate the steps and pitfalls; they stay in the
	// structured output only.
	fmt.Fprintf(b, "\n**Code** (%s)\n", c.Code.Language)
	if len(c.Code.Imports) > 0 {
		b.WriteString("imports: " + strings.Join(c.Code.Imports, ", ") + "\n")
	}
	fence := map[string]string{"go": "go", "typescript": "ts", "javascript": "js", "python": "python"}[c.Code.Language]
	fmt.Fprintf(b, "```%s\n%s\n```\n", fence, strings.TrimRight(c.Code.Snippet, "\n"))
}

// maxListedHandlers caps the file's handler list, and maxOtherHandlers
// the reminder of the others while one is written; the structured output
// has them all.
const (
	maxListedHandlers = 12
	maxOtherHandlers  = 6
)

func (c *AuthzContext) writeHandlers(b *strings.Builder) {
	var others []HandlerSummary
	for _, h := range c.Handlers {
		if c.Handler == nil || h.Function != c.Handler.Function || h.Line != c.Handler.Line {
			others = append(others, h)
		}
	}
	if len(others) == 0 {
		return
	}
	if c.Handler != nil {
		// Writing one handler, the others are a reminder, not the task:
		// those that touch no resource are only counted.
		var parts []string
		skipped := 0
		for _, h := range others {
			switch {
			case h.Resource == "":
				skipped++
			case len(parts) == maxOtherHandlers:
				parts = append(parts, "…")
			case len(parts) < maxOtherHandlers:
				parts = append(parts, fmt.Sprintf(":%d %s %s", h.Line, h.Function, verdict(h)))
			}
		}
		if skipped > 0 {
			parts = append(parts, fmt.Sprintf("%d touching no resource", skipped))
		}
		b.WriteString("\n**Other handlers:** " + strings.Join(parts, " · ") + "\n")
		return
	}
	b.WriteString("\n**Handlers in this file**\n")
	for i, h := range others {
		if i == maxListedHandlers {
			fmt.Fprintf(b, "- … %d more\n", len(others)-i)
			break
		}
		fmt.Fprintf(b, "- :%d %s → %s\n", h.Line, h.Title(), verdict(h))
	}
}

// verdict is a handler's inferred operation and the check it needs.
func verdict(h HandlerSummary) string {
	switch {
	case h.Resource != "" && h.Check != "":
		return h.Operation + " " + h.Check
	case h.Resource != "":
		return h.Operation + " " + h.Resource + " (no fitting permission)"
	}
	return "no resource"
}
