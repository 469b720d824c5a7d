package schemas

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const diffBase = `use expiration

caveat on_network(ip ipaddress, cidr string) { ip.in_cidr(cidr) }

definition user {}

definition group {
	relation member: user | group#member
}

definition document {
	relation owner: user
	relation viewer: user | group#member | user with on_network
	permission edit = owner
	permission view = viewer + edit
}
`

func TestDiffModels(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(string) string
		want    []string // FormatChange-like summaries: kind element name [→ new] breaking
		nBreaks int
	}{
		{"identical", func(s string) string { return s }, nil, 0},
		{"permission added", func(s string) string {
			return strings.Replace(s, "permission view = viewer + edit", "permission view = viewer + edit\n\tpermission delete = owner", 1)
		}, []string{"added permission document#delete"}, 0},
		{"permission removed", func(s string) string {
			return strings.Replace(strings.Replace(s, "\tpermission edit = owner\n", "", 1), "viewer + edit", "viewer + owner", 1)
		}, []string{"removed permission document#edit BREAKING", "changed permission document#view"}, 1},
		{"permission renamed", func(s string) string {
			return strings.Replace(strings.Replace(s, "permission edit = owner", "permission write = owner", 1), "viewer + edit", "viewer + write", 1)
		}, []string{"renamed permission document#edit → document#write BREAKING", "changed permission document#view"}, 1},
		{"expression changed", func(s string) string {
			return strings.Replace(s, "permission view = viewer + edit", "permission view = viewer", 1)
		}, []string{"changed permission document#view"}, 0},
		{"subject type removed", func(s string) string {
			return strings.Replace(s, "relation viewer: user | group#member | user with on_network", "relation viewer: user | user with on_network", 1)
		}, []string{"changed relation document#viewer BREAKING"}, 1},
		{"subject type added", func(s string) string {
			return strings.Replace(s, "relation viewer: user | group#member | user with on_network", "relation viewer: user | group#member | user with on_network | user:*", 1)
		}, []string{"changed relation document#viewer"}, 0},
		{"relation renamed", func(s string) string {
			return strings.ReplaceAll(s, "owner", "creator")
		}, []string{"renamed relation document#owner → document#creator BREAKING", "changed permission document#edit"}, 1},
		{"relation became permission", func(s string) string {
			return strings.Replace(s, "relation owner: user", "relation creator: user\n\tpermission owner = creator", 1)
		}, []string{"changed relation document#owner BREAKING", "added relation document#creator"}, 1},
		{"definition removed", func(s string) string {
			return strings.Replace(strings.Replace(s, "definition group {\n\trelation member: user | group#member\n}\n", "", 1), " | group#member", "", 1)
		}, []string{"removed definition group BREAKING", "changed relation document#viewer BREAKING"}, 2},
		{"definition renamed", func(s string) string {
			return strings.ReplaceAll(s, "group", "team")
		}, []string{"renamed definition group → team BREAKING", "changed relation document#viewer BREAKING"}, 2},
		{"caveat parameters changed", func(s string) string {
			return strings.Replace(s, "(ip ipaddress, cidr string)", "(ip ipaddress, cidr string, strict bool)", 1)
		}, []string{"changed caveat on_network BREAKING"}, 1},
	}
	before := compileText(t, diffBase)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := DiffModels(before, compileText(t, tt.edit(diffBase)))
			var got []string
			for _, c := range d.Changes {
				s := c.Kind + " " + c.Element + " " + c.Name
				if c.NewName != "" {
					s += " → " + c.NewName
				}
				if c.Breaking {
					s += " BREAKING"
				}
				got = append(got, s)
				assert.NotEmpty(t, c.Why, s)
			}
			assert.ElementsMatch(t, tt.want, got)
			assert.Equal(t, tt.nBreaks, d.Breaking)
			require.NotNil(t, d.Changes, "changes is [] in JSON, never null")
		})
	}
}
