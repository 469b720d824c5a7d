package coverage

import "strings"

// Severity is how much a finding matters. Only error fails a run.
type Severity string

// The severities; off disables a rule.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
	SeverityOff     Severity = "off"
)

// rank orders severities for output: errors first.
func (s Severity) rank() int {
	switch s {
	case SeverityError:
		return 0
	case SeverityWarning:
		return 1
	case SeverityInfo:
		return 2
	}
	return 3
}

// The rule names. They are part of the public contract: configuration,
// baselines and SARIF results refer to them.
const (
	RuleUnprotectedHandler        = "unprotected-handler"
	RuleMissingRelationshipWrite  = "missing-relationship-write"
	RuleMissingRelationshipDelete = "missing-relationship-delete"
	RuleUnfilteredList            = "unfiltered-list"
	RuleUnknownPermission         = "unknown-permission"
	RuleUnknownResourceType       = "unknown-resource-type"
	RuleInvalidRelationshipWrite  = "invalid-relationship-write"
	RuleRelationCheckedDirectly   = "relation-checked-directly"
	RuleCheckResultIgnored        = "check-result-ignored"
	RulePermissionNeverChecked    = "permission-never-checked"
	RuleTypeNeverWritten          = "type-never-written"
)

// RuleDoc documents one rule: what it catches, why that matters and how to
// fix it. The README and the SARIF rule metadata are generated from it, and
// every finding's fix is the How text made specific.
type RuleDoc struct {
	Name     string   `json:"name"`
	Severity Severity `json:"severity"`
	// Summary is one line, for listings and SARIF shortDescription.
	Summary string `json:"summary"`
	What    string `json:"what"`
	Why     string `json:"why"`
	How     string `json:"how"`
	// NeedsSchema reports that the rule is skipped when no schema is
	// loaded.
	NeedsSchema bool `json:"needs_schema"`
}

// Doc is the rule's paragraph: what, why and how, in that order.
func (d RuleDoc) Doc() string {
	return strings.Join([]string{d.What, d.Why, d.How}, " ")
}

