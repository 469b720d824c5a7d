package schemas

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/authzed/spicedb/pkg/tuple"
)

// ParseChecks reads checks written as in a zed validation file's
// assertions: `document:1#view@user:alice`, optionally followed by
// ` with {"param": value}` for caveat context. Each is checked against the
// model; problems come back together, numbered by check.
func ParseChecks(m *Model, checks []string) ([]PermissionCheck, *InputError) {
	out := make([]PermissionCheck, 0, len(checks))
	var problems []string
	for i, text := range checks {
		c, col, msg := parseCheck(m, strings.TrimSpace(text))
		if msg != "" {
			problems = append(problems, fmt.Sprintf("check %d, column %d: %s\n  | %s", i+1, col, msg, strings.TrimSpace(text)))
			continue
		}
		out = append(out, c)
	}
	if len(problems) > 0 {
		return nil, &InputError{
			Kind:    ErrBadArgument,
			Message: fmt.Sprintf("%d of the checks cannot run:\n%s", len(problems), strings.Join(problems, "\n")),
			Fix:     "write each check as `resource:id#permission@subject:id`, optionally followed by ` with {\"param\": value}` for caveat context, using names the schema defines",
		}
	}
	return out, nil
}

func parseCheck(m *Model, text string) (PermissionCheck, int, string) {
	c := PermissionCheck{Text: text}
	if text == "" {
		return c, 1, "empty check"
	}
	relText, ctxText, hasCtx := strings.Cut(text, " with ")
	relText = strings.TrimSpace(relText)
	if hasCtx {
		if err := json.Unmarshal([]byte(ctxText), &c.Context); err != nil || c.Context == nil {
			return c, len(relText) + len(" with ") + 1, fmt.Sprintf("the caveat context after `with` is not a JSON object (%v), e.g. with {\"client_ip\": \"10.0.0.1\"}", errOrNull(err))
		}
	}
	rel, col, msg := parseRelationship(relText)
	if msg != "" {
		return c, col, msg
	}
	if rel.OptionalCaveat != nil || rel.OptionalExpiration != nil {
		return c, strings.IndexByte(relText, '[') + 1, "a check takes no [caveat] or [expiration] block; give caveat context after ` with `, e.g. ` with {\"client_ip\": \"10.0.0.1\"}`"
	}
	c.Resource, c.Subject = rel.Resource, rel.Subject
	col, msg = m.checkCheck(relText, rel)
	return c, col, msg
}

func errOrNull(err error) string {
	if err == nil {
		return "it is null"
	}
	return err.Error()
}

// checkCheck reports a check naming something the schema does not define.
func (m *Model) checkCheck(s string, rel tuple.Relationship) (int, string) {
	res, sub := rel.Resource, rel.Subject
	def := m.Definition(res.ObjectType)
	if def == nil {
		return 1, unknownTypeMessage(m, "resource type", res.ObjectType)
	}
	if !def.HasMember(res.Relation) {
		msg := fmt.Sprintf("%s has no permission or relation %q", def.Name, res.Relation)
		if c := Suggest(res.Relation, def.MemberNames()); len(c) > 0 {
			msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(c, ", "))
		}
		return strings.IndexByte(s, '#') + 2, msg + "; it has: " + listNames(def.MemberNames())
	}
	subCol := strings.IndexByte(s, '@') + 2
	subDef := m.Definition(sub.ObjectType)
	if subDef == nil {
		return subCol, unknownTypeMessage(m, "subject type", sub.ObjectType)
	}
	if sub.Relation != tuple.Ellipsis && !subDef.HasMember(sub.Relation) {
		return subCol + strings.Index(s[subCol-1:], "#") + 1, fmt.Sprintf("subject type %s has no relation or permission %q", subDef.Name, sub.Relation)
	}
	return 0, ""
}

// MaxChecks caps the checks of one call: each one's trace is returned in
// full.
const MaxChecks = 100

// RunChecks loads the relationships (one per line) into an in-process
// SpiceDB with the model's schema and runs each check there, with
// SpiceDB's trace of how it was decided. Bad relationships and checks come
// back as *InputError, every problem at once.
func RunChecks(ctx context.Context, m *Model, relationships string, checks []string) ([]*CheckResult, error) {
	if len(relationships) > MaxFileBytes {
		return nil, &InputError{Kind: ErrTooLarge, Message: fmt.Sprintf("the relationships are larger than %d MiB", MaxFileBytes>>20), Fix: "send only the relationships the checks need"}
	}
	if len(checks) > MaxChecks {
		return nil, &InputError{Kind: ErrTooLarge, Message: fmt.Sprintf("%d checks; at most %d run in one call", len(checks), MaxChecks), Fix: "split the checks over several calls, or write them as assertions in a validation file"}
	}
	rels, ierr := ParseRelationships(m, relationships)
	if ierr != nil {
		return nil, ierr
	}
	parsed, ierr := ParseChecks(m, checks)
	if ierr != nil {
		return nil, ierr
	}
	engine, err := NewEngine(ctx, m, rels)
	if err != nil {
		return nil, err
	}
	defer engine.Close()
	out := make([]*CheckResult, 0, len(parsed))
	for _, c := range parsed {
		res, err := engine.Check(ctx, c)
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}
