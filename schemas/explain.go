package schemas

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// MaxGrantPaths caps the paths one Explain returns. Schemas with deeply
// nested roles can otherwise produce thousands of near-identical paths, and
// a model reading them learns nothing more after the first few hundred.
const MaxGrantPaths = 500

// maxHops bounds how many arrows one path follows. Real hierarchies are a
// handful of hops deep; a long chain of distinct types (res300 → res299 →
// …) would otherwise make every path hundreds of hops long.
const maxHops = 12

// maxExplainSteps bounds the work of one Explain, so a pathological schema
// (wide diamonds of permissions, dense cycles) cannot stall a hook.
const maxExplainSteps = 200_000

// Explanation lists every way a subject can come to hold a permission (or
// relation) of a definition.
type Explanation struct {
	Resource   string `json:"resource"`
	Permission string `json:"permission"`
	// Kind is "permission" or "relation".
	Kind string `json:"kind"`
	// Expression is the permission's expression, or a relation's allowed
	// subject types in schema syntax.
	Expression string `json:"expression"`
	// Meaning is a one-line plain English reading of Expression.
	Meaning string      `json:"meaning"`
	Paths   []GrantPath `json:"paths"`
	// SubjectTypes are the subject types that can ever hold it, sorted:
	// "user", "user:*", "group#member". Under an intersection only the types
	// every branch admits count.
	SubjectTypes []string `json:"subject_types"`
	// RequiredRelations are the relations that must have a relationship
	// written for some path to grant, sorted.
	RequiredRelations []string `json:"required_relations"`
	// Compositional reports whether something else builds on it: another
	// permission, on the same definition or through an arrow from another
	// one, or a relation that allows it as a subject set (`group#member`).
	Compositional bool `json:"compositional"`
	// UsedBy lists the permissions and relations that reference it, sorted:
	// "document#edit", "folder#view", "document#viewer" (for group#member).
	UsedBy []string `json:"used_by"`
	// Grantable reports whether at least one path exists.
	Grantable bool `json:"grantable"`
	// Truncated reports that Paths is incomplete: MaxGrantPaths was hit, or
	// some paths were deeper than the hop limit (12 arrows). SubjectTypes
	// stay complete unless the work budget ran out.
	Truncated bool `json:"truncated"`
}

// GrantPath is one way to come to hold a permission: a relationship written
// on a leaf relation, reached through zero or more arrow hops.
type GrantPath struct {
	// Subject is the subject type the relationship names: "user",
	// "user:*", "group#member".
	Subject string `json:"subject"`
	// Relation is the leaf relation where the relationship is written,
	// "folder#viewer"; empty for a `self` grant.
	Relation string `json:"relation"`
	// Via lists the arrow hops from the resource down to the leaf, in order.
	Via []Hop `json:"via"`
	// Recursive lists arrows that may repeat any number of times along the
	// path, e.g. "folder#parent".
	Recursive []string `json:"recursive"`
	// Caveat is the caveat the subject type requires, if any.
	Caveat string `json:"caveat"`
	// Expiration reports that the relationship must carry an expiration.
	Expiration bool `json:"expiration"`
	// Requires lists intersection conditions that must also hold, as
	// "document#<expr>" text.
	Requires []string `json:"requires"`
	// Unless lists subtracted expressions that must not hold.
	Unless []string `json:"unless"`
	// Writes lists the relations that must be written for this path: each
	// arrow's tupleset relation, then the leaf.
	Writes []string `json:"writes"`
	// Text renders the path on one line:
	// "user → folder#viewer via document#parent → folder#view".
	Text string `json:"text"`
}

// Hop is one arrow step: from Relation (the tupleset, "document#parent") to
// Target on the related object ("folder#view").
type Hop struct {
	Relation string `json:"relation"`
	Target   string `json:"target"`
	// Func is "" for `->`, or "any" / "all" for the functioned arrows.
	Func string `json:"func"`
}

// String renders the hop as "document#parent → folder#view", with ".all"
// or ".any" after the tupleset for functioned arrows.
func (h Hop) String() string {
	rel := h.Relation
	if h.Func != "" {
		rel += "." + h.Func
	}
	return rel + " → " + h.Target
}

