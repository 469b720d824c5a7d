package schemas

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/authzed/spicedb/pkg/development"
	core "github.com/authzed/spicedb/pkg/proto/core/v1"
	devinterface "github.com/authzed/spicedb/pkg/proto/developer/v1"
)

// Finding is one lint result.
type Finding struct {
	// Rule is the stable kebab-case name of the rule, ours or spicedb's.
	Rule string `json:"rule"`
	// Severity is "error", "warning" or "info".
	Severity string `json:"severity"`
	// Source is "spicedb" for spicedb's own warnings, "ambient-authz" for
	// the rules in LintRules.
	Source string   `json:"source"`
	Pos    Position `json:"pos"`
	// Definition and Member name the definition and relation or permission
	// the finding is about, when known.
	Definition string `json:"definition,omitempty"`
	Member     string `json:"member,omitempty"`
	Message    string `json:"message"`
	// Fix names the concrete change that resolves the finding.
	Fix string `json:"fix"`
}

// String renders the finding on one line, as file:line:col: severity:
// message [rule].
func (f Finding) String() string {
	return fmt.Sprintf("%s: %s: %s [%s]", f.Pos, f.Severity, f.Message, f.Rule)
}

// LintRule documents one of ambient-authz's own schema rules.
type LintRule struct {
	// Name is stable: configuration and baselines refer to it.
	Name     string `json:"name"`
	Severity string `json:"severity"`
	// Doc says what the rule catches, why it matters and how to fix it.
	Doc string `json:"doc"`

	check func(*linter) ([]Finding, error)
}

const (
	sevError   = "error"
	sevWarning = "warning"

	sourceSpiceDB = "spicedb"
	sourceOurs    = "ambient-authz"
)

// supersededSpiceDB maps a spicedb warning to our rule that reports the same
// condition (with a fix), so it is reported once. Suppressing either name
// suppresses both.
var supersededSpiceDB = map[string]string{
	"arrow-walks-subject-relation": "arrow-over-subrelation",
}

// Lint runs spicedb's own schema warnings plus ambient-authz's rules
// (LintRules) over m, sorted by file, line, col and rule. A relation or
// permission preceded by `// spicedb-ignore-warning: RULE` is exempt from
// that rule, for spicedb's warnings and ours alike. The error is reserved
// for internal failures.
func Lint(ctx context.Context, m *Model) ([]Finding, error) {
	if m == nil || m.Compiled() == nil {
		return nil, errors.New("lint: no compiled model")
	}
	findings, err := spicedbFindings(ctx, m)
	if err != nil {
		return nil, err
	}
	l := &linter{m: m}
	for _, rule := range LintRules {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("lint: %w", err)
		}
		found, err := rule.check(l)
		if err != nil {
			return nil, fmt.Errorf("lint rule %s: %w", rule.Name, err)
		}
		for _, f := range found {
			f.Rule, f.Severity, f.Source = rule.Name, rule.Severity, sourceOurs
			if !m.ignores(f) {
				findings = append(findings, f)
			}
		}
	}
	sortFindings(findings)
	return findings, nil
}

func sortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// linter is the state shared by the rules of one Lint run.
type linter struct {
	m *Model
}

// spicedbFindings maps spicedb's developer warnings to findings.
func spicedbFindings(ctx context.Context, m *Model) ([]Finding, error) {
	warnings, err := development.GetWarnings(ctx, &development.DevContext{CompiledSchema: m.Compiled()})
	if err != nil {
		return nil, fmt.Errorf("spicedb schema warnings: %w", err)
	}
	var out []Finding
	for _, w := range warnings {
		f := fromSpiceDB(m, w)
		if _, dup := supersededSpiceDB[f.Rule]; !dup {
			out = append(out, f)
		}
	}
	return out, nil
}

// warningNameRe matches the " (warning-name)" suffix that spicedb appends to
// a warning's message; the proto has no field for the name.
var warningNameRe = regexp.MustCompile(`\s*\(([a-z0-9-]+)\)$`)

// identRe matches the identifier a warning's source code starts with: a
// relation name, or an arrow's tupleset.
var identRe = regexp.MustCompile(`^[a-z_][a-z0-9_]*`)

func fromSpiceDB(m *Model, w *devinterface.DeveloperWarning) Finding {
	f := Finding{Rule: "spicedb-warning", Severity: sevWarning, Source: sourceSpiceDB, Message: w.GetMessage()}
	if sm := warningNameRe.FindStringSubmatchIndex(f.Message); sm != nil {
		f.Rule = f.Message[sm[2]:sm[3]]
		f.Message = f.Message[:sm[0]]
	}
	f.Pos = m.positionAt(int(w.GetLine()), int(w.GetColumn()), identRe.FindString(w.GetSourceCode()))
	if d, member := m.memberAt(f.Pos); d != nil {
		f.Definition, f.Member = d.Name, member
	}
	f.Fix = spicedbFix(f, w.GetSourceCode())
	return f
}

