package coverage

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// Config is the coverage engine's part of .ambient-authz.yaml. The file is
// optional; the zero Config (or nil) means defaults everywhere.
type Config struct {
	// Include and Exclude are file globs relative to the root (`**`
	// matches any number of directories; a pattern without a slash matches
	// a name at any depth). Handlers and findings in files not included are
	// dropped, and SpiceDB calls there do not count as coverage; reachability
	// still runs through them.
	Include []string `yaml:"include"`
	Exclude []string `yaml:"exclude"`
	// Checkers are the project's own check functions, for the cases where
	// the frontend cannot see the SpiceDB call inside (a library, an RPC to
	// an authz service). A call to one counts as a gating check.
	Checkers []Checker `yaml:"checkers"`
	// PublicRoutes are route patterns (`GET /healthz`, `/public/**`) that
	// need no authorization.
	PublicRoutes []string `yaml:"public_routes"`
	// Overrides fix a handler's operation, resource or required permission
	// where inference gets it wrong.
	Overrides []Override `yaml:"overrides"`
	// Severities override rules' default severities; off disables a rule.
	Severities map[string]Severity `yaml:"severities"`
	// Baseline is the baseline file, relative to the root.
	Baseline string `yaml:"baseline"`
	// BaselineFindings is the content of Baseline, read by LoadConfig; nil
	// when there is none.
	BaselineFindings *Baseline `yaml:"-"`
}

// Checker declares a function whose calls are permission checks, with the
// 0-based argument positions (receiver excluded) that carry the resource
// type and the permission. Either position may be left out.
type Checker struct {
	// Func is a Func ID or a suffix of one at a package or type boundary:
	// `authz.Require` matches `example.com/app/authz.Require`.
	Func       string `yaml:"func"`
	Resource   *int   `yaml:"resource"`
	Permission *int   `yaml:"permission"`
	// Line is where the entry sits in the config file.
	Line int `yaml:"-"`
}

// Override corrects inference for the handlers it matches, by Route (a
// route pattern as in PublicRoutes) or Handler (the function name, or a
// Func ID or its suffix).
type Override struct {
	Route   string `yaml:"route"`
	Handler string `yaml:"handler"`
	// Operation replaces the handler's inferred operation.
	Operation Operation `yaml:"operation"`
	// Resource is the type the handler acts on.
	Resource string `yaml:"resource"`
	// Permission, `type#permission`, is the check the handler must reach;
	// any other check does not protect it.
	Permission string `yaml:"permission"`
	Line       int    `yaml:"-"`
}

// configKeys are the top-level keys of .ambient-authz.yaml; `schema` is
// read by the schema loader.
var configKeys = []string{"schema", "include", "exclude", "checkers", "public_routes", "overrides", "severities", "baseline"}

// LoadConfig reads .ambient-authz.yaml at the root, and the baseline it
// names. A missing config file, or a missing baseline file, is empty. Bad
// content comes back as *schemas.InputError.
func LoadConfig(root *schemas.Root) (*Config, error) {
	data, _, err := root.ReadFile(schemas.ConfigFile)
	if isNotFound(err) {
		return &Config{}, nil
	}
	if err != nil {
		return nil, err
	}
	cfg, err := ParseConfig(data)
	if err != nil {
		return nil, err
	}
	if cfg.Baseline == "" {
		return cfg, nil
	}
	data, rel, err := root.ReadFile(cfg.Baseline)
	switch {
	case isNotFound(err):
		return cfg, nil
	case err != nil:
		return nil, err
	}
	b, err := ReadBaseline(bytes.NewReader(data))
	if err != nil {
		return nil, &schemas.InputError{Kind: schemas.ErrBadConfig, Message: fmt.Sprintf("baseline %s: %v", rel, err),
			Fix: "regenerate it with `ambient-authz coverage --write-baseline`, or remove `baseline:` from " + schemas.ConfigFile}
	}
	cfg.BaselineFindings = b
	return cfg, nil
}

func isNotFound(err error) bool {
	var ie *schemas.InputError
	return errors.As(err, &ie) && ie.Kind == schemas.ErrNotFound
}