// Explain lists every way a subject can come to hold def#permission (works
// for a relation name too). Unknown names come back as *InputError with
// "did you mean" candidates. Answers are memoized on the Model; the slices
// inside each GrantPath are shared between calls and must not be modified.
func (m *Model) Explain(def, permission string) (*Explanation, error) {
	if m == nil {
		return nil, &InputError{Kind: ErrNoSchema, Message: "no schema is loaded", Fix: howToPointAtSchema}
	}
	d, err := m.Lookup(def)
	if err != nil {
		return nil, err
	}
	if !d.HasMember(permission) {
		return nil, unknownMember(d, permission)
	}
	key := memberKey{def, permission}
	if ex, ok := m.explain.results.Load(key); ok {
		return ex.(*Explanation).clone(), nil
	}
	ex := m.explainMember(d, permission)
	m.explain.remember(key, ex)
	return ex.clone(), nil
}

// explainCache memoizes Explain on one Model. A Model never changes once
// built, and tools and hooks ask about the same permissions on every edit.
type explainCache struct {
	usersOnce sync.Once
	users     map[memberKey][]string // what builds on each member
	results   sync.Map               // memberKey → *Explanation
	paths     atomic.Int64           // paths held in results
}

// maxCachedPaths bounds the memory the cache holds on a huge schema (a few
// KiB per path); past it, answers are computed afresh.
const maxCachedPaths = 50_000

func (c *explainCache) remember(key memberKey, ex *Explanation) {
	if c.paths.Add(int64(len(ex.Paths))) > maxCachedPaths {
		c.paths.Add(-int64(len(ex.Paths)))
		return
	}
	c.results.Store(key, ex)
}

// clone copies the top-level slices, so a caller may sort or trim them
// without touching the memoized answer.
func (ex *Explanation) clone() *Explanation {
	c := *ex
	c.Paths = slices.Clone(ex.Paths)
	c.SubjectTypes = slices.Clone(ex.SubjectTypes)
	c.RequiredRelations = slices.Clone(ex.RequiredRelations)
	c.UsedBy = slices.Clone(ex.UsedBy)
	return &c
}

func (m *Model) explainMember(d *Definition, member string) *Explanation {
	w := newWalker(m)
	types := w.member(d, member)
	ex := &Explanation{
		Resource:     d.Name,
		Permission:   member,
		Paths:        w.finish(),
		SubjectTypes: nonNil(types),
		UsedBy:       m.usedBy(d.Name, member),
		Truncated:    w.capped || w.clipped,
	}
	if p := d.Permission(member); p != nil {
		ex.Kind, ex.Expression, ex.Meaning = "permission", p.Expr.String(), m.Meaning(d.Name, p)
	} else {
		r := d.Relation(member)
		ex.Kind, ex.Expression, ex.Meaning = "relation", relationExpression(r), relationMeaning(r)
	}
	ex.RequiredRelations = requiredRelations(ex.Paths)
	ex.Compositional = len(ex.UsedBy) > 0
	ex.Grantable = len(ex.Paths) > 0
	return ex
}

func unknownMember(d *Definition, name string) *InputError {
	return &InputError{
		Kind:       ErrUnknownPermission,
		Message:    fmt.Sprintf("definition %s has no permission or relation %q", d.Name, name),
		Candidates: Suggest(name, d.MemberNames()),
		Fix:        fmt.Sprintf("use one of %s's permissions or relations: %s", d.Name, listNames(d.MemberNames())),
	}
}

// listNames keeps a fix hint short on huge schemas.
func listNames(names []string) string {
	const limit = 12
	if len(names) == 0 {
		return "(none)"
	}
	if len(names) > limit {
		return strings.Join(names[:limit], ", ") + fmt.Sprintf(", … (%d more)", len(names)-limit)
	}
	return strings.Join(names, ", ")
}

