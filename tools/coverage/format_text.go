package coverage

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// FormatText renders the report for an agent: a one-line count, the
// findings (most severe first) with their fixes, what the run could not
// do, a condensed permission matrix, and `passed: true|false` last.
func FormatText(r *Report) string {
	var b strings.Builder
	s := r.Summary
	fmt.Fprintf(&b, "ambient-authz coverage: %d error%s, %d warning%s, %d info", s.Errors, plural1(s.Errors), s.Warnings, plural1(s.Warnings), s.Info)
	if s.Baselined > 0 {
		fmt.Fprintf(&b, ", %d baselined", s.Baselined)
	}
	fmt.Fprintf(&b, " · %d handler%s (%d reach a check, %d exempt)", s.Handlers, plural1(s.Handlers), s.Protected, s.Exempt)
	if r.Schema.Missing {
		b.WriteString(" · no schema\n")
	} else {
		fmt.Fprintf(&b, " · schema %s (%d definitions)\n", r.Schema.Path, r.Schema.Definitions)
	}
	findings := slices.Clone(r.Findings)
	slices.SortStableFunc(findings, func(x, y Finding) int { return cmp.Compare(x.Severity.rank(), y.Severity.rank()) })
	for _, f := range findings {
		if f.Baselined {
			continue
		}
		b.WriteString("\n" + string(f.Severity) + " " + f.Rule + " " + location(f.File, f.Line))
		if f.Handler != "" {
			b.WriteString(" " + f.Handler)
		}
		if f.Route != "" {
			b.WriteString(" (" + f.Route + ")")
		}
		b.WriteString("\n  " + f.Message + "\n  fix: " + f.Fix + "\n")
	}
	if s.Baselined > 0 {
		fmt.Fprintf(&b, "\n(%d baselined finding%s not shown)\n", s.Baselined, plural1(s.Baselined))
	}
	if len(s.Notes)+len(s.Skipped) > 0 {
		b.WriteString("\n")
	}
	for _, n := range s.Notes {
		b.WriteString("note: " + n + "\n")
	}
	for _, sk := range s.Skipped {
		fmt.Fprintf(&b, "skipped: %s: %s\n", sk.File, sk.Reason)
	}
	writeLetThrough(&b, r.Handlers)
	writeMatrix(&b, r.Permissions)
	fmt.Fprintf(&b, "\npassed: %t\n", r.Passed)
	return b.String()
}

// maxLetThrough caps the routes writeLetThrough lists.
const maxLetThrough = 20

// writeLetThrough lists the routes exempt because middleware lets them
// through before its checks: unlike a comment or a config entry, nobody
// declared them public in so many words, and a condition wider than
// meant (a prefix) would hide a route that needs a check.
func writeLetThrough(b *strings.Builder, hs []HandlerReport) {
	var lines []string
	for _, h := range hs {
		if strings.HasPrefix(h.Exempt, LetThrough) {
			lines = append(lines, "  "+strings.TrimSpace(h.Method+" "+h.Route)+" by "+strings.TrimPrefix(h.Exempt, LetThrough))
		}
	}
	if len(lines) == 0 {
		return
	}
	b.WriteString("\nexempt: let through by middleware before its checks (each must be meant to be public):\n")
	for _, l := range lines[:min(len(lines), maxLetThrough)] {
		b.WriteString(l + "\n")
	}
	if n := len(lines) - maxLetThrough; n > 0 {
		fmt.Fprintf(b, "  (%d more)\n", n)
	}
}

// writeMatrix condenses the permission matrix to one line per resource.
func writeMatrix(b *strings.Builder, perms []PermissionCoverage) {
	if len(perms) == 0 {
		return
	}
	b.WriteString("\npermissions (✓ checked, ✗ never checked, ~ compositional, not checked):\n")
	for i := 0; i < len(perms); {
		j := i
		byStatus := map[string][]string{}
		for ; j < len(perms) && perms[j].Resource == perms[i].Resource; j++ {
			byStatus[perms[j].Status] = append(byStatus[perms[j].Status], perms[j].Permission)
		}
		fmt.Fprintf(b, "  %s ✓%d ✗%d ~%d:", perms[i].Resource, len(byStatus[StatusCovered]), len(byStatus[StatusUncovered]), len(byStatus[StatusCompositional]))
		for _, st := range []struct{ mark, status string }{{"✓", StatusCovered}, {"✗", StatusUncovered}, {"~", StatusCompositional}} {
			if names := byStatus[st.status]; len(names) > 0 {
				b.WriteString(" " + st.mark + " " + strings.Join(names, " "))
			}
		}
		b.WriteString("\n")
		i = j
	}
}

func location(file string, line int) string {
	if line <= 0 {
		return file
	}
	return fmt.Sprintf("%s:%d", file, line)
}