// ParseConfig parses the content of .ambient-authz.yaml and validates it:
// unknown keys, unknown rule names, bad severities, operations, globs and
// route patterns are *schemas.InputError with the line and a fix.
func ParseConfig(data []byte) (*Config, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &schemas.InputError{Kind: schemas.ErrBadConfig, Message: fmt.Sprintf("%s is not valid YAML: %v", schemas.ConfigFile, err),
			Fix: "fix the YAML syntax; see the example in the README (e.g. `severities: {unfiltered-list: error}`)"}
	}
	cfg := &Config{}
	if len(doc.Content) == 0 {
		return cfg, nil
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, configError(top, "the file must be a mapping of keys to values", "start with keys such as `include:` or `severities:`")
	}
	if err := checkKeys(top, "top-level key", configKeys); err != nil {
		return nil, err
	}
	if err := decode(top, cfg); err != nil {
		return nil, err
	}
	if err := cfg.parseEntries(top); err != nil {
		return nil, err
	}
	return cfg, cfg.validate(top)
}

// parseEntries re-reads checkers and overrides one by one, for their keys
// and line numbers.
func (c *Config) parseEntries(top *yaml.Node) error {
	if n := valueOf(top, "checkers"); n != nil {
		if err := forEach(n, "checker", []string{"func", "resource", "permission"}, func(i int, item *yaml.Node) error {
			c.Checkers[i].Line = item.Line
			return nil
		}); err != nil {
			return err
		}
	}
	if n := valueOf(top, "overrides"); n != nil {
		return forEach(n, "override", []string{"route", "handler", "operation", "resource", "permission"}, func(i int, item *yaml.Node) error {
			c.Overrides[i].Line = item.Line
			return nil
		})
	}
	return nil
}

