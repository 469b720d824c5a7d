package schemas

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// The operations a handler can perform on a resource, as the agent names
// them.
const (
	OpCreate  = "create"
	OpRead    = "read"
	OpUpdate  = "update"
	OpDelete  = "delete"
	OpList    = "list"
	OpShare   = "share"
	OpUnshare = "unshare"
	OpOther   = "other"
)

// Operations lists every operation, in the order they are documented.
var Operations = []string{OpCreate, OpRead, OpUpdate, OpDelete, OpList, OpShare, OpUnshare, OpOther}

// synonyms are the permission names, in order of preference, that express
// an operation. Only names that exist in the schema are ever chosen.
var synonyms = map[string][]string{
	OpRead:   {"view", "read", "get", "access", "use"},
	OpList:   {"view", "read", "get", "access", "list", "use"},
	OpUpdate: {"edit", "update", "write", "manage", "modify", "admin"},
	OpDelete: {"delete", "remove", "destroy", "admin", "manage"},
	OpShare:  {"share", "manage", "admin", "edit", "write", "update"},
	OpCreate: {"create", "add", "write", "edit", "update", "manage", "admin"},
}

// creatorRelations are preferred, in order, for the relation that gives
// the creator of a new resource its access.
var creatorRelations = []string{"owner", "creator", "author", "admin", "maintainer", "manager", "editor", "writer"}

// sharingRelations are preferred, in order, for the relation a share
// handler writes.
var sharingRelations = []string{"viewer", "reader", "commenter", "editor", "writer", "member", "collaborator"}

// Plan is what a handler must do in SpiceDB for one operation on one
// resource type, derived from the schema alone.
type Plan struct {
	Resource  string `json:"resource"`
	Operation string `json:"operation"`
	// Actor is the subject type of an authenticated caller, e.g. user.
	Actor string `json:"actor"`
	// Check is the permission to check before acting (for create, on the
	// parent); nil when none fits.
	Check *PlannedCheck `json:"check,omitempty"`
	// Lookup, for list, is LookupResources by this permission.
	Lookup *PlannedCheck `json:"lookup,omitempty"`
	// Writes are relationships to write: the creator's and the parent's on
	// create, the sharing relation on share.
	Writes []PlannedWrite `json:"writes"`
	// Deletes is the relationship to delete on unshare.
	Deletes []PlannedWrite `json:"deletes"`
	// DeleteAsSubject, for delete, lists relations elsewhere that can hold
	// the resource as their subject; the handler deletes those too.
	DeleteAsSubject []string `json:"delete_as_subject"`
	// Caveats are parameters a grant path of the check needs in context.
	Caveats []PlannedCaveatParam `json:"caveats"`
	// Notes say what could not be fitted and why, in words.
	Notes []string `json:"notes"`
}

// PlannedCheck is a permission on an object type, with the alternatives
// that also matched.
type PlannedCheck struct {
	Object       string   `json:"object"`
	Permission   string   `json:"permission"`
	Alternatives []string `json:"alternatives"`
	// Why explains the choice: "read → view".
	Why string `json:"why"`
}

// PlannedWrite is one relationship to write or delete.
type PlannedWrite struct {
	Object          string `json:"object"`
	Relation        string `json:"relation"`
	Subject         string `json:"subject"`
	SubjectRelation string `json:"subject_relation,omitempty"`
	// From is actor (the authenticated caller), parent (the container the
	// resource lives in) or input (the subject being shared with).
	From string `json:"from"`
	Why  string `json:"why"`
}

// PlannedCaveatParam is a caveat parameter a check may need.
type PlannedCaveatParam struct {
	Caveat string `json:"caveat"`
	Name   string `json:"name"`
	Type   string `json:"type"`
}

// Ref renders the write as `document:<id>#owner@user:<id>`.
func (w PlannedWrite) Ref() string {
	s := fmt.Sprintf("%s:<id>#%s@%s:<%s id>", w.Object, w.Relation, w.Subject, w.From)
	if w.SubjectRelation != "" {
		s += "#" + w.SubjectRelation
	}
	return s
}

