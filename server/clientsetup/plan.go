package clientsetup

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/ambient-authz/ambient-authz/schemas"
)

// Options say what init sets up.
type Options struct {
	// Root is the project root; every file init touches is inside it.
	Root *schemas.Root
	// Clients are the clients to set up.
	Clients []Client
	// Schema lists the root-relative schema paths recorded in
	// .ambient-authz.yaml; empty when the project has no schema yet.
	Schema []string
}

// Status says what init does to a file.
type Status string

// The statuses of a Change.
const (
	Created   Status = "created"
	Updated   Status = "updated"
	Unchanged Status = "unchanged"
)

// Change is one file's planned content.
type Change struct {
	// Path is root-relative, with forward slashes.
	Path   string
	Status Status
	Before []byte
	After  []byte
	// Notes tell the user about something init left alone on purpose.
	Notes []string
	abs   string
	mode  fs.FileMode
}

// Diff returns the change as a unified diff, empty when unchanged.
func (c *Change) Diff() string {
	if c.Status == Unchanged {
		return ""
	}
	return unifiedDiff(c.Path, c.Before, c.After, c.Status == Updated)
}

// Plan is every file init would write, computed before anything is
// written.
type Plan struct {
	Changes []Change
}

// Pending counts the files that would be created or updated.
func (p *Plan) Pending() int {
	n := 0
	for _, c := range p.Changes {
		if c.Status != Unchanged {
			n++
		}
	}
	return n
}

// NewPlan reads and merges every file for opts. Any file that cannot be
// merged (malformed, outside the root) is an error, and all such errors
// are returned together so one run shows every problem.
func NewPlan(opts Options) (*Plan, error) {
	plan := &Plan{}
	var errs []error
	seen := map[string]int{} // real path → index in plan.Changes
	for _, t := range targets(opts.Clients, opts.Schema) {
		abs, err := confine(opts.Root, t.path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if i, ok := seen[abs]; ok {
			// AGENTS.md linked to CLAUDE.md: one file, one section.
			plan.Changes[i].Notes = append(plan.Changes[i].Notes, t.path+" is the same file")
			continue
		}
		c, err := planFile(t, abs)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		seen[abs] = len(plan.Changes)
		plan.Changes = append(plan.Changes, c)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return plan, nil
}

func planFile(t target, abs string) (Change, error) {
	c := Change{Path: t.path, abs: abs, mode: 0o644}
	before, existed, mode, err := readExisting(t.path, abs)
	if err != nil {
		return c, err
	}
	src := []byte(t.skeleton)
	if existed {
		src, c.mode = before, mode
	}
	after, notes, err := t.merge(t.path, src)
	if err != nil {
		return c, err
	}
	// Merging our own output must change nothing: this is what makes a
	// rerun a no-op, checked on every run rather than assumed.
	if again, _, err := t.merge(t.path, after); err != nil || !bytes.Equal(again, after) {
		return c, fmt.Errorf("internal error: merging %s twice gives different content (%v)", t.path, err)
	}
	c.Before, c.After, c.Notes = before, after, notes
	switch {
	case !existed:
		c.Status = Created
	case bytes.Equal(before, after):
		c.Status = Unchanged
	default:
		c.Status = Updated
	}
	return c, nil
}

// readExisting reads a file init may rewrite, refusing anything that is
// not a regular text file of sane size.
func readExisting(rel, abs string) ([]byte, bool, fs.FileMode, error) {
	f, err := os.Open(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, 0, nil
	}
	if err != nil {
		return nil, false, 0, &FileError{Path: rel, Message: err.Error()}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, false, 0, &FileError{Path: rel, Message: err.Error()}
	}
	if !st.Mode().IsRegular() {
		return nil, false, 0, &FileError{Path: rel, Message: "is not a regular file", Fix: "move it aside and rerun"}
	}
	data, err := io.ReadAll(io.LimitReader(f, schemas.MaxFileBytes+1))
	if err != nil {
		return nil, false, 0, &FileError{Path: rel, Message: err.Error()}
	}
	if len(data) > schemas.MaxFileBytes {
		return nil, false, 0, &FileError{Path: rel, Message: fmt.Sprintf("is larger than %d MiB; refusing to rewrite it", schemas.MaxFileBytes>>20)}
	}
	return data, true, st.Mode().Perm(), nil
}
