package schemas

import (
	"cmp"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/authzed/spicedb/pkg/tuple"
)

// TestRelationship is one relationship of an ad-hoc test, with the line it
// was written on.
type TestRelationship struct {
	// Line is 1-based in the relationships text.
	Line int                `json:"line"`
	Text string             `json:"text"`
	Rel  tuple.Relationship `json:"-"`
}

// RelationshipProblem is a relationship that cannot be written: bad syntax,
// or something the schema does not allow.
type RelationshipProblem struct {
	// Line and Col are 1-based in the relationships text.
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Text    string `json:"text"`
	Message string `json:"message"`
}

// String renders the problem as line:col: message.
func (p RelationshipProblem) String() string {
	return fmt.Sprintf("%d:%d: %s\n  | %s", p.Line, p.Col, p.Message, p.Text)
}

// relationshipsProblem turns problems into one InputError the agent can
// act on, every problem on its own line.
func relationshipsProblem(what string, problems []RelationshipProblem) *InputError {
	lines := make([]string, len(problems))
	for i, p := range problems {
		lines[i] = p.String()
	}
	return &InputError{
		Kind:    ErrBadArgument,
		Message: fmt.Sprintf("%d of the %s cannot run:\n%s", len(problems), what, strings.Join(lines, "\n")),
		Fix:     "write one `resource:id#relation@subject:id` per line, optionally followed by `[caveat:{\"param\":value}]` and `[expiration:2030-01-01T00:00:00Z]`, using relations and subject types the schema allows",
	}
}

// ParseRelationships reads relationships written one per line, as in a
// zed validation file: blank lines and `//` comments are skipped. Each
// line is checked against the model, so a relationship SpiceDB would
// reject comes back as a problem at its line:col, saying what is wrong.
func ParseRelationships(m *Model, text string) ([]TestRelationship, *InputError) {
	var rels []TestRelationship
	var problems []RelationshipProblem
	for i, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "//") {
			continue
		}
		indent := strings.Index(line, trimmed)
		rel, col, msg := parseRelationship(trimmed)
		if msg == "" {
			col, msg = m.checkRelationship(trimmed, rel)
		}
		if msg != "" {
			problems = append(problems, RelationshipProblem{Line: i + 1, Col: indent + col, Text: trimmed, Message: msg})
			continue
		}
		rels = append(rels, TestRelationship{Line: i + 1, Text: trimmed, Rel: rel})
	}
	if len(problems) > 0 {
		return nil, relationshipsProblem("relationships", problems)
	}
	return rels, nil
}

// The pieces of the relationship syntax, as pkg/tuple defines them.
var (
	typeNameRe     = regexp.MustCompile(`^([a-z][a-z0-9_]{1,61}[a-z0-9]/)*[a-z][a-z0-9_]{1,62}[a-z0-9]$`)
	relationNameRe = regexp.MustCompile(`^[a-z][a-z0-9_]{1,62}[a-z0-9]$`)
	objectIDRe     = regexp.MustCompile(`^[a-zA-Z0-9/_|\-=+]+$`)
)

// parseRelationship parses one relationship with pkg/tuple. When that
// fails it finds the first piece that is wrong, since pkg/tuple only says
// "invalid relationship string". The column is 1-based in s.
func parseRelationship(s string) (tuple.Relationship, int, string) {
	rel, err := tuple.Parse(s)
	if err == nil {
		return rel, 0, ""
	}
	col, msg := diagnoseRelationship(s)
	if msg == "" {
		return rel, 1, err.Error()
	}
	return rel, col, msg
}

