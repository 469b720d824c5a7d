package schemas

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testdataModel(t *testing.T, name string) *Model {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "schemas", name))
	require.NoError(t, err)
	return compileText(t, string(data))
}

func TestPlanFor(t *testing.T) {
	docs := testdataModel(t, "google-docs.zed")
	tests := []struct {
		name      string
		m         *Model
		resource  string
		op        string
		hints     []string
		check     string // object#permission, "" for none
		lookup    string
		writes    []string
		deletes   []string
		asSubject []string
		notes     int
	}{
		{"read", docs, "document", OpRead, nil, "document#view", "", nil, nil, nil, 0},
		{"update", docs, "document", OpUpdate, nil, "document#edit", "", nil, nil, nil, 0},
		{"delete", docs, "document", OpDelete, nil, "document#delete", "", nil, nil, []string{}, 0},
		{"delete folder dangles children", docs, "folder", OpDelete, nil, "", "", nil, nil, []string{"folder#parent", "document#parent"}, 1},
		{"list", docs, "document", OpList, nil, "", "document#view", nil, nil, nil, 0},
		{"create checks the parent and writes owner and parent", docs, "document", OpCreate, nil, "folder#edit", "",
			[]string{"document:<id>#owner@user:<actor id>", "document:<id>#parent@folder:<parent id>"}, nil, nil, 0},
		{"share writes the viewer relation", docs, "document", OpShare, nil, "document#edit", "",
			[]string{"document:<id>#viewer@user:<input id>", "document:<id>#viewer@group:<input id>#member"}, nil, nil, 1},
		{"unshare deletes it", docs, "document", OpUnshare, nil, "document#edit", "", nil,
			[]string{"document:<id>#viewer@user:<input id>", "document:<id>#viewer@group:<input id>#member"}, nil, 1},
		{"other uses the handler's verb", docs, "document", OpOther, []string{"comment", "on", "document"}, "document#comment", "", nil, nil, nil, 0},
		{"other without a fitting name says so", docs, "document", OpOther, []string{"frobnicate"}, "", "", nil, nil, nil, 1},
		{"no parent: nothing to check on create", docs, "group", OpCreate, nil, "", "", []string{"group:<id>#manager@user:<actor id>"}, nil, nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := tt.m.PlanFor(tt.resource, tt.op, tt.hints...)
			require.NoError(t, err)
			ref := func(c *PlannedCheck) string {
				if c == nil {
					return ""
				}
				return c.Object + "#" + c.Permission
			}
			assert.Equal(t, tt.check, ref(p.Check), "check")
			assert.Equal(t, tt.lookup, ref(p.Lookup), "lookup")
			var writes, deletes []string
			for _, w := range p.Writes {
				writes = append(writes, w.Ref())
			}
			for _, w := range p.Deletes {
				deletes = append(deletes, w.Ref())
			}
			assert.Equal(t, tt.writes, writes, "writes")
			assert.Equal(t, tt.deletes, deletes, "deletes")
			if tt.asSubject != nil {
				assert.ElementsMatch(t, tt.asSubject, p.DeleteAsSubject)
			}
			assert.Len(t, p.Notes, tt.notes, "%v", p.Notes)
			assert.Equal(t, "user", p.Actor)
		})
	}
}

func TestPlanNeverInventsNames(t *testing.T) {
	m := compileText(t, "definition user {}\ndefinition note {\n\trelation owner: user\n\tpermission can_read = owner\n}\n")
	p, err := m.PlanFor("note", OpRead)
	require.NoError(t, err)
	assert.Equal(t, "can_read", p.Check.Permission)
	p, err = m.PlanFor("note", OpDelete)
	require.NoError(t, err)
	assert.Nil(t, p.Check, "no delete-like permission exists")
	assert.Contains(t, p.Notes[0], "no permission on note fits delete")
	_, err = m.PlanFor("note", "frob")
	assert.Equal(t, ErrBadArgument, err.(*InputError).Kind)
	_, err = m.PlanFor("nots", OpRead)
	assert.Contains(t, err.Error(), "did you mean: note?")
}

func TestPlanCaveats(t *testing.T) {
	m := compileText(t, `caveat on_network(ip ipaddress, cidr string) { ip.in_cidr(cidr) }
definition user {}
definition report {
	relation viewer: user | user with on_network
	permission view = viewer
}`)
	p, err := m.PlanFor("report", OpRead)
	require.NoError(t, err)
	assert.Equal(t, []PlannedCaveatParam{{"on_network", "cidr", "string"}, {"on_network", "ip", "ipaddress"}}, p.Caveats)
}