// walker expands one permission into grant paths. Paths are appended to one
// slice as they are found, so a caller can annotate exactly the paths a
// sub-expression produced (paths[start:]) with Requires, Unless or
// Recursive.
type walker struct {
	m       *Model
	paths   []GrantPath
	hops    []Hop
	stack   []frame
	onStack map[memberKey]int // → stack index
	steps   int
	// leaves counts leaf subjects reached, emitted or not.
	leaves int
	// capped: MaxGrantPaths or the step budget was hit; no more paths.
	capped bool
	// clipped: some paths were dropped for being deeper than maxHops.
	clipped bool
	// memo holds what members whose expansion did not depend on the stack
	// yield. Only a silent walk reads it: while paths are recorded, every
	// route must be walked.
	memo     map[memberKey]memoEntry
	relTypes map[*Relation][]string
	// resolved caches what each subject set (`group#member`) resolves to.
	resolved map[string][]string
}

func newWalker(m *Model) *walker {
	return &walker{
		m:        m,
		onStack:  map[memberKey]int{},
		memo:     map[memberKey]memoEntry{},
		relTypes: map[*Relation][]string{},
		resolved: map[string][]string{},
	}
}

// memberKey names def#member without building a string on the hot path.
type memberKey struct{ def, member string }

type memoEntry struct {
	types  []string
	leaves bool // some grant path exists below
}

// frame is a permission being expanded, on the current stack.
type frame struct {
	key       memberKey
	hopDepth  int // len(hops) when pushed
	firstPath int // len(paths) when pushed
	// low is the lowest stack index a cycle inside this frame returned to;
	// a frame whose cycles all end at or above itself is context-free.
	low       int
	recursive []string
}

// silent reports that paths found now would not be recorded.
func (w *walker) silent() bool {
	return w.capped || len(w.hops) > maxHops
}

// member expands def#name and returns the subject types that can hold it.
func (w *walker) member(d *Definition, name string) []string {
	key := memberKey{d.Name, name}
	if i, ok := w.onStack[key]; ok {
		w.cycle(i)
		return nil
	}
	if e, ok := w.memo[key]; ok && w.silent() {
		w.reachedMemo(e)
		return e.types
	}
	if !w.step() {
		return nil
	}
	if r := d.Relation(name); r != nil {
		return w.leaf(d, r)
	}
	p := d.Permission(name)
	if p == nil {
		return nil // a dangling reference; spicedb's validation reports it
	}
	idx, leaves := len(w.stack), w.leaves
	w.stack = append(w.stack, frame{key: key, hopDepth: len(w.hops), firstPath: len(w.paths), low: idx})
	w.onStack[key] = idx
	types := w.expr(d, p.Expr)
	f := w.pop()
	if f.low >= idx {
		w.memo[key] = memoEntry{types: types, leaves: w.leaves > leaves}
	}
	return types
}

// reachedMemo accounts for the paths a memoized member stands for: too deep
// to record, unless the cap already stopped recording.
func (w *walker) reachedMemo(e memoEntry) {
	if e.leaves {
		w.leaves++
		w.clipped = w.clipped || !w.capped
	}
}

// cycle records a return to stack frame i. The arrows walked since that
// frame may repeat any number of times; a cycle with no arrow (`a = b`,
// `b = a`) grants nothing and is simply cut.
func (w *walker) cycle(i int) {
	top := &w.stack[len(w.stack)-1]
	top.low = min(top.low, i)
	for _, h := range w.hops[w.stack[i].hopDepth:] {
		w.stack[i].recursive = append(w.stack[i].recursive, h.Relation)
	}
}

// pop closes the top frame: its recursion marks go on every path found
// while it was open, and its cycles below it stay the parent's concern.
func (w *walker) pop() frame {
	f := w.stack[len(w.stack)-1]
	w.stack = w.stack[:len(w.stack)-1]
	delete(w.onStack, f.key)
	for i := f.firstPath; i < len(w.paths); i++ {
		w.paths[i].Recursive = append(w.paths[i].Recursive, f.recursive...)
	}
	if n := len(w.stack); n > 0 && f.low < n {
		w.stack[n-1].low = min(w.stack[n-1].low, f.low)
	}
	return f
}

// step counts work and reports whether the budget allows more.
func (w *walker) step() bool {
	w.steps++
	if w.steps > maxExplainSteps {
		w.capped = true
		return false
	}
	return true
}

// leaf emits one path per allowed subject of a stored relation.
func (w *walker) leaf(d *Definition, r *Relation) []string {
	relation := d.Name + "#" + r.Name
	for _, s := range r.Subjects {
		w.emit(GrantPath{Subject: subjectName(s), Relation: relation, Caveat: s.Caveat, Expiration: s.Expiration})
	}
	return w.relationTypes(r)
}

