package schemas

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// ResourceCandidate is a definition that code may be about, with the
// evidence for it.
type ResourceCandidate struct {
	Name  string `json:"name"`
	Score int    `json:"score"`
	// Because lists the evidence: `handler name CreateDocument`,
	// `route /api/documents/{id}`, `identifier DocumentStore`.
	Because []string `json:"because"`
}

// Evidence weights: the handler's own name and route are strong, names
// elsewhere in the file weak.
const (
	weightHandler    = 3
	weightRoute      = 3
	weightIdentifier = 1
	// maxIdentifierScore caps what the file's names add to a definition.
	maxIdentifierScore = 2
)

// InferResource ranks the schema's definitions by how well their names
// match the handler's name, its route and the file's identifiers, across
// plural/singular and camel/snake case: DocumentHandler and
// /api/v1/documents/{id} both mean document.
func InferResource(m *Model, handler, route string, identifiers []string) []ResourceCandidate {
	byName := map[string]*ResourceCandidate{}
	wants := make([][]string, len(m.Definitions))
	for i, def := range m.Definitions {
		wants[i] = def.words
		if wants[i] == nil {
			wants[i] = defWords(def.Name)
		}
	}
	add := func(source, text string, weight int) {
		words := singularWords(text)
		for i, def := range m.Definitions {
			want := wants[i]
			if containsRun(words, want) {
				if source == "route" && lastRun(words, want) {
					weight++ // the route's last resource is the one acted on: /folders/{id}/documents
				}
				c := byName[def.Name]
				if c == nil {
					c = &ResourceCandidate{Name: def.Name}
					byName[def.Name] = c
				}
				c.Score += weight
				if len(c.Because) < 4 {
					c.Because = append(c.Because, fmt.Sprintf("%s %s", source, text))
				}
			}
		}
	}
	if handler != "" {
		// In `FolderHandler.Documents` the method names the resource; the
		// receiver type only hints at it.
		if typ, method, ok := strings.Cut(handler, "."); ok {
			add("handler type", typ, weightHandler-1)
			add("handler name", method, weightHandler)
		} else {
			add("handler name", handler, weightHandler)
		}
	}
	if route != "" {
		add("route", route, weightRoute)
	}
	// The file's names break ties; however many there are, they never
	// outweigh the handler's own name or route.
	before := map[string]int{}
	for name, c := range byName {
		before[name] = c.Score
	}
	for _, id := range identifiers {
		add("identifier", id, weightIdentifier)
	}
	for name, c := range byName {
		c.Score = min(c.Score, before[name]+maxIdentifierScore)
	}
	out := make([]ResourceCandidate, 0, len(byName))
	for _, c := range byName {
		out = append(out, *c)
	}
	// Longer definition names are more specific: team_member beats team
	// when both match TeamMemberHandler.
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		if li, lj := len(defWords(out[i].Name)), len(defWords(out[j].Name)); li != lj {
			return li > lj
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// Decisive returns the top candidate when the evidence singles it out: it
// is the only one, or it outscores the next and its evidence includes the
// handler's name or route. Otherwise the caller must ask.
func Decisive(cands []ResourceCandidate) (string, bool) {
	switch {
	case len(cands) == 0:
		return "", false
	case len(cands) == 1:
		return cands[0].Name, true
	}
	top, next := cands[0], cands[1]
	if top.Score > next.Score && top.Score >= weightHandler {
		return top.Name, true
	}
	// Equal scores, but one name contains the other's words: prefer the
	// more specific (team_member over team).
	if top.Score == next.Score && len(defWords(top.Name)) > len(defWords(next.Name)) && containsRun(defWords(top.Name), defWords(next.Name)) {
		return top.Name, true
	}
	return "", false
}

// shareVerbs and unshareVerbs refine an operation inferred as create,
// update or other when the handler's name says it shares access.
var (
	shareVerbs   = []string{"share", "grant", "invite", "collaborator", "collaborators"}
	unshareVerbs = []string{"unshare", "revoke", "uninvite"}
)

// RefineOperation turns an inferred operation into share or unshare when
// the handler's name is about sharing.
func RefineOperation(op, handler string) string {
	words := Words(handler)
	for _, w := range words {
		if slices.Contains(unshareVerbs, w) {
			return OpUnshare
		}
	}
	for _, w := range words {
		if slices.Contains(shareVerbs, w) {
			if op == OpDelete {
				return OpUnshare
			}
			return OpShare
		}
	}
	return op
}

// singularWords splits text into words and singularizes each.
func singularWords(text string) []string {
	words := Words(text)
	for i, w := range words {
		words[i] = Singular(w)
	}
	return words
}

// defWords splits a definition name, ignoring any `prefix/`.
func defWords(name string) []string {
	return singularWords(name[strings.LastIndex(name, "/")+1:])
}

// lastRun reports whether want is the last definition-like run in words:
// no later word is a resource word other than an ID-ish one.
func lastRun(words, want []string) bool {
	for i := len(words) - len(want); i >= 0; i-- {
		if slices.Equal(words[i:i+len(want)], want) {
			for _, w := range words[i+len(want):] {
				if w != "id" && !strings.HasSuffix(w, "id") {
					return false
				}
			}
			return true
		}
	}
	return false
}

// containsRun reports whether want appears as consecutive words in words.
func containsRun(words, want []string) bool {
	if len(want) == 0 {
		return false
	}
	for i := 0; i+len(want) <= len(words); i++ {
		if slices.Equal(words[i:i+len(want)], want) {
			return true
		}
	}
	return false
}