// PlanFor derives the SpiceDB calls for op on resource. hints are extra
// words (from the handler's name) that may name a permission directly,
// as in `CommentOnDocument` → comment.
func (m *Model) PlanFor(resource, op string, hints ...string) (*Plan, error) {
	def, err := m.Lookup(resource)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(Operations, op) {
		return nil, &InputError{Kind: ErrBadArgument, Message: fmt.Sprintf("unknown operation %q", op), Fix: "use one of: " + strings.Join(Operations, ", ")}
	}
	p := &Plan{Resource: def.Name, Operation: op, Actor: m.ActorType(), Writes: []PlannedWrite{}, Deletes: []PlannedWrite{}, DeleteAsSubject: []string{}, Caveats: []PlannedCaveatParam{}, Notes: []string{}}
	switch op {
	case OpCreate:
		m.planCreate(p, def)
	case OpList:
		p.Lookup = m.pickPermission(p, def, OpList, nil)
	case OpShare, OpUnshare:
		p.Check = m.pickPermission(p, def, OpShare, nil)
		m.planShare(p, def)
	case OpOther:
		p.Check = m.pickPermission(p, def, OpOther, hints)
	default:
		p.Check = m.pickPermission(p, def, op, hints)
	}
	if op == OpDelete {
		p.DeleteAsSubject = m.relationsHolding(def.Name)
	}
	for _, c := range []*PlannedCheck{p.Check, p.Lookup} {
		if c != nil {
			p.Caveats = append(p.Caveats, m.caveatParams(c.Object, c.Permission)...)
		}
	}
	return p, nil
}

// pickPermission chooses the permission for op on def through the synonym
// map; hints (words of the handler name) win when they name a permission.
func (m *Model) pickPermission(p *Plan, def *Definition, op string, hints []string) *PlannedCheck {
	var matches []string
	for _, h := range hints {
		if def.Permission(h) != nil && !slices.Contains(matches, h) {
			matches = append(matches, h)
		}
	}
	for _, s := range synonyms[op] {
		for _, perm := range def.Permissions {
			if permissionMatches(perm.Name, s, def.Name) && !slices.Contains(matches, perm.Name) {
				matches = append(matches, perm.Name)
			}
		}
	}
	if len(matches) == 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("no permission on %s fits %s (looked for %s); add one to the schema or pass the permission to check explicitly — do not check a relation instead",
			def.Name, op, strings.Join(synonyms[op], ", ")))
		return nil
	}
	return &PlannedCheck{Object: def.Name, Permission: matches[0], Alternatives: matches[1:], Why: fmt.Sprintf("%s → %s", op, matches[0])}
}

// permissionMatches accepts `view`, `can_view` and `view_document`.
func permissionMatches(perm, synonym, def string) bool {
	return perm == synonym || perm == "can_"+synonym || perm == synonym+"_"+def || perm == synonym+"_"+Plural(def)
}

// planCreate checks a permission on the parent and writes the creator's
// and the parent's relationships.
func (m *Model) planCreate(p *Plan, def *Definition) {
	parents := m.parentRelations(def)
	for _, rel := range parents {
		for _, parentType := range rel.SubjectTypesOf() {
			parent := m.Definition(parentType)
			if parent == nil || p.Check != nil {
				continue
			}
			if c := m.pickCreatePermission(parent, def.Name); c != nil {
				p.Check = c
				p.Writes = append(p.Writes, PlannedWrite{Object: def.Name, Relation: rel.Name, Subject: parentType, From: "parent",
					Why: fmt.Sprintf("%s#%s links the new %s to its %s, so access flows through the arrows that walk it", def.Name, rel.Name, def.Name, parentType)})
			}
		}
	}
	if len(parents) == 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("%s has no parent relation, so there is no permission to check before creating one; gate creation on a tenant or organization permission if the schema has one", def.Name))
	} else if p.Check == nil {
		p.Notes = append(p.Notes, fmt.Sprintf("no permission on %s's parent fits create (looked for create_%s, create, add, write, edit); add one such as `permission create_%s = edit` to the parent", def.Name, def.Name, def.Name))
	}
	if w, ok := m.creatorWrite(def, p.Actor); ok {
		p.Writes = append([]PlannedWrite{w}, p.Writes...)
	} else {
		p.Notes = append(p.Notes, fmt.Sprintf("no relation on %s allows %s directly, so the creator cannot be granted access; add one such as `relation owner: %s`", def.Name, p.Actor, p.Actor))
	}
}