// relationTypes returns the sorted subject names of r, computed once per
// walk: a relation is reached along many routes.
func (w *walker) relationTypes(r *Relation) []string {
	if types, ok := w.relTypes[r]; ok {
		return types
	}
	types := make([]string, 0, len(r.Subjects))
	for _, s := range r.Subjects {
		types = append(types, subjectName(s))
	}
	types = sortedSet(types)
	w.relTypes[r] = types
	return types
}

// subjectName renders a subject type without its caveat and expiration:
// "user", "user:*", "group#member".
func subjectName(s SubjectType) string {
	switch {
	case s.Wildcard:
		return s.Type + ":*"
	case s.Relation != "":
		return s.Type + "#" + s.Relation
	}
	return s.Type
}

func (w *walker) emit(p GrantPath) {
	w.leaves++
	switch {
	case w.capped:
		return
	case len(w.hops) > maxHops:
		w.clipped = true
		return
	case len(w.paths) >= MaxGrantPaths:
		w.capped = true
		return
	}
	p.Via = append([]Hop{}, w.hops...)
	w.paths = append(w.paths, p)
}

func (w *walker) expr(d *Definition, e *Expr) []string {
	if e == nil || !w.step() {
		return nil
	}
	switch e.Kind {
	case ExprRef:
		return w.member(d, e.Name)
	case ExprArrow:
		return w.arrow(d, e)
	case ExprUnion:
		var types []string
		for _, c := range e.Children {
			types = unionSet(types, w.expr(d, c))
		}
		return types
	case ExprIntersection:
		return w.intersection(d, e)
	case ExprExclusion:
		return w.exclusion(d, e)
	case ExprSelf:
		w.emit(GrantPath{Subject: d.Name})
		return []string{d.Name}
	}
	return nil
}

// arrow hops to every type the tupleset allows that has the target. A
// tupleset subject like `folder#member` is unusual; it hops on the type.
func (w *walker) arrow(d *Definition, e *Expr) []string {
	ts := d.Relation(e.Tupleset)
	if ts == nil {
		return nil
	}
	var types []string
	for i, s := range ts.Subjects {
		target := w.m.Definition(s.Type)
		if target == nil || !target.HasMember(e.Target) || hopsTypeEarlier(ts.Subjects, i) {
			continue
		}
		hop := Hop{Relation: d.Name + "#" + e.Tupleset, Target: s.Type + "#" + e.Target, Func: e.Func}
		w.hops = append(w.hops, hop)
		start := len(w.paths)
		types = unionSet(types, w.member(target, e.Target))
		if e.Func == "all" {
			w.require(start, fmt.Sprintf("every %s must grant %s", hop.Relation, hop.Target))
		}
		w.hops = w.hops[:len(w.hops)-1]
	}
	return types
}

// hopsTypeEarlier reports whether subjects before i share subjects[i]'s
// type (`folder | folder with expiring`), which was hopped already.
func hopsTypeEarlier(subjects []SubjectType, i int) bool {
	for _, s := range subjects[:i] {
		if s.Type == subjects[i].Type {
			return true
		}
	}
	return false
}

// intersection yields the paths of each branch, each requiring the others.
func (w *walker) intersection(d *Definition, e *Expr) []string {
	var types []string
	for i, c := range e.Children {
		start := len(w.paths)
		branch := w.expr(d, c)
		for j, other := range e.Children {
			if j != i {
				w.require(start, condition(d, other))
			}
		}
		if i == 0 {
			types = branch
		} else {
			types = w.intersectTypes(types, branch)
		}
	}
	return types
}

// exclusion yields only the base's paths; the subtracted expressions must
// not hold for them.
func (w *walker) exclusion(d *Definition, e *Expr) []string {
	if len(e.Children) == 0 {
		return nil
	}
	start := len(w.paths)
	types := w.expr(d, e.Children[0])
	for _, sub := range e.Children[1:] {
		cond := condition(d, sub)
		for i := start; i < len(w.paths); i++ {
			w.paths[i].Unless = append(w.paths[i].Unless, cond)
		}
	}
	return types
}