// spicedbFix names the change for a spicedb warning; spicedb only says
// what is wrong.
func spicedbFix(f Finding, code string) string {
	switch f.Rule {
	case "relation-name-references-parent":
		short := strings.TrimSuffix(strings.TrimSuffix(code, f.Definition), "_")
		// has_role and is_role read as questions; dropping the suffix
		// would leave a bare has or is.
		if len(short) >= 3 && short != code && !slices.Contains(predicatePrefixes, short+"_") {
			return fmt.Sprintf("rename %s to %s: the definition already says it belongs to a %s", code, short, f.Definition)
		}
		return fmt.Sprintf("if %s reads well as it is, add `// spicedb-ignore-warning: %s` on the line above it; otherwise rename it without the definition name %s", code, f.Rule, f.Definition)
	case "permission-references-itself":
		return fmt.Sprintf("remove %s from its own expression and reference the relations or permissions it was meant to include", code)
	case "arrow-references-relation":
		return fmt.Sprintf("point the arrow %s at a permission: on the subject type add a permission over that relation (or reuse one) and arrow to it, so the target can change without breaking callers", code)
	case "arrow-references-unreachable-relation":
		return fmt.Sprintf("make the arrow %s name a member that exists on a subject type of its relation, or add that member to the subject type", code)
	}
	return fmt.Sprintf("see spicedb's message; if this is intended, add `// spicedb-ignore-warning: %s` on the line above the member", f.Rule)
}

// memberAt finds the definition and member declared last at or before pos
// in pos's file: the declaration that encloses a warning's position.
func (m *Model) memberAt(pos Position) (*Definition, string) {
	var def *Definition
	for _, d := range m.Definitions {
		if d.Pos.File == pos.File && !after(d.Pos, pos) && (def == nil || after(d.Pos, def.Pos)) {
			def = d
		}
	}
	if def == nil {
		return nil, ""
	}
	var member string
	var best Position
	visit := func(name string, at Position) {
		if at.File == pos.File && !after(at, pos) && (member == "" || after(at, best)) {
			member, best = name, at
		}
	}
	for _, r := range def.Relations {
		visit(r.Name, r.Pos)
	}
	for _, p := range def.Permissions {
		visit(p.Name, p.Pos)
	}
	return def, member
}

// after reports whether a comes after b in the same file.
func after(a, b Position) bool {
	return a.Line > b.Line || (a.Line == b.Line && a.Col > b.Col)
}

// ignoreRe matches spicedb's suppression comment, which we honour for our
// rules too so one comment syntax covers both.
var ignoreRe = regexp.MustCompile(`spicedb-ignore-warning:\s*([a-z0-9-]+)`)

// ignores reports whether the member a finding is about carries a
// suppression comment for its rule (or for the spicedb warning it
// supersedes).
func (m *Model) ignores(f Finding) bool {
	d := m.Definition(f.Definition)
	if d == nil {
		return false
	}
	var doc string
	if r := d.Relation(f.Member); r != nil {
		doc = r.Doc
	} else if p := d.Permission(f.Member); p != nil {
		doc = p.Doc
	}
	for _, sm := range ignoreRe.FindAllStringSubmatch(doc, -1) {
		if sm[1] == f.Rule || supersededSpiceDB[sm[1]] == f.Rule {
			return true
		}
	}
	return false
}

// arrowPositions maps each arrow of a permission, rendered as in Expr.String,
// to the position of its first occurrence. The Model keeps positions only
// for declarations; spicedb's compiled form has them per operand.
func (m *Model) arrowPositions(d *Definition, p *Permission) map[string]Position {
	out := map[string]Position{}
	for _, ns := range m.Compiled().ObjectDefinitions {
		if ns.GetName() != d.Name {
			continue
		}
		for _, rel := range ns.GetRelation() {
			if rel.GetName() == p.Name {
				m.collectArrows(rel.GetUsersetRewrite(), out)
			}
		}
	}
	return out
}

func (m *Model) collectArrows(rw *core.UsersetRewrite, out map[string]Position) {
	var children []*core.SetOperation_Child
	children = append(children, rw.GetUnion().GetChild()...)
	children = append(children, rw.GetIntersection().GetChild()...)
	children = append(children, rw.GetExclusion().GetChild()...)
	for _, c := range children {
		if nested := c.GetUsersetRewrite(); nested != nil {
			m.collectArrows(nested, out)
			continue
		}
		e := buildChild(c)
		sp := c.GetSourcePosition()
		if e.Kind != ExprArrow || sp == nil {
			continue
		}
		if _, seen := out[e.String()]; !seen {
			out[e.String()] = m.positionAt(int(sp.GetZeroIndexedLineNumber())+1, int(sp.GetZeroIndexedColumnPosition())+1, e.Tupleset)
		}
	}
}
