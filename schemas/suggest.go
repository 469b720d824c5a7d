package schemas

import (
	"sort"
	"strings"
)

// Suggest returns up to three candidates close to name, closest first, for
// "did you mean" messages. A candidate qualifies when its edit distance is
// at most a third of the longer name (minimum 2), or when one name contains
// the other.
func Suggest(name string, candidates []string) []string {
	type scored struct {
		name string
		dist int
	}
	var hits []scored
	for _, c := range candidates {
		if c == name {
			continue
		}
		d := levenshtein(name, c)
		limit := max(2, max(len(name), len(c))/3)
		if d <= limit || (len(name) >= 3 && (strings.Contains(c, name) || strings.Contains(name, c))) {
			hits = append(hits, scored{c, d})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].dist != hits[j].dist {
			return hits[i].dist < hits[j].dist
		}
		return hits[i].name < hits[j].name
	})
	out := make([]string, 0, 3)
	for i := 0; i < len(hits) && i < 3; i++ {
		out = append(out, hits[i].name)
	}
	return out
}

// levenshtein counts single-character edits, with a transposition costing
// one (so `veiw` is one edit from `view`).
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