func (w *walker) require(start int, cond string) {
	for i := start; i < len(w.paths); i++ {
		w.paths[i].Requires = append(w.paths[i].Requires, cond)
	}
}

// condition renders a sub-expression as "document#<expr>".
func condition(d *Definition, e *Expr) string {
	return d.Name + "#" + e.render(true)
}

// finish normalizes, deduplicates and sorts the paths. Duplicates arise
// when two branches reach the same leaf (`view = viewer + edit`, `edit =
// viewer`).
func (w *walker) finish() []GrantPath {
	type keyed struct {
		key string // Text, then the markers, so equal Texts order stably
		p   GrantPath
	}
	seen := make(map[string]bool, len(w.paths))
	all := make([]keyed, 0, len(w.paths))
	for _, p := range w.paths {
		p.Recursive = nonNil(sortedSet(p.Recursive))
		p.Requires = nonNil(sortedSet(p.Requires))
		p.Unless = nonNil(sortedSet(p.Unless))
		p.Writes = pathWrites(p)
		p.Text = pathText(p)
		key := p.Text
		if len(p.Requires)+len(p.Unless)+len(p.Recursive) > 0 {
			key += "\x00" + strings.Join(p.Requires, ",") + "\x00" + strings.Join(p.Unless, ",") + "\x00" + strings.Join(p.Recursive, ",")
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		all = append(all, keyed{key, p})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].key < all[j].key })
	out := make([]GrantPath, len(all))
	for i, k := range all {
		out[i] = k.p
	}
	return out
}

func pathWrites(p GrantPath) []string {
	writes := make([]string, 0, len(p.Via)+1)
	seen := map[string]bool{}
	for _, h := range p.Via {
		if !seen[h.Relation] {
			seen[h.Relation] = true
			writes = append(writes, h.Relation)
		}
	}
	if p.Relation != "" && !seen[p.Relation] {
		writes = append(writes, p.Relation)
	}
	return writes
}

