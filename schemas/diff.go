package schemas

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Change is one structural difference between two schemas.
type Change struct {
	// Kind is added, removed, changed or renamed.
	Kind string `json:"kind"`
	// Element is definition, relation, permission or caveat.
	Element string `json:"element"`
	// Name is `document`, `document#viewer` or a caveat name; for a rename,
	// the old name.
	Name     string `json:"name"`
	NewName  string `json:"new_name,omitempty"`
	Before   string `json:"before,omitempty"`
	After    string `json:"after,omitempty"`
	Breaking bool   `json:"breaking"`
	// Why says what the change breaks, or what it changes for access.
	Why string `json:"why,omitempty"`
}

// Diff is the structural difference between a current and a proposed
// schema.
type Diff struct {
	Changes  []Change `json:"changes"`
	Breaking int      `json:"breaking"`
}

// DiffModels compares before and after. Removals and renames are breaking:
// code that checks the old name fails, and stored relationships for a
// removed relation or subject type become invalid.
func DiffModels(before, after *Model) Diff {
	var cs []Change
	var removedDefs, addedDefs []*Definition
	for _, b := range before.Definitions {
		a := after.Definition(b.Name)
		if a == nil {
			removedDefs = append(removedDefs, b)
			continue
		}
		cs = append(cs, diffDefinition(b, a)...)
	}
	for _, a := range after.Definitions {
		if before.Definition(a.Name) == nil {
			addedDefs = append(addedDefs, a)
		}
	}
	cs = append(cs, pairRenames("definition", names(removedDefs), names(addedDefs),
		func(o, n string) bool {
			return defShape(before.Definition(o), o, n) == defShape(after.Definition(n), "", "")
		},
		func(n string) string { return defShape(before.Definition(n), "", "") },
		func(n string) string { return defShape(after.Definition(n), "", "") },
		"stored relationships and every check on this type stop working")...)
	cs = append(cs, diffCaveats(before, after)...)
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].Breaking != cs[j].Breaking {
			return cs[i].Breaking
		}
		return cs[i].Name < cs[j].Name
	})
	d := Diff{Changes: cs}
	if d.Changes == nil {
		d.Changes = []Change{}
	}
	for _, c := range cs {
		if c.Breaking {
			d.Breaking++
		}
	}
	return d
}

func diffDefinition(b, a *Definition) []Change {
	var cs []Change
	var removedRels, addedRels, removedPerms, addedPerms []string
	for _, rb := range b.Relations {
		ra := a.Relation(rb.Name)
		switch {
		case ra != nil:
			cs = append(cs, diffSubjects(b.Name, rb, ra)...)
		case a.Permission(rb.Name) != nil:
			cs = append(cs, Change{Kind: "changed", Element: "relation", Name: b.Name + "#" + rb.Name, Before: "relation", After: "permission " + a.Permission(rb.Name).Expr.String(), Breaking: true, Why: "relationships can no longer be written to a permission"})
		default:
			removedRels = append(removedRels, rb.Name)
		}
	}
	for _, pb := range b.Permissions {
		pa := a.Permission(pb.Name)
		switch {
		case pa != nil:
			if before, after := pb.Expr.String(), pa.Expr.String(); before != after {
				cs = append(cs, Change{Kind: "changed", Element: "permission", Name: b.Name + "#" + pb.Name, Before: before, After: after, Why: "who holds this permission changes; review the grant paths"})
			}
		case a.Relation(pb.Name) != nil:
			cs = append(cs, Change{Kind: "changed", Element: "permission", Name: b.Name + "#" + pb.Name, Before: "permission " + pb.Expr.String(), After: "relation", Breaking: true, Why: "checks now see only direct relationships"})
		default:
			removedPerms = append(removedPerms, pb.Name)
		}
	}
	for _, ra := range a.Relations {
		if !b.HasMember(ra.Name) {
			addedRels = append(addedRels, ra.Name)
		}
	}
	for _, pa := range a.Permissions {
		if !b.HasMember(pa.Name) {
			addedPerms = append(addedPerms, pa.Name)
		}
	}
	relShape := func(d *Definition) func(string) string {
		return func(n string) string { return JoinSubjects(d.Relation(n).Subjects) }
	}
	permShape := func(d *Definition) func(string) string {
		return func(n string) string { return d.Permission(n).Expr.String() }
	}
	cs = append(cs, pairRenames("relation", prefixed(b.Name, removedRels), prefixed(b.Name, addedRels),
		func(o, n string) bool { return relShape(b)(member(o)) == relShape(a)(member(n)) },
		func(n string) string { return relShape(b)(member(n)) },
		func(n string) string { return relShape(a)(member(n)) },
		"stored relationships for it become invalid and code writing it fails")...)
	cs = append(cs, pairRenames("permission", prefixed(b.Name, removedPerms), prefixed(b.Name, addedPerms),
		func(o, n string) bool { return permShape(b)(member(o)) == permShape(a)(member(n)) },
		func(n string) string { return permShape(b)(member(n)) },
		func(n string) string { return permShape(a)(member(n)) },
		"code that checks it gets an error")...)
	return cs
}