// diagnoseRelationship walks resource:id#relation@subject:id[#relation]
// then the optional [caveat:{context}] and [expiration:time] blocks.
func diagnoseRelationship(s string) (int, string) {
	at := strings.IndexByte(s, '@')
	if at < 0 {
		return len(s) + 1, "missing `@subject`: a relationship is resource:id#relation@subject:id, e.g. document:1#viewer@user:alice"
	}
	resource, rest := s[:at], s[at+1:]
	hash := strings.IndexByte(resource, '#')
	if hash < 0 {
		return at + 1, "missing `#relation` before `@`, e.g. document:1#viewer@user:alice"
	}
	if col, msg := diagnoseObject(resource[:hash], "resource", 1); msg != "" {
		return col, msg
	}
	if !relationNameRe.MatchString(resource[hash+1:]) {
		return hash + 2, fmt.Sprintf("relation %q is not a valid name: lowercase letters, digits and _, 3 to 64 characters", resource[hash+1:])
	}
	subject, _, _ := strings.Cut(rest, "[")
	subjectCol := at + 2
	object, subjectRel, hasRel := strings.Cut(subject, "#")
	if col, msg := diagnoseObject(object, "subject", subjectCol); msg != "" {
		return col, msg
	}
	if hasRel && subjectRel != "..." && !relationNameRe.MatchString(subjectRel) {
		return subjectCol + len(object) + 1, fmt.Sprintf("subject relation %q is not a valid name", subjectRel)
	}
	return diagnoseBlocks(s, at+1+len(subject))
}

// diagnoseObject checks type:id; col is the 1-based column where it starts.
func diagnoseObject(s, role string, col int) (int, string) {
	typ, id, ok := strings.Cut(s, ":")
	switch {
	case !ok:
		return col + len(s), fmt.Sprintf("the %s %q has no `:id`, e.g. %s:1", role, s, cmp.Or(s, "document"))
	case !typeNameRe.MatchString(typ):
		return col, fmt.Sprintf("%s type %q is not a valid name: lowercase letters, digits and _, 3 to 64 characters", role, typ)
	case id == "":
		return col + len(typ) + 1, fmt.Sprintf("the %s %s: has an empty id", role, typ)
	case id == "*" && role == "subject":
		return 0, ""
	case !objectIDRe.MatchString(id):
		return col + len(typ) + 1, fmt.Sprintf("%s id %q has characters SpiceDB does not allow: use letters, digits and / _ | - = +", role, id)
	}
	return 0, ""
}

// diagnoseBlocks checks the bracketed blocks after the subject, from
// byte offset i of s.
func diagnoseBlocks(s string, i int) (int, string) {
	seenCaveat, seenExpiration := false, false
	for i < len(s) {
		if s[i] != '[' {
			return i + 1, fmt.Sprintf("unexpected %q after the subject: only [caveat_name:{...}] and [expiration:...] may follow", s[i:])
		}
		end := strings.LastIndexByte(s, ']')
		if next := strings.Index(s[i:], "]["); next >= 0 {
			end = i + next
		}
		if end < i {
			return i + 1, "unclosed `[`: add the closing `]`"
		}
		body := s[i+1 : end]
		name, value, _ := strings.Cut(body, ":")
		switch {
		case name == "expiration":
			if seenExpiration {
				return i + 1, "a second expiration block"
			}
			seenExpiration = true
			if _, err := time.Parse(time.RFC3339Nano, value); err != nil {
				return i + len("[expiration:") + 1, fmt.Sprintf("expiration %q is not an RFC 3339 time such as 2030-01-01T00:00:00Z", value)
			}
		case seenExpiration || seenCaveat:
			return i + 1, "the caveat block must come once, before [expiration:...]"
		default:
			seenCaveat = true
			if !typeNameRe.MatchString(name) {
				return i + 2, fmt.Sprintf("caveat name %q is not a valid name", name)
			}
			var ctx map[string]any
			if value != "" {
				if err := json.Unmarshal([]byte(value), &ctx); err != nil {
					return i + len(name) + 3, fmt.Sprintf("caveat context is not a JSON object: %v", err)
				}
			}
		}
		i = end + 1
	}
	return 0, ""
}

