package prompts

import (
	"strings"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// CodeRequest is what the code templates render: the SpiceDB calls one
// handler needs, already resolved against the schema. Every name in it is
// a real definition, relation or permission of the schema; the templates
// never invent one.
type CodeRequest struct {
	// Language is go, typescript, javascript or python.
	Language string `json:"language"`
	// Operation is create, read, update, delete, list, share, unshare or
	// other.
	Operation string `json:"operation"`
	// Resource is the object type the handler acts on, e.g. document.
	Resource string `json:"resource"`
	// Actor is the subject type of the caller, e.g. user.
	Actor string `json:"actor"`
	// Check is the permission to check before acting, fail closed; nil
	// when no permission of the schema fits (the context says so).
	Check *CodeCheck `json:"check,omitempty"`
	// Lookup, for list, is LookupResources of Resource by Permission.
	Lookup *CodeCheck `json:"lookup,omitempty"`
	// Writes are the relationships to TOUCH after the resource is stored
	// (create), to grant (share) or to revoke (unshare), one function per
	// relationship for share and unshare.
	Writes []CodeWrite `json:"writes,omitempty"`
	// DeleteRelationships, for delete, removes every relationship whose
	// resource is the deleted object.
	DeleteRelationships bool `json:"delete_relationships,omitempty"`
	// DeleteAsSubject, for delete, lists relations on other types that
	// may hold the deleted object as their subject (folder#parent@document);
	// those relationships are deleted too.
	DeleteAsSubject []CodeRelationRef `json:"delete_as_subject,omitempty"`
}

// CodeCheck is one permission on one object type.
type CodeCheck struct {
	// Object is the type checked: Resource, or for create its parent type
	// (folder#create_document).
	Object     string `json:"object"`
	Permission string `json:"permission"`
	// Caveats lists caveat parameters some grant path needs; the check then
	// takes a caveat context and treats CONDITIONAL_PERMISSION as denied
	// when the context is missing.
	Caveats []CodeCaveatParam `json:"caveats,omitempty"`
}

// CodeCaveatParam is a caveat parameter the caller may pass in the
// check's context.
type CodeCaveatParam struct {
	Caveat string `json:"caveat"`
	Name   string `json:"name"`
	Type   string `json:"type"`
}

// CodeWrite is one relationship `Object:<id>#Relation@Subject:<id>[#SubjectRelation]`.
type CodeWrite struct {
	Object   string `json:"object"`
	Relation string `json:"relation"`
	Subject  string `json:"subject"`
	// SubjectRelation is set for subject sets such as group#member.
	SubjectRelation string `json:"subject_relation,omitempty"`
	// From says where the subject's ID comes from: "actor" (the
	// authenticated caller, never a client-supplied ID), "parent" (the
	// container the resource is created in) or "input" (the user being
	// shared with).
	From string `json:"from"`
}

// CodeRelationRef is a relation on a type, e.g. folder#parent.
type CodeRelationRef struct {
	Object   string `json:"object"`
	Relation string `json:"relation"`
}

// CodeRequestFor translates a plan into what the templates render.
func CodeRequestFor(p *schemas.Plan, language string) CodeRequest {
	req := CodeRequest{Language: language, Operation: p.Operation, Resource: p.Resource, Actor: p.Actor}
	toCheck := func(c *schemas.PlannedCheck) *CodeCheck {
		if c == nil {
			return nil
		}
		cc := &CodeCheck{Object: c.Object, Permission: c.Permission}
		for _, cv := range p.Caveats {
			cc.Caveats = append(cc.Caveats, CodeCaveatParam{Caveat: cv.Caveat, Name: cv.Name, Type: cv.Type})
		}
		return cc
	}
	toWrite := func(w schemas.PlannedWrite) CodeWrite {
		return CodeWrite{Object: w.Object, Relation: w.Relation, Subject: w.Subject, SubjectRelation: w.SubjectRelation, From: w.From}
	}
	req.Check, req.Lookup = toCheck(p.Check), toCheck(p.Lookup)
	for _, w := range p.Writes {
		req.Writes = append(req.Writes, toWrite(w))
	}
	for _, w := range p.Deletes {
		req.Writes = append(req.Writes, toWrite(w))
	}
	if p.Operation == schemas.OpDelete {
		req.DeleteRelationships = true
		for _, ref := range p.DeleteAsSubject {
			obj, rel, _ := strings.Cut(ref, "#")
			req.DeleteAsSubject = append(req.DeleteAsSubject, CodeRelationRef{Object: obj, Relation: rel})
		}
	}
	return req
}

// hasCalls reports whether there is any SpiceDB call to render.
func (r CodeRequest) hasCalls() bool {
	return r.Check != nil || r.Lookup != nil || len(r.Writes) > 0 || r.DeleteRelationships
}