// RuleDocs lists every rule in the order of DESIGN.md's table.
var RuleDocs = []RuleDoc{
	{
		Name: RuleUnprotectedHandler, Severity: SeverityError,
		Summary: "A handler that touches a resource reaches no permission check.",
		What: "Flags an HTTP handler or RPC method that acts on a schema resource (its name or route names a definition, or it reaches a SpiceDB call) " +
			"but reaches no CheckPermission, bulk check or LookupResources: not in its body, not in the functions and service layer it calls, not in its middleware or interceptors.",
		Why: "Without a check every authenticated caller (or anyone, if authentication is missing too) can read or change every object of that type; this is the most common authorization bug an agent writes.",
		How: "Check the permission the schema defines for the operation on the resource (for create, on the parent the new object goes into) before acting, " +
			"and return 403 (PermissionDenied for RPCs) unless the answer is HAS_PERMISSION. If the endpoint is public on purpose, put `// authz:public <reason>` directly above it.",
	},
	{
		Name: RuleMissingRelationshipWrite, Severity: SeverityError,
		Summary: "A create handler writes no relationship for the new resource.",
		What:    "Flags a create handler that reaches no WriteRelationships for the type it creates.",
		Why:     "SpiceDB knows only the relationships it is told about: a new object without an owner or parent relationship is invisible to its own creator and to everyone who should inherit access to it.",
		How:     "After the database insert commits, write the relationships the schema needs for the new object, typically its creator (`document:<id>#owner@user:<caller>`) and its parent (`document:<id>#parent@folder:<parent>`), with TOUCH so retries are safe.",
	},
	{
		Name: RuleMissingRelationshipDelete, Severity: SeverityWarning,
		Summary: "A delete handler leaves the resource's relationships behind.",
		What:    "Flags a delete handler that reaches no DeleteRelationships (or WriteRelationships DELETE update) for the type it deletes.",
		Why:     "Orphaned relationships keep granting access: an object re-created with the same ID inherits them, and relationships that hold the deleted object as a subject keep expanding permissions.",
		How:     "After the database delete commits, delete the object's relationships with DeleteRelationships and a filter on its type and ID, and those that hold it as a subject.",
	},
	{
		Name: RuleUnfilteredList, Severity: SeverityWarning,
		Summary: "A list handler returns resources with no LookupResources, bulk check or per-item check.",
		What: "Flags a list handler that has some authorization (a check on the parent, say) but never filters the items it returns: " +
			"it reaches no LookupResources, no bulk check, and no check on the listed type. A list handler with no check at all is an unprotected-handler instead.",
		Why: "A check on the container says the caller may list it, not that they may see every item in it; items shared more narrowly, or with access revoked, leak through the listing.",
		How: "Ask SpiceDB which objects the caller can see with LookupResources on the listed type and the read permission, and return only those IDs (or filter the page with CheckBulkPermissions).",
	},
	{
		Name: RuleUnknownPermission, Severity: SeverityError, NeedsSchema: true,
		Summary: "A check names a permission the schema does not define.",
		What:    "Flags a check or lookup whose (type, permission) is not in the schema, with the closest names as \"did you mean\".",
		Why:     "SpiceDB rejects the request at run time, so the handler errors (or, with a careless error path, fails open) on every call; typos survive compilation because permissions are strings.",
		How:     "Use a permission the type defines (the suggested name is usually right), or add the permission to the schema if it is new.",
	},
	{
		Name: RuleUnknownResourceType, Severity: SeverityError, NeedsSchema: true,
		Summary: "An object type is not defined in the schema.",
		What:    "Flags a check, lookup or relationship write whose resource or subject type is not a definition in the schema.",
		Why:     "SpiceDB rejects the request, so the call fails every time; usually it is a typo or a type that was renamed in the schema but not in the code.",
		How:     "Use a type the schema defines (see the suggestion), or add the definition to the schema.",
	},
	{
		Name: RuleInvalidRelationshipWrite, Severity: SeverityError, NeedsSchema: true,
		Summary: "A relationship write names a relation not on the type, or a subject type the relation does not allow.",
		What:    "Flags a relationship write or delete whose relation is not a relation of the resource type (a permission, or a typo), or whose subject type (and subject relation) the relation does not allow.",
		Why:     "SpiceDB rejects the write, so the object never gets its access; permissions are computed and can never be written.",
		How:     "Write a relation the type defines, with a subject type it allows (e.g. `group#member` rather than `group`), or widen the relation's allowed types in the schema.",
	},
	{
		Name: RuleRelationCheckedDirectly, Severity: SeverityWarning, NeedsSchema: true,
		Summary: "A check names a relation, not a permission.",
		What:    "Flags a check or lookup whose \"permission\" is a relation of the type.",
		Why:     "A relation holds only what was written to it directly: checking it skips every inherited path (parent folders, groups, owners who also edit) and breaks silently when the schema adds one.",
		How:     "Check the permission that includes the relation (the schema's permission built on it), and keep relation names for writes.",
	},
	{
		Name: RuleCheckResultIgnored, Severity: SeverityError,
		Summary: "A check's result does not gate the response (fails open).",
		What:    "Flags a CheckPermission (or bulk check) whose answer is never compared before the handler writes its response, e.g. only the error is checked.",
		Why:     "A check whose result is ignored protects nothing: NO_PERMISSION comes back without an error, so the handler goes on and serves the request.",
		How:     "Compare the permissionship with HAS_PERMISSION and return 403 (PermissionDenied) before doing the work.",
	},
	{
		Name: RulePermissionNeverChecked, Severity: SeverityInfo, NeedsSchema: true,
		Summary: "A schema permission that no code checks.",
		What:    "Lists permissions that no check, lookup or configured checker in the code names, leaving out compositional ones (permissions other permissions build on).",
		Why:     "A permission nobody checks is either dead schema or, more often, an operation whose handler forgot its check.",
		How:     "Check the permission in the handlers that perform the operation it guards, or remove it from the schema if nothing needs it.",
	},
	{
		Name: RuleTypeNeverWritten, Severity: SeverityWarning, NeedsSchema: true,
		Summary: "Checks target a type that no code ever writes relationships for.",
		What:    "Flags a type that code checks permissions on, but for which no code writes a relationship.",
		Why:     "Without relationships every check on the type answers NO_PERMISSION (or only inherited paths ever grant), so the feature works only for data someone seeded by hand.",
		How:     "Write the type's relationships where its objects are created (creator and parent), or, when another service writes them, accept the finding into the baseline.",
	},
}

// ruleDoc returns the doc of a rule by name.
func ruleDoc(name string) (RuleDoc, bool) {
	for _, d := range RuleDocs {
		if d.Name == name {
			return d, true
		}
	}
	return RuleDoc{}, false
}

// ruleNames lists every rule name.
func ruleNames() []string {
	names := make([]string, len(RuleDocs))
	for i, d := range RuleDocs {
		names[i] = d.Name
	}
	return names
}