func (m *Model) pickCreatePermission(parent *Definition, child string) *PlannedCheck {
	preferred := []string{"create_" + child, "create_" + Plural(child), "add_" + child, "add_" + Plural(child)}
	var matches []string
	for _, name := range preferred {
		if parent.Permission(name) != nil {
			matches = append(matches, name)
		}
	}
	for _, s := range synonyms[OpCreate] {
		for _, perm := range parent.Permissions {
			if permissionMatches(perm.Name, s, parent.Name) && !slices.Contains(matches, perm.Name) {
				matches = append(matches, perm.Name)
			}
		}
	}
	if len(matches) == 0 {
		return nil
	}
	return &PlannedCheck{Object: parent.Name, Permission: matches[0], Alternatives: matches[1:], Why: fmt.Sprintf("create → %s#%s on the parent the new %s goes into", parent.Name, matches[0], child)}
}

// parentRelations are relations that arrows walk (`parent->view`) to a
// non-actor type: the containers a resource lives in, its own type
// included (nested folders).
func (m *Model) parentRelations(def *Definition) []*Relation {
	var out []*Relation
	actor := m.ActorType()
	for _, perm := range def.Permissions {
		perm.Expr.Walk(func(e *Expr) {
			if e.Kind != ExprArrow {
				return
			}
			r := def.Relation(e.Tupleset)
			if r == nil || slices.Contains(out, r) {
				return
			}
			for _, t := range r.SubjectTypesOf() {
				if t != actor {
					out = append(out, r)
					return
				}
			}
		})
	}
	return out
}

// creatorWrite picks the relation that gives the creator the most
// permissions on the new resource: the one that appears in the most
// permissions' grant paths for the actor type.
func (m *Model) creatorWrite(def *Definition, actor string) (PlannedWrite, bool) {
	best, bestScore := "", -1
	for _, r := range def.Relations {
		if !allowsPlain(r, actor) {
			continue
		}
		score := 0
		for _, perm := range def.Permissions {
			if m.grantsVia(def.Name, perm.Name, def.Name+"#"+r.Name, actor) {
				score++
			}
		}
		if score > bestScore || score == bestScore && rank(creatorRelations, r.Name) < rank(creatorRelations, best) {
			best, bestScore = r.Name, score
		}
	}
	if best == "" {
		return PlannedWrite{}, false
	}
	return PlannedWrite{Object: def.Name, Relation: best, Subject: actor, From: "actor",
		Why: fmt.Sprintf("gives the creator access: %s#%s grants %d of %s's permissions", def.Name, best, bestScore, def.Name)}, true
}

