package schemas

import (
	"fmt"
	"slices"
	"strings"
)

// LintRules documents every ambient-authz schema rule, in the order they
// run. Each Doc says what the rule catches, why it matters and how to fix
// it; the README and each finding's fix say the same.
var LintRules = []LintRule{
	{
		Name:     "relation-named-like-permission",
		Severity: sevWarning,
		Doc: "Catches a relation named like an action: `can_*` or a bare verb (" + strings.Join(sortedKeys(verbRoles), ", ") + "). " +
			"Relations store who holds a role; permissions compute what they may do. An action-named relation invites code to " +
			"write relationships straight into what reads like a permission, and widening who may do that action later needs a " +
			"data migration instead of a schema edit. Fix: rename the relation to the role it stores (can_view to viewer), " +
			"migrate its relationships, and add a permission with the old name over it (`permission can_view = viewer`).",
		check: checkRelationNamedLikePermission,
	},
	{
		Name:     "permission-named-like-relation",
		Severity: sevWarning,
		Doc: "Catches a permission named like a role or noun: " + strings.Join(sortedKeys(roleNouns), ", ") + ", their plurals, " +
			"or a last word ending in -er, -or or -ee (manager, approver, grantee) unless it is a verb such as filter or monitor. " +
			"Names starting with is_, has_ or can_ read as questions, and a permission other relations allow as a subject set " +
			"(`group#member`) is a set of people; both are exempt. Code checks permissions, so a noun-named " +
			"permission reads as \"is the subject the viewer\" rather than \"may the subject view\", and it takes the name " +
			"developers reach for when they mean the relation. Fix: rename the permission to the action it allows (viewer to " +
			"view), update the checks that use it, and keep the noun for the relation.",
		check: checkPermissionNamedLikeRelation,
	},
	{
		Name:     "deep-arrow-chain",
		Severity: sevWarning,
		Doc: fmt.Sprintf("Catches a permission whose evaluation follows more than %d arrows in a row across definitions "+
			"(document to folder to project to org and on). An arrow back to a member already on the path, as in nested "+
			"folders, counts once. Every hop is another dispatch inside SpiceDB, so long chains make checks and "+
			"LookupResources slow, and the grant path becomes hard to explain. Fix: add a direct relation from the starting "+
			"type to the far type, write it when the object is created, and arrow over it instead.", maxArrowHops),
		check: checkDeepArrowChain,
	},
	{
		Name:     "wildcard-in-sensitive-permission",
		Severity: sevError,
		Doc: "Catches a relation that allows a public wildcard (`user:*`) and feeds, directly or through other permissions " +
			"and arrows, a permission whose name says it changes or controls something (" +
			strings.Join(sortedKeys(sensitiveWords), ", ") + "). A wildcard grants every subject of its type, so a single " +
			"relationship such as `document:x#viewer@user:*` then lets anyone modify or give away the resource. Only paths that " +
			"can open the permission count: every arm of an intersection must be open, and what an exclusion subtracts is " +
			"ignored. Fix: drop the wildcard from that relation, or take the relation out of the sensitive permission's " +
			"expression; keep public access on read-only permissions.",
		check: checkWildcardInSensitivePermission,
	},
	{
		Name:     "unused-relation",
		Severity: sevWarning,
		Doc: "Catches a relation that nothing in the schema uses: no permission references it, no arrow walks it or targets " +
			"it (from any definition), and no relation allows it as a subject set (`group#member`). Either it is dead and its " +
			"relationships are written for nothing, or code checks the relation directly and bypasses the permission layer. " +
			"Fix: reference it from a permission, or delete it together with the relationships written to it.",
		check: checkUnusedRelation,
	},
	{
		Name:     "ungrantable-permission",
		Severity: sevError,
		Doc: "Catches a permission that no subject type can ever hold, as Explain computes it: the expression bottoms out in " +
			"nil or in relations nothing can be written to, or it is an intersection or exclusion no subject can satisfy. " +
			"Every check on it is denied, so code gated on it silently never runs; it is usually a typo or a half-finished " +
			"refactor. Fix: reference a relation that allows the intended subject types, or delete the permission.",
		check: checkUngrantablePermission,
	},
	{
		Name:     "arrow-over-subrelation",
		Severity: sevWarning,
		Doc: "Catches an arrow (`parent->view`) over a relation that allows subject sets with a subrelation " +
			"(`relation parent: folder#member`). An arrow walks to the subject object and ignores the subrelation, so " +
			"`parent->view` evaluates view on the folder itself, not on its members, which is the opposite of what most " +
			"readers expect. SpiceDB's own arrow-walks-subject-relation warning reports the same and is folded into this rule. " +
			"Fix: allow the plain type (`relation parent: folder`) if the object is meant, or reference the relation directly " +
			"(`permission view = parent`) if its members are meant.",
		check: checkArrowOverSubrelation,
	},
	{
		Name:     "duplicate-permission-expression",
		Severity: sevWarning,
		Doc: "Catches two permissions on one definition with the same expression, compared after flattening and sorting the " +
			"operands of unions and intersections (`a + b` equals `b + a`). Duplicates drift apart when one is edited and the " +
			"other forgotten, and readers cannot tell whether the different names are meant to differ. Fix: define one in " +
			"terms of the other (`permission edit = view`), or delete one and check the other.",
		check: checkDuplicatePermissionExpression,
	},
}

