package hooks

import (
	"fmt"
	"strings"

	"github.com/ambient-authz/ambient-authz/tools/coverage"
)

// maxListed caps the findings a reason lists; the rest are counted.
const maxListed = 5

// blocking returns the findings that stop the agent: error severity, not
// in the baseline, in a file the report was scoped to, and not in skip
// (the ones a continuing agent was already blocked on).
func blocking(r *coverage.Report, skip map[string]bool) []coverage.Finding {
	var out []coverage.Finding
	for _, f := range r.Findings {
		if f.Severity == coverage.SeverityError && !f.Baselined && !skip[f.Fingerprint()] {
			out = append(out, f)
		}
	}
	return out
}

// reason renders findings for the model: one line each with the rule,
// file:line, the handler and its route, and the fix.
func reason(header string, findings []coverage.Finding, footer string) string {
	var b strings.Builder
	b.WriteString(header + "\n")
	for i, f := range findings {
		if i == maxListed {
			fmt.Fprintf(&b, "- and %d more\n", len(findings)-maxListed)
			break
		}
		b.WriteString("- " + findingLine(f) + ": " + f.Fix + "\n")
	}
	b.WriteString(footer)
	return b.String()
}

// findingLine is `rule file:line Handler (ROUTE)`.
func findingLine(f coverage.Finding) string {
	s := fmt.Sprintf("%s %s:%d", f.Rule, f.File, f.Line)
	if f.Handler != "" {
		s += " " + f.Handler
	}
	if f.Route != "" {
		s += " (" + f.Route + ")"
	}
	return s
}