func forEach(seq *yaml.Node, what string, keys []string, fn func(int, *yaml.Node) error) error {
	for i, item := range seq.Content {
		if item.Kind != yaml.MappingNode {
			return configError(item, fmt.Sprintf("each %s must be a mapping", what), "write it as `- {"+keys[0]+": ...}`")
		}
		if err := checkKeys(item, what+" key", keys); err != nil {
			return err
		}
		if err := fn(i, item); err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) validate(top *yaml.Node) error {
	at := func(key string) *yaml.Node {
		if n := valueOf(top, key); n != nil {
			return n
		}
		return top
	}
	for _, g := range append(slices.Clone(c.Include), c.Exclude...) {
		if err := checkGlob(g); err != nil {
			return configError(at("include"), fmt.Sprintf("bad glob %q: %v", g, err), "use `*`, `?`, `[a-z]` within a path segment and `**` for any number of directories")
		}
	}
	for _, p := range c.PublicRoutes {
		if _, err := parseRoutePattern(p); err != nil {
			return configError(at("public_routes"), err.Error(), "write `METHOD /path` or `/path`, with `*` for one segment and `**` for any number")
		}
	}
	for rule, sev := range c.Severities {
		if _, ok := ruleDoc(rule); !ok {
			return unknownName(at("severities"), "rule", rule, ruleNames())
		}
		switch sev {
		case SeverityError, SeverityWarning, SeverityInfo, SeverityOff:
		default:
			return configError(at("severities"), fmt.Sprintf("severity %q of %s is not one of error, warning, info, off", sev, rule), fmt.Sprintf("write `%s: warning` (or error, info, off)", rule))
		}
	}
	for _, ch := range c.Checkers {
		if err := ch.validate(); err != nil {
			return configError(lineNode(ch.Line), err.Error(), "write `- {func: authz.Require, resource: 1, permission: 3}` with 0-based argument positions")
		}
	}
	for _, o := range c.Overrides {
		if err := o.validate(); err != nil {
			return configError(lineNode(o.Line), err.Error(), "write `- {route: \"POST /documents\", permission: folder#create_document}` or `- {handler: CreateDocument, operation: create}`")
		}
	}
	return nil
}

func (ch Checker) validate() error {
	if strings.TrimSpace(ch.Func) == "" {
		return errors.New("a checker needs `func`")
	}
	for _, p := range []*int{ch.Resource, ch.Permission} {
		if p != nil && *p < 0 {
			return fmt.Errorf("checker %s: argument positions start at 0", ch.Func)
		}
	}
	return nil
}

func (o Override) validate() error {
	if (o.Route == "") == (o.Handler == "") {
		return errors.New("an override needs exactly one of `route` and `handler`")
	}
	if o.Route != "" {
		if _, err := parseRoutePattern(o.Route); err != nil {
			return err
		}
	}
	if o.Operation == "" && o.Resource == "" && o.Permission == "" {
		return errors.New("an override needs at least one of `operation`, `resource`, `permission`")
	}
	switch o.Operation {
	case "", OpCreate, OpRead, OpUpdate, OpDelete, OpList, OpOther:
	default:
		return fmt.Errorf("operation %q is not one of create, read, update, delete, list, other", o.Operation)
	}
	if o.Permission != "" {
		typ, perm, ok := strings.Cut(o.Permission, "#")
		if !ok || typ == "" || perm == "" {
			return fmt.Errorf("permission %q must be `type#permission`", o.Permission)
		}
	}
	return nil
}

// severity returns the configured severity of a rule, or its default.
func (c *Config) severity(rule string) Severity {
	if c != nil {
		if s, ok := c.Severities[rule]; ok {
			return s
		}
	}
	d, _ := ruleDoc(rule)
	return d.Severity
}

// Included reports whether a root-relative file is analyzed under the
// include and exclude globs.
func (c *Config) Included(file string) bool {
	if c == nil || file == "" {
		return true
	}
	if len(c.Include) > 0 && !slices.ContainsFunc(c.Include, func(g string) bool { return matchFile(g, file) }) {
		return false
	}
	return !slices.ContainsFunc(c.Exclude, func(g string) bool { return matchFile(g, file) })
}

// checker returns the checker a callee ID matches, or nil.
func (c *Config) checker(callee string) *Checker {
	if c == nil || callee == "" {
		return nil
	}
	for i := range c.Checkers {
		if matchesID(c.Checkers[i].Func, callee) {
			return &c.Checkers[i]
		}
	}
	return nil
}

// publicRoute returns the public_routes pattern that matches the handler.
func (c *Config) publicRoute(h *Handler) (string, bool) {
	if c == nil {
		return "", false
	}
	for _, p := range c.PublicRoutes {
		if rp, err := parseRoutePattern(p); err == nil && rp.matches(h) {
			return p, true
		}
	}
	return "", false
}

// override merges the overrides that match the handler; the first to set
// a field wins.
func (c *Config) override(h *ProgramHandler) Override {
	var out Override
	if c == nil {
		return out
	}
	for _, o := range c.Overrides {
		if !o.matches(h) {
			continue
		}
		if out.Line == 0 {
			out.Line, out.Route, out.Handler = o.Line, o.Route, o.Handler
		}
		out.Operation = cmp.Or(out.Operation, o.Operation)
		out.Resource = cmp.Or(out.Resource, o.Resource)
		out.Permission = cmp.Or(out.Permission, o.Permission)
	}
	return out
}

func (o Override) matches(h *ProgramHandler) bool {
	if o.Handler != "" {
		return o.Handler == h.Function || matchesID(o.Handler, h.Func)
	}
	rp, err := parseRoutePattern(o.Route)
	return err == nil && rp.matches(&h.Handler)
}

// matchesID reports whether pattern is id or a suffix of it that starts
// at a package (`/`) or name (`.`) boundary.
func matchesID(pattern, id string) bool {
	return id != "" && (id == pattern || strings.HasSuffix(id, "/"+pattern) || strings.HasSuffix(id, "."+pattern))
}

// routePattern is a parsed `[METHOD ]path` pattern.
type routePattern struct {
	method string
	segs   []string
}

func parseRoutePattern(p string) (routePattern, error) {
	orig := p
	p = strings.TrimSpace(p)
	var rp routePattern
	if method, rest, ok := strings.Cut(p, " "); ok {
		rp.method, p = strings.ToUpper(method), strings.TrimSpace(rest)
		if rp.method == "*" || rp.method == "ANY" {
			rp.method = ""
		}
	}
	if !strings.HasPrefix(p, "/") {
		return rp, fmt.Errorf("route pattern %q must have a path starting with / (an RPC as /pkg.Service/Method)", orig)
	}
	rp.segs = routeSegments(p)
	if err := checkGlob(strings.Join(rp.segs, "/")); err != nil {
		return rp, fmt.Errorf("route pattern %q: %v", orig, err)
	}
	return rp, nil
}

// matches reports whether the handler's method and route (or RPC name)
// match. Parameter segments match each other whatever the router syntax.
func (rp routePattern) matches(h *Handler) bool {
	// A handler registered for every method is matched only by a pattern
	// without one: `GET /x` must not make `POST /x` public.
	if rp.method != "" && rp.method != strings.ToUpper(h.Method) {
		return false
	}
	target := h.Route
	if target == "" {
		target = h.RPC
	}
	if target == "" {
		return false
	}
	return matchSegments(rp.segs, routeSegments(target))
}

// routeSegments splits a route, turning parameters in any router syntax
// into `{}` so that `/docs/{id}` and `/docs/:docID` compare equal.
func routeSegments(route string) []string {
	route = strings.Trim(route, "/")
	if route == "" {
		return []string{}
	}
	segs := strings.Split(route, "/")
	for i, s := range segs {
		if isParamSegment(s) {
			segs[i] = "{}"
		}
	}
	return segs
}

func isParamSegment(s string) bool {
	return strings.HasPrefix(s, "{") || strings.HasPrefix(s, ":") || strings.HasPrefix(s, "<") ||
		strings.HasPrefix(s, "${") || strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") && !strings.ContainsAny(s[1:len(s)-1], "-^!")
}

// matchFile matches a file glob against a root-relative path, or against
// any directory above it, so `vendor` and `vendor/**` both exclude
// vendor/x.go. A glob without a slash matches at any depth.
func matchFile(glob, file string) bool {
	glob = strings.Trim(glob, "/")
	if !strings.Contains(glob, "/") {
		glob = "**/" + glob
	}
	pat := strings.Split(glob, "/")
	segs := strings.Split(strings.Trim(file, "/"), "/")
	for n := len(segs); n > 0; n-- {
		if matchSegments(pat, segs[:n]) {
			return true
		}
	}
	return false
}

// matchSegments matches path segments against glob segments, where `**`
// matches zero or more segments and the rest follow path.Match.
func matchSegments(pat, segs []string) bool {
	if len(pat) == 0 {
		return len(segs) == 0
	}
	if pat[0] == "**" {
		for i := 0; i <= len(segs); i++ {
			if matchSegments(pat[1:], segs[i:]) {
				return true
			}
		}
		return false
	}
	if len(segs) == 0 {
		return false
	}
	if ok, err := path.Match(pat[0], segs[0]); err != nil || !ok {
		return false
	}
	return matchSegments(pat[1:], segs[1:])
}

func checkGlob(g string) error {
	if strings.TrimSpace(g) == "" {
		return errors.New("empty pattern")
	}
	for _, seg := range strings.Split(g, "/") {
		if _, err := path.Match(seg, ""); err != nil {
			return err
		}
	}
	return nil
}

// checkKeys rejects keys not in allowed, with "did you mean".
func checkKeys(m *yaml.Node, what string, allowed []string) error {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if !slices.Contains(allowed, k.Value) {
			return unknownName(k, what, k.Value, allowed)
		}
	}
	return nil
}

