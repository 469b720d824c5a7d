package hooks

import (
	"context"
	_ "embed"
	"fmt"
	"strings"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// sessionRules is what the agent is told at the start of every session,
// after the schema summary.
//
//go:embed session_rules.md
var sessionRules string

// maxContextChars caps the session-start context at about 800 tokens (4
// characters a token), so a schema with hundreds of definitions still
// fits; the summary is cut and get_schema lists the rest.
const maxContextChars = 3200

// cutReserve is room kept for the line that says the summary was cut.
const cutReserve = 60

// sessionStart answers SessionStart with the schema summary and the rules.
func sessionStart(ctx context.Context, s *session) answer {
	m, err := s.store.Model(ctx)
	if err != nil {
		return allow("allowed without context: %v", err)
	}
	return answer{out: withContext("SessionStart", SessionContext(m))}
}

// SessionContext is the session-start context: every definition with its
// permissions on one line, then the rules.
func SessionContext(m *schemas.Model) string {
	var b strings.Builder
	fmt.Fprintf(&b, "This project authorizes with SpiceDB. Schema %s, %d definitions (name: permissions):\n", m.Source, len(m.Definitions))
	var lines, subjects []string
	for _, d := range m.Definitions {
		if len(d.Permissions) == 0 {
			subjects = append(subjects, d.Name)
			continue
		}
		perms := make([]string, len(d.Permissions))
		for j, p := range d.Permissions {
			perms[j] = p.Name
		}
		lines = append(lines, "- "+d.Name+": "+strings.Join(perms, ", ")+"\n")
	}
	if len(subjects) > 0 {
		lines = append(lines, "- subject types only: "+strings.Join(subjects, ", ")+"\n")
	}
	budget := maxContextChars - len(sessionRules) - cutReserve
	for i, line := range lines {
		if b.Len()+len(line) > budget {
			fmt.Fprintf(&b, "- … cut here (%d more lines): get_schema lists all %d definitions\n", len(lines)-i, len(m.Definitions))
			break
		}
		b.WriteString(line)
	}
	b.WriteString(sessionRules)
	return strings.TrimRight(b.String(), "\n")
}
