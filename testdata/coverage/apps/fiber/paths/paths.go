// Package paths names route prefixes the api package mounts at.
package paths

// Admin is where the admin sub-app is mounted.
const Admin = "/admin"

// Reports is where the report routes are, behind their own check.
const Reports = "/reports"

// Legacy is set at start-up, so no route prefix made with it is known.
var Legacy = "/legacy"
