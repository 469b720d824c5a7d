package schemas

import (
	"cmp"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// Example is a complete, validated schema for a common authorization
// pattern, with a zed validation file that tests it.
type Example struct {
	Name        string `json:"name"`
	Title       string `json:"title"`
	Description string `json:"description"`
	// Schema is the text of <name>.zed.
	Schema string `json:"schema"`
	// Validation is the text of <name>.yaml, a zed validation file whose
	// `schemaFile:` points at <name>.zed.
	Validation string `json:"validation"`
	// Definitions lists the schema's definitions in schema order.
	Definitions []string `json:"definitions"`
	Tags        []string `json:"tags"`
}

//go:embed examples/*
var exampleFiles embed.FS

// exampleInfo is the one place an example's title, description and tags
// live; the .zed file holds only the schema and its doc comments.
var exampleInfo = []struct {
	name, title, description string
	tags                     []string
}{
	{
		name:        "rbac",
		title:       "Role-based access control",
		description: "Fixed roles (admin, editor, viewer, billing manager) granted on a workspace to users or nested teams; resources in the workspace inherit its roles.",
		tags:        []string{"rbac", "role", "admin", "team", "group", "workspace", "inheritance", "saas", "app"},
	},
	{
		name:        "document-sharing",
		title:       "Document sharing with folders and groups",
		description: "Google Drive style sharing: owner, editor, commenter and viewer on documents and nested folders, groups of groups, and public links through user:*.",
		tags:        []string{"document", "file", "folder", "drive", "share", "group", "public", "link", "nested", "hierarchy", "owner", "editor", "viewer", "comment"},
	},
	{
		name:        "github",
		title:       "GitHub-style organizations, teams and repositories",
		description: "Repository roles admin, maintain, write, triage and read that include each other, nested teams, organization owners and an organization-wide base role.",
		tags:        []string{"github", "gitlab", "repository", "repo", "code", "organization", "org", "team", "nested", "role", "base", "default", "public"},
	},
	{
		name:        "multi-tenant",
		title:       "Multi-tenant SaaS with custom roles",
		description: "Tenants define their own roles from capabilities and bind them to users on the whole tenant or one project; every permission also requires membership of the project's tenant.",
		tags:        []string{"tenant", "multi-tenant", "saas", "customer", "organization", "custom", "role", "binding", "capability", "isolation", "b2b", "project", "workspace"},
	},
	{
		name:        "time-bound-access",
		title:       "Time-bound and conditional access",
		description: "Grants that expire on their own (`use expiration`), vendor access limited to an IP allowlist, and auditor access limited to business hours with caveats.",
		tags:        []string{"expiration", "expire", "temporary", "time", "caveat", "condition", "ip", "network", "allowlist", "business", "hours", "contractor", "vendor", "break-glass", "environment", "deploy"},
	},
	{
		name:        "ai-agents",
		title:       "AI agents acting on behalf of users",
		description: "Agents owned by users call tools and read datasets only when granted and when their owner has the same access, with expiring grants and a spend-limit caveat.",
		tags:        []string{"ai", "agent", "llm", "assistant", "bot", "mcp", "tool", "delegation", "on-behalf", "dataset", "rag", "document", "expiration", "caveat", "limit"},
	},
}

// ExampleFS returns the embedded example files (<name>.zed, <name>.yaml and
// README.md) rooted at the examples folder, as WithSchemaFS expects for
// the examples' validation files.
func ExampleFS() fs.FS {
	sub, err := fs.Sub(exampleFiles, "examples")
	if err != nil {
		panic(err) // the folder is embedded at build time
	}
	return sub
}

// loadExamples reads and compiles the examples once. They are embedded
// and tested, so a failure here is a build defect, not user input.
var loadExamples = sync.OnceValue(func() []Example {
	out := make([]Example, 0, len(exampleInfo))
	for _, info := range exampleInfo {
		schema := mustReadExample(info.name + ".zed")
		m, err := Compile([]Source{{File: info.name + ".zed", Text: schema}}, nil)
		if err != nil {
			panic(fmt.Sprintf("embedded example %s does not compile: %v", info.name, err))
		}
		out = append(out, Example{
			Name: info.name, Title: info.title, Description: info.description,
			Schema: schema, Validation: mustReadExample(info.name + ".yaml"),
			Definitions: m.DefinitionNames(), Tags: info.tags,
		})
	}
	slices.SortFunc(out, func(a, b Example) int { return cmp.Compare(a.Name, b.Name) })
	return out
})

func mustReadExample(name string) string {
	data, err := fs.ReadFile(ExampleFS(), name)
	if err != nil {
		panic(fmt.Sprintf("embedded example file %s: %v", name, err))
	}
	return string(data)
}

// Examples returns every example schema, sorted by name.
func Examples() []Example {
	cached := loadExamples()
	out := make([]Example, len(cached))
	for i, e := range cached {
		e.Definitions, e.Tags = slices.Clone(e.Definitions), slices.Clone(e.Tags)
		out[i] = e
	}
	return out
}

// ExampleNames lists the example names, sorted.
func ExampleNames() []string {
	names := make([]string, len(exampleInfo))
	for i, info := range exampleInfo {
		names[i] = info.name
	}
	slices.Sort(names)
	return names
}

// ExampleByName returns the named example, or an InputError with "did you
// mean" candidates.
func ExampleByName(name string) (Example, error) {
	for _, e := range Examples() {
		if strings.EqualFold(e.Name, name) {
			return e, nil
		}
	}
	names := ExampleNames()
	return Example{}, &InputError{
		Kind:       ErrNotFound,
		Message:    fmt.Sprintf("there is no example schema named %q", name),
		Candidates: Suggest(name, names),
		Fix:        "use one of: " + strings.Join(names, ", ") + " (schema_examples without a name lists the names)",
	}
}

// ClosestExample ranks the examples by how well they match a free-text
// feature description ("teams share documents in folders"), best first.
// Each word the description shares with an example's name, title,
// description, tags or definition names scores more the fewer examples
// contain it, so "user" counts little and "tenant" a lot. Examples that
// share no word are left out; ties keep name order.
func ClosestExample(description string) []Example {
	examples := Examples()
	bags := make([]map[string]bool, len(examples))
	df := map[string]int{}
	for i, e := range examples {
		bags[i] = exampleWords(e)
		for w := range bags[i] {
			df[w]++
		}
	}
	query := words(description)
	type ranked struct {
		ex    Example
		score int
	}
	var hits []ranked
	for i, e := range examples {
		score := 0
		for w := range query {
			if bags[i][w] {
				score += len(examples) - df[w] + 1
			}
		}
		if score > 0 {
			hits = append(hits, ranked{e, score})
		}
	}
	slices.SortStableFunc(hits, func(a, b ranked) int { return cmp.Compare(b.score, a.score) })
	out := make([]Example, len(hits))
	for i, h := range hits {
		out[i] = h.ex
	}
	return out
}

// exampleWords is the vocabulary an example is matched on.
func exampleWords(e Example) map[string]bool {
	text := []string{e.Name, e.Title, e.Description}
	text = append(text, e.Tags...)
	text = append(text, e.Definitions...)
	return words(strings.Join(text, " "))
}

// stopWords carry no meaning about an authorization pattern.
var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "by": true,
	"can": true, "do": true, "each": true, "for": true, "from": true, "has": true, "have": true,
	"in": true, "into": true, "is": true, "it": true, "its": true, "of": true, "on": true, "only": true,
	"or": true, "our": true, "that": true, "the": true, "their": true, "them": true, "they": true,
	"this": true, "to": true, "we": true, "what": true, "when": true, "which": true, "who": true,
	"will": true, "with": true, "within": true, "without": true, "want": true, "need": true, "should": true,
}

// words splits text into the distinct stems of its words, without stop
// words: "Sharing documents" gives {shar, document}.
func words(text string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if !stopWords[w] {
			out[stem(w)] = true
		}
	}
	return out
}

// stem strips common English endings so that share, shared, sharing and
// shares, or role and roles, compare equal. It is deliberately crude: it
// only has to map a description and the examples to the same form.
func stem(w string) string {
	if s, ok := strings.CutSuffix(w, "ies"); ok && len(s) >= 3 {
		return s + "y"
	}
	for _, suffix := range []string{"ing", "ed", "es", "s"} {
		if s, ok := strings.CutSuffix(w, suffix); ok && len(s) >= 3 && !strings.HasSuffix(w, "ss") {
			w = s
			break
		}
	}
	if s, ok := strings.CutSuffix(w, "e"); ok && len(s) >= 3 {
		return s
	}
	return w
}
