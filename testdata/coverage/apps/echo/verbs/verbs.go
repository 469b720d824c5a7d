// Package verbs names the methods and paths routes share across packages.
package verbs

import "net/http"

// Archive is the method archiving is registered with.
const Archive = http.MethodPost

// ArchivePath is where a board is archived.
const ArchivePath = "/boards/:board/archive"

// Labels is the prefix of a board's labels.
const Labels = "/boards/:board/labels"
