package live_test

const testSchema = `definition user {}

definition group {
	relation member: user | group#member
}

caveat on_weekday(day string) {
	day != "sunday"
}

definition folder {
	relation owner: user
	relation viewer: user | group#member
	permission view = viewer + owner
}

definition document {
	relation parent: folder
	relation owner: user
	relation viewer: user | user:* | group#member | user with on_weekday
	permission edit = owner
	permission view = viewer + edit + parent->view
}
`

var testRels = []string{
	"folder:root#owner@user:alice",
	"folder:root#viewer@group:eng#member",
	"group:eng#member@user:carol",
	"document:readme#parent@folder:root",
	"document:readme#owner@user:bob",
	"document:public#viewer@user:*",
	"document:timed#viewer@user:dave[on_weekday]",
}
