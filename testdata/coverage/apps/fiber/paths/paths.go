// Package paths names route prefixes the api package mounts at.
package paths

// Admin is where the admin sub-app is mounted.
const Admin = "/admin"

// Legacy is set at start-up, so no route prefix made with it is known.
var Legacy = "/legacy"