// memberRef names a relation or permission of a definition.
type memberRef struct{ def, name string }

// String renders the member as def#name.
func (r memberRef) String() string { return r.def + "#" + r.name }

func joinRefs(refs []memberRef) string {
	parts := make([]string, len(refs))
	for i, r := range refs {
		parts[i] = r.String()
	}
	return strings.Join(parts, " → ")
}

// arrowTargets lists the members an arrow on d lands on: its target on each
// subject type of its relation that has such a member.
func (l *linter) arrowTargets(d *Definition, e *Expr) []memberRef {
	r := d.Relation(e.Tupleset)
	if r == nil {
		return nil
	}
	var out []memberRef
	for _, t := range r.SubjectTypesOf() {
		if td := l.m.Definition(t); td != nil && td.HasMember(e.Target) {
			out = append(out, memberRef{t, e.Target})
		}
	}
	return out
}

// freeName returns name, or a variant of it when d already has a member so
// named, so a suggested rename never collides.
func freeName(d *Definition, name, prefix string) string {
	if !d.HasMember(name) {
		return name
	}
	return prefix + name
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// --- relation-named-like-permission ---

// verbRoles maps the action verbs a relation must not be named after to the
// role noun that should name it instead. "admin" is deliberately absent: as
// a relation it names a role.
var verbRoles = map[string]string{
	"view": "viewer", "read": "reader", "edit": "editor", "write": "writer",
	"update": "updater", "delete": "deleter", "remove": "remover", "create": "creator",
	"manage": "manager", "share": "sharer", "comment": "commenter",
}

// actionName reports whether a relation name reads as an action, and the
// action it names (without `can_`).
func actionName(name string) (string, bool) {
	if action, ok := strings.CutPrefix(name, "can_"); ok && action != "" {
		return action, true
	}
	_, ok := verbRoles[name]
	return name, ok
}

// roleFor turns an action into the role noun of who may do it:
// view → viewer, view_document → document_viewer, approve → approver.
func roleFor(action string) string {
	verb, object, _ := strings.Cut(action, "_")
	role, ok := verbRoles[verb]
	if !ok {
		role = strings.TrimSuffix(verb, "e") + "er"
	}
	if object == "" {
		return role
	}
	return object + "_" + role
}

func checkRelationNamedLikePermission(l *linter) ([]Finding, error) {
	var out []Finding
	for _, d := range l.m.Definitions {
		for _, r := range d.Relations {
			action, ok := actionName(r.Name)
			if !ok {
				continue
			}
			role := freeName(d, roleFor(action), "direct_")
			out = append(out, Finding{
				Pos: r.Pos, Definition: d.Name, Member: r.Name,
				Message: fmt.Sprintf("relation %s#%s is named like a permission (an action); relations should name the role they store", d.Name, r.Name),
				Fix:     fmt.Sprintf("rename relation %s to %s (migrating its relationships) and add `permission %s = %s`", r.Name, role, r.Name, role),
			})
		}
	}
	return out, nil
}

// --- permission-named-like-relation ---

// roleNouns maps the role nouns a permission must not be named after to the
// action verb that should name it instead.
var roleNouns = map[string]string{
	"owner": "manage", "viewer": "view", "editor": "edit", "member": "access",
	"admin": "administer", "parent": "access_parent", "reader": "read", "writer": "write",
	"manager": "manage", "creator": "create", "commenter": "comment", "deleter": "delete",
}

// notRoleNouns are words that end like agent nouns (-er, -or, -ee) but are
// verbs or plain words, so the suffix heuristic must not flag them.
var notRoleNouns = map[string]bool{
	"administer": true, "after": true, "agree": true, "alter": true, "answer": true, "consider": true,
	"cover": true, "deliver": true, "discover": true, "enter": true, "ever": true, "filter": true,
	"foresee": true, "free": true, "gather": true, "guarantee": true, "lower": true, "mirror": true,
	"monitor": true, "never": true, "offer": true, "order": true, "other": true, "over": true,
	"oversee": true, "recover": true, "register": true, "render": true, "see": true, "transfer": true,
	"trigger": true, "under": true,
}

// predicatePrefixes start names that read as questions (is_owner), which
// are fine permission names.
var predicatePrefixes = []string{"is_", "has_", "can_"}

// roleNounIn returns the role-like noun a permission name ends with, or "".
func roleNounIn(name string) string {
	for _, p := range predicatePrefixes {
		if strings.HasPrefix(name, p) {
			return ""
		}
	}
	words := strings.Split(name, "_")
	last := words[len(words)-1]
	for _, w := range []string{last, strings.TrimSuffix(last, "s")} {
		if _, ok := roleNouns[w]; ok {
			return w
		}
		if len(w) >= 4 && !notRoleNouns[w] && hasAnySuffix(w, "er", "or", "ee") {
			return w
		}
	}
	return ""
}

func hasAnySuffix(s string, suffixes ...string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// actionFor suggests an action name for a noun-named permission:
// viewer → view, document_viewer → view_document, approver → is_approver.
func actionFor(name, noun string) string {
	verb, ok := roleNouns[noun]
	if !ok {
		return "is_" + name
	}
	words := strings.Split(name, "_")
	if object := strings.Join(words[:len(words)-1], "_"); object != "" {
		return verb + "_" + object
	}
	return verb
}

func checkPermissionNamedLikeRelation(l *linter) ([]Finding, error) {
	sets := l.subjectSets()
	var out []Finding
	for _, d := range l.m.Definitions {
		for _, p := range d.Permissions {
			noun := roleNounIn(p.Name)
			// A permission used as a subject set (group#member) is a set of
			// people, so a noun names it well.
			if noun == "" || sets[memberRef{d.Name, p.Name}] {
				continue
			}
			action := freeName(d, actionFor(p.Name, noun), "can_")
			out = append(out, Finding{
				Pos: p.Pos, Definition: d.Name, Member: p.Name,
				Message: fmt.Sprintf("permission %s#%s is named like a relation (the role noun %q); permissions should name the action they allow", d.Name, p.Name, noun),
				Fix:     fmt.Sprintf("rename permission %s to %s (`permission %s = %s`) and update the checks that use it; keep the noun for a relation", p.Name, action, action, p.Expr),
			})
		}
	}
	return out, nil
}

// --- deep-arrow-chain ---

// maxArrowHops is the longest arrow chain that passes. Three covers the
// common resource → container → organization → platform shape.
const maxArrowHops = 3

// arrowChain is the longest run of arrows from a member.
type arrowChain struct {
	hops int
	// path lists the start and the member each arrow lands on.
	path []memberRef
	// viaRef marks a chain whose first step is a reference to another
	// member of the same definition: that member reports it instead.
	viaRef bool
}

// chainWalker measures arrow chains. A member already on the current path
// ends the chain, so recursion (nested folders) counts as one hop.
type chainWalker struct {
	l      *linter
	onPath map[memberRef]bool
	memo   map[memberRef]arrowChain
}

func (w *chainWalker) longest(n memberRef) arrowChain {
	if c, ok := w.memo[n]; ok {
		return c
	}
	d := w.l.m.Definition(n.def)
	best := arrowChain{path: []memberRef{n}}
	p := d.Permission(n.name)
	if p == nil || w.onPath[n] {
		return best
	}
	w.onPath[n] = true
	p.Expr.Walk(func(e *Expr) {
		switch e.Kind {
		case ExprRef:
			if sub := w.longest(memberRef{n.def, e.Name}); sub.hops > best.hops {
				best = arrowChain{hops: sub.hops, path: append([]memberRef{n}, sub.path[1:]...), viaRef: true}
			}
		case ExprArrow:
			for _, t := range w.l.arrowTargets(d, e) {
				if sub := w.longest(t); 1+sub.hops > best.hops {
					best = arrowChain{hops: 1 + sub.hops, path: append([]memberRef{n}, sub.path...)}
				}
			}
		}
	})
	delete(w.onPath, n)
	w.memo[n] = best
	return best
}

func checkDeepArrowChain(l *linter) ([]Finding, error) {
	w := &chainWalker{l: l, onPath: map[memberRef]bool{}, memo: map[memberRef]arrowChain{}}
	var out []Finding
	for _, d := range l.m.Definitions {
		for _, p := range d.Permissions {
			c := w.longest(memberRef{d.Name, p.Name})
			if c.hops <= maxArrowHops || c.viaRef {
				continue
			}
			end := c.path[len(c.path)-1]
			shortcut := freeName(d, end.def, "direct_")
			out = append(out, Finding{
				Pos: p.Pos, Definition: d.Name, Member: p.Name,
				Message: fmt.Sprintf("permission %s#%s follows %d arrows in a row (more than %d): %s", d.Name, p.Name, c.hops, maxArrowHops, joinRefs(c.path)),
				Fix: fmt.Sprintf("add `relation %s: %s` to %s, write it when a %s is created, and use `%s->%s` instead of the %d-hop walk",
					shortcut, end.def, d.Name, d.Name, shortcut, end.name, c.hops),
			})
		}
	}
	return out, nil
}

// --- wildcard-in-sensitive-permission ---

// sensitiveWords mark a permission, by any `_`-separated word of its name,
// as one that changes or controls a resource.
var sensitiveWords = map[string]bool{
	"delete": true, "admin": true, "administer": true, "manage": true, "write": true, "edit": true,
	"update": true, "remove": true, "share": true, "owner": true, "own": true,
}

func isSensitive(name string) bool {
	for _, w := range strings.Split(name, "_") {
		if sensitiveWords[w] {
			return true
		}
	}
	return false
}

// wildcardWalker finds a path from a member to a relation that allows a
// wildcard subject, following only the operands that can grant.
type wildcardWalker struct {
	l    *linter
	busy map[memberRef]bool
	memo map[memberRef][]memberRef
}

// openPath returns the path to a wildcard relation, or nil.
func (w *wildcardWalker) openPath(n memberRef) []memberRef {
	if path, ok := w.memo[n]; ok {
		return path
	}
	d := w.l.m.Definition(n.def)
	if d == nil || w.busy[n] {
		return nil
	}
	w.busy[n] = true
	var rest []memberRef
	open := false
	if r := d.Relation(n.name); r != nil {
		open = relationOpen(r)
	} else if p := d.Permission(n.name); p != nil {
		rest, open = w.exprOpen(d, p.Expr)
	}
	delete(w.busy, n)
	var path []memberRef
	if open {
		path = append([]memberRef{n}, rest...)
	}
	w.memo[n] = path
	return path
}

// relationOpen needs no walk through subject sets (`group#member`):
// spicedb rejects a schema where one includes a wildcard transitively.
func relationOpen(r *Relation) bool {
	return slices.ContainsFunc(r.Subjects, func(s SubjectType) bool { return s.Wildcard })
}

func (w *wildcardWalker) exprOpen(d *Definition, e *Expr) ([]memberRef, bool) {
	switch e.Kind {
	case ExprRef:
		path := w.openPath(memberRef{d.Name, e.Name})
		return path, path != nil
	case ExprArrow:
		for _, t := range w.l.arrowTargets(d, e) {
			if path := w.openPath(t); path != nil {
				return path, true
			}
		}
	case ExprUnion:
		for _, c := range e.Children {
			if path, ok := w.exprOpen(d, c); ok {
				return path, true
			}
		}
	case ExprIntersection:
		var first []memberRef
		for i, c := range e.Children {
			path, ok := w.exprOpen(d, c)
			if !ok {
				return nil, false
			}
			if i == 0 {
				first = path
			}
		}
		return first, len(e.Children) > 0
	case ExprExclusion:
		if len(e.Children) > 0 {
			return w.exprOpen(d, e.Children[0])
		}
	}
	return nil, false
}

func checkWildcardInSensitivePermission(l *linter) ([]Finding, error) {
	var out []Finding
	for _, d := range l.m.Definitions {
		for _, p := range d.Permissions {
			if !isSensitive(p.Name) {
				continue
			}
			// A fresh walker per permission: a cycle cut short while
			// answering one permission must not poison the next.
			w := &wildcardWalker{l: l, busy: map[memberRef]bool{}, memo: map[memberRef][]memberRef{}}
			path := w.openPath(memberRef{d.Name, p.Name})
			if path == nil {
				continue
			}
			out = append(out, wildcardFinding(l.m, d, p, path))
		}
	}
	return out, nil
}

func wildcardFinding(m *Model, d *Definition, p *Permission, path []memberRef) Finding {
	end := path[len(path)-1]
	var wildcard string
	for _, s := range m.Definition(end.def).Relation(end.name).Subjects {
		if s.Wildcard {
			wildcard = s.String()
			break
		}
	}
	return Finding{
		Pos: p.Pos, Definition: d.Name, Member: p.Name,
		Message: fmt.Sprintf("permission %s#%s can be granted to everyone: it reaches relation %s, which allows the wildcard `%s` (%s)",
			d.Name, p.Name, end, wildcard, joinRefs(path)),
		Fix: fmt.Sprintf("remove `%s` from relation %s, or cut the path from %s to it (%s); keep wildcards on read-only permissions such as view",
			wildcard, end, p.Name, joinRefs(path)),
	}
}

// --- unused-relation ---

// subjectSets collects the members some relation allows as a subject set,
// like member in `relation viewer: group#member`.
func (l *linter) subjectSets() map[memberRef]bool {
	sets := map[memberRef]bool{}
	for _, d := range l.m.Definitions {
		for _, r := range d.Relations {
			for _, s := range r.Subjects {
				if s.Relation != "" {
					sets[memberRef{s.Type, s.Relation}] = true
				}
			}
		}
	}
	return sets
}

// usedMembers collects every member the schema refers to: references,
// arrow relations and targets, and subject sets.
func (l *linter) usedMembers() map[memberRef]bool {
	used := l.subjectSets()
	for _, d := range l.m.Definitions {
		for _, p := range d.Permissions {
			p.Expr.Walk(func(e *Expr) {
				switch e.Kind {
				case ExprRef:
					used[memberRef{d.Name, e.Name}] = true
				case ExprArrow:
					used[memberRef{d.Name, e.Tupleset}] = true
					for _, t := range l.arrowTargets(d, e) {
						used[t] = true
					}
				}
			})
		}
	}
	return used
}

func checkUnusedRelation(l *linter) ([]Finding, error) {
	used := l.usedMembers()
	var out []Finding
	for _, d := range l.m.Definitions {
		for _, r := range d.Relations {
			if used[memberRef{d.Name, r.Name}] {
				continue
			}
			out = append(out, Finding{
				Pos: r.Pos, Definition: d.Name, Member: r.Name,
				Message: fmt.Sprintf("relation %s#%s is not used by any permission, arrow or subject set", d.Name, r.Name),
				Fix: fmt.Sprintf("reference %s from the permission it should grant (e.g. `permission view = ... + %s`), or delete relation %s and the relationships written to it",
					r.Name, r.Name, r.Name),
			})
		}
	}
	return out, nil
}

// --- ungrantable-permission ---

func checkUngrantablePermission(l *linter) ([]Finding, error) {
	var out []Finding
	for _, d := range l.m.Definitions {
		for _, p := range d.Permissions {
			ex, err := l.m.Explain(d.Name, p.Name)
			if err != nil {
				return nil, fmt.Errorf("explaining %s#%s: %w", d.Name, p.Name, err)
			}
			// A truncated answer may have missed the one path that grants.
			if ex.Truncated || (ex.Grantable && len(ex.SubjectTypes) > 0) {
				continue
			}
			out = append(out, ungrantableFinding(d, p, ex))
		}
	}
	return out, nil
}

func ungrantableFinding(d *Definition, p *Permission, ex *Explanation) Finding {
	why := "no relationship can grant it"
	if ex.Grantable {
		why = "its branches admit no common subject type"
	}
	return Finding{
		Pos: p.Pos, Definition: d.Name, Member: p.Name,
		Message: fmt.Sprintf("permission %s#%s can never be granted: %s (`%s`)", d.Name, p.Name, why, p.Expr),
		Fix: fmt.Sprintf("make %s reach a relation that allows the intended subjects (e.g. `relation viewer: user` and `permission %s = viewer`), or delete the permission",
			p.Name, p.Name),
	}
}

// --- arrow-over-subrelation ---

// firstSubjectSet returns the first subject type of r (nil for a
// permission) with a subrelation.
func firstSubjectSet(r *Relation) (SubjectType, bool) {
	if r == nil {
		return SubjectType{}, false
	}
	for _, s := range r.Subjects {
		if s.Relation != "" {
			return s, true
		}
	}
	return SubjectType{}, false
}

func checkArrowOverSubrelation(l *linter) ([]Finding, error) {
	var out []Finding
	for _, d := range l.m.Definitions {
		for _, p := range d.Permissions {
			positions := l.m.arrowPositions(d, p)
			seen := map[string]bool{}
			p.Expr.Walk(func(e *Expr) {
				if e.Kind != ExprArrow || seen[e.String()] {
					return
				}
				seen[e.String()] = true
				if s, ok := firstSubjectSet(d.Relation(e.Tupleset)); ok {
					out = append(out, subrelationFinding(d, p, e, s, positions))
				}
			})
		}
	}
	return out, nil
}

func subrelationFinding(d *Definition, p *Permission, e *Expr, s SubjectType, positions map[string]Position) Finding {
	pos, ok := positions[e.String()]
	if !ok {
		pos = p.Pos
	}
	return Finding{
		Pos: pos, Definition: d.Name, Member: p.Name,
		Message: fmt.Sprintf("arrow %s in %s#%s walks relation %s, which allows %s#%s: the arrow ignores #%s and evaluates %s on the %s itself",
			e, d.Name, p.Name, e.Tupleset, s.Type, s.Relation, s.Relation, e.Target, s.Type),
		Fix: fmt.Sprintf("allow `%s` instead of `%s#%s` in relation %s if the %s is meant, or reference %s directly (`permission %s = %s`) if its %s subjects are meant",
			s.Type, s.Type, s.Relation, e.Tupleset, s.Type, e.Tupleset, p.Name, e.Tupleset, s.Relation),
	}
}

// --- duplicate-permission-expression ---

// canonical renders an expression so that equivalent unions and
// intersections (reordered, regrouped, repeated operands) compare equal.
func canonical(e *Expr) string {
	switch e.Kind {
	case ExprUnion, ExprIntersection:
		var parts []string
		for _, c := range flatten(e) {
			parts = append(parts, canonical(c))
		}
		slices.Sort(parts)
		parts = slices.Compact(parts)
		op := map[ExprKind]string{ExprUnion: " + ", ExprIntersection: " & "}[e.Kind]
		return "(" + strings.Join(parts, op) + ")"
	case ExprExclusion:
		parts := make([]string, len(e.Children))
		for i, c := range e.Children {
			parts[i] = canonical(c)
		}
		return "(" + strings.Join(parts, " - ") + ")"
	}
	return e.String()
}

// flatten lists the operands of e, merging nested nodes of the same kind.
func flatten(e *Expr) []*Expr {
	var out []*Expr
	for _, c := range e.Children {
		if c.Kind == e.Kind {
			out = append(out, flatten(c)...)
		} else {
			out = append(out, c)
		}
	}
	return out
}

func checkDuplicatePermissionExpression(l *linter) ([]Finding, error) {
	var out []Finding
	for _, d := range l.m.Definitions {
		first := map[string]*Permission{}
		for _, p := range d.Permissions {
			key := canonical(p.Expr)
			orig, dup := first[key]
			if !dup {
				first[key] = p
				continue
			}
			out = append(out, Finding{
				Pos: p.Pos, Definition: d.Name, Member: p.Name,
				Message: fmt.Sprintf("permission %s#%s has the same expression as %s#%s: `%s`", d.Name, p.Name, d.Name, orig.Name, p.Expr),
				Fix:     fmt.Sprintf("write `permission %s = %s` so the two cannot drift apart, or delete %s and check %s instead", p.Name, orig.Name, p.Name, orig.Name),
			})
		}
	}
	return out, nil
}
