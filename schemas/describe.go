package schemas

import (
	"strings"
)

// maxMeaningRunes keeps a meaning to one readable line in tool output.
const maxMeaningRunes = 160

// Meaning renders permission p of definition def as one line of plain
// English: `view = viewer + edit + parent->view` reads "granted to anyone
// who is a viewer, has edit, or has view on the parent". Names stay exact so
// an agent can map the sentence back to the schema.
func (m *Model) Meaning(def string, p *Permission) string {
	if p == nil {
		return ""
	}
	d := m.Definition(def)
	if p.Expr == nil || p.Expr.Kind == ExprNil {
		return "granted to no one"
	}
	return clip("granted to anyone who " + phrase(d, p.Expr, false, false))
}

// relationMeaning describes a stored relation by who can be written to it.
func relationMeaning(r *Relation) string {
	parts := make([]string, len(r.Subjects))
	for i, s := range r.Subjects {
		parts[i] = s.String()
	}
	return clip("held by whoever a relationship names directly: " + orList(parts))
}

// phrase renders e as the predicate of "anyone who …" (or, plural, of
// "those who …"). nested marks an operand of another operator, where a
// bare list would be ambiguous.
func phrase(d *Definition, e *Expr, plural, nested bool) string {
	switch e.Kind {
	case ExprRef:
		if v, ok := verbName(e.Name, plural); ok {
			return v
		}
		if d != nil && d.Relation(e.Name) != nil {
			return isA(e.Name, plural)
		}
		return has(e.Name, plural)
	case ExprArrow:
		held, ok := verbName(e.Target, plural)
		if !ok {
			held = has(e.Target, plural)
		}
		return held + " on " + quantifier(e.Func) + " " + e.Tupleset
	case ExprNil:
		return "is no one"
	case ExprSelf:
		return verb("is", plural) + " the object itself"
	case ExprUnion:
		parts := phrases(d, e.Children, plural)
		switch {
		case !nested:
			return orList(parts)
		case len(parts) == 2:
			return "either " + orList(parts)
		}
		return "(" + orList(parts) + ")"
	case ExprIntersection:
		s := strings.Join(phrases(d, e.Children, plural), " and also ")
		return wrap(s, nested)
	case ExprExclusion:
		return wrap(exclusionPhrase(d, e, plural), nested)
	}
	return string(e.Kind)
}

// exclusionPhrase reads `a - b - c` (which nests as `(a - b) - c`) as one
// clause: "is an a, except those who are b or are c".
func exclusionPhrase(d *Definition, e *Expr, plural bool) string {
	if len(e.Children) == 0 {
		return "is no one"
	}
	base, subs := e.Children[0], e.Children[1:]
	for base.Kind == ExprExclusion && len(base.Children) > 0 {
		subs = append(append([]*Expr{}, base.Children[1:]...), subs...)
		base = base.Children[0]
	}
	// The base reads fine bare: the ", except" clause closes it.
	return phrase(d, base, plural, false) + ", except those who " + strings.Join(phrases(d, subs, true), " or ")
}

func phrases(d *Definition, es []*Expr, plural bool) []string {
	out := make([]string, len(es))
	for i, c := range es {
		out[i] = phrase(d, c, plural, true)
	}
	return out
}

// verbName reads a name that already starts with a verb: can_view reads
// "can view", has_role "has role", is_owner "is owner".
func verbName(name string, plural bool) (string, bool) {
	for _, v := range []string{"can", "has", "is"} {
		if rest, ok := strings.CutPrefix(name, v+"_"); ok && rest != "" {
			if v != "can" {
				v = verb(v, plural)
			}
			return v + " " + strings.ReplaceAll(rest, "_", " "), true
		}
	}
	return "", false
}

// isA reads a relation as a role ("is a viewer") or, for past-participle
// names like banned or suspended, as a state ("is banned").
func isA(name string, plural bool) string {
	if strings.HasSuffix(name, "ed") {
		return verb("is", plural) + " " + name
	}
	if plural {
		if !strings.HasSuffix(name, "s") {
			name += "s"
		}
		return "are " + name
	}
	return "is " + article(name) + " " + name
}

// has reads a permission as held ("has edit").
func has(name string, plural bool) string {
	return verb("has", plural) + " " + name
}

func verb(singular string, plural bool) string {
	if !plural {
		return singular
	}
	return map[string]string{"is": "are", "has": "have"}[singular]
}

func quantifier(fn string) string {
	switch fn {
	case "any":
		return "any"
	case "all":
		return "every"
	}
	return "the"
}

func article(name string) string {
	if name != "" && strings.ContainsRune("aeiou", rune(name[0])) {
		return "an"
	}
	return "a"
}

// orList joins "a", "a or b", "a, b, or c".
func orList(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	case 2:
		return parts[0] + " or " + parts[1]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + ", or " + parts[len(parts)-1]
}

func wrap(s string, nested bool) string {
	if nested {
		return "(" + s + ")"
	}
	return s
}

// clip shortens s to maxMeaningRunes, marking the cut with an ellipsis.
func clip(s string) string {
	r := []rune(s)
	if len(r) <= maxMeaningRunes {
		return s
	}
	return string(r[:maxMeaningRunes-1]) + "…"
}
