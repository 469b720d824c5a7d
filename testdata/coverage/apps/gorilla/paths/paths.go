// Package paths names route prefixes the api package registers.
package paths

// Archive is where archived boards are served.
const Archive = "/archive"