// checkRelationship reports what the schema does not allow in rel, with
// the 1-based column in s of the offending piece.
func (m *Model) checkRelationship(s string, rel tuple.Relationship) (int, string) {
	res, sub := rel.Resource, rel.Subject
	def := m.Definition(res.ObjectType)
	if def == nil {
		return 1, unknownTypeMessage(m, "resource type", res.ObjectType)
	}
	relCol := strings.IndexByte(s, '#') + 2
	subCol := strings.IndexByte(s, '@') + 2
	r := def.Relation(res.Relation)
	if r == nil {
		if def.Permission(res.Relation) != nil {
			return relCol, fmt.Sprintf("%s#%s is a permission, computed from the schema; relationships are written to relations: %s", def.Name, res.Relation, listNames(relationNames(def)))
		}
		msg := fmt.Sprintf("%s has no relation %q", def.Name, res.Relation)
		if c := Suggest(res.Relation, relationNames(def)); len(c) > 0 {
			msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(c, ", "))
		}
		return relCol, msg + "; its relations: " + listNames(relationNames(def))
	}
	subDef := m.Definition(sub.ObjectType)
	if subDef == nil {
		return subCol, unknownTypeMessage(m, "subject type", sub.ObjectType)
	}
	if sub.Relation != tuple.Ellipsis && !subDef.HasMember(sub.Relation) {
		return subCol + strings.Index(s[subCol-1:], "#") + 1, fmt.Sprintf("subject type %s has no relation or permission %q", subDef.Name, sub.Relation)
	}
	return m.checkSubjectAllowed(s, rel, def, r, subCol)
}

func unknownTypeMessage(m *Model, role, name string) string {
	msg := fmt.Sprintf("unknown %s %q", role, name)
	if c := Suggest(name, m.DefinitionNames()); len(c) > 0 {
		msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(c, ", "))
	}
	return msg + "; the schema defines: " + listNames(m.DefinitionNames())
}

func relationNames(d *Definition) []string {
	names := make([]string, len(d.Relations))
	for i, r := range d.Relations {
		names[i] = r.Name
	}
	return names
}

// checkSubjectAllowed matches the subject, its caveat and its expiration
// against the relation's allowed subject types, as SpiceDB does on write:
// the caveat and expiration must match one allowed entry exactly.
func (m *Model) checkSubjectAllowed(s string, rel tuple.Relationship, def *Definition, r *Relation, subCol int) (int, string) {
	sub := rel.Subject
	want := SubjectType{Type: sub.ObjectType, Wildcard: sub.ObjectID == tuple.PublicWildcard}
	if sub.Relation != tuple.Ellipsis {
		want.Relation = sub.Relation
	}
	where := fmt.Sprintf("%s#%s", def.Name, r.Name)
	allowed := JoinSubjects(r.Subjects)
	var sameSubject []SubjectType
	for _, st := range r.Subjects {
		if st.Type == want.Type && st.Relation == want.Relation && st.Wildcard == want.Wildcard {
			sameSubject = append(sameSubject, st)
		}
	}
	if len(sameSubject) == 0 {
		return subCol, fmt.Sprintf("%s does not allow subject %s; allowed: %s", where, want, allowed)
	}
	if rel.OptionalCaveat != nil {
		name := rel.OptionalCaveat.CaveatName
		if m.Caveat(name) == nil {
			return strings.IndexByte(s[subCol-1:], '[') + subCol + 1, fmt.Sprintf("caveat %q is not defined in the schema", name)
		}
		want.Caveat = name
	}
	want.Expiration = rel.OptionalExpiration != nil
	for _, st := range sameSubject {
		if st.Caveat == want.Caveat && st.Expiration == want.Expiration {
			return 0, ""
		}
	}
	col := subCol
	if i := strings.IndexByte(s[subCol-1:], '['); i >= 0 {
		col += i
	}
	return col, fmt.Sprintf("%s does not allow subject %s; allowed: %s", where, want, allowed)
}