// planShare writes (share) or deletes (unshare) the sharing relation: the
// relation that grants read access and allows the actor type or a group.
func (m *Model) planShare(p *Plan, def *Definition) {
	var candidates []*Relation
	for _, r := range def.Relations {
		if len(r.Subjects) > 0 && !slices.Contains(m.parentRelations(def), r) && m.feedsRead(def, r) {
			candidates = append(candidates, r)
		}
	}
	sort.SliceStable(candidates, func(i, j int) bool {
		return rank(sharingRelations, candidates[i].Name) < rank(sharingRelations, candidates[j].Name)
	})
	if len(candidates) == 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("no relation on %s grants read access to a person, so there is nothing to share", def.Name))
		return
	}
	r := candidates[0]
	var writes []PlannedWrite
	for _, s := range r.Subjects {
		if s.Wildcard {
			continue
		}
		writes = append(writes, PlannedWrite{Object: def.Name, Relation: r.Name, Subject: s.Type, SubjectRelation: s.Relation, From: "input",
			Why: fmt.Sprintf("%s#%s is the sharing relation: it grants read access and allows %s", def.Name, r.Name, s.String())})
	}
	if p.Operation == OpShare {
		p.Writes = writes
	} else {
		p.Deletes = writes
	}
	if len(candidates) > 1 {
		var others []string
		for _, c := range candidates[1:] {
			others = append(others, def.Name+"#"+c.Name)
		}
		p.Notes = append(p.Notes, "to share with more access, write one of: "+strings.Join(others, ", "))
	}
}

// feedsRead reports whether relation r appears in the grant paths of the
// permission that read resolves to.
func (m *Model) feedsRead(def *Definition, r *Relation) bool {
	for _, s := range synonyms[OpRead] {
		for _, perm := range def.Permissions {
			if permissionMatches(perm.Name, s, def.Name) {
				ex, err := m.Explain(def.Name, perm.Name)
				return err == nil && slices.Contains(ex.RequiredRelations, def.Name+"#"+r.Name)
			}
		}
	}
	return false
}

// grantsVia reports whether some grant path of def#perm for the actor type
// ends at the given relation.
func (m *Model) grantsVia(def, perm, relation, actor string) bool {
	ex, err := m.Explain(def, perm)
	if err != nil {
		return false
	}
	for _, path := range ex.Paths {
		if path.Relation == relation && path.Subject == actor && len(path.Via) == 0 {
			return true
		}
	}
	return false
}

// relationsHolding lists every relation, on any definition, that allows
// typ as its subject: after deleting a typ, those relationships dangle.
func (m *Model) relationsHolding(typ string) []string {
	out := []string{}
	for _, d := range m.Definitions {
		for _, r := range d.Relations {
			if slices.Contains(r.SubjectTypesOf(), typ) {
				out = append(out, d.Name+"#"+r.Name)
			}
		}
	}
	return out
}

// caveatParams lists the caveat parameters on any grant path of def#perm.
func (m *Model) caveatParams(def, perm string) []PlannedCaveatParam {
	ex, err := m.Explain(def, perm)
	if err != nil {
		return nil
	}
	var out []PlannedCaveatParam
	seen := map[string]bool{}
	for _, path := range ex.Paths {
		c := m.Caveat(path.Caveat)
		if c == nil || seen[c.Name] {
			continue
		}
		seen[c.Name] = true
		for _, param := range c.Params {
			out = append(out, PlannedCaveatParam{Caveat: c.Name, Name: param.Name, Type: param.Type})
		}
	}
	return out
}

// ActorType is the subject type of authenticated callers: `user` when the
// schema defines it, else the empty definition that relations allow most
// often as a direct subject.
func (m *Model) ActorType() string {
	if m.Definition("user") != nil {
		return "user"
	}
	counts := map[string]int{}
	for _, d := range m.Definitions {
		for _, r := range d.Relations {
			for _, s := range r.Subjects {
				if def := m.Definition(s.Type); def != nil && len(def.Relations)+len(def.Permissions) == 0 {
					counts[s.Type]++
				}
			}
		}
	}
	best := ""
	for t, n := range counts {
		if n > counts[best] || n == counts[best] && t < best {
			best = t
		}
	}
	return best
}

// allowsPlain reports whether r allows typ itself (not a wildcard or a
// subject set).
func allowsPlain(r *Relation, typ string) bool {
	for _, s := range r.Subjects {
		if s.Type == typ && !s.Wildcard && s.Relation == "" {
			return true
		}
	}
	return false
}

// rank is the position of name in preferred, or past the end.
func rank(preferred []string, name string) int {
	if i := slices.Index(preferred, name); i >= 0 {
		return i
	}
	return len(preferred)
}