func diffSubjects(def string, b, a *Relation) []Change {
	was, now := map[string]bool{}, map[string]bool{}
	for _, s := range b.Subjects {
		was[s.String()] = true
	}
	for _, s := range a.Subjects {
		now[s.String()] = true
	}
	var removed, added []string
	for s := range was {
		if !now[s] {
			removed = append(removed, s)
		}
	}
	for s := range now {
		if !was[s] {
			added = append(added, s)
		}
	}
	if len(removed)+len(added) == 0 {
		return nil
	}
	sort.Strings(removed)
	sort.Strings(added)
	c := Change{Kind: "changed", Element: "relation", Name: def + "#" + b.Name, Before: JoinSubjects(b.Subjects), After: JoinSubjects(a.Subjects)}
	if len(removed) > 0 {
		c.Breaking = true
		c.Why = fmt.Sprintf("subject types removed (%s): existing relationships with them become invalid", strings.Join(removed, ", "))
	} else {
		c.Why = fmt.Sprintf("subject types added: %s", strings.Join(added, ", "))
	}
	return []Change{c}
}

func diffCaveats(before, after *Model) []Change {
	var cs []Change
	var removed, added []string
	for _, cb := range before.Caveats {
		ca := after.Caveat(cb.Name)
		if ca == nil {
			removed = append(removed, cb.Name)
			continue
		}
		if bs, as := caveatShape(cb), caveatShape(ca); bs != as {
			cs = append(cs, Change{Kind: "changed", Element: "caveat", Name: cb.Name, Before: bs, After: as, Breaking: paramsString(cb) != paramsString(ca), Why: "callers must pass the new context; stored relationships keep their old context"})
		}
	}
	for _, ca := range after.Caveats {
		if before.Caveat(ca.Name) == nil {
			added = append(added, ca.Name)
		}
	}
	return append(cs, pairRenames("caveat", removed, added,
		func(o, n string) bool { return caveatShape(before.Caveat(o)) == caveatShape(after.Caveat(n)) },
		func(n string) string { return caveatShape(before.Caveat(n)) },
		func(n string) string { return caveatShape(after.Caveat(n)) },
		"relationships and subject types that use it become invalid")...)
}

// pairRenames matches removed names with added names of the same shape as
// renames; the rest are plain removals and additions.
func pairRenames(element string, removed, added []string, same func(o, n string) bool, beforeShape, afterShape func(string) string, breaks string) []Change {
	var cs []Change
	used := map[string]bool{}
	for _, o := range removed {
		renamed := ""
		for _, n := range added {
			if !used[n] && same(o, n) {
				renamed = n
				break
			}
		}
		if renamed != "" {
			used[renamed] = true
			cs = append(cs, Change{Kind: "renamed", Element: element, Name: o, NewName: renamed, Before: beforeShape(o), After: afterShape(renamed), Breaking: true, Why: "renamed: " + breaks})
			continue
		}
		cs = append(cs, Change{Kind: "removed", Element: element, Name: o, Before: beforeShape(o), Breaking: true, Why: "removed: " + breaks})
	}
	for _, n := range added {
		if !used[n] {
			cs = append(cs, Change{Kind: "added", Element: element, Name: n, After: afterShape(n), Why: "added: existing code and relationships are unaffected"})
		}
	}
	return cs
}

func names(defs []*Definition) []string {
	out := make([]string, len(defs))
	for i, d := range defs {
		out[i] = d.Name
	}
	return out
}

func prefixed(def string, members []string) []string {
	out := make([]string, len(members))
	for i, m := range members {
		out[i] = def + "#" + m
	}
	return out
}

// member strips the `def#` prefix.
func member(name string) string {
	_, m, _ := strings.Cut(name, "#")
	return m
}

// defShape summarises a definition's members, for rename detection. The
// definition's own name in its subject types (`group#member` on group)
// reads as renamed to, so a renamed self-referencing type still matches.
func defShape(d *Definition, renamedFrom, renamedTo string) string {
	parts := make([]string, 0, len(d.Relations)+len(d.Permissions))
	for _, r := range d.Relations {
		subjects := slices.Clone(r.Subjects)
		for i := range subjects {
			if renamedFrom != "" && subjects[i].Type == renamedFrom {
				subjects[i].Type = renamedTo
			}
		}
		parts = append(parts, "relation "+r.Name+": "+JoinSubjects(subjects))
	}
	for _, p := range d.Permissions {
		parts = append(parts, "permission "+p.Name+" = "+p.Expr.String())
	}
	return "{" + strings.Join(parts, "; ") + "}"
}

func caveatShape(c *Caveat) string {
	return "(" + paramsString(c) + ") { " + c.Expression + " }"
}

func paramsString(c *Caveat) string {
	parts := make([]string, len(c.Params))
	for i, p := range c.Params {
		parts[i] = p.Name + " " + p.Type
	}
	return strings.Join(parts, ", ")
}