// pathText renders "user → folder#viewer via document#parent → folder#view".
// The subject keeps its caveat and expiration so that `user` and `user with
// expiration` on one relation stay distinct lines.
func pathText(p GrantPath) string {
	var b strings.Builder
	b.Grow(64 + 48*len(p.Via))
	b.WriteString(subjectText(p))
	b.WriteString(" → ")
	if p.Relation == "" {
		b.WriteString("self")
	} else {
		b.WriteString(p.Relation)
	}
	for i, h := range p.Via {
		if i == 0 {
			b.WriteString(" via ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(h.String())
	}
	return b.String()
}

func subjectText(p GrantPath) string {
	var traits []string
	if p.Caveat != "" {
		traits = append(traits, p.Caveat)
	}
	if p.Expiration {
		traits = append(traits, "expiration")
	}
	if len(traits) == 0 {
		return p.Subject
	}
	return p.Subject + " with " + strings.Join(traits, " and ")
}

func requiredRelations(paths []GrantPath) []string {
	seen := map[string]bool{}
	all := []string{}
	for _, p := range paths {
		for _, r := range p.Writes {
			if !seen[r] {
				seen[r] = true
				all = append(all, r)
			}
		}
	}
	sort.Strings(all)
	return all
}

// usedBy lists what builds on def#member, sorted.
func (m *Model) usedBy(def, member string) []string {
	c := &m.explain
	c.usersOnce.Do(func() { c.users = m.indexUsers() })
	return nonNil(slices.Clone(c.users[memberKey{def, member}]))
}

// indexUsers maps each member to what builds on it: permissions that name
// it on the same definition, use it as an arrow's tupleset there, or reach
// it as an arrow's target through a tupleset that allows its definition;
// and relations that allow it as a subject set (`group#member`). A
// permission's use of itself (recursion through `parent->view`) does not
// count.
func (m *Model) indexUsers() map[memberKey][]string {
	users := map[memberKey][]string{}
	for _, d := range m.Definitions {
		for _, r := range d.Relations {
			for _, s := range r.Subjects {
				if s.Relation != "" {
					users[memberKey{s.Type, s.Relation}] = append(users[memberKey{s.Type, s.Relation}], d.Name+"#"+r.Name)
				}
			}
		}
		for _, p := range d.Permissions {
			self, user := memberKey{d.Name, p.Name}, d.Name+"#"+p.Name
			for _, used := range referencedMembers(d, p.Expr) {
				if used != self {
					users[used] = append(users[used], user)
				}
			}
		}
	}
	for k, v := range users {
		users[k] = sortedSet(v)
	}
	return users
}

// referencedMembers lists the members an expression of d reads.
func referencedMembers(d *Definition, e *Expr) []memberKey {
	var refs []memberKey
	e.Walk(func(n *Expr) {
		switch n.Kind {
		case ExprRef:
			refs = append(refs, memberKey{d.Name, n.Name})
		case ExprArrow:
			refs = append(refs, memberKey{d.Name, n.Tupleset})
			if ts := d.Relation(n.Tupleset); ts != nil {
				for _, s := range ts.Subjects {
					refs = append(refs, memberKey{s.Type, n.Target})
				}
			}
		}
	})
	return refs
}

// relationExpression renders a relation's allowed subjects in schema
// syntax: "user | user:* | group#member".
func relationExpression(r *Relation) string {
	parts := make([]string, len(r.Subjects))
	for i, s := range r.Subjects {
		parts[i] = s.String()
	}
	return strings.Join(parts, " | ")
}

// sortedSet sorts and deduplicates in place.
func sortedSet(s []string) []string {
	if len(s) < 2 {
		return s
	}
	sort.Strings(s)
	out := s[:1]
	for _, v := range s[1:] {
		if v != out[len(out)-1] {
			out = append(out, v)
		}
	}
	return out
}

// unionSet merges two sorted sets into a new one; neither input changes,
// since sets are shared through the memo.
func unionSet(a, b []string) []string {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	return sortedSet(append(append(make([]string, 0, len(a)+len(b)), a...), b...))
}

// intersectTypes keeps the subject types both branches admit. A wildcard
// admits every subject of its type, and a subject set admits what it
// resolves to: `user` meets `user:*` and `group#member` at `user`.
func (w *walker) intersectTypes(a, b []string) []string {
	var out []string
	for _, side := range [2][2][]string{{a, b}, {b, a}} {
		mine, other := side[0], side[1]
		var otherResolved []string
		for _, v := range mine {
			if t, ok := meet(v, other); ok {
				out = append(out, t)
				continue
			}
			if otherResolved == nil {
				otherResolved = w.resolveAll(other)
			}
			if t, ok := meet(v, otherResolved); ok {
				out = append(out, t)
				continue
			}
			for _, r := range w.resolve(v) {
				if t, ok := meet(r, otherResolved); ok {
					out = append(out, t)
				}
			}
		}
	}
	return sortedSet(out)
}

// meet reports whether set admits subject type v, and as what: `user:*`
// against `user` admits only `user`.
func meet(v string, set []string) (string, bool) {
	typ, wildcard := strings.CutSuffix(v, ":*")
	for _, s := range set {
		switch {
		case s == v:
			return v, true
		case !wildcard && s == v+":*":
			return v, true
		case wildcard && s == typ:
			return typ, true
		}
	}
	return "", false
}

// resolveAll returns set plus what each subject set in it resolves to.
func (w *walker) resolveAll(set []string) []string {
	out := append([]string{}, set...)
	for _, v := range set {
		out = append(out, w.resolve(v)...)
	}
	return sortedSet(out)
}

// resolve returns the concrete subject types a subject set such as
// `group#member` stands for (nil for anything else). A silent walker
// computes them, so no paths are recorded.
func (w *walker) resolve(set string) []string {
	def, member, ok := strings.Cut(set, "#")
	if !ok {
		return nil
	}
	if got, ok := w.resolved[set]; ok {
		return got
	}
	w.resolved[set] = nil // nested groups: a set inside itself adds nothing
	d := w.m.Definition(def)
	if d == nil || !d.HasMember(member) {
		return nil
	}
	sub := newWalker(w.m)
	sub.capped = true
	var out []string
	for _, t := range sub.member(d, member) {
		if strings.Contains(t, "#") {
			out = append(out, w.resolve(t)...)
		} else {
			out = append(out, t)
		}
	}
	out = sortedSet(out)
	w.resolved[set] = out
	return out
}

// nonNil keeps JSON output as [] rather than null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