func valueOf(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func decode(n *yaml.Node, v any) error {
	if err := n.Decode(v); err != nil {
		var te *yaml.TypeError
		msg := err.Error()
		if errors.As(err, &te) {
			msg = strings.Join(te.Errors, "; ")
		}
		return &schemas.InputError{Kind: schemas.ErrBadConfig, Message: fmt.Sprintf("%s: %s", schemas.ConfigFile, msg),
			Fix: "lists (include, exclude, public_routes, checkers, overrides) are YAML sequences, severities a mapping of rule to severity, argument positions integers"}
	}
	return nil
}

func lineNode(line int) *yaml.Node { return &yaml.Node{Line: line} }

func configError(n *yaml.Node, msg, fix string) error {
	return &schemas.InputError{Kind: schemas.ErrBadConfig, Pos: &schemas.Position{File: schemas.ConfigFile, Line: n.Line, Col: n.Column}, Message: msg, Fix: fix}
}

func unknownName(n *yaml.Node, what, name string, allowed []string) error {
	return &schemas.InputError{
		Kind:       schemas.ErrBadConfig,
		Pos:        &schemas.Position{File: schemas.ConfigFile, Line: n.Line, Col: n.Column},
		Message:    fmt.Sprintf("unknown %s %q", what, name),
		Candidates: schemas.Suggest(name, allowed),
		Fix:        "use one of: " + strings.Join(allowed, ", "),
	}
}
